// Issue 4 end to end: two `taskdeck --headless` processes on one PostgreSQL database. A change
// made through instance A's HTTP API, or by psql directly, reaches a WebSocket client of
// instance B within a second; the end-to-end latency of 100 changes is measured and printed.

#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <memory>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

/// One running instance; stopped (SIGTERM) with the object.
struct Instance
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString base; ///< "http://127.0.0.1:PORT"
    QString output;

    ~Instance()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(10000))
                process->kill();
        }
    }

    bool start(const QStringList &args)
    {
        process->start(QStringLiteral(TASKDECK_BINARY), args);
        if (!process->waitForStarted())
            return false;
        const QRegularExpression listening(QStringLiteral("API listening on (http://\\S+)"));
        QRegularExpressionMatch match;
        const bool ready = QTest::qWaitFor(
            [&] {
                output += QString::fromUtf8(process->readAllStandardOutput());
                match = listening.match(output);
                return match.hasMatch() && output.contains(QStringLiteral("Ready in"));
            },
            30000);
        base = match.captured(1);
        return ready;
    }
};

struct Reply
{
    int status = 0;
    QJsonObject body;
};

Reply send(QNetworkAccessManager &nam, const QByteArray &method, const QString &url,
           const QByteArray &token, const QJsonObject &body = {})
{
    QNetworkRequest request{QUrl(url)};
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QByteArray payload;
    if (!body.isEmpty()) {
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    }
    QNetworkReply *reply = nam.sendCustomRequest(request, method, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

/// A WebSocket client of /api/events that keeps every message with its arrival time.
struct EventClient
{
    QWebSocket socket;
    QElapsedTimer clock;
    QList<QJsonObject> messages;
    QList<qint64> arrivedNs;

    EventClient()
    {
        clock.start();
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) {
                             arrivedNs.append(clock.nsecsElapsed());
                             messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
    }
    bool open(const QString &base, const QByteArray &token)
    {
        QString url = base;
        url.replace(QStringLiteral("http://"), QStringLiteral("ws://"));
        socket.open(
            QUrl(url + QStringLiteral("/api/events?access_token=") + QString::fromLatin1(token)));
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                               10000);
    }
    /// Index of the first message from `from` on with this type and task id, or -1.
    qsizetype find(qsizetype from, const QString &type, const QString &id) const
    {
        for (qsizetype i = from; i < messages.size(); ++i) {
            const QJsonObject &m = messages.at(i);
            if (m.value(QStringLiteral("type")).toString() == type &&
                m.value(QStringLiteral("task")).toObject().value(QStringLiteral("id")).toString() ==
                    id)
                return i;
        }
        return -1;
    }
};

QByteArray login(QNetworkAccessManager &nam, const QString &base)
{
    const Reply reply = send(nam, "POST", base + QStringLiteral("/api/auth/login"), {},
                             {{QStringLiteral("username"), QStringLiteral("admin")},
                              {QStringLiteral("password"), kPassword}});
    return reply.body.value(QStringLiteral("access_token")).toString().toLatin1();
}

} // namespace

class TestLiveInstances : public QObject
{
    Q_OBJECT

private slots:
    void changesReachTheOtherInstance()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("Instances share changes through PostgreSQL (SQLite's feed is in-process)");

        Instance a;
        QVERIFY2(a.start({QStringLiteral("--headless"), QStringLiteral("--port"),
                          QStringLiteral("0"), QStringLiteral("--database-url"), db.url(),
                          QStringLiteral("--admin-password"), kPassword}),
                 qPrintable(a.output));
        Instance b;
        QVERIFY2(b.start({QStringLiteral("--headless"), QStringLiteral("--port"),
                          QStringLiteral("0"), QStringLiteral("--database-url"), db.url()}),
                 qPrintable(b.output));

        QNetworkAccessManager nam;
        const QByteArray tokenA = login(nam, a.base);
        const QByteArray tokenB = login(nam, b.base);
        QVERIFY(!tokenA.isEmpty());
        QVERIFY(!tokenB.isEmpty());
        EventClient client;
        QVERIFY(client.open(b.base, tokenB));

