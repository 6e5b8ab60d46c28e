#include "UsersController.h"

#include "ApiMessages.h"
#include "Async.h"
#include "AuthService.h"
#include "UserJson.h"

#include <QJsonObject>
#include <QUuid>

namespace taskdeck::http {

namespace {

ServiceError userNotFound()
{
    return ServiceError::notFound(msg::userNotFound());
}

/// A user id from the path: canonical UUID text; null when malformed.
QUuid parseUserId(const QString &text)
{
    if (text.size() != 36)
        return {};
    return QUuid::fromString(text);
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
        reply->send(ApiResponse::json(200, json::userListToJson(result.value())));
    });
}

void UsersController::create(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = json::parseNewUser(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    NewUser user = std::get<NewUser>(std::move(parsed));
    whenReady(this,
              m_auth->createUser(std::move(user.username), std::move(user.password), user.role,
                                 std::move(user.email), *request.principal),
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
    auto parsed = json::parseUserPatch(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    whenReady(this,
              m_auth->updateUser(id, std::get<UserUpdate>(std::move(parsed)), *request.principal),
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
