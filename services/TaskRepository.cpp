#include "TaskRepository.h"

#include "ApiJson.h"
#include "ApiMessages.h"
#include "AuditLog.h"
#include "ChangeLog.h"
#include "ConnectionPool.h"
#include "SearchProbe.h"
#include "SqlTransaction.h"
#include "TaskJson.h"
#include "TaskRules.h"
#include "TaskSql_p.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>

namespace taskdeck {

using namespace tasksql;

namespace {

Result<Task> selectOne(QSqlDatabase &db, const QUuid &id, bool forUpdate)
{
    if (id.isNull())
        return taskNotFound();
    QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM tasks WHERE id = ?");
    if (forUpdate && isPostgres(db))
        sql += QStringLiteral(" FOR UPDATE");
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << idText(id);
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "select task");
    if (!query->next())
        return taskNotFound();
    const std::optional<Task> task = readTask(*query);
    if (!task)
        return badRow();
    return *task;
}

/// A task mutation's JSON, written once: the audit entry's before/after and the change log's
/// payload are this same text.
QString taskJsonText(const Task &task)
{
    return QString::fromUtf8(json::taskToApiJson(task));
}

/// The audit entry of a task mutation; `before`/`after` null when absent.
VoidResult auditTask(QSqlDatabase &db, const QString &username, const QString &action, EpochMs at,
                     const QUuid &id, const Task *before, const Task *after)
{
    AuditEntry entry;
    entry.at = at;
    entry.username = username;
    entry.action = action;
    entry.target = idText(id);
    if (before)
        entry.before = json::taskToJson(*before);
    if (after)
        entry.after = json::taskToJson(*after);
    return audit::appendAudit(db, entry);
}

/// Inside a write transaction, before its mutation: mutes the change-log triggers for it
/// (SQLite: changelog::sqliteMute; PostgreSQL, on the locking fallback of update(): the
/// transaction-local setting).
VoidResult muteLog(QSqlDatabase &db)
{
    if (!isPostgres(db))
        return changelog::sqliteMute(db);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT ") + changelog::postgresMuteExpression()))
        return ConnectionPool::mapSqlError(query.lastError(), "mute change log triggers");
    return Done{};
}

/// The app's own log row, then (SQLite) the triggers unmuted again (muteLog() muted them before
/// the mutation). Call inside the transaction, before commit.
VoidResult logChangeSqlite(QSqlDatabase &db, ChangeType type, const QUuid &id, EpochMs at,
                           const Task *task)
{
    if (const VoidResult appended =
            changelog::append(db, type, id, at, task ? json::taskToApiJson(*task) : QByteArray());
        !appended.ok())
        return appended;
    return isPostgres(db) ? VoidResult(Done{}) : changelog::sqliteUnmute(db);
}

/// PostgreSQL: the tail of a mutation's single statement: the audit entry and the change-log row
/// for every row the CTE `changed` (columns: id) returns, then the count of those rows. The
/// caller's statement starts with `WITH mute AS (SELECT <mute expression>), changed AS (...)`.
/// Parameters, in order: audit at, username, before JSON, after JSON, log at, payload.
QString auditAndLogTail(const QString &action, const QString &op)
{
    return QStringLiteral(", audited AS (INSERT INTO audit_log (at, username, action, target, "
                          "before_json, after_json) SELECT CAST(? AS bigint), CAST(? AS text), '") +
           action +
           QStringLiteral(
               "', CAST(id AS text), CAST(? AS text), CAST(? AS text) FROM changed), "
               "logged AS (INSERT INTO task_changes (op, task_id, at, payload) SELECT '") +
           op +
           QStringLiteral("', id, CAST(? AS bigint), CAST(? AS text) FROM changed) "
                          "SELECT count(*) FROM changed");
}

QString muteHead()
{
    return QStringLiteral("WITH mute AS MATERIALIZED (SELECT ") +
           changelog::postgresMuteExpression() + QStringLiteral(" AS muted), ");
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

/// Runs a PostgreSQL single-statement mutation (autocommit: one round trip) and returns the
/// number of task rows it changed.
Result<qint64> execCounted(QSqlDatabase &db, const QString &sql, const QVariantList &params,
                           const char *context)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, params) || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), context);
    return query->value(0).toLongLong();
}

/// One task as a record of the json_to_recordset() of insertMany()/updateMany(): the columns
/// with their stored encodings, `n` (the position in the group), `audit_user` and `body` (the
/// API JSON, for the audit entry and the log row). Keys a statement does not declare are ignored.
QJsonObject taskRecord(const Task &task, qsizetype n, const QString &auditUser)
{
    const auto orNull = [](const auto &value) {
        return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
    };
    const auto msOrNull = [](const std::optional<EpochMs> &ms) {
        return ms ? QJsonValue(qint64(*ms)) : QJsonValue(QJsonValue::Null);
    };
    const QVariant result = resultText(task.result);
    return QJsonObject{
        {QStringLiteral("n"), qint64(n)},
        {QStringLiteral("id"), idText(task.id)},
        {QStringLiteral("title"), task.title},
        {QStringLiteral("description"), orNull(task.description)},
        {QStringLiteral("category"), orNull(task.category)},
        {QStringLiteral("status"), statusName(task.status)},
        {QStringLiteral("priority"), task.priority},
        {QStringLiteral("cost_e4"), qint64(task.costE4)},
        {QStringLiteral("result"),
         result.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.toString())},
        {QStringLiteral("error_message"), orNull(task.errorMessage)},
        {QStringLiteral("created_by"), orNull(task.createdBy)},
        {QStringLiteral("created_at"), qint64(task.createdAt)},
        {QStringLiteral("updated_at"), qint64(task.updatedAt)},
        {QStringLiteral("started_at"), msOrNull(task.startedAt)},
        {QStringLiteral("completed_at"), msOrNull(task.completedAt)},
        {QStringLiteral("version"), task.version},
        {QStringLiteral("search_text"), TaskRepository::searchText(task.title, task.description)},
        {QStringLiteral("audit_user"), auditUser},
        {QStringLiteral("body"), taskJsonText(task)},
    };
}

/// The optimistic compare-and-set of update()/remove() on PostgreSQL lost against another
/// writer this many times in a row: update() then takes the row lock; remove() reports a
/// conflict rather than looping.
constexpr int kMaxCasAttempts = 3;

ServiceError versionMismatch()
{
    return ServiceError{ServiceError::Kind::PreconditionFailed,
                        QStringLiteral("Task has been modified (version mismatch)"),
                        {}};
}

/// Total from the maintained statistics, for filters on status/category only.
/// SELECT of the number of rows matching a filter of statuses and category only, from the
/// statistics (migration 013's task_stats_current), with its parameters.
Where statsCount(const TaskFilter &filter)
{
    QStringList parts;
    QVariantList params;
    if (!filter.statuses.isEmpty()) {
        QStringList marks;
        QSet<TaskStatus> seen;
        for (TaskStatus status : filter.statuses) {
            if (seen.contains(status))
                continue;
            seen.insert(status);
            marks << QStringLiteral("?");
            params << statusName(status);
        }
        parts << QStringLiteral("status IN (") + marks.join(QStringLiteral(", ")) +
                     QLatin1Char(')');
    }
    if (filter.category && filter.category->contains(QChar(u'\0'))) {
        parts << QStringLiteral("1 = 0"); // no stored category holds NUL
    } else if (filter.category) {
        parts << QStringLiteral("category = ?");
        params << text(*filter.category); // '' is the key of "no category"
    }
    Where count;
    count.sql = QStringLiteral(
        "SELECT CAST(COALESCE(SUM(task_count), 0) AS BIGINT) FROM task_stats_current");
    if (!parts.isEmpty())
        count.sql += QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    count.params = params;
    return count;
}

Result<qint64> countFromStats(QSqlDatabase &db, const TaskFilter &filter)
{
    const Where count = statsCount(filter);
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, count.sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, count.params) || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), "count tasks (stats)");
    return query->value(0).toLongLong();
}

} // namespace

QString TaskRepository::searchText(const QString &title, const std::optional<QString> &description)
{
    const QString text = title + QLatin1Char('\n') + description.value_or(QString());
    return text.toCaseFolded();
}

