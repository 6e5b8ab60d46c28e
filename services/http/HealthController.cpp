#include "HealthController.h"

#include "ApiJson.h"
#include "Async.h"
#include "ConnectionPool.h"
#include "ErrorMapping.h"

#include <QJsonObject>
#include <QTimer>

#include <utility>

namespace taskdeck::http {

HealthController::HealthController(const ConnectionPool *pool, QObject *parent)
    : QObject(parent), m_pool(pool), m_deadline(new QTimer(this))
{
    m_uptime.start();
    m_deadline->setSingleShot(true);
    m_deadline->setInterval(kHealthTimeoutMs);
    connect(m_deadline, &QTimer::timeout, this, [this] { answerWaiting(false); });
}

void HealthController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/health"), Access::Public, std::nullopt,
                BodyKind::None,
                [this](const ApiRequest &, const ReplyPtr &reply) { health(reply); }});
}

void HealthController::health(const ReplyPtr &reply)
{
    if (!m_probing && m_lastOk && m_lastAnswer.elapsed() < kReuseMs) {
        answer(reply, *m_lastOk);
        return;
    }
    if (!m_probing) {
        m_probing = true;
        m_probeAge.start();
        m_deadline->start();
        const auto done = [this](bool ok) {
            m_probing = false;
            m_deadline->stop();
            m_lastOk = ok;
            m_lastAnswer.start();
            answerWaiting(ok);
        };
        whenReady(
            this, m_pool->probe(), [done](const VoidResult &result) { done(result.ok()); },
            [done](const QString &) { done(false); });
    } else if (m_probeAge.elapsed() >= kHealthTimeoutMs) {
        answer(reply, false); // the running probe is overdue: the database does not answer
        return;
    }
    m_waiting.append(reply);
}

void HealthController::answerWaiting(bool ok)
{
    const QList<ReplyPtr> waiting = std::exchange(m_waiting, {});
    for (const ReplyPtr &reply : waiting)
        answer(reply, ok);
}

void HealthController::answer(const ReplyPtr &reply, bool ok)
{
    const qint64 uptime = m_uptime.elapsed() / 1000;
    Body &body = m_bodies[ok ? 1 : 0];
    if (body.second != uptime) {
        body.second = uptime;
        body.json = json::toApiJson(QJsonObject{
            {QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("degraded")},
            {QStringLiteral("database"), ok ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("version"), QStringLiteral(TASKDECK_VERSION)},
            {QStringLiteral("uptime_seconds"), uptime},
        });
    }
    HeaderList headers;
    if (!ok)
        headers.emplaceBack("Retry-After", QByteArray::number(kRetryAfterUnavailableSeconds));
    reply->send(ApiResponse{ok ? 200 : 503, "application/json", std::move(headers), body.json});
}

} // namespace taskdeck::http
