// Transport and browser safety over real sockets: CORS preflight and response headers, the
// allowed-host check (421), HTTPS with a self-signed certificate, X-Forwarded-For from trusted
// proxies only, and the common security headers.
#include "ApiTestClient.h"

#include <QEventLoop>
#include <QFile>
#include <QMutex>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSslCertificate>
#include <QSslError>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

const QByteArray kOrigin = "http://localhost:5173";

/// Client addresses the server resolved, recorded from the HTTP thread.
struct Observed
{
    QMutex mutex;
    QStringList addresses;
};

bool makeCertificate(const QString &dir, const QString &name)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-keyout"), dir + u'/' + name + QStringLiteral(".key"),
                   QStringLiteral("-out"), dir + u'/' + name + QStringLiteral(".crt")});
    return openssl.waitForFinished(60000) && openssl.exitStatus() == QProcess::NormalExit &&
           openssl.exitCode() == 0;
}

QByteArray rawGet(const QByteArray &path, const QByteArray &host, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n" + extra +
           "\r\n";
}

} // namespace

class TestApiTransport : public QObject
{
    Q_OBJECT

private slots:
    void preflightFromAllowedOrigin()
    {
        ApiServerOptions options;
        options.corsOrigins = {QString::fromLatin1(kOrigin)};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        for (const QString &path :
             {QStringLiteral("/api/tasks"), QStringLiteral("/api/auth/login"),
              QStringLiteral("/api/tasks/3f2c0000-0000-0000-0000-000000000000")}) {
            const HttpResult r = api.request("OPTIONS", path, {}, {},
                                             {{"Origin", kOrigin},
                                              {"Access-Control-Request-Method", "POST"},
                                              {"Access-Control-Request-Headers", "authorization"}});
            QCOMPARE(r.status, 204);
            QCOMPARE(r.body, QByteArray());
            QCOMPARE(r.header("Access-Control-Allow-Origin"), kOrigin);
            QCOMPARE(r.header("Access-Control-Allow-Headers"),
                     QByteArray("Authorization, Content-Type, If-Match"));
            QCOMPARE(r.header("Access-Control-Max-Age"), QByteArray("600"));
            QCOMPARE(r.header("Vary"), QByteArray("Origin"));
            QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
            const QByteArray methods = r.header("Access-Control-Allow-Methods");
            if (path == u"/api/tasks")
                QCOMPARE(methods, QByteArray("GET, POST"));
            else if (path == u"/api/auth/login")
                QCOMPARE(methods, QByteArray("POST"));
            else
                QCOMPARE(methods, QByteArray("GET, PATCH, DELETE"));
        }
        // Unknown path: 404 (with the allowed origin's headers), no preflight answer.
        const HttpResult unknown =
            api.request("OPTIONS", QStringLiteral("/api/nope"), {}, {}, {{"Origin", kOrigin}});
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.header("Access-Control-Allow-Methods"), QByteArray());
        QCOMPARE(unknown.header("Access-Control-Allow-Origin"), kOrigin);
    }

    void preflightFromDisallowedOriginIs405WithoutCors()
    {
        ApiServerOptions options;
        options.corsOrigins = {QString::fromLatin1(kOrigin)};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        const HttpResult r = api.request(
            "OPTIONS", QStringLiteral("/api/tasks"), {}, {},
            {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET, POST"));
        for (const auto &[name, value] : r.headers)
            QVERIFY2(!name.toLower().startsWith("access-control-") && name.toLower() != "vary",
                     name.constData());
        // Its actual requests get no CORS headers either.
        const HttpResult get = api.request("GET", QStringLiteral("/api/health"), {}, {},
                                           {{"Origin", "http://evil.example"}});
        QCOMPARE(get.status, 200);
        QCOMPARE(get.header("Access-Control-Allow-Origin"), QByteArray());
        QCOMPARE(get.header("Vary"), QByteArray());
    }

    void withoutCorsOptionsStays405()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        const HttpResult r =
            api.request("OPTIONS", QStringLiteral("/api/tasks"), {}, {},
                        {{"Origin", kOrigin}, {"Access-Control-Request-Method", "GET"}});
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET, POST"));
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray());
    }

    void actualResponsesToAllowedOriginCarryCors()
    {
        ApiServerOptions options;
        options.corsOrigins = {QStringLiteral("https://other.example"),
                               QString::fromLatin1(kOrigin)};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        // 401 without a token.
        HttpResult r =
            api.request("GET", QStringLiteral("/api/tasks"), {}, {}, {{"Origin", kOrigin}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(r.header("Access-Control-Allow-Origin"), kOrigin);
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
        QCOMPARE(r.header("Access-Control-Expose-Headers"),
                 QByteArray("ETag, Location, Retry-After"));
        // 403 for a viewer writing.
        const QString viewer = api.tokenForNewUser(QStringLiteral("viewer1"), Role::Viewer);
        QVERIFY(!viewer.isEmpty());
        r = api.request("POST", QStringLiteral("/api/tasks"), viewer, R"({"title":"x"})",
                        {{"Origin", kOrigin}, {"Content-Type", "application/json"}});
        QCOMPARE(r.status, 403);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), kOrigin);
        // A success.
        r = api.request("POST", QStringLiteral("/api/tasks"), api.adminToken(), R"({"title":"x"})",
                        {{"Origin", kOrigin}, {"Content-Type", "application/json"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), kOrigin);
        QCOMPARE(r.header("Access-Control-Expose-Headers"),
                 QByteArray("ETag, Location, Retry-After"));
        // The other allowed origin gets its own name back, never "*".
        r = api.request("GET", QStringLiteral("/api/health"), {}, {},
                        {{"Origin", "https://other.example"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("https://other.example"));
    }

    void hostNotAllowedIs421()
    {
        ApiServerOptions options;
        options.allowedHosts = {QStringLiteral("Taskdeck.Example"), QStringLiteral("127.0.0.1")};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        QByteArray response = api.raw(rawGet("/api/health", "evil.example"));
        QCOMPARE(rawStatus(response), 421);
        QCOMPARE(rawBody(response),
                 QByteArray(R"({"detail":"Misdirected request: host not allowed"})"));
        QVERIFY(response.contains("X-Content-Type-Options: nosniff\r\n"));
        QVERIFY(response.contains("Content-Type: application/json\r\n"));
        // Also with a token, and on unknown paths.
        QCOMPARE(rawStatus(api.raw(rawGet("/api/nope", "evil.example:8000"))), 421);
        // Listed names, any case, any port.
        QCOMPARE(rawStatus(api.raw(rawGet("/api/health", "taskdeck.example:8000"))), 200);
        QCOMPARE(rawStatus(api.raw(rawGet("/api/health", "TASKDECK.EXAMPLE"))), 200);
        QCOMPARE(api.get(QStringLiteral("/api/health")).status, 200); // Host: 127.0.0.1:port
    }

    void hostWithPortMustMatchPort()
    {
        ApiServerOptions options;
        options.allowedHosts = {QStringLiteral("localhost:8000")};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        QCOMPARE(rawStatus(api.raw(rawGet("/api/health", "localhost:8000"))), 200);
        QCOMPARE(rawStatus(api.raw(rawGet("/api/health", "localhost:8001"))), 421);
        QCOMPARE(rawStatus(api.raw(rawGet("/api/health", "localhost"))), 421);
        QCOMPARE(api.get(QStringLiteral("/api/health")).status, 421);
    }

    void forwardedForBelievedOnlyFromTrustedProxy()
    {
        for (const bool trusted : {false, true}) {
            auto observed = std::make_shared<Observed>();
            ApiServerOptions options;
            if (trusted)
                options.trustedProxies = {QStringLiteral("127.0.0.0/8"),
                                          QStringLiteral("10.0.0.0/8")};
            options.requestObserver = [observed](const QString &, const QString &client) {
                QMutexLocker lock(&observed->mutex);
                observed->addresses.append(client);
            };
            ApiTestClient api(options);
            if (!api.isValid())
                TASKDECK_SKIP_DB(api.skipReason());
            const HttpResult r =
                api.request("GET", QStringLiteral("/api/health"), {}, {},
                            {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2"}});
            QCOMPARE(r.status, 200);
            QMutexLocker lock(&observed->mutex);
            QCOMPARE(observed->addresses.size(), 1);
            QCOMPARE(observed->addresses.first(),
                     trusted ? QStringLiteral("203.0.113.7") : QStringLiteral("127.0.0.1"));
        }
    }

    void loginBansFollowTheForwardedClient()
    {
        ApiServerOptions options;
        options.trustedProxies = {QStringLiteral("127.0.0.1")};
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        const auto login = [&api](const QByteArray &client, const QByteArray &user) {
            return api
                .request("POST", QStringLiteral("/api/auth/login"), {},
                         R"({"username":")" + user + R"(","password":"wrong password"})",
                         {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}})
                .status;
        };
        // Five failures from one forwarded client (different user names): then that client is
        // banned, while another client behind the same proxy is not.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(login("203.0.113.7", "user" + QByteArray::number(i)), 401);
        QCOMPARE(login("203.0.113.7", "someone"), 429);
        QCOMPARE(login("198.51.100.1", "someone"), 401);
    }

    void securityHeaders()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        const HttpResult login = api.sendJson("POST", QStringLiteral("/api/auth/login"), {},
                                              R"({"username":"admin","password":"wrong"})");
        QCOMPARE(login.status, 401);
        QCOMPARE(login.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(login.header("X-Content-Type-Options"), QByteArray("nosniff"));
        const HttpResult me = api.get(QStringLiteral("/api/auth/me"), api.adminToken());
        QCOMPARE(me.status, 200);
        QCOMPARE(me.header("Cache-Control"), QByteArray("no-store"));
        const HttpResult tasks = api.get(QStringLiteral("/api/tasks"), api.adminToken());
        QCOMPARE(tasks.status, 200);
        QCOMPARE(tasks.header("Cache-Control"), QByteArray());
        QCOMPARE(tasks.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }

    void bodyLimitIsConfigurableAndDecidedFromTheHeader()
    {
        ApiServerOptions options;
        options.maxBodyBytes = 100;
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        // Only the head is sent: the 413 comes before any body byte.
        const QByteArray response =
            api.raw("POST /api/tasks HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    "Content-Length: 101\r\n\r\n");
        QCOMPARE(rawStatus(response), 413);
        QVERIFY(response.contains("X-Content-Type-Options: nosniff\r\n"));
        const QByteArray title(80, 'a');
        const HttpResult ok = api.sendJson("POST", QStringLiteral("/api/tasks"), api.adminToken(),
                                           R"({"title":")" + title + R"("})");
        QCOMPARE(ok.status, 201);
    }

    void httpsWorksAndPlainHttpFailsCleanly()
    {
        QTemporaryDir dir;
        if (!makeCertificate(dir.path(), QStringLiteral("server")))
            QSKIP("openssl could not make a certificate");
        ApiServerOptions options;
        options.tlsCertificateFile = dir.filePath(QStringLiteral("server.crt"));
        options.tlsKeyFile = dir.filePath(QStringLiteral("server.key"));
        ApiTestClient api(options);
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        QVERIFY2(api.server().address().startsWith(QStringLiteral("https://127.0.0.1:")),
                 qPrintable(api.server().address()));
        const QList<QSslCertificate> certificate =
            QSslCertificate::fromPath(options.tlsCertificateFile);
        QCOMPARE(certificate.size(), 1);

        QNetworkAccessManager nam;
        const auto get = [&](const QString &path, QByteArray *body,
                             QSslConfiguration *used = nullptr) {
            QNetworkRequest request(QUrl(api.server().address() + path));
            QNetworkReply *reply = nam.get(request);
            reply->ignoreSslErrors(
                {QSslError(QSslError::SelfSignedCertificate, certificate.first())});
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(20000, &loop, &QEventLoop::quit);
            if (!reply->isFinished())
                loop.exec();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            *body = reply->readAll();
            if (used)
                *used = reply->sslConfiguration();
            reply->deleteLater();
            return status;
        };
        QByteArray body;
        QSslConfiguration used;
        QCOMPARE(get(QStringLiteral("/api/health"), &body, &used), 200);
        QVERIFY(body.contains(R"("status":"ok")"));
        QVERIFY(used.sessionProtocol() == QSsl::TlsV1_2 || used.sessionProtocol() == QSsl::TlsV1_3);
        QCOMPARE(used.peerCertificate(), certificate.first());

        // Plain HTTP on the TLS port: no HTTP answer, the connection is closed, nothing breaks.
        QElapsedTimer timer;
        timer.start();
        const QByteArray plain = api.raw(rawGet("/api/health", "127.0.0.1"), 5000);
        QCOMPARE(rawStatus(plain), 0);
        QVERIFY2(timer.elapsed() < 4000, "the server should drop a failed handshake at once");
        QCOMPARE(get(QStringLiteral("/api/health"), &body), 200);
        // Guard limits still apply inside TLS: unknown path 404 and the nosniff header.
        QCOMPARE(get(QStringLiteral("/api/nope"), &body), 404);
    }

    void badTlsFilesAreStartUpErrors()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        QTemporaryDir dir;
        if (!makeCertificate(dir.path(), QStringLiteral("a")) ||
            !makeCertificate(dir.path(), QStringLiteral("b")))
            QSKIP("openssl could not make a certificate");
        const auto startWith = [&](const QString &cert, const QString &key) {
            ApiServerOptions options;
            options.port = 0;
            options.tlsCertificateFile = cert;
            options.tlsKeyFile = key;
            ApiServer server(&api.tasks(), &api.auth(), &api.keys(), api.database().pool(), nullptr,
                             options);
            const bool started = server.start();
            return started ? QString() : server.errorString();
        };
        const QString aCrt = dir.filePath(QStringLiteral("a.crt"));
        const QString aKey = dir.filePath(QStringLiteral("a.key"));
        const QString bKey = dir.filePath(QStringLiteral("b.key"));
        QCOMPARE(startWith(aCrt, aKey), QString());
        QVERIFY(startWith(dir.filePath(QStringLiteral("missing.crt")), aKey)
                    .startsWith(QStringLiteral("cannot read TLS certificate ")));
        QVERIFY(startWith(aCrt, dir.filePath(QStringLiteral("missing.key")))
                    .startsWith(QStringLiteral("cannot read TLS key ")));
        QCOMPARE(startWith(aKey, aKey), QStringLiteral("no PEM certificate in ") + aKey);
        QCOMPARE(startWith(aCrt, aCrt),
                 QStringLiteral("no unencrypted PEM private key in ") + aCrt);
        QVERIFY(startWith(aCrt, bKey).startsWith(QStringLiteral("TLS handshake with the given")));
        QCOMPARE(startWith(aCrt, QString()),
                 QStringLiteral("TLS needs both a certificate and a key file"));
    }
};

QTEST_GUILESS_MAIN(TestApiTransport)
#include "tst_apitransport.moc"
