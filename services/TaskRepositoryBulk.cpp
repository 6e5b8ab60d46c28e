// TaskRepository: bulk operations (CSV export streaming, all-or-nothing streamed import).
#include "TaskRepository.h"

#include "ChangeLog.h"
#include "ConnectionPool.h"
#include "QueryWatchdog.h"
#include "SqlTransaction.h"
#include "TaskCsv.h"
#include "TaskSql_p.h"

#include <QDateTime>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace taskdeck {

using namespace tasksql;

namespace {

constexpr qsizetype kExportChunkBytes = 64 * 1024;
constexpr int kImportIdCheckChunk = 500;
constexpr int kImportBatchRows = 100; ///< rows per multi-row INSERT of an import
/// Imports up to this many rows are logged row by row (task.created events); larger ones as one
/// reset (consumers reload): the sequencer would otherwise read back a million rows.
constexpr qsizetype kMaxImportLogRows = 10000;

} // namespace

namespace {

Result<qint64> streamCsv(QSqlDatabase &db, const TaskFilter &filter,
                         const std::function<bool(const QByteArray &)> &sink)
{
    const Where where = buildWhere(filter);
    // One snapshot for the whole export. On PostgreSQL the statement timeout (meant for requests)
    // would cut off a long export, which streams for as long as the consumer takes: lift it for
    // this transaction only. A stalled consumer is the sink's to end (it returns false).
    SqlTransaction transaction(db); // declared before the query: rolls back after it is freed
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    if (isPostgres(db)) {
        QSqlQuery unlimited(db);
        QueryWatchdog::liftLimit(); // no statement timeout: no client-side limit either
        if (!unlimited.exec(QStringLiteral("SET LOCAL statement_timeout = 0")))
            return ConnectionPool::mapSqlError(unlimited.lastError(), "export (timeout)");
    }
    // The number of rows the snapshot holds: a stream that ends early without an error (QPSQL's
    // single-row mode can drop an error that arrives after the last row) is then caught.
    const Result<qint64> expected = TaskRepository::count(db, filter);
    if (!expected.ok())
        return expected.error();
    QSqlQuery query(db);
    query.setForwardOnly(true); // streams (QPSQL: single-row mode)
    if (!query.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM tasks") +
                       where.sql + orderBy(filter)))
        return ConnectionPool::mapSqlError(query.lastError(), "export (prepare)");
    if (!bindAndExec(query, where.params))
        return ConnectionPool::mapSqlError(query.lastError(), "export");

    QByteArray chunk = csv::exportHeader();
    chunk.reserve(kExportChunkBytes + 4096);
    qint64 rows = 0;
    while (query.next()) {
        const std::optional<Task> task = readTask(query);
        if (!task)
            return badRow();
        chunk += csv::exportRow(*task);
        ++rows;
        if (chunk.size() >= kExportChunkBytes) {
            if (!sink(chunk))
                return rows;
            chunk.clear();
        }
    }
    if (query.lastError().isValid())
        return ConnectionPool::mapSqlError(query.lastError(), "export (fetch)");
    if (rows != expected.value()) {
        qWarning("taskdeck.db: export ended after %lld of %lld rows without an error",
                 static_cast<long long>(rows), static_cast<long long>(expected.value()));
        ConnectionPool::reopenBeforeNextJob(db);
        return ServiceError::internal();
    }
    query.finish();
    transaction.rollback(); // read only: nothing to keep
    if (!chunk.isEmpty())
        sink(chunk);
    return rows;
}

} // namespace

Result<qint64> TaskRepository::exportCsv(QSqlDatabase &db, const TaskFilter &filter,
                                         const std::function<bool(const QByteArray &)> &sink)
{
    Result<qint64> rows = streamCsv(db, filter, sink);
    if (isPostgres(db)) {
        // A stream stopped or failed midway can leave QPSQL's session out of step (a pending
        // result after single-row mode): check it, and reopen it before the next job if needed.
        QSqlQuery probe(db);
        if (!probe.exec(QStringLiteral("SELECT 1"))) {
            qWarning("taskdeck.db: connection unusable after an export; it will be reopened");
            ConnectionPool::reopenBeforeNextJob(db);
        }
    }
    return rows;
}

Result<qint64> TaskRepository::importTasks(QSqlDatabase &db, const QList<Task> &tasks,
                                           const QList<int> &lineNumbers,
                                           const std::function<void(qint64, qint64)> &progress)
{
    auto lineOf = [&lineNumbers](qsizetype index) {
        return index < lineNumbers.size() ? lineNumbers.at(index) : int(index + 1);
    };
    {
        QHash<QUuid, qsizetype> firstIndex;
        firstIndex.reserve(tasks.size());
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            const auto it = firstIndex.constFind(tasks.at(i).id);
            if (it != firstIndex.constEnd())
                return ServiceError::conflict(
                    QStringLiteral("Line %1: task id %2 appears again (first on line %3)")
                        .arg(lineOf(i))
                        .arg(idText(tasks.at(i).id))
                        .arg(lineOf(it.value())));
            firstIndex.insert(tasks.at(i).id, i);
        }
    }
    qsizetype start = 0;
    const ImportChunkSource next = [&](QList<Task> &chunk, QList<int> &lines) -> Result<bool> {
        const qsizetype end = qMin<qsizetype>(start + 2000, tasks.size());
        chunk = tasks.mid(start, end - start);
        for (qsizetype i = start; i < end; ++i)
            lines.append(lineOf(i));
        start = end;
        return start < tasks.size();
    };
    return importTaskStream(db, tasks.size(), next, progress);
}

