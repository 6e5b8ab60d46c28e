// The connection guard's request-head scanner (RFC 9112 framing and size limits).
#include "RequestFraming.h"

#include <QTest>

using namespace taskdeck::http;
using State = RequestHead::State;

class TestRequestFraming : public QObject
{
    Q_OBJECT

private slots:
    void completeHeadWithBody()
    {
        const QByteArray data = "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
                                "Connection: keep-alive\r\n\r\n{\"title\":1}";
        const RequestHead head = scanRequestHead(data, {});
        QCOMPARE(head.state, State::Complete);
        QCOMPARE(head.method, QByteArray("POST"));
        QCOMPARE(head.target, QByteArray("/api/tasks"));
        QCOMPARE(head.headerBytes, data.indexOf("{"));
        QCOMPARE(head.contentLength, 12);
        QCOMPARE(head.totalBytes(), head.headerBytes + 12);
        QVERIFY(head.keepAlive);
        QVERIFY(!head.expectContinue);
    }

    void noHeaderFields()
    {
        const RequestHead head = scanRequestHead("GET / HTTP/1.1\r\n\r\n", {});
        QCOMPARE(head.state, State::Complete);
        QCOMPARE(head.headerBytes, 18);
        QCOMPARE(head.contentLength, 0);
    }

    void needsMore()
    {
        QCOMPARE(scanRequestHead("GE", {}).state, State::NeedMore);
        QCOMPARE(scanRequestHead("GET /api", {}).state, State::NeedMore);
        QCOMPARE(scanRequestHead("GET / HTTP/1.1\r\nHost: x\r\n", {}).state, State::NeedMore);
    }

    void connectionSemantics()
    {
        QVERIFY(!scanRequestHead("GET / HTTP/1.0\r\n\r\n", {}).keepAlive);
        QVERIFY(!scanRequestHead("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n", {})
                     .keepAlive);
        QVERIFY(scanRequestHead("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n"
                                "\r\n",
                                {})
                    .expectContinue);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("bad method char") << QByteArray("G{T / HTTP/1.1\r\n") << 400;
        QTest::newRow("binary prefix") << QByteArray("\x16\x03\x01") << 400;
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\n\n") << 400;
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("version") << QByteArray("GET / HTTP/3.0\r\n\r\n") << 505;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400;
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("two lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << 400;
        QTest::newRow("negative length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("chunked") << QByteArray(
                                        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411;
        QTest::newRow("too large")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n") << 413;
        QTest::newRow("long line") << QByteArray("GET /" + QByteArray(8200, 'a')) << 414;
        QTest::newRow("long headers")
            << QByteArray("GET / HTTP/1.1\r\nA: " + QByteArray(16400, 'a')) << 431;
    }

    void errors()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, status);
        const RequestHead head = scanRequestHead(data, {});
        QCOMPARE(head.state, State::Error);
        QCOMPARE(head.errorStatus, status);
    }

    void limitIsInclusive()
    {
        const RequestHead head =
            scanRequestHead("POST / HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n", {});
        QCOMPARE(head.state, State::Complete);
        QCOMPARE(head.contentLength, 1048576);
    }
};

QTEST_GUILESS_MAIN(TestRequestFraming)
#include "tst_requestframing.moc"
