#pragma once

#include "Router.h"
#include "TransportPolicy.h"

#include <QAbstractHttpServer>

#include <functional>

namespace taskdeck {
class AuthService;
}

namespace taskdeck::http {

/// The adapter to Qt's HTTP server (a technical preview in 6.4 that changes a lot later: nothing
/// else in Taskdeck touches QHttpServer types). Turns each parsed request into an ApiRequest,
/// routes it through the Router, enforces the route's access rule (401 + WWW-Authenticate, 403)
/// and body rule (415, 400 malformed JSON, 422 not an object), and hands a HttpReply to the
/// handler. Unknown path: 404 {"detail":"Not Found"}; known path, other method: 405 + Allow.
/// Lives in the HTTP thread.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    HttpServer(const AuthService *auth, QObject *parent = nullptr);

    Router &router() { return m_router; }
    /// CORS, allowed hosts and trusted proxies (default: none of them), and an optional observer
    /// of every request's path and client address (tests).
    void
    setTransportPolicy(TransportPolicy policy,
                       std::function<void(const QString &, const QString &)> observer = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(ApiRequest request, const ReplyPtr &reply);
    /// After the access rule: the body rule, then the route's handler.
    void handleAuthorized(ApiRequest request, const Route &route, const ReplyPtr &reply);

    const AuthService *m_auth;
    Router m_router;
    TransportPolicy m_transport;
    std::function<void(const QString &, const QString &)> m_observer;
};

} // namespace taskdeck::http