QString TaskRepository::likePattern(const QString &needle)
{
    QString escaped;
    const QString folded = needle.toCaseFolded();
    escaped.reserve(folded.size() + 8);
    for (const QChar c : folded) {
        if (c == QLatin1Char('!') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += QLatin1Char('!');
        escaped += c;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

namespace {

/// A q= needle whose estimated matches exceed this is searched without the trigram index
/// (PostgreSQL). Measured at 1M tasks (docs/MEASUREMENTS.md): the GIN scan merges the posting
/// lists of every trigram of the needle, which costs more than a sequential scan once the
/// needle matches some percent of the rows (28,000 matches: index 0.8 s, scan 1.4 s; 114,000:
/// index 3.4 s, scan 1.7 s), while the planner costs the index as cheap in both cases.
constexpr double kIndexedSearchMaxRows = 50000;

/// Above this many estimated matches a q= needle is read with all its trigrams, without a probe
/// (TrigramSample): the page is then cheapest as a walk of the sort index that stops after a page
/// of matches, which the probe's needle filter (estimated by PostgreSQL at a default selectivity)
/// would trade for a read of every candidate. Measured at 1M tasks: `escalation` (28,001
/// matches) page 12 ms plain, 118 ms through the probe.
constexpr double kSearchProbeMaxRows = 10000;

/// Trigram samples of `tasks.search_text` per database (host, port, name), reread after
/// kTrigramSampleMaxAgeMs so they follow ANALYZE; shared by the pool's threads.
constexpr qint64 kTrigramSampleMaxAgeMs = 10 * 60 * 1000;
struct CachedSample
{
    std::shared_ptr<const TrigramSample> sample;
    qint64 loadedAtMs = 0;
};
Q_CONSTINIT QBasicMutex g_samplesMutex;
QHash<QString, CachedSample> &cachedSamples()
{
    static QHash<QString, CachedSample> samples;
    return samples;
}

QString databaseIdentity(const QSqlDatabase &db)
{
    return db.hostName() + QLatin1Char(':') + QString::number(db.port()) + QLatin1Char('/') +
           db.databaseName();
}

/// The sample PostgreSQL's ANALYZE keeps of `tasks.search_text` (histogram bounds and most
/// common values), cached; an empty sample when the column has no statistics yet or they cannot
/// be read (then searches use the plain needle).
std::shared_ptr<const TrigramSample> trigramSample(QSqlDatabase &db)
{
    const QString identity = databaseIdentity(db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        const QMutexLocker locker(&g_samplesMutex);
        const auto found = cachedSamples().constFind(identity);
        if (found != cachedSamples().constEnd() && now - found->loadedAtMs < kTrigramSampleMaxAgeMs)
            return found->sample;
    }
    QStringList texts;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    static const QString where = QStringLiteral(
        " WHERE s.schemaname = current_schema() AND s.tablename = 'tasks' AND s.attname = "
        "'search_text'");
    if (query.exec(QStringLiteral("SELECT v FROM pg_stats s, unnest(CAST(CAST(s.histogram_bounds "
                                  "AS text) AS text[])) AS v") +
                   where +
                   QStringLiteral(" UNION ALL SELECT v FROM pg_stats s, "
                                  "unnest(CAST(CAST(s.most_common_vals AS text) AS text[])) AS v") +
                   where)) {
        while (query.next())
            texts << query.value(0).toString();
    } else {
        qWarning("taskdeck.db: search statistics not read (%s); q= reads every trigram",
                 qPrintable(query.lastError().text()));
    }
    query.finish();
    auto sample = std::make_shared<const TrigramSample>(texts);
    const QMutexLocker locker(&g_samplesMutex);
    cachedSamples().insert(identity, CachedSample{sample, now});
    return sample;
}

/// PostgreSQL, a q= search, inside a transaction: plans this transaction's statements for their
/// parameter values (plan_cache_mode = force_custom_plan, transaction-local). A prepared
/// statement otherwise switches to a generic plan after five runs, costed without the pattern:
/// it may then read a 1-2 character needle through the trigram index (which has no trigram to
/// look up and reads all of it) or walk the sort index for a rare needle. With the pattern known
/// the planner picks the trigram index for selective needles and a scan otherwise. When the
/// planner estimates more than kIndexedSearchMaxRows matches, bitmap scans (the only way a GIN
/// index is read) are turned off for the transaction. When the trigram index is used, returns
/// the probe (TrigramSample::chooseProbe) for buildWhere: empty for the plain needle.
Result<QStringList> planSearchForValues(QSqlDatabase &db, const TaskFilter &filter)
{
    if (filter.search.isEmpty() || filter.search.contains(QChar(u'\0')) || !isPostgres(db))
        return QStringList();
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db, QStringLiteral("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"),
        &error);
    if (!query)
        return error;
    {
        Finisher finisher{query};
        if (!bindAndExec(*query, {}))
            return ConnectionPool::mapSqlError(query->lastError(), "search plan mode");
    }
    // EXPLAIN takes no parameters: the pattern as a literal quoted by the driver
    // (PQescapeStringConn).
    QSqlField field(QStringLiteral("pattern"), QMetaType(QMetaType::QString));
    field.setValue(TaskRepository::likePattern(filter.search));
    QSqlQuery explain(db);
    if (!explain.exec(QStringLiteral("EXPLAIN (FORMAT JSON) SELECT 1 FROM tasks WHERE search_text "
                                     "LIKE ") +
                      db.driver()->formatValue(field) + QStringLiteral(" ESCAPE '!'")) ||
        !explain.next())
        return ConnectionPool::mapSqlError(explain.lastError(), "search estimate");
    const QString planText = explain.value(0).toString();
    const QJsonDocument plan = QJsonDocument::fromJson(planText.toUtf8());
    const double rows = plan.array()
                            .at(0)
                            .toObject()
                            .value(QStringLiteral("Plan"))
                            .toObject()
                            .value(QStringLiteral("Plan Rows"))
                            .toDouble();
    explain.finish();
    if (rows > kIndexedSearchMaxRows) {
        QSqlQuery off(db);
        if (!off.exec(QStringLiteral("SELECT set_config('enable_bitmapscan', 'off', true)")))
            return ConnectionPool::mapSqlError(off.lastError(), "search plan");
        return QStringList();
    }
    if (rows > kSearchProbeMaxRows ||
        !planText.contains(QLatin1String("\"tasks_search_trgm_idx\"")))
        return QStringList(); // no trigram index (pg_trgm missing), or too few rows to use it
    return trigramSample(db)->chooseProbe(filter.search.toCaseFolded());
}

} // namespace

namespace {

/// COUNT(*) of the rows matching `filter`, the search read through `searchProbe`
/// (planSearchForValues).
Result<qint64> countMatching(QSqlDatabase &db, const TaskFilter &filter,
                             const QStringList &searchProbe)
{
    const Where where = buildWhere(filter, searchProbe);
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM tasks") + where.sql;
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, where.params) || !query->next())
        return ConnectionPool::mapSqlError(query->lastError(), "count tasks");
    return query->value(0).toLongLong();
}

bool countsFromStats(const TaskFilter &filter)
{
    return filter.search.isEmpty() && !filter.createdAfter && !filter.createdBefore &&
           filter.priorities.isEmpty() && !filter.createdBy && !filter.completedAfter &&
           !filter.completedBefore;
}

} // namespace

Result<QStringList> TaskRepository::searchProbe(QSqlDatabase &db, const TaskFilter &filter)
{
    return planSearchForValues(db, filter);
}

Result<qint64> TaskRepository::count(QSqlDatabase &db, const TaskFilter &filter)
{
    if (countsFromStats(filter))
        return countFromStats(db, filter);
    const Result<QStringList> probe = planSearchForValues(db, filter);
    if (!probe.ok())
        return probe.error();
    return countMatching(db, filter, probe.value());
}

