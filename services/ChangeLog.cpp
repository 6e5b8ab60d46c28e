#include "ChangeLog.h"

#include "ApiJson.h"
#include "ConnectionPool.h"
#include "SqlTransaction.h"
#include "TaskJson.h"
#include "TaskRepository.h"
#include "TaskSql_p.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <functional>
#include <memory>

namespace taskdeck::changelog {

using namespace tasksql;

namespace {

/// pg_try_advisory_xact_lock key of the sequencer (any 64-bit constant unique in the database;
/// task_stats_compact uses another).
constexpr qint64 kSequencerLockKey = 7305808134911042924;
/// Ids per task read when completing id-only rows (TaskRepository::getMany's advice).
constexpr int kCompleteBatch = 500;

QString opName(ChangeType type)
{
    switch (type) {
    case ChangeType::TaskCreated:
        return QStringLiteral("created");
    case ChangeType::TaskDeleted:
        return QStringLiteral("deleted");
    case ChangeType::MetricsUpdated:
        return QStringLiteral("metrics");
    case ChangeType::TaskUpdated:
        break;
    }
    return QStringLiteral("updated");
}

std::optional<ChangeType> typeFromOp(const QString &op)
{
    if (op == QLatin1String("created"))
        return ChangeType::TaskCreated;
    if (op == QLatin1String("updated"))
        return ChangeType::TaskUpdated;
    if (op == QLatin1String("deleted"))
        return ChangeType::TaskDeleted;
    if (op == QLatin1String("metrics"))
        return ChangeType::MetricsUpdated;
    return std::nullopt;
}

bool isTaskOp(const QString &op)
{
    return op == QLatin1String("created") || op == QLatin1String("updated") ||
           op == QLatin1String("deleted");
}

VoidResult exec(QSqlDatabase &db, const QString &sql, const QVariantList &params,
                const char *context)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, params))
        return ConnectionPool::mapSqlError(query->lastError(), context);
    return Done{};
}

/// The internal form of a metrics row's snapshot (column `detail`): every field of
/// MetricsSnapshot, money as integer ten-thousandths.
QByteArray snapshotToText(const MetricsSnapshot &metrics)
{
    QJsonArray statuses;
    for (const qint64 count : metrics.byStatus)
        statuses.append(count);
    QJsonObject counts;
    for (auto it = metrics.byCategory.cbegin(); it != metrics.byCategory.cend(); ++it)
        counts.insert(it.key(), it.value());
    QJsonObject costs;
    for (auto it = metrics.costByCategory.cbegin(); it != metrics.costByCategory.cend(); ++it)
        costs.insert(it.key(), it.value());
    return QJsonDocument(QJsonObject{{QStringLiteral("s"), statuses},
                                     {QStringLiteral("c"), counts},
                                     {QStringLiteral("k"), costs},
                                     {QStringLiteral("t"), metrics.totalCostE4},
                                     {QStringLiteral("m"), metrics.completedExecutionMsSum},
                                     {QStringLiteral("n"), metrics.completedExecutionCount}})
        .toJson(QJsonDocument::Compact);
}

std::optional<MetricsSnapshot> snapshotFromText(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    const QJsonArray statuses = object.value(QStringLiteral("s")).toArray();
    MetricsSnapshot metrics;
    if (statuses.size() != qsizetype(metrics.byStatus.size()))
        return std::nullopt;
    for (qsizetype i = 0; i < statuses.size(); ++i)
        metrics.byStatus[size_t(i)] = statuses.at(i).toInteger();
    const QJsonObject counts = object.value(QStringLiteral("c")).toObject();
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        metrics.byCategory.insert(it.key(), it.value().toInteger());
    const QJsonObject costs = object.value(QStringLiteral("k")).toObject();
    for (auto it = costs.constBegin(); it != costs.constEnd(); ++it)
        metrics.costByCategory.insert(it.key(), it.value().toInteger());
    metrics.totalCostE4 = object.value(QStringLiteral("t")).toInteger();
    metrics.completedExecutionMsSum = object.value(QStringLiteral("m")).toInteger();
    metrics.completedExecutionCount = object.value(QStringLiteral("n")).toInteger();
    return metrics;
}

