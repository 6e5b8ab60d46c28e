#include "RetentionRepository.h"

#include "ConnectionPool.h"
#include "SqlTransaction.h"
#include "TaskSql_p.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>

namespace taskdeck::retention {

using namespace tasksql;

namespace {

/// pg_try_advisory_xact_lock keys: one purge of each kind at a time across every instance on the
/// database (the sequencer and task_stats_compact use other keys).
constexpr qint64 kPurgeTasksLockKey = 7305808134911042925;
constexpr qint64 kPurgeAuditLockKey = 7305808134911042926;

const QString kFinished = QStringLiteral("status IN ('completed', 'failed', 'cancelled')");
const QStringList kFinishedNames = {QStringLiteral("completed"), QStringLiteral("failed"),
                                    QStringLiteral("cancelled")};
/// A batch reads at most this many times its size of tasks in age order (finished or not).
constexpr int kScanFactor = 4;

void widen(BatchOutcome &outcome, EpochMs at)
{
    if (!outcome.oldest || at < *outcome.oldest)
        outcome.oldest = at;
    if (!outcome.newest || at > *outcome.newest)
        outcome.newest = at;
}

/// PostgreSQL: takes the purge lock of `key` for the running transaction; false when another
/// transaction holds it. SQLite: the write transaction excludes other writers already.
Result<bool> tryPurgeLock(QSqlDatabase &db, qint64 key)
{
    if (!isPostgres(db))
        return true;
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db, QStringLiteral("SELECT pg_try_advisory_xact_lock(?)"), &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << qlonglong(key);
    if (!query->exec() || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), "lock the purge");
    return query->value(0).toBool();
}

/// SQLite: copies the WAL into the database file now, on the purge's connection, without
/// waiting for anyone (PASSIVE: writers go on meanwhile). A batch dirties ~6 pages per task (one
/// per index it sits in, ~1,300 pages for 200 tasks); left to the auto-checkpoint, that copy and
/// its fsync ran in the COMMIT of whichever request crossed the 1,000-page mark next, which then
/// took over a second under load (bench/retention.sh). A failure only leaves the work to the
/// auto-checkpoint.
void checkpoint(QSqlDatabase &db)
{
    if (isPostgres(db))
        return;
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
}

} // namespace

Result<BatchOutcome>
purgeFinishedBatch(QSqlDatabase &db, EpochMs cutoff, const TaskCursor &cursor, int batch,
                   bool keepRows, const std::function<bool(const QList<Task> &)> &beforeCommit)
{
    BatchOutcome outcome;
    // The next tasks in (updated_at, id) order from the cursor, finished or not: an index range
    // on tasks_updated_idx of at most kScanFactor x batch rows, read before the write
    // transaction. So a batch's work is bounded even where old open tasks are many (they are
    // passed over once, never scanned again), and no lock is held while looking.
    QList<QUuid> ids;
    {
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
            db,
            QStringLiteral("SELECT id, updated_at, status FROM tasks WHERE updated_at < ? AND "
                           "updated_at >= ? AND (updated_at > ? OR id > ?) ORDER BY updated_at, "
                           "id LIMIT ?"),
            &error);
        if (!query)
            return error;
        Finisher finisher{query};
        const QString afterId = cursor.id.isNull()
                                    ? QStringLiteral("00000000-0000-0000-0000-000000000000")
                                    : idText(cursor.id);
        const int scanLimit = batch * kScanFactor;
        Binder(*query) << qlonglong(cutoff) << qlonglong(cursor.updatedAt)
                       << qlonglong(cursor.updatedAt) << afterId << scanLimit;
        if (!query->exec())
            return ConnectionPool::mapSqlError(query->lastError(), "find finished tasks");
        outcome.cursor = cursor;
        int scanned = 0;
        while (ids.size() < batch && query->next()) {
            ++scanned;
            outcome.cursor.updatedAt = query->value(1).toLongLong();
            outcome.cursor.id = QUuid::fromString(query->value(0).toString());
            if (kFinishedNames.contains(query->value(2).toString()))
                ids.append(outcome.cursor.id);
        }
        // Done when the range ended before the scan limit and nothing was left unread.
        outcome.more = ids.size() == batch || scanned == scanLimit;
    }
    outcome.candidates = ids.size();
    if (ids.isEmpty())
        return outcome;

    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    const Result<bool> locked = tryPurgeLock(db, kPurgeTasksLockKey);
    if (!locked.ok())
        return locked.error();
    if (!locked.value()) {
        outcome.busy = true;
        return outcome;
    }

    // The DELETE checks status and age again: a task reopened or edited since the SELECT (by
    // another connection on PostgreSQL, whose row lock the DELETE waits for) is kept. The
    // triggers write the statistics and the change log in this transaction.
    const Where in = idIn(ids);
    QSqlQuery query(db);
    QVariantList params = in.params;
    params << qlonglong(cutoff);
    if (!query.prepare(QStringLiteral("DELETE FROM tasks WHERE ") + in.sql +
                       QStringLiteral(" AND ") + kFinished +
                       QStringLiteral(" AND updated_at < ? RETURNING ") + kColumns) ||
        !bindAndExec(query, params))
        return ConnectionPool::mapSqlError(query.lastError(), "purge finished tasks");
    while (query.next()) {
        ++outcome.removed;
        outcome.byStatus[query.value(4).toString()] += 1;
        widen(outcome, query.value(11).toLongLong());
        if (keepRows || beforeCommit) {
            const std::optional<Task> task = readTask(query);
            if (!task)
                return badRow();
            outcome.tasks.append(*task);
        }
    }
    query.finish();
    if (beforeCommit && !outcome.tasks.isEmpty() && !beforeCommit(outcome.tasks))
        return ServiceError{
            ServiceError::Kind::Internal, QStringLiteral("Archive write failed"), {}};
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    if (!keepRows)
        outcome.tasks.clear();
    checkpoint(db);
    return outcome;
}

