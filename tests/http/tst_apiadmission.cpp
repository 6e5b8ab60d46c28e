// Admission control (issue 13 item 2): a cap on open connections per client address and in
// all. Idle connections from one address never keep a normal client from being answered.
#include "ApiTestClient.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

/// Opens `count` idle connections from `from` and returns them once each is either connected
/// and silent or closed by the server; `answers` gets what closed ones received.
std::vector<std::unique_ptr<QTcpSocket>> openIdle(quint16 port, const QString &from, int count)
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        if (!socket->bind(QHostAddress(from), 0))
            qWarning("cannot bind %s", qPrintable(from));
        socket->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(socket));
    }
    const bool settled = QTest::qWaitFor(
        [&] {
            for (const auto &s : sockets) {
                if (s->state() == QAbstractSocket::ConnectingState ||
                    s->state() == QAbstractSocket::HostLookupState)
                    return false;
            }
            return true;
        },
        5000);
    if (!settled)
        qWarning("some connections are still being opened");
    QTest::qWait(300); // refusals arrive
    return sockets;
}

int closedWith(const std::vector<std::unique_ptr<QTcpSocket>> &sockets, const QByteArray &status,
               QByteArray *lastAnswer)
{
    int closed = 0;
    for (const auto &s : sockets) {
        const QByteArray answer = s->readAll();
        if (answer.startsWith(QByteArray(QByteArray("HTTP/1.1 ") + status))) {
            ++closed;
            *lastAnswer = answer;
        }
    }
    return closed;
}

} // namespace

class TestApiAdmission : public QObject
{
    Q_OBJECT

private slots:
    void idleConnectionsFromOneAddressAreCapped()
    {
        ApiServerOptions options;
        options.maxConnectionsPerClient = 8;
        options.maxConnections = 1000;
        ApiTestClient api(options);
        TASKDECK_REQUIRE_API(&api);
        const auto flood = openIdle(api.port(), QStringLiteral("127.0.0.2"), 200);
        QByteArray answer;
        QCOMPARE(closedWith(flood, "429", &answer), 192);
        QVERIFY2(answer.endsWith("\r\n\r\n{\"detail\":\"Too many connections from this address, "
                                 "retry later\"}"),
                 answer.constData());
        QVERIFY(answer.contains("\r\nRetry-After: 1\r\n"));
        QVERIFY(answer.contains("\r\nConnection: close\r\n"));

        // Another address is served at once.
        QElapsedTimer timer;
        timer.start();
        const HttpResult health = api.get(QStringLiteral("/api/health"));
        const qint64 ms = timer.elapsed();
        QCOMPARE(health.status, 200);
        qInfo("200 idle connections from 127.0.0.2 (8 kept): /api/health from 127.0.0.1 in %lld ms",
              ms);
        QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));

        // Closing connections frees their places.
        const auto more = openIdle(api.port(), QStringLiteral("127.0.0.2"), 1);
        QCOMPARE(closedWith(more, "429", &answer), 1);
        for (const auto &s : flood)
            s->abort();
        QTest::qWait(300);
        const auto again = openIdle(api.port(), QStringLiteral("127.0.0.2"), 8);
        QCOMPARE(closedWith(again, "429", &answer), 0);
    }

    void connectionsInAllAreCapped()
    {
        ApiServerOptions options;
        options.maxConnectionsPerClient = 64;
        options.maxConnections = 20;
        ApiTestClient api(options);
        TASKDECK_REQUIRE_API(&api);
        const auto first = openIdle(api.port(), QStringLiteral("127.0.0.3"), 15);
        const auto second = openIdle(api.port(), QStringLiteral("127.0.0.4"), 10);
        QByteArray answer;
        QCOMPARE(closedWith(first, "503", &answer), 0);
        QCOMPARE(closedWith(second, "503", &answer), 5);
        QVERIFY2(answer.endsWith("{\"detail\":\"Too many connections, retry later\"}"),
                 answer.constData());
        for (const auto &s : first)
            s->abort();
        QTest::qWait(300);
        QCOMPARE(api.get(QStringLiteral("/api/health")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestApiAdmission)
#include "tst_apiadmission.moc"
