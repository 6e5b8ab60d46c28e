#pragma once

#include "ApiResponse.h"
#include "HttpServer.h"
#include "Router.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocketProtocol>

#include <atomic>
#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocket;

namespace taskdeck {
class AuthService;
class ChangeFeed;
struct ChangeEvent;
} // namespace taskdeck

namespace taskdeck::http {

/// Limits of the live event stream (ApiServerOptions).
struct EventsLimits
{
    int maxClients = 256;                   ///< WebSocket clients at once; more: 503 at handshake
    qint64 maxQueueBytes = 8 * 1024 * 1024; ///< per client, not yet sent; more: closed (1013)
    int pingIntervalMs = 30'000;            ///< ping; no pong by the next ping: closed
    int closeGraceMs = 2'000;               ///< after a close frame: aborted if still open
    int handshakeTimeoutMs = 10'000;        ///< an admitted handshake not completed: forgotten
};

/// Counters of the event stream, readable from any thread (tests, monitoring).
struct EventsCounters
{
    std::atomic<int> clients{0};            ///< open WebSocket clients
    std::atomic<qint64> peakQueuedBytes{0}; ///< highest per-client backlog seen (queue + socket)
    std::atomic<quint64> slowClientsClosed{0};
    std::atomic<quint64> messagesSent{0};
};

/// GET /api/events (CONTRACT.md "Health, live events"): the WebSocket clients of the change feed.
///
/// Handshake (admit(), synchronous, from HttpServer::handleRequest): token from
/// `?access_token=` or `Authorization: Bearer`, signature and expiry checked inline (401), `since`
/// (422), the feed present (503) and the client cap (503). After the upgrade the session check
/// (AuthService::authenticate, on the pool) runs before the first message: failure closes with
/// 1008. Then buffered events after `since` (ChangeFeed::since) and every published event go out,
/// each as one text frame holding ChangeEvent::json, with no gap and no duplicate.
///
/// Back-pressure: each client has a queue of messages (their text is shared between clients, made
/// once per event) that is handed to the socket only while the socket has less than 64 KiB
/// unsent; queue + unsent bytes above EventsLimits::maxQueueBytes close the client (1013 "client
/// too slow") and abort it after the grace time. Pings every pingIntervalMs; no pong by the next
/// ping: closed. The session is re-checked at each ping (a revoked token stops streaming), and the
/// token's expiry closes the client (1008 "token expired").
///
/// Lives in the HTTP thread; must be destroyed before the HttpServer (which owns the sockets).
class EventsHub : public QObject, public WebSocketEndpoint
{
    Q_OBJECT
public:
    EventsHub(ChangeFeed *feed, const AuthService *auth, EventsLimits limits,
              std::shared_ptr<EventsCounters> counters, QObject *parent = nullptr);
    ~EventsHub() override;

    /// The plain-HTTP side of the route: GET /api/events without an upgrade answers 426.
    void registerRoutes(Router &router);

    std::optional<ApiResponse> admit(const ApiRequest &request, QTcpSocket *socket) override;
    void accepted(std::unique_ptr<QWebSocket> socket) override;

private:
    class Client;
    struct Admission
    {
        QByteArray token;
        qint64 expiresAtMs = 0;
        quint64 cursor = 0; ///< events up to this seq are not sent
        qint64 deadlineMs = 0;
        QPointer<QTcpSocket> socket;
    };
    struct Message
    {
        quint64 seq = 0;
        QString text;
        qint64 bytes = 0; ///< on the wire (UTF-8 payload + frame headers)
    };

    void publish(const QList<taskdeck::ChangeEvent> &events);
    void startStreaming(Client *client);
    void enqueue(Client *client, const Message &message);
    void pump(Client *client);
    void closeClient(Client *client, QWebSocketProtocol::CloseCode code, const QString &reason);
    void checkSession(Client *client, bool initial);
    void pingAll();
    void removeClient(Client *client);
    void purgeAdmissions();
    Message message(const ChangeEvent &event) const;

    ChangeFeed *m_feed;
    const AuthService *m_auth;
    EventsLimits m_limits;
    std::shared_ptr<EventsCounters> m_counters;
    QHash<QString, Admission> m_admissions; ///< by peer "address|port"
    QList<Client *> m_clients;
    QTimer m_pingTimer;
};

} // namespace taskdeck::http
