#pragma once

#include "DatabaseConfig.h"
#include "ServiceError.h"

#include <QAtomicInt>
#include <QFuture>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThreadPool>

#include <functional>
#include <memory>

class QSqlQuery;

namespace taskdeck {

/// How long and how many jobs may wait for a pool thread (issue 13 item 3: one locked row held
/// every connection, and everything else queued behind it with no bound).
struct PoolLimits
{
    /// A job still waiting for a thread after this many milliseconds is answered Timeout (504)
    /// without running (`--pool-wait-ms`); 0: no limit. Checked every QueryWatchdog::kTickMs.
    int waitMs = 5000;
    /// At most this many jobs wait for a thread; more are answered Unavailable (503) at once
    /// (`--pool-queue-max`); 0: no limit.
    int queueMax = 1000;
};

/// The connection pool: a dedicated QThreadPool whose worker threads each lazily open and own one
/// named QSqlDatabase connection (QThreadStorage; removed in that thread when it ends). Every
/// database operation of the program runs here; nothing else opens connections (except the
/// PostgreSQL LISTEN connection of ChangeFeed).
///
/// Connection failures are mapped to ServiceError::Kind::Unavailable, statement timeouts
/// (SQLSTATE 57014) to Timeout. After a connection error the worker reopens its connection on the
/// next job; a write whose outcome is unknown is reported as an error, never replayed. Before a
/// job, an idle PostgreSQL connection whose socket has something to read (the server closed it
/// or said goodbye) is reopened first, so a restart of the server does not fail the next write.
/// A round trip that gets no answer is cut by QueryWatchdog. Jobs wait for a thread within
/// PoolLimits.
///
/// Thread affinity: construct and destroy on the main thread; run() is thread-safe.
class ConnectionPool : public QObject
{
    Q_OBJECT
public:
    /// `size`: number of worker threads = connections (default 8; the old backend used 5..20).
    explicit ConnectionPool(DatabaseConfig config, int size = 8, PoolLimits limits = {},
                            QObject *parent = nullptr);
    /// Waits for running jobs, then closes every connection in its own thread.
    ~ConnectionPool() override;

    const DatabaseConfig &config() const { return m_config; }
    int size() const;
    /// Worker threads running a job right now (Prometheus `taskdeck_db_pool_connections{busy}`);
    /// idle = size() - busyConnections().
    int busyConnections() const;
    /// Jobs waiting for a pool thread right now.
    int queuedJobs() const;
    const PoolLimits &limits() const { return m_limits; }

    /// Runs `job` on a pool thread with that thread's open connection. If the connection cannot
    /// be opened, `job` is not called and the result is Unavailable. The job always runs on a
    /// pool thread, even when the caller waits on the future (no work stealing). `job` must not
    /// capture references to state that can change or die before it runs; capture values.
    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(QSqlDatabase &)> job) const;
    /// What a job does to the database: a Write job is followed by writeJobFinished().
    enum class JobKind
    {
        Write,
        Read,
    };
    /// run() for a job that must learn when it could not start: `onUnavailable` is called with
    /// the error instead of `job` when the connection cannot be opened or the job waited longer
    /// than PoolLimits::waitMs (on a pool thread or the QueryWatchdog thread; the future then
    /// holds that error too). A Read job emits no writeJobFinished().
    QFuture<VoidResult> run(std::function<VoidResult(QSqlDatabase &)> job,
                            std::function<void(const ServiceError &)> onUnavailable,
                            JobKind kind = JobKind::Write) const;
    /// run() for a job that only reads (no side effects, nothing streamed out): when it fails
    /// with Unavailable because the thread's connection had died since its last job, it runs
    /// once more on a reopened connection, so a server restart or a proxy's idle timeout does not
    /// surface as an error. Writes use run(): their outcome is unknown after a lost connection.
    template <typename T>
    QFuture<Result<T>> runRead(std::function<Result<T>(QSqlDatabase &)> job) const;
    /// What runRead() does inside its job, for jobs started with run() that read: `job` on
    /// `db`, and once more on a reopened connection when it failed with Unavailable because the
    /// connection had died (not after QueryWatchdog cut it). For use inside jobs only.
    template <typename T>
    static Result<T> readRetryingOnce(QSqlDatabase &db, const DatabaseConfig &config,
                                      const std::function<Result<T>(QSqlDatabase &)> &job);

