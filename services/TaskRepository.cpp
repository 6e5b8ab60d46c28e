#include "TaskRepository.h"

#include "ConnectionPool.h"
#include "SqlTransaction.h"
#include "TaskCsv.h"
#include "TaskRules.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace taskdeck {

namespace {

const QString kColumns = QStringLiteral(
    "id, title, description, category, status, priority, cost_e4, result, error_message, "
    "created_by, created_at, updated_at, started_at, completed_at, version");

constexpr qsizetype kExportChunkBytes = 64 * 1024;
constexpr int kImportIdCheckChunk = 500;
constexpr int kImportBatchRows = 100; ///< rows per multi-row INSERT of an import

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

ServiceError taskNotFound()
{
    return ServiceError::notFound(QStringLiteral("Task not found"));
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant nullString()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant nullInt64()
{
    return QVariant(QMetaType::fromType<qlonglong>());
}

/// Text to bind: never a null QString (the drivers bind that as SQL NULL).
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant optional(const std::optional<QString> &value)
{
    return value ? text(*value) : nullString();
}

QVariant optional(const std::optional<qint64> &value)
{
    return value ? QVariant(qlonglong(*value)) : nullInt64();
}

/// JSON value <-> compact text (a bare scalar is valid JSON text too).
QVariant resultText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return nullString();
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue resultFromText(const QVariant &text)
{
    if (text.isNull())
        return QJsonValue(QJsonValue::Null);
    const QByteArray wrapped = '[' + text.toString().toUtf8() + ']';
    const QJsonDocument document = QJsonDocument::fromJson(wrapped);
    if (!document.isArray() || document.array().isEmpty())
        return QJsonValue(QJsonValue::Null);
    return document.array().first();
}

std::optional<QString> optionalString(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toString();
}

std::optional<qint64> optionalInt64(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

/// Reads a row selected with kColumns.
std::optional<Task> readTask(const QSqlQuery &query)
{
    Task task;
    task.id = QUuid::fromString(query.value(0).toString());
    task.title = query.value(1).toString();
    task.description = optionalString(query.value(2));
    task.category = optionalString(query.value(3));
    const std::optional<TaskStatus> status = statusFromName(query.value(4).toString());
    if (!status || task.id.isNull())
        return std::nullopt;
    task.status = *status;
    task.priority = query.value(5).toInt();
    task.costE4 = query.value(6).toLongLong();
    task.result = resultFromText(query.value(7));
    task.errorMessage = optionalString(query.value(8));
    task.createdBy = optionalString(query.value(9));
    task.createdAt = query.value(10).toLongLong();
    task.updatedAt = query.value(11).toLongLong();
    task.startedAt = optionalInt64(query.value(12));
    task.completedAt = optionalInt64(query.value(13));
    task.version = query.value(14).toInt();
    return task;
}

ServiceError badRow()
{
    qWarning("taskdeck.db: a task row could not be read (bad id or status)");
    return ServiceError::internal();
}

/// Binds values by position; exec() on a reused prepared query keeps positions.
class Binder
{
public:
    explicit Binder(QSqlQuery &query) : m_query(query) {}
    Binder &operator<<(const QVariant &value)
    {
        m_query.bindValue(m_index++, value);
        return *this;
    }

private:
    QSqlQuery &m_query;
    int m_index = 0;
};

/// Finishes a cached query when the scope ends, so its statement does not stay active.
struct Finisher
{
    std::shared_ptr<QSqlQuery> query;
    ~Finisher()
    {
        if (query)
            query->finish();
    }
};

struct Where
{
    QString sql; ///< "" or " WHERE ..."
    QVariantList params;
};

Where buildWhere(const TaskFilter &filter)
{
    QStringList parts;
    Where where;
    if (!filter.statuses.isEmpty()) {
        QStringList marks;
        QSet<TaskStatus> seen;
        for (TaskStatus status : filter.statuses) {
            if (seen.contains(status))
                continue;
            seen.insert(status);
            marks << QStringLiteral("?");
            where.params << statusName(status);
        }
        parts << QStringLiteral("status IN (") + marks.join(QStringLiteral(", ")) +
                     QLatin1Char(')');
    }
    if (filter.category) {
        if (filter.category->isEmpty()) {
            parts << QStringLiteral("category IS NULL");
        } else {
            parts << QStringLiteral("category = ?");
            where.params << *filter.category;
        }
    }
    if (!filter.search.isEmpty()) {
        parts << QStringLiteral("search_text LIKE ? ESCAPE '!'");
        where.params << TaskRepository::likePattern(filter.search);
    }
    if (filter.createdAfter) {
        parts << QStringLiteral("created_at >= ?");
        where.params << qlonglong(*filter.createdAfter);
    }
    if (filter.createdBefore) {
        parts << QStringLiteral("created_at < ?");
        where.params << qlonglong(*filter.createdBefore);
    }
    if (!parts.isEmpty())
        where.sql = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return where;
}

QString orderBy(const TaskFilter &filter)
{
    const QString dir =
        filter.order == SortOrder::Ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString key;
    switch (filter.sort) {
    case TaskSortField::CreatedAt:
        key = QStringLiteral("created_at");
        break;
    case TaskSortField::UpdatedAt:
        key = QStringLiteral("updated_at");
        break;
    case TaskSortField::Title:
        key = QStringLiteral("title_key");
        break;
    case TaskSortField::Status:
        key = QStringLiteral("status_rank");
        break;
    case TaskSortField::Priority:
        key = QStringLiteral("priority");
        break;
    case TaskSortField::Cost:
        key = QStringLiteral("cost_e4");
        break;
    case TaskSortField::Category:
        // nulls last in both directions (matches the two category indexes)
        return QStringLiteral(" ORDER BY category_null ASC, category_key %1, id %1").arg(dir);
    }
    return QStringLiteral(" ORDER BY %1 %2, id %2").arg(key, dir);
}

bool bindAndExec(QSqlQuery &query, const QVariantList &params)
{
    Binder bind(query);
    for (const QVariant &param : params)
        bind << param;
    return query.exec();
}

/// Binds one task's 16 insert values starting at `binder`'s position.
void bindTaskValues(Binder &binder, const Task &task)
{
    binder << idText(task.id) << text(task.title) << optional(task.description)
           << optional(task.category) << statusName(task.status) << task.priority
           << qlonglong(task.costE4) << resultText(task.result) << optional(task.errorMessage)
           << optional(task.createdBy) << qlonglong(task.createdAt) << qlonglong(task.updatedAt)
           << optional(task.startedAt) << optional(task.completedAt) << task.version
           << TaskRepository::searchText(task.title, task.description);
}

void bindTaskForInsert(QSqlQuery &query, const Task &task)
{
    Binder binder(query);
    bindTaskValues(binder, task);
}

QString insertSql(int rows = 1)
{
    static const QString head = QStringLiteral(
        "INSERT INTO tasks (id, title, description, category, status, priority, cost_e4, result, "
        "error_message, created_by, created_at, updated_at, started_at, completed_at, version, "
        "search_text) VALUES ");
    static const QString row = QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    QStringList values;
    values.reserve(rows);
    for (int i = 0; i < rows; ++i)
        values << row;
    return head + values.join(QStringLiteral(", "));
}

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

/// Total from the maintained statistics, for filters on status/category only.
Result<qint64> countFromStats(QSqlDatabase &db, const TaskFilter &filter)
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
    if (filter.category) {
        parts << QStringLiteral("category = ?");
        params << text(*filter.category); // '' is the key of "no category"
    }
    QString sql = QStringLiteral(
        "SELECT CAST(COALESCE(SUM(task_count), 0) AS BIGINT) FROM task_stats_current");
    if (!parts.isEmpty())
        sql += QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    if (!bindAndExec(*query, params) || !query->next())
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

Result<qint64> TaskRepository::count(QSqlDatabase &db, const TaskFilter &filter)
{
    if (filter.search.isEmpty() && !filter.createdAfter && !filter.createdBefore)
        return countFromStats(db, filter);
    const Where where = buildWhere(filter);
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

Result<TaskPage> TaskRepository::list(QSqlDatabase &db, const TaskFilter &filter, qint64 offset,
                                      int limit)
{
    TaskPage page;
    page.offset = offset;
    page.limit = limit;
    // Count and page in one read transaction so they agree (PostgreSQL; SQLite's is deferred).
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    const Result<qint64> total = count(db, filter);
    if (!total.ok())
        return total.error();
    page.total = total.value();
    if (page.total > offset) {
        const Where where = buildWhere(filter);
        const QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM tasks") +
                            where.sql + orderBy(filter) + QStringLiteral(" LIMIT ? OFFSET ?");
        ServiceError error;
        const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
        if (!query)
            return error;
        Finisher finisher{query};
        QVariantList params = where.params;
        params << qlonglong(limit) << qlonglong(offset);
        if (!bindAndExec(*query, params))
            return ConnectionPool::mapSqlError(query->lastError(), "list tasks");
        page.tasks.reserve(limit);
        while (query->next()) {
            const std::optional<Task> task = readTask(*query);
            if (!task)
                return badRow();
            page.tasks.append(*task);
        }
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return page;
}

Result<Task> TaskRepository::get(QSqlDatabase &db, const QUuid &id)
{
    return selectOne(db, id, false);
}

Result<Task> TaskRepository::insert(QSqlDatabase &db, const Task &task)
{
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, insertSql(1), &error);
    if (!query)
        return error;
    Finisher finisher{query};
    bindTaskForInsert(*query, task);
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "insert task");
    return task;
}

Result<TaskRepository::UpdateOutcome> TaskRepository::update(QSqlDatabase &db, const QUuid &id,
                                                             const TaskPatch &patch,
                                                             std::optional<int> expectedVersion,
                                                             EpochMs nowMs)
{
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    const Result<Task> current = selectOne(db, id, true);
    if (!current.ok())
        return current.error();
    if (expectedVersion && *expectedVersion != current.value().version)
        return ServiceError{ServiceError::Kind::PreconditionFailed,
                            QStringLiteral("Task has been modified (version mismatch)"),
                            {}};
    const Result<Task> next = rules::applyPatch(current.value(), patch, nowMs);
    if (!next.ok())
        return next.error();
    const Task &task = next.value();
    if (task.version == current.value().version) {
        transaction.rollback(); // nothing to write
        return UpdateOutcome{current.value(), false};
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
        return ServiceError{ServiceError::Kind::PreconditionFailed,
                            QStringLiteral("Task has been modified (version mismatch)"),
                            {}};
    query->finish();
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return UpdateOutcome{task, true};
}

Result<Done> TaskRepository::remove(QSqlDatabase &db, const QUuid &id)
{
    if (id.isNull())
        return taskNotFound();
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query =
        ConnectionPool::cachedQuery(db, QStringLiteral("DELETE FROM tasks WHERE id = ?"), &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << idText(id);
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "delete task");
    if (query->numRowsAffected() < 1)
        return taskNotFound();
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

Result<Timeseries> TaskRepository::timeseries(QSqlDatabase &db, TimeBucket bucket, EpochMs from,
                                              EpochMs to)
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
    if (buckets == 0)
        return series;

    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();
    QSqlQuery created(db);
    created.prepare(QStringLiteral("SELECT (created_at - ?) / ?, COUNT(*) FROM tasks "
                                   "WHERE created_at >= ? AND created_at < ? GROUP BY 1"));
    Binder(created) << qlonglong(base) << qlonglong(width) << qlonglong(from) << qlonglong(to);
    if (!created.exec())
        return ConnectionPool::mapSqlError(created.lastError(), "timeseries (created)");
    while (created.next()) {
        const qint64 index = created.value(0).toLongLong();
        if (index >= 0 && index < buckets)
            series.points[index].created += created.value(1).toLongLong();
    }

    QSqlQuery finished(db);
    finished.prepare(QStringLiteral(
        "SELECT (completed_at - ?) / ?, status, COUNT(*), CAST(SUM(cost_e4) AS BIGINT), "
        "CAST(SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL "
        "THEN completed_at - started_at ELSE 0 END) AS BIGINT), "
        "CAST(SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL "
        "THEN 1 ELSE 0 END) AS BIGINT) "
        "FROM tasks WHERE completed_at >= ? AND completed_at < ? GROUP BY 1, 2"));
    Binder(finished) << qlonglong(base) << qlonglong(width) << qlonglong(from) << qlonglong(to);
    if (!finished.exec())
        return ConnectionPool::mapSqlError(finished.lastError(), "timeseries (completed)");
    while (finished.next()) {
        const qint64 index = finished.value(0).toLongLong();
        if (index < 0 || index >= buckets)
            continue;
        TimeseriesPoint &point = series.points[index];
        const std::optional<TaskStatus> status = statusFromName(finished.value(1).toString());
        const qint64 count = finished.value(2).toLongLong();
        if (status == TaskStatus::Completed)
            point.completed += count;
        else if (status == TaskStatus::Failed)
            point.failed += count;
        point.costE4 += finished.value(3).toLongLong();
        point.completedExecutionMsSum += finished.value(4).toLongLong();
        point.completedExecutionCount += finished.value(5).toLongLong();
    }
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

Result<qint64> TaskRepository::compactStats(QSqlDatabase &db)
{
    if (!isPostgres(db))
        return qint64(0); // SQLite keeps task_stats up to date in place
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT task_stats_compact()")) || !query.next())
        return ConnectionPool::mapSqlError(query.lastError(), "compact task_stats");
    return query.value(0).toLongLong();
}

Result<qint64> TaskRepository::exportCsv(QSqlDatabase &db, const TaskFilter &filter,
                                         const std::function<bool(const QByteArray &)> &sink)
{
    const Where where = buildWhere(filter);
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
    if (!chunk.isEmpty() && !sink(chunk))
        return rows;
    return rows;
}

Result<qint64> TaskRepository::importTasks(QSqlDatabase &db, const QList<Task> &tasks,
                                           const QList<int> &lineNumbers,
                                           const std::function<void(qint64, qint64)> &progress)
{
    const qint64 total = tasks.size();
    auto lineOf = [&lineNumbers](qsizetype index) {
        return index < lineNumbers.size() ? lineNumbers.at(index) : int(index + 1);
    };

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

    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();

    // Refuse the whole file if any id is already stored; name the first such line.
    qsizetype firstConflict = -1;
    for (qsizetype start = 0; start < tasks.size(); start += kImportIdCheckChunk) {
        const qsizetype end = qMin<qsizetype>(start + kImportIdCheckChunk, tasks.size());
        QStringList marks;
        QVariantList params;
        for (qsizetype i = start; i < end; ++i) {
            marks << QStringLiteral("?");
            params << idText(tasks.at(i).id);
        }
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT id FROM tasks WHERE id IN (") +
                      marks.join(QStringLiteral(", ")) + QLatin1Char(')'));
        if (!bindAndExec(query, params))
            return ConnectionPool::mapSqlError(query.lastError(), "import (id check)");
        while (query.next()) {
            const qsizetype index =
                firstIndex.value(QUuid::fromString(query.value(0).toString()), -1);
            if (index >= 0 && (firstConflict < 0 || index < firstConflict))
                firstConflict = index;
        }
        if (firstConflict >= 0)
            break; // chunks are in file order: later chunks cannot hold an earlier line
    }
    if (firstConflict >= 0)
        return ServiceError::conflict(QStringLiteral("Line %1: a task with id %2 already exists")
                                          .arg(lineOf(firstConflict))
                                          .arg(idText(tasks.at(firstConflict).id)));

    // Multi-row INSERTs of kImportBatchRows (one round trip and, on PostgreSQL, one statistics
    // trigger run per batch); the batch statement is prepared once per connection.
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
        if (progress && start + rows < tasks.size() && (start + rows) % 1000 == 0)
            progress(start + rows, total);
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    if (progress)
        progress(total, total);
    return total;
}

} // namespace taskdeck
