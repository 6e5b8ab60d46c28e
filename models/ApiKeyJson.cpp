#include "ApiKeyJson.h"

#include "ApiMessages.h"
#include "TaskJson.h"

#include <QJsonArray>

namespace taskdeck::json {

namespace {

FieldError bodyError(const QString &field, const QString &msg, const QString &type)
{
    return {{QStringLiteral("body"), field}, msg, type};
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

QJsonObject apiKeyToJson(const ApiKey &key)
{
    return QJsonObject{
        {QStringLiteral("id"), idText(key.id)},
        {QStringLiteral("name"), key.name},
        {QStringLiteral("prefix"), key.prefix},
        {QStringLiteral("role"), roleName(key.role)},
        {QStringLiteral("read_only"), key.readOnly},
        {QStringLiteral("user_id"), idText(key.userId)},
        {QStringLiteral("username"), key.username},
        {QStringLiteral("created_at"), formatTimestamp(key.createdAt)},
        {QStringLiteral("last_used_at"), timestampToJson(key.lastUsedAt)},
        {QStringLiteral("expires_at"), timestampToJson(key.expiresAt)},
    };
}

QJsonObject apiKeyListToJson(const QList<ApiKey> &keys)
{
    QJsonArray array;
    for (const ApiKey &key : keys)
        array.append(apiKeyToJson(key));
    return QJsonObject{{QStringLiteral("keys"), array}};
}

const QStringList &newApiKeyFieldNames()
{
    static const QStringList names{QStringLiteral("name"), QStringLiteral("role"),
                                   QStringLiteral("read_only"), QStringLiteral("expires_at")};
    return names;
}

std::variant<NewApiKey, FieldErrors> parseNewApiKey(const QJsonObject &body)
{
    FieldErrors errors;
    NewApiKey key;

    const QJsonValue name = body.value(QLatin1String("name"));
    if (name.isUndefined()) {
        errors.append(
            bodyError(QStringLiteral("name"), msg::fieldRequired(), QStringLiteral("missing")));
    } else if (!name.isString()) {
        errors.append(
            bodyError(QStringLiteral("name"), msg::notAString(), QStringLiteral("string_type")));
    } else {
        key.name = name.toString();
        const qsizetype length = key.name.toUcs4().size();
        if (key.name.trimmed().isEmpty())
            errors.append(bodyError(QStringLiteral("name"),
                                    QStringLiteral("String should have at least 1 character"),
                                    QStringLiteral("string_too_short")));
        else if (length > kApiKeyMaxNameLength)
            errors.append(bodyError(QStringLiteral("name"),
                                    QStringLiteral("String should have at most %1 characters")
                                        .arg(kApiKeyMaxNameLength),
                                    QStringLiteral("string_too_long")));
    }

    const QJsonValue role = body.value(QLatin1String("role"));
    if (!role.isUndefined()) {
        const std::optional<Role> parsed =
            role.isString() ? roleFromName(role.toString()) : std::nullopt;
        if (parsed)
            key.role = parsed;
        else
            errors.append(
                bodyError(QStringLiteral("role"), msg::roleEnum(), QStringLiteral("enum")));
    }

    const QJsonValue readOnly = body.value(QLatin1String("read_only"));
    if (readOnly.isBool())
        key.readOnly = readOnly.toBool();
    else if (!readOnly.isUndefined())
        errors.append(bodyError(QStringLiteral("read_only"), msg::notABoolean(),
                                QStringLiteral("bool_type")));

    const QJsonValue expires = body.value(QLatin1String("expires_at"));
    if (expires.isString()) {
        key.expiresAt = parseTimestamp(expires.toString());
        if (!key.expiresAt)
            errors.append(bodyError(
                QStringLiteral("expires_at"),
                QStringLiteral("Input should be a valid datetime (ISO 8601 with a time zone)"),
                QStringLiteral("datetime_from_date_parsing")));
    } else if (!expires.isUndefined() && !expires.isNull()) {
        errors.append(bodyError(QStringLiteral("expires_at"), msg::notADatetime(),
                                QStringLiteral("datetime_type")));
    }

    QStringList keys = body.keys();
    keys.sort();
    for (const QString &member : keys) {
        if (!newApiKeyFieldNames().contains(member))
            errors.append(
                bodyError(member, msg::extraForbidden(), QStringLiteral("extra_forbidden")));
    }
    if (!errors.isEmpty())
        return errors;
    return key;
}

} // namespace taskdeck::json
