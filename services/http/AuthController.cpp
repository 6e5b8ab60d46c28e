#include "AuthController.h"

#include "ApiMessages.h"
#include "Async.h"
#include "AuthService.h"
#include "UserJson.h"

#include <QJsonObject>

namespace taskdeck::http {

namespace {

QJsonObject tokenPairJson(const LoginResult &login)
{
    return json::tokenPairToJson(login.accessToken, login.expiresInSeconds, login.refreshToken);
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
    auto parsed = json::parseLogin(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    const json::LoginRequest &body = std::get<json::LoginRequest>(parsed);
    whenReady(this, m_auth->login(body.username, body.password, request.clientAddress),
              [reply](const Result<LoginResult> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, tokenPairJson(result.value())));
              });
}

void AuthController::refresh(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = json::parseRefresh(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    whenReady(this, m_auth->refresh(std::get<QString>(parsed), request.clientAddress),
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
                return reply->sendError(
                    {ServiceError::Kind::Unauthenticated, msg::invalidToken(), {}});
            return reply->sendError(result.error());
        }
        reply->send(ApiResponse::json(200, json::userToJson(result.value())));
    });
}

} // namespace taskdeck::http
