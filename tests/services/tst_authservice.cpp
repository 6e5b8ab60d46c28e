// AuthService against a real database: secret, first admin, users, login, refresh storage.
#include "AuthService.h"
#include "PasswordHasher.h"
#include "TestDatabase.h"

#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

template <typename T> T await(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

AuthOptions fastOptions()
{
    AuthOptions options;
    options.pbkdf2Iterations = 1000;
    return options;
}

} // namespace

class TestAuthService : public QObject
{
    Q_OBJECT

private:
    /// One text value of a query on the pool.
    static QString scalar(ConnectionPool *pool, const QString &sql)
    {
        const Result<QString> value =
            await(pool->run<QString>([sql](QSqlDatabase &db) -> Result<QString> {
                QSqlQuery q(db);
                if (!q.exec(sql) || !q.next())
                    return ServiceError::internal();
                return q.value(0).toString();
            }));
        return value.ok() ? value.value() : QStringLiteral("<error>");
    }

private slots:
    void secretIsCreatedOnceAndShared()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService first(db.pool(), fastOptions());
        AuthService second(db.pool(), fastOptions());
        QVERIFY(await(first.initialize()).ok());
        QVERIFY(await(second.initialize()).ok());
        const QString stored = scalar(
            db.pool(), QStringLiteral("SELECT value FROM app_settings WHERE key = 'jwt_secret'"));
        QCOMPARE(QByteArray::fromBase64(stored.toLatin1()).size(), 32);
        QCOMPARE(scalar(db.pool(), QStringLiteral("SELECT COUNT(*) FROM app_settings")),
                 QStringLiteral("1"));

