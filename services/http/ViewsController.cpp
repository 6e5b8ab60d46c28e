#include "ViewsController.h"

#include "Async.h"
#include "QueryParsing.h"
#include "SavedViewJson.h"
#include "SavedViewService.h"

#include <QJsonObject>
#include <QUuid>

namespace taskdeck::http {

namespace {

QUuid viewId(const ApiRequest &request)
{
    const QString text = request.pathArgs.value(0);
    return text.size() == 36 ? QUuid::fromString(text) : QUuid();
}

ServiceError viewNotFound()
{
    return ServiceError::notFound(QStringLiteral("View not found"));
}

} // namespace

ViewsController::ViewsController(const SavedViewService *views, QObject *parent)
    : QObject(parent), m_views(views)
{}

void ViewsController::registerRoutes(Router &router)
{
    const auto bind =
        [this](void (ViewsController::*method)(const ApiRequest &, const ReplyPtr &)) {
            return [this, method](const ApiRequest &request, const ReplyPtr &reply) {
                (this->*method)(request, reply);
            };
        };
    using A = Access;
    router.add({Method::Get, QStringLiteral("/api/views"), A::Authenticated, std::nullopt,
                BodyKind::None, bind(&ViewsController::list)});
    router.add({Method::Post, QStringLiteral("/api/views"), A::Authenticated, std::nullopt,
                BodyKind::JsonObject, bind(&ViewsController::create)});
    router.add({Method::Patch, QStringLiteral("/api/views/{id}"), A::Authenticated, std::nullopt,
                BodyKind::JsonObject, bind(&ViewsController::update)});
    router.add({Method::Delete, QStringLiteral("/api/views/{id}"), A::Authenticated, std::nullopt,
                BodyKind::None, bind(&ViewsController::remove)});
}

FieldErrors ViewsController::validateViewQuery(const QString &query)
{
    static const QStringList known =
        QStringList{QStringLiteral("offset"), QStringLiteral("limit")} +
        query::taskFilterParameterNames();
    const auto at = [](const QString &name) {
        return QStringList{QStringLiteral("body"), QStringLiteral("query"), name};
    };
    FieldErrors errors;
    ApiRequest request;
    request.query = parseQueryString(query.toUtf8(), &request.invalidQueryNames);
    for (const QString &name : std::as_const(request.invalidQueryNames))
        errors.append({at(name), QStringLiteral("Input should be valid UTF-8 once percent-decoded"),
                       QStringLiteral("value_error")});
    for (const auto &[name, value] : std::as_const(request.query)) {
        if (name == QStringLiteral("cursor")) {
            const FieldError position{
                at(name),
                QStringLiteral("Value error, a view keeps no cursor (a position in one listing)"),
                QStringLiteral("value_error")};
            if (!errors.contains(position))
                errors.append(position);
        } else if (!known.contains(name)) {
            FieldError unknown{at(name),
                               QStringLiteral("Value error, not a parameter of GET /api/tasks"),
                               QStringLiteral("value_error")};
            if (!errors.contains(unknown))
                errors.append(unknown);
        }
    }
    auto parsed = query::parseTaskList(request, true);
    if (auto *listErrors = std::get_if<FieldErrors>(&parsed)) {
        for (const FieldError &error : std::as_const(*listErrors))
            if (error.loc.value(1) != QStringLiteral("cursor"))
                errors.append({at(error.loc.value(1)), error.msg, error.type});
    }
    return errors;
}

void ViewsController::list(const ApiRequest &request, const ReplyPtr &reply)
{
    whenReady(this, m_views->list(*request.principal),
              [reply](const Result<QList<SavedView>> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, json::savedViewListToJson(result.value())));
              });
}

void ViewsController::create(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = json::parseNewSavedView(request.json);
    FieldErrors errors;
    if (auto *bodyErrors = std::get_if<FieldErrors>(&parsed))
        errors = *bodyErrors;
    else
        errors = validateViewQuery(std::get<NewSavedView>(parsed).query);
    if (!errors.isEmpty())
        return reply->sendError(ServiceError::validation(errors));
    whenReady(this, m_views->create(std::get<NewSavedView>(std::move(parsed)), *request.principal),
              [reply](const Result<SavedView> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(201, json::savedViewToJson(result.value())));
              });
}

void ViewsController::update(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = viewId(request);
    if (id.isNull())
        return reply->sendError(viewNotFound());
    auto parsed = json::parseSavedViewPatch(request.json);
    FieldErrors errors;
    if (auto *bodyErrors = std::get_if<FieldErrors>(&parsed))
        errors = *bodyErrors;
    else if (const auto &query = std::get<SavedViewPatch>(parsed).query)
        errors = validateViewQuery(*query);
    if (!errors.isEmpty())
        return reply->sendError(ServiceError::validation(errors));
    whenReady(this,
              m_views->update(id, std::get<SavedViewPatch>(std::move(parsed)), *request.principal),
              [reply](const Result<SavedView> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, json::savedViewToJson(result.value())));
              });
}

void ViewsController::remove(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = viewId(request);
    if (id.isNull())
        return reply->sendError(viewNotFound());
    whenReady(this, m_views->remove(id, *request.principal), [reply](const VoidResult &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::noContent());
    });
}

} // namespace taskdeck::http
