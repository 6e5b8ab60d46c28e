#include "QueryParsing.h"

#include "ApiMessages.h"
#include "TaskCursor.h"
#include "TaskJson.h"

#include <QRegularExpression>

#include <limits>

namespace taskdeck::http::query {

namespace {

FieldError queryError(const QString &name, const QString &msg, const char *type)
{
    return FieldError{{QStringLiteral("query"), name}, msg, QString::fromLatin1(type)};
}

/// The last value of a parameter (FastAPI takes the last of repeated scalars).
std::optional<QString> single(const ApiRequest &request, const QString &name)
{
    const QStringList values = request.queryValues(name);
    if (values.isEmpty())
        return std::nullopt;
    return values.last();
}

/// An integer parameter within [min, max]; errors appended.
template <typename Int>
Int integer(const ApiRequest &request, const QString &name, Int fallback, qint64 min, qint64 max,
            FieldErrors &errors)
{
    const std::optional<QString> text = single(request, name);
    if (!text)
        return fallback;
    bool ok = false;
    const qint64 value = text->trimmed().toLongLong(&ok);
    if (!ok) {
        errors.append(queryError(
            name,
            QStringLiteral("Input should be a valid integer, unable to parse string as an "
                           "integer"),
            "int_parsing"));
        return fallback;
    }
    if (value < min) {
        errors.append(
            queryError(name, QStringLiteral("Input should be greater than or equal to %1").arg(min),
                       "greater_than_equal"));
        return fallback;
    }
    if (value > max) {
        errors.append(
            queryError(name, QStringLiteral("Input should be less than or equal to %1").arg(max),
                       "less_than_equal"));
        return fallback;
    }
    return static_cast<Int>(value);
}

/// A free-text parameter; U+0000 (which PostgreSQL refuses and SQLite cuts text at) is an error.
std::optional<QString> text(const ApiRequest &request, const QString &name, FieldErrors &errors)
{
    std::optional<QString> value = single(request, name);
    if (value && value->contains(QChar(u'\0'))) {
        errors.append(queryError(
            name, QStringLiteral("Value error, text must not contain NUL (U+0000) characters"),
            "value_error"));
        return std::nullopt;
    }
    return value;
}

std::optional<EpochMs> timestamp(const ApiRequest &request, const QString &name,
                                 FieldErrors &errors)
{
    const std::optional<QString> text = single(request, name);
    if (!text)
        return std::nullopt;
    const std::optional<EpochMs> parsed = json::parseTimestamp(text->trimmed());
    if (!parsed)
        errors.append(queryError(
            name,
            QStringLiteral("Input should be a valid datetime (ISO 8601 with Z or an offset, or a "
                           "date YYYY-MM-DD)"),
            "datetime_parsing"));
    return parsed;
}

} // namespace

std::variant<TaskListQuery, FieldErrors> parseTaskList(const ApiRequest &request, bool paging)
{
    FieldErrors errors;
    TaskListQuery result;
    if (paging) {
        result.offset = integer<qint64>(request, QStringLiteral("offset"), 0, 0,
                                        std::numeric_limits<qint64>::max() / 2, errors);
        result.limit = integer<int>(request, QStringLiteral("limit"), kDefaultPageLimit, 1,
                                    kMaxPageLimit, errors);
    }
    for (const QString &value : request.queryValues(QStringLiteral("status"))) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::optional<TaskStatus> status = statusFromName(part.trimmed());
            if (!status) {
                errors.append(queryError(QStringLiteral("status"), msg::statusEnum(), "enum"));
                break;
            }
            if (!result.filter.statuses.contains(*status))
                result.filter.statuses.append(*status);
        }
    }
    if (const std::optional<QString> category = text(request, QStringLiteral("category"), errors))
        result.filter.category = category->trimmed();
    if (const std::optional<QString> q = text(request, QStringLiteral("q"), errors))
        result.filter.search = *q;
    result.filter.createdAfter = timestamp(request, QStringLiteral("created_after"), errors);
    result.filter.createdBefore = timestamp(request, QStringLiteral("created_before"), errors);
    result.filter.completedAfter = timestamp(request, QStringLiteral("completed_after"), errors);
    result.filter.completedBefore = timestamp(request, QStringLiteral("completed_before"), errors);
    // priority=1 or priority=0,3 (any of); repeated parameters add to the set, like status.
    for (const QString &value : request.queryValues(QStringLiteral("priority"))) {
        const QStringList parts = value.split(QLatin1Char(','));
        bool bad = parts.isEmpty();
        for (const QString &part : parts) {
            bool ok = false;
            const int priority = part.trimmed().toInt(&ok);
            if (!ok || priority < kPriorityMin || priority > kPriorityMax ||
                part.trimmed().size() != 1) {
                bad = true;
                break;
            }
            if (!result.filter.priorities.contains(priority))
                result.filter.priorities.append(priority);
        }
        if (bad) {
            errors.append(queryError(
                QStringLiteral("priority"),
                QStringLiteral("Input should be 0, 1, 2 or 3, or a comma-separated list of them"),
                "enum"));
            break;
        }
    }
    if (const std::optional<QString> creator = text(request, QStringLiteral("created_by"), errors))
        result.filter.createdBy = creator->trimmed();
    if (const std::optional<QString> sort = single(request, QStringLiteral("sort"))) {
        const std::optional<TaskSortField> field = sortFieldFromName(*sort);
        if (field)
            result.filter.sort = *field;
        else
            errors.append(queryError(
                QStringLiteral("sort"),
                QStringLiteral("Input should be 'created_at', 'updated_at', 'title', 'status', "
                               "'priority', 'cost', 'category', 'started_at', 'completed_at' or "
                               "'execution_time'"),
                "enum"));
    }
    if (const std::optional<QString> order = single(request, QStringLiteral("order"))) {
        if (*order == u"asc")
            result.filter.order = SortOrder::Ascending;
        else if (*order == u"desc")
            result.filter.order = SortOrder::Descending;
        else
            errors.append(queryError(QStringLiteral("order"),
                                     QStringLiteral("Input should be 'asc' or 'desc'"), "enum"));
    }
    if (paging && errors.isEmpty()) {
        if (const std::optional<QString> text = single(request, QStringLiteral("cursor"))) {
            const auto decoded = cursor::decode(*text, result.filter);
            if (const auto *key = std::get_if<TaskListKey>(&decoded)) {
                result.after = *key;
                if (result.offset != 0)
                    errors.append(queryError(QStringLiteral("offset"), msg::offsetWithCursor(),
                                             "value_error"));
            } else if (std::get<cursor::DecodeError>(decoded) == cursor::DecodeError::Mismatch) {
                errors.append(
                    queryError(QStringLiteral("cursor"), msg::cursorMismatch(), "value_error"));
            } else {
                errors.append(
                    queryError(QStringLiteral("cursor"), msg::invalidCursor(), "value_error"));
            }
        }
    }
    if (!errors.isEmpty())
        return errors;
    return result;
}

