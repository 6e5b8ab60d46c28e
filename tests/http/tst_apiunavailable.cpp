// A database that cannot be reached: 503 with Retry-After (health degraded), never a 500.
#include "ApiTestClient.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QFuture>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiUnavailable : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConnectionPool> m_deadPool;
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

private slots:
    void init()
    {
        // Users and tokens live in the test database; tasks, metrics and health use a pool whose
        // server refuses connections.
        const Result<DatabaseConfig> dead =
            DatabaseConfig::fromUrl(QStringLiteral("postgresql://x@127.0.0.1:1/x"));
        QVERIFY(dead.ok());
        m_deadPool = std::make_unique<ConnectionPool>(dead.value(), 2);
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, m_deadPool.get());
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
    }
    void cleanup()
    {
        m_api.reset();
        m_deadPool.reset();
    }

    void healthIsDegraded()
    {
        const HttpResult r = m_api->get(QStringLiteral("/api/health"));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("5"));
        const QJsonObject body = r.object();
        QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("degraded"));
        QCOMPARE(body.value(QLatin1String("database")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(body.value(QLatin1String("version")).toString(), QStringLiteral(TASKDECK_VERSION));
        QVERIFY(body.value(QLatin1String("uptime_seconds")).isDouble());
    }

    void routesAnswer503WithRetryAfter()
    {
        const QByteArray expected = "{\"detail\":\"Database unavailable\"}";
        const QList<QPair<QByteArray, QString>> requests = {
            {"GET", QStringLiteral("/api/tasks")},
            {"GET",
             QStringLiteral("/api/tasks/") + QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {"GET", QStringLiteral("/api/metrics")},
            {"GET", QStringLiteral("/api/tasks/metrics/summary")},
            {"GET", QStringLiteral("/api/metrics/timeseries")},
            {"GET", QStringLiteral("/api/tasks/export.csv")},
            {"DELETE",
             QStringLiteral("/api/tasks/") + QUuid::createUuid().toString(QUuid::WithoutBraces)},
        };
        for (const auto &[method, path] : requests) {
            const HttpResult r = m_api->request(method, path, m_token);
            QCOMPARE(r.status, 503);
            QCOMPARE(r.body, expected);
            QCOMPARE(r.header("Retry-After"), QByteArray("5"));
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        }
        const HttpResult created =
            m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, "{\"title\":\"x\"}");
        QCOMPARE(created.status, 503);
        QCOMPARE(created.body, expected);
    }

    void groupedWritesAllFailWhenNoConnectionOpens()
    {
        // Creates and PATCHes are queued for at most two group writers (TaskService); a writer
        // whose connection cannot be opened must answer every queued write, and the next wave
        // must start writers again (a slot not given back would leave it waiting forever).
        TaskService service(m_deadPool.get());
        for (int wave = 0; wave < 2; ++wave) {
            QList<QFuture<Result<Task>>> writes;
            for (int i = 0; i < 40; ++i) {
                NewTask task;
                task.title = QStringLiteral("w%1-%2").arg(wave).arg(i);
                writes << service.create(task, operatorUser());
                TaskPatch patch;
                patch.priority = 2;
                writes << service.update(QUuid::createUuid(), patch, std::nullopt, operatorUser());
            }
            for (QFuture<Result<Task>> &write : writes) {
                QVERIFY(QTest::qWaitFor([&] { return write.isFinished(); }, 20000));
                QCOMPARE(write.result().error().kind, ServiceError::Kind::Unavailable);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestApiUnavailable)
#include "tst_apiunavailable.moc"
