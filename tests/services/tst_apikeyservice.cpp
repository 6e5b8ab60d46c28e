// ApiKeyService on one database with two instances (each its own pool, as two processes sharing
// PostgreSQL): the principal a key gives, the throttled last-use write, the check cache bounded
// by ApiKeyOptions::cacheMs across instances, read-only principals refused by TaskService.
#include "ApiKeyRepository.h"
#include "ApiKeyService.h"
#include "AuthService.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiKeyService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<AuthService> m_auth;
    Principal m_admin;

    Principal createUser(const QString &name, Role role)
    {
        const Result<User> user = wait(
            m_auth->createUser(name, QStringLiteral("a long enough password"), role, std::nullopt));
        if (!user.ok())
            return {};
        return Principal{user.value().id, user.value().username, user.value().role};
    }
    std::optional<EpochMs> lastUsed()
    {
        QVariant value;
        m_db->scalar(QStringLiteral("SELECT last_used_at FROM api_keys"), &value);
        if (value.isNull())
            return std::nullopt;
        return value.toLongLong();
    }

private slots:
    void init()
    {
        m_db = std::make_unique<TestDatabase>();
        TASKDECK_REQUIRE_DB(*m_db);
        AuthOptions options;
        options.pbkdf2Iterations = 1000;
        m_auth = std::make_unique<AuthService>(m_db->pool(), options);
        QVERIFY(wait(m_auth->initialize()).ok());
        m_admin = createUser(QStringLiteral("root"), Role::Admin);
    }
    void cleanup()
    {
        m_auth.reset();
        m_db.reset();
    }

    void migrationCreatesTheTable()
    {
        QCOMPARE(m_db->count(QStringLiteral("SELECT COUNT(*) FROM api_keys")), qint64(0));
        QCOMPARE(m_db->count(QStringLiteral(
                     "SELECT COUNT(*) FROM schema_migrations WHERE version = 8 AND name = "
                     "'api_keys'")),
                 qint64(1));
    }

    void principalOfAKey()
    {
        ApiKeyService keys(m_db->pool());
        NewApiKey request;
        request.name = QStringLiteral("ci");
        request.role = Role::Operator;
        request.readOnly = true;
        const Result<CreatedApiKey> created = wait(keys.create(request, m_admin));
        QVERIFY(created.ok());
        QCOMPARE(created.value().key.role, Role::Operator);
        QCOMPARE(created.value().key.username, QStringLiteral("root"));
        QVERIFY(ApiKeyService::isApiKey(created.value().secret.toLatin1()));
        QVERIFY(!ApiKeyService::isApiKey("eyJhbGciOiJIUzI1NiJ9"));

        const Result<Principal> principal =
            wait(keys.authenticate(created.value().secret.toLatin1()));
        QVERIFY(principal.ok());
        QCOMPARE(principal.value().userId, m_admin.userId);
        QCOMPARE(principal.value().username, QStringLiteral("root"));
        QCOMPARE(principal.value().role, Role::Operator);
        QCOMPARE(principal.value().readOnly, true);
        QCOMPARE(principal.value().apiKeyId, created.value().key.id);
        QVERIFY(!principal.value().canWriteTasks());

        // TaskService refuses a read-only principal too, not only the HTTP router.
        TaskService tasks(m_db->pool());
        NewTask task;
        task.title = QStringLiteral("t");
        const Result<Task> write = wait(tasks.create(task, principal.value()));
        QVERIFY(!write.ok());
        QCOMPARE(write.error().kind, ServiceError::Kind::Forbidden);

        // Keys cannot make keys.
        const Result<CreatedApiKey> byKey = wait(keys.create(request, principal.value()));
        QVERIFY(!byKey.ok());
        QCOMPARE(byKey.error().kind, ServiceError::Kind::Forbidden);
    }

    void lastUseIsWrittenAtMostOncePerInterval()
    {
        ApiKeyService keys(m_db->pool()); // default interval: one minute
        NewApiKey request;
        request.name = QStringLiteral("busy");
        const Result<CreatedApiKey> created = wait(keys.create(request, m_admin));
        QVERIFY(created.ok());
        const QByteArray secret = created.value().secret.toLatin1();
        QVERIFY(!lastUsed().has_value());
        QVERIFY(wait(keys.authenticate(secret)).ok());
        QTRY_VERIFY(lastUsed().has_value());
        const EpochMs first = *lastUsed();
        for (int i = 0; i < 20; ++i) {
            QTest::qWait(15); // past the check cache now and then: the row is read again
            QVERIFY(wait(keys.authenticate(secret)).ok());
        }
        QTest::qWait(100); // a write, if one had been scheduled, would have landed
        QCOMPARE(*lastUsed(), first);

        ApiKeyOptions eager;
        eager.lastUsedIntervalMs = 0;
        ApiKeyService everyUse(m_db->pool(), eager);
        QTest::qWait(5);
        QVERIFY(wait(everyUse.authenticate(secret)).ok());
        QTRY_VERIFY(*lastUsed() > first);
    }

    void revocationReachesAnotherInstanceWithinTheCacheTime()
    {
        ConnectionPool secondPool(m_db->config(), 2);
        ApiKeyService a(m_db->pool());
        ApiKeyService b(&secondPool);
        NewApiKey request;
        request.name = QStringLiteral("shared");
        const Result<CreatedApiKey> created = wait(a.create(request, m_admin));
        QVERIFY(created.ok());
        const QByteArray secret = created.value().secret.toLatin1();
        QVERIFY(wait(b.authenticate(secret)).ok());
        QVERIFY(wait(b.authenticate(secret)).ok()); // cached

        QVERIFY(wait(a.revoke(created.value().key.id, m_admin)).ok());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!wait(a.authenticate(secret)).ok()); // at once on the revoking instance
        while (wait(b.authenticate(secret)).ok() && timer.elapsed() < 3000)
            QTest::qWait(10);
        const Result<Principal> after = wait(b.authenticate(secret));
        QVERIFY(!after.ok());
        QCOMPARE(after.error().kind, ServiceError::Kind::Unauthenticated);
        QCOMPARE(after.error().message, QStringLiteral("Invalid or expired API key"));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void roleNeverAboveTheOwnersCurrentRole()
    {
        const Principal ada = createUser(QStringLiteral("ada"), Role::Admin);
        ApiKeyService keys(m_db->pool());
        NewApiKey request;
        request.name = QStringLiteral("ada");
        const Result<CreatedApiKey> created = wait(keys.create(request, ada));
        QVERIFY(created.ok());
        QCOMPARE(created.value().key.role, Role::Admin);
        UserUpdate demote;
        demote.role = Role::Viewer;
        QVERIFY(wait(m_auth->updateUser(ada.userId, demote, m_admin)).ok());
        QTRY_COMPARE(wait(keys.authenticate(created.value().secret.toLatin1())).value().role,
                     Role::Viewer);

        NewApiKey tooHigh;
        tooHigh.name = QStringLiteral("x");
        tooHigh.role = Role::Admin;
        Principal viewer = ada;
        viewer.role = Role::Viewer;
        const Result<CreatedApiKey> refused = wait(keys.create(tooHigh, viewer));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(refused.error().fields.at(0).loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("role")}));
    }
};

QTEST_GUILESS_MAIN(TestApiKeyService)
#include "tst_apikeyservice.moc"