Result<QList<Entry>> readEntries(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, params))
        return ConnectionPool::mapSqlError(query->lastError(), "read change log");
    QList<Entry> entries;
    while (query->next()) {
        Entry entry;
        entry.seq = query->value(0).toULongLong();
        entry.op = query->value(1).toString();
        entry.taskId = QUuid::fromString(query->value(2).toString());
        entry.at = query->value(3).toLongLong();
        entry.payload = query->value(4).toString().toUtf8();
        if (entry.op == QLatin1String("metrics"))
            entry.metrics = snapshotFromText(query->value(5).toString());
        entries.append(std::move(entry));
    }
    return entries;
}

/// An unsequenced row as the sequencer sees it.
struct Pending
{
    qint64 id = 0;
    QString op;
    QUuid taskId;
    bool bare = false;  ///< created/updated without payload: read from the task's row
    QByteArray payload; ///< filled for bare rows
    bool drop = false;
};

} // namespace

QString postgresMuteExpression()
{
    return QStringLiteral("set_config('taskdeck.logged', 'on', true)");
}

VoidResult sqliteMute(QSqlDatabase &db)
{
    return exec(db, QStringLiteral("INSERT INTO change_log_mute (muted) VALUES (1)"), {},
                "mute change log triggers");
}

VoidResult sqliteUnmute(QSqlDatabase &db)
{
    return exec(db, QStringLiteral("DELETE FROM change_log_mute"), {},
                "unmute change log triggers");
}

VoidResult append(QSqlDatabase &db, ChangeType type, const QUuid &id, EpochMs at,
                  const QByteArray &payload)
{
    return exec(
        db,
        QStringLiteral("INSERT INTO task_changes (op, task_id, at, payload) VALUES (?, ?, ?, ?)"),
        {opName(type), idText(id), qlonglong(at),
         payload.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                           : QVariant(QString::fromUtf8(payload))},
        "append change");
}

VoidResult appendReset(QSqlDatabase &db, EpochMs at)
{
    return exec(db, QStringLiteral("INSERT INTO task_changes (op, at) VALUES ('reset', ?)"),
                {qlonglong(at)}, "append reset");
}

Result<Head> head(QSqlDatabase &db)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db,
        QStringLiteral("SELECT last_seq, metrics_due, EXISTS (SELECT 1 FROM task_changes WHERE "
                       "seq IS NULL) FROM change_log_head"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!query->exec() || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), "read change log head");
    Head result;
    result.lastSeq = query->value(0).toULongLong();
    result.metricsDue = query->value(1).toBool();
    result.unsequenced = query->value(2).toBool();
    return result;
}

