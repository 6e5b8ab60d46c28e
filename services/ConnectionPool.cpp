#include "ConnectionPool.h"

#include "Migrations.h"
#include "QueryWatchdog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadStorage>

#include <poll.h>

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace taskdeck {

Q_LOGGING_CATEGORY(lcDb, "taskdeck.db")

namespace {

/// Most prepared statements kept per connection; past this the cache starts again (the list
/// query has a bounded but large number of shapes).
constexpr int kMaxCachedQueries = 256;

/// One named connection owned by one pool thread.
struct ThreadConnection
{
    QString name;
    bool broken = false; ///< reopen before the next job
    quint64 epoch = 0;   ///< g_lostEpoch when this connection was last known good
    std::unordered_map<QString, std::shared_ptr<QSqlQuery>> queries;
};

/// Every connection of one thread, keyed by database identity. Deleted by QThreadStorage when
/// the thread ends, in that thread, so removeDatabase() runs where the connection lives.
struct ConnectionHolder
{
    QHash<QString, ThreadConnection> connections;

    ~ConnectionHolder()
    {
        for (ThreadConnection &connection : connections) {
            connection.queries.clear();
            {
                QSqlDatabase db = QSqlDatabase::database(connection.name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(connection.name);
        }
    }
};

QThreadStorage<ConnectionHolder *> &holders()
{
    static QThreadStorage<ConnectionHolder *> storage;
    return storage;
}

ConnectionHolder &localHolder()
{
    if (!holders().hasLocalData())
        holders().setLocalData(new ConnectionHolder);
    return *holders().localData();
}

ThreadConnection *findByName(const QString &name)
{
    if (!holders().hasLocalData())
        return nullptr;
    for (ThreadConnection &connection : holders().localData()->connections) {
        if (connection.name == name)
            return &connection;
    }
    return nullptr;
}

/// Bumped whenever any thread loses its connection (server restart, network): every other
/// connection then checks itself with a cheap round trip before its next job, so one outage
/// costs one failed job per process instead of one per pool thread.
std::atomic<quint64> g_lostEpoch{0};

void markAllBroken()
{
    ++g_lostEpoch;
    if (!holders().hasLocalData())
        return;
    for (ThreadConnection &connection : holders().localData()->connections)
        connection.broken = true;
}

QString identityKey(const DatabaseConfig &config)
{
    if (config.driver == DatabaseConfig::Driver::Sqlite)
        return QStringLiteral("sqlite|") + config.sqlitePath;
    return QStringLiteral("pg|%1|%2|%3|%4|%5|%6|%7")
        .arg(config.host)
        .arg(config.port)
        .arg(config.databaseName, config.user, config.sslMode)
        .arg(config.statementTimeoutMs)
        .arg(config.connectTimeoutSeconds);
}

void configure(QSqlDatabase &db, const DatabaseConfig &config)
{
    if (config.driver == DatabaseConfig::Driver::Sqlite) {
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(
            QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(ConnectionPool::kSqliteBusyTimeoutMs));
        return;
    }
    db.setHostName(config.host);
    db.setPort(config.port);
    db.setDatabaseName(config.databaseName);
    db.setUserName(config.user);
    db.setPassword(config.password);
    // TCP keepalives and tcp_user_timeout (libpq >= 12): a peer that vanished without closing
    // (network partition) is noticed in ~20 s instead of the kernel's ~15 min retransmission
    // give-up; matters most for the change feed's LISTEN connection, which otherwise only waits.
    QString options =
        QStringLiteral("connect_timeout=%1;keepalives=1;keepalives_idle=10;keepalives_interval=5;"
                       "keepalives_count=2;tcp_user_timeout=20000;"
                       "options='-c statement_timeout=%2 -c client_min_messages=warning'")
            .arg(config.connectTimeoutSeconds)
            .arg(config.statementTimeoutMs);
    if (!config.sslMode.isEmpty())
        options += QStringLiteral(";sslmode=") + config.sslMode;
    db.setConnectOptions(options);
}

/// Switches an SQLite database to WAL. The mode is stored in the file, so only the first
/// connection to a new database changes it; that change needs a moment of exclusive access and
/// SQLite answers "locked" at once (without the busy timeout) while another connection opens the
/// same new file, so it is retried for up to the busy timeout.
bool enableWal(QSqlDatabase &db, QSqlError *failure)
{
    QSqlQuery query(db);
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next() &&
            query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
            return true;
        query.finish();
        if (query.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
            continue; // confirmed by the check above
        *failure = query.lastError();
        const int code = failure->nativeErrorCode().toInt() & 0xff;
        if (code != 5 && code != 6) // SQLITE_BUSY, SQLITE_LOCKED
            return false;
        QThread::msleep(50);
    }
    return false;
}

/// Per-connection settings run right after open.
bool initializeSession(QSqlDatabase &db, const DatabaseConfig &config, ServiceError *error)
{
    if (config.driver != DatabaseConfig::Driver::Sqlite)
        return true;
    QSqlError failure;
    QSqlQuery query(db);
    bool ok = query.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    if (!ok)
        failure = query.lastError();
    ok = ok && enableWal(db, &failure);
    if (ok && !query.exec(QStringLiteral("PRAGMA synchronous = NORMAL"))) {
        failure = query.lastError();
        ok = false;
    }
    if (!ok) {
        *error = ConnectionPool::mapSqlError(failure, "SQLite session setup");
        if (error->kind == ServiceError::Kind::Internal)
            *error = ServiceError::unavailable();
    }
    return ok;
}

std::atomic<quint64> g_connectionCounter{0};

/// At most one log line per second for one kind of connection trouble: an outage made every
/// failing job log (78,000 lines in 14 s, issue 13 item 8). The next line allowed says how many
/// were left out.
class LogThrottle
{
public:
    /// True when a line may be written now; `suppressed` gets the lines left out since the last.
    bool allow(quint64 *suppressed)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (m_written && now - m_last < std::chrono::seconds(1)) {
            ++m_dropped;
            return false;
        }
        m_written = true;
        m_last = now;
        *suppressed = m_dropped;
        m_dropped = 0;
        return true;
    }

private:
    std::mutex m_mutex;
    bool m_written = false;
    std::chrono::steady_clock::time_point m_last;
    quint64 m_dropped = 0;
};

LogThrottle g_openFailures; ///< "cannot open"
LogThrottle g_reconnects;   ///< "reconnecting", "reopening"
LogThrottle g_outageErrors; ///< statement errors mapped to Unavailable or Timeout

/// " (N similar messages left out)" or "".
QByteArray leftOut(quint64 suppressed)
{
    return suppressed == 0
               ? QByteArray()
               : QByteArray(" (") + QByteArray::number(suppressed) + " similar messages left out)";
}

/// An idle PostgreSQL connection whose socket is readable was closed by the server (restart,
/// pg_terminate_backend, a proxy's idle timeout): nothing else is sent to an idle pooled
/// connection. Checked with a zero-timeout poll before each job.
bool closedWhileIdle(const QSqlDatabase &db)
{
    const int fd = postgresSocket(db);
    if (fd < 0)
        return false;
    pollfd entry{fd, POLLIN, 0};
    return ::poll(&entry, 1, 0) > 0;
}

/// errorCount(): one counter per ServiceError::Kind.
std::array<std::atomic<quint64>, int(ServiceError::Kind::Internal) + 1> g_errorCounts{};

/// mapSqlError() without the counting.
ServiceError mapSqlErrorKind(const QSqlError &error, const char *context);

ServiceError counted(ServiceError error)
{
    g_errorCounts[std::size_t(error.kind)].fetch_add(1, std::memory_order_relaxed);
    return error;
}

} // namespace

namespace {
/// How long the calling thread's current job waited for a pool thread, in ms (set by
/// startJob() for the job's duration).
thread_local qint64 t_queuedMs = 0;
/// limitStatementTime() in the current job: the limit (0: none), and the configured value of
/// the job's connection (set by threadConnection()) to restore after the job.
thread_local int t_limitMs = 0;
thread_local int t_configuredMs = 0;

bool isSqlite(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QSQLITE");
}

bool setStatementTime(QSqlDatabase &db, int ms)
{
    QSqlQuery query(db);
    return query.exec(isSqlite(db) ? QStringLiteral("PRAGMA busy_timeout = %1").arg(ms)
                                   : QStringLiteral("SET statement_timeout = %1").arg(ms));
}

bool restoreStatementTime(QSqlDatabase &db)
{
    return setStatementTime(db, t_configuredMs);
}

/// A job that waited long for a thread gets the rest of its time only (ConnectionPool::
/// kShortenAfterQueueMs).
void applyQueueWait(QSqlDatabase &db, const DatabaseConfig &config)
{
    const qint64 queued = std::exchange(t_queuedMs, 0);
    t_configuredMs = config.driver == DatabaseConfig::Driver::Sqlite
                         ? ConnectionPool::kSqliteBusyTimeoutMs
                         : config.statementTimeoutMs;
    if (queued <= ConnectionPool::kShortenAfterQueueMs || t_limitMs != 0 || t_configuredMs <= 0)
        return;
    ConnectionPool::limitStatementTime(db, int(qMax<qint64>(100, t_configuredMs - queued)));
}
} // namespace

void ConnectionPool::limitStatementTime(QSqlDatabase &db, int ms)
{
    ms = qMax(1, ms);
    if (t_configuredMs <= 0 || ms >= t_configuredMs)
        return; // none configured (statement_timeout 0), or not lower
    if (setStatementTime(db, ms))
        t_limitMs = ms;
}

int ConnectionPool::statementTimeLimitMs()
{
    return t_limitMs;
}

namespace detail {
int watchdogLimitMs(const DatabaseConfig &config)
{
    if (config.driver != DatabaseConfig::Driver::Postgres || config.statementTimeoutMs <= 0)
        return 0;
    return config.statementTimeoutMs + QueryWatchdog::kGraceMs;
}

void afterJob(QSqlDatabase &db)
{
    if (!db.isOpen()) {
        if (ThreadConnection *connection = findByName(db.connectionName()))
            connection->broken = true;
    }
    if (t_limitMs != 0) {
        t_limitMs = 0;
        if (db.isOpen() && !restoreStatementTime(db)) // session state unknown: start afresh
            ConnectionPool::reopenBeforeNextJob(db);
    }
}
} // namespace detail

/// Jobs waiting for a pool thread, for PoolLimits. A ticket is claimed once: by the pool thread
/// that starts the job or by the watchdog's ticker that expires it.
struct ConnectionPool::Queue
{
    struct Ticket
    {
        std::atomic<bool> claimed{false};
        qint64 enqueuedMs = 0;
        /// Both touched only by the claimer, which lets go of the other: an expired job's
        /// closure (and what it holds, such as a JobTracker token) is freed at once, not when a
        /// pool thread would have reached it.
        std::function<void()> job;
        std::function<void(ServiceError)> expire;
    };

    PoolLimits limits;
    QElapsedTimer clock;
    std::atomic<int> queued{0};
    std::mutex mutex;
    std::deque<std::shared_ptr<Ticket>> waiting; ///< enqueue order = expiry order (guarded)
    std::unique_ptr<QueryWatchdog::Ticker> ticker;

    /// Called every QueryWatchdog::kTickMs on the watchdog thread.
    void expireOld()
    {
        const qint64 now = clock.elapsed();
        std::vector<std::shared_ptr<Ticket>> due;
        {
            std::lock_guard<std::mutex> lock(mutex);
            while (!waiting.empty()) {
                const std::shared_ptr<Ticket> &front = waiting.front();
                if (!front->claimed.load() && now - front->enqueuedMs < limits.waitMs)
                    break;
                if (!front->claimed.load())
                    due.push_back(front);
                waiting.pop_front();
            }
        }
        for (const std::shared_ptr<Ticket> &ticket : due) {
            if (ticket->claimed.exchange(true))
                continue;
            --queued;
            ticket->job = nullptr;
            std::function<void(ServiceError)> expire = std::move(ticket->expire);
            expire(counted(ServiceError::timeout()));
        }
        if (!due.empty()) {
            quint64 suppressed = 0;
            if (g_outageErrors.allow(&suppressed))
                qCWarning(lcDb, "%d jobs waited more than %d ms for a database connection: 504%s",
                          int(due.size()), limits.waitMs, leftOut(suppressed).constData());
        }
    }
};

ConnectionPool::ConnectionPool(DatabaseConfig config, int size, PoolLimits limits, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_limits(limits),
      m_queue(std::make_shared<Queue>())
{
    m_queue->limits = limits;
    m_queue->clock.start();
    if (limits.waitMs > 0)
        m_queue->ticker = QueryWatchdog::addTicker([queue = m_queue.get()] { queue->expireOld(); });
    m_threads.setObjectName(QStringLiteral("taskdeck-db"));
    m_threads.setMaxThreadCount(qMax(1, size));
    // Threads never expire: each keeps its connection for the pool's lifetime and closes it in
    // its own thread when the pool is destroyed.
    m_threads.setExpiryTimeout(-1);
    m_probeThread.setObjectName(QStringLiteral("taskdeck-db-probe"));
    m_probeThread.setMaxThreadCount(1);
    m_probeThread.setExpiryTimeout(-1);
}

ConnectionPool::~ConnectionPool()
{
    m_threads.waitForDone();
    m_probeThread.waitForDone();
    m_queue->ticker.reset();
}

void ConnectionPool::startJob(std::function<void()> job,
                              std::function<void(ServiceError)> expire) const
{
    Queue &queue = *m_queue;
    if (m_limits.queueMax > 0 && queue.queued.load() >= m_limits.queueMax) {
        quint64 suppressed = 0;
        if (g_outageErrors.allow(&suppressed))
            qCWarning(lcDb, "%d jobs already wait for a database connection: 503%s",
                      m_limits.queueMax, leftOut(suppressed).constData());
        expire(counted(ServiceError::unavailable()));
        return;
    }
    auto ticket = std::make_shared<Queue::Ticket>();
    ticket->enqueuedMs = queue.clock.elapsed();
    ticket->job = std::move(job);
    ticket->expire = std::move(expire);
    ++queue.queued;
    if (m_limits.waitMs > 0) {
        std::lock_guard<std::mutex> lock(queue.mutex);
        queue.waiting.push_back(ticket);
    }
    m_threads.start([queue = m_queue, ticket] {
        if (ticket->claimed.exchange(true))
            return; // expired while it waited: already answered
        --queue->queued;
        ticket->expire = nullptr;
        const std::function<void()> job = std::move(ticket->job);
        t_queuedMs = queue->clock.elapsed() - ticket->enqueuedMs;
        job();
        t_queuedMs = 0;
    });
}

int ConnectionPool::queuedJobs() const
{
    return m_queue->queued.load();
}

void ConnectionPool::reopenBeforeNextJob(const QSqlDatabase &db)
{
    if (ThreadConnection *connection = findByName(db.connectionName()))
        connection->broken = true;
}

int ConnectionPool::size() const
{
    return m_threads.maxThreadCount();
}

int ConnectionPool::busyConnections() const
{
    return m_threads.activeThreadCount();
}

QSqlDatabase ConnectionPool::threadConnection(const DatabaseConfig &config, ServiceError *error)
{
    ThreadConnection &connection = localHolder().connections[identityKey(config)];
    if (connection.name.isEmpty()) {
        connection.name = QStringLiteral("taskdeck-%1").arg(++g_connectionCounter);
        QSqlDatabase db = QSqlDatabase::addDatabase(config.qtDriverName(), connection.name);
        configure(db, config);
    }
    QSqlDatabase db = QSqlDatabase::database(connection.name, false);
    const quint64 epoch = g_lostEpoch.load();
    if (db.isOpen() && !connection.broken && closedWhileIdle(db)) {
        quint64 suppressed = 0;
        if (g_reconnects.allow(&suppressed))
            qCWarning(lcDb, "reopening %s: the server closed an idle connection%s",
                      qPrintable(config.displayName()), leftOut(suppressed).constData());
        connection.broken = true;
    }
    if (db.isOpen() && !connection.broken) {
        QueryWatchdog::arm(db);
        if (connection.epoch == epoch) {
            applyQueueWait(db, config);
            return db;
        }
        // Another connection was lost since this one last worked: check before use.
        QSqlQuery probe(db);
        if (probe.exec(QStringLiteral("SELECT 1"))) {
            probe.finish();
            connection.epoch = epoch;
            applyQueueWait(db, config);
            return db;
        }
        quint64 suppressed = 0;
        if (g_reconnects.allow(&suppressed))
            qCWarning(lcDb, "reconnecting %s after a lost connection%s",
                      qPrintable(config.displayName()), leftOut(suppressed).constData());
    }

    // First use, or the previous job lost the connection: (re)open.
    QueryWatchdog::disarm();
    connection.queries.clear();
    db.close();
    connection.broken = false;
    if (config.driver == DatabaseConfig::Driver::Sqlite) {
        const QFileInfo file(config.sqlitePath);
        if (!config.sqlitePath.startsWith(QLatin1String("file:")) &&
            config.sqlitePath != QLatin1String(":memory:"))
            QDir().mkpath(file.absolutePath());
    }
    if (!db.open()) {
        quint64 suppressed = 0;
        if (g_openFailures.allow(&suppressed))
            qCWarning(lcDb, "cannot open %s: %s%s", qPrintable(config.displayName()),
                      qPrintable(db.lastError().text()), leftOut(suppressed).constData());
        counted(ServiceError::unavailable());
        if (error)
            *error = ServiceError::unavailable();
        db.close();
        return db;
    }
    QueryWatchdog::arm(db); // the session set-up is a round trip too
    ServiceError setupError;
    if (!initializeSession(db, config, &setupError)) {
        if (error)
            *error = setupError;
        QueryWatchdog::disarm();
        db.close();
        return db;
    }
    connection.epoch = epoch;
    applyQueueWait(db, config);
    return db;
}

quint64 ConnectionPool::errorCount(ServiceError::Kind kind)
{
    return g_errorCounts[std::size_t(kind)].load(std::memory_order_relaxed);
}

ServiceError ConnectionPool::countError(ServiceError error)
{
    return counted(std::move(error));
}

ServiceError ConnectionPool::mapSqlError(const QSqlError &error, const char *context)
{
    ServiceError mapped = mapSqlErrorKind(error, context);
    // Outage errors come in floods (every job of every thread): throttled. Others are logged
    // each time (a constraint or an internal error names a bug or a bad request).
    const bool outage = mapped.kind == ServiceError::Kind::Unavailable ||
                        mapped.kind == ServiceError::Kind::Timeout;
    quint64 suppressed = 0;
    if (!outage || g_outageErrors.allow(&suppressed))
        qCWarning(lcDb, "%s failed: %s (code %s)%s", context, qPrintable(error.text()),
                  qPrintable(error.nativeErrorCode()), leftOut(suppressed).constData());
    return counted(std::move(mapped));
}

namespace {

ServiceError mapSqlErrorKind(const QSqlError &error, const char *context)
{
    Q_UNUSED(context)
    const QString code = error.nativeErrorCode();
    const QString text = error.text();

    bool ok = false;
    const int sqliteCode = code.toInt(&ok);
    const bool numeric = ok && !code.isEmpty() && code.size() < 5;
    if (numeric) { // SQLite result code (primary or extended)
        switch (sqliteCode & 0xff) {
        case 5: // SQLITE_BUSY
        case 6: // SQLITE_LOCKED
            return ServiceError::timeout();
        case 19: // SQLITE_CONSTRAINT
            if (sqliteCode == 2067 || sqliteCode == 1555 ||
                text.contains(QLatin1String("UNIQUE constraint failed")))
                return ServiceError::conflict(QStringLiteral("Conflict with an existing record"));
            return ServiceError::internal();
        case 10: // SQLITE_IOERR
        case 11: // SQLITE_CORRUPT
        case 13: // SQLITE_FULL
        case 14: // SQLITE_CANTOPEN
        case 26: // SQLITE_NOTADB
            markAllBroken();
            return ServiceError::unavailable();
        default:
            break;
        }
    } else if (code == QLatin1String("57014")) { // query_canceled: statement timeout
        return ServiceError::timeout();
    } else if (code == QLatin1String("55P03")) { // lock_not_available
        return ServiceError::timeout();
    } else if (code == QLatin1String("23505")) { // unique_violation
        return ServiceError::conflict(QStringLiteral("Conflict with an existing record"));
    } else if (code == QLatin1String("40001") || code == QLatin1String("40P01")) {
        return ServiceError::conflict(
            QStringLiteral("Concurrent update in progress, please retry"));
    } else if (code.startsWith(QLatin1String("08")) || code.startsWith(QLatin1String("57P")) ||
               code == QLatin1String("53300")) {
        markAllBroken(); // connection exception, server shutdown, too many connections
        return ServiceError::unavailable();
    }
    if (error.type() == QSqlError::ConnectionError) {
        markAllBroken();
        return ServiceError::unavailable();
    }
    // A lost PostgreSQL connection reports no SQLSTATE; the connection is then closed.
    if (code.isEmpty() && holders().hasLocalData()) {
        for (const ThreadConnection &connection : holders().localData()->connections) {
            if (!QSqlDatabase::database(connection.name, false).isOpen()) {
                markAllBroken();
                return ServiceError::unavailable();
            }
        }
    }
    return ServiceError::internal();
}

} // namespace

std::shared_ptr<QSqlQuery> ConnectionPool::cachedQuery(QSqlDatabase &db, const QString &sql,
                                                       ServiceError *error)
{
    ThreadConnection *connection = findByName(db.connectionName());
    if (connection) {
        const auto it = connection->queries.find(sql);
        if (it != connection->queries.end())
            return it->second;
    }
    auto query = std::make_shared<QSqlQuery>(db);
    if (!query->prepare(sql)) {
        if (error)
            *error = mapSqlError(query->lastError(), "prepare");
        return nullptr;
    }
    if (connection) {
        if (connection->queries.size() >= kMaxCachedQueries)
            connection->queries.clear();
        connection->queries.emplace(sql, query);
    }
    return query;
}

QFuture<VoidResult> ConnectionPool::migrate() const
{
    const DatabaseConfig::Driver driver = m_config.driver;
    return run<Done>([driver](QSqlDatabase &db) { return migrations::apply(db, driver); });
}

QFuture<VoidResult> ConnectionPool::ping() const
{
    return run<Done>([](QSqlDatabase &db) -> VoidResult {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT 1")) || !query.next())
            return mapSqlError(query.lastError(), "ping");
        return Done{};
    });
}

QFuture<VoidResult> ConnectionPool::probe() const
{
    auto promise = std::make_shared<QPromise<VoidResult>>();
    QFuture<VoidResult> future = promise->future();
    promise->start();
    m_probeThread.start([promise, config = m_config] {
        QueryWatchdog::JobScope watched(detail::watchdogLimitMs(config));
        ServiceError error;
        QSqlDatabase db = threadConnection(config, &error);
        if (!db.isOpen()) {
            promise->addResult(VoidResult(std::move(error)));
        } else {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT 1")) && query.next())
                promise->addResult(VoidResult(Done{}));
            else
                promise->addResult(VoidResult(mapSqlError(query.lastError(), "health probe")));
            query.finish();
            detail::afterJob(db);
        }
        promise->finish();
    });
    return future;
}

} // namespace taskdeck
