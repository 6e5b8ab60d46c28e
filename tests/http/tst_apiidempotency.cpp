// Idempotency-Key on POST /api/tasks over real sockets (docs/API.md "Safe retries"): a retry
// with the same key and body replays the first answer and creates nothing; another body is 422;
// a key whose first request is still running is 409; keys are per user and expire after 24 h.
// PostgreSQL: a write whose COMMIT loses the connection is 500 "outcome_unknown", no Retry-After.
// POST /api/tasks/bulk: the same rules, with the key claimed before the run and its answer stored
// after it (a failed run stores nothing; an abandoned claim is taken over after 10 minutes).
#include "ApiTestClient.h"
#include "IdempotencyRepository.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiIdempotency : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

    HttpResult post(const QByteArray &json, const QByteArray &key, const QString &token = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!key.isNull())
            headers.append({"Idempotency-Key", key});
        return m_api->request("POST", QStringLiteral("/api/tasks"),
                              token.isEmpty() ? m_token : token, json, headers);
    }

    qint64 taskCount()
    {
        return m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM tasks"));
    }

    HttpResult bulk(const QByteArray &json, const QByteArray &key)
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!key.isNull())
            headers.append({"Idempotency-Key", key});
        return m_api->request("POST", QStringLiteral("/api/tasks/bulk"), m_token, json, headers);
    }

    /// Creates `n` tasks (no key); their ids as a JSON array text.
    QByteArray createTasks(int n)
    {
        QByteArray ids = "[";
        for (int i = 0; i < n; ++i) {
            const HttpResult created = post("{\"title\":\"t\"}", QByteArray());
            if (created.status != 201)
                return {};
            ids += (i ? ",\"" : "\"") +
                   created.object().value(QLatin1String("id")).toString().toLatin1() + "\"";
        }
        return ids + "]";
    }

    qint64 auditUpdates()
    {
        return m_api->database().count(
            QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'task.update'"));
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
    }
    void cleanup() { m_api.reset(); }

    void retryWithSameKeyReplaysTheFirstAnswer()
    {
        const HttpResult first = post("{\"title\":\"pay invoice\",\"priority\":2}", "key-1");
        QCOMPARE(first.status, 201);
        QCOMPARE(first.header("Idempotent-Replayed"), QByteArray());
        QCOMPARE(taskCount(), 1);
        // Same fields, other order and spacing: the same request.
        const HttpResult again = post("{ \"priority\": 2, \"title\": \"pay invoice\" }", "key-1");
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("Location"), first.header("Location"));
        QCOMPARE(again.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(again.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(taskCount(), 1);
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'task.create'")),
                 1);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM idempotency_keys")),
                 1);

        // Without a key every POST creates.
        QCOMPARE(post("{\"title\":\"pay invoice\",\"priority\":2}", QByteArray()).status, 201);
        QCOMPARE(post("{\"title\":\"pay invoice\",\"priority\":2}", QByteArray()).status, 201);
        QCOMPARE(taskCount(), 3);
    }

    void sameKeyOtherBodyIs422()
    {
        QCOMPARE(post("{\"title\":\"a\"}", "key-2").status, 201);
        const HttpResult other = post("{\"title\":\"b\"}", "key-2");
        QCOMPARE(other.status, 422);
        QCOMPARE(other.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"header\",\"Idempotency-Key\"],\"msg\":\"This "
                            "Idempotency-Key was already used for a different request (another "
                            "method, path or body); use a new key for a new request\",\"type\":"
                            "\"idempotency_key_reused\"}]}"));
        QCOMPARE(taskCount(), 1);
    }

    void keysArePerUser()
    {
        const QString other = m_api->tokenForNewUser(QStringLiteral("ana"), Role::Operator);
        QVERIFY(!other.isEmpty());
        const HttpResult mine = post("{\"title\":\"a\"}", "shared");
        const HttpResult hers = post("{\"title\":\"a\"}", "shared", other);
        QCOMPARE(mine.status, 201);
        QCOMPARE(hers.status, 201);
        QCOMPARE(hers.header("Idempotent-Replayed"), QByteArray());
        QVERIFY(mine.object().value(QLatin1String("id")) !=
                hers.object().value(QLatin1String("id")));
        QCOMPARE(taskCount(), 2);
    }

    void invalidKeysAre422()
    {
        for (const QByteArray &key :
             {QByteArray("caf\xc3\xa9"), QByteArray(256, 'k'), QByteArray("a b")}) {
            const HttpResult r = post("{\"title\":\"a\"}", key);
            QCOMPARE(r.status, 422);
            QVERIFY2(r.body.contains("\"loc\":[\"header\",\"Idempotency-Key\"],\"msg\":"
                                     "\"Idempotency-Key must be 1 to 255 visible ASCII "
                                     "characters\""),
                     r.body.constData());
        }
        QCOMPARE(post("{\"title\":\"a\"}", QByteArray(255, 'k')).status, 201);
        QCOMPARE(taskCount(), 1);
    }

    void failedWritesDoNotKeepTheKey()
    {
        // A validation error stores nothing: the corrected request with the same key creates.
        QCOMPARE(post("{\"title\":\"\"}", "key-3").status, 422);
        QCOMPARE(post("{\"title\":\"fixed\"}", "key-3").status, 201);
        QCOMPARE(taskCount(), 1);
    }

    void sameKeyInFlightIs409()
    {
        // Hold the write lock so the first request waits inside its transaction.
        QSqlDatabase blocker = m_api->database().openConnection(QStringLiteral("blocker"));
        QSqlQuery lock(blocker);
        QVERIFY2(lock.exec(m_api->database().isPostgres() ? QStringLiteral("BEGIN")
                                                          : QStringLiteral("BEGIN IMMEDIATE")),
                 qPrintable(lock.lastError().text()));
        if (m_api->database().isPostgres())
            QVERIFY2(lock.exec(QStringLiteral("LOCK TABLE tasks IN EXCLUSIVE MODE")),
                     qPrintable(lock.lastError().text()));

        QNetworkAccessManager network;
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/api/tasks").arg(m_api->port())));
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
        request.setRawHeader("Content-Type", "application/json");
        request.setRawHeader("Idempotency-Key", "slow");
        QNetworkReply *first = network.post(request, QByteArray("{\"title\":\"slow\"}"));
        QTest::qWait(300); // the first request is now waiting for the lock

        const HttpResult second = post("{\"title\":\"slow\"}", "slow");
        QCOMPARE(second.status, 409);
        QCOMPARE(second.body,
                 QByteArray("{\"detail\":\"A request with this Idempotency-Key is still being "
                            "processed; retry once it has been answered\"}"));
        QVERIFY(!first->isFinished());

        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        QEventLoop loop;
        connect(first, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        if (!first->isFinished())
            loop.exec();
        QCOMPARE(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        const QByteArray firstBody = first->readAll();
        delete first;

        const HttpResult third = post("{\"title\":\"slow\"}", "slow");
        QCOMPARE(third.status, 201);
        QCOMPARE(third.body, firstBody);
        QCOMPARE(third.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(taskCount(), 1);
    }

    void keysExpireAfter24Hours()
    {
        const HttpResult first = post("{\"title\":\"old\"}", "key-old");
        QCOMPARE(first.status, 201);
        const qint64 dayAgo =
            QDateTime::currentMSecsSinceEpoch() - idempotency::kRetentionMs - 1000;
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE idempotency_keys SET created_at = %1").arg(dayAgo)));
        // Expired: the same key is a new request (another task), and it is kept again from now.
        const HttpResult again = post("{\"title\":\"old\"}", "key-old");
        QCOMPARE(again.status, 201);
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray());
        QVERIFY(again.body != first.body);
        QCOMPARE(taskCount(), 2);
        QCOMPARE(post("{\"title\":\"old\"}", "key-old").header("Idempotent-Replayed"),
                 QByteArray("true"));

        // Pruning deletes what is older than the retention only.
        QCOMPARE(post("{\"title\":\"other\"}", "key-other").status, 201);
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE idempotency_keys SET created_at = %1 WHERE idem_key = "
                           "'key-other'")
                .arg(dayAgo)));
        const Result<qint64> pruned =
            await(m_api->database().pool()->run<qint64>([](QSqlDatabase &db) {
                return idempotency::prune(db, QDateTime::currentMSecsSinceEpoch() -
                                                  idempotency::kRetentionMs);
            }));
        QVERIFY(pruned.ok());
        QCOMPARE(pruned.value(), 1);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM idempotency_keys")),
                 1);
    }

    void bulkRetryWithSameKeyReplaysTheFirstAnswer()
    {
        const QByteArray ids = createTasks(3);
        QVERIFY(!ids.isEmpty());
        const QByteArray body = "{\"action\":\"set_priority\",\"value\":3,\"ids\":" + ids + "}";
        const HttpResult first = bulk(body, "bulk-1");
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("Idempotent-Replayed"), QByteArray());
        QCOMPARE(first.object().value(QLatin1String("counts")).toObject(),
                 QJsonObject({{QLatin1String("ok"), 3},
                              {QLatin1String("not_found"), 0},
                              {QLatin1String("conflict"), 0},
                              {QLatin1String("precondition_failed"), 0}}));
        QCOMPARE(auditUpdates(), 3);
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM tasks WHERE priority = 3")),
                 3);
        // Meanwhile someone sets one task back: the replay must not act again.
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE tasks SET priority = 0 WHERE id IN (SELECT id FROM tasks ORDER "
                           "BY id LIMIT 1)")));

        const HttpResult again = bulk(body, "bulk-1");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(again.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(auditUpdates(), 3);
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM tasks WHERE priority = 3")),
                 2);

        // Another body with that key, or the key of a POST /api/tasks: 422.
        QCOMPARE(
            bulk("{\"action\":\"set_priority\",\"value\":1,\"ids\":" + ids + "}", "bulk-1").status,
            422);
        QCOMPARE(post("{\"title\":\"x\"}", "post-key").status, 201);
        const HttpResult crossed = bulk(body, "post-key");
        QCOMPARE(crossed.status, 422);
        QVERIFY2(crossed.body.contains("\"type\":\"idempotency_key_reused\""),
                 crossed.body.constData());
        QCOMPARE(auditUpdates(), 3);
    }

    void bulkFailedRunStoresNothing()
    {
        QVERIFY(!createTasks(2).isEmpty());
        // The filter matches 2 tasks, not the 3 the user saw: 412, nothing stored.
        const QByteArray body = "{\"action\":\"set_priority\",\"value\":2,\"filter\":"
                                "{\"status\":\"pending\"},\"expected_total\":3}";
        QCOMPARE(bulk(body, "bulk-412").status, 412);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM idempotency_keys")),
                 0);
        // Now it matches: the same request with the same key runs (it was not stored).
        QVERIFY(!createTasks(1).isEmpty());
        const HttpResult ran = bulk(body, "bulk-412");
        QCOMPARE(ran.status, 200);
        QCOMPARE(ran.header("Idempotent-Replayed"), QByteArray());
        QCOMPARE(ran.object().value(QLatin1String("total")).toInt(), 3);
        QCOMPARE(auditUpdates(), 3);
        // A validation error claims nothing either.
        QCOMPARE(bulk("{\"action\":\"set_priority\",\"value\":9,\"ids\":[]}", "bulk-422").status,
                 422);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM idempotency_keys")),
                 1);
    }

    void bulkUnfinishedClaimIs409UntilStale()
    {
        const QByteArray ids = createTasks(2);
        QVERIFY(!ids.isEmpty());
        const QByteArray body = "{\"action\":\"set_priority\",\"value\":2,\"ids\":" + ids + "}";
        QCOMPARE(bulk(body, "bulk-claim").status, 200);
        QCOMPARE(auditUpdates(), 2);
        // As if its instance had stopped during the run: the claim's answer never stored.
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE idempotency_keys SET status = 0, body = ''")));
        const HttpResult busy = bulk(body, "bulk-claim");
        QCOMPARE(busy.status, 409);
        QCOMPARE(busy.body,
                 QByteArray("{\"detail\":\"A request with this Idempotency-Key is still being "
                            "processed; retry once it has been answered\"}"));
        // Older than idempotency::kStaleClaimMs: taken over, the action runs again.
        const qint64 stale =
            QDateTime::currentMSecsSinceEpoch() - idempotency::kStaleClaimMs - 1000;
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE idempotency_keys SET created_at = %1").arg(stale)));
        QVERIFY(m_api->database().execSql(QStringLiteral("UPDATE tasks SET priority = 0")));
        const HttpResult rerun = bulk(body, "bulk-claim");
        QCOMPARE(rerun.status, 200);
        QCOMPARE(rerun.header("Idempotent-Replayed"), QByteArray());
        QCOMPARE(auditUpdates(), 4);
        QCOMPARE(bulk(body, "bulk-claim").header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(auditUpdates(), 4);
    }

    void commitThatLosesTheConnectionIsOutcomeUnknown()
    {
        if (!m_api->database().isPostgres())
            QSKIP("PostgreSQL only: a connection that breaks during COMMIT");
        // A deferred constraint trigger runs at COMMIT and ends its own backend there: the
        // client sees the connection break while committing.
        QVERIFY(m_api->database().execSql(QStringLiteral(
            "CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(2); RETURN NULL; "
            "END $$")));
        QVERIFY(m_api->database().execSql(
            QStringLiteral("CREATE CONSTRAINT TRIGGER die_at_commit AFTER INSERT ON tasks "
                           "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
                           "die_at_commit()")));
        const QByteArray expected =
            "{\"code\":\"outcome_unknown\",\"detail\":\"The connection to the database broke "
            "while the write was being committed: it may or may not have taken effect\"}";
        for (const QByteArray &key : {QByteArray(), QByteArray("key-commit")}) {
            const HttpResult r = post("{\"title\":\"lost\"}", key);
            QCOMPARE(r.status, 500);
            QCOMPARE(r.body, expected);
            QCOMPARE(r.header("Retry-After"), QByteArray());
        }
        QVERIFY(m_api->database().execSql(QStringLiteral("DROP TRIGGER die_at_commit ON tasks")));
        // The pool recovers; the key was not stored (the transaction did not commit here), so
        // the retry creates the task now.
        const HttpResult retried = post("{\"title\":\"lost\"}", "key-commit");
        if (retried.status == 503) // the first job on a reconnecting pool thread may still fail
            QCOMPARE(post("{\"title\":\"lost\"}", "key-commit").status, 201);
        else
            QCOMPARE(retried.status, 201);
        QCOMPARE(taskCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestApiIdempotency)
#include "tst_apiidempotency.moc"
