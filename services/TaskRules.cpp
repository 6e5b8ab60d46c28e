#include "TaskRules.h"

#include "ApiMessages.h"
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace taskdeck::rules {

namespace {

FieldError error(const QString &locPrefix, const QString &field, QString msg, QString type)
{
    return FieldError{{locPrefix, field}, std::move(msg), std::move(type)};
}

bool hasNul(const QString &text)
{
    return text.contains(QChar(u'\0'));
}

/// Whether a JSON value holds a NUL character in any string or key (PostgreSQL's text and jsonb
/// cannot store one).
bool jsonHasNul(const QJsonValue &value)
{
    if (value.isString())
        return hasNul(value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [](const QJsonValue &item) { return jsonHasNul(item); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (hasNul(it.key()) || jsonHasNul(it.value()))
                return true;
        }
    }
    return false;
}

/// Text that neither database can store: the NUL character.
void checkNoNul(const std::optional<QString> &text, const QString &prefix, const QString &field,
                FieldErrors &errors)
{
    if (text && hasNul(*text))
        errors.append(error(prefix, field,
                            QStringLiteral("String should not contain NUL characters"),
                            QStringLiteral("value_error")));
}

/// Shared field checks; `prefix` is "body" or "line N".
void checkTitle(QString &title, const QString &prefix, FieldErrors &errors)
{
    title = title.trimmed();
    checkNoNul(title, prefix, QStringLiteral("title"), errors);
    const qsizetype length = codePointCount(title);
    if (length < 1)
        errors.append(error(prefix, QStringLiteral("title"),
                            QStringLiteral("String should have at least 1 character"),
                            QStringLiteral("string_too_short")));
    else if (length > kTitleMaxLength)
        errors.append(
            error(prefix, QStringLiteral("title"),
                  QStringLiteral("String should have at most %1 characters").arg(kTitleMaxLength),
                  QStringLiteral("string_too_long")));
}

void checkDescription(const std::optional<QString> &description, const QString &prefix,
                      FieldErrors &errors)
{
    checkNoNul(description, prefix, QStringLiteral("description"), errors);
    if (description && codePointCount(*description) > kDescriptionMaxLength)
        errors.append(error(
            prefix, QStringLiteral("description"),
            QStringLiteral("String should have at most %1 characters").arg(kDescriptionMaxLength),
            QStringLiteral("string_too_long")));
}

void checkCategory(std::optional<QString> &category, const QString &prefix, FieldErrors &errors)
{
    if (!category)
        return;
    *category = category->trimmed();
    if (category->isEmpty()) {
        category.reset();
        return;
    }
    checkNoNul(category, prefix, QStringLiteral("category"), errors);
    if (codePointCount(*category) > kCategoryMaxLength)
        errors.append(error(
            prefix, QStringLiteral("category"),
            QStringLiteral("String should have at most %1 characters").arg(kCategoryMaxLength),
            QStringLiteral("string_too_long")));
}

void checkPriority(int priority, const QString &prefix, FieldErrors &errors)
{
    if (priority < kPriorityMin)
        errors.append(
            error(prefix, QStringLiteral("priority"),
                  QStringLiteral("Input should be greater than or equal to %1").arg(kPriorityMin),
                  QStringLiteral("greater_than_equal")));
    else if (priority > kPriorityMax)
        errors.append(
            error(prefix, QStringLiteral("priority"),
                  QStringLiteral("Input should be less than or equal to %1").arg(kPriorityMax),
                  QStringLiteral("less_than_equal")));
}

void checkCost(MoneyE4 costE4, const QString &prefix, FieldErrors &errors)
{
    if (costE4 < 0)
        errors.append(error(prefix, QStringLiteral("cost"),
                            QStringLiteral("Input should be greater than or equal to 0"),
                            QStringLiteral("greater_than_equal")));
    else if (costE4 > kCostMaxE4)
        errors.append(error(
            prefix, QStringLiteral("cost"),
            QStringLiteral("Input should be less than or equal to %1").arg(kCostMaxE4 / 10000),
            QStringLiteral("less_than_equal")));
}

bool isCreatableStatus(TaskStatus status)
{
    return status == TaskStatus::Pending || status == TaskStatus::InProgress;
}

FieldError creatableStatusError()
{
    return error(QStringLiteral("body"), QStringLiteral("status"),
                 QStringLiteral("Input should be 'pending' or 'in_progress'"),
                 QStringLiteral("enum"));
}

} // namespace

qsizetype codePointCount(const QString &text)
{
    qsizetype count = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        // a valid surrogate pair is one code point; a lone surrogate counts as one
        if (text.at(i).isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

QList<TaskStatus> allowedTransitions(TaskStatus from)
{
    switch (from) {
    case TaskStatus::Pending:
        return {TaskStatus::InProgress, TaskStatus::Cancelled};
    case TaskStatus::InProgress:
        return {TaskStatus::Completed, TaskStatus::Failed, TaskStatus::Cancelled,
                TaskStatus::Pending};
    case TaskStatus::Failed:
        return {TaskStatus::Pending};
    case TaskStatus::Cancelled:
        return {TaskStatus::Pending};
    case TaskStatus::Completed:
        return {};
    }
    return {};
}

bool isTransitionAllowed(TaskStatus from, TaskStatus to)
{
    return from == to || allowedTransitions(from).contains(to);
}

FieldErrors validateNewTask(NewTask &task)
{
    const QString body = QStringLiteral("body");
    FieldErrors errors;
    checkTitle(task.title, body, errors);
    checkDescription(task.description, body, errors);
    checkCategory(task.category, body, errors);
    checkPriority(task.priority, body, errors);
    checkCost(task.costE4, body, errors);
    if (!isCreatableStatus(task.status))
        errors.append(creatableStatusError());
    return errors;
}

FieldErrors validatePatch(TaskPatch &patch)
{
    const QString body = QStringLiteral("body");
    FieldErrors errors;
    if (patch.title)
        checkTitle(*patch.title, body, errors);
    if (patch.description)
        checkDescription(*patch.description, body, errors);
    if (patch.category)
        checkCategory(*patch.category, body, errors);
    if (patch.priority)
        checkPriority(*patch.priority, body, errors);
    if (patch.costE4)
        checkCost(*patch.costE4, body, errors);
    if (patch.errorMessage)
        checkNoNul(*patch.errorMessage, body, QStringLiteral("error_message"), errors);
    if (patch.result && jsonHasNul(*patch.result))
        errors.append(error(body, QStringLiteral("result"),
                            QStringLiteral("JSON text should not contain NUL characters"),
                            QStringLiteral("value_error")));
    return errors;
}

FieldErrors validateImportedTask(Task &task, int lineNumber)
{
    const QString line = QStringLiteral("line %1").arg(lineNumber);
    FieldErrors errors;
    if (task.id.isNull())
        errors.append(
            error(line, QStringLiteral("id"), msg::notAUuid(), QStringLiteral("uuid_parsing")));
    checkTitle(task.title, line, errors);
    checkDescription(task.description, line, errors);
    checkCategory(task.category, line, errors);
    checkPriority(task.priority, line, errors);
    checkCost(task.costE4, line, errors);
    if (task.createdBy && task.createdBy->trimmed().isEmpty())
        task.createdBy.reset();
    checkNoNul(task.errorMessage, line, QStringLiteral("error_message"), errors);
    checkNoNul(task.createdBy, line, QStringLiteral("created_by"), errors);
    if (jsonHasNul(task.result))
        errors.append(error(line, QStringLiteral("result"),
                            QStringLiteral("JSON text should not contain NUL characters"),
                            QStringLiteral("value_error")));
    if (task.version < 1)
        errors.append(error(line, QStringLiteral("version"),
                            QStringLiteral("Input should be greater than or equal to 1"),
                            QStringLiteral("greater_than_equal")));
    if (task.startedAt && *task.startedAt < task.createdAt)
        errors.append(error(line, QStringLiteral("started_at"),
                            QStringLiteral("started_at is before created_at"),
                            QStringLiteral("value_error")));
    if (task.completedAt) {
        if (*task.completedAt < task.createdAt)
            errors.append(error(line, QStringLiteral("completed_at"),
                                QStringLiteral("completed_at is before created_at"),
                                QStringLiteral("value_error")));
        else if (task.startedAt && *task.completedAt < *task.startedAt)
            errors.append(error(line, QStringLiteral("completed_at"),
                                QStringLiteral("completed_at is before started_at"),
                                QStringLiteral("value_error")));
    }
    if (task.updatedAt < task.createdAt)
        task.updatedAt =
            std::max({task.createdAt, task.startedAt.value_or(0), task.completedAt.value_or(0)});
    return errors;
}

Result<Task> makeTask(const NewTask &task, const QString &createdBy, EpochMs nowMs)
{
    if (!isCreatableStatus(task.status))
        return ServiceError::validation({creatableStatusError()});
    Task made;
    made.id = QUuid::createUuid();
    made.title = task.title;
    made.description = task.description;
    made.category = task.category;
    made.status = task.status;
    made.priority = task.priority;
    made.costE4 = task.costE4;
    if (!createdBy.isEmpty())
        made.createdBy = createdBy;
    made.createdAt = nowMs;
    made.updatedAt = nowMs;
    if (task.status == TaskStatus::InProgress)
        made.startedAt = nowMs;
    made.version = 1;
    return made;
}

Result<Task> applyPatch(const Task &current, const TaskPatch &patch, EpochMs nowMs)
{
    Task next = current;
    bool changed = false;
    auto assign = [&changed](auto &field, const auto &value) {
        if (!(field == value)) {
            field = value;
            changed = true;
        }
    };

    if (patch.status && *patch.status != current.status) {
        const TaskStatus to = *patch.status;
        if (!isTransitionAllowed(current.status, to))
            return ServiceError::conflict(QStringLiteral("Illegal status transition from %1 to %2")
                                              .arg(statusName(current.status), statusName(to)));
        next.status = to;
        switch (to) {
        case TaskStatus::InProgress:
            next.startedAt = nowMs;
            next.completedAt.reset();
            break;
        case TaskStatus::Pending:
            next.startedAt.reset();
            next.completedAt.reset();
            break;
        case TaskStatus::Completed:
        case TaskStatus::Failed:
        case TaskStatus::Cancelled:
            next.completedAt = nowMs;
            break;
        }
        changed = true;
    }
    if (patch.title)
        assign(next.title, *patch.title);
    if (patch.description)
        assign(next.description, *patch.description);
    if (patch.category)
        assign(next.category, *patch.category);
    if (patch.priority)
        assign(next.priority, *patch.priority);
    if (patch.costE4)
        assign(next.costE4, *patch.costE4);
    if (patch.result)
        assign(next.result, *patch.result);
    if (patch.errorMessage)
        assign(next.errorMessage, *patch.errorMessage);

    if (!changed)
        return current;
    next.updatedAt = nowMs;
    next.version = current.version + 1;
    return next;
}

FieldErrors validatePaging(qint64 offset, int limit)
{
    FieldErrors errors;
    if (offset < 0)
        errors.append({{QStringLiteral("query"), QStringLiteral("offset")},
                       QStringLiteral("Input should be greater than or equal to 0"),
                       QStringLiteral("greater_than_equal")});
    if (limit < 1)
        errors.append({{QStringLiteral("query"), QStringLiteral("limit")},
                       QStringLiteral("Input should be greater than or equal to 1"),
                       QStringLiteral("greater_than_equal")});
    else if (limit > kMaxPageLimit)
        errors.append(
            {{QStringLiteral("query"), QStringLiteral("limit")},
             QStringLiteral("Input should be less than or equal to %1").arg(kMaxPageLimit),
             QStringLiteral("less_than_equal")});
    return errors;
}

} // namespace taskdeck::rules