Result<SequenceOutcome> sequence(QSqlDatabase &db, const SequenceOptions &options)
{
    const bool postgres = isPostgres(db);
    SequenceOutcome outcome;
    ServiceError error;
    // PostgreSQL: one sequencer at a time by a session-level advisory lock taken BEFORE the
    // transaction, so the transaction's snapshot (REPEATABLE READ: one for all its statements)
    // is taken after the previous sequencer committed and released it. One snapshot makes the
    // metrics row's totals exactly those of the rows positioned so far (no change committed in
    // between is counted before it has a position).
    std::unique_ptr<void, std::function<void(void *)>> unlock;
    if (postgres) {
        const std::shared_ptr<QSqlQuery> lock = ConnectionPool::cachedQuery(
            db, QStringLiteral("SELECT pg_try_advisory_lock(?)"), &error);
        if (!lock)
            return error;
        Finisher finisher{lock};
        Binder(*lock) << qlonglong(kSequencerLockKey);
        if (!lock->exec() || !lock->next())
            return ConnectionPool::mapSqlError(lock->lastError(), "lock the change log");
        if (!lock->value(0).toBool()) {
            outcome.busy = true;
            return outcome;
        }
        // Released after the commit or rollback (the transaction object below is destroyed
        // first); a lost connection releases it by itself.
        unlock = {&db, [](void *connection) {
                      QSqlDatabase &database = *static_cast<QSqlDatabase *>(connection);
                      if (!database.isOpen())
                          return;
                      QSqlQuery release(database);
                      release.exec(
                          QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kSequencerLockKey));
                  }};
    }
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::SnapshotWrite);
        !begun.ok())
        return begun.error();

    // The head, read under the lock, in the transaction's snapshot.
    quint64 lastSeq = 0;
    EpochMs metricsAt = 0;
    bool metricsDue = false;
    QByteArray metricsJson;
    {
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
            db,
            QStringLiteral(
                "SELECT last_seq, metrics_at, metrics_due, metrics_json FROM change_log_head"),
            &error);
        if (!query)
            return error;
        Finisher finisher{query};
        if (!query->exec() || !query->next())
            return ConnectionPool::mapSqlError(query->lastError(), "read change log head");
        lastSeq = query->value(0).toULongLong();
        metricsAt = query->value(1).toLongLong();
        metricsDue = query->value(2).toBool();
        metricsJson = query->value(3).toString().toUtf8();
    }

    QList<Pending> pending;
    {
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
            db,
            QStringLiteral("SELECT id, op, task_id, payload IS NULL FROM task_changes "
                           "WHERE seq IS NULL ORDER BY id LIMIT ?"),
            &error);
        if (!query)
            return error;
        Finisher finisher{query};
        Binder(*query) << options.batch + 1;
        if (!query->exec())
            return ConnectionPool::mapSqlError(query->lastError(), "read unsequenced changes");
        while (query->next()) {
            Pending row;
            row.id = query->value(0).toLongLong();
            row.op = query->value(1).toString();
            row.taskId = QUuid::fromString(query->value(2).toString());
            row.bare = query->value(3).toBool() &&
                       (row.op == QLatin1String("created") || row.op == QLatin1String("updated"));
            pending.append(std::move(row));
        }
    }
    if (pending.size() > options.batch) {
        outcome.more = true;
        pending.resize(options.batch);
    }

    // Id-only rows (plain SQL) carry the task's state when positioned. A later row of the same
    // task in this batch makes one redundant (the later one reports the newer state): dropped, so
    // an older state is never sent after a newer one within a batch.
    QSet<QUuid> laterSeen;
    QList<QUuid> toRead;
    for (qsizetype i = pending.size() - 1; i >= 0; --i) {
        Pending &row = pending[i];
        if (row.taskId.isNull())
            continue;
        if (row.bare && laterSeen.contains(row.taskId))
            row.drop = true;
        else if (row.bare)
            toRead.append(row.taskId);
        laterSeen.insert(row.taskId);
    }
    QHash<QUuid, QByteArray> states;
    for (qsizetype start = 0; start < toRead.size(); start += kCompleteBatch) {
        const Result<QList<Task>> tasks =
            TaskRepository::getMany(db, toRead.mid(start, kCompleteBatch));
        if (!tasks.ok())
            return tasks.error();
        for (const Task &task : tasks.value())
            states.insert(task.id, json::taskToApiJson(task));
    }

    QJsonArray assignments;
    QList<qint64> dropped;
    bool taskRows = false;
    bool reset = false;
    for (Pending &row : pending) {
        if (row.bare && !row.drop) {
            const auto it = states.constFind(row.taskId);
            if (it == states.constEnd())
                row.drop = true; // gone already: its deletion follows in the log
            else
                row.payload = it.value();
        }
        if (row.drop) {
            dropped.append(row.id);
            continue;
        }
        QJsonObject assignment{{QStringLiteral("id"), row.id},
                               {QStringLiteral("seq"), qint64(++lastSeq)}};
        if (row.bare)
            assignment.insert(QStringLiteral("payload"), QString::fromUtf8(row.payload));
        assignments.append(assignment);
        taskRows = taskRows || isTaskOp(row.op);
        reset = reset || row.op == QLatin1String("reset");
    }
    if (!assignments.isEmpty()) {
        const QString sql =
            postgres
                ? QStringLiteral(
                      "UPDATE task_changes AS c SET seq = u.seq, payload = "
                      "COALESCE(c.payload, u.payload) FROM json_to_recordset(CAST(? AS json)) "
                      "AS u(id bigint, seq bigint, payload text) WHERE c.id = u.id")
                : QStringLiteral("UPDATE task_changes SET seq = json_extract(u.value, '$.seq'), "
                                 "payload = COALESCE(task_changes.payload, json_extract(u.value, "
                                 "'$.payload')) FROM json_each(?) AS u WHERE task_changes.id = "
                                 "json_extract(u.value, '$.id')");
        if (const VoidResult done =
                exec(db, sql,
                     {QString::fromUtf8(QJsonDocument(assignments).toJson(QJsonDocument::Compact))},
                     "position changes");
            !done.ok())
            return done.error();
    }
    for (qsizetype start = 0; start < dropped.size(); start += kCompleteBatch) {
        const QList<qint64> chunk = dropped.mid(start, kCompleteBatch);
        QStringList marks;
        QVariantList params;
        for (const qint64 id : chunk) {
            marks << QStringLiteral("?");
            params << qlonglong(id);
        }
        QSqlQuery query(db);
        if (!query.prepare(QStringLiteral("DELETE FROM task_changes WHERE id IN (") +
                           marks.join(QStringLiteral(", ")) + QLatin1Char(')')) ||
            !bindAndExec(query, params))
            return ConnectionPool::mapSqlError(query.lastError(), "drop redundant changes");
    }
    outcome.positioned = assignments.size();
    outcome.dropped = dropped.size();

    // metrics.updated: after task rows, when the totals changed, at most one per interval (the
    // interval is kept in the head row, so it holds across instances). After a reset always one,
    // so a WebSocket client sees the skipped number at once.
    metricsDue = metricsDue || taskRows || reset;
    // Only when every row of the snapshot has its position (the totals count them all).
    if (metricsDue && !outcome.more) {
        const qint64 wait = metricsAt + options.metricsIntervalMs - options.now;
        if (wait > 0 && !reset) {
            outcome.metricsWaitMs = wait;
        } else {
            const Result<MetricsSnapshot> metrics = TaskRepository::metrics(db);
            if (!metrics.ok())
                return metrics.error();
            const QByteArray json = json::toApiJson(json::metricsToJson(metrics.value()));
            if (json != metricsJson || reset) {
                if (const VoidResult done = exec(
                        db,
                        QStringLiteral("INSERT INTO task_changes (seq, op, at, payload, detail) "
                                       "VALUES (?, 'metrics', ?, ?, ?)"),
                        {qlonglong(++lastSeq), qlonglong(options.now), QString::fromUtf8(json),
                         QString::fromUtf8(snapshotToText(metrics.value()))},
                        "append metrics");
                    !done.ok())
                    return done.error();
                ++outcome.positioned;
                metricsAt = options.now;
                metricsJson = json;
            }
            metricsDue = false;
        }
    }
    if (const VoidResult done =
            exec(db,
                 QStringLiteral("UPDATE change_log_head SET last_seq = ?, "
                                "metrics_at = ?, metrics_due = ?, "
                                "metrics_json = ?"),
                 {qlonglong(lastSeq), qlonglong(metricsAt), metricsDue,
                  metricsJson.isNull() ? QVariant(QMetaType(QMetaType::QString))
                                       : QVariant(QString::fromUtf8(metricsJson))},
                 "update change log head");
        !done.ok())
        return done.error();
    if (postgres && outcome.positioned > 0) {
        // The wake-up for other instances: sent by this transaction only (one per batch), never
        // by a writer's, so writers do not queue behind NOTIFY's commit lock.
        if (const VoidResult done = exec(db,
                                         QStringLiteral("SELECT pg_notify('") +
                                             QLatin1String(kWakeChannel) + QStringLiteral("', ?)"),
                                         {QString::number(lastSeq)}, "notify change log");
            !done.ok())
            return done.error();
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    outcome.lastSeq = lastSeq;
    return outcome;
}

