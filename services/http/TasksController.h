#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class TaskService;
}

namespace taskdeck::http {

/// /api/tasks: list, create, get, patch (If-Match / ETag), delete and CSV export. Knows nothing
/// of sockets: parses the ApiRequest, calls TaskService, answers through the HttpReply.
/// Lives in the HTTP thread (the context of its whenReady() callbacks).
class TasksController : public QObject
{
    Q_OBJECT
public:
    TasksController(const TaskService *tasks, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);
    void create(const ApiRequest &request, const ReplyPtr &reply);
    void get(const ApiRequest &request, const ReplyPtr &reply);
    void update(const ApiRequest &request, const ReplyPtr &reply);
    void remove(const ApiRequest &request, const ReplyPtr &reply);
    void exportCsv(const ApiRequest &request, const ReplyPtr &reply);

    const TaskService *m_tasks;
};

} // namespace taskdeck::http