        QVERIFY(await(first.bootstrapAdmin(QStringLiteral("a long enough password"))).ok());
        const Result<LoginResult> login =
            await(first.login(QStringLiteral("admin"), QStringLiteral("a long enough password"),
                              QStringLiteral("test")));
        QVERIFY(login.ok());
        // A token of one instance is valid on another sharing the database.
        const Result<Principal> principal =
            second.verifyAccessToken(login.value().accessToken.toLatin1());
        QVERIFY(principal.ok());
        QCOMPARE(principal.value().username, QStringLiteral("admin"));
        QCOMPARE(login.value().expiresInSeconds, 900);
        QCOMPARE(login.value().user.role, Role::Admin);
    }

    void destructionWaitsForItsPoolJobs()
    {
        // A login still hashing (or any job using the service) when the service is destroyed
        // used freed memory: a crash seen under load at test teardown. The destructor now waits.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        auto auth = std::make_unique<AuthService>(db.pool(), AuthOptions{}); // 64,000 rounds
        QVERIFY(await(auth->initialize()).ok());
        QList<QFuture<Result<LoginResult>>> logins;
        for (int i = 0; i < 4; ++i) // below the ban threshold: each records one failure
            logins << auth->login(QStringLiteral("nobody"), QStringLiteral("some password 123"),
                                  QStringLiteral("127.0.0.1"));
        auth.reset();
        // Every job's work is done when the destructor returns (its writes are there).
        QCOMPARE(
            db.count(QStringLiteral(
                "SELECT COUNT(*) FROM login_failures WHERE scope = 'user' AND key = 'nobody'")),
            4);
        for (auto &login : logins)
            QCOMPARE(await(login).error().kind, ServiceError::Kind::Unauthenticated);
    }

    void bootstrapAdminOnlyOnAnEmptyUserTable()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastOptions());
        QVERIFY(await(auth.initialize()).ok());
        const Result<AdminBootstrap> tooShort = await(auth.bootstrapAdmin(QStringLiteral("short")));
        QVERIFY(!tooShort.ok());
        QCOMPARE(tooShort.error().kind, ServiceError::Kind::Validation);

        const Result<AdminBootstrap> created = await(auth.bootstrapAdmin(std::nullopt));
        QVERIFY(created.ok());
        QVERIFY(created.value().created);
        const QString password = created.value().generatedPassword;
        QCOMPARE(password.size(), 20);
        for (const QChar c : password)
            QVERIFY(!QStringLiteral("0O1lI").contains(c));

        const Result<AdminBootstrap> again = await(auth.bootstrapAdmin(std::nullopt));
        QVERIFY(again.ok());
        QVERIFY(!again.value().created);
        QVERIFY(again.value().generatedPassword.isEmpty());
        QCOMPARE(scalar(db.pool(), QStringLiteral("SELECT COUNT(*) FROM users")),
                 QStringLiteral("1"));
        QCOMPARE(scalar(db.pool(), QStringLiteral("SELECT role FROM users")),
                 QStringLiteral("admin"));

        const QString hash = scalar(db.pool(), QStringLiteral("SELECT password_hash FROM users"));
        QVERIFY(hash.startsWith(QLatin1String("pbkdf2_sha256$1000$")));
        QVERIFY(auth::verifyPassword(password, hash));
        QVERIFY(await(auth.login(QStringLiteral("admin"), password, QString())).ok());
    }

    void rememberedTokenStillExpires()
    {
        // authenticate() remembers verified tokens; a remembered one must still expire on time
        // and must not outlive a tampered copy's refusal.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthOptions options = fastOptions();
        options.accessTokenLifetimeSeconds = 2;
        options.sessionCacheMs = 0;
        AuthService auth(db.pool(), options);
        QVERIFY(await(auth.initialize()).ok());
        QVERIFY(await(auth.bootstrapAdmin(QStringLiteral("a long enough password"))).ok());
        const Result<LoginResult> login = await(
            auth.login(QStringLiteral("admin"), QStringLiteral("a long enough password"), {}));
        QVERIFY(login.ok());
        const QByteArray token = login.value().accessToken.toUtf8();
        QVERIFY(await(auth.authenticate(token)).ok());
        QVERIFY(await(auth.authenticate(token)).ok()); // the remembered verification
        QByteArray tampered = token;
        tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == 'A' ? 'B' : 'A';
        QCOMPARE(await(auth.authenticate(tampered)).error().kind,
                 ServiceError::Kind::Unauthenticated);
        QTRY_VERIFY_WITH_TIMEOUT(!await(auth.authenticate(token)).ok(), 5000);
        QCOMPARE(await(auth.authenticate(token)).error().kind, ServiceError::Kind::Unauthenticated);
    }

    void destructionAfterAnOutageDoesNotHang()
    {
        // Issue 13: the job count was decremented inside the job body, which the pool skips when
        // it cannot connect; the destructor then waited forever (an orderly quit hung after any
        // database outage).
        const Result<DatabaseConfig> dead =
            DatabaseConfig::fromUrl(QStringLiteral("postgresql://x@127.0.0.1:1/x"));
        QVERIFY(dead.ok());
        auto pool = std::make_shared<ConnectionPool>(dead.value(), 2);
        auto auth = std::make_shared<std::unique_ptr<AuthService>>(
            std::make_unique<AuthService>(pool.get(), fastOptions()));
        for (int i = 0; i < 4; ++i) {
            const Result<LoginResult> login = await((*auth)->login(
                QStringLiteral("admin"), QStringLiteral("a long enough password"), {}));
            QCOMPARE(login.error().kind, ServiceError::Kind::Unavailable);
        }
        auto destroyed = std::make_shared<std::atomic<bool>>(false);
        // Destroyed on another thread so a hang fails this test instead of hanging the run
        // (the objects are shared with that thread, so they outlive a failure here).
        std::thread([pool, auth, destroyed] {
            auth->reset();
            destroyed->store(true);
        }).detach();
        QTRY_VERIFY_WITH_TIMEOUT(destroyed->load(), 10000);
    }

    void loginFailuresAreIndistinguishable()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastOptions());
        QVERIFY(await(auth.initialize()).ok());
        QVERIFY(await(auth.createUser(QStringLiteral("carol"), QStringLiteral("carol's password"),
                                      Role::Viewer, QStringLiteral("carol@example.org")))
                    .ok());
        QVERIFY(db.execSql(QStringLiteral("INSERT INTO users (id, username, email, role, disabled, "
                                          "password_hash, created_at, password_changed_at) "
                                          "SELECT '00000000-0000-4000-8000-000000000001', 'dan', "
                                          "NULL, 'viewer', TRUE, password_hash, 0, 0 FROM users "
                                          "WHERE username = 'carol'")));
        const QList<QPair<QString, QString>> attempts = {
            {QStringLiteral("carol"), QStringLiteral("wrong password")},
            {QStringLiteral("nobody"), QStringLiteral("carol's password")},
            {QStringLiteral("dan"), QStringLiteral("carol's password")}, // disabled
            {QStringLiteral("Carol"), QStringLiteral("carol's password")},
        };
        for (const auto &[user, password] : attempts) {
            const Result<LoginResult> r = await(auth.login(user, password, QString()));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, ServiceError::Kind::Unauthenticated);
            QCOMPARE(r.error().message, QStringLiteral("Invalid username or password"));
        }
        const Result<LoginResult> ok =
            await(auth.login(QStringLiteral("carol"), QStringLiteral("carol's password"), {}));
        QVERIFY(ok.ok());
        QCOMPARE(ok.value().user.email,
                 std::optional<QString>(QStringLiteral("carol@example.org")));
        // The refresh token is stored only as its SHA-256.
        QCOMPARE(scalar(db.pool(), QStringLiteral("SELECT token_hash FROM refresh_tokens")),
                 auth::sha256Hex(ok.value().refreshToken.toLatin1()));

        const Result<User> me = await(auth.user(ok.value().user.id));
        QVERIFY(me.ok());
        QCOMPARE(me.value().username, QStringLiteral("carol"));
        QCOMPARE(await(auth.user(QUuid::createUuid())).error().kind, ServiceError::Kind::NotFound);
        QCOMPARE(await(auth.user(QUuid::fromString(u"00000000-0000-4000-8000-000000000001")))
                     .error()
                     .kind,
                 ServiceError::Kind::Unauthenticated);
        const Result<Principal> local = await(auth.localPrincipal(QStringLiteral("carol")));
        QVERIFY(local.ok());
        QCOMPARE(local.value().role, Role::Viewer);
        QVERIFY(!await(auth.localPrincipal(QStringLiteral("dan"))).ok());
    }

    void createUserValidates()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastOptions());
        QVERIFY(await(auth.initialize()).ok());
        Result<User> r = await(auth.createUser(QStringLiteral("a b"), QStringLiteral("short"),
                                               Role::Viewer, QStringLiteral("no-at")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(r.error().fields.size(), 3);
        QCOMPARE(r.error().fields[0].loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("username")}));
        QCOMPARE(r.error().fields[1].loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("password")}));
        QCOMPARE(r.error().fields[2].loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("email")}));
        QVERIFY(await(auth.createUser(QStringLiteral("eve.x-1"), QStringLiteral("twelve chars"),
                                      Role::Operator, std::nullopt))
                    .ok());
        r = await(auth.createUser(QStringLiteral("eve.x-1"), QStringLiteral("another password"),
                                  Role::Viewer, std::nullopt));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(r.error().message, QStringLiteral("Username already exists"));
    }
};

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_authservice.moc"
