#pragma once

#include "Router.h"

#include "ServiceError.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

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
/// A probe's answer also answers the requests that arrive within kReuseMs after it, and the body
/// is written once per answer and uptime second. Lives in the HTTP thread.
class HealthController : public QObject
{
    Q_OBJECT
public:
    /// Longest wait for the database's answer before health answers 503 (issue 13: a hung
    /// database must not hang health; "health within 1 s").
    static constexpr int kHealthTimeoutMs = 900;
    /// How long a probe's answer (ok or not) also answers later requests, in ms. Under load
    /// (bench/run.sh health, 34,000 req/s on 2 cores) a probe per round was 10% of the process's
    /// CPU; a load balancer polling every few seconds sees the database's state at most this late.
    static constexpr int kReuseMs = 100;

    HealthController(const ConnectionPool *pool, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void health(const ReplyPtr &reply);
    void answer(const ReplyPtr &reply, bool ok);
    /// Answers every waiting request (the round's probe answered, or its deadline passed).
    void answerWaiting(bool ok);

    const ConnectionPool *m_pool;
    QElapsedTimer m_uptime;
    bool m_probing = false;       ///< a probe is running (its answer has not arrived)
    QElapsedTimer m_probeAge;     ///< since the running probe started
    QTimer *m_deadline;           ///< single shot, kHealthTimeoutMs after a round starts
    QList<ReplyPtr> m_waiting;    ///< requests of the current round, not answered yet
    std::optional<bool> m_lastOk; ///< the last probe's answer
    QElapsedTimer m_lastAnswer;   ///< since that answer arrived
    /// The body for ok (1) and not ok (0), made in uptime second `second`.
    struct Body
    {
        qint64 second = -1;
        QByteArray json;
    };
    Body m_bodies[2];
};

} // namespace taskdeck::http