Result<qint64> TaskRepository::importTaskStream(QSqlDatabase &db, qint64 expectedTotal,
                                                const ImportChunkSource &next,
                                                const std::function<void(qint64, qint64)> &progress)
{
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    // Change log: up to kMaxImportLogRows rows are logged one by one by the migration-006
    // triggers (id-only; the sequencer completes them); a larger import is one reset row instead
    // (consumers reload), with the triggers muted for this transaction.
    const bool asReset = expectedTotal > kMaxImportLogRows;
    if (asReset) {
        if (isPostgres(db)) {
            QSqlQuery mute(db);
            if (!mute.exec(QStringLiteral("SELECT ") + changelog::postgresMuteExpression()))
                return ConnectionPool::mapSqlError(mute.lastError(), "import (mute log)");
        } else if (const VoidResult muted = changelog::sqliteMute(db); !muted.ok()) {
            return muted.error();
        }
    }

    qint64 written = 0;
    QList<Task> tasks;
    QList<int> lineNumbers;
    bool more = true;
    while (more) {
        tasks.clear();
        lineNumbers.clear();
        const Result<bool> pulled = next(tasks, lineNumbers);
        if (!pulled.ok())
            return pulled.error();
        more = pulled.value();
        auto lineOf = [&lineNumbers, written](qsizetype index) {
            return index < lineNumbers.size() ? lineNumbers.at(index) : int(written + index + 1);
        };

        // Refuse the whole file if any id is already stored; name the first such line (chunks
        // come in file order, so the first chunk with a hit holds the earliest line).
        QHash<QUuid, qsizetype> indexOf;
        indexOf.reserve(tasks.size());
        for (qsizetype i = 0; i < tasks.size(); ++i)
            indexOf.insert(tasks.at(i).id, i);
        qsizetype firstConflict = -1;
        for (qsizetype start = 0; start < tasks.size(); start += kImportIdCheckChunk) {
            const qsizetype end = qMin<qsizetype>(start + kImportIdCheckChunk, tasks.size());
            QList<QUuid> ids;
            for (qsizetype i = start; i < end; ++i)
                ids << tasks.at(i).id;
            const Where where = idIn(ids);
            QSqlQuery query(db);
            query.setForwardOnly(true);
            query.prepare(QStringLiteral("SELECT id FROM tasks WHERE ") + where.sql);
            if (!bindAndExec(query, where.params))
                return ConnectionPool::mapSqlError(query.lastError(), "import (id check)");
            while (query.next()) {
                const qsizetype index =
                    indexOf.value(QUuid::fromString(query.value(0).toString()), -1);
                if (index >= 0 && (firstConflict < 0 || index < firstConflict))
                    firstConflict = index;
            }
            if (firstConflict >= 0)
                break;
        }
        if (firstConflict >= 0)
            return ServiceError::conflict(
                QStringLiteral("Line %1: a task with id %2 already exists")
                    .arg(lineOf(firstConflict))
                    .arg(idText(tasks.at(firstConflict).id)));

        // Multi-row INSERTs of kImportBatchRows (one round trip and, on PostgreSQL, one
        // statistics trigger run per batch); the batch statement is prepared once per connection.
        for (qsizetype start = 0; start < tasks.size(); start += kImportBatchRows) {
            const int rows = int(qMin<qsizetype>(kImportBatchRows, tasks.size() - start));
            ServiceError error;
            const std::shared_ptr<QSqlQuery> insert =
                ConnectionPool::cachedQuery(db, insertSql(rows), &error);
            if (!insert)
                return error;
            Finisher finisher{insert};
            Binder binder(*insert);
            for (qsizetype i = start; i < start + rows; ++i)
                bindTaskValues(binder, tasks.at(i));
            if (!insert->exec()) {
                ServiceError failed =
                    ConnectionPool::mapSqlError(insert->lastError(), "import (insert)");
                if (failed.kind == ServiceError::Kind::Conflict) // an id stored meanwhile
                    failed.message =
                        QStringLiteral("Lines %1-%2: a task id already exists (stored meanwhile)")
                            .arg(lineOf(start))
                            .arg(lineOf(start + rows - 1));
                return failed;
            }
            written += rows;
            if (progress && written < expectedTotal && written % 1000 == 0)
                progress(written, expectedTotal);
        }
    }
    if (asReset) {
        if (const VoidResult reset =
                changelog::appendReset(db, QDateTime::currentMSecsSinceEpoch());
            !reset.ok())
            return reset.error();
        if (!isPostgres(db)) {
            if (const VoidResult unmuted = changelog::sqliteUnmute(db); !unmuted.ok())
                return unmuted.error();
        }
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    if (progress)
        progress(written, written);
    return written;
}

Result<QList<QUuid>> TaskRepository::matchingIds(QSqlDatabase &db, const TaskFilter &filter,
                                                 qsizetype limit)
{
    const Where where = buildWhere(filter);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT id FROM tasks") + where.sql + orderBy(filter) +
                       QStringLiteral(" LIMIT ") + QString::number(limit)))
        return ConnectionPool::mapSqlError(query.lastError(), "bulk ids (prepare)");
    if (!bindAndExec(query, where.params))
        return ConnectionPool::mapSqlError(query.lastError(), "bulk ids");
    QList<QUuid> ids;
    while (query.next()) {
        const QUuid id = QUuid::fromString(query.value(0).toString());
        if (id.isNull())
            return badRow();
        ids << id;
    }
    if (query.lastError().isValid())
        return ConnectionPool::mapSqlError(query.lastError(), "bulk ids (fetch)");
    return ids;
}

} // namespace taskdeck
