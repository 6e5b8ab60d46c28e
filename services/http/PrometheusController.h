#pragma once

#include "Router.h"

#include <QObject>

#include <memory>

namespace taskdeck {
class AuthService;
class ChangeFeed;
class ConnectionPool;
class TaskService;
} // namespace taskdeck

namespace taskdeck::http {

class HttpMetrics;
struct EventsCounters;

/// Where GET /metrics reads its values. Every pointer must outlive the controller; `feed` may be
/// null (no change-feed metrics then).
struct PrometheusSources
{
    const TaskService *tasks = nullptr;
    const AuthService *auth = nullptr;
    const ConnectionPool *pool = nullptr;
    const ChangeFeed *feed = nullptr;
    std::shared_ptr<const EventsCounters> events;
    const HttpMetrics *http = nullptr;
};

/// GET /metrics: every metric of this instance in the Prometheus text exposition format 0.0.4
/// (docs/HTTP-SERVER.md "Prometheus metrics" lists them), serialised by prometheus-cpp's
/// TextSerializer. The HTTP server's own metrics come from HttpMetrics; the rest is read at
/// scrape time from the services' thread-safe counters (no lock shared with request handling),
/// and `taskdeck_tasks{status}` from the maintained statistics table (one cheap pool read, no
/// scan of tasks; when it fails, `taskdeck_database_up` is 0 and the family is left out, while
/// everything else is still answered).
///
/// Access: an admin (the same access rule as every admin-only route, so whatever credential
/// the router accepts for an admin works here), or anyone when `publicAccess` is set
/// (--metrics-public). Lives in the HTTP thread.
class PrometheusController : public QObject
{
    Q_OBJECT
public:
    PrometheusController(PrometheusSources sources, bool publicAccess, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void scrape(const ReplyPtr &reply);

    PrometheusSources m_sources;
    bool m_public;
};

} // namespace taskdeck::http
