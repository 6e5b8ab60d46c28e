#pragma once

#include "Router.h"
#include "TransportPolicy.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <optional>

class QHttpServerResponder;
class QWebSocket;

namespace taskdeck {
class ApiKeyService;
class AuthService;
} // namespace taskdeck

namespace taskdeck::http {

class HttpMetrics;

/// A path served as a WebSocket (GET with `Upgrade: websocket`), e.g. /api/events.
class WebSocketEndpoint
{
public:
    virtual ~WebSocketEndpoint() = default;
    /// The handshake decision, taken synchronously (Qt 6.4 upgrades on the return value of
    /// handleRequest()): std::nullopt accepts, and accepted() follows with the upgraded socket;
    /// otherwise the answer to send before the connection is closed. Host, path and method are
    /// already checked.
    virtual std::optional<ApiResponse> admit(const ApiRequest &request, QTcpSocket *socket) = 0;
    /// The WebSocket of an admitted handshake (the endpoint owns it from now on).
    virtual void accepted(std::unique_ptr<QWebSocket> socket) = 0;
};

/// The adapter to Qt's HTTP server (a technical preview in 6.4 that changes a lot later: nothing
/// else in Taskdeck touches QHttpServer types). Turns each parsed request into an ApiRequest,
/// routes it through the Router, enforces the route's access rule (an access token or an API key:
/// 401 + WWW-Authenticate; below the route's role or a read-only key on a write: 403)
/// and body rule (415, 400 malformed JSON, 422 not an object), and hands a HttpReply to the
/// handler. Unknown path: 404 {"detail":"Not Found"}; known path, other method: 405 + Allow.
/// WebSocket handshakes (`Upgrade: websocket`) are decided synchronously by the path's
/// WebSocketEndpoint; Qt then upgrades the socket and the endpoint receives the QWebSocket.
/// Lives in the HTTP thread.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    /// `keys` may be null: API keys are then refused like any invalid token.
    HttpServer(const AuthService *auth, const ApiKeyService *keys, QObject *parent = nullptr);

    Router &router() { return m_router; }
    /// CORS, allowed hosts and trusted proxies (default: none of them), and an optional observer
    /// of every request's path and client address (tests).
    /// Serves `path` as a WebSocket through `endpoint` (which must outlive this server's
    /// connections).
    void addWebSocketEndpoint(const QString &path, WebSocketEndpoint *endpoint);
    bool hasWebSocketEndpoint(const QString &path) const { return m_webSockets.contains(path); }
    /// Counts every answered request in `metrics` (which must outlive this server); accepted
    /// WebSocket handshakes count with status 101.
    void setMetrics(HttpMetrics *metrics) { m_metrics = metrics; }
    void
    setTransportPolicy(TransportPolicy policy,
                       std::function<void(const QString &, const QString &)> observer = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(ApiRequest request, const ReplyPtr &reply);
    /// The synchronous decision on a WebSocket handshake (RFC 6455 4.2.1, host, path, method,
    /// Origin, then the endpoint): std::nullopt to upgrade. `qtUpgrades`: Qt is in its upgrade
    /// path (only then can the answer be an upgrade).
    std::optional<ApiResponse> admitUpgrade(const ApiRequest &request, QTcpSocket *socket,
                                            bool qtUpgrades);
    void takeWebSockets();
    /// After the access rule: the body rule, then the route's handler.
    void handleAuthorized(ApiRequest request, const Route &route, const ReplyPtr &reply);

    const AuthService *m_auth;
    const ApiKeyService *m_keys;
    Router m_router;
    TransportPolicy m_transport;
    std::function<void(const QString &, const QString &)> m_observer;
    HttpMetrics *m_metrics = nullptr;
    QHash<QString, WebSocketEndpoint *> m_webSockets;
    /// A refused handshake's answer, written by missingHandler(), which Qt calls right after
    /// handleRequest() returned false.
    struct Refusal
    {
        ApiResponse response;
        HeaderList extraHeaders;
        Method method = Method::Get;
        QString route; ///< metrics label
        QElapsedTimer started;
    };
    std::optional<Refusal> m_refusal;
    void sendRefusal(const Refusal &refusal, QHttpServerResponder &&responder, QTcpSocket *socket,
                     const QString &path);
    /// The metrics label of a path: its route template, or HttpMetrics::kUnmatchedRoute.
    QString routeLabel(Method method, const QString &path) const;
    /// Admitted handshakes Qt has not handed over as a QWebSocket yet, by peer "address|port".
    struct Upgrading
    {
        QPointer<QTcpSocket> socket;
    };
    QHash<QString, Upgrading> m_upgrading;
};

} // namespace taskdeck::http
