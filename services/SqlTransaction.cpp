#include "SqlTransaction.h"

#include "ConnectionPool.h"
#include "WriteOutcome.h"

#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace taskdeck {

namespace {

/// Connections (by name) of this thread with an active outermost SqlTransaction, and those of
/// them whose joined inner transaction rolled back (the outer one may then not commit).
thread_local QSet<QString> t_active;
thread_local QSet<QString> t_rollbackOnly;

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
    if (!query.exec(sql))
        return ConnectionPool::mapSqlError(query.lastError(), "begin transaction");
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
