#include "TaskSql_p.h"

#include "TaskRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>

namespace taskdeck::tasksql {

namespace {

QVariant nullString()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant nullInt64()
{
    return QVariant(QMetaType::fromType<qlonglong>());
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

} // namespace

const QString kColumns = QStringLiteral(
    "id, title, description, category, status, priority, cost_e4, result, error_message, "
    "created_by, created_at, updated_at, started_at, completed_at, version");

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

Where buildWhere(const TaskFilter &filter, const QStringList &searchProbe)
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
        if (filter.category->contains(QChar(u'\0'))) {
            parts << QStringLiteral("1 = 0"); // no stored category holds NUL
        } else if (filter.category->isEmpty()) {
            parts << QStringLiteral("category IS NULL");
        } else {
            parts << QStringLiteral("category = ?");
            where.params << *filter.category;
        }
    }
    if (filter.search.contains(QChar(u'\0'))) {
        parts << QStringLiteral("1 = 0"); // stored text never holds NUL (TaskRules refuses it)
    } else if (!filter.search.isEmpty() && searchProbe.isEmpty()) {
        parts << QStringLiteral("search_text LIKE ? ESCAPE '!'");
        where.params << TaskRepository::likePattern(filter.search);
    } else if (!filter.search.isEmpty()) {
        for (const QString &trigram : searchProbe) { // ASCII letters and digits: no escaping
            parts << QStringLiteral("search_text LIKE ?");
            where.params << QString(QLatin1Char('%') + trigram + QLatin1Char('%'));
        }
        parts << QStringLiteral("COALESCE(search_text, '') LIKE ? ESCAPE '!'");
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
    if (filter.completedAfter) {
        parts << QStringLiteral("completed_at >= ?");
        where.params << qlonglong(*filter.completedAfter);
    }
    if (filter.completedBefore) {
        parts << QStringLiteral("completed_at < ?");
        where.params << qlonglong(*filter.completedBefore);
    }
    if (!filter.priorities.isEmpty()) {
        QStringList marks;
        QSet<int> seen;
        for (int priority : filter.priorities) {
            if (seen.contains(priority))
                continue;
            seen.insert(priority);
            marks << QStringLiteral("?");
            where.params << priority;
        }
        parts << QStringLiteral("priority IN (") + marks.join(QStringLiteral(", ")) +
                     QLatin1Char(')');
    }
    if (filter.createdBy) {
        if (filter.createdBy->contains(QChar(u'\0'))) {
            parts << QStringLiteral("1 = 0");
        } else if (filter.createdBy->isEmpty()) {
            parts << QStringLiteral("(created_by IS NULL OR created_by = '')");
        } else {
            parts << QStringLiteral("created_by = ?");
            where.params << *filter.createdBy;
        }
    }
    if (!parts.isEmpty())
        where.sql = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return where;
}

QList<SortKeyColumn> sortKeyColumns(TaskSortField field)
{
    switch (field) {
    case TaskSortField::CreatedAt:
        return {{QStringLiteral("created_at")}};
    case TaskSortField::UpdatedAt:
        return {{QStringLiteral("updated_at")}};
    case TaskSortField::Title:
        return {{QStringLiteral("title_key")}};
    case TaskSortField::Status:
        return {{QStringLiteral("status_rank")}};
    case TaskSortField::Priority:
        return {{QStringLiteral("priority")}};
    case TaskSortField::Cost:
        return {{QStringLiteral("cost_e4")}};
    case TaskSortField::Category:
        // nulls last in both directions (matches the two category indexes)
        return {{QStringLiteral("category_null"), true}, {QStringLiteral("category_key")}};
    case TaskSortField::StartedAt: // nulls last in both directions (migration 014)
        return {{QStringLiteral("started_null"), true}, {QStringLiteral("started_at")}};
    case TaskSortField::CompletedAt:
        return {{QStringLiteral("completed_null"), true}, {QStringLiteral("completed_at")}};
    case TaskSortField::ExecutionTime:
        return {{QStringLiteral("execution_null"), true}, {QStringLiteral("execution_ms")}};
    }
    return {{QStringLiteral("created_at")}};
}

QString orderBy(const TaskFilter &filter)
{
    const QString dir =
        filter.order == SortOrder::Ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QStringList terms;
    for (const SortKeyColumn &column : sortKeyColumns(filter.sort))
        terms << column.name + QLatin1Char(' ') +
                     (column.alwaysAscending ? QStringLiteral("ASC") : dir);
    terms << QStringLiteral("id ") + dir;
    return QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
}

Condition orderedBefore(const TaskFilter &filter, const QVariantList &keyValues, const QUuid &id)
{
    const QList<SortKeyColumn> columns = sortKeyColumns(filter.sort);
    Q_ASSERT(keyValues.size() == columns.size());
    const QString op =
        filter.order == SortOrder::Ascending ? QStringLiteral("<") : QStringLiteral(">");
    // Innermost: the last key column with the id tie-break, as one row value (index-friendly).
    Condition condition;
    const qsizetype last = columns.size() - 1;
    if (keyValues.at(last).isNull()) {
        condition.sql = QStringLiteral("id %1 ?").arg(op);
        condition.params << idText(id);
    } else {
        condition.sql = QStringLiteral("(%1, id) %2 (?, ?)").arg(columns.at(last).name, op);
        condition.params << keyValues.at(last) << idText(id);
    }
    // Outwards: before on this column, or equal on it and before on the rest.
    for (qsizetype i = last - 1; i >= 0; --i) {
        if (keyValues.at(i).isNull())
            continue;
        const QString columnOp = columns.at(i).alwaysAscending ? QStringLiteral("<") : op;
        condition.sql = QStringLiteral("(%1 %2 ? OR (%1 = ? AND %3))")
                            .arg(columns.at(i).name, columnOp, condition.sql);
        condition.params.prepend(keyValues.at(i));
        condition.params.prepend(keyValues.at(i));
    }
    return condition;
}

Where idIn(const QList<QUuid> &ids)
{
    Where where;
    QStringList marks;
    marks.reserve(ids.size());
    for (const QUuid &id : ids) {
        marks << QStringLiteral("?");
        where.params << idText(id);
    }
    where.sql = QStringLiteral("id IN (") + marks.join(QStringLiteral(", ")) + QLatin1Char(')');
    return where;
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

QString insertSql(int rows)
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

} // namespace taskdeck::tasksql