namespace {

/// `where` (" WHERE ..." or "") extended by `condition`.
QString andWhere(const QString &where, const QString &condition)
{
    if (where.isEmpty())
        return QStringLiteral(" WHERE ") + condition;
    return where + QStringLiteral(" AND ") + condition;
}

/// The name a page's i-th selected key column gets (a key column may also be in kColumns, as
/// started_at is: the alias keeps the outer ORDER BY of a merged seek unambiguous).
QString keyAlias(qsizetype i)
{
    return QStringLiteral("sort_k%1").arg(i);
}

/// kColumns followed by the sort's key columns as keyAlias(i) (readKey() reads them back).
QString pageColumns(const QList<SortKeyColumn> &keyColumns)
{
    QString columns = kColumns;
    for (qsizetype i = 0; i < keyColumns.size(); ++i)
        columns +=
            QStringLiteral(", ") + keyColumns.at(i).name + QStringLiteral(" AS ") + keyAlias(i);
    return columns;
}

/// A sort whose key is (flag always ascending, value): the rows without a value (flag 1, value
/// null) come last in both directions.
bool hasNullRange(const QList<SortKeyColumn> &keyColumns)
{
    return keyColumns.size() == 2 && keyColumns.first().alwaysAscending;
}

bool isTextKeyColumn(const QString &name)
{
    return name.endsWith(QLatin1String("_key"));
}

/// The key columns selected from column `first` on (after kColumns: kTaskColumnCount), as
/// TaskListKey values.
TaskListKey readKey(const QSqlQuery &query, int first, const QList<SortKeyColumn> &keyColumns,
                    const QUuid &id)
{
    TaskListKey key;
    key.id = id;
    for (qsizetype i = 0; i < keyColumns.size(); ++i) {
        const QVariant value = query.value(first + int(i));
        if (value.isNull())
            key.values << QVariant();
        else if (isTextKeyColumn(keyColumns.at(i).name))
            key.values << value.toString();
        else
            key.values << QVariant(value.toLongLong());
    }
    return key;
}

constexpr int kTaskColumnCount = 15; // readTask()'s columns

struct Statement
{
    QString sql;
    QVariantList params;
};

/// PostgreSQL: true when one plan serves the first page of `filter` for every value of its
/// parameters, so a generic plan is as good as a custom one: no filter (the sort's index is walked
/// from its end), or one status or one category alone with the created_at sort
/// (tasks_status_created_idx and tasks_category_created_idx lead with the filtered column). A
/// range, a search, several statuses or another column make the best plan depend on the values
/// (the selectivity decides between walking the sort index and sorting the matches).
bool firstPageHasOnePlan(const TaskFilter &filter)
{
    if (!filter.search.isEmpty() || filter.createdAfter || filter.createdBefore ||
        filter.completedAfter || filter.completedBefore || !filter.priorities.isEmpty() ||
        filter.createdBy)
        return false;
    const qsizetype statuses =
        QSet<TaskStatus>(filter.statuses.cbegin(), filter.statuses.cend()).size();
    if (statuses == 0 && !filter.category)
        return true;
    return filter.sort == TaskSortField::CreatedAt &&
           ((statuses == 1 && !filter.category) || (statuses == 0 && filter.category));
}

/// The SELECT of one page: `rows` rows after skipping `offset`, after `after` when set. With
/// `literalFirstPage` (offset 0, no `after`, firstPageHasOnePlan) the LIMIT is written as a
/// literal (1..kMaxPageLimit + 1: at most 101 texts per filter shape in a connection's statement
/// cache) and OFFSET left out, so PostgreSQL costs the generic plan of the prepared statement as
/// what it is and uses it after five runs. With `LIMIT ? OFFSET ?` the generic plan is costed for
/// unknown values (a tenth of the rows each) and never beats a custom plan, so every run was
/// planned again: at `status=failed&limit=10` planning took 0.49 ms of the 0.65 ms of PostgreSQL
/// CPU per request (pg_stat_statements with track_planning, bench/run.sh list_failed, 20k).
Statement pageStatement(const TaskFilter &filter, const QStringList &searchProbe,
                        const std::optional<TaskListKey> &after, qint64 offset, qint64 rows,
                        bool literalFirstPage = false)
{
    const Where where = buildWhere(filter, searchProbe);
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);
    const QString columns = pageColumns(keyColumns);
    const QString order = orderBy(filter);
    const bool ascending = filter.order == SortOrder::Ascending;
    const QString op = ascending ? QStringLiteral(">") : QStringLiteral("<");
    const QString dir = ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    const QString head = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM tasks");
    const QString tail = QStringLiteral(" LIMIT ? OFFSET ?");
    Statement statement;
    if (!after && offset == 0 && literalFirstPage) {
        statement.sql =
            head + where.sql + order + QStringLiteral(" LIMIT ") + QString::number(rows);
        statement.params = where.params;
        return statement;
    }
    if (!after) {
        statement.params = where.params;
        if (offset < TaskRepository::kDeferredJoinOffset) {
            statement.sql = head + where.sql + order + tail;
        } else {
            // Deferred join: the skipped rows are walked in the sort index (id only), then only
            // the page's rows are read.
            statement.sql = head + QStringLiteral(" WHERE id IN (SELECT id FROM tasks") +
                            where.sql + order + tail + QLatin1Char(')') + order +
                            QStringLiteral(" LIMIT ?");
            statement.params << qlonglong(rows) << qlonglong(offset) << qlonglong(rows);
            return statement;
        }
        statement.params << qlonglong(rows) << qlonglong(offset);
        return statement;
    }
    const TaskListKey &key = *after;
    const QString id = idText(key.id);
    if (!hasNullRange(keyColumns)) {
        // One row-value range on the (key, id) index, in either direction.
        statement.sql =
            head +
            andWhere(where.sql,
                     QStringLiteral("(%1, id) %2 (?, ?)").arg(keyColumns.first().name, op)) +
            order + tail;
        statement.params = where.params;
        statement.params << key.values.value(0) << id << qlonglong(rows) << qlonglong(offset);
        return statement;
    }
    // Category, started_at, completed_at, execution_time: (flag ASC, value dir, id dir); the
    // value is null exactly where the flag is 1, and those rows come last in both directions.
    const QString flag = keyColumns.at(0).name;
    const QString value = keyColumns.at(1).name;
    const QString nullRange = QStringLiteral("%1 = 1 AND %2 IS NULL").arg(flag, value);
    if (key.values.value(0).toLongLong() != 0) {
        // Within the rows without a value: by id alone.
        statement.sql = head +
                        andWhere(where.sql, nullRange + QStringLiteral(" AND id ") + op +
                                                QStringLiteral(" ?")) +
                        order + tail;
        statement.params = where.params;
        statement.params << id << qlonglong(rows) << qlonglong(offset);
        return statement;
    }
    // The rest of the rows with a value, then all rows without one: two index ranges (one OR
    // would defeat the index), each limited, merged in list order (by the selected key aliases).
    const qlonglong inner = qlonglong(offset + rows);
    const QString rest =
        head +
        andWhere(where.sql, QStringLiteral("%1 = 0 AND (%2, id) %3 (?, ?)").arg(flag, value, op)) +
        QStringLiteral(" ORDER BY %1 %2, id %2 LIMIT ?").arg(value, dir);
    // Ordered like the index (the value is null throughout), so PostgreSQL reads this range
    // from it rather than walking the primary key and filtering.
    const QString nulls = head + andWhere(where.sql, nullRange) +
                          QStringLiteral(" ORDER BY %1 %2, id %2 LIMIT ?").arg(value, dir);
    statement.sql =
        QStringLiteral("SELECT * FROM (") + rest +
        QStringLiteral(") AS seek_rest UNION ALL SELECT * FROM (") + nulls +
        QStringLiteral(") AS seek_nulls") +
        QStringLiteral(" ORDER BY %1 ASC, %2 %3, id %3").arg(keyAlias(0), keyAlias(1), dir) + tail;
    statement.params = where.params;
    statement.params << key.values.value(1) << id << inner;
    statement.params += where.params;
    statement.params << inner << qlonglong(rows) << qlonglong(offset);
    return statement;
}

/// " ORDER BY" of a page's selected key aliases and id (the outer order of a statement that
/// wraps a page).
QString aliasOrderBy(const TaskFilter &filter)
{
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);
    const QString dir =
        filter.order == SortOrder::Ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QStringList terms;
    for (qsizetype i = 0; i < keyColumns.size(); ++i)
        terms << keyAlias(i) + QLatin1Char(' ') +
                     (keyColumns.at(i).alwaysAscending ? QStringLiteral("ASC") : dir);
    terms << QStringLiteral("id ") + dir;
    return QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
}

