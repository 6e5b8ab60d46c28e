#include "UserJson.h"

#include "ApiMessages.h"
#include "BodyFields.h"
#include "TaskJson.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QUuid>

#include <optional>

namespace taskdeck::json {

namespace {

FieldError bodyError(const QString &field, const QString &message, const QString &type)
{
    return {{QStringLiteral("body"), field}, message, type};
}

/// Appends an error for every key of `body` outside `allowed` (sorted, FastAPI style).
void rejectExtraFields(const QJsonObject &body, const QStringList &allowed, FieldErrors &errors)
{
    QStringList keys = body.keys();
    keys.sort();
    for (const QString &key : keys) {
        if (!allowed.contains(key))
            errors.append(bodyError(key, msg::extraForbidden(), QStringLiteral("extra_forbidden")));
    }
}

std::optional<QString> stringField(const QJsonObject &body, const QString &name, bool required,
                                   FieldErrors &errors)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined()) {
        if (required)
            errors.append(bodyError(name, msg::fieldRequired(), QStringLiteral("missing")));
        return std::nullopt;
    }
    if (!value.isString()) {
        errors.append(bodyError(name, msg::notAString(), QStringLiteral("string_type")));
        return std::nullopt;
    }
    return value.toString();
}

std::optional<Role> roleField(const QJsonObject &body, bool required, FieldErrors &errors)
{
    const qsizetype before = errors.size();
    const std::optional<QString> name = stringField(body, QStringLiteral("role"), required, errors);
    if (!name || errors.size() != before)
        return std::nullopt;
    const std::optional<Role> role = roleFromName(*name);
    if (!role)
        errors.append(bodyError(QStringLiteral("role"), msg::roleEnum(), QStringLiteral("enum")));
    return role;
}

/// `email`: absent (nullopt), null (an empty inner optional) or a string.
std::optional<std::optional<QString>> emailField(const QJsonObject &body, FieldErrors &errors)
{
    const QJsonValue value = body.value(QLatin1String("email"));
    if (value.isUndefined())
        return std::nullopt;
    if (value.isNull())
        return std::optional<QString>();
    if (!value.isString()) {
        errors.append(
            bodyError(QStringLiteral("email"), msg::notAString(), QStringLiteral("string_type")));
        return std::nullopt;
    }
    return std::optional<QString>(value.toString());
}

/// Reads the string fields `names` of a body that must have exactly these (all required).
std::variant<QStringList, FieldErrors> exactStringFields(const QJsonObject &body,
                                                         const QStringList &names)
{
    FieldErrors errors;
    QStringList values;
    for (const QString &name : names) {
        const QJsonValue value = body.value(name);
        if (value.isUndefined())
            errors.append(bodyError(name, msg::fieldRequired(), QStringLiteral("missing")));
        else if (!value.isString())
            errors.append(bodyError(name, msg::notAString(), QStringLiteral("string_type")));
        values.append(value.toString());
    }
    rejectExtraFields(body, names, errors);
    if (!errors.isEmpty())
        return errors;
    return values;
}

} // namespace

QJsonObject userToJson(const User &user)
{
    return QJsonObject{{QStringLiteral("id"), user.id.toString(QUuid::WithoutBraces)},
                       {QStringLiteral("username"), user.username},
                       {QStringLiteral("email"),
                        user.email ? QJsonValue(*user.email) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("role"), roleName(user.role)}};
}

QJsonObject userAccountToJson(const User &user)
{
    QJsonObject object = userToJson(user);
    object.insert(QStringLiteral("disabled"), user.disabled);
    object.insert(QStringLiteral("created_at"), formatTimestamp(user.createdAt));
    return object;
}

QJsonObject userListToJson(const QList<User> &users)
{
    QJsonArray array;
    for (const User &user : users)
        array.append(userAccountToJson(user));
    return QJsonObject{{QStringLiteral("users"), array}};
}

std::variant<NewUser, FieldErrors> parseNewUser(const QJsonObject &body)
{
    FieldErrors errors;
    const std::optional<QString> username =
        stringField(body, QStringLiteral("username"), true, errors);
    const std::optional<QString> password =
        stringField(body, QStringLiteral("password"), true, errors);
    const std::optional<std::optional<QString>> email = emailField(body, errors);
    const std::optional<Role> role = roleField(body, true, errors);
    rejectExtraFields(body, userCreateFieldNames(), errors);
    if (!errors.isEmpty())
        return errors;
    return NewUser{*username, *password, email.value_or(std::nullopt), *role};
}

std::variant<UserUpdate, FieldErrors> parseUserPatch(const QJsonObject &body)
{
    FieldErrors errors;
    UserUpdate update;
    update.email = emailField(body, errors);
    update.role = roleField(body, false, errors);
    update.password = stringField(body, QStringLiteral("password"), false, errors);
    const QJsonValue disabled = body.value(QLatin1String("disabled"));
    if (disabled.isBool())
        update.disabled = disabled.toBool();
    else if (!disabled.isUndefined())
        errors.append(
            bodyError(QStringLiteral("disabled"), msg::notABoolean(), QStringLiteral("bool_type")));
    rejectExtraFields(body, userPatchFieldNames(), errors);
    if (!errors.isEmpty())
        return errors;
    return update;
}

std::variant<LoginRequest, FieldErrors> parseLogin(const QJsonObject &body)
{
    auto fields = exactStringFields(body, loginFieldNames());
    if (auto *errors = std::get_if<FieldErrors>(&fields))
        return *errors;
    const QStringList &values = std::get<QStringList>(fields);
    return LoginRequest{values[0], values[1]};
}

std::variant<QString, FieldErrors> parseRefresh(const QJsonObject &body)
{
    auto fields = exactStringFields(body, refreshFieldNames());
    if (auto *errors = std::get_if<FieldErrors>(&fields))
        return *errors;
    return std::get<QStringList>(fields)[0];
}

QJsonObject tokenPairToJson(const QString &accessToken, qint64 expiresInSeconds,
                            const QString &refreshToken)
{
    return QJsonObject{
        {QStringLiteral("access_token"), accessToken},
        {QStringLiteral("token_type"), QStringLiteral("bearer")},
        {QStringLiteral("expires_in"), expiresInSeconds},
        {QStringLiteral("refresh_token"), refreshToken},
    };
}

} // namespace taskdeck::json
