#pragma once

#include "Router.h"

#include "ServiceError.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

namespace taskdeck {
class ConnectionPool;
}

namespace taskdeck::http {

/// GET /api/health (no auth): 200 {"status":"ok","database":"ok","version","uptime_seconds"}, or
/// 503 {"status":"degraded","database":"unavailable",...} + Retry-After when the database does
/// not answer a ping within kHealthTimeoutMs. The ping runs on the pool's probe connection
/// (ConnectionPool::probe()), never behind task queries. Requests share rounds: the first starts
/// a probe and one deadline timer, requests arriving meanwhile wait for that same probe and are
/// all answered by it (or 503 by the deadline), and while a probe older than kHealthTimeoutMs is
/// still unanswered (a hung database) requests get 503 at once; so a hung server costs one
/// connection, not one per request, and a request costs no timer of its own (one timer per
/// request put 10,000 timers in Qt's linear timer list under load: 39% of the server's CPU).
/// Lives in the HTTP thread.
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
    void answer(const ReplyPtr &reply, bool ok) const;
    /// Answers every waiting request (the round's probe answered, or its deadline passed).
    void answerWaiting(bool ok);

    const ConnectionPool *m_pool;
    QElapsedTimer m_uptime;
    bool m_probing = false;    ///< a probe is running (its answer has not arrived)
    QElapsedTimer m_probeAge;  ///< since the running probe started
    QTimer *m_deadline;        ///< single shot, kHealthTimeoutMs after a round starts
    QList<ReplyPtr> m_waiting; ///< requests of the current round, not answered yet
};

} // namespace taskdeck::http