/// PostgreSQL, no search: the total and the page in one statement, so one round trip and one
/// snapshot instead of BEGIN, count, page and COMMIT (four round trips: most of a list request's
/// cost in PostgreSQL and in the pool thread at 64 connections, bench/run.sh list_failed). Rows
/// as countedPageStatement's.
Statement totalWithPageStatement(const TaskFilter &filter, const std::optional<TaskListKey> &after,
                                 qint64 offset, qint64 rows)
{
    Where count;
    if (countsFromStats(filter)) {
        count = statsCount(filter);
    } else {
        count = buildWhere(filter);
        count.sql = QStringLiteral("SELECT COUNT(*) FROM tasks") + count.sql;
    }
    const Statement page =
        pageStatement(filter, {}, after, offset, rows, firstPageHasOnePlan(filter));
    Statement statement;
    statement.sql = QStringLiteral("SELECT page.*, counted.total FROM (") + count.sql +
                    QStringLiteral(") AS counted (total) LEFT JOIN LATERAL (") + page.sql +
                    QStringLiteral(") AS page ON true") + aliasOrderBy(filter);
    statement.params = count.params + page.params;
    return statement;
}

/// PostgreSQL, a search read through a probe (planSearchForValues), no cursor: the page and the
/// total from one read of the matching rows. Each row is kColumns, the key aliases and the total;
/// past the last match, one row of nulls with the total. (Separately, the count and the page each
/// read every candidate row: two thirds of a selective search's time at 1M tasks.)
Statement countedPageStatement(const TaskFilter &filter, const QStringList &searchProbe,
                               qint64 offset, qint64 rows)
{
    const Where where = buildWhere(filter, searchProbe);
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);
    const QString order = aliasOrderBy(filter);
    Statement statement;
    statement.sql = QStringLiteral("WITH matches AS MATERIALIZED (SELECT ") +
                    pageColumns(keyColumns) + QStringLiteral(" FROM tasks") + where.sql +
                    QStringLiteral(") SELECT page.*, counted.total FROM (SELECT COUNT(*) AS total "
                                   "FROM matches) AS counted LEFT JOIN LATERAL (SELECT * FROM "
                                   "matches") +
                    order + QStringLiteral(" LIMIT ? OFFSET ?) AS page ON true") + order;
    statement.params = where.params;
    statement.params << qlonglong(rows) << qlonglong(offset);
    return statement;
}

} // namespace

bool TaskRepository::isValidKey(TaskSortField sort, const TaskListKey &key)
{
    if (key.id.isNull())
        return false;
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(sort);
    if (key.values.size() != keyColumns.size())
        return false;
    if (hasNullRange(keyColumns)) {
        const QVariant &isNull = key.values.at(0);
        const QVariant &value = key.values.at(1);
        if (isNull.typeId() != QMetaType::LongLong)
            return false;
        if (isNull.toLongLong() == 1)
            return value.isNull();
        const QMetaType::Type valueType =
            isTextKeyColumn(keyColumns.at(1).name) ? QMetaType::QString : QMetaType::LongLong;
        return isNull.toLongLong() == 0 && !value.isNull() && value.typeId() == valueType;
    }
    const QVariant &value = key.values.at(0);
    if (value.isNull())
        return false;
    return isTextKeyColumn(keyColumns.at(0).name) ? value.typeId() == QMetaType::QString
                                                  : value.typeId() == QMetaType::LongLong;
}

Result<TaskPage> TaskRepository::list(QSqlDatabase &db, const TaskFilter &filter, qint64 offset,
                                      int limit, bool withTotal,
                                      const std::optional<TaskListKey> &after)
{
    TaskPage page;
    page.offset = offset;
    page.limit = limit;
    page.total = -1;
    page.afterKey = after.has_value();
    if (after && !isValidKey(filter.sort, *after))
        return ServiceError::validation(
            {FieldError{{QStringLiteral("query"), QStringLiteral("cursor")},
                        msg::invalidCursor(),
                        QStringLiteral("value_error")}});
    // Count and page in one read transaction so they agree (one snapshot on both databases), or
    // in one statement (PostgreSQL without a search).
    SqlTransaction transaction(db);
    QStringList searchProbe;
    const bool oneStatement = withTotal && filter.search.isEmpty() && isPostgres(db);
    if (!oneStatement && (withTotal || (!filter.search.isEmpty() && isPostgres(db)))) {
        // (A search on PostgreSQL: the plan mode is set for a transaction.)
        if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
            return begun.error();
        const Result<QStringList> planned = planSearchForValues(db, filter);
        if (!planned.ok())
            return planned.error();
        searchProbe = planned.value();
    }
    const bool countWithPage = oneStatement || (withTotal && !after && !searchProbe.isEmpty());
    if (withTotal && !countWithPage) {
        const Result<qint64> total = countsFromStats(filter)
                                         ? countFromStats(db, filter)
                                         : countMatching(db, filter, searchProbe);
        if (!total.ok())
            return total.error();
        page.total = total.value();
    }
    if (countWithPage || !withTotal || after || page.total > offset) {
        const Statement statement =
            oneStatement    ? totalWithPageStatement(filter, after, offset, qint64(limit) + 1)
            : countWithPage ? countedPageStatement(filter, searchProbe, offset, qint64(limit) + 1)
                            : pageStatement(filter, searchProbe, after, offset, qint64(limit) + 1);
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query =
            ConnectionPool::cachedQuery(db, statement.sql, &error);
        if (!query)
            return error;
        Finisher finisher{query};
        if (!bindAndExec(*query, statement.params))
            return ConnectionPool::mapSqlError(query->lastError(), "list tasks");
        const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);
        page.tasks.reserve(limit);
        TaskListKey lastKey;
        const int totalColumn = kTaskColumnCount + int(keyColumns.size());
        while (query->next()) {
            if (countWithPage) {
                page.total = query->value(totalColumn).toLongLong();
                if (query->isNull(0))
                    break; // past the last match: the total alone
            }
            if (page.tasks.size() == limit) {
                // A row follows the page: the next page starts after the page's last row.
                page.nextKey = lastKey;
                break;
            }
            const std::optional<Task> task = readTask(*query);
            if (!task)
                return badRow();
            page.tasks.append(*task);
            lastKey = readKey(*query, kTaskColumnCount, keyColumns, task->id);
        }
    }
    if (countWithPage && page.total < 0)
        return badRow(); // the counted page always has a row
    if (transaction.isActive()) {
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
    }
    return page;
}

Result<TaskRepository::SparseKeys> TaskRepository::sparseKeys(QSqlDatabase &db,
                                                              const TaskFilter &filter, int every)
{
    SparseKeys sparse;
    sparse.every = qMax(1, every);
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    const Result<qint64> total = count(db, filter);
    if (!total.ok())
        return total.error();
    sparse.total = total.value();
    const Where where = buildWhere(filter);
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);
    QStringList names{QStringLiteral("id")};
    for (const SortKeyColumn &column : keyColumns)
        names << column.name;
    const QString columns = names.join(QStringLiteral(", "));
    const QString sql = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM (SELECT ") +
                        columns + QStringLiteral(", ROW_NUMBER() OVER (") +
                        orderBy(filter).trimmed() + QStringLiteral(") AS rn FROM tasks") +
                        where.sql + QStringLiteral(") AS ranked WHERE rn % ? = 0 ORDER BY rn");
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QVariantList params = where.params;
    params << qlonglong(sparse.every);
    if (!query.prepare(sql) || !bindAndExec(query, params))
        return ConnectionPool::mapSqlError(query.lastError(), "sparse keys");
    sparse.keys.reserve(int(sparse.total / sparse.every) + 1);
    while (query.next())
        sparse.keys << readKey(query, 1, keyColumns, QUuid::fromString(query.value(0).toString()));
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return sparse;
}

Result<Task> TaskRepository::get(QSqlDatabase &db, const QUuid &id)
{
    return selectOne(db, id, false);
}

