#pragma once

#include "Router.h"

#include <QElapsedTimer>
#include <QObject>

namespace taskdeck {
class ConnectionPool;
}

namespace taskdeck::http {

/// GET /api/health (no auth): 200 {"status":"ok","database":"ok","version","uptime_seconds"}, or
/// 503 {"status":"degraded","database":"unavailable",...} + Retry-After when the database does
/// not answer a ping. Lives in the HTTP thread.
class HealthController : public QObject
{
    Q_OBJECT
public:
    HealthController(const ConnectionPool *pool, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void health(const ReplyPtr &reply);

    const ConnectionPool *m_pool;
    QElapsedTimer m_uptime;
};

} // namespace taskdeck::http
