#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace taskdeck {

class ApiKeyService;
class AuthService;
class ChangeFeed;
class ConnectionPool;
class TaskService;

namespace http {
struct EventsCounters;
class HttpMetrics;
} // namespace http

/// Settings of the embedded HTTP API (docs/API.md; defaults as there).
struct ApiServerOptions
{
    QString bindAddress = QStringLiteral("127.0.0.1"); ///< an IP address or "localhost"
    quint16 port = 8000;                               ///< 0: any free port (tests)
    qint64 maxBodyBytes = 1024 * 1024;                 ///< larger bodies: 413 before buffering
    int requestTimeoutMs = 10'000; ///< a request head/body that stalls this long: 408
    int idleTimeoutMs = 60'000;    ///< keep-alive connections idle this long are closed
    /// A streamed response (CSV export) whose client reads nothing for this long is cut off, so
    /// that it gives its database connection back.
    int sendTimeoutMs = 30'000;
    /// CSV exports running at once (each holds a database connection while it streams); more:
    /// 503 with Retry-After.
    int maxConcurrentExports = 2;

    // GET /api/events (docs/HTTP-SERVER.md "Live events").
    int maxEventClients = 256; ///< WebSocket clients at once; more: 503 at the handshake
    /// Per client: unsent bytes its socket may hold (the stream tops a socket up only below
    /// min(64 KiB, this)). Events wait in the change feed's buffer, not per client; a client whose
    /// unsent events leave that buffer is closed ("client too slow", 1013) and aborted after a
    /// short grace.
    qint64 maxEventQueueBytes = 8 * 1024 * 1024;
    int eventPingIntervalMs = 30'000; ///< ping every client; no pong by the next ping: closed
    /// A since slightly ahead of the change log: waited for this long (EventsLimits).
    int eventSinceAheadWaitMs = 2'000;

    // Admission control (http::GuardedTcpServer; README "--max-connections").
    int maxConnections = 1000;        ///< open connections (HTTP + WebSocket); more: 503
    int maxConnectionsPerClient = 64; ///< from one peer address; more: 429

    // Transport and browser safety (http::TransportPolicy; README "Security options").
    QStringList corsOrigins;    ///< allowed CORS origins ("https://app.example.com"); empty: off
    QStringList allowedHosts;   ///< accepted Host headers (HOST or HOST:PORT); empty: any (421)
    QStringList trustedProxies; ///< subnets whose X-Forwarded-For is believed ("10.0.0.0/8")
    QString tlsCertificateFile; ///< PEM certificate (chain); with tlsKeyFile: serve HTTPS only
    QString tlsKeyFile;         ///< PEM private key (unencrypted)
    /// GET /metrics (Prometheus) without authentication (--metrics-public); default: admins only.
    bool metricsPublic = false;
    /// Test hook: called in the HTTP thread with every routed request's path and resolved client
    /// address (after the proxy rules).
    std::function<void(const QString &path, const QString &clientAddress)> requestObserver;
};

/// What the live event stream (GET /api/events) did so far; for tests and monitoring.
struct EventStreamStats
{
    int clients = 0;               ///< WebSocket clients connected now
    qint64 peakQueuedBytes = 0;    ///< highest unsent bytes of one client's socket (never above
                                   ///< maxEventQueueBytes, unless one message alone is larger)
    quint64 slowClientsClosed = 0; ///< clients closed for falling out of the feed's buffer
    quint64 messagesSent = 0;      ///< messages handed to sockets
};

/// One registered route, as the route table holds it (tests compare these with the OpenAPI
/// document that GET /api/openapi.json serves).
struct ApiRouteInfo
{
    QByteArray method;          ///< "GET", "POST", ...
    QString pattern;            ///< "/api/tasks/{id}"
    bool authenticated = false; ///< false: no token needed
    QString minRole;        ///< "viewer" / "operator" / "admin"; empty: any authenticated caller
    bool jsonBody = false;  ///< takes a JSON object body
    bool webSocket = false; ///< also a WebSocket endpoint (GET with Upgrade: websocket)
};

/// The embedded HTTP API (docs/API.md), served from its own thread.
///
/// The HTTP thread owns the Qt HTTP server, its sockets and the controllers (created inside the
/// thread); it never runs SQL nor waits: controllers call TaskService / AuthService /
/// ConnectionPool, whose futures come back through whenReady(). Hardening Qt 6.4 lacks (size
/// limits, timeouts, in-order answers to pipelined requests) is done per connection by
/// http::ConnectionGuard. For internet-facing use put a reverse proxy (nginx) in front anyway.
///
/// Requires AuthService::initialize() to have finished before start() (tokens need the secret).
/// The services and the pool must outlive this object (or its stop()).
/// Thread affinity: create, start, stop and destroy on one thread (the app's main thread).
class ApiServer : public QObject
{
    Q_OBJECT
public:
    /// `feed` (may be null: /api/events then answers 503) must outlive this object's stop().
    /// `keys` (API keys; on the users' database like `auth`) must outlive it as well.
    ApiServer(TaskService *tasks, AuthService *auth, ApiKeyService *keys, ConnectionPool *pool,
              ChangeFeed *feed, ApiServerOptions options = {}, QObject *parent = nullptr);
    /// Calls stop().
    ~ApiServer() override;

    /// Starts the HTTP thread and binds the address. Blocks the caller only for the thread's
    /// start-and-listen handshake (a few milliseconds). Returns false with errorString() set
    /// (e.g. "Cannot listen on 127.0.0.1:8000: address in use"); the thread is then gone again.
    bool start();
    /// Closes every connection and ends the thread (waits for it; pending requests are dropped,
    /// running CSV exports stop). Safe to call twice.
    void stop();
    /// Graceful stop (SIGTERM): stops listening at once, closes idle keep-alive connections,
    /// lets every request already received (or being received) be answered (with
    /// `Connection: close`) for at most `graceMs` milliseconds, then stop(): WebSocket clients
    /// get close code 1001, connections still open are cut. Blocks the caller for at most about
    /// graceMs + 1 s. Returns the number of HTTP connections that were still open (unanswered)
    /// when the grace ran out; 0 when all were answered in time.
    int drain(int graceMs);

    bool isRunning() const;
    /// The bound port (useful with port 0); 0 when not running.
    quint16 port() const;
    /// "http://127.0.0.1:8000" ("https://..." with TLS) while running, empty otherwise.
    QString address() const;
    QString errorString() const;
    /// Every route of the route table, in registration order (copied when the server starts
    /// listening); empty when not running. Same thread as start().
    QList<ApiRouteInfo> routes() const;
    /// Counters of GET /api/events. Thread-safe.
    EventStreamStats eventStreamStats() const;

private:
    class Thread;
    TaskService *m_tasks;
    AuthService *m_auth;
    ApiKeyService *m_keys;
    ConnectionPool *m_pool;
    ChangeFeed *m_feed;
    ApiServerOptions m_options;
    std::shared_ptr<http::EventsCounters> m_eventCounters;
    std::shared_ptr<http::HttpMetrics> m_httpMetrics; ///< per server: GET /metrics
    std::unique_ptr<Thread> m_thread;
    quint16 m_port = 0;
    QString m_error;
    QList<ApiRouteInfo> m_routes;
};

} // namespace taskdeck