        // 1. Created through A's API, seen on B's WebSocket within a second.
        QElapsedTimer sent;
        sent.start();
        const Reply created = send(nam, "POST", a.base + QStringLiteral("/api/tasks"), tokenA,
                                   {{QStringLiteral("title"), QStringLiteral("from A")},
                                    {QStringLiteral("category"), QStringLiteral("live")}});
        QCOMPARE(created.status, 201);
        const QString id = created.body.value(QStringLiteral("id")).toString();
        qsizetype at = -1;
        QVERIFY(QTest::qWaitFor(
            [&] { return (at = client.find(0, QStringLiteral("task.created"), id)) >= 0; }, 1000));
        QVERIFY2(sent.elapsed() < 1000, qPrintable(QString::number(sent.elapsed())));
        QCOMPARE(client.messages.at(at).value(QStringLiteral("task")).toObject(), created.body);
        // metrics.updated follows with B's view of the totals.
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (qsizetype i = at; i < client.messages.size(); ++i)
                    if (client.messages.at(i).value(QStringLiteral("type")) ==
                        QStringLiteral("metrics.updated"))
                        return client.messages.at(i)
                                   .value(QStringLiteral("metrics"))
                                   .toObject()
                                   .value(QStringLiteral("total_tasks"))
                                   .toInteger() == 1;
                return false;
            },
            2000));

        // 2. An UPDATE run with psql directly arrives too, with the row as stored.
        const QString psql = QStandardPaths::findExecutable(QStringLiteral("psql"));
        const QString update =
            QStringLiteral("UPDATE tasks SET title = 'changed by psql', version = version + 1 "
                           "WHERE id = '%1'")
                .arg(id);
        const qsizetype before = client.messages.size();
        sent.restart();
        if (!psql.isEmpty()) {
            QProcess run;
            run.start(psql, {db.url(), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                             QStringLiteral("-c"), update});
            QVERIFY(run.waitForFinished(20000));
            QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        } else {
            QVERIFY(db.execSql(update)); // psql not installed: the same plain SQL
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return (at = client.find(before, QStringLiteral("task.updated"), id)) >= 0; },
            1000));
        const QJsonObject changed = client.messages.at(at).value(QStringLiteral("task")).toObject();
        QCOMPARE(changed.value(QStringLiteral("title")).toString(),
                 QStringLiteral("changed by psql"));
        QCOMPARE(changed.value(QStringLiteral("version")).toInt(), 2);
        const Reply stored = send(nam, "GET", b.base + QStringLiteral("/api/tasks/") + id, tokenB);
        QCOMPARE(changed, stored.body);

        // 3. End-to-end latency of 100 changes (PATCH on A -> event on B), one at a time.
        QList<double> latenciesMs;
        for (int i = 0; i < 100; ++i) {
            const qsizetype from = client.messages.size();
            const qint64 start = client.clock.nsecsElapsed();
            const Reply patched =
                send(nam, "PATCH", a.base + QStringLiteral("/api/tasks/") + id, tokenA,
                     {{QStringLiteral("priority"), i % 4},
                      {QStringLiteral("title"), QStringLiteral("change %1").arg(i)}});
            QCOMPARE(patched.status, 200);
            QVERIFY(QTest::qWaitFor(
                [&] { return (at = client.find(from, QStringLiteral("task.updated"), id)) >= 0; },
                1000));
            QCOMPARE(client.messages.at(at)
                         .value(QStringLiteral("task"))
                         .toObject()
                         .value(QStringLiteral("title"))
                         .toString(),
                     QStringLiteral("change %1").arg(i));
            latenciesMs.append(double(client.arrivedNs.at(at) - start) / 1e6);
        }
        std::sort(latenciesMs.begin(), latenciesMs.end());
        const double median = (latenciesMs.at(49) + latenciesMs.at(50)) / 2;
        qInfo("end-to-end latency of 100 changes (PATCH on A -> WebSocket event on B): "
              "median %.1f ms, p90 %.1f ms, worst %.1f ms",
              median, latenciesMs.at(89), latenciesMs.last());
        QVERIFY(latenciesMs.last() < 1000);

        // Sequence numbers on B's stream have no gap.
        for (qsizetype i = 1; i < client.messages.size(); ++i)
            QCOMPARE(client.messages.at(i).value(QStringLiteral("seq")).toInteger(),
                     client.messages.at(i - 1).value(QStringLiteral("seq")).toInteger() + 1);
    }
};

QTEST_GUILESS_MAIN(TestLiveInstances)
#include "tst_liveinstances.moc"