    /// Applies pending migrations (resources/migrations) in one transaction per migration,
    /// recorded in schema_migrations. Safe to run from several processes at once on PostgreSQL
    /// (advisory lock).
    QFuture<VoidResult> migrate() const;
    /// A cheap round trip ("SELECT 1") used by the status bar.
    QFuture<VoidResult> ping() const;
    /// ping() on the pool's own probe thread and connection (not one of the size() workers), so
    /// /api/health never queues behind task queries, a locked row or a full pool. One probe runs
    /// at a time; callers bound their wait themselves (HealthController: 1 s).
    QFuture<VoidResult> probe() const;

    /// Opens (or reopens) this thread's connection. For use inside jobs only.
    /// Returns a closed QSqlDatabase and fills `error` on failure.
    static QSqlDatabase threadConnection(const DatabaseConfig &config, ServiceError *error);
    /// Maps a failed QSqlQuery/QSqlDatabase error to Unavailable / Timeout / Conflict / Internal
    /// (logging the driver text, which never reaches clients).
    static ServiceError mapSqlError(const QSqlError &error, const char *context);
    /// Database errors of this process so far whose mapping (mapSqlError()) gave `kind`, plus,
    /// under Unavailable, connections that could not be opened (Prometheus
    /// `taskdeck_db_errors_total{kind}`). Process-wide (every pool), thread-safe.
    static quint64 errorCount(ServiceError::Kind kind);
    /// Counts `error` in errorCount() and returns it: for errors of database work decided
    /// outside the pool (a grouped write answered Timeout after waiting too long).
    static ServiceError countError(ServiceError error);
    /// Marks this thread's connection `db` to be closed and reopened before the next job (its
    /// session state is unknown, e.g. a ROLLBACK failed). For use inside jobs only.
    static void reopenBeforeNextJob(const QSqlDatabase &db);
    /// Lowers the time one statement of the calling pool job may take to `ms` (>= 1), for the
    /// rest of the job: PostgreSQL `SET statement_timeout`, SQLite `PRAGMA busy_timeout` and
    /// the write gate's wait (SqlTransaction). The pool restores the configured value after the
    /// job. For a job whose callers already waited (issue 13 item 3: a request stuck behind a
    /// locked row waited for a connection, then as long again for the lock): the pool applies it
    /// by itself to a job that waited more than kShortenAfterQueueMs for a thread, with the
    /// statement timeout minus the wait. For use inside jobs only; errors are ignored (the
    /// configured limit then holds).
    static void limitStatementTime(QSqlDatabase &db, int ms);
    /// The limit set by limitStatementTime() in the calling pool job, in ms; 0 when none.
    static int statementTimeLimitMs();
    /// A job that waited longer than this for a pool thread has its statement time lowered by
    /// the wait (limitStatementTime), in ms.
    static constexpr int kShortenAfterQueueMs = 1000;
    /// SQLite's busy timeout on every pool connection (QSQLITE_BUSY_TIMEOUT), in ms: how long a
    /// statement waits for another connection's lock before SQLITE_BUSY (Timeout, 504).
    static constexpr int kSqliteBusyTimeoutMs = 5000;
    /// A prepared query for `sql` on `db` (the calling thread's connection), kept per thread so
    /// hot statements are prepared once (QT64-NOTES: preparing per request halves throughput on
    /// PostgreSQL). Call finish() on it when done. Null with `error` filled if prepare fails.
    /// The cache is dropped when the connection is reopened. For use inside jobs only.
    static std::shared_ptr<QSqlQuery> cachedQuery(QSqlDatabase &db, const QString &sql,
                                                  ServiceError *error);

signals:
    /// Emitted from a pool thread after every run() job (the writes; not runRead()), whatever its
    /// outcome. Infrastructure only: a hint that the database may have changed, which lets the
    /// change feed position new change-log rows at once instead of at its next poll. Connect
    /// with the default AutoConnection to receive it on your own thread.
    void writeJobFinished();

private:
    struct Queue;
    /// Queues `job` on the pool's threads. Exactly one of `job` and `expire` is called: `expire`
    /// with Timeout when the job waited longer than PoolLimits::waitMs (on the watchdog thread;
    /// the job then never runs), or at once with Unavailable when the queue is full.
    void startJob(std::function<void()> job, std::function<void(ServiceError)> expire) const;

    DatabaseConfig m_config;
    PoolLimits m_limits;
    std::shared_ptr<Queue> m_queue;
    mutable QThreadPool m_threads;
    mutable QThreadPool m_probeThread; ///< probe(): one thread, its own connection
};

} // namespace taskdeck

#include "ConnectionPool_impl.h"
