#include "HealthController.h"

#include "Async.h"
#include "ConnectionPool.h"
#include "ErrorMapping.h"

#include <QJsonObject>
#include <QTimer>

#include <memory>

namespace taskdeck::http {

HealthController::HealthController(const ConnectionPool *pool, QObject *parent)
    : QObject(parent), m_pool(pool)
{
    m_uptime.start();
}

void HealthController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/health"), Access::Public, std::nullopt,
                BodyKind::None,
                [this](const ApiRequest &, const ReplyPtr &reply) { health(reply); }});
}

void HealthController::health(const ReplyPtr &reply)
{
    if (m_probe.isFinished())
        m_probe = m_pool->probe();
    auto answered = std::make_shared<bool>(false);
    const auto answer = [this, reply, answered](bool ok) {
        if (*answered)
            return;
        *answered = true;
        const QJsonObject body{
            {QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("degraded")},
            {QStringLiteral("database"), ok ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("version"), QStringLiteral(TASKDECK_VERSION)},
            {QStringLiteral("uptime_seconds"), m_uptime.elapsed() / 1000},
        };
        HeaderList headers;
        if (!ok)
            headers.emplaceBack("Retry-After", QByteArray::number(kRetryAfterUnavailableSeconds));
        reply->send(ApiResponse::json(ok ? 200 : 503, body, headers));
    };
    QTimer::singleShot(kHealthTimeoutMs, this, [answer] { answer(false); });
    whenReady(this, m_probe, [answer](const VoidResult &result) { answer(result.ok()); });
}

} // namespace taskdeck::http