Result<QList<Task>> TaskRepository::getMany(QSqlDatabase &db, const QList<QUuid> &ids)
{
    QList<Task> tasks;
    if (ids.isEmpty())
        return tasks;
    const auto read = [&tasks](QSqlQuery &query) -> Result<QList<Task>> {
        while (query.next()) {
            const std::optional<Task> task = readTask(query);
            if (!task)
                return badRow();
            tasks.append(*task);
        }
        return tasks;
    };
    if (isPostgres(db)) {
        // One statement for any number of ids, prepared once per connection: an `IN (?, ...)`
        // list is a new statement per count, prepared and deallocated on every call (three round
        // trips; this is the read before every grouped PATCH and every grouped GET by id).
        QStringList texts;
        texts.reserve(ids.size());
        for (const QUuid &id : ids)
            texts << idText(id);
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
            db,
            QStringLiteral("SELECT ") + kColumns +
                QStringLiteral(" FROM tasks WHERE id = ANY (CAST(? AS uuid[]))"),
            &error);
        if (!query)
            return error;
        Finisher finisher{query};
        if (!bindAndExec(*query, {QString(QLatin1Char('{') + texts.join(QLatin1Char(',')) +
                                          QLatin1Char('}'))}))
            return ConnectionPool::mapSqlError(query->lastError(), "select tasks by id");
        return read(*query);
    }
    const Where where = idIn(ids);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM tasks WHERE ") +
                  where.sql);
    if (!bindAndExec(query, where.params))
        return ConnectionPool::mapSqlError(query.lastError(), "select tasks by id");
    return read(query);
}

Result<Task> TaskRepository::insert(QSqlDatabase &db, const Task &task,
                                    const std::optional<QString> &auditUser)
{
    if (auditUser && isPostgres(db)) {
        // One statement, autocommit: the row, its audit entry and its change-log row commit
        // together in one round trip (migration 006).
        static const QString sql =
            muteHead() +
            QStringLiteral(
                "changed AS (INSERT INTO tasks (id, title, description, category, status, "
                "priority, cost_e4, result, error_message, created_by, created_at, updated_at, "
                "started_at, completed_at, version, search_text) SELECT CAST(? AS uuid), "
                "CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), "
                "CAST(? AS smallint), CAST(? AS bigint), CAST(? AS jsonb), CAST(? AS text), "
                "CAST(? AS text), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint), "
                "CAST(? AS bigint), CAST(? AS integer), CAST(? AS text) FROM mute RETURNING id)") +
            auditAndLogTail(QStringLiteral("task.create"), QStringLiteral("created"));
        const QString json = taskJsonText(task);
        QVariantList params;
        params << idText(task.id) << text(task.title) << optional(task.description)
               << optional(task.category) << statusName(task.status) << task.priority
               << qlonglong(task.costE4) << resultText(task.result) << optional(task.errorMessage)
               << optional(task.createdBy) << qlonglong(task.createdAt) << qlonglong(task.updatedAt)
               << optional(task.startedAt) << optional(task.completedAt) << task.version
               << searchText(task.title, task.description);
        params << qlonglong(task.createdAt) << text(*auditUser) << nullText() << json
               << qlonglong(task.createdAt) << json;
        const Result<qint64> inserted = execCounted(db, sql, params, "insert task");
        if (!inserted.ok())
            return inserted.error();
        return task;
    }

    SqlTransaction transaction(db);
    if (auditUser) {
        if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
            return begun.error();
        if (const VoidResult muted = changelog::sqliteMute(db); !muted.ok())
            return muted.error();
    }
    {
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query =
            ConnectionPool::cachedQuery(db, insertSql(1), &error);
        if (!query)
            return error;
        Finisher finisher{query};
        Binder binder(*query);
        bindTaskValues(binder, task);
        if (!query->exec())
            return ConnectionPool::mapSqlError(query->lastError(), "insert task");
    }
    if (auditUser) {
        if (const VoidResult audited = auditTask(db, *auditUser, QStringLiteral("task.create"),
                                                 task.createdAt, task.id, nullptr, &task);
            !audited.ok())
            return audited.error();
        if (const VoidResult logged =
                logChangeSqlite(db, ChangeType::TaskCreated, task.id, task.createdAt, &task);
            !logged.ok())
            return logged.error();
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
    }
    return task;
}

VoidResult TaskRepository::insertMany(QSqlDatabase &db, const QList<Task> &tasks,
                                      const QList<QString> &auditUsers)
{
    Q_ASSERT(isPostgres(db) && tasks.size() == auditUsers.size());
    if (tasks.isEmpty())
        return Done{};
    // The rows travel as one JSON array (one prepared statement whatever the group size);
    // `n` keeps their order in the log.
    static const QString sql =
        muteHead() +
        QStringLiteral(
            "batch AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST(? AS json)) AS r(n "
            "integer, id uuid, title text, description text, category text, status text, "
            "priority smallint, cost_e4 bigint, result text, error_message text, created_by "
            "text, created_at bigint, updated_at bigint, started_at bigint, completed_at bigint, "
            "version integer, search_text text, audit_user text, body text)), "
            "changed AS (INSERT INTO tasks (id, title, description, category, status, priority, "
            "cost_e4, result, error_message, created_by, created_at, updated_at, started_at, "
            "completed_at, version, search_text) SELECT id, title, description, category, "
            "status, priority, cost_e4, CAST(result AS jsonb), error_message, created_by, "
            "created_at, updated_at, started_at, completed_at, version, search_text FROM batch, "
            "mute ORDER BY n RETURNING id), "
            "audited AS (INSERT INTO audit_log (at, username, action, target, before_json, "
            "after_json) SELECT created_at, audit_user, 'task.create', CAST(id AS text), NULL, "
            "body FROM batch ORDER BY n), "
            "logged AS (INSERT INTO task_changes (op, task_id, at, payload) SELECT 'created', "
            "id, created_at, body FROM batch ORDER BY n) "
            "SELECT count(*) FROM changed");
    QJsonArray rows;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const Task &task = tasks.at(i);
        rows.append(taskRecord(task, i, auditUsers.at(i)));
    }
    const Result<qint64> inserted = execCounted(
        db, sql, {QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))},
        "insert tasks");
    if (!inserted.ok())
        return inserted.error();
    if (inserted.value() != tasks.size()) // cannot happen: the statement is all or nothing
        return ServiceError::internal();
    return Done{};
}

namespace {

/// PostgreSQL update(): read, check, then one statement that writes the row with a
/// compare-and-set on the version read, plus its audit entry and change-log row (two round
/// trips, no explicit transaction, no row lock held across round trips). The CAS loses only
/// when another writer changed the row in between: with `expectedVersion` that is a 412 (as it
/// would have been under a lock); without, the patch is applied again to the new row.
/// std::nullopt after kMaxCasAttempts lost in a row (many writers of one task): the caller then
/// takes the row lock instead, which always makes progress.
std::optional<Result<TaskRepository::UpdateOutcome>>
updatePostgres(QSqlDatabase &db, const QUuid &id, const TaskPatch &patch,
               std::optional<int> expectedVersion, EpochMs nowMs, const QString &auditUser)
{
    static const QString sql =
        muteHead() +
        QStringLiteral(
            "changed AS (UPDATE tasks SET title = CAST(? AS text), description = CAST(? AS text), "
            "category = CAST(? AS text), status = CAST(? AS text), priority = CAST(? AS "
            "smallint), cost_e4 = CAST(? AS bigint), result = CAST(? AS jsonb), error_message = "
            "CAST(? AS text), updated_at = CAST(? AS bigint), started_at = CAST(? AS bigint), "
            "completed_at = CAST(? AS bigint), version = CAST(? AS integer), search_text = "
            "CAST(? AS text) FROM mute WHERE id = CAST(? AS uuid) AND version = CAST(? AS "
            "integer) RETURNING id)") +
        auditAndLogTail(QStringLiteral("task.update"), QStringLiteral("updated"));
    for (int attempt = 0; attempt < kMaxCasAttempts; ++attempt) {
        const Result<Task> current = selectOne(db, id, false);
        if (!current.ok())
            return current.error();
        if (expectedVersion && *expectedVersion != current.value().version)
            return versionMismatch();
        const Result<Task> next = rules::applyPatch(current.value(), patch, nowMs);
        if (!next.ok())
            return next.error();
        const Task &task = next.value();
        if (task.version == current.value().version)
            return TaskRepository::UpdateOutcome{current.value(), false};
        const QString after = taskJsonText(task);
        QVariantList params;
        params << text(task.title) << optional(task.description) << optional(task.category)
               << statusName(task.status) << task.priority << qlonglong(task.costE4)
               << resultText(task.result) << optional(task.errorMessage)
               << qlonglong(task.updatedAt) << optional(task.startedAt)
               << optional(task.completedAt) << task.version
               << TaskRepository::searchText(task.title, task.description) << idText(id)
               << current.value().version;
        params << qlonglong(nowMs) << text(auditUser) << taskJsonText(current.value()) << after
               << qlonglong(nowMs) << after;
        const Result<qint64> written = execCounted(db, sql, params, "update task");
        if (!written.ok())
            return written.error();
        if (written.value() == 1)
            return TaskRepository::UpdateOutcome{task, true};
        // Changed or deleted since it was read: read again (412/404 come from there).
    }
    return std::nullopt;
}

/// PostgreSQL remove(): read the row (the audit entry's `before`), then delete it with a
/// compare-and-set on that version together with its audit entry and change-log row.
Result<Done> removePostgres(QSqlDatabase &db, const QUuid &id, const QString &auditUser,
                            EpochMs nowMs)
{
    static const QString sql =
        muteHead() +
        QStringLiteral("changed AS (DELETE FROM tasks USING mute WHERE id = CAST(? AS uuid) AND "
                       "version = CAST(? AS integer) RETURNING id)") +
        auditAndLogTail(QStringLiteral("task.delete"), QStringLiteral("deleted"));
    for (int attempt = 0; attempt < kMaxCasAttempts; ++attempt) {
        const Result<Task> current = selectOne(db, id, false);
        if (!current.ok())
            return current.error();
        QVariantList params;
        params << idText(id) << current.value().version;
        params << qlonglong(nowMs) << text(auditUser) << taskJsonText(current.value()) << nullText()
               << qlonglong(nowMs) << nullText();
        const Result<qint64> deleted = execCounted(db, sql, params, "delete task");
        if (!deleted.ok())
            return deleted.error();
        if (deleted.value() == 1)
            return Done{};
    }
    return ServiceError::conflict(QStringLiteral("Task is being changed by others; try again"));
}

} // namespace

