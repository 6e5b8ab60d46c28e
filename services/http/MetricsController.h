#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class TaskService;
}

namespace taskdeck::http {

/// GET /api/metrics, /api/tasks/metrics/summary and /api/metrics/timeseries (docs/API.md
/// "Metrics"). Lives in the HTTP thread.
class MetricsController : public QObject
{
    Q_OBJECT
public:
    MetricsController(const TaskService *tasks, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void metrics(const ApiRequest &request, const ReplyPtr &reply, bool summary);
    void timeseries(const ApiRequest &request, const ReplyPtr &reply);

    const TaskService *m_tasks;
};

} // namespace taskdeck::http
