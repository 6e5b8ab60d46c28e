// End-to-end: the taskdeck binary's command line, import and headless API, on SQLite and
// PostgreSQL, through real processes and real HTTP.
#include "TaskCsv.h"
#include "TestDatabase.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslError>
#include <QTemporaryDir>
#include <QTest>

using namespace taskdeck;

namespace {

const QString kPassword = QStringLiteral("a-long-test-password");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runTaskdeck(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(TASKDECK_BINARY), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QJsonObject request(QNetworkAccessManager &nam, const QString &method, const QUrl &url,
                    const QByteArray &token, const QByteArray &body, int *status)
{
    QNetworkRequest req(url);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(req, method.toLatin1(), body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return json;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp()
    {
        const Run version = runTaskdeck({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.contains(QStringLiteral(TASKDECK_VERSION)), qPrintable(version.out));
        const Run help = runTaskdeck({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *option : {"--database-url", "--bind", "--port", "--headless", "--import",
                                   "--admin-password", "--version"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
    }

    void badDatabaseUrlIsAClearError()
    {
        const Run r = runTaskdeck({QStringLiteral("--headless"), QStringLiteral("--database-url"),
                                   QStringLiteral("mysql://x@y/z")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("invalid database URL")), qPrintable(r.err));
    }

    void loginBanOptionsAreChecked()
    {
        const QList<QPair<QStringList, QString>> cases = {
            {{QStringLiteral("--login-max-failures"), QStringLiteral("0")},
             QStringLiteral("invalid --login-max-failures (1..1000): 0")},
            {{QStringLiteral("--login-ban-seconds"), QStringLiteral("soon")},
             QStringLiteral("invalid --login-ban-seconds (1..31536000): soon")},
            {{QStringLiteral("--access-token-minutes"), QStringLiteral("0")},
             QStringLiteral("invalid --access-token-minutes (1..1440): 0")},
            {{QStringLiteral("--change-log-max-rows"), QStringLiteral("-1")},
             QStringLiteral("invalid --change-log-max-rows (0..1099511627776): -1")},
            {{QStringLiteral("--change-log-max-age-days"), QStringLiteral("week")},
             QStringLiteral("invalid --change-log-max-age-days (0..36500): week")},
        };
        for (const auto &[args, message] : cases) {
            const Run r = runTaskdeck(QStringList{QStringLiteral("--headless")} + args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.trimmed(), QStringLiteral("taskdeck: ") + message);
        }
        const Run help = runTaskdeck({QStringLiteral("--help")});
        for (const char *option :
             {"--login-max-failures", "--login-ban-seconds", "--access-token-minutes",
              "--change-log-max-rows", "--change-log-max-age-days"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
    }

    void badSecurityOptionsAreClearErrors()
    {
        const QString missing = QStringLiteral("/nonexistent/taskdeck-test.pem");
        const QList<QPair<QStringList, QString>> cases = {
            {{QStringLiteral("--trusted-proxy"), QStringLiteral("10.0.0.0/99")},
             QStringLiteral("--trusted-proxy: invalid subnet (expected ADDRESS or ADDRESS/PREFIX): "
                            "10.0.0.0/99")},
            {{QStringLiteral("--allowed-host"), QStringLiteral("bad host")},
             QStringLiteral("--allowed-host: invalid host (expected HOST or HOST:PORT): bad host")},
            {{QStringLiteral("--cors-origin"), QStringLiteral("*")},
             QStringLiteral("--cors-origin: invalid origin (expected scheme://host[:port]): *")},
            {{QStringLiteral("--tls-cert"), missing, QStringLiteral("--tls-key"), missing},
             QStringLiteral("--tls-cert: cannot read ") + missing},
            {{QStringLiteral("--tls-cert"), missing},
             QStringLiteral("--tls-cert and --tls-key must be given together")},
            {{QStringLiteral("--max-body-bytes"), QStringLiteral("0")},
             QStringLiteral("invalid --max-body-bytes (1..1073741824): 0")},
        };
        for (const auto &[args, message] : cases) {
            const Run r = runTaskdeck(QStringList{QStringLiteral("--headless")} + args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.trimmed(), QStringLiteral("taskdeck: ") + message);
        }
        const Run help = runTaskdeck({QStringLiteral("--help")});
        for (const char *option : {"--cors-origin", "--allowed-host", "--trusted-proxy",
                                   "--tls-cert", "--tls-key", "--max-body-bytes"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
    }

    void securityOptionsReachTheServer()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        for (const char *name : {"a", "b"}) {
            QProcess openssl;
            openssl.start(
                QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-days"), QStringLiteral("1"),
                 QStringLiteral("-keyout"),
                 dir.filePath(QLatin1String(name) + QStringLiteral(".key")), QStringLiteral("-out"),
                 dir.filePath(QLatin1String(name) + QStringLiteral(".crt"))});
            if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
                QSKIP("openssl could not make a certificate");
        }
        const QString cert = dir.filePath(QStringLiteral("a.crt"));
        // A key that does not belong to the certificate: refused at start.
        const Run mismatch = runTaskdeck(
            {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
             QStringLiteral("--database-url"), db.url(), QStringLiteral("--admin-password"),
             kPassword, QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"),
             dir.filePath(QStringLiteral("b.key"))});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains(QStringLiteral("TLS handshake with the given certificate")),
                 qPrintable(mismatch.err));

        QProcess server;
        server.start(QStringLiteral(TASKDECK_BINARY),
                     {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--database-url"), db.url(), QStringLiteral("--tls-cert"),
                      cert, QStringLiteral("--tls-key"), dir.filePath(QStringLiteral("a.key")),
                      QStringLiteral("--allowed-host"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--cors-origin"), QStringLiteral("http://localhost:5173"),
                      QStringLiteral("--trusted-proxy"), QStringLiteral("10.0.0.0/8")});
        QVERIFY(server.waitForStarted());
        QString out;
        QRegularExpressionMatch m;
        const QRegularExpression listening(QStringLiteral("API listening on (https://\\S+)"));
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                                  (m = listening.match(out)).hasMatch()),
                                 20000);
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m.captured(1) + QStringLiteral("/api/health")));
        request.setRawHeader("Origin", "http://localhost:5173");
        QNetworkReply *reply = nam.get(request);
        reply->ignoreSslErrors(
            {QSslError(QSslError::SelfSignedCertificate, QSslCertificate::fromPath(cert).first())});
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->rawHeader("Access-Control-Allow-Origin"),
                 QByteArray("http://localhost:5173"));
        reply->deleteLater();
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
    }

    void metricsPublicOptionOpensMetrics()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QProcess server;
        server.start(QStringLiteral(TASKDECK_BINARY),
                     {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--database-url"), db.url(),
                      QStringLiteral("--admin-password"), kPassword,
                      QStringLiteral("--metrics-public")});
        QVERIFY(server.waitForStarted());
        QString out;
        QRegularExpressionMatch m;
        const QRegularExpression listening(QStringLiteral("API listening on (http://\\S+)"));
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                                  (m = listening.match(out)).hasMatch()),
                                 20000);
        QNetworkAccessManager nam;
        QNetworkReply *reply =
            nam.get(QNetworkRequest(QUrl(m.captured(1) + QStringLiteral("/metrics"))));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("\ntaskdeck_build_info{"));
        reply->deleteLater();
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
    }