Result<QList<std::optional<Result<TaskRepository::UpdateOutcome>>>>
TaskRepository::updateMany(QSqlDatabase &db, const QList<PatchRequest> &requests, EpochMs nowMs)
{
    Q_ASSERT(isPostgres(db));
    QList<std::optional<Result<UpdateOutcome>>> answers(requests.size());
    QList<QUuid> ids;
    for (const PatchRequest &request : requests)
        ids << request.id;
    const Result<QList<Task>> rows = getMany(db, ids);
    if (!rows.ok())
        return rows.error();
    QHash<QUuid, Task> current;
    for (const Task &task : rows.value())
        current.insert(task.id, task);

    static const QString sql =
        muteHead() +
        QStringLiteral(
            "batch AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST(? AS json)) AS r(n "
            "integer, id uuid, expected integer, title text, description text, category text, "
            "status text, priority smallint, cost_e4 bigint, result text, error_message text, "
            "updated_at bigint, started_at bigint, completed_at bigint, version integer, "
            "search_text text, audit_user text, before_json text, body text)), "
            "changed AS (UPDATE tasks AS t SET title = b.title, description = b.description, "
            "category = b.category, status = b.status, priority = b.priority, cost_e4 = "
            "b.cost_e4, result = CAST(b.result AS jsonb), error_message = b.error_message, "
            "updated_at = b.updated_at, started_at = b.started_at, completed_at = "
            "b.completed_at, version = b.version, search_text = b.search_text FROM (SELECT * "
            "FROM batch ORDER BY id) AS b, mute WHERE t.id = b.id AND t.version = b.expected "
            "RETURNING t.id), "
            "audited AS (INSERT INTO audit_log (at, username, action, target, before_json, "
            "after_json) SELECT b.updated_at, b.audit_user, 'task.update', CAST(b.id AS text), "
            "b.before_json, b.body FROM batch b JOIN changed c ON c.id = b.id ORDER BY b.n), "
            "logged AS (INSERT INTO task_changes (op, task_id, at, payload) SELECT 'updated', "
            "b.id, b.updated_at, b.body FROM batch b JOIN changed c ON c.id = b.id ORDER BY "
            "b.n) "
            "SELECT CAST(id AS text) FROM changed");
    QJsonArray batch;
    QHash<QUuid, qsizetype> written; // id -> request index
    QList<Task> next(requests.size());
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const PatchRequest &request = requests.at(i);
        const auto found = current.constFind(request.id);
        if (found == current.constEnd()) {
            answers[i] = Result<UpdateOutcome>(taskNotFound());
            continue;
        }
        if (request.expectedVersion && *request.expectedVersion != found->version) {
            answers[i] = Result<UpdateOutcome>(versionMismatch());
            continue;
        }
        const Result<Task> patched = rules::applyPatch(*found, request.patch, nowMs);
        if (!patched.ok()) {
            answers[i] = Result<UpdateOutcome>(patched.error());
            continue;
        }
        const Task &task = patched.value();
        if (task.version == found->version) {
            answers[i] = Result<UpdateOutcome>(UpdateOutcome{*found, false});
            continue;
        }
        next[i] = task;
        written.insert(task.id, i);
        QJsonObject record = taskRecord(task, i, request.auditUser);
        record.insert(QStringLiteral("expected"), found->version);
        record.insert(QStringLiteral("before_json"), taskJsonText(*found));
        batch.append(record);
    }
    if (batch.isEmpty())
        return answers;
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << QString::fromUtf8(QJsonDocument(batch).toJson(QJsonDocument::Compact));
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "update tasks");
    while (query->next()) {
        const qsizetype i = written.value(QUuid::fromString(query->value(0).toString()), -1);
        if (i >= 0)
            answers[i] = Result<UpdateOutcome>(UpdateOutcome{next[i], true});
    }
    // The rest of `written` lost their compare-and-set: std::nullopt (the caller retries).
    return answers;
}

Result<TaskRepository::UpdateOutcome>
TaskRepository::update(QSqlDatabase &db, const QUuid &id, const TaskPatch &patch,
                       std::optional<int> expectedVersion, EpochMs nowMs,
                       const std::optional<QString> &auditUser)
{
    if (auditUser && isPostgres(db)) {
        std::optional<Result<UpdateOutcome>> done =
            updatePostgres(db, id, patch, expectedVersion, nowMs, *auditUser);
        if (done)
            return std::move(*done);
    }
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    const Result<Task> current = selectOne(db, id, true);
    if (!current.ok())
        return current.error();
    if (expectedVersion && *expectedVersion != current.value().version)
        return versionMismatch();
    const Result<Task> next = rules::applyPatch(current.value(), patch, nowMs);
    if (!next.ok())
        return next.error();
    const Task &task = next.value();
    if (task.version == current.value().version) {
        transaction.rollback(); // nothing to write
        return UpdateOutcome{current.value(), false};
    }

    if (auditUser) {
        if (const VoidResult muted = muteLog(db); !muted.ok())
            return muted.error();
    }
    static const QString sql = QStringLiteral(
        "UPDATE tasks SET title = ?, description = ?, category = ?, status = ?, priority = ?, "
        "cost_e4 = ?, result = ?, error_message = ?, updated_at = ?, started_at = ?, "
        "completed_at = ?, version = ?, search_text = ? WHERE id = ? AND version = ?");
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << text(task.title) << optional(task.description) << optional(task.category)
                   << statusName(task.status) << task.priority << qlonglong(task.costE4)
                   << resultText(task.result) << optional(task.errorMessage)
                   << qlonglong(task.updatedAt) << optional(task.startedAt)
                   << optional(task.completedAt) << task.version
                   << searchText(task.title, task.description) << idText(id)
                   << current.value().version;
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "update task");
    if (query->numRowsAffected() != 1) // cannot happen under the row/write lock; never guess
        return versionMismatch();
    query->finish();
    if (auditUser) {
        if (const VoidResult audited = auditTask(db, *auditUser, QStringLiteral("task.update"),
                                                 nowMs, id, &current.value(), &task);
            !audited.ok())
            return audited.error();
        if (const VoidResult logged =
                logChangeSqlite(db, ChangeType::TaskUpdated, id, nowMs, &task);
            !logged.ok())
            return logged.error();
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return UpdateOutcome{task, true};
}

