// Sessions over the API: login bans (429 + Retry-After), logout, revocation when a user is
// disabled, changes password or is deleted, expiry and future iat, roles (403).
#include "AccessToken.h"
#include "ApiTestClient.h"

#include <QDateTime>
#include <QTest>
#include <QThread>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiSessions : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    static void verifyUnauthorized(const HttpResult &r)
    {
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(r.body, QByteArray(R"({"detail":"Invalid or expired token"})"));
    }

    static void verifyBanned(const HttpResult &r, int maxRetryAfter)
    {
        QCOMPARE(r.status, 429);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Too many failed logins, try again later"})"));
        bool ok = false;
        const int retryAfter = r.header("Retry-After").toInt(&ok);
        QVERIFY2(ok && retryAfter >= 1 && retryAfter <= maxRetryAfter, r.header("Retry-After"));
    }

    QUuid userId(const QString &username)
    {
        QVariant id;
        if (!m_api->database().scalar(
                QStringLiteral("SELECT id FROM users WHERE username = '%1'").arg(username), &id))
            return {};
        return QUuid::fromString(id.toString());
    }

    void start(std::optional<AuthOptions> options = std::nullopt)
    {
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, options);
    }

private slots:
    void cleanup() { m_api.reset(); }

    void sixthBadLoginIsBannedEvenWithTheRightPassword()
    {
        AuthOptions options;
        options.pbkdf2Iterations = 1000;
        options.loginBanSeconds = 2;
        start(options);
        TASKDECK_REQUIRE_API(m_api);
        QVERIFY(!m_api->tokenForNewUser(QStringLiteral("bob"), Role::Operator).isEmpty());
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(
                m_api->postLogin(QStringLiteral("bob"), QStringLiteral("wrong password!")).status,
                401);
        verifyBanned(m_api->postLogin(QStringLiteral("bob"), QStringLiteral("wrong password!")), 2);
        verifyBanned(m_api->postLogin(QStringLiteral("bob"), QStringLiteral("password-of-bob")), 2);
        // The address is banned too: another user from 127.0.0.1 gets 429.
        verifyBanned(m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword), 2);
        QTest::qWait(2100);
        const HttpResult ok =
            m_api->postLogin(QStringLiteral("bob"), QStringLiteral("password-of-bob"));
        QCOMPARE(ok.status, 200);
        QCOMPARE(m_api->database().count(QStringLiteral(
                     "SELECT COUNT(*) FROM login_failures WHERE scope = 'user' AND key = 'bob'")),
                 0);
    }

    void defaultBanLastsFifteenMinutes()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(m_api->postLogin(QStringLiteral("nobody"), QStringLiteral("wrong password!"))
                         .status,
                     401);
        const HttpResult banned = m_api->postLogin(QStringLiteral("nobody"), QStringLiteral("x"));
        verifyBanned(banned, 900);
        QVERIFY(banned.header("Retry-After").toInt() >= 898);
    }

    void successfulLoginResetsTheUserCount()
    {
        AuthOptions options;
        options.pbkdf2Iterations = 1000;
        options.loginMaxFailures = 3;
        start(options);
        TASKDECK_REQUIRE_API(m_api);
        // Two failures then a success: the user name's count is gone, the address's stays.
        QCOMPARE(
            m_api->postLogin(QStringLiteral("admin"), QStringLiteral("wrong password!")).status,
            401);
        QCOMPARE(
            m_api->postLogin(QStringLiteral("admin"), QStringLiteral("wrong password!")).status,
            401);
        QCOMPARE(m_api->database().count(QStringLiteral(
                     "SELECT COUNT(*) FROM login_failures WHERE scope = 'user' AND key = 'admin'")),
                 2);
        QCOMPARE(m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword).status,
                 200);
        QCOMPARE(m_api->database().count(QStringLiteral(
                     "SELECT COUNT(*) FROM login_failures WHERE scope = 'user' AND key = 'admin'")),
                 0);
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE scope = 'addr'")),
                 2);
    }

    void logoutRevokesAccessAndRefreshTokensAtOnce()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const HttpResult pair =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword);
        QCOMPARE(pair.status, 200);
        const QString access = pair.object().value(QLatin1String("access_token")).toString();
        const QString refreshToken = pair.object().value(QLatin1String("refresh_token")).toString();
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), access).status, 200);
        // A body that is not JSON is refused (issue 10: it was ignored with a 204), and the
        // session stays open.
        const HttpResult plain = m_api->request("POST", QStringLiteral("/api/auth/logout"), access,
                                                "bye", {{"Content-Type", "text/plain"}});
        QCOMPARE(plain.status, 415);
        QCOMPARE(plain.body,
                 QByteArray(R"({"detail":"Unsupported media type: expected application/json"})"));
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), access).status, 200);
        const HttpResult out = m_api->request("POST", QStringLiteral("/api/auth/logout"), access);
        QCOMPARE(out.status, 204);
        QCOMPARE(out.body, QByteArray());
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), access));
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), access));
        const HttpResult refreshed = m_api->postRefresh(refreshToken);
        QCOMPARE(refreshed.status, 401);
        QCOMPARE(refreshed.body, QByteArray(R"({"detail":"Invalid refresh token"})"));
        // Another session of the same user is untouched.
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), m_api->adminToken()).status, 200);
        verifyUnauthorized(
            m_api->request("POST", QStringLiteral("/api/auth/logout"), access)); // already out
    }

    void refreshReuseKillsTheChainsAccessTokens()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const HttpResult pair =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword);
        const QString first = pair.object().value(QLatin1String("refresh_token")).toString();
        const HttpResult second = m_api->postRefresh(first);
        QCOMPARE(second.status, 200);
        const QString access = second.object().value(QLatin1String("access_token")).toString();
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), access).status, 200);
        QCOMPARE(m_api->postRefresh(first).status, 401); // re-use
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), access));
        QCOMPARE(
            m_api->postRefresh(second.object().value(QLatin1String("refresh_token")).toString())
                .status,
            401);
    }

    void disablingAUserRevokesTheirTokensAtOnce()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->tokenForNewUser(QStringLiteral("carol"), Role::Operator);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), token).status, 200);
        const HttpResult patched =
            m_api->sendJson("PATCH",
                            QStringLiteral("/api/users/") +
                                userId(QStringLiteral("carol")).toString(QUuid::WithoutBraces),
                            m_api->adminToken(), R"({"disabled":true})");
        QCOMPARE(patched.status, 200);
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), token));
        // Enabling again does not bring the old token back.
        QCOMPARE(m_api
                     ->sendJson("PATCH",
                                QStringLiteral("/api/users/") +
                                    userId(QStringLiteral("carol")).toString(QUuid::WithoutBraces),
                                m_api->adminToken(), R"({"disabled":false})")
                     .status,
                 200);
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), token));
        QCOMPARE(
            m_api->postLogin(QStringLiteral("carol"), QStringLiteral("password-of-carol")).status,
            200);
    }

    void passwordChangeRevokesTokens()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->tokenForNewUser(QStringLiteral("dave"), Role::Viewer);
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), token).status, 200);
        const QString path = QStringLiteral("/api/users/") +
                             userId(QStringLiteral("dave")).toString(QUuid::WithoutBraces);
        QCOMPARE(
            m_api->sendJson("PATCH", path, m_api->adminToken(), R"({"password":"short"})").status,
            422);
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), token).status, 200);
        QCOMPARE(m_api
                     ->sendJson("PATCH", path, m_api->adminToken(),
                                R"({"password":"a brand new secret"})")
                     .status,
                 200);
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), token));
        QCOMPARE(
            m_api->postLogin(QStringLiteral("dave"), QStringLiteral("password-of-dave")).status,
            401);
        QCOMPARE(
            m_api->postLogin(QStringLiteral("dave"), QStringLiteral("a brand new secret")).status,
            200);
    }

    void deletedUsersTokensFail()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->tokenForNewUser(QStringLiteral("erin"), Role::Operator);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), token).status, 200);
        QCOMPARE(m_api
                     ->request("DELETE",
                               QStringLiteral("/api/users/") +
                                   userId(QStringLiteral("erin")).toString(QUuid::WithoutBraces),
                               m_api->adminToken())
                     .status,
                 204);
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), token));
    }

    void viewerCannotCreateTasks()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->tokenForNewUser(QStringLiteral("vera"), Role::Viewer);
        const HttpResult r =
            m_api->sendJson("POST", QStringLiteral("/api/tasks"), token, R"({"title":"nope"})");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Not enough permissions"})"));
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 0);
    }

    void tokenExpiringNowOrIssuedInTheFutureIsRefused()
    {
        start();
        TASKDECK_REQUIRE_API(m_api);
        QVariant secretText;
        QVERIFY(m_api->database().scalar(
            QStringLiteral("SELECT value FROM app_settings WHERE key = 'jwt_secret'"),
            &secretText));
        const QByteArray secret = QByteArray::fromBase64(secretText.toString().toLatin1());
        const HttpResult pair =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword);
        const Result<auth::AccessClaims> claims = auth::verifyAccessClaims(
            secret, pair.object().value(QLatin1String("access_token")).toString().toLatin1(),
            QDateTime::currentSecsSinceEpoch());
        QVERIFY(claims.ok());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        // A valid session, signed with the real secret: only the times differ.
        const QString live = auth::issueAccessToken(secret, claims.value().principal, now - 10, 60,
                                                    claims.value().session)
                                 .token;
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), live).status, 200);
        const QString expiresNow = auth::issueAccessToken(secret, claims.value().principal,
                                                          now - 900, 900, claims.value().session)
                                       .token;
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), expiresNow));
        const QString future = auth::issueAccessToken(secret, claims.value().principal, now + 60,
                                                      900, claims.value().session)
                                   .token;
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), future));
        // Without a session (sid) a well-signed token is refused.
        const QString noSession =
            auth::issueAccessToken(secret, claims.value().principal, now, 900).token;
        verifyUnauthorized(m_api->get(QStringLiteral("/api/auth/me"), noSession));
    }
};

QTEST_GUILESS_MAIN(TestApiSessions)
#include "tst_apisessions.moc"
