#include "ApiServer.h"

#include "ApiKeysController.h"
#include "AuditController.h"
#include "AuditService.h"
#include "AuthController.h"
#include "ConnectionGuard.h"
#include "DocsController.h"
#include "EventsHub.h"
#include "HealthController.h"
#include "HttpMetrics.h"
#include "HttpServer.h"
#include "MetricsController.h"
#include "PrometheusController.h"
#include "SavedViewService.h"
#include "TasksController.h"
#include "TlsSetup.h"
#include "TransportPolicy.h"
#include "UsersController.h"
#include "ViewsController.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QPointer>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

namespace taskdeck {

using namespace taskdeck::http;

namespace {

QString socketErrorText(QAbstractSocket::SocketError error, const QString &fallback)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return QStringLiteral("address in use");
    case QAbstractSocket::SocketAccessError:
        return QStringLiteral("permission denied");
    case QAbstractSocket::SocketAddressNotAvailableError:
        return QStringLiteral("address not available on this host");
    default:
        return fallback;
    }
}

} // namespace

/// The HTTP thread: builds the server and controllers inside itself, reports the listen outcome
/// through a semaphore, runs its event loop and tears everything down in the same thread.
class ApiServer::Thread : public QThread
{
public:
    Thread(TaskService *tasks, AuthService *auth, ApiKeyService *keys, ConnectionPool *pool,
           ChangeFeed *feed, const ApiServerOptions &options,
           std::shared_ptr<EventsCounters> eventCounters, std::shared_ptr<HttpMetrics> httpMetrics)
        : m_tasks(tasks), m_auth(auth), m_keys(keys), m_pool(pool), m_feed(feed),
          m_options(options), m_eventCounters(std::move(eventCounters)),
          m_httpMetrics(std::move(httpMetrics))
    {
        setObjectName(QStringLiteral("taskdeck-http"));
    }

    QSemaphore ready;
    QSemaphore drained;                   // released by the HTTP thread when a drain is over
    std::atomic<int> cutConnections = 0;  // written before drained.release()
    QPointer<GuardedTcpServer> tcpServer; // written before ready.release(); HTTP thread's object
    quint16 boundPort = 0;                // written before ready.release()
    QList<ApiRouteInfo> routes;           // written before ready.release()
    QString error;

protected:
    void run() override
    {
        GuardLimits limits;
        limits.framing.maxBodyBytes = m_options.maxBodyBytes;
        limits.requestTimeoutMs = m_options.requestTimeoutMs;
        limits.idleTimeoutMs = m_options.idleTimeoutMs;
        limits.maxConnections = m_options.maxConnections;
        limits.maxConnectionsPerClient = m_options.maxConnectionsPerClient;

        const QString address =
            m_options.bindAddress.compare(u"localhost", Qt::CaseInsensitive) == 0
                ? QStringLiteral("127.0.0.1")
                : m_options.bindAddress;
        const QHostAddress host(address);
        const QString where =
            m_options.bindAddress + QLatin1Char(':') + QString::number(m_options.port);
        if (host.isNull()) {
            error = QStringLiteral("Cannot listen on %1: invalid address").arg(where);
            ready.release();
            return;
        }

        HttpServer server(m_auth, m_keys);
        server.setMetrics(m_httpMetrics.get());
        HealthController health(m_pool);
        AuthController auth(m_auth);
        TasksController tasks(m_tasks, m_pool,
                              {m_options.maxConcurrentExports, m_options.sendTimeoutMs});
        MetricsController metrics(m_tasks);
        health.registerRoutes(server.router());
        auth.registerRoutes(server.router());
        tasks.registerRoutes(server.router());
        metrics.registerRoutes(server.router());
        UsersController users(m_auth);
        users.registerRoutes(server.router());
        AuditService auditService(m_pool);
        AuditController audit(&auditService);
        audit.registerRoutes(server.router());
        DocsController docs;
        docs.registerRoutes(server.router());
        PrometheusController prometheus(
            {m_tasks, m_auth, m_pool, m_feed, m_eventCounters, m_httpMetrics.get()},
            m_options.metricsPublic);
        prometheus.registerRoutes(server.router());
        ApiKeysController keys(m_keys);
        keys.registerRoutes(server.router());
        SavedViewService viewService(m_pool); // saved views live beside the users
        ViewsController views(&viewService);
        views.registerRoutes(server.router());
        // Declared after the server: destroyed first, closing its WebSockets while the server
        // (which owns their TCP sockets) still exists.
        EventsLimits eventLimits;
        eventLimits.maxClients = m_options.maxEventClients;
        eventLimits.maxQueueBytes = m_options.maxEventQueueBytes;
        eventLimits.pingIntervalMs = m_options.eventPingIntervalMs;
        eventLimits.sinceAheadWaitMs = m_options.eventSinceAheadWaitMs;
        EventsHub events(m_feed, m_auth, eventLimits, m_eventCounters);
        events.registerRoutes(server.router());
        server.addWebSocketEndpoint(QStringLiteral("/api/events"), &events);

        TransportPolicy transport;
        if (QString invalid = transport.configure(m_options.corsOrigins, m_options.allowedHosts,
                                                  m_options.trustedProxies);
            !invalid.isEmpty()) {
            error = invalid;
            ready.release();
            return;
        }
        server.setTransportPolicy(transport, m_options.requestObserver);

        auto *tcp = new GuardedTcpServer(limits, m_httpMetrics.get());
        if (!m_options.tlsCertificateFile.isEmpty() || !m_options.tlsKeyFile.isEmpty()) {
            QSslConfiguration tls;
            QString tlsError =
                m_options.tlsCertificateFile.isEmpty() || m_options.tlsKeyFile.isEmpty()
                    ? QStringLiteral("TLS needs both a certificate and a key file")
                    : loadTlsConfiguration(m_options.tlsCertificateFile, m_options.tlsKeyFile,
                                           &tls);
            if (tlsError.isEmpty())
                tlsError = verifyTlsConfiguration(tls);
            if (!tlsError.isEmpty()) {
                error = tlsError;
                delete tcp;
                ready.release();
                return;
            }
            tcp->setTlsConfiguration(tls);
        }
        if (!tcp->listen(host, m_options.port)) {
            error = QStringLiteral("Cannot listen on %1: %2")
                        .arg(where, socketErrorText(tcp->serverError(), tcp->errorString()));
            delete tcp;
            ready.release();
            return;
        }
        server.bind(tcp); // parents tcp (and so every connection) to the server
        tcpServer = tcp;
        boundPort = tcp->serverPort();
        for (const Route &route : server.router().routes())
            routes.append(
                {methodName(route.method), route.pattern, route.access == Access::Authenticated,
                 route.minRole ? roleName(*route.minRole) : QString(),
                 route.body == BodyKind::JsonObject, server.hasWebSocketEndpoint(route.pattern)});
        ready.release();
        exec();
        // Leaving scope destroys the server, its connections and the controllers, here in the
        // HTTP thread; controllers go first, dropping callbacks of unfinished requests.
    }

private:
    TaskService *m_tasks;
    AuthService *m_auth;
    ApiKeyService *m_keys;
    ConnectionPool *m_pool;
    ChangeFeed *m_feed;
    ApiServerOptions m_options;
    std::shared_ptr<EventsCounters> m_eventCounters;
    std::shared_ptr<HttpMetrics> m_httpMetrics;
};

