#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class ConnectionPool;
class TaskService;
} // namespace taskdeck

namespace taskdeck::http {

/// CSV exports hold a database connection while they stream: bounded in number and cut off when
/// their client stops reading.
struct ExportLimits
{
    int maxConcurrent = 2;      ///< more at once: 503 with Retry-After
    int sendTimeoutMs = 30'000; ///< a client that reads nothing this long is disconnected
};

/// /api/tasks: list, create, get, patch (If-Match / ETag), delete, CSV export and bulk actions.
/// Knows nothing of sockets: parses the ApiRequest, calls TaskService, answers through the
/// HttpReply. Lives in the HTTP thread (the context of its whenReady() callbacks).
class TasksController : public QObject
{
    Q_OBJECT
public:
    /// `pool`: the tasks' pool, for POST with an Idempotency-Key (createTaskIdempotent()).
    TasksController(const TaskService *tasks, const ConnectionPool *pool,
                    ExportLimits exportLimits = {}, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);
    void create(const ApiRequest &request, const ReplyPtr &reply);
    void get(const ApiRequest &request, const ReplyPtr &reply);
    void update(const ApiRequest &request, const ReplyPtr &reply);
    void remove(const ApiRequest &request, const ReplyPtr &reply);
    void exportCsv(const ApiRequest &request, const ReplyPtr &reply);
    void bulk(const ApiRequest &request, const ReplyPtr &reply);

    const TaskService *m_tasks;
    const ConnectionPool *m_pool;
    ExportLimits m_exportLimits;
    int m_runningExports = 0;
};

} // namespace taskdeck::http
