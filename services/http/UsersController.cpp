#include "UsersController.h"

#include "Async.h"
#include "AuthService.h"
#include "BodyFields.h"
#include "TaskJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace taskdeck::http {

namespace {

ServiceError userNotFound()
{
    return ServiceError::notFound(QStringLiteral("User not found"));
}

/// A user id from the path: canonical UUID text; null when malformed.
QUuid parseUserId(const QString &text)
{
    if (text.size() != 36)
        return {};
    return QUuid::fromString(text);
}

FieldError fieldError(const QString &field, const QString &message, const QString &type)
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
            errors.append(fieldError(key, QStringLiteral("Extra inputs are not permitted"),
                                     QStringLiteral("extra_forbidden")));
    }
}

std::optional<QString> stringField(const QJsonObject &body, const QString &name, bool required,
                                   FieldErrors &errors)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined()) {
        if (required)
            errors.append(
                fieldError(name, QStringLiteral("Field required"), QStringLiteral("missing")));
        return std::nullopt;
    }
    if (!value.isString()) {
        errors.append(fieldError(name, QStringLiteral("Input should be a valid string"),
                                 QStringLiteral("string_type")));
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
        errors.append(fieldError(QStringLiteral("role"),
                                 QStringLiteral("Input should be 'admin', 'operator' or 'viewer'"),
                                 QStringLiteral("enum")));
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
        errors.append(fieldError(QStringLiteral("email"),
                                 QStringLiteral("Input should be a valid string"),
                                 QStringLiteral("string_type")));
        return std::nullopt;
    }
    return std::optional<QString>(value.toString());
}

} // namespace

UsersController::UsersController(const AuthService *auth, QObject *parent)
    : QObject(parent), m_auth(auth)
{}

void UsersController::registerRoutes(Router &router)
{
    const auto bind =
        [this](void (UsersController::*method)(const ApiRequest &, const ReplyPtr &)) {
            return [this, method](const ApiRequest &request, const ReplyPtr &reply) {
                (this->*method)(request, reply);
            };
        };
    using A = Access;
    router.add({Method::Get, QStringLiteral("/api/users"), A::Authenticated, Role::Admin,
                BodyKind::None, bind(&UsersController::list)});
    router.add({Method::Post, QStringLiteral("/api/users"), A::Authenticated, Role::Admin,
                BodyKind::JsonObject, bind(&UsersController::create)});
    router.add({Method::Patch, QStringLiteral("/api/users/{id}"), A::Authenticated, Role::Admin,
                BodyKind::JsonObject, bind(&UsersController::update)});
    router.add({Method::Delete, QStringLiteral("/api/users/{id}"), A::Authenticated, Role::Admin,
                BodyKind::None, bind(&UsersController::remove)});
}

void UsersController::list(const ApiRequest &, const ReplyPtr &reply)
{
    whenReady(this, m_auth->listUsers(), [reply](const Result<QList<User>> &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        QJsonArray users;
        for (const User &user : result.value())
            users.append(json::userAccountToJson(user));
        reply->send(ApiResponse::json(200, QJsonObject{{QStringLiteral("users"), users}}));
    });
}

void UsersController::create(const ApiRequest &request, const ReplyPtr &reply)
{
    const QJsonObject &body = request.json;
    FieldErrors errors;
    const std::optional<QString> username =
        stringField(body, QStringLiteral("username"), true, errors);
    const std::optional<QString> password =
        stringField(body, QStringLiteral("password"), true, errors);
    const std::optional<std::optional<QString>> email = emailField(body, errors);
    const std::optional<Role> role = roleField(body, true, errors);
    rejectExtraFields(body, json::userCreateFieldNames(), errors);
    if (!errors.isEmpty())
        return reply->sendError(ServiceError::validation(errors));
    whenReady(this,
              m_auth->createUser(*username, *password, *role, email.value_or(std::nullopt),
                                 *request.principal),
              [reply](const Result<User> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  const QByteArray location =
                      "/api/users/" + result.value().id.toByteArray(QUuid::WithoutBraces);
                  reply->send(ApiResponse::json(201, json::userAccountToJson(result.value()),
                                                {{"Location", location}}));
              });
}

void UsersController::update(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = parseUserId(request.pathArgs.value(0));
    if (id.isNull())
        return reply->sendError(userNotFound());
    const QJsonObject &body = request.json;
    FieldErrors errors;
    UserUpdate update;
    update.email = emailField(body, errors);
    update.role = roleField(body, false, errors);
    update.password = stringField(body, QStringLiteral("password"), false, errors);
    const QJsonValue disabled = body.value(QLatin1String("disabled"));
    if (disabled.isBool())
        update.disabled = disabled.toBool();
    else if (!disabled.isUndefined())
        errors.append(fieldError(QStringLiteral("disabled"),
                                 QStringLiteral("Input should be a valid boolean"),
                                 QStringLiteral("bool_type")));
    rejectExtraFields(body, json::userPatchFieldNames(), errors);
    if (!errors.isEmpty())
        return reply->sendError(ServiceError::validation(errors));
    whenReady(this, m_auth->updateUser(id, update, *request.principal),
              [reply](const Result<User> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, json::userAccountToJson(result.value())));
              });
}

void UsersController::remove(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = parseUserId(request.pathArgs.value(0));
    if (id.isNull())
        return reply->sendError(userNotFound());
    whenReady(this, m_auth->deleteUser(id, *request.principal), [reply](const VoidResult &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::noContent());
    });
}

} // namespace taskdeck::http