Result<BatchOutcome> finishedSummary(QSqlDatabase &db, EpochMs cutoff)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db,
        QStringLiteral("SELECT status, COUNT(*), MIN(updated_at), MAX(updated_at) FROM tasks "
                       "WHERE updated_at < ? AND ") +
            kFinished + QStringLiteral(" GROUP BY status"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << qlonglong(cutoff);
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "count finished tasks");
    BatchOutcome outcome;
    while (query->next()) {
        const qint64 count = query->value(1).toLongLong();
        outcome.byStatus[query->value(0).toString()] = count;
        outcome.removed += count;
        widen(outcome, query->value(2).toLongLong());
        widen(outcome, query->value(3).toLongLong());
    }
    outcome.candidates = outcome.removed;
    return outcome;
}

Result<BatchOutcome> purgeAuditBatch(QSqlDatabase &db, EpochMs cutoff, int batch)
{
    BatchOutcome outcome;
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    const Result<bool> locked = tryPurgeLock(db, kPurgeAuditLockKey);
    if (!locked.ok())
        return locked.error();
    if (!locked.value()) {
        outcome.busy = true;
        return outcome;
    }
    // The oldest entries first: a backward range on audit_log_at_idx (at DESC, id DESC).
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db,
        QStringLiteral("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? "
                       "ORDER BY at, id LIMIT ?) RETURNING at"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << qlonglong(cutoff) << batch;
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "purge audit entries");
    while (query->next()) {
        ++outcome.removed;
        widen(outcome, query->value(0).toLongLong());
    }
    query->finish();
    outcome.candidates = outcome.removed;
    outcome.more = outcome.removed == batch;
    if (outcome.removed == 0)
        return outcome;
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    checkpoint(db);
    return outcome;
}

Result<BatchOutcome> auditSummary(QSqlDatabase &db, EpochMs cutoff)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db, QStringLiteral("SELECT COUNT(*), MIN(at), MAX(at) FROM audit_log WHERE at < ?"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << qlonglong(cutoff);
    if (!query->exec() || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), "count audit entries");
    BatchOutcome outcome;
    outcome.removed = query->value(0).toLongLong();
    outcome.candidates = outcome.removed;
    if (outcome.removed > 0) {
        widen(outcome, query->value(1).toLongLong());
        widen(outcome, query->value(2).toLongLong());
    }
    return outcome;
}

VoidResult backupSqlite(QSqlDatabase &db, const QString &file)
{
    if (isPostgres(db))
        return ServiceError::validation(
            {FieldError{{QStringLiteral("backup")},
                        QStringLiteral("PostgreSQL databases are backed up with pg_dump (see "
                                       "docs/BACKUP.md)"),
                        QStringLiteral("value_error")}});
    if (QFileInfo::exists(file))
        return ServiceError::validation({FieldError{{QStringLiteral("backup")},
                                                    QStringLiteral("%1 exists already").arg(file),
                                                    QStringLiteral("value_error")}});
    QSqlQuery query(db); // once per run: not worth a cached statement
    if (!query.prepare(QStringLiteral("VACUUM INTO ?")) || !bindAndExec(query, {file}))
        return ConnectionPool::mapSqlError(query.lastError(), "back up the database");
    return Done{};
}

} // namespace taskdeck::retention
