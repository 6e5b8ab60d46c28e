// The one ServiceError -> HTTP mapping and the compact JSON writer.
#include "ApiJson.h"
#include "ErrorMapping.h"
#include "WriteOutcome.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::http;
using Kind = ServiceError::Kind;

class TestErrorMapping : public QObject
{
    Q_OBJECT

private slots:
    void statusBodyAndHeaders_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("headerName");
        QTest::addColumn<QByteArray>("headerValue");
        QTest::newRow("bad request")
            << int(Kind::BadRequest) << QStringLiteral("Bad thing") << 400
            << QByteArray("{\"detail\":\"Bad thing\"}") << QByteArray() << QByteArray();
        QTest::newRow("not found")
            << int(Kind::NotFound) << QStringLiteral("Task not found") << 404
            << QByteArray("{\"detail\":\"Task not found\"}") << QByteArray() << QByteArray();
        QTest::newRow("conflict") << int(Kind::Conflict) << QStringLiteral("Illegal") << 409
                                  << QByteArray("{\"detail\":\"Illegal\"}") << QByteArray()
                                  << QByteArray();
        QTest::newRow("precondition")
            << int(Kind::PreconditionFailed) << QStringLiteral("Precondition failed") << 412
            << QByteArray("{\"detail\":\"Precondition failed\"}") << QByteArray() << QByteArray();
        QTest::newRow("unauthenticated")
            << int(Kind::Unauthenticated) << QStringLiteral("Not authenticated") << 401
            << QByteArray("{\"detail\":\"Not authenticated\"}") << QByteArray("WWW-Authenticate")
            << QByteArray("Bearer");
        QTest::newRow("forbidden") << int(Kind::Forbidden) << QString() << 403
                                   << QByteArray("{\"detail\":\"Not enough permissions\"}")
                                   << QByteArray() << QByteArray();
        QTest::newRow("too many") << int(Kind::TooManyRequests) << QStringLiteral("Slow down")
                                  << 429 << QByteArray("{\"detail\":\"Slow down\"}")
                                  << QByteArray("Retry-After") << QByteArray("60");
        QTest::newRow("unavailable")
            << int(Kind::Unavailable) << QStringLiteral("connection refused at 10.0.0.1") << 503
            << QByteArray("{\"detail\":\"Database unavailable\"}") << QByteArray("Retry-After")
            << QByteArray("5");
        QTest::newRow("timeout") << int(Kind::Timeout) << QStringLiteral("57014") << 504
                                 << QByteArray("{\"detail\":\"Database timeout\"}") << QByteArray()
                                 << QByteArray();
        QTest::newRow("internal") << int(Kind::Internal)
                                  << QStringLiteral("SELECT * FROM tasks failed") << 500
                                  << QByteArray("{\"detail\":\"Internal server error\"}")
                                  << QByteArray() << QByteArray();
    }

    void outcomeUnknownIs500WithACodeAndNoRetryAfter()
    {
        // A write whose COMMIT lost the connection: not 503 + Retry-After (a blind retry could
        // write twice), and not logged as an internal error.
        const ApiResponse response = errorResponse(outcomeUnknown());
        QCOMPARE(response.status, 500);
        QCOMPARE(response.body,
                 QByteArray("{\"code\":\"outcome_unknown\",\"detail\":\"The connection to the "
                            "database broke while the write was being committed: it may or may "
                            "not have taken effect\"}"));
        QVERIFY(response.headers.isEmpty());
        QVERIFY(isOutcomeUnknown(afterCommitAttempt(ServiceError::unavailable())));
        QCOMPARE(afterCommitAttempt(ServiceError::timeout()).kind, ServiceError::Kind::Timeout);
        QCOMPARE(afterCommitAttempt(ServiceError::conflict(QStringLiteral("x"))).kind,
                 ServiceError::Kind::Conflict);
    }

    void statusBodyAndHeaders()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, headerName);
        QFETCH(QByteArray, headerValue);
        if (kind == int(Kind::Internal))
            QTest::ignoreMessage(QtWarningMsg, "HTTP 500: SELECT * FROM tasks failed");
        const ApiResponse response = errorResponse({Kind(kind), message, {}});
        QCOMPARE(response.status, status);
        QCOMPARE(response.body, body);
        QCOMPARE(response.contentType, QByteArray("application/json"));
        if (headerName.isEmpty()) {
            QVERIFY(response.headers.isEmpty());
        } else {
            QCOMPARE(response.headers.size(), 1);
            QCOMPARE(response.headers.first().first, headerName);
            QCOMPARE(response.headers.first().second, headerValue);
        }
    }

    void validationIsFastApiShaped()
    {
        const ApiResponse response = errorResponse(
            ServiceError::validation({{{QStringLiteral("query"), QStringLiteral("limit")},
                                       QStringLiteral("Input should be less than or equal to 100"),
                                       QStringLiteral("less_than_equal")}}));
        QCOMPARE(response.status, 422);
        QCOMPARE(response.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should "
                            "be less than or equal to 100\",\"type\":\"less_than_equal\"}]}"));
    }

    void commonHeaders()
    {
        ApiResponse response = ApiResponse::detail(404, QStringLiteral("Not Found"));
        QByteArray raw = serializeResponse(response, u"/api/auth/me", true);
        QCOMPARE(raw, QByteArray("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 22\r\nX-Content-Type-Options: nosniff\r\n"
                                 "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
                                 "{\"detail\":\"Not Found\"}"));
        raw = serializeResponse(ApiResponse::noContent(), u"/api/tasks/x", false);
        QCOMPARE(raw,
                 QByteArray("HTTP/1.1 204 No Content\r\nX-Content-Type-Options: nosniff\r\n\r\n"));
    }

    void jsonWriter()
    {
        const QJsonObject object{
            {QStringLiteral("cost"), 0.0},
            {QStringLiteral("total_cost"), 12.0},
            {QStringLiteral("success_rate"), 66.67},
            {QStringLiteral("priority"), 2},
            {QStringLiteral("title"), QStringLiteral("quote \" backslash \\ tab \t nl \n Ω \x01")},
            {QStringLiteral("result"), QJsonObject{{QStringLiteral("cost"), 3}}},
            {QStringLiteral("list"), QJsonArray{1, 2.5, true, QJsonValue()}},
        };
        QCOMPARE(json::toApiJson(object),
                 QByteArray("{\"cost\":0.0,\"list\":[1,2.5,true,null],\"priority\":2,"
                            "\"result\":{\"cost\":3},\"success_rate\":66.67,"
                            "\"title\":\"quote \\\" backslash \\\\ tab \\t nl \\n \xce\xa9 "
                            "\\u0001\",\"total_cost\":12.0}"));
        QCOMPARE(json::toApiJson(QJsonValue(0.1 + 0.2)), QByteArray("0.30000000000000004"));
    }
};

QTEST_GUILESS_MAIN(TestErrorMapping)
#include "tst_errormapping.moc"
