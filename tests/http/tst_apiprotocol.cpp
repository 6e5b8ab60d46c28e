// Protocol behaviour of the embedded API: routing (404/405), the connection guard's limits and
// timeouts (400/408/411/413/414/431), body rules (415/400/422), keep-alive and pipelining.
#include "ApiTestClient.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiProtocol : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

    static QByteArray get(const QByteArray &path, const QByteArray &extra = {})
    {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
    }

private slots:
    void init()
    {
        ApiServerOptions options;
        options.requestTimeoutMs = 400;
        options.idleTimeoutMs = 600;
        m_api = std::make_unique<ApiTestClient>(options);
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
    }
    void cleanup() { m_api.reset(); }

    void healthIsPublicAndCarriesCommonHeaders()
    {
        const HttpResult r = m_api->get(QStringLiteral("/api/health"));
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.object();
        QCOMPARE(body.keys(),
                 (QStringList{QStringLiteral("database"), QStringLiteral("status"),
                              QStringLiteral("uptime_seconds"), QStringLiteral("version")}));
        QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(body.value(QLatin1String("database")).toString(), QStringLiteral("ok"));
        QCOMPARE(body.value(QLatin1String("version")).toString(), QStringLiteral(TASKDECK_VERSION));
        QVERIFY(body.value(QLatin1String("uptime_seconds")).isDouble());
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(r.header("Cache-Control"), QByteArray());
    }

    void unknownPathIs404WithOrWithoutToken()
    {
        for (const QString &token : {QString(), m_token}) {
            const HttpResult r = m_api->get(QStringLiteral("/api/nope"), token);
            QCOMPARE(r.status, 404);
            QCOMPARE(r.body, QByteArray(R"({"detail":"Not Found"})"));
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
            QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        }
        QCOMPARE(m_api->get(QStringLiteral("/"), m_token).status, 404);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/x/y"), m_token).status, 404);
    }

    void wrongMethodIs405WithAllow()
    {
        HttpResult r = m_api->request("DELETE", QStringLiteral("/api/tasks"), m_token);
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET, POST"));
        QCOMPARE(r.body, QByteArray(R"({"detail":"Method Not Allowed"})"));
        r = m_api->request("PUT", QStringLiteral("/api/tasks/abc"), m_token, "{}");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET, PATCH, DELETE"));
        r = m_api->request("POST", QStringLiteral("/api/tasks/export.csv"), m_token, "{}");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
        r = m_api->request("GET", QStringLiteral("/api/auth/login"));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("POST"));
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
    }

    void unknownMethods()
    {
        QByteArray response = m_api->raw("FOO /api/tasks HTTP/1.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(rawStatus(response), 405);
        QVERIFY(response.contains("\r\nAllow: GET, POST\r\n"));
        response = m_api->raw("HEAD /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(rawStatus(response), 405);
        QVERIFY(response.contains("\r\nAllow: GET\r\n"));
        QVERIFY(response.endsWith("\r\n\r\n")); // no body after HEAD
        QVERIFY(response.contains("\r\nContent-Length: 31\r\n"));
        response = m_api->raw("OPTIONS /api/tasks HTTP/1.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(rawStatus(response), 405);
    }

    void malformedRequestLineIs400()
    {
        for (const QByteArray &bad :
             {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET\r\n\r\n"),
              QByteArray("GET /x HTTP/1.1 extra\r\n\r\n"), QByteArray("G(T / HTTP/1.1\r\n\r\n"),
              QByteArray("GET nopath HTTP/1.1\r\n\r\n"),
              QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")}) {
            const QByteArray response = m_api->raw(bad);
            QCOMPARE(rawStatus(response), 400);
            QCOMPARE(rawBody(response), QByteArray(R"({"detail":"Malformed request line"})"));
            QVERIFY(response.contains("\r\nContent-Type: application/json\r\n"));
            QVERIFY(response.contains("\r\nConnection: close\r\n"));
        }
        const QByteArray badHeader = m_api->raw("GET /api/health HTTP/1.1\r\nNo colon\r\n\r\n");
        QCOMPARE(rawStatus(badHeader), 400);
        const QByteArray badLength =
            m_api->raw("POST /api/tasks HTTP/1.1\r\nContent-Length: 12x\r\n\r\n");
        QCOMPARE(rawStatus(badLength), 400);
        QCOMPARE(rawStatus(m_api->raw("GET / HTTP/2.0\r\n\r\n")), 505);
    }

    void oversizedRequestLineIs414()
    {
        const QByteArray path = "/api/tasks?q=" + QByteArray(9000, 'a');
        QCOMPARE(rawStatus(m_api->raw(get(path))), 414);
        // Also when the line has not ended yet.
        QCOMPARE(rawStatus(m_api->raw("GET " + path)), 414);
    }

    void oversizedHeadersAre431()
    {
        const QByteArray big = "X-Filler: " + QByteArray(17 * 1024, 'b') + "\r\n";
        const QByteArray response = m_api->raw(get("/api/health", big));
        QCOMPARE(rawStatus(response), 431);
        QCOMPARE(rawBody(response), QByteArray(R"({"detail":"Request header fields too large"})"));
        QByteArray many;
        for (int i = 0; i < 150; ++i)
            many += "X-H" + QByteArray::number(i) + ": 1\r\n";
        QCOMPARE(rawStatus(m_api->raw(get("/api/health", many))), 431);
    }

    void oversizedBodyIs413BeforeItIsSent()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_api->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("POST /api/tasks HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
                     m_token.toLatin1() +
                     "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");
        QElapsedTimer timer;
        timer.start();
        QByteArray response;
        while (!response.contains("}") && timer.elapsed() < 3000) {
            socket.waitForReadyRead(100);
            response += socket.readAll();
        }
        QCOMPARE(rawStatus(response), 413);
        QCOMPARE(rawBody(response), QByteArray(R"({"detail":"Request body too large"})"));
        QVERIFY(timer.elapsed() < 2000); // answered without waiting for the body
        // The server keeps draining what the client still sends, then closes.
        socket.write(QByteArray(256 * 1024, 'x'));
        QVERIFY(socket.waitForDisconnected(5000));
    }

    void chunkedBodyIs411()
    {
        const QByteArray response =
            m_api->raw("POST /api/tasks HTTP/1.1\r\nHost: test\r\nContent-Type: application/json"
                       "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n");
        QCOMPARE(rawStatus(response), 411);
    }

    void stalledRequestsAre408()
    {
        // Headers that never end.
        QByteArray response = m_api->raw("GET /api/health HTTP/1.1\r\nHost: test\r\n", 3000);
        QCOMPARE(rawStatus(response), 408);
        QCOMPARE(rawBody(response), QByteArray(R"({"detail":"Request timeout"})"));
        // A body that stops half-way.
        response = m_api->raw("POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: "
                              "application/json\r\nContent-Length: 100\r\n\r\n{\"user",
                              3000);
        QCOMPARE(rawStatus(response), 408);
    }

    void idleKeepAliveConnectionIsClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_api->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write(get("/api/health"));
        QVERIFY(socket.waitForReadyRead(3000));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(socket.waitForDisconnected(5000));
        QVERIFY(timer.elapsed() >= 300);
    }

    void keepAliveServesSeveralRequests()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_api->port());
        QVERIFY(socket.waitForConnected(3000));
        for (int i = 0; i < 3; ++i) {
            socket.write(get("/api/nope"));
            QByteArray response;
            while (!response.endsWith("}") && socket.waitForReadyRead(3000))
                response += socket.readAll();
            QCOMPARE(rawStatus(response), 404);
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void connectionCloseIsHonoured()
    {
        const QByteArray response = m_api->raw(get("/api/nope", "Connection: close\r\n"));
        QCOMPARE(rawStatus(response), 404); // raw() returns once the server closed
        QVERIFY(response.contains("\r\nConnection: close\r\n"));
        const QByteArray http10 = m_api->raw("GET /api/nope HTTP/1.0\r\n\r\n");
        QCOMPARE(rawStatus(http10), 404);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        // The first answer needs the database (asynchronous), the second is immediate: without
        // the guard Qt 6.4 would answer the second first.
        const QByteArray auth = "Authorization: Bearer " + m_token.toLatin1() + "\r\n";
        const QByteArray request = get("/api/tasks", auth) + get("/api/nope") +
                                   get("/api/health", "Connection: close\r\n");
        const QByteArray response = m_api->raw(request, 5000);
        const qsizetype first = response.indexOf("HTTP/1.1 200");
        const qsizetype second = response.indexOf("HTTP/1.1 404");
        const qsizetype third = response.indexOf("HTTP/1.1 200", first + 1);
        QVERIFY2(first == 0 && second > first && third > second, response.constData());
        QVERIFY(response.contains(R"("tasks":[])"));
        QVERIFY(response.endsWith(R"("version":"1.0.0"})") || response.contains("uptime_seconds"));
    }

    void clientsLeavingEarlyDoNotHurt()
    {
        // QT64-NOTES: writing after the client left crashed. Answers still in flight (database
        // work, a CSV stream) must be dropped quietly.
        const QByteArray auth = "Authorization: Bearer " + m_token.toLatin1() + "\r\n";
        const QList<QByteArray> requests = {
            get("/api/tasks", auth), get("/api/tasks/export.csv", auth), get("/api/health"),
            get("/api/metrics", auth) + get("/api/tasks", auth),
            "POST /api/tasks HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"ti"};
        for (int round = 0; round < 10; ++round) {
            for (const QByteArray &request : requests) {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, m_api->port());
                QVERIFY(socket.waitForConnected(3000));
                socket.write(request);
                socket.waitForBytesWritten(1000);
                socket.abort();
            }
        }
        QTest::qWait(200);
        QCOMPARE(m_api->get(QStringLiteral("/api/health")).status, 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), m_token).status, 200);
    }

    void startReportsBindErrors()
    {
        ApiServerOptions options;
        options.port = m_api->port(); // taken by the running server
        ApiServer second(&m_api->tasks(), &m_api->auth(), &m_api->keys(), m_api->database().pool(),
                         nullptr, options);
        QVERIFY(!second.start());
        QCOMPARE(second.errorString(),
                 QStringLiteral("Cannot listen on 127.0.0.1:%1: address in use").arg(options.port));
        QVERIFY(!second.isRunning());
        QCOMPARE(second.port(), 0);
        QCOMPARE(second.address(), QString());
        options.bindAddress = QStringLiteral("not an address");
        ApiServer third(&m_api->tasks(), &m_api->auth(), &m_api->keys(), m_api->database().pool(),
                        nullptr, options);
        QVERIFY(!third.start());
        QVERIFY(third.errorString().endsWith(QLatin1String(": invalid address")));
        // The running server is unaffected.
        QCOMPARE(m_api->server().address(),
                 QStringLiteral("http://127.0.0.1:%1").arg(m_api->port()));
        QCOMPARE(m_api->get(QStringLiteral("/api/health")).status, 200);
    }

    void expectContinue()
    {
        const QByteArray body = "{\"title\":\"continued\"}";
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_api->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("POST /api/tasks HTTP/1.1\r\nAuthorization: Bearer " + m_token.toLatin1() +
                     "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                     "Content-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY(socket.waitForReadyRead(3000));
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write(body);
        QByteArray response;
        while (!response.contains("\"version\":1}") && socket.waitForReadyRead(3000))
            response += socket.readAll();
        QVERIFY2(response.contains("HTTP/1.1 201 Created\r\n"), response.constData());
    }

    void manyConcurrentRequests()
    {
        // 6 keep-alive connections (QNetworkAccessManager's default), 120 requests in flight.
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 120; ++i) {
            QNetworkRequest request(QUrl(m_api->server().address() +
                                         (i % 3 == 0 ? QStringLiteral("/api/metrics")
                                                     : QStringLiteral("/api/tasks?limit=5"))));
            request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
            replies.append(network.get(request));
        }
        int finished = 0;
        for (QNetworkReply *reply : replies) {
            QObject::connect(reply, &QNetworkReply::finished, this, [&finished] { ++finished; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, 120, 30000);
        for (QNetworkReply *reply : replies) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
    }

    void bodyRules()
    {
        const QString path = QStringLiteral("/api/tasks");
        HttpResult r = m_api->request("POST", path, m_token, R"({"title":"x"})",
                                      {{"Content-Type", "text/plain"}});
        QCOMPARE(r.status, 415);
        QCOMPARE(r.body,
                 QByteArray(R"({"detail":"Unsupported media type: expected application/json"})"));
        r = m_api->request("POST", path, m_token, R"({"title":"x"})");
        QCOMPARE(r.status, 415); // no Content-Type at all
        r = m_api->request("POST", path, m_token, R"({"title":"ok"})",
                           {{"Content-Type", "application/json; charset=utf-8"}});
        QCOMPARE(r.status, 201);
        r = m_api->sendJson("POST", path, m_token, R"({"title": )");
        QCOMPARE(r.status, 400);
        QVERIFY(r.object()
                    .value(QLatin1String("detail"))
                    .toString()
                    .startsWith(QLatin1String("Malformed JSON: ")));
        // Where Qt stopped reading, since its message may name a symptom (single quotes are
        // reported as an unterminated object).
        r = m_api->sendJson("POST", path, m_token, "{'title':'a'}");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body,
                 QByteArray(R"({"detail":"Malformed JSON: unterminated object at byte 2"})"));
        r = m_api->sendJson("POST", path, m_token, R"({"title": x})");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Malformed JSON: illegal number at byte 10"})"));
        r = m_api->sendJson("POST", path, m_token, "[1,2]");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body, QByteArray(R"({"detail":[{"loc":["body"],"msg":"Input should be a valid )"
                                    R"(dictionary or object to extract fields from","type":)"
                                    R"("model_attributes_type"}]})"));
        r = m_api->sendJson("POST", path, m_token, "\"text\"");
        QCOMPARE(r.status, 422);
        r = m_api->sendJson("POST", path, m_token, R"({"title":"x","stauts":"pending"})");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains(R"("loc":["body","stauts"])"));
        QVERIFY(r.body.contains(R"("type":"extra_forbidden")"));
    }
};

QTEST_GUILESS_MAIN(TestApiProtocol)
#include "tst_apiprotocol.moc"
