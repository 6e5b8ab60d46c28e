// Two AuthService instances, each with its own pool, on one database (as two processes sharing
// PostgreSQL): login bans and revocations made by one hold on the other (within a second).
#include "AuthService.h"
#include "TestDatabase.h"

#include <QTest>
#include <QThread>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

AuthOptions fastOptions()
{
    AuthOptions options;
    options.pbkdf2Iterations = 1000;
    return options;
}

const QString kAdminPassword = QStringLiteral("a long enough password");
const QString kOtherPassword = QStringLiteral("another long password");

} // namespace

class TestAuthSessions : public QObject
{
    Q_OBJECT

private:
    TestDatabase *m_db = nullptr;
    std::unique_ptr<ConnectionPool> m_secondPool;
    std::unique_ptr<AuthService> m_a;
    std::unique_ptr<AuthService> m_b;

    Principal adminPrincipal()
    {
        const Result<Principal> admin = wait(m_a->localPrincipal(QStringLiteral("admin")));
        return admin.ok() ? admin.value() : Principal{};
    }

    /// Logs `username` in on instance A and returns the access token (empty on failure).
    QByteArray loginOnA(const QString &username, const QString &password)
    {
        const Result<LoginResult> login =
            wait(m_a->login(username, password, QStringLiteral("10.0.0.1")));
        return login.ok() ? login.value().accessToken.toLatin1() : QByteArray();
    }

    /// Waits out the other instance's cache (AuthOptions::sessionCacheMs, at most 1 s).
    static void waitASecond() { QThread::msleep(1100); }

private slots:
    void init()
    {
        m_db = new TestDatabase;
        if (!m_db->isValid())
            TASKDECK_SKIP_DB(m_db->skipReason());
        m_secondPool = std::make_unique<ConnectionPool>(m_db->config(), 2);
        m_a = std::make_unique<AuthService>(m_db->pool(), fastOptions());
        m_b = std::make_unique<AuthService>(m_secondPool.get(), fastOptions());
        QVERIFY(wait(m_a->initialize()).ok());
        QVERIFY(wait(m_b->initialize()).ok());
        QVERIFY(wait(m_a->bootstrapAdmin(kAdminPassword)).value().created);
        QVERIFY(wait(m_a->createUser(QStringLiteral("bob"), kOtherPassword, Role::Operator,
                                     std::nullopt))
                    .ok());
    }

    void cleanup()
    {
        m_a.reset();
        m_b.reset();
        m_secondPool.reset();
        delete m_db;
        m_db = nullptr;
    }

    void bansHoldOnEveryInstance()
    {
        for (int i = 1; i <= 5; ++i) {
            const Result<LoginResult> failed =
                wait(m_a->login(QStringLiteral("bob"), QStringLiteral("wrong password"),
                                QStringLiteral("10.0.0.1")));
            QCOMPARE(failed.error().kind, ServiceError::Kind::Unauthenticated);
        }
        // B, another address, the right password: the user name is banned.
        const Result<LoginResult> banned =
            wait(m_b->login(QStringLiteral("bob"), kOtherPassword, QStringLiteral("10.0.0.2")));
        QVERIFY(!banned.ok());
        QCOMPARE(banned.error().kind, ServiceError::Kind::TooManyRequests);
        QCOMPARE(banned.error().message, QStringLiteral("Too many failed logins, try again later"));
        QVERIFY2(banned.error().retryAfterSeconds >= 899 && banned.error().retryAfterSeconds <= 900,
                 qPrintable(QString::number(banned.error().retryAfterSeconds)));
        // The address 10.0.0.1 is banned for every user on B; 10.0.0.2 is not for admin.
        QCOMPARE(
            wait(m_b->login(QStringLiteral("admin"), kAdminPassword, QStringLiteral("10.0.0.1")))
                .error()
                .kind,
            ServiceError::Kind::TooManyRequests);
        QVERIFY(
            wait(m_b->login(QStringLiteral("admin"), kAdminPassword, QStringLiteral("10.0.0.2")))
                .ok());
    }

    void logoutHoldsOnEveryInstance()
    {
        const QByteArray token = loginOnA(QStringLiteral("bob"), kOtherPassword);
        QVERIFY(!token.isEmpty());
        const Result<Principal> before = wait(m_b->authenticate(token));
        QVERIFY(before.ok());
        QCOMPARE(before.value().username, QStringLiteral("bob"));
        QCOMPARE(before.value().role, Role::Operator);
        QVERIFY(wait(m_a->logout(token)).ok());
        QCOMPARE(wait(m_a->authenticate(token)).error().kind, ServiceError::Kind::Unauthenticated);
        waitASecond();
        const Result<Principal> after = wait(m_b->authenticate(token));
        QVERIFY(!after.ok());
        QCOMPARE(after.error().message, QStringLiteral("Invalid or expired token"));
    }

    void disablingAndPasswordChangesHoldOnEveryInstance()
    {
        const QByteArray token = loginOnA(QStringLiteral("bob"), kOtherPassword);
        QVERIFY(wait(m_b->authenticate(token)).ok());
        const Result<QList<User>> users = wait(m_a->listUsers());
        QCOMPARE(users.value().size(), 2);
        const QUuid bob = users.value()[1].id;
        UserUpdate disable;
        disable.disabled = true;
        QVERIFY(wait(m_a->updateUser(bob, disable, adminPrincipal())).ok());
        waitASecond();
        QVERIFY(!wait(m_b->authenticate(token)).ok());

        UserUpdate enable;
        enable.disabled = false;
        QVERIFY(wait(m_a->updateUser(bob, enable, adminPrincipal())).ok());
        const QByteArray second = loginOnA(QStringLiteral("bob"), kOtherPassword);
        QVERIFY(wait(m_b->authenticate(second)).ok());
        UserUpdate password;
        password.password = QStringLiteral("yet another password");
        QVERIFY(wait(m_b->updateUser(bob, password, adminPrincipal())).ok());
        QVERIFY(!wait(m_b->authenticate(second)).ok()); // the changing instance: at once
        waitASecond();
        QVERIFY(!wait(m_a->authenticate(second)).ok());
        QVERIFY(!wait(m_a->authenticate(token)).ok());
    }

    void deletedUsersTokensFailOnEveryInstance()
    {
        const QByteArray token = loginOnA(QStringLiteral("bob"), kOtherPassword);
        QVERIFY(wait(m_b->authenticate(token)).ok());
        const QUuid bob = wait(m_a->listUsers()).value()[1].id;
        QVERIFY(wait(m_a->deleteUser(bob, adminPrincipal())).ok());
        QCOMPARE(wait(m_a->deleteUser(bob, adminPrincipal())).error().kind,
                 ServiceError::Kind::NotFound);
        waitASecond();
        QVERIFY(!wait(m_b->authenticate(token)).ok());
    }

    void lastAdminIsKeptAcrossInstances()
    {
        const Principal admin = adminPrincipal();
        UserUpdate demote;
        demote.role = Role::Operator;
        const Result<User> refused = wait(m_b->updateUser(admin.userId, demote, admin));
        QCOMPARE(refused.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(refused.error().message,
                 QStringLiteral("Cannot demote or disable the last enabled admin"));
        QCOMPARE(wait(m_a->deleteUser(admin.userId, admin)).error().kind,
                 ServiceError::Kind::Conflict);
    }
};

QTEST_GUILESS_MAIN(TestAuthSessions)
#include "tst_authsessions.moc"
