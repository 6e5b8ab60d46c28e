#include "SqlTransaction.h"

#include "ConnectionPool.h"
#include "WriteOutcome.h"

#include <QHash>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

namespace taskdeck {

namespace {

/// Connections (by name) of this thread with an active outermost SqlTransaction, and those of
/// them whose joined inner transaction rolled back (the outer one may then not commit).
thread_local QSet<QString> t_active;
thread_local QSet<QString> t_rollbackOnly;

/// How long a write transaction may wait for its SQLite file's write gate and then the file's
/// lock, together: SQLite's busy timeout (ConnectionPool::kSqliteBusyTimeoutMs), or less when
/// the job's time was lowered (ConnectionPool::limitStatementTime).
std::chrono::milliseconds writeWaitBudget()
{
    const int limited = ConnectionPool::statementTimeLimitMs();
    return std::chrono::milliseconds(limited > 0 ? limited : ConnectionPool::kSqliteBusyTimeoutMs);
}

/// The write gate of one SQLite file: write transactions of this process on that file take it
/// before BEGIN IMMEDIATE and hold it to COMMIT or ROLLBACK (issue 12: while a purge ran in a
/// second process, the server's eight pool threads all polled SQLite's write lock with its busy
/// handler, which sleeps up to 100 ms between looks, so a request could lose the lock to the
/// others and to the purge again and again: 1.06-1.15 s worst case). Waiting on a mutex, the
/// next writer of this process starts the moment the previous one ends, and only one of them at
/// a time polls the file lock against other processes.
std::timed_mutex &writeGate(const QString &file)
{
    static std::mutex mapMutex;
    static std::map<QString, std::unique_ptr<std::timed_mutex>> gates;
    std::lock_guard<std::mutex> lock(mapMutex);
    std::unique_ptr<std::timed_mutex> &gate = gates[file];
    if (!gate)
        gate = std::make_unique<std::timed_mutex>();
    return *gate;
}

/// Gates held by this thread, by connection name (one outermost write transaction each).
thread_local QHash<QString, std::timed_mutex *> t_gates;

void releaseGate(const QString &connection)
{
    if (std::timed_mutex *gate = t_gates.take(connection))
        gate->unlock();
}

} // namespace

} // namespace taskdeck

namespace taskdeck {

SqlTransaction::~SqlTransaction()
{
    if (m_active)
        rollback();
}

VoidResult SqlTransaction::begin(Mode mode)
{
    if (t_active.contains(m_db.connectionName())) {
        m_joined = true;
        m_active = true;
        return Done{};
    }
    const bool sqlite = m_db.driverName() == QLatin1String("QSQLITE");
    QSqlQuery query(m_db);
    QString sql = QStringLiteral("BEGIN");
    if (sqlite && mode != Mode::Read)
        sql = QStringLiteral("BEGIN IMMEDIATE");
    else if (!sqlite && mode == Mode::SnapshotWrite)
        sql = QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ");
    else if (!sqlite && mode == Mode::Read) // one snapshot for every statement of the reader
        sql = QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    std::unique_lock<std::timed_mutex> gate;
    bool shortenedBusyTimeout = false;
    const std::chrono::milliseconds budget = writeWaitBudget();
    if (sqlite && mode != Mode::Read) {
        const auto start = std::chrono::steady_clock::now();
        // A system_clock deadline: libstdc++ then waits in pthread_mutex_timedlock, which
        // ThreadSanitizer intercepts; a steady_clock one uses pthread_mutex_clocklock, which
        // clang 14's TSan does not, so it saw every later unlock as an "unlock of unlocked
        // mutex". The budget is at most a few seconds, so a wall-clock step hardly matters.
        gate = std::unique_lock<std::timed_mutex>(writeGate(m_db.databaseName()),
                                                  std::chrono::system_clock::now() + budget);
        if (!gate.owns_lock())
            return ServiceError::timeout();
        // One budget for the gate and the file lock: what the gate took is taken off SQLite's
        // busy timeout for this BEGIN (else a writer could wait 5 s for the gate, then 5 s more
        // for another process's lock).
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        if (waited > std::chrono::milliseconds(50)) {
            const qint64 left = std::max<qint64>(1, (budget - waited).count());
            shortenedBusyTimeout = query.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(left));
        }
    }
    const bool begun = query.exec(sql);
    const QSqlError beginError = query.lastError();
    if (shortenedBusyTimeout)
        query.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(budget.count()));
    if (!begun)
        return ConnectionPool::mapSqlError(beginError, "begin transaction");
    if (gate.owns_lock()) // held until COMMIT or ROLLBACK
        t_gates.insert(m_db.connectionName(), gate.release());
    m_active = true;
    t_active.insert(m_db.connectionName());
    t_rollbackOnly.remove(m_db.connectionName());
    return Done{};
}

VoidResult SqlTransaction::commit()
{
    if (m_joined) {
        m_active = false; // the outer transaction commits
        return Done{};
    }
    if (t_rollbackOnly.contains(m_db.connectionName())) {
        rollback();
        return ServiceError{
            ServiceError::Kind::Internal, QStringLiteral("An inner transaction rolled back"), {}};
    }
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        const ServiceError error =
            afterCommitAttempt(ConnectionPool::mapSqlError(query.lastError(), "commit"));
        rollback();
        return error;
    }
    m_active = false;
    t_active.remove(m_db.connectionName());
    releaseGate(m_db.connectionName());
    return Done{};
}

void SqlTransaction::rollback()
{
    m_active = false;
    if (m_joined) {
        t_rollbackOnly.insert(m_db.connectionName());
        return;
    }
    t_active.remove(m_db.connectionName());
    t_rollbackOnly.remove(m_db.connectionName());
    // The gate opens after the ROLLBACK below has released the file lock (or with a closed
    // connection, which holds none).
    struct GateRelease
    {
        QString connection;
        ~GateRelease() { releaseGate(connection); }
    } gateRelease{m_db.connectionName()};
    if (!m_db.isOpen())
        return;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK"))) {
        // The session is in an unknown state: do not hand it to the next job.
        qWarning("taskdeck.db: ROLLBACK failed (%s); the connection will be reopened",
                 qPrintable(query.lastError().text()));
        ConnectionPool::reopenBeforeNextJob(m_db);
    }
}

} // namespace taskdeck
