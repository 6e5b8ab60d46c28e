#include "AuthController.h"

#include "Async.h"
#include "AuthService.h"
#include "BodyFields.h"
#include "TaskJson.h"

#include <QJsonObject>

namespace taskdeck::http {

namespace {

/// Reads the string fields `names` of a body that must have exactly these (all required).
std::variant<QStringList, FieldErrors> stringFields(const QJsonObject &body,
                                                    const QStringList &names)
{
    FieldErrors errors;
    QStringList values;
    for (const QString &name : names) {
        const QJsonValue value = body.value(name);
        if (value.isUndefined())
            errors.append({{QStringLiteral("body"), name},
                           QStringLiteral("Field required"),
                           QStringLiteral("missing")});
        else if (!value.isString())
            errors.append({{QStringLiteral("body"), name},
                           QStringLiteral("Input should be a valid string"),
                           QStringLiteral("string_type")});
        values.append(value.toString());
    }
    QStringList extra = body.keys();
    extra.sort();
    for (const QString &key : extra) {
        if (!names.contains(key))
            errors.append({{QStringLiteral("body"), key},
                           QStringLiteral("Extra inputs are not permitted"),
                           QStringLiteral("extra_forbidden")});
    }
    if (!errors.isEmpty())
        return errors;
    return values;
}

QJsonObject tokenPairJson(const LoginResult &login)
{
    return QJsonObject{
        {QStringLiteral("access_token"), login.accessToken},
        {QStringLiteral("token_type"), QStringLiteral("bearer")},
        {QStringLiteral("expires_in"), login.expiresInSeconds},
        {QStringLiteral("refresh_token"), login.refreshToken},
    };
}

} // namespace

AuthController::AuthController(const AuthService *auth, QObject *parent)
    : QObject(parent), m_auth(auth)
{}

void AuthController::registerRoutes(Router &router)
{
    router.add({Method::Post, QStringLiteral("/api/auth/login"), Access::Public, std::nullopt,
                BodyKind::JsonObject, [this](const ApiRequest &request, const ReplyPtr &reply) {
                    login(request, reply);
                }});
    router.add({Method::Post, QStringLiteral("/api/auth/refresh"), Access::Public, std::nullopt,
                BodyKind::JsonObject, [this](const ApiRequest &request, const ReplyPtr &reply) {
                    refresh(request, reply);
                }});
    router.add(
        {Method::Post, QStringLiteral("/api/auth/logout"), Access::Authenticated, std::nullopt,
         BodyKind::NoneOrJson,
         [this](const ApiRequest &request, const ReplyPtr &reply) { logout(request, reply); }});
    router.add({Method::Get, QStringLiteral("/api/auth/me"), Access::Authenticated, std::nullopt,
                BodyKind::None,
                [this](const ApiRequest &request, const ReplyPtr &reply) { me(request, reply); }});
}

void AuthController::login(const ApiRequest &request, const ReplyPtr &reply)
{
    auto fields = stringFields(request.json, json::loginFieldNames());
    if (auto *errors = std::get_if<FieldErrors>(&fields))
        return reply->sendError(ServiceError::validation(*errors));
    const QStringList values = std::get<QStringList>(fields);
    whenReady(this, m_auth->login(values[0], values[1], request.clientAddress),
              [reply](const Result<LoginResult> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, tokenPairJson(result.value())));
              });
}

void AuthController::refresh(const ApiRequest &request, const ReplyPtr &reply)
{
    auto fields = stringFields(request.json, json::refreshFieldNames());
    if (auto *errors = std::get_if<FieldErrors>(&fields))
        return reply->sendError(ServiceError::validation(*errors));
    whenReady(this, m_auth->refresh(std::get<QStringList>(fields)[0], request.clientAddress),
              [reply](const Result<LoginResult> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, tokenPairJson(result.value())));
              });
}

void AuthController::logout(const ApiRequest &request, const ReplyPtr &reply)
{
    // The router's auth step accepted "Bearer <token>"; the token names the session to end.
    const QByteArray authorization = request.header("authorization").trimmed();
    const QByteArray token = authorization.sliced(authorization.indexOf(' ') + 1).trimmed();
    whenReady(this, m_auth->logout(token), [reply](const VoidResult &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::noContent());
    });
}

void AuthController::me(const ApiRequest &request, const ReplyPtr &reply)
{
    whenReady(this, m_auth->user(request.principal->userId), [reply](const Result<User> &result) {
        if (!result.ok()) {
            // A token of a user that is gone or disabled no longer authenticates anyone.
            if (result.error().kind == ServiceError::Kind::NotFound ||
                result.error().kind == ServiceError::Kind::Unauthenticated)
                return reply->sendError({ServiceError::Kind::Unauthenticated,
                                         QStringLiteral("Invalid or expired token"),
                                         {}});
            return reply->sendError(result.error());
        }
        reply->send(ApiResponse::json(200, json::userToJson(result.value())));
    });
}

} // namespace taskdeck::http
