#include "TaskJson.h"

#include "ApiMessages.h"
#include "BodyFields.h"
#include "TaskCursor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <cstdio>
#include <limits>

namespace taskdeck::json {

namespace {

constexpr qint64 kMsPerDay = 86'400'000;

/// Largest |cost| in USD that converts exactly (ten-thousandths stay far below 2^53).
constexpr double kMoneyExactLimitUsd = 1e11;

qint64 floorDivide(qint64 numerator, qint64 denominator)
{
    qint64 quotient = numerator / denominator;
    if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
        --quotient;
    return quotient;
}

// Proleptic Gregorian calendar <-> days since 1970-01-01 (H. Hinnant's algorithms).
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct CivilDate
{
    qint64 year;
    int month;
    int day;
};

CivilDate civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

/// The value of `count` ASCII digits at `pos`, or -1.
int digitsAt(QStringView text, qsizetype pos, qsizetype count)
{
    if (pos < 0 || pos + count > text.size())
        return -1;
    int value = 0;
    for (qsizetype i = pos; i < pos + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

bool charAt(QStringView text, qsizetype pos, char16_t expected)
{
    return pos < text.size() && text[pos].unicode() == expected;
}

FieldError bodyError(const QString &field, const QString &msg, const QString &type)
{
    return FieldError{{QStringLiteral("body"), field}, msg, type};
}

const QString kMissingMsg = msg::fieldRequired();

/// Parses the JSON fields of a task body. One instance per body; collects every error.
class BodyParser
{
public:
    explicit BodyParser(const QJsonObject &body) : m_body(body) {}

    FieldErrors &errors() { return m_errors; }

    std::optional<QString> string(const QString &field)
    {
        const QJsonValue value = m_body.value(field);
        if (!value.isString()) {
            fail(field, msg::notAString(), QStringLiteral("string_type"));
            return std::nullopt;
        }
        return value.toString();
    }

    std::optional<std::optional<QString>> nullableString(const QString &field)
    {
        const QJsonValue value = m_body.value(field);
        if (value.isNull())
            return std::optional<QString>();
        if (auto text = string(field))
            return std::optional<QString>(*text);
        return std::nullopt;
    }

    std::optional<int> integer(const QString &field)
    {
        const QJsonValue value = m_body.value(field);
        if (!value.isDouble()) {
            fail(field, msg::notAnInteger(), QStringLiteral("int_type"));
            return std::nullopt;
        }
        const double number = value.toDouble();
        if (std::trunc(number) != number) {
            fail(field,
                 QStringLiteral("Input should be a valid integer, got a number with a fractional "
                                "part"),
                 QStringLiteral("int_from_float"));
            return std::nullopt;
        }
        // Out-of-int values saturate so that the range check (TaskRules) rejects them.
        if (number >= static_cast<double>(std::numeric_limits<int>::max()))
            return std::numeric_limits<int>::max();
        if (number <= static_cast<double>(std::numeric_limits<int>::min()))
            return std::numeric_limits<int>::min();
        return static_cast<int>(number);
    }

    std::optional<MoneyE4> money(const QString &field)
    {
        const QJsonValue value = m_body.value(field);
        if (!value.isDouble()) {
            fail(field, msg::notANumber(), QStringLiteral("float_type"));
            return std::nullopt;
        }
        const double number = value.toDouble();
        // Far out of range: saturate so that the range check (TaskRules) rejects it.
        if (number > kMoneyExactLimitUsd)
            return std::numeric_limits<MoneyE4>::max();
        if (number < -kMoneyExactLimitUsd)
            return std::numeric_limits<MoneyE4>::min();
        if (auto e4 = moneyFromDouble(number))
            return e4;
        fail(field, QStringLiteral("Decimal input should have no more than 4 decimal places"),
             QStringLiteral("decimal_max_places"));
        return std::nullopt;
    }

    std::optional<TaskStatus> status(const QString &field)
    {
        const QJsonValue value = m_body.value(field);
        if (value.isString()) {
            if (auto status = statusFromName(value.toString()))
                return status;
        }
        fail(field, msg::statusEnum(), QStringLiteral("enum"));
        return std::nullopt;
    }

    /// Reports every key of the body that is not in `allowed`.
    void rejectOthers(const QStringList &allowed)
    {
        static const QStringList kServerOwned = {
            QStringLiteral("id"),           QStringLiteral("version"),
            QStringLiteral("created_by"),   QStringLiteral("created_at"),
            QStringLiteral("updated_at"),   QStringLiteral("started_at"),
            QStringLiteral("completed_at"), QStringLiteral("execution_time")};
        for (auto it = m_body.begin(); it != m_body.end(); ++it) {
            const QString key = it.key();
            if (allowed.contains(key))
                continue;
            if (kServerOwned.contains(key)) {
                fail(key, QStringLiteral("Field is set by the server and cannot be written"),
                     QStringLiteral("extra_forbidden"));
            } else {
                fail(key, msg::extraForbidden(), QStringLiteral("extra_forbidden"));
            }
        }
    }

private:
    void fail(const QString &field, const QString &msg, const QString &type)
    {
        m_errors.append(bodyError(field, msg, type));
    }

    const QJsonObject &m_body;
    FieldErrors m_errors;
};

const QString kTitle = QStringLiteral("title");
const QString kDescription = QStringLiteral("description");
const QString kCategory = QStringLiteral("category");
const QString kStatus = QStringLiteral("status");
const QString kPriority = QStringLiteral("priority");
const QString kCost = QStringLiteral("cost");
const QString kResult = QStringLiteral("result");
const QString kErrorMessage = QStringLiteral("error_message");

QJsonValue nullableString(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject statusCounts(const MetricsSnapshot &metrics)
{
    QJsonObject byStatus;
    for (const TaskStatus status : kAllStatuses)
        byStatus.insert(statusName(status), metrics.count(status));
    return byStatus;
}

} // namespace

int formatTimestampTo(char *out, EpochMs ms)
{
    const qint64 days = floorDivide(ms, kMsPerDay);
    const qint64 msOfDay = ms - days * kMsPerDay;
    const CivilDate date = civilFromDays(days);
    const int hour = static_cast<int>(msOfDay / 3'600'000);
    const int minute = static_cast<int>(msOfDay / 60'000 % 60);
    const int second = static_cast<int>(msOfDay / 1000 % 60);
    const int milli = static_cast<int>(msOfDay % 1000);
    if (date.year < 0 || date.year > 9999) {
        return std::snprintf(out, kTimestampBufferSize, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
                             static_cast<long long>(date.year), date.month, date.day, hour, minute,
                             second, milli);
    }
    // The same text without snprintf (5% of the server's CPU for a page of ten tasks, perf).
    auto digits = [&out](int at, int value, int count) {
        for (int i = count - 1; i >= 0; --i) {
            out[at + i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    digits(0, static_cast<int>(date.year), 4);
    out[4] = '-';
    digits(5, date.month, 2);
    out[7] = '-';
    digits(8, date.day, 2);
    out[10] = 'T';
    digits(11, hour, 2);
    out[13] = ':';
    digits(14, minute, 2);
    out[16] = ':';
    digits(17, second, 2);
    out[19] = '.';
    digits(20, milli, 3);
    out[23] = 'Z';
    out[24] = '\0';
    return 24;
}

QString formatTimestamp(EpochMs ms)
{
    char buffer[kTimestampBufferSize];
    const int length = formatTimestampTo(buffer, ms);
    return QString::fromLatin1(buffer, length);
}

std::optional<EpochMs> parseTimestamp(QStringView text)
{
    const int year = digitsAt(text, 0, 4);
    const int month = digitsAt(text, 5, 2);
    const int day = digitsAt(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || !charAt(text, 4, u'-') ||
        !charAt(text, 7, u'-') || day > daysInMonth(year, month))
        return std::nullopt;
    const qint64 dayMs = daysFromCivil(year, month, day) * kMsPerDay;
    if (text.size() == 10)
        return dayMs;

    if (!charAt(text, 10, u'T') && !charAt(text, 10, u't'))
        return std::nullopt;
    const int hour = digitsAt(text, 11, 2);
    const int minute = digitsAt(text, 14, 2);
    const int second = digitsAt(text, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
        !charAt(text, 13, u':') || !charAt(text, 16, u':'))
        return std::nullopt;
    qsizetype pos = 19;

    int milli = 0;
    if (charAt(text, pos, u'.')) {
        ++pos;
        int digits = 0;
        while (digitsAt(text, pos, 1) >= 0) {
            if (digits < 3)
                milli = milli * 10 + digitsAt(text, pos, 1);
            ++digits;
            ++pos;
        }
        if (digits < 1 || digits > 9)
            return std::nullopt;
        for (int i = digits; i < 3; ++i)
            milli *= 10;
    }

    qint64 offsetMinutes = 0;
    if (charAt(text, pos, u'Z') || charAt(text, pos, u'z')) {
        ++pos;
    } else if (charAt(text, pos, u'+') || charAt(text, pos, u'-')) {
        const int sign = charAt(text, pos, u'-') ? -1 : 1;
        const int offsetHours = digitsAt(text, pos + 1, 2);
        int offsetMins = 0;
        pos += 3;
        if (charAt(text, pos, u':')) {
            offsetMins = digitsAt(text, pos + 1, 2);
            pos += 3;
        } else if (pos < text.size()) {
            offsetMins = digitsAt(text, pos, 2);
            pos += 2;
        }
        if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59)
            return std::nullopt;
        offsetMinutes = sign * (offsetHours * 60 + offsetMins);
    } else {
        return std::nullopt; // a local time without zone is ambiguous
    }
    if (pos != text.size())
        return std::nullopt;

    return dayMs + hour * 3'600'000LL + minute * 60'000LL + second * 1000LL + milli -
           offsetMinutes * 60'000;
}

double moneyToDouble(MoneyE4 e4)
{
    // One correctly rounded division: the double nearest to the 4-decimal value, which the JSON
    // writer prints in its shortest form (3000 -> 0.3).
    return static_cast<double>(e4) / 10000.0;
}

std::optional<MoneyE4> moneyFromDouble(double value)
{
    if (!std::isfinite(value) || std::fabs(value) > kMoneyExactLimitUsd)
        return std::nullopt;
    const auto e4 = static_cast<MoneyE4>(std::llround(value * 10000.0));
    // Exact rule: accept only the double nearest to a value with at most 4 decimals, i.e. a
    // number whose shortest decimal form has at most 4 decimals (0.3 yes, 0.30000000000000004 no).
    if (moneyToDouble(e4) != value)
        return std::nullopt;
    return e4;
}

QString moneyToText(MoneyE4 e4)
{
    const bool negative = e4 < 0;
    // Unsigned magnitude: also correct for the most negative value.
    const quint64 magnitude = negative ? 0 - static_cast<quint64>(e4) : static_cast<quint64>(e4);
    char buffer[48];
    const int length = std::snprintf(buffer, sizeof buffer, "%s%llu.%04llu", negative ? "-" : "",
                                     static_cast<unsigned long long>(magnitude / 10000),
                                     static_cast<unsigned long long>(magnitude % 10000));
    return QString::fromLatin1(buffer, length);
}

std::optional<MoneyE4> moneyFromText(QStringView text)
{
    qsizetype pos = 0;
    bool negative = false;
    if (charAt(text, 0, u'-') || charAt(text, 0, u'+')) {
        negative = charAt(text, 0, u'-');
        pos = 1;
    }
    qint64 units = 0;
    int integerDigits = 0;
    while (pos < text.size() && digitsAt(text, pos, 1) >= 0) {
        if (++integerDigits > 14)
            return std::nullopt;
        units = units * 10 + digitsAt(text, pos, 1);
        ++pos;
    }
    if (integerDigits == 0)
        return std::nullopt;
    qint64 fraction = 0;
    if (charAt(text, pos, u'.')) {
        ++pos;
        int fractionDigits = 0;
        while (pos < text.size() && digitsAt(text, pos, 1) >= 0) {
            const int digit = digitsAt(text, pos, 1);
            if (fractionDigits < 4)
                fraction = fraction * 10 + digit;
            else if (digit != 0)
                return std::nullopt; // more than 4 significant decimals
            ++fractionDigits;
            ++pos;
        }
        if (fractionDigits == 0)
            return std::nullopt;
        for (int i = fractionDigits; i < 4; ++i)
            fraction *= 10;
    }
    if (pos != text.size())
        return std::nullopt;
    const qint64 e4 = units * 10000 + fraction;
    return negative ? -e4 : e4;
}

QByteArray toCompactJson(const QJsonValue &value)
{
    // QJsonDocument holds only arrays and objects: serialise [value] and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

std::optional<QJsonValue> parseJsonValue(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(QByteArray("[") + text + "]"), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    const QJsonArray array = document.array();
    if (array.size() != 1)
        return std::nullopt;
    return array.first();
}

QJsonValue timestampToJson(std::optional<EpochMs> ms)
{
    return ms ? QJsonValue(formatTimestamp(*ms)) : QJsonValue(QJsonValue::Null);
}

const QStringList &taskFieldNames()
{
    static const QStringList kNames = {QStringLiteral("id"),
                                       QStringLiteral("title"),
                                       QStringLiteral("description"),
                                       QStringLiteral("category"),
                                       QStringLiteral("status"),
                                       QStringLiteral("priority"),
                                       QStringLiteral("cost"),
                                       QStringLiteral("result"),
                                       QStringLiteral("error_message"),
                                       QStringLiteral("created_by"),
                                       QStringLiteral("created_at"),
                                       QStringLiteral("updated_at"),
                                       QStringLiteral("started_at"),
                                       QStringLiteral("completed_at"),
                                       QStringLiteral("execution_time"),
                                       QStringLiteral("version")};
    return kNames;
}

QJsonObject taskToJson(const Task &task)
{
    const std::optional<qint64> executionMs = task.executionTimeMs();
    QJsonObject object;
    object.insert(QStringLiteral("id"), task.id.toString(QUuid::WithoutBraces));
    object.insert(kTitle, task.title);
    object.insert(kDescription, nullableString(task.description));
    object.insert(kCategory, nullableString(task.category));
    object.insert(kStatus, statusName(task.status));
    object.insert(kPriority, task.priority);
    object.insert(kCost, moneyToDouble(task.costE4));
    object.insert(kResult, task.result.isUndefined() ? QJsonValue(QJsonValue::Null) : task.result);
    object.insert(kErrorMessage, nullableString(task.errorMessage));
    object.insert(QStringLiteral("created_by"), nullableString(task.createdBy));
    object.insert(QStringLiteral("created_at"), formatTimestamp(task.createdAt));
    object.insert(QStringLiteral("updated_at"), formatTimestamp(task.updatedAt));
    object.insert(QStringLiteral("started_at"), timestampToJson(task.startedAt));
    object.insert(QStringLiteral("completed_at"), timestampToJson(task.completedAt));
    object.insert(QStringLiteral("execution_time"),
                  executionMs ? QJsonValue(static_cast<double>(*executionMs) / 1000.0)
                              : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("version"), task.version);
    return object;
}

std::optional<Task> taskFromJson(const QJsonObject &object)
{
    auto optionalText = [&object](const QString &key, std::optional<QString> *out) {
        const QJsonValue value = object.value(key);
        if (value.isNull()) {
            out->reset();
            return true;
        }
        if (!value.isString())
            return false;
        *out = value.toString();
        return true;
    };
    auto optionalTime = [&object](const QString &key, std::optional<EpochMs> *out) {
        const QJsonValue value = object.value(key);
        if (value.isNull()) {
            out->reset();
            return true;
        }
        const std::optional<EpochMs> ms = parseTimestamp(value.toString());
        if (!value.isString() || !ms)
            return false;
        *out = ms;
        return true;
    };
    Task task;
    task.id = QUuid::fromString(object.value(QStringLiteral("id")).toString());
    const std::optional<TaskStatus> status = statusFromName(object.value(kStatus).toString());
    const std::optional<MoneyE4> cost = object.value(kCost).isDouble()
                                            ? moneyFromDouble(object.value(kCost).toDouble())
                                            : std::nullopt;
    const std::optional<EpochMs> createdAt =
        parseTimestamp(object.value(QStringLiteral("created_at")).toString());
    const std::optional<EpochMs> updatedAt =
        parseTimestamp(object.value(QStringLiteral("updated_at")).toString());
    if (task.id.isNull() || !object.value(kTitle).isString() || !status || !cost || !createdAt ||
        !updatedAt || !object.value(kPriority).isDouble() ||
        !object.value(QStringLiteral("version")).isDouble() || !object.contains(kResult))
        return std::nullopt;
    task.title = object.value(kTitle).toString();
    task.status = *status;
    task.priority = object.value(kPriority).toInt();
    task.costE4 = *cost;
    task.result = object.value(kResult);
    task.createdAt = *createdAt;
    task.updatedAt = *updatedAt;
    task.version = object.value(QStringLiteral("version")).toInt();
    if (!optionalText(kDescription, &task.description) ||
        !optionalText(kCategory, &task.category) ||
        !optionalText(kErrorMessage, &task.errorMessage) ||
        !optionalText(QStringLiteral("created_by"), &task.createdBy) ||
        !optionalTime(QStringLiteral("started_at"), &task.startedAt) ||
        !optionalTime(QStringLiteral("completed_at"), &task.completedAt))
        return std::nullopt;
    return task;
}

QJsonObject taskPageToJson(const TaskPage &page, const TaskFilter &filter)
{
    QJsonArray tasks;
    for (const Task &task : page.tasks)
        tasks.append(taskToJson(task));
    return QJsonObject{{QStringLiteral("tasks"), tasks},
                       {QStringLiteral("total"), page.total},
                       {QStringLiteral("offset"),
                        page.afterKey ? QJsonValue(QJsonValue::Null) : QJsonValue(page.offset)},
                       {QStringLiteral("limit"), page.limit},
                       {QStringLiteral("next_cursor"),
                        page.nextKey ? QJsonValue(cursor::encode(filter, *page.nextKey))
                                     : QJsonValue(QJsonValue::Null)}};
}

std::variant<NewTask, FieldErrors> parseNewTask(const QJsonObject &body, NewTask *parsed)
{
    BodyParser parser(body);
    NewTask task;
    if (!body.contains(kTitle)) {
        parser.errors().append(bodyError(kTitle, kMissingMsg, QStringLiteral("missing")));
    } else if (auto title = parser.string(kTitle)) {
        task.title = *title;
    }
    if (body.contains(kDescription)) {
        if (auto value = parser.nullableString(kDescription))
            task.description = *value;
    }
    if (body.contains(kCategory)) {
        if (auto value = parser.nullableString(kCategory))
            task.category = *value;
    }
    if (body.contains(kStatus)) {
        if (auto value = parser.status(kStatus))
            task.status = *value;
    }
    if (body.contains(kPriority)) {
        if (auto value = parser.integer(kPriority))
            task.priority = *value;
    }
    if (body.contains(kCost)) {
        if (auto value = parser.money(kCost))
            task.costE4 = *value;
    }
    parser.rejectOthers(taskCreateFieldNames());
    if (parsed)
        *parsed = task;
    if (!parser.errors().isEmpty())
        return parser.errors();
    return task;
}

std::variant<TaskPatch, FieldErrors> parseTaskPatch(const QJsonObject &body, TaskPatch *parsed)
{
    BodyParser parser(body);
    TaskPatch patch;
    if (body.contains(kTitle))
        patch.title = parser.string(kTitle);
    if (body.contains(kDescription))
        patch.description = parser.nullableString(kDescription);
    if (body.contains(kCategory))
        patch.category = parser.nullableString(kCategory);
    if (body.contains(kStatus))
        patch.status = parser.status(kStatus);
    if (body.contains(kPriority))
        patch.priority = parser.integer(kPriority);
    if (body.contains(kCost))
        patch.costE4 = parser.money(kCost);
    if (body.contains(kResult))
        patch.result = body.value(kResult);
    if (body.contains(kErrorMessage))
        patch.errorMessage = parser.nullableString(kErrorMessage);
    parser.rejectOthers(taskPatchFieldNames());
    if (parsed)
        *parsed = patch;
    if (!parser.errors().isEmpty())
        return parser.errors();
    return patch;
}

QJsonObject metricsToJson(const MetricsSnapshot &metrics)
{
    return QJsonObject{
        {QStringLiteral("total_tasks"), metrics.total()},
        {QStringLiteral("completed_tasks"), metrics.count(TaskStatus::Completed)},
        {QStringLiteral("failed_tasks"), metrics.count(TaskStatus::Failed)},
        {QStringLiteral("pending_tasks"), metrics.count(TaskStatus::Pending)},
        {QStringLiteral("in_progress_tasks"), metrics.count(TaskStatus::InProgress)},
        {QStringLiteral("cancelled_tasks"), metrics.count(TaskStatus::Cancelled)},
        {QStringLiteral("success_rate"), metrics.successRate()},
        {QStringLiteral("avg_execution_time"), metrics.averageExecutionSeconds()},
        {QStringLiteral("total_cost"), moneyToDouble(metrics.totalCostE4)},
    };
}

QJsonObject metricsSummaryToJson(const MetricsSnapshot &metrics)
{
    QJsonObject byCategory;
    for (auto it = metrics.byCategory.cbegin(); it != metrics.byCategory.cend(); ++it)
        byCategory.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("total"), metrics.total()},
        {QStringLiteral("by_status"), statusCounts(metrics)},
        {QStringLiteral("by_category"), byCategory},
        {QStringLiteral("success_rate"), metrics.successRate()},
        {QStringLiteral("avg_execution_time"), metrics.averageExecutionSeconds()},
        {QStringLiteral("total_cost"), moneyToDouble(metrics.totalCostE4)},
    };
}

QJsonObject timeseriesToJson(const Timeseries &series)
{
    QJsonArray points;
    for (const TimeseriesPoint &point : series.points) {
        points.append(QJsonObject{
            {QStringLiteral("t"), formatTimestamp(point.start)},
            {QStringLiteral("created"), point.created},
            {QStringLiteral("completed"), point.completed},
            {QStringLiteral("failed"), point.failed},
            {QStringLiteral("cost"), moneyToDouble(point.costE4)},
            {QStringLiteral("avg_execution_time"), point.averageExecutionSeconds()},
        });
    }
    return QJsonObject{{QStringLiteral("bucket"), bucketName(series.bucket)},
                       {QStringLiteral("points"), points}};
}

QJsonObject validationErrorBody(const FieldErrors &errors)
{
    QJsonArray detail;
    for (const FieldError &error : errors) {
        detail.append(QJsonObject{{QStringLiteral("loc"), QJsonArray::fromStringList(error.loc)},
                                  {QStringLiteral("msg"), error.msg},
                                  {QStringLiteral("type"), error.type}});
    }
    return QJsonObject{{QStringLiteral("detail"), detail}};
}

QJsonObject errorBody(const QString &detail)
{
    return QJsonObject{{QStringLiteral("detail"), detail}};
}

} // namespace taskdeck::json