    void serverReadsItsConfigurationFile()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        const QString passwordFile = dir.filePath(QStringLiteral("initial-admin-password"));
        const QString config = dir.filePath(QStringLiteral("taskdeck.conf"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("; as in /etc/taskdeck/taskdeck.conf\n"
                "database-url=\"" +
                db.url().toUtf8() +
                "\"\n"
                "bind=127.0.0.1\n"
                "port=0\n"
                "admin-password-file=" +
                passwordFile.toUtf8() + "\n");
        f.close();

        QProcess server;
        server.start(QStringLiteral(TASKDECK_SERVER_BINARY), {QStringLiteral("--config"), config});
        QVERIFY(server.waitForStarted());
        QString out;
        QRegularExpressionMatch m;
        const QRegularExpression listening(QStringLiteral("API listening on (http://\\S+)"));
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                                  (m = listening.match(out)).hasMatch()),
                                 20000);
        const QString base = m.captured(1);
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                                  out.contains(QStringLiteral("Ready in"))),
                                 20000);
        // The generated password went to the file (owner-only), not to the output.
        QVERIFY2(out.contains(QStringLiteral("Created the 'admin' account. Its password is in ") +
                              passwordFile),
                 qPrintable(out));
        QFile pw(passwordFile);
        QCOMPARE(pw.permissions(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                       QFileDevice::ReadUser | QFileDevice::WriteUser);
        QVERIFY(pw.open(QIODevice::ReadOnly));
        const QString password = QString::fromUtf8(pw.readAll()).trimmed();
        QVERIFY(password.size() >= 16);
        QVERIFY(!out.contains(password));

        QNetworkAccessManager nam;
        int status = 0;
        const QJsonObject login =
            request(nam, QStringLiteral("POST"), QUrl(base + QStringLiteral("/api/auth/login")), {},
                    QJsonDocument(QJsonObject{{QStringLiteral("username"), QStringLiteral("admin")},
                                              {QStringLiteral("password"), password}})
                        .toJson(QJsonDocument::Compact),
                    &status);
        QCOMPARE(status, 200);
        QVERIFY(!login.value(QStringLiteral("access_token")).toString().isEmpty());
        server.terminate();
        QVERIFY(server.waitForFinished(10000));

        // A key the command line does not have: a clear error naming the file, exit status 2.
        QVERIFY(f.open(QIODevice::Append));
        f.write("colour=blue\n");
        f.close();
        QProcess bad;
        bad.start(QStringLiteral(TASKDECK_SERVER_BINARY), {QStringLiteral("--config"), config});
        QVERIFY(bad.waitForFinished(20000));
        QCOMPARE(bad.exitCode(), 2);
        QCOMPARE(QString::fromUtf8(bad.readAllStandardError()).trimmed(),
                 QStringLiteral("taskdeck-server: %1: unknown option 'colour'").arg(config));

        QProcess version;
        version.start(QStringLiteral(TASKDECK_SERVER_BINARY), {QStringLiteral("--version")});
        QVERIFY(version.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(version.readAllStandardOutput()),
                 QStringLiteral("taskdeck-server " TASKDECK_VERSION "\n"));
    }

    void importWithBadRowsImportsNothing()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("title,status,priority,cost\r\n"
                "ok one,pending,1,0.5\r\n"
                "bad priority,pending,9,0.5\r\n"
                "ok two,completed,2,1.25\r\n"
                ",pending,1,0\r\n");
        f.close();
        const Run r = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                   QStringLiteral("--admin-password"), kPassword,
                                   QStringLiteral("--import"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("line 3")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("line 5")), qPrintable(r.err));
        // Nothing half-imported: the table is still empty.
        const Run again =
            runTaskdeck({QStringLiteral("--database-url"), db.url(), QStringLiteral("--import"),
                         dir.filePath(QStringLiteral("missing.csv"))});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 0);
    }

    void importSampleThenServeHeadless()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        const QString csvPath =
            qEnvironmentVariable("TASKDECK_SHARED_DIR") + QStringLiteral("/data/tasks-20k.csv");
        QFile csvFile(csvPath);
        if (!csvFile.open(QIODevice::ReadOnly))
            QSKIP("shared/data/tasks-20k.csv not found");
        // Expected totals straight from the file, through the same CSV codec.
        QList<int> lines;
        const auto records = csv::parseRecords(csvFile.readAll(), &lines);
        QVERIFY(std::holds_alternative<QList<QStringList>>(records));
        const QList<QStringList> rows = std::get<QList<QStringList>>(records);
        MoneyE4 expectedCost = 0;
        qint64 expectedCompleted = 0;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const auto task = csv::taskFromRecord(rows[0], rows[i], lines[i], 0);
            QVERIFY(std::holds_alternative<Task>(task));
            expectedCost += std::get<Task>(task).costE4;
            expectedCompleted += std::get<Task>(task).status == TaskStatus::Completed ? 1 : 0;
        }
        const qint64 expectedTotal = rows.size() - 1;
        QCOMPARE(expectedTotal, 20000);

        const Run imported = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                          QStringLiteral("--admin-password"), kPassword,
                                          QStringLiteral("--import"), csvPath});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err + imported.out));
        QVERIFY2(imported.out.contains(QStringLiteral("Imported 20000 tasks")),
                 qPrintable(imported.out));

        QProcess server;
        server.start(QStringLiteral(TASKDECK_BINARY),
                     {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--database-url"), db.url()});
        QVERIFY(server.waitForStarted());
        QString out;
        QRegularExpressionMatch m;
        const QRegularExpression listening(QStringLiteral("API listening on (http://\\S+)"));
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                                  (m = listening.match(out)).hasMatch()),
                                 20000);
        const QString base = m.captured(1);

        QNetworkAccessManager nam;
        int status = 0;
        const QJsonObject login =
            request(nam, QStringLiteral("POST"), QUrl(base + QStringLiteral("/api/auth/login")), {},
                    QJsonDocument(QJsonObject{{QStringLiteral("username"), QStringLiteral("admin")},
                                              {QStringLiteral("password"), kPassword}})
                        .toJson(QJsonDocument::Compact),
                    &status);
        QCOMPARE(status, 200);
        const QByteArray token = login.value(QStringLiteral("access_token")).toString().toLatin1();
        QVERIFY(!token.isEmpty());

        const QJsonObject metrics =
            request(nam, QStringLiteral("GET"), QUrl(base + QStringLiteral("/api/metrics")), token,
                    {}, &status);
        QCOMPARE(status, 200);
        QCOMPARE(metrics.value(QStringLiteral("total_tasks")).toInteger(), expectedTotal);
        // Without --metrics-public, GET /metrics needs an admin's token.
        request(nam, QStringLiteral("GET"), QUrl(base + QStringLiteral("/metrics")), {}, {},
                &status);
        QCOMPARE(status, 401);
        QCOMPARE(metrics.value(QStringLiteral("completed_tasks")).toInteger(), expectedCompleted);
        QCOMPARE(qRound64(metrics.value(QStringLiteral("total_cost")).toDouble() * 10000),
                 expectedCost);

        const QJsonObject list = request(
            nam, QStringLiteral("GET"),
            QUrl(base + QStringLiteral("/api/tasks?status=failed&limit=5&sort=cost&order=asc")),
            token, {}, &status);
        QCOMPARE(status, 200);
        QCOMPARE(list.value(QStringLiteral("limit")).toInt(), 5);
        QVERIFY(list.value(QStringLiteral("total")).toInteger() > 0);

        server.terminate();
        QVERIFY(server.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