std::variant<TimeseriesQuery, FieldErrors> parseTimeseries(const ApiRequest &request, EpochMs nowMs)
{
    FieldErrors errors;
    TimeseriesQuery result;
    if (const std::optional<QString> bucket = single(request, QStringLiteral("bucket"))) {
        const std::optional<TimeBucket> parsed = bucketFromName(*bucket);
        if (parsed)
            result.bucket = *parsed;
        else
            errors.append(queryError(QStringLiteral("bucket"),
                                     QStringLiteral("Input should be 'minute', 'hour' or 'day'"),
                                     "enum"));
    }
    const std::optional<EpochMs> from = timestamp(request, QStringLiteral("from"), errors);
    const std::optional<EpochMs> to = timestamp(request, QStringLiteral("to"), errors);
    if (!errors.isEmpty())
        return errors;
    constexpr qint64 kDayMs = 24LL * 3600 * 1000;
    const qint64 width = bucketWidthMs(result.bucket);
    result.to = to ? *to : bucketStart(result.bucket, nowMs) + width;
    // Neither bound: the last 24 hours, from the bucket holding now - 24 h to the one holding
    // now (25 hourly buckets unless now is on the hour). A `to` alone: the 24 hours before it.
    if (from)
        result.from = *from;
    else if (to)
        result.from = result.to - kDayMs;
    else
        result.from = bucketStart(result.bucket, nowMs - kDayMs);
    if (result.from >= result.to) {
        errors.append(queryError(QStringLiteral("from"),
                                 QStringLiteral("'from' must be earlier than 'to'"),
                                 "value_error"));
    } else if (bucketCount(result.bucket, result.from, result.to) > kMaxTimeseriesBuckets) {
        errors.append(queryError(
            QStringLiteral("to"),
            QStringLiteral("The range spans more than %1 buckets").arg(kMaxTimeseriesBuckets),
            "value_error"));
    }
    if (!errors.isEmpty())
        return errors;
    return result;
}

