#include "SqlTransaction.h"

#include "ConnectionPool.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace taskdeck {

SqlTransaction::~SqlTransaction()
{
    if (m_active)
        rollback();
}

VoidResult SqlTransaction::begin(Mode mode)
{
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
    return Done{};
}

VoidResult SqlTransaction::commit()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        const ServiceError error = ConnectionPool::mapSqlError(query.lastError(), "commit");
        rollback();
        return error;
    }
    m_active = false;
    return Done{};
}

void SqlTransaction::rollback()
{
    m_active = false;
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