Result<Done> TaskRepository::remove(QSqlDatabase &db, const QUuid &id,
                                    const std::optional<QString> &auditUser, EpochMs nowMs)
{
    if (id.isNull())
        return taskNotFound();
    if (auditUser && isPostgres(db))
        return removePostgres(db, id, *auditUser, nowMs);
    SqlTransaction transaction(db);
    std::optional<Task> before;
    if (auditUser) {
        if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
            return begun.error();
        Result<Task> current = selectOne(db, id, true); // the row exactly as it is deleted
        if (!current.ok())
            return current.error();
        before = std::move(current).value();
        if (const VoidResult muted = changelog::sqliteMute(db); !muted.ok())
            return muted.error();
    }
    {
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
            db, QStringLiteral("DELETE FROM tasks WHERE id = ?"), &error);
        if (!query)
            return error;
        Finisher finisher{query};
        Binder(*query) << idText(id);
        if (!query->exec())
            return ConnectionPool::mapSqlError(query->lastError(), "delete task");
        if (query->numRowsAffected() < 1)
            return taskNotFound();
    }
    if (auditUser) {
        if (const VoidResult audited = auditTask(db, *auditUser, QStringLiteral("task.delete"),
                                                 nowMs, id, &*before, nullptr);
            !audited.ok())
            return audited.error();
        if (const VoidResult logged =
                logChangeSqlite(db, ChangeType::TaskDeleted, id, nowMs, nullptr);
            !logged.ok())
            return logged.error();
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
    }
    return Done{};
}

Result<MetricsSnapshot> TaskRepository::metrics(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "SELECT status, category, task_count, cost_e4_sum, completed_exec_ms_sum, "
            "completed_exec_count FROM task_stats_current WHERE task_count <> 0")))
        return ConnectionPool::mapSqlError(query.lastError(), "metrics");
    MetricsSnapshot snapshot;
    while (query.next()) {
        const std::optional<TaskStatus> status = statusFromName(query.value(0).toString());
        if (!status)
            return badRow();
        const qint64 count = query.value(2).toLongLong();
        snapshot.byStatus[static_cast<int>(*status)] += count;
        const QString category = query.value(1).toString();
        const MoneyE4 cost = query.value(3).toLongLong();
        snapshot.byCategory[category] += count;
        snapshot.costByCategory[category] += cost;
        snapshot.totalCostE4 += cost;
        if (*status == TaskStatus::Completed) {
            snapshot.completedExecutionMsSum += query.value(4).toLongLong();
            snapshot.completedExecutionCount += query.value(5).toLongLong();
        }
    }
    return snapshot;
}

namespace {

/// numerator / denominator rounded towards minus infinity (denominator > 0).
qint64 floorDivide(qint64 numerator, qint64 denominator)
{
    const qint64 quotient = numerator / denominator;
    return numerator % denominator < 0 ? quotient - 1 : quotient;
}

/// Zero-filled buckets of [from, to) (the first starts at bucketStart(from)).
Timeseries emptySeries(TimeBucket bucket, EpochMs from, EpochMs to)
{
    const qint64 width = bucketWidthMs(bucket);
    const EpochMs base = bucketStart(bucket, from);
    const qint64 buckets = bucketCount(bucket, from, to);
    Timeseries series;
    series.bucket = bucket;
    series.points.reserve(buckets);
    for (qint64 i = 0; i < buckets; ++i) {
        TimeseriesPoint point;
        point.start = base + i * width;
        series.points.append(point);
    }
    return series;
}

/// Adds what the tasks with created_at / completed_at in [from, to) contribute to `series`
/// (grouping tasks: the reference definition of every bucket column).
VoidResult addScanned(QSqlDatabase &db, Timeseries &series, EpochMs from, EpochMs to)
{
    const qint64 width = bucketWidthMs(series.bucket);
    const EpochMs base = series.points.isEmpty() ? from : series.points.first().start;
    const qint64 buckets = series.points.size();
    ServiceError error;
    const std::shared_ptr<QSqlQuery> created = ConnectionPool::cachedQuery(
        db,
        QStringLiteral("SELECT (created_at - ?) / ?, COUNT(*) FROM tasks "
                       "WHERE created_at >= ? AND created_at < ? GROUP BY 1"),
        &error);
    if (!created)
        return error;
    {
        Finisher finisher{created};
        if (!bindAndExec(*created,
                         {qlonglong(base), qlonglong(width), qlonglong(from), qlonglong(to)}))
            return ConnectionPool::mapSqlError(created->lastError(), "timeseries (created)");
        while (created->next()) {
            const qint64 index = created->value(0).toLongLong();
            if (index >= 0 && index < buckets)
                series.points[index].created += created->value(1).toLongLong();
        }
    }
    const std::shared_ptr<QSqlQuery> finished = ConnectionPool::cachedQuery(
        db,
        QStringLiteral(
            "SELECT (completed_at - ?) / ?, status, COUNT(*), CAST(SUM(cost_e4) AS BIGINT), "
            "CAST(SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL "
            "THEN completed_at - started_at ELSE 0 END) AS BIGINT), "
            "CAST(SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL "
            "THEN 1 ELSE 0 END) AS BIGINT) "
            "FROM tasks WHERE completed_at >= ? AND completed_at < ? GROUP BY 1, 2"),
        &error);
    if (!finished)
        return error;
    Finisher finisher{finished};
    if (!bindAndExec(*finished,
                     {qlonglong(base), qlonglong(width), qlonglong(from), qlonglong(to)}))
        return ConnectionPool::mapSqlError(finished->lastError(), "timeseries (completed)");
    while (finished->next()) {
        const qint64 index = finished->value(0).toLongLong();
        if (index < 0 || index >= buckets)
            continue;
        TimeseriesPoint &point = series.points[index];
        const std::optional<TaskStatus> status = statusFromName(finished->value(1).toString());
        const qint64 count = finished->value(2).toLongLong();
        if (status == TaskStatus::Completed)
            point.completed += count;
        else if (status == TaskStatus::Failed)
            point.failed += count;
        point.costE4 += finished->value(3).toLongLong();
        point.completedExecutionMsSum += finished->value(4).toLongLong();
        point.completedExecutionCount += finished->value(5).toLongLong();
    }
    return Done{};
}

/// Adds the maintained buckets of width `tableWidth` (a divisor of the series' width) starting
/// in [from, to) to `series`.
VoidResult addStored(QSqlDatabase &db, Timeseries &series, qint64 tableWidth, EpochMs from,
                     EpochMs to)
{
    const qint64 width = bucketWidthMs(series.bucket);
    const EpochMs base = series.points.first().start;
    const qint64 buckets = series.points.size();
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(
        db,
        QStringLiteral(
            "SELECT start, CAST(SUM(created) AS BIGINT), CAST(SUM(completed) AS BIGINT), "
            "CAST(SUM(failed) AS BIGINT), CAST(SUM(cost_e4) AS BIGINT), "
            "CAST(SUM(exec_ms_sum) AS BIGINT), CAST(SUM(exec_count) AS BIGINT) "
            "FROM task_series_current WHERE width = ? AND start >= ? AND start < ? "
            "GROUP BY start"),
        &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, {qlonglong(tableWidth), qlonglong(from), qlonglong(to)}))
        return ConnectionPool::mapSqlError(query->lastError(), "timeseries (buckets)");
    while (query->next()) {
        const qint64 index = floorDivide(query->value(0).toLongLong() - base, width);
        if (index < 0 || index >= buckets)
            continue;
        TimeseriesPoint &point = series.points[index];
        point.created += query->value(1).toLongLong();
        point.completed += query->value(2).toLongLong();
        point.failed += query->value(3).toLongLong();
        point.costE4 += query->value(4).toLongLong();
        point.completedExecutionMsSum += query->value(5).toLongLong();
        point.completedExecutionCount += query->value(6).toLongLong();
    }
    return Done{};
}

