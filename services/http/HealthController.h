#pragma once

#include "Router.h"

#include "ServiceError.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>

namespace taskdeck {
class ConnectionPool;
}

namespace taskdeck::http {

/// GET /api/health (no auth): 200 {"status":"ok","database":"ok","version","uptime_seconds"}, or
/// 503 {"status":"degraded","database":"unavailable",...} + Retry-After when the database does
/// not answer a ping within kHealthTimeoutMs. The ping runs on the pool's probe connection
/// (ConnectionPool::probe()), never behind task queries; while one probe is still unanswered (a
/// hung database) later health requests wait for that same probe, so a hung server costs one
/// connection, not one per request. Lives in the HTTP thread.
class HealthController : public QObject
{
    Q_OBJECT
public:
    /// Longest wait for the database's answer before health answers 503 (issue 13: a hung
    /// database must not hang health; "health within 1 s").
    static constexpr int kHealthTimeoutMs = 900;

    HealthController(const ConnectionPool *pool, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void health(const ReplyPtr &reply);

    const ConnectionPool *m_pool;
    QElapsedTimer m_uptime;
    QFuture<VoidResult> m_probe; ///< the last probe (finished when none is running)
};

} // namespace taskdeck::http
