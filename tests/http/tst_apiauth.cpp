// Authentication over the API: login, tokens on protected routes (401), roles (403), /me and
// refresh-token rotation with re-use detection.
#include "ApiTestClient.h"

#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiAuth : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    static void verifyUnauthorized(const HttpResult &r, const QByteArray &detail)
    {
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(r.body, R"({"detail":")" + detail + R"("})");
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
    }
    void cleanup() { m_api.reset(); }

    void loginReturnsATokenPair()
    {
        const HttpResult r =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        const QJsonObject body = r.object();
        QCOMPARE(body.keys(),
                 (QStringList{QStringLiteral("access_token"), QStringLiteral("expires_in"),
                              QStringLiteral("refresh_token"), QStringLiteral("token_type")}));
        QCOMPARE(body.value(QLatin1String("token_type")).toString(), QStringLiteral("bearer"));
        QCOMPARE(body.value(QLatin1String("expires_in")).toInteger(), 900);
        QCOMPARE(
            body.value(QLatin1String("access_token")).toString().split(QLatin1Char('.')).size(), 3);
        QCOMPARE(body.value(QLatin1String("refresh_token")).toString().size(), 43); // 256 bits
        const Result<Principal> principal = m_api->auth().verifyAccessToken(
            body.value(QLatin1String("access_token")).toString().toLatin1());
        QVERIFY(principal.ok());
        QCOMPARE(principal.value().username, QStringLiteral("admin"));
        QCOMPARE(principal.value().role, Role::Admin);
    }

    void badCredentialsAllLookTheSame()
    {
        QVERIFY(await(m_api->auth().createUser(QStringLiteral("dora"),
                                               QStringLiteral("disabled-password"), Role::Operator,
                                               std::nullopt))
                    .ok());
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE users SET disabled = TRUE WHERE username = 'dora'")));
        const QByteArray detail = "Invalid username or password";
        verifyUnauthorized(
            m_api->postLogin(QStringLiteral("admin"), QStringLiteral("wrong password!")), detail);
        verifyUnauthorized(
            m_api->postLogin(QStringLiteral("nobody"), ApiTestClient::kAdminPassword), detail);
        verifyUnauthorized(
            m_api->postLogin(QStringLiteral("dora"), QStringLiteral("disabled-password")), detail);
        QCOMPARE(m_api->postLogin(QStringLiteral("admin"), QStringLiteral("wrong"))
                     .header("Cache-Control"),
                 QByteArray("no-store"));
    }

    void loginBodyIsValidated()
    {
        HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/auth/login"), {},
                                       R"({"username":"admin","password":"x","remember":true})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body, QByteArray(R"({"detail":[{"loc":["body","remember"],"msg":"Extra inputs )"
                                    R"(are not permitted","type":"extra_forbidden"}]})"));
        r = m_api->sendJson("POST", QStringLiteral("/api/auth/login"), {},
                            R"({"username":"admin"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body, QByteArray(R"({"detail":[{"loc":["body","password"],"msg":"Field )"
                                    R"(required","type":"missing"}]})"));
        r = m_api->sendJson("POST", QStringLiteral("/api/auth/login"), {},
                            R"({"username":1,"password":"x"})");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains(R"("type":"string_type")"));
    }

    void meReturnsTheCaller()
    {
        const QString token = m_api->adminToken();
        const HttpResult r = m_api->get(QStringLiteral("/api/auth/me"), token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject body = r.object();
        QCOMPARE(body.value(QLatin1String("username")).toString(), QStringLiteral("admin"));
        QCOMPARE(body.value(QLatin1String("role")).toString(), QStringLiteral("admin"));
        QVERIFY(body.value(QLatin1String("email")).isNull());
        const QUuid id = QUuid::fromString(body.value(QLatin1String("id")).toString());
        QVERIFY(!id.isNull());
        QCOMPARE(body.value(QLatin1String("id")).toString(), id.toString(QUuid::WithoutBraces));
    }

    void protectedRoutesNeedAValidToken()
    {
        const QStringList paths = {QStringLiteral("/api/tasks"),
                                   QStringLiteral("/api/metrics"),
                                   QStringLiteral("/api/tasks/metrics/summary"),
                                   QStringLiteral("/api/metrics/timeseries"),
                                   QStringLiteral("/api/tasks/export.csv"),
                                   QStringLiteral("/api/auth/me")};
        for (const QString &path : paths)
            verifyUnauthorized(m_api->get(path), "Not authenticated");
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), QStringLiteral("garbage")),
                           "Invalid or expired token");
        const QString token = m_api->adminToken();
        // alg "none" with the same claims.
        const QList<QString> parts = token.split(QLatin1Char('.'));
        const QString none = QString::fromLatin1(QByteArray(R"({"alg":"none","typ":"JWT"})")
                                                     .toBase64(QByteArray::Base64UrlEncoding |
                                                               QByteArray::OmitTrailingEquals)) +
                             QLatin1Char('.') + parts[1] + QLatin1Char('.');
        verifyUnauthorized(m_api->get(QStringLiteral("/api/tasks"), none),
                           "Invalid or expired token");
        // Other schemes and header spellings.
        HttpResult r = m_api->request("GET", QStringLiteral("/api/tasks"), {}, {},
                                      {{"Authorization", "Basic YWRtaW46eA=="}});
        verifyUnauthorized(r, "Not authenticated");
        r = m_api->request("GET", QStringLiteral("/api/tasks"), {}, {},
                           {{"authorization", "bearer " + token.toLatin1()}});
        QCOMPARE(r.status, 200);
        r = m_api->request("GET", QStringLiteral("/api/tasks"), {}, {},
                           {{"AUTHORIZATION", "BEARER " + token.toLatin1()}});
        QCOMPARE(r.status, 200);
    }

    void viewersCannotWrite()
    {
        const QString viewer = m_api->tokenForNewUser(QStringLiteral("vera"), Role::Viewer);
        QVERIFY(!viewer.isEmpty());
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), viewer).status, 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/metrics"), viewer).status, 200);
        HttpResult r =
            m_api->sendJson("POST", QStringLiteral("/api/tasks"), viewer, R"({"title":"nope"})");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Not enough permissions"})"));
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, viewer, "{}").status,
                 403);
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/tasks/") + id, viewer).status, 403);
        // Operators may.
        const QString operatorToken =
            m_api->tokenForNewUser(QStringLiteral("otto"), Role::Operator);
        QCOMPARE(m_api
                     ->sendJson("POST", QStringLiteral("/api/tasks"), operatorToken,
                                R"({"title":"yes"})")
                     .status,
                 201);
    }

    void refreshTokensRotate()
    {
        const QJsonObject first =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword).object();
        const QString refresh1 = first.value(QLatin1String("refresh_token")).toString();
        HttpResult r = m_api->postRefresh(refresh1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
        const QString refresh2 = r.object().value(QLatin1String("refresh_token")).toString();
        const QString access2 = r.object().value(QLatin1String("access_token")).toString();
        QVERIFY(refresh2 != refresh1);
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), access2).status, 200);

        // The rotated token no longer works, and re-using it revokes the whole chain.
        verifyUnauthorized(m_api->postRefresh(refresh1), "Invalid refresh token");
        verifyUnauthorized(m_api->postRefresh(refresh2), "Invalid refresh token");

        // Another login's chain is unaffected.
        const QString other =
            m_api->postLogin(QStringLiteral("admin"), ApiTestClient::kAdminPassword)
                .object()
                .value(QLatin1String("refresh_token"))
                .toString();
        QCOMPARE(m_api->postRefresh(other).status, 200);
        verifyUnauthorized(m_api->postRefresh(QStringLiteral("unknown")), "Invalid refresh token");
        r = m_api->sendJson("POST", QStringLiteral("/api/auth/refresh"), {}, R"({"token":"x"})");
        QCOMPARE(r.status, 422);
    }
};

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_apiauth.moc"
