#include "TaskCursor.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace taskdeck::cursor {

namespace {

constexpr int kVersion = 1;
/// Integers beyond 2^53 would not survive a JSON number; keys stay far below.
constexpr double kMaxExactInteger = 9007199254740992.0;

QString orderName(SortOrder order)
{
    return order == SortOrder::Ascending ? QStringLiteral("asc") : QStringLiteral("desc");
}

QByteArray hashHex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).left(8).toHex();
}

/// The checksum of a cursor object without its "c".
QString checkOf(const QJsonObject &withoutCheck)
{
    return QString::fromLatin1(
        hashHex("taskdeck-cursor\n" + QJsonDocument(withoutCheck).toJson(QJsonDocument::Compact)));
}

QJsonValue valueToJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    if (value.typeId() == QMetaType::QString)
        return value.toString();
    return QJsonValue(qint64(value.toLongLong()));
}

} // namespace

QString filterFingerprint(const TaskFilter &filter)
{
    QStringList statuses;
    for (TaskStatus status : filter.statuses)
        statuses << statusName(status);
    statuses.sort();
    statuses.removeDuplicates();
    const auto optionalNumber = [](const std::optional<EpochMs> &ms) {
        return ms ? QJsonValue(qint64(*ms)) : QJsonValue(QJsonValue::Null);
    };
    const QJsonArray canonical{
        QJsonArray::fromStringList(statuses),
        filter.category ? QJsonValue(*filter.category) : QJsonValue(QJsonValue::Null),
        filter.search,
        optionalNumber(filter.createdAfter),
        optionalNumber(filter.createdBefore),
    };
    // Members added later are appended only when set, so cursors of lists without them (made
    // before they existed) stay valid.
    QJsonArray extended = canonical;
    if (!filter.priorities.isEmpty()) {
        QList<int> priorities = filter.priorities;
        std::sort(priorities.begin(), priorities.end());
        priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
        QJsonArray values;
        for (int priority : priorities)
            values.append(priority);
        extended.append(QJsonObject{{QStringLiteral("priority"), values}});
    }
    if (filter.createdBy)
        extended.append(QJsonObject{{QStringLiteral("created_by"), *filter.createdBy}});
    if (filter.completedAfter || filter.completedBefore)
        extended.append(QJsonObject{
            {QStringLiteral("completed"), QJsonArray{optionalNumber(filter.completedAfter),
                                                     optionalNumber(filter.completedBefore)}}});
    return QString::fromLatin1(hashHex(QJsonDocument(extended).toJson(QJsonDocument::Compact)));
}

QString encode(const TaskFilter &filter, const TaskListKey &key)
{
    QJsonArray values;
    for (const QVariant &value : key.values)
        values.append(valueToJson(value));
    QJsonObject object{
        {QStringLiteral("v"), kVersion},
        {QStringLiteral("s"), sortFieldName(filter.sort)},
        {QStringLiteral("o"), orderName(filter.order)},
        {QStringLiteral("f"), filterFingerprint(filter)},
        {QStringLiteral("k"), values},
        {QStringLiteral("i"), key.id.toString(QUuid::WithoutBraces)},
    };
    object.insert(QStringLiteral("c"), checkOf(object));
    return QString::fromLatin1(
        QJsonDocument(object)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::variant<TaskListKey, DecodeError> decode(QStringView text, const TaskFilter &filter)
{
    if (text.isEmpty() || text.size() > kMaxCursorLength)
        return DecodeError::Malformed;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') ||
                        (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
        if (!ok)
            return DecodeError::Malformed;
    }
    const QByteArray::FromBase64Result bytes = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                             QByteArray::AbortOnBase64DecodingErrors);
    if (!bytes)
        return DecodeError::Malformed;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return DecodeError::Malformed;
    QJsonObject object = document.object();
    const QJsonValue check = object.take(QStringLiteral("c"));
    if (!check.isString() || check.toString() != checkOf(object))
        return DecodeError::Malformed;
    const QStringList expectedKeys{QStringLiteral("f"), QStringLiteral("i"), QStringLiteral("k"),
                                   QStringLiteral("o"), QStringLiteral("s"), QStringLiteral("v")};
    if (object.keys() != expectedKeys)
        return DecodeError::Malformed;
    if (object.value(QStringLiteral("v")) != QJsonValue(kVersion))
        return DecodeError::Malformed;
    const QJsonValue sort = object.value(QStringLiteral("s"));
    const QJsonValue order = object.value(QStringLiteral("o"));
    const QJsonValue fingerprint = object.value(QStringLiteral("f"));
    const QJsonValue id = object.value(QStringLiteral("i"));
    const QJsonValue values = object.value(QStringLiteral("k"));
    if (!sort.isString() || !sortFieldFromName(sort.toString()) || !order.isString() ||
        (order.toString() != QLatin1String("asc") && order.toString() != QLatin1String("desc")) ||
        !fingerprint.isString() || !id.isString() || !values.isArray())
        return DecodeError::Malformed;
    TaskListKey key;
    key.id = QUuid::fromString(id.toString());
    if (key.id.isNull() || id.toString().size() != 36)
        return DecodeError::Malformed;
    for (const QJsonValue value : values.toArray()) {
        if (value.isNull()) {
            key.values << QVariant();
        } else if (value.isString()) {
            key.values << value.toString();
        } else if (value.isDouble()) {
            const double number = value.toDouble();
            if (!std::isfinite(number) || std::floor(number) != number ||
                std::fabs(number) > kMaxExactInteger)
                return DecodeError::Malformed;
            key.values << QVariant(qlonglong(number));
        } else {
            return DecodeError::Malformed;
        }
    }
    if (sort.toString() != sortFieldName(filter.sort) ||
        order.toString() != orderName(filter.order) ||
        fingerprint.toString() != filterFingerprint(filter))
        return DecodeError::Mismatch;
    return key;
}

} // namespace taskdeck::cursor
