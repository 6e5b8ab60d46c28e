#include "ApiKeysController.h"

#include "ApiKeyJson.h"
#include "ApiKeyService.h"
#include "Async.h"

#include <QJsonObject>
#include <QUuid>

namespace taskdeck::http {

ApiKeysController::ApiKeysController(const ApiKeyService *keys, QObject *parent)
    : QObject(parent), m_keys(keys)
{}

void ApiKeysController::registerRoutes(Router &router)
{
    const auto bind =
        [this](void (ApiKeysController::*method)(const ApiRequest &, const ReplyPtr &)) {
            return [this, method](const ApiRequest &request, const ReplyPtr &reply) {
                (this->*method)(request, reply);
            };
        };
    using A = Access;
    router.add({Method::Get, QStringLiteral("/api/keys"), A::Authenticated, std::nullopt,
                BodyKind::None, bind(&ApiKeysController::list)});
    router.add({Method::Post, QStringLiteral("/api/keys"), A::Authenticated, std::nullopt,
                BodyKind::JsonObject, bind(&ApiKeysController::create)});
    router.add({Method::Delete, QStringLiteral("/api/keys/{id}"), A::Authenticated, std::nullopt,
                BodyKind::None, bind(&ApiKeysController::remove)});
}

void ApiKeysController::list(const ApiRequest &request, const ReplyPtr &reply)
{
    whenReady(this, m_keys->list(*request.principal), [reply](const Result<QList<ApiKey>> &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::json(200, json::apiKeyListToJson(result.value())));
    });
}

void ApiKeysController::create(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = json::parseNewApiKey(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    whenReady(this, m_keys->create(std::get<NewApiKey>(std::move(parsed)), *request.principal),
              [reply](const Result<CreatedApiKey> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  QJsonObject body = json::apiKeyToJson(result.value().key);
                  body.insert(QStringLiteral("key"), result.value().secret);
                  reply->send(ApiResponse::json(201, body, {{"Cache-Control", "no-store"}}));
              });
}

void ApiKeysController::remove(const ApiRequest &request, const ReplyPtr &reply)
{
    const QString text = request.pathArgs.value(0);
    const QUuid id = text.size() == 36 ? QUuid::fromString(text) : QUuid();
    if (id.isNull())
        return reply->sendError(ServiceError::notFound(QStringLiteral("API key not found")));
    whenReady(this, m_keys->revoke(id, *request.principal), [reply](const VoidResult &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::noContent());
    });
}

} // namespace taskdeck::http
