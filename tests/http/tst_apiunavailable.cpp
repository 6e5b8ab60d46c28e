// A database that cannot be reached: 503 with Retry-After (health degraded), never a 500.
#include "ApiTestClient.h"
#include "FreezingProxy.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

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

        // 6 task requests (QNetworkAccessManager's per-host limit: all sent at once) fill the
        // 2-connection pool; health is asked while they hang.
        QNetworkAccessManager nam;
        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        QList<qint64> answeredAt(6, -1);
        for (int i = 0; i < 6; ++i) {
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

        // The two jobs on the pool's connections end after libpq's connect_timeout (3 s); the
        // others wait for a connection no longer than PoolLimits::waitMs (5 s; issue 13 item 3:
        // before, they queued round after round, the last after about 20 s). None hangs.
        expectAllAnsweredWithin(answeredAt, replies, 10'000);
        m_api.reset();
        m_deadPool.reset();
    }

    void hungServerMidSessionGivesBoundedAnswers()
    {
        // Issue 13 item 1: a database that stops answering on connections already open (a hung
        // server, a network partition) hung every request with no end, health included. With
        // the production settings (statement_timeout 5 s), through a proxy that swallows
        // everything: health within 1 s, every request 503/504 within 10 s, and the API works
        // again once the path is back.
        TestDatabase tasksDb;
        TASKDECK_REQUIRE_DB(tasksDb);
        if (!tasksDb.isPostgres())
            QSKIP("a hung database server is a PostgreSQL case (SQLite has no server)");
        QVERIFY(tasksDb.pool() != nullptr); // migrates the database
        FreezingProxy proxy(tasksDb.config().host, tasksDb.config().port);
        QVERIFY(proxy.isListening());
        DatabaseConfig config = tasksDb.config();
        config.port = proxy.port();
        QCOMPARE(config.statementTimeoutMs, 5000);
        m_api.reset();
        m_deadPool = std::make_unique<ConnectionPool>(config, 2);
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, m_deadPool.get());
        QVERIFY(m_api->isValid());
        m_token = m_api->adminToken();
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), m_token).status, 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/health")).status, 200);

        proxy.setFrozen(true);
        QNetworkAccessManager nam;
        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        QList<qint64> answeredAt(6, -1);
        for (int i = 0; i < 6; ++i) {
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
        QVERIFY2(healthMs < 1000, qPrintable(QString::number(healthMs)));
        // the stuck round trips are cut after 5 s + 2 s of silence; the queued jobs are
        // answered 504 after 5 s of waiting for a connection
        expectAllAnsweredWithin(answeredAt, replies, 10'000);

        proxy.setFrozen(false);
        QTRY_COMPARE_WITH_TIMEOUT(m_api->get(QStringLiteral("/api/health")).status, 200, 10'000);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), m_token).status, 200);
        m_api.reset();
        m_deadPool.reset();
    }

    void lockedRowGivesFastHealthAndTimelyTimeouts()
    {
        // Issue 13 item 3: 40 PATCHes of a row locked by another session took every pool
        // connection; health answered after 24.5 s and the 504s came at 5, 15 and 25 s. Now the
        // jobs that hold a connection end by the statement timeout (5 s) and the others by
        // --pool-wait-ms (5 s): every one a 504 within about 6 s; health at once.
        m_api.reset();
        m_deadPool.reset();
        m_api = std::make_unique<ApiTestClient>();
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
        m_token = m_api->adminToken();
        const HttpResult created = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token,
                                                   R"({"title": "locked"})");
        QCOMPARE(created.status, 201);
        const QString id = created.object().value(QLatin1String("id")).toString();
        QSqlDatabase locker = m_api->database().openConnection(QStringLiteral("locker"));
        QSqlQuery lock(locker);
        if (m_api->database().isPostgres()) {
            QVERIFY(lock.exec(QStringLiteral("BEGIN")));
            QVERIFY(lock.exec(
                QStringLiteral("SELECT id FROM tasks WHERE id = '%1' FOR UPDATE").arg(id)));
        } else {
            QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE"))); // SQLite: the file's write lock
        }

        constexpr int kRequests = 40;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers; // 6 requests each at once
        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        QList<qint64> answeredAt(kRequests, -1);
        for (int i = 0; i < kRequests; ++i) {
            if (i % 5 == 0)
                managers.push_back(std::make_unique<QNetworkAccessManager>());
            QNetworkRequest request(QUrl(
                QStringLiteral("http://127.0.0.1:%1/api/tasks/%2").arg(m_api->port()).arg(id)));
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
            request.setRawHeader("Content-Type", "application/json");
            QNetworkReply *reply = managers.back()->sendCustomRequest(
                request, "PATCH", QByteArray(R"({"title": "waited"})"));
            QObject::connect(reply, &QNetworkReply::finished, reply,
                             [&answeredAt, &timer, i] { answeredAt[i] = timer.elapsed(); });
            replies.append(reply);
        }
        QTest::qWait(500);
        QElapsedTimer healthTimer;
        healthTimer.start();
        const HttpResult health = m_api->get(QStringLiteral("/api/health"));
        const qint64 healthMs = healthTimer.elapsed();
        QCOMPARE(health.status, 200);
        QVERIFY2(healthMs < 100, qPrintable(QString::number(healthMs)));

        QTRY_VERIFY_WITH_TIMEOUT(!answeredAt.contains(-1), 40000);
        qint64 last = 0;
        for (int i = 0; i < kRequests; ++i) {
            const int status =
                replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QCOMPARE(status, 504);
            last = std::max(last, answeredAt[i]);
            replies[i]->deleteLater();
        }
        qInfo("40 PATCHes of a locked row: health in %lld ms, last 504 after %lld ms", healthMs,
              last);
        // 5 s + one watchdog tick; a margin for a loaded machine (the issue's target is 6 s)
        QVERIFY2(last < 7'000, qPrintable(QString::number(last)));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        // the row is free again: the next PATCH goes through
        QCOMPARE(m_api
                     ->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, m_token,
                                R"({"title": "after"})")
                     .status,
                 200);
    }

private:
    static void expectAllAnsweredWithin(const QList<qint64> &answeredAt,
                                        const QList<QNetworkReply *> &replies, qint64 limitMs)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!answeredAt.contains(-1), 40000);
        for (int i = 0; i < replies.size(); ++i) {
            const int status =
                replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QVERIFY2(status == 503 || status == 504, qPrintable(QString::number(status)));
            QVERIFY2(answeredAt[i] < limitMs, qPrintable(QString::number(answeredAt[i])));
            replies[i]->deleteLater();
        }
    }
};

QTEST_GUILESS_MAIN(TestApiUnavailable)
#include "tst_apiunavailable.moc"