std::variant<AuditListQuery, FieldErrors> parseAuditList(const ApiRequest &request)
{
    FieldErrors errors;
    AuditListQuery result;
    result.offset = integer<qint64>(request, QStringLiteral("offset"), 0, 0,
                                    std::numeric_limits<qint64>::max() / 2, errors);
    result.limit = integer<int>(request, QStringLiteral("limit"), 50, 1, kMaxPageLimit, errors);
    result.filter.username = text(request, QStringLiteral("username"), errors);
    if (const std::optional<QString> action = single(request, QStringLiteral("action"))) {
        if (audit::auditActions().contains(*action))
            result.filter.action = *action;
        else
            errors.append(queryError(QStringLiteral("action"),
                                     QStringLiteral("Input should be 'task.create', "
                                                    "'task.update', 'task.delete', 'user.create', "
                                                    "'user.update', 'user.delete', "
                                                    "'api_key.create', 'api_key.revoke', "
                                                    "'view.create', 'view.update' or "
                                                    "'view.delete'"),
                                     "enum"));
    }
    result.filter.target = text(request, QStringLiteral("target"), errors);
    result.filter.from = timestamp(request, QStringLiteral("from"), errors);
    result.filter.to = timestamp(request, QStringLiteral("to"), errors);
    if (result.filter.from && result.filter.to && *result.filter.from >= *result.filter.to)
        errors.append(queryError(QStringLiteral("to"),
                                 QStringLiteral("'to' must be later than 'from'"), "value_error"));
    if (!errors.isEmpty())
        return errors;
    return result;
}

std::variant<EventsQuery, FieldErrors> parseEvents(const ApiRequest &request)
{
    FieldErrors errors;
    EventsQuery result;
    // A sequence number is unsigned 64-bit: the whole range is accepted (a since beyond the
    // last event starts with the next one). Like every scalar parameter, the last value counts.
    if (const std::optional<QString> text = single(request, QStringLiteral("since"))) {
        const QString since = text->trimmed();
        bool ok = false;
        const quint64 value = since.toULongLong(&ok);
        static const QRegularExpression integerPattern(QStringLiteral("^[+-]?[0-9]+$"));
        if (ok && !since.startsWith(QLatin1Char('-'))) {
            result.since = value;
        } else if (!integerPattern.match(since).hasMatch()) {
            errors.append(queryError(
                QStringLiteral("since"),
                QStringLiteral("Input should be a valid integer, unable to parse string as an "
                               "integer"),
                "int_parsing"));
        } else if (since.startsWith(QLatin1Char('-')) &&
                   since.sliced(1).contains(QRegularExpression(QStringLiteral("[1-9]")))) {
            errors.append(queryError(QStringLiteral("since"),
                                     QStringLiteral("Input should be greater than or equal to 0"),
                                     "greater_than_equal"));
        } else if (since.startsWith(QLatin1Char('-'))) {
            result.since = 0; // -0
        } else {
            errors.append(queryError(QStringLiteral("since"),
                                     QStringLiteral("Input should be less than or equal to %1")
                                         .arg(std::numeric_limits<quint64>::max()),
                                     "less_than_equal"));
        }
    }
    if (!errors.isEmpty())
        return errors;
    return result;
}

const QStringList &taskFilterParameterNames()
{
    static const QStringList names{QStringLiteral("status"),
                                   QStringLiteral("category"),
                                   QStringLiteral("q"),
                                   QStringLiteral("created_after"),
                                   QStringLiteral("created_before"),
                                   QStringLiteral("sort"),
                                   QStringLiteral("order"),
                                   QStringLiteral("priority"),
                                   QStringLiteral("created_by"),
                                   QStringLiteral("completed_after"),
                                   QStringLiteral("completed_before")};
    return names;
}

} // namespace taskdeck::http::query
