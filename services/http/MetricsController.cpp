#include "MetricsController.h"

#include "Async.h"
#include "QueryParsing.h"
#include "TaskJson.h"
#include "TaskService.h"

#include <QDateTime>

namespace taskdeck::http {

MetricsController::MetricsController(const TaskService *tasks, QObject *parent)
    : QObject(parent), m_tasks(tasks)
{}

void MetricsController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/metrics"), Access::Authenticated, Role::Viewer,
                BodyKind::None, [this](const ApiRequest &request, const ReplyPtr &reply) {
                    metrics(request, reply, false);
                }});
    router.add({Method::Get, QStringLiteral("/api/tasks/metrics/summary"), Access::Authenticated,
                Role::Viewer, BodyKind::None,
                [this](const ApiRequest &request, const ReplyPtr &reply) {
                    metrics(request, reply, true);
                }});
    router.add(
        {Method::Get, QStringLiteral("/api/metrics/timeseries"), Access::Authenticated,
         Role::Viewer, BodyKind::None,
         [this](const ApiRequest &request, const ReplyPtr &reply) { timeseries(request, reply); }});
}

void MetricsController::metrics(const ApiRequest &, const ReplyPtr &reply, bool summary)
{
    whenReady(this, m_tasks->metrics(), [reply, summary](const Result<MetricsSnapshot> &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::json(200, summary ? json::metricsSummaryToJson(result.value())
                                                   : json::metricsToJson(result.value())));
    });
}

void MetricsController::timeseries(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = query::parseTimeseries(request, QDateTime::currentMSecsSinceEpoch());
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(ServiceError::validation(*errors));
        return;
    }
    const auto &q = std::get<query::TimeseriesQuery>(parsed);
    whenReady(this, m_tasks->timeseries(q.bucket, q.from, q.to),
              [reply](const Result<Timeseries> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, json::timeseriesToJson(result.value())));
              });
}

} // namespace taskdeck::http
