// Idempotency-Key on POST /api/tasks over real sockets (docs/API.md "Safe retries"): a retry
// with the same key and body replays the first answer and creates nothing; another body is 422;
// a key whose first request is still running is 409; keys are per user and expire after 24 h.
// PostgreSQL: a write whose COMMIT loses the connection is 500 "outcome_unknown", no Retry-After.
#include "ApiTestClient.h"
#include "IdempotencyRepository.h"

#include <QDateTime>
#include <QEventLoop>
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
