#include "TaskBulk.h"

#include "ApiMessages.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QSet>

#include <climits>
#include <cmath>

namespace taskdeck {

namespace {

const QString kAction = QStringLiteral("action");
const QString kValue = QStringLiteral("value");
const QString kIds = QStringLiteral("ids");
const QString kFilter = QStringLiteral("filter");
const QString kExpectedTotal = QStringLiteral("expected_total");

FieldError bodyError(QStringList loc, QString msg, const char *type)
{
    loc.prepend(QStringLiteral("body"));
    return {std::move(loc), std::move(msg), QString::fromLatin1(type)};
}

/// An integer JSON value (no fractional part, within qint64's exact double range).
std::optional<qint64> integerOf(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (std::trunc(number) != number || std::fabs(number) > 9007199254740992.0)
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

QString bulkActionName(BulkAction action)
{
    switch (action) {
    case BulkAction::Retry:
        return QStringLiteral("retry");
    case BulkAction::Cancel:
        return QStringLiteral("cancel");
    case BulkAction::Delete:
        return QStringLiteral("delete");
    case BulkAction::SetStatus:
        return QStringLiteral("set_status");
    case BulkAction::SetCategory:
        return QStringLiteral("set_category");
    case BulkAction::SetPriority:
        return QStringLiteral("set_priority");
    }
    return {};
}

std::optional<BulkAction> bulkActionFromName(QStringView name)
{
    for (const BulkAction action :
         {BulkAction::Retry, BulkAction::Cancel, BulkAction::Delete, BulkAction::SetStatus,
          BulkAction::SetCategory, BulkAction::SetPriority})
        if (name == bulkActionName(action))
            return action;
    return std::nullopt;
}

QString bulkOutcomeName(BulkOutcome outcome)
{
    switch (outcome) {
    case BulkOutcome::Ok:
        return QStringLiteral("ok");
    case BulkOutcome::NotFound:
        return QStringLiteral("not_found");
    case BulkOutcome::Conflict:
        return QStringLiteral("conflict");
    case BulkOutcome::PreconditionFailed:
        return QStringLiteral("precondition_failed");
    }
    return {};
}

namespace json {

const QStringList &taskBulkFieldNames()
{
    static const QStringList names{kAction, kValue, kIds, kFilter, kExpectedTotal};
    return names;
}

std::variant<BulkBody, FieldErrors> parseBulkBody(const QJsonObject &body)
{
    FieldErrors errors;
    BulkBody parsed;
    BulkRequest &request = parsed.request;

    std::optional<BulkAction> action;
    if (!body.contains(kAction))
        errors << bodyError({kAction}, msg::fieldRequired(), "missing");
    else if (!body.value(kAction).isString())
        errors << bodyError({kAction}, msg::notAString(), "string_type");
    else if (!(action = bulkActionFromName(body.value(kAction).toString())))
        errors << bodyError({kAction}, msg::bulkActionEnum(), "enum");
    if (action)
        request.action = *action;

    // value: what set_* sets; the other actions take none (absent or null).
    const QJsonValue value = body.value(kValue);
    if (action) {
        switch (*action) {
        case BulkAction::SetStatus:
            if (!body.contains(kValue))
                errors << bodyError({kValue}, msg::fieldRequired(), "missing");
            else if (!value.isString())
                errors << bodyError({kValue}, msg::notAString(), "string_type");
            else if (!(request.status = statusFromName(value.toString())))
                errors << bodyError({kValue}, msg::statusEnum(), "enum");
            break;
        case BulkAction::SetCategory:
            if (!body.contains(kValue))
                errors << bodyError({kValue}, msg::fieldRequired(), "missing");
            else if (value.isString())
                request.category = value.toString();
            else if (!value.isNull())
                errors << bodyError({kValue}, msg::notAString(), "string_type");
            break;
        case BulkAction::SetPriority:
            if (!body.contains(kValue))
                errors << bodyError({kValue}, msg::fieldRequired(), "missing");
            else if (const auto number = integerOf(value);
                     !number || *number < INT_MIN || *number > INT_MAX)
                errors << bodyError({kValue}, msg::notAnInteger(), "int_type");
            else
                request.priority = static_cast<int>(*number);
            break;
        case BulkAction::Retry:
        case BulkAction::Cancel:
        case BulkAction::Delete:
            if (body.contains(kValue) && !value.isNull())
                errors << bodyError({kValue}, msg::extraForbidden(), "extra_forbidden");
            break;
        }
    }

    const bool hasIds = body.contains(kIds);
    const bool hasFilter = body.contains(kFilter);
    if (hasIds && hasFilter) {
        errors << bodyError({kFilter}, QStringLiteral("Value error, give either ids or filter"),
                            "value_error");
    } else if (!hasIds && !hasFilter) {
        errors << bodyError({kIds}, msg::fieldRequired(), "missing");
    } else if (hasIds) {
        const QJsonValue ids = body.value(kIds);
        if (!ids.isArray()) {
            errors << bodyError({kIds}, msg::notAList(), "list_type");
        } else {
            const QJsonArray array = ids.toArray();
            if (array.isEmpty()) {
                errors << bodyError({kIds}, msg::listTooShort(), "too_short");
            } else if (array.size() > kMaxBulkItems) {
                errors << bodyError({kIds}, msg::listTooLong(kMaxBulkItems, array.size()),
                                    "too_long");
            } else {
                QSet<QUuid> seen;
                for (qsizetype i = 0; i < array.size(); ++i) {
                    const QJsonValue item = array.at(i);
                    const QString text = item.toString();
                    const QUuid id = text.size() == 36 ? QUuid::fromString(text) : QUuid();
                    if (!item.isString()) {
                        errors << bodyError({kIds, QString::number(i)}, msg::notAString(),
                                            "string_type");
                    } else if (id.isNull()) {
                        errors << bodyError({kIds, QString::number(i)}, msg::notAUuid(),
                                            "uuid_parsing");
                    } else if (!seen.contains(id)) { // a repeated id is acted on once
                        seen.insert(id);
                        request.ids << id;
                    }
                }
            }
        }
        if (body.contains(kExpectedTotal))
            errors << bodyError({kExpectedTotal}, msg::extraForbidden(), "extra_forbidden");
    } else {
        const QJsonValue filter = body.value(kFilter);
        if (!filter.isObject())
            errors << bodyError({kFilter}, msg::notAnObject(), "dict_type");
        else
            parsed.filter = filter.toObject();
        if (!body.contains(kExpectedTotal))
            errors << bodyError({kExpectedTotal}, msg::fieldRequired(), "missing");
        else if (const auto total = integerOf(body.value(kExpectedTotal)); !total)
            errors << bodyError({kExpectedTotal}, msg::notAnInteger(), "int_type");
        else if (*total < 0)
            errors << bodyError({kExpectedTotal}, msg::notNegative(), "greater_than_equal");
        else
            request.expectedTotal = *total;
    }

    for (auto it = body.constBegin(); it != body.constEnd(); ++it)
        if (!taskBulkFieldNames().contains(it.key()))
            errors << bodyError({it.key()}, msg::extraForbidden(), "extra_forbidden");
    if (!errors.isEmpty())
        return errors;
    return parsed;
}

QJsonObject bulkResultToJson(const BulkResult &result)
{
    QJsonArray results;
    for (const BulkItemResult &item : result.results)
        results.append(QJsonObject{
            {QStringLiteral("id"), item.id.toString(QUuid::WithoutBraces)},
            {QStringLiteral("outcome"), bulkOutcomeName(item.outcome)},
            {QStringLiteral("detail"),
             item.detail.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(item.detail)},
        });
    QJsonObject counts;
    for (int i = 0; i < kBulkOutcomeCount; ++i)
        counts.insert(bulkOutcomeName(static_cast<BulkOutcome>(i)), result.counts[i]);
    return QJsonObject{
        {QStringLiteral("results"), results},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("total"), result.total},
        {QStringLiteral("cancelled"), result.cancelled},
        {QStringLiteral("stopped_by"),
         result.stoppedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.stoppedBy)},
    };
}

} // namespace json

} // namespace taskdeck