ApiServer::ApiServer(TaskService *tasks, AuthService *auth, ApiKeyService *keys,
                     ConnectionPool *pool, ChangeFeed *feed, ApiServerOptions options,
                     QObject *parent)
    : QObject(parent), m_tasks(tasks), m_auth(auth), m_keys(keys), m_pool(pool), m_feed(feed),
      m_options(std::move(options)), m_eventCounters(std::make_shared<EventsCounters>()),
      m_httpMetrics(std::make_shared<HttpMetrics>())
{}

ApiServer::~ApiServer()
{
    stop();
}

bool ApiServer::start()
{
    if (m_thread)
        return true;
    m_error.clear();
    auto thread = std::make_unique<Thread>(m_tasks, m_auth, m_keys, m_pool, m_feed, m_options,
                                           m_eventCounters, m_httpMetrics);
    thread->start();
    thread->ready.acquire();
    if (!thread->error.isEmpty()) {
        m_error = thread->error;
        thread->wait();
        qWarning("HTTP API: %s", qPrintable(m_error));
        return false;
    }
    m_port = thread->boundPort;
    m_routes = thread->routes;
    m_thread = std::move(thread);
    return true;
}

int ApiServer::drain(int graceMs)
{
    if (!m_thread)
        return 0;
    Thread *thread = m_thread.get();
    const QPointer<GuardedTcpServer> tcp = thread->tcpServer;
    if (tcp) {
        QMetaObject::invokeMethod(
            tcp.data(),
            [thread, tcp, graceMs] {
                tcp->drain();
                auto *poll = new QTimer(tcp.data());
                auto deadline = std::make_shared<QDeadlineTimer>(graceMs);
                const auto check = [thread, tcp, poll, deadline] {
                    const int open = tcp->openHttpConnections();
                    if (open > 0 && !deadline->hasExpired())
                        return;
                    poll->stop();
                    thread->cutConnections = open;
                    thread->drained.release();
                };
                QObject::connect(poll, &QTimer::timeout, tcp.data(), check);
                poll->start(10);
                check();
            },
            Qt::QueuedConnection);
        if (!thread->drained.tryAcquire(1, graceMs + 1000))
            thread->cutConnections = -1; // the HTTP thread did not answer in time
    }
    const int cut = thread->cutConnections.load();
    if (cut != 0)
        qWarning("HTTP API: %d connection(s) still open after the %d ms shutdown grace; closing "
                 "them",
                 cut, graceMs);
    stop();
    return cut < 0 ? 0 : cut;
}

void ApiServer::stop()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_port = 0;
    m_routes.clear();
}

bool ApiServer::isRunning() const
{
    return m_thread != nullptr;
}

quint16 ApiServer::port() const
{
    return m_port;
}

QString ApiServer::address() const
{
    if (!m_thread)
        return {};
    QString host = m_options.bindAddress;
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6 literal
    const bool tls = !m_options.tlsCertificateFile.isEmpty();
    return QStringLiteral("%1://%2:%3").arg(tls ? u"https" : u"http", host).arg(m_port);
}

QString ApiServer::errorString() const
{
    return m_error;
}

QList<ApiRouteInfo> ApiServer::routes() const
{
    return m_routes;
}

EventStreamStats ApiServer::eventStreamStats() const
{
    EventStreamStats stats;
    stats.clients = m_eventCounters->clients.load();
    stats.peakQueuedBytes = m_eventCounters->peakQueuedBytes.load();
    stats.slowClientsClosed = m_eventCounters->slowClientsClosed.load();
    stats.messagesSent = m_eventCounters->messagesSent.load();
    return stats;
}

} // namespace taskdeck