Result<QList<Entry>> readAfter(QSqlDatabase &db, quint64 after, int limit)
{
    // Positions are dense, so the upper bound only tells the planner what LIMIT means: a range
    // on the seq index whatever the (often stale) statistics of this queue say.
    Result<QList<Entry>> bounded =
        readEntries(db,
                    QStringLiteral("SELECT seq, op, task_id, at, payload, detail FROM task_changes "
                                   "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"),
                    {qlonglong(after), qlonglong(after) + limit, limit});
    if (!bounded.ok() || !bounded.value().isEmpty())
        return bounded;
    // Nothing in the range: retention (of any instance) may have removed it while later rows
    // exist. Read past the hole so the caller sees the gap instead of waiting at it for ever.
    return readEntries(db,
                       QStringLiteral("SELECT seq, op, task_id, at, payload, detail FROM "
                                      "task_changes WHERE seq > ? ORDER BY seq LIMIT ?"),
                       {qlonglong(after), limit});
}

VoidResult refreshStatistics(QSqlDatabase &db)
{
    if (!isPostgres(db))
        return Done{};
    QSqlQuery query(db); // a utility statement: not preparable, so not cached
    if (!query.exec(QStringLiteral("ANALYZE task_changes")))
        return ConnectionPool::mapSqlError(query.lastError(), "analyze the change log");
    return Done{};
}