/// The bucket widths task_series keeps (migration 013), widest first.
constexpr std::array<qint64, 3> kStoredWidths{86'400'000, 3'600'000, 60'000};

/// Adds [from, to) to `series`: the part aligned to the widest stored width `>= level` (index
/// into kStoredWidths) that fits from that table, the ends recursively from narrower ones, and
/// what is left below a minute by scanning tasks.
VoidResult addRange(QSqlDatabase &db, Timeseries &series, EpochMs from, EpochMs to,
                    std::size_t level)
{
    if (from >= to)
        return Done{};
    if (level >= kStoredWidths.size())
        return addScanned(db, series, from, to);
    const qint64 width = kStoredWidths[level];
    const EpochMs alignedFrom = floorDivide(from + width - 1, width) * width;
    const EpochMs alignedTo = floorDivide(to, width) * width;
    if (alignedFrom >= alignedTo)
        return addRange(db, series, from, to, level + 1);
    if (const VoidResult done = addStored(db, series, width, alignedFrom, alignedTo); !done.ok())
        return done;
    if (const VoidResult done = addRange(db, series, from, alignedFrom, level + 1); !done.ok())
        return done;
    return addRange(db, series, alignedTo, to, level + 1);
}

} // namespace

Result<Timeseries> TaskRepository::timeseries(QSqlDatabase &db, TimeBucket bucket, EpochMs from,
                                              EpochMs to)
{
    Timeseries series = emptySeries(bucket, from, to);
    if (series.points.isEmpty())
        return series;
    // Only widths that divide the series' width: a stored bucket lies in one series bucket.
    std::size_t level = 0;
    while (level < kStoredWidths.size() && kStoredWidths[level] > bucketWidthMs(bucket))
        ++level;
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    if (const VoidResult added = addRange(db, series, from, to, level); !added.ok())
        return added.error();
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return series;
}

Result<Timeseries> TaskRepository::timeseriesScan(QSqlDatabase &db, TimeBucket bucket, EpochMs from,
                                                  EpochMs to)
{
    Timeseries series = emptySeries(bucket, from, to);
    if (series.points.isEmpty())
        return series;
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    if (const VoidResult added = addScanned(db, series, from, to); !added.ok())
        return added.error();
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return series;
}

Result<QStringList> TaskRepository::categories(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT DISTINCT category FROM task_stats_current "
                                   "WHERE category <> '' AND task_count <> 0")))
        return ConnectionPool::mapSqlError(query.lastError(), "categories");
    QStringList categories;
    while (query.next())
        categories << query.value(0).toString();
    std::sort(categories.begin(), categories.end(), [](const QString &a, const QString &b) {
        const int folded = a.toCaseFolded().compare(b.toCaseFolded());
        return folded != 0 ? folded < 0 : a < b;
    });
    return categories;
}

Result<qint64> TaskRepository::compactStats(QSqlDatabase &db, qint64 maxRows)
{
    if (!isPostgres(db))
        return qint64(0); // SQLite keeps task_stats up to date in place
    QSqlQuery query(db);
    if (!query.prepare(QStringLiteral("SELECT task_stats_compact(CAST(? AS bigint))")))
        return ConnectionPool::mapSqlError(query.lastError(), "compact task_stats");
    query.addBindValue(qlonglong(std::max<qint64>(1, maxRows)));
    if (!query.exec() || !query.next())
        return ConnectionPool::mapSqlError(query.lastError(), "compact task_stats");
    return query.value(0).toLongLong();
}

Result<qint64> TaskRepository::compactAllStats(QSqlDatabase &db, qint64 maxRows)
{
    qint64 total = 0;
    for (;;) {
        const Result<qint64> folded = compactStats(db, maxRows);
        if (!folded.ok())
            return folded.error();
        if (folded.value() == 0)
            return total;
        total += folded.value();
    }
}

} // namespace taskdeck

namespace taskdeck {

namespace {

/// Ids per rowPositionsChunk(): bound parameters stay far below both databases' limits.
constexpr qsizetype kMaxRowPositionsPerQuery = 500;

/// TaskRepository::rowPositions() for at most kMaxRowPositionsPerQuery distinct, non-null ids.
Result<QHash<QUuid, qint64>> rowPositionsChunk(QSqlDatabase &db, const TaskFilter &filter,
                                               const QList<QUuid> &ids)
{
    QHash<QUuid, qint64> rows;
    if (ids.isEmpty())
        return rows;
    const Where where = buildWhere(filter);
    const QList<SortKeyColumn> keyColumns = sortKeyColumns(filter.sort);

    // 1. The sort keys of the tasks that match the filter, in list() order (the database sorts
    //    them, with its collations).
    struct Key
    {
        QUuid id;
        QVariantList values;
    };
    QList<Key> keys;
    {
        QStringList columns{QStringLiteral("id")};
        for (const SortKeyColumn &column : keyColumns)
            columns << column.name;
        QStringList marks;
        QVariantList params = where.params;
        for (const QUuid &id : ids) {
            marks << QStringLiteral("?");
            params << idText(id);
        }
        const QString sql =
            QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) +
            QStringLiteral(" FROM tasks") +
            andWhere(where.sql, QStringLiteral("id IN (") + marks.join(QStringLiteral(", ")) +
                                    QLatin1Char(')')) +
            orderBy(filter);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(sql) || !bindAndExec(query, params))
            return ConnectionPool::mapSqlError(query.lastError(), "row positions (keys)");
        while (query.next()) {
            Key key{QUuid::fromString(query.value(0).toString()), {}};
            for (qsizetype i = 0; i < keyColumns.size(); ++i)
                key.values << query.value(int(i + 1));
            keys << key;
        }
    }
    if (keys.isEmpty())
        return rows; // none matches

    // 2. One pass over the matching rows ordered before the last of them: each row falls into
    //    the bucket of the first task (in list() order) it comes before, found by a binary
    //    search written as nested CASEs (log2(n) comparisons a row instead of one COUNT per
    //    task). A task's row is the number of rows in its bucket and all buckets before it.
    QVariantList params;
    const std::function<QString(qsizetype, qsizetype)> bucket = [&](qsizetype lo,
                                                                    qsizetype hi) -> QString {
        if (lo == hi)
            return QString::number(lo);
        const qsizetype mid = (lo + hi) / 2;
        const Condition before = orderedBefore(filter, keys.at(mid).values, keys.at(mid).id);
        params += before.params;
        const QString left = bucket(lo, mid);
        const QString right = bucket(mid + 1, hi);
        return QStringLiteral("CASE WHEN %1 THEN %2 ELSE %3 END").arg(before.sql, left, right);
    };
    const QString bucketSql = bucket(0, keys.size() - 1);
    params += where.params;
    const Condition beforeLast = orderedBefore(filter, keys.last().values, keys.last().id);
    params += beforeLast.params;
    const QString sql = QStringLiteral("SELECT b, COUNT(*) FROM (SELECT ") + bucketSql +
                        QStringLiteral(" AS b FROM tasks") + andWhere(where.sql, beforeLast.sql) +
                        QStringLiteral(") AS buckets GROUP BY b");
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql) || !bindAndExec(query, params))
        return ConnectionPool::mapSqlError(query.lastError(), "row positions (count)");
    QList<qint64> counts(keys.size(), 0);
    while (query.next()) {
        const qint64 index = query.value(0).toLongLong();
        if (index >= 0 && index < counts.size())
            counts[index] = query.value(1).toLongLong();
    }
    qint64 before = 0;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        before += counts.at(i);
        rows.insert(keys.at(i).id, before);
    }
    return rows;
}

} // namespace

Result<std::optional<qint64>> TaskRepository::rowPosition(QSqlDatabase &db,
                                                          const TaskFilter &filter, const QUuid &id)
{
    const Result<QHash<QUuid, qint64>> rows = rowPositions(db, filter, {id});
    if (!rows.ok())
        return rows.error();
    const auto row = rows.value().constFind(id);
    if (row == rows.value().cend())
        return std::optional<qint64>();
    return std::optional<qint64>(*row);
}

Result<QHash<QUuid, qint64>>
TaskRepository::rowPositions(QSqlDatabase &db, const TaskFilter &filter, const QList<QUuid> &ids)
{
    QHash<QUuid, qint64> rows;
    QList<QUuid> wanted;
    QSet<QUuid> seen;
    for (const QUuid &id : ids) {
        if (!id.isNull() && !seen.contains(id)) {
            seen.insert(id);
            wanted << id;
        }
    }
    for (qsizetype first = 0; first < wanted.size(); first += kMaxRowPositionsPerQuery) {
        const Result<QHash<QUuid, qint64>> chunk =
            rowPositionsChunk(db, filter, wanted.mid(first, kMaxRowPositionsPerQuery));
        if (!chunk.ok())
            return chunk.error();
        rows.insert(chunk.value());
    }
    return rows;
}

} // namespace taskdeck
