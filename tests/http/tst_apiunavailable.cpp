// A database that cannot be reached: 503 with Retry-After (health degraded), never a 500.
#include "ApiTestClient.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpServer>
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

    void hungDatabaseGivesFastHealthAndBoundedAnswers()
    {
        // A "database" that accepts TCP and never answers (a hung server, a dead proxy): the
        // kernel completes the handshake from the listen backlog; nothing ever reads or writes.
        QTcpServer hung;
        QVERIFY(hung.listen(QHostAddress::LocalHost, 0));
        hung.pauseAccepting();
        const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(
            QStringLiteral("postgresql://x@127.0.0.1:%1/x").arg(hung.serverPort()));
        QVERIFY(config.ok());
        m_api.reset();
        m_deadPool = std::make_unique<ConnectionPool>(config.value(), 2);
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, m_deadPool.get());
        QVERIFY(m_api->isValid());
        m_token = m_api->adminToken();

        // 12 task requests (6 at a time: QNetworkAccessManager's per-host limit) fill the
        // 2-connection pool; health is asked while they hang.
        QNetworkAccessManager nam;
        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        QList<qint64> answeredAt(12, -1);
        for (int i = 0; i < 12; ++i) {
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/api/tasks").arg(m_api->port())));
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
            QNetworkReply *reply = nam.get(request);
            QObject::connect(reply, &QNetworkReply::finished, reply,
                             [&answeredAt, &timer, i] { answeredAt[i] = timer.elapsed(); });
            replies.append(reply);
        }
        QTest::qWait(300);
        QElapsedTimer healthTimer;
        healthTimer.start();
        const HttpResult health = m_api->get(QStringLiteral("/api/health"));
        const qint64 healthMs = healthTimer.elapsed();
        QCOMPARE(health.status, 503);
        QCOMPARE(health.object().value(QLatin1String("database")).toString(),
                 QStringLiteral("unavailable"));
        QVERIFY2(healthMs < 1000, qPrintable(QString::number(healthMs)));

        // Each job ends after libpq's connect_timeout (3 s); they still queue for the pool's 2
        // connections (no bounded pool wait yet: issue 13 item 3), so the last answers after
        // about 6 rounds. Every one is a 503, none hangs.
        QTRY_VERIFY_WITH_TIMEOUT(!answeredAt.contains(-1), 40000);
        for (int i = 0; i < 12; ++i) {
            const int status =
                replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QVERIFY2(status == 503 || status == 504, qPrintable(QString::number(status)));
            replies[i]->deleteLater();
        }
        m_api.reset();
        m_deadPool.reset();
    }
};

QTEST_GUILESS_MAIN(TestApiUnavailable)
#include "tst_apiunavailable.moc"