Result<QList<Entry>> readLast(QSqlDatabase &db, int count)
{
    Result<QList<Entry>> entries =
        readEntries(db,
                    QStringLiteral("SELECT seq, op, task_id, at, payload, detail FROM task_changes "
                                   "WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT ?"),
                    {count});
    if (!entries.ok())
        return entries;
    QList<Entry> ascending = std::move(entries).value();
    std::reverse(ascending.begin(), ascending.end());
    return ascending;
}

Result<quint64> firstRetained(QSqlDatabase &db)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db,
        QStringLiteral("SELECT seq FROM task_changes WHERE seq IS NOT NULL ORDER BY seq LIMIT 1"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "read change log start");
    return query->next() ? query->value(0).toULongLong() : quint64(0);
}

Result<qint64> prune(QSqlDatabase &db, qint64 maxRows, qint64 maxAgeMs, EpochMs now, int batch)
{
    QStringList bounds;
    QVariantList params;
    if (maxRows > 0) {
        bounds << QStringLiteral("seq <= (SELECT last_seq FROM change_log_head) - ?");
        params << qlonglong(maxRows);
    }
    if (maxAgeMs > 0) {
        bounds << QStringLiteral("at < ?");
        params << qlonglong(now - maxAgeMs);
    }
    if (bounds.isEmpty())
        return qint64(0);
    // Only the oldest `batch` positions are looked at (an index range), so a pass where nothing
    // is due costs one short range scan, not a walk over the whole log with a filter.
    params << batch << batch;
    QSqlQuery query(db);
    if (!query.prepare(
            QStringLiteral("DELETE FROM task_changes WHERE id IN (SELECT id FROM task_changes "
                           "WHERE seq IS NOT NULL AND seq < (SELECT last_seq FROM "
                           "change_log_head) AND (") +
            bounds.join(QStringLiteral(" OR ")) +
            QStringLiteral(") AND seq < (SELECT min(seq) FROM task_changes WHERE seq IS NOT "
                           "NULL) + ? ORDER BY seq LIMIT ?)")) ||
        !bindAndExec(query, params))
        return ConnectionPool::mapSqlError(query.lastError(), "prune change log");
    return qint64(query.numRowsAffected());
}

QByteArray wireForm(const Entry &entry)
{
    const std::optional<ChangeType> type = typeFromOp(entry.op);
    if (!type)
        return {};
    // QJsonObject writes its keys sorted: at, metrics, seq, type / at, seq, task, type.
    QByteArray out;
    out.reserve(entry.payload.size() + 120);
    out += "{\"at\":\"";
    out += json::formatTimestamp(entry.at).toUtf8();
    out += "\",";
    if (*type == ChangeType::MetricsUpdated) {
        out += "\"metrics\":";
        out += entry.payload.isEmpty() ? QByteArray("{}") : entry.payload;
        out += ",\"seq\":";
        out += QByteArray::number(entry.seq);
    } else {
        out += "\"seq\":";
        out += QByteArray::number(entry.seq);
        out += ",\"task\":";
        if (*type == ChangeType::TaskDeleted || entry.payload.isEmpty()) {
            out += "{\"id\":\"";
            out += entry.taskId.toString(QUuid::WithoutBraces).toUtf8();
            out += "\"}";
        } else {
            out += entry.payload;
        }
    }
    out += ",\"type\":\"";
    out += changeTypeName(*type).toUtf8();
    out += "\"}";
    return out;
}

std::optional<ChangeEvent> toEvent(const Entry &entry)
{
    const std::optional<ChangeType> type = typeFromOp(entry.op);
    if (!type)
        return std::nullopt;
    ChangeEvent event;
    event.type = *type;
    event.seq = entry.seq;
    event.at = entry.at;
    event.taskId = entry.taskId;
    if (*type == ChangeType::TaskCreated || *type == ChangeType::TaskUpdated) {
        const QJsonDocument document = QJsonDocument::fromJson(entry.payload);
        if (!document.isObject())
            return std::nullopt;
        event.task = json::taskFromJson(document.object());
        if (!event.task || event.task->id != entry.taskId)
            return std::nullopt;
    }
    if (*type == ChangeType::MetricsUpdated)
        event.metrics = entry.metrics;
    event.json = wireForm(entry);
    return event;
}

} // namespace taskdeck::changelog
