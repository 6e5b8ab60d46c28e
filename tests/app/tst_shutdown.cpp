// Issue 13 item 5: SIGTERM/SIGINT drain a real server process under load. Every request that
// reached the server is answered, WebSocket clients see close code 1001, the process exits 0
// within the grace (--shutdown-grace-seconds) plus a little.
#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

#include <memory>

#include <csignal>
#include <sys/types.h>

using namespace taskdeck;

namespace {

const QString kPassword = QStringLiteral("a-long-test-password");

QString startServer(QProcess &server, const QString &databaseUrl, QString *out)
{
    server.start(QStringLiteral(TASKDECK_BINARY),
                 {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                  QStringLiteral("--database-url"), databaseUrl, QStringLiteral("--admin-password"),
                  kPassword, QStringLiteral("--shutdown-grace-seconds"), QStringLiteral("3")});
    if (!server.waitForStarted())
        return {};
    const QRegularExpression ready(QStringLiteral("API listening on (http://\\S+)"));
    QRegularExpressionMatch m;
    [[maybe_unused]] const bool started = QTest::qWaitFor(
        [&] {
            *out += QString::fromUtf8(server.readAllStandardOutput());
            m = ready.match(*out);
            return (m.hasMatch() && out->contains(QStringLiteral("Ready in"))) ||
                   server.state() == QProcess::NotRunning;
        },
        20000);
    return m.hasMatch() ? m.captured(1) : QString();
}

QByteArray login(const QString &base)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(base + QStringLiteral("/api/auth/login")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = nam.post(
        request, QJsonDocument(QJsonObject{{QStringLiteral("username"), QStringLiteral("admin")},
                                           {QStringLiteral("password"), kPassword}})
                     .toJson(QJsonDocument::Compact));
    [[maybe_unused]] const bool finished =
        QTest::qWaitFor([&] { return reply->isFinished(); }, 10000);
    const QByteArray token = QJsonDocument::fromJson(reply->readAll())
                                 .object()
                                 .value(QStringLiteral("access_token"))
                                 .toString()
                                 .toLatin1();
    delete reply;
    return token;
}

/// One client that creates tasks one after the other, each on a new connection
/// (Connection: close), until the server stops accepting.
struct Client
{
    QTcpSocket socket;
    QByteArray request;
    QByteArray received;
    quint16 port = 0;
    bool written = false;
    bool stopped = false;
    int sent = 0;        ///< requests written completely on an accepted connection
    int answered = 0;    ///< of those, answered with a complete status line
    int statusOther = 0; ///< answers other than 201
    int refused = 0;     ///< connections refused (the server no longer listens)

    void next()
    {
        if (stopped)
            return;
        received.clear();
        written = false;
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    void start(quint16 serverPort, const QByteArray &token)
    {
        port = serverPort;
        const QByteArray body = "{\"title\":\"under load\"}";
        request = "POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                  "\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        QObject::connect(&socket, &QTcpSocket::connected, &socket,
                         [this] { socket.write(request); });
        QObject::connect(&socket, &QTcpSocket::bytesWritten, &socket, [this] {
            if (!written && socket.bytesToWrite() == 0) {
                written = true;
                ++sent;
            }
        });
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket,
                         [this](QAbstractSocket::SocketError error) {
                             if (error == QAbstractSocket::ConnectionRefusedError) {
                                 ++refused;
                                 stopped = true;
                             }
                         });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] {
            received += socket.readAll();
            if (written && received.startsWith("HTTP/1.1 ")) {
                ++answered;
                if (!received.startsWith("HTTP/1.1 201 "))
                    ++statusOther;
            }
            QMetaObject::invokeMethod(
                &socket, [this] { next(); }, Qt::QueuedConnection);
        });
        next();
    }
};

} // namespace

class TestShutdown : public QObject
{
    Q_OBJECT

private slots:
    void sigtermUnderLoadAnswersEverythingAndExits()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QProcess server;
        QString out;
        const QString base = startServer(server, db.url(), &out);
        QVERIFY2(!base.isEmpty(),
                 qPrintable(out + QString::fromUtf8(server.readAllStandardError())));
        const QByteArray token = login(base);
        QVERIFY(!token.isEmpty());
        const quint16 port = quint16(QUrl(base).port());

        QList<std::shared_ptr<QWebSocket>> sockets;
        QList<int> closeCodes;
        for (int i = 0; i < 2; ++i) {
            auto ws = std::make_shared<QWebSocket>();
            QString url = base;
            url.replace(QStringLiteral("http://"), QStringLiteral("ws://"));
            ws->open(QUrl(url + QStringLiteral("/api/events?access_token=") +
                          QString::fromLatin1(token)));
            QVERIFY(QTest::qWaitFor([&] { return ws->state() == QAbstractSocket::ConnectedState; },
                                    10000));
            connect(ws.get(), &QWebSocket::disconnected, this,
                    [&closeCodes, raw = ws.get()] { closeCodes.append(int(raw->closeCode())); });
            sockets.append(ws);
        }

        QList<std::shared_ptr<Client>> clients;
        for (int i = 0; i < 16; ++i) {
            clients.append(std::make_shared<Client>());
            clients.last()->start(port, token);
        }
        QTest::qWait(1500); // load for a while

        QElapsedTimer stopping;
        stopping.start();
        QCOMPARE(::kill(pid_t(server.processId()), SIGTERM), 0);
        QVERIFY(QTest::qWaitFor([&] { return server.state() == QProcess::NotRunning; }, 10000));
        const qint64 exitMs = stopping.elapsed();
        // Let the clients see the last answers and the refused connections.
        [[maybe_unused]] const bool allStopped = QTest::qWaitFor(
            [&] {
                for (const auto &c : clients) {
                    if (!c->stopped)
                        return false;
                }
                return true;
            },
            5000);

        int sent = 0, answered = 0, other = 0;
        for (const auto &c : clients) {
            c->stopped = true;
            sent += c->sent;
            answered += c->answered;
            other += c->statusOther;
        }
        const QString log = out + QString::fromUtf8(server.readAllStandardOutput());
        qInfo("SIGTERM under load: %d requests sent, %d answered (%d not 201), exit after %lld "
              "ms; WebSocket close codes %s",
              sent, answered, other, exitMs,
              qPrintable(QString::number(closeCodes.value(0)) + QLatin1Char(',') +
                         QString::number(closeCodes.value(1))));
        QVERIFY(sent > 20);
        QCOMPARE(answered, sent);
        QCOMPARE(other, 0);
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY2(exitMs < 5000, qPrintable(QString::number(exitMs)));
        QVERIFY(QTest::qWaitFor([&] { return closeCodes.size() == 2; }, 3000));
        QCOMPARE(closeCodes, (QList<int>{1001, 1001}));
        QVERIFY2(log.contains(QStringLiteral("SIGTERM: stopping")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("(0 connections cut unanswered)")), qPrintable(log));
        // Every answered create is in the database.
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), qint64(answered));
    }

    void sigintOnAnIdleServerExitsAtOnce()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QProcess server;
        QString out;
        QVERIFY(!startServer(server, db.url(), &out).isEmpty());
        QElapsedTimer stopping;
        stopping.start();
        QCOMPARE(::kill(pid_t(server.processId()), SIGINT), 0);
        QVERIFY(QTest::qWaitFor([&] { return server.state() == QProcess::NotRunning; }, 10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY2(stopping.elapsed() < 1500, qPrintable(QString::number(stopping.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"
