// End-to-end: the taskdeck binary's command line, import and headless API, on SQLite and
// PostgreSQL, through real processes and real HTTP.
#include "TaskCsv.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslError>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>

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

// --- Retention and backup (issue 12) ------------------------------------------------------

constexpr qint64 kDayMs = 86400000;

/// A JSON Lines import file: 12 finished tasks last changed 40 days ago (4 per finished status),
/// 3 pending tasks as old, 5 completed yesterday. Returns the old finished ids.
QSet<QString> writeRetentionImport(const QString &path)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSet<QString> oldFinished;
    QByteArray lines;
    const auto line = [&lines](const QString &id, const char *status, qint64 updated, int i) {
        QJsonObject task{
            {QStringLiteral("id"), id},
            {QStringLiteral("title"), QStringLiteral("retention %1").arg(i)},
            {QStringLiteral("status"), QLatin1String(status)},
            {QStringLiteral("category"), i % 2 ? QStringLiteral("ops") : QStringLiteral("billing")},
            {QStringLiteral("cost"), 1.25 * i},
            {QStringLiteral("created_at"),
             QDateTime::fromMSecsSinceEpoch(updated - 60000, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("updated_at"),
             QDateTime::fromMSecsSinceEpoch(updated, Qt::UTC).toString(Qt::ISODateWithMs)}};
        if (qstrcmp(status, "pending") != 0) {
            task.insert(QStringLiteral("started_at"),
                        QDateTime::fromMSecsSinceEpoch(updated - 30000, Qt::UTC)
                            .toString(Qt::ISODateWithMs));
            task.insert(
                QStringLiteral("completed_at"),
                QDateTime::fromMSecsSinceEpoch(updated, Qt::UTC).toString(Qt::ISODateWithMs));
        }
        lines += QJsonDocument(task).toJson(QJsonDocument::Compact) + '\n';
    };
    int i = 0;
    for (const char *status : {"completed", "failed", "cancelled"}) {
        for (int k = 0; k < 4; ++k, ++i) {
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            oldFinished.insert(id);
            line(id, status, now - 40 * kDayMs - i * 1000, i);
        }
    }
    for (int k = 0; k < 3; ++k, ++i)
        line(QUuid::createUuid().toString(QUuid::WithoutBraces), "pending",
             now - 40 * kDayMs - i * 1000, i);
    for (int k = 0; k < 5; ++k, ++i)
        line(QUuid::createUuid().toString(QUuid::WithoutBraces), "completed", now - kDayMs - i, i);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(lines);
    return oldFinished;
}

/// Audit entries by plain SQL: 3 older than 90 days, 2 from today.
bool seedAudit(test::TestDatabase &db)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 5; ++i) {
        const qint64 at = i < 3 ? now - 100 * kDayMs - i : now - i;
        if (!db.execSql(QStringLiteral("INSERT INTO audit_log (at, username, action, target) "
                                       "VALUES (%1, 'ana', 'task.delete', 'x%2')")
                            .arg(at)
                            .arg(i)))
            return false;
    }
    return true;
}

QString loginAndGetToken(QNetworkAccessManager &nam, const QString &base)
{
    int status = 0;
    const QJsonObject login =
        request(nam, QStringLiteral("POST"), QUrl(base + QStringLiteral("/api/auth/login")), {},
                QJsonDocument(QJsonObject{{QStringLiteral("username"), QStringLiteral("admin")},
                                          {QStringLiteral("password"), kPassword}})
                    .toJson(QJsonDocument::Compact),
                &status);
    return status == 200 ? login.value(QStringLiteral("access_token")).toString() : QString();
}

/// Starts a headless server; returns its base URL (empty on failure).
QString startServer(QProcess &server, const QStringList &args)
{
    server.start(
        QStringLiteral(TASKDECK_BINARY),
        QStringList{QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")} +
            args);
    if (!server.waitForStarted())
        return {};
    QString out;
    const QRegularExpression listening(QStringLiteral("API listening on (http://\\S+)"));
    QRegularExpressionMatch m;
    const bool ended = QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(server.readAllStandardOutput());
            m = listening.match(out);
            return m.hasMatch() || server.state() == QProcess::NotRunning;
        },
        20000);
    return ended && m.hasMatch() ? m.captured(1) : QString();
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
                ",pending,1,0\r\n"
                "three errors,unknown,x,y\r\n");
        f.close();
        const Run r = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                   QStringLiteral("--admin-password"), kPassword,
                                   QStringLiteral("--import"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("line 3")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("line 5")), qPrintable(r.err));
        // The summary counts rows (a row with three field errors is one), then lists the errors.
        QVERIFY2(r.err.contains(QStringLiteral("Nothing imported: 3 row(s) of 5 failed "
                                               "validation.")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("line 6, status: ")) &&
                     r.err.contains(QStringLiteral("line 6, priority: ")) &&
                     r.err.contains(QStringLiteral("line 6, cost: ")),
                 qPrintable(r.err));
        // Nothing half-imported: the table is still empty.
        const Run again =
            runTaskdeck({QStringLiteral("--database-url"), db.url(), QStringLiteral("--import"),
                         dir.filePath(QStringLiteral("missing.csv"))});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 0);
    }

    void importOverlongLineOrGarbageEndsWithAClearError()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        // A 6 MiB line (over the 4 MiB record limit) between good lines: a row error by line.
        const QString longPath = dir.filePath(QStringLiteral("long.jsonl"));
        QFile longFile(longPath);
        QVERIFY(longFile.open(QIODevice::WriteOnly));
        longFile.write("{\"title\":\"a\"}\n{\"title\":\"" + QByteArray(6 << 20, 'x') +
                       "\"}\n{\"title\":\"c\"}\n");
        longFile.close();
        const Run overlong = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                          QStringLiteral("--admin-password"), kPassword,
                                          QStringLiteral("--import"), longPath});
        QCOMPARE(overlong.exitCode, 1);
        QVERIFY2(overlong.err.contains(QStringLiteral("Nothing imported: 1 row(s) of 3 failed "
                                                      "validation.")),
                 qPrintable(overlong.err));
        QVERIFY2(overlong.err.contains(QStringLiteral("line 2: Record is longer than 4194304 "
                                                      "bytes (the import limit); skipped")),
                 qPrintable(overlong.err));

        // Bytes that are not CSV text: the file is refused naming the line.
        const QString garbagePath = dir.filePath(QStringLiteral("garbage.csv"));
        QFile garbage(garbagePath);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("title,status\r\nfine,pending\r\n\xff\xfe\x01garbage\r\n");
        garbage.close();
        const Run bad = runTaskdeck(
            {QStringLiteral("--database-url"), db.url(), QStringLiteral("--import"), garbagePath});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("Malformed CSV: Line 3: the file is not valid "
                                                 "UTF-8")),
                 qPrintable(bad.err));
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

    // --- Retention and backup (issue 12) --------------------------------------------------

    void retentionOptionsAreChecked()
    {
        QTemporaryDir dir;
        const QString existing = dir.filePath(QStringLiteral("exists"));
        QFile touch(existing);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.close();
        const QString fresh = dir.filePath(QStringLiteral("fresh"));
        const QList<QPair<QStringList, QString>> cases = {
            {{QStringLiteral("--dry-run")},
             QStringLiteral("--dry-run needs --purge-finished-older-than or "
                            "--purge-audit-older-than")},
            {{QStringLiteral("--archive"), fresh},
             QStringLiteral("--archive needs --purge-finished-older-than")},
            {{QStringLiteral("--purge-finished-older-than"), QStringLiteral("30"),
              QStringLiteral("--dry-run"), QStringLiteral("--archive"), fresh},
             QStringLiteral("--archive and --dry-run exclude each other (a dry run removes "
                            "nothing, so archives nothing)")},
            {{QStringLiteral("--purge-finished-older-than"), QStringLiteral("30"),
              QStringLiteral("--archive"), existing},
             QStringLiteral("--archive: ") + existing + QStringLiteral(" exists already")},
            {{QStringLiteral("--retain-finished-days"), QStringLiteral("-1")},
             QStringLiteral("invalid --retain-finished-days (0..36500): -1")},
            {{QStringLiteral("--retain-audit-days"), QStringLiteral("36501")},
             QStringLiteral("invalid --retain-audit-days (0..36500): 36501")},
            {{QStringLiteral("--purge-audit-older-than"), QStringLiteral("soon")},
             QStringLiteral("invalid --purge-audit-older-than (0..36500): soon")},
            {{QStringLiteral("--purge-finished-older-than"), QStringLiteral("1.5")},
             QStringLiteral("invalid --purge-finished-older-than (0..36500): 1.5")},
            {{QStringLiteral("--backup"), existing},
             QStringLiteral("--backup: ") + existing + QStringLiteral(" exists already")},
            {{QStringLiteral("--backup"), fresh, QStringLiteral("--purge-audit-older-than"),
              QStringLiteral("9")},
             QStringLiteral("--import, --purge-* and --backup are separate commands: give one at "
                            "a time")},
            {{QStringLiteral("--backup"), fresh, QStringLiteral("--database-url"),
              QStringLiteral("postgresql://u@127.0.0.1:1/x")},
             QStringLiteral("--backup copies SQLite databases; back up PostgreSQL with pg_dump "
                            "(docs/BACKUP.md)")},
        };
        for (const auto &[args, message] : cases) {
            const Run r = runTaskdeck(QStringList{QStringLiteral("--headless")} + args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.trimmed(), QStringLiteral("taskdeck: ") + message);
        }
        QVERIFY(!QFileInfo::exists(fresh));
        const Run help = runTaskdeck({QStringLiteral("--help")});
        for (const char *option :
             {"--retain-finished-days", "--retain-audit-days", "--purge-finished-older-than",
              "--purge-audit-older-than", "--dry-run", "--archive", "--backup"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
    }

    void purgeFromTheCommandLine()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("tasks.jsonl"));
        const QSet<QString> oldFinished = writeRetentionImport(file);
        const Run imported = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                          QStringLiteral("--admin-password"), kPassword,
                                          QStringLiteral("--import"), file});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err + imported.out));
        QVERIFY(seedAudit(db));
        const QString totals = QStringLiteral(
            "SELECT (SELECT SUM(task_count) FROM task_stats_current) = (SELECT COUNT(*) FROM "
            "tasks) AND (SELECT SUM(cost_e4_sum) FROM task_stats_current) = (SELECT "
            "SUM(cost_e4) FROM tasks)");

        // Dry run: the summary, and nothing removed.
        const Run dry =
            runTaskdeck({QStringLiteral("--database-url"), db.url(),
                         QStringLiteral("--purge-finished-older-than"), QStringLiteral("30"),
                         QStringLiteral("--purge-audit-older-than"), QStringLiteral("90"),
                         QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.err + dry.out));
        QVERIFY2(dry.out.contains(QStringLiteral("Dry run: would remove 12 finished task(s) not "
                                                 "changed since ")),
                 qPrintable(dry.out));
        QVERIFY2(dry.out.contains(QStringLiteral("(completed 4, failed 4, cancelled 4; from ")),
                 qPrintable(dry.out));
        QVERIFY2(dry.out.contains(QStringLiteral("Dry run: would remove 3 audit entr(ies) older "
                                                 "than ")),
                 qPrintable(dry.out));
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 20);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 5);

        // The purge, with an archive of the removed tasks.
        const QString archive = dir.filePath(QStringLiteral("archive.jsonl"));
        const Run purged =
            runTaskdeck({QStringLiteral("--database-url"), db.url(),
                         QStringLiteral("--purge-finished-older-than"), QStringLiteral("30"),
                         QStringLiteral("--purge-audit-older-than"), QStringLiteral("90"),
                         QStringLiteral("--archive"), archive});
        QVERIFY2(purged.exitCode == 0, qPrintable(purged.err + purged.out));
        QVERIFY2(purged.out.contains(QStringLiteral("Removed 12 finished task(s) not changed "
                                                    "since ")),
                 qPrintable(purged.out));
        QVERIFY2(purged.out.contains(QStringLiteral(") in 1 batch(es) of at most 100, ")),
                 qPrintable(purged.out));
        QVERIFY2(purged.out.contains(QStringLiteral("Archived them to ") + archive),
                 qPrintable(purged.out));
        QVERIFY2(purged.out.contains(QStringLiteral("Removed 3 audit entr(ies) older than ")),
                 qPrintable(purged.out));
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 8);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status = 'pending'")),
                 3);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 2);
        QVariant exact;
        QVERIFY(db.scalar(totals, &exact));
        QCOMPARE(exact.toBool(), true);
        QFile archived(archive);
        QVERIFY(archived.open(QIODevice::ReadOnly));
        QSet<QString> archivedIds;
        for (const QByteArray &line : archived.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject task = QJsonDocument::fromJson(line).object();
            archivedIds.insert(task.value(QStringLiteral("id")).toString());
            QVERIFY(task.value(QStringLiteral("title"))
                        .toString()
                        .startsWith(QStringLiteral("retention ")));
        }
        QCOMPARE(archivedIds, oldFinished);

        // Nothing left to do; the archive is never overwritten.
        const Run again =
            runTaskdeck({QStringLiteral("--database-url"), db.url(),
                         QStringLiteral("--purge-finished-older-than"), QStringLiteral("30")});
        QVERIFY2(again.out.contains(QStringLiteral("Removed 0 finished task(s)")),
                 qPrintable(again.out));
        const Run overwrite =
            runTaskdeck({QStringLiteral("--database-url"), db.url(),
                         QStringLiteral("--purge-finished-older-than"), QStringLiteral("30"),
                         QStringLiteral("--archive"), archive});
        QCOMPARE(overwrite.exitCode, 2);
    }

    void scheduledRetentionInTheServer()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("tasks.jsonl"));
        writeRetentionImport(file);
        const Run imported = runTaskdeck({QStringLiteral("--database-url"), db.url(),
                                          QStringLiteral("--admin-password"), kPassword,
                                          QStringLiteral("--import"), file});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err + imported.out));
        QVERIFY(seedAudit(db));

        QProcess server;
        const QString base =
            startServer(server, {QStringLiteral("--database-url"), db.url(),
                                 QStringLiteral("--retain-finished-days"), QStringLiteral("30"),
                                 QStringLiteral("--retain-audit-days"), QStringLiteral("90")});
        QVERIFY(!base.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 8, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 2,
                                  20000);
        QNetworkAccessManager nam;
        const QByteArray token = loginAndGetToken(nam, base).toLatin1();
        QVERIFY(!token.isEmpty());
        int status = 0;
        const QJsonObject metrics =
            request(nam, QStringLiteral("GET"), QUrl(base + QStringLiteral("/api/metrics")), token,
                    {}, &status);
        QCOMPARE(status, 200);
        QCOMPARE(metrics.value(QStringLiteral("total_tasks")).toInteger(), 8);
        QCOMPARE(metrics.value(QStringLiteral("completed_tasks")).toInteger(), 5);
        QCOMPARE(metrics.value(QStringLiteral("failed_tasks")).toInteger(), 0);
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        const QString log = QString::fromUtf8(server.readAllStandardError());
        QVERIFY2(log.contains(QStringLiteral("retention: removed 12 finished tasks")),
                 qPrintable(log));
    }

    void backupDuringWritesRestores()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("backup.db"));
        if (db.isPostgres()) {
            // PostgreSQL is backed up with pg_dump (docs/BACKUP.md): a clear refusal.
            const Run r = runTaskdeck(
                {QStringLiteral("--database-url"), db.url(), QStringLiteral("--backup"), copy});
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.trimmed(),
                     QStringLiteral("taskdeck: --backup copies SQLite databases; back up "
                                    "PostgreSQL with pg_dump (docs/BACKUP.md)"));
            QVERIFY(!QFileInfo::exists(copy));
            return;
        }
        QProcess server;
        const QString base = startServer(server, {QStringLiteral("--database-url"), db.url(),
                                                  QStringLiteral("--admin-password"), kPassword});
        QVERIFY(!base.isEmpty());
        QNetworkAccessManager nam;
        const QByteArray token = loginAndGetToken(nam, base).toLatin1();
        QVERIFY(!token.isEmpty());

        // Writers: 4 creates in flight at any time until told to stop; every 201 is recorded.
        QStringList acknowledged;
        int inFlight = 0;
        int next = 0;
        bool stop = false;
        std::function<void()> post = [&] {
            QNetworkRequest req(QUrl(base + QStringLiteral("/api/tasks")));
            req.setRawHeader("Authorization", "Bearer " + token);
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            QNetworkReply *reply =
                nam.post(req, QJsonDocument(QJsonObject{{QStringLiteral("title"),
                                                         QStringLiteral("backup %1").arg(next++)}})
                                  .toJson(QJsonDocument::Compact));
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, &nam, [&, reply] {
                --inFlight;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201)
                    acknowledged.append(QJsonDocument::fromJson(reply->readAll())
                                            .object()
                                            .value(QStringLiteral("id"))
                                            .toString());
                reply->deleteLater();
                if (!stop)
                    post();
            });
        };
        for (int i = 0; i < 4; ++i)
            post();
        QTRY_VERIFY_WITH_TIMEOUT(acknowledged.size() >= 300, 60000);

        // Everything acknowledged so far must be in the copy; writes go on during the backup.
        const QStringList before = acknowledged;
        QProcess backup;
        backup.start(QStringLiteral(TASKDECK_BINARY), {QStringLiteral("--database-url"), db.url(),
                                                       QStringLiteral("--backup"), copy});
        QVERIFY(backup.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return backup.state() == QProcess::NotRunning; }, 60000));
        const qsizetype duringOrBefore = acknowledged.size();
        stop = true;
        QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 10000);
        const QString backupOut = QString::fromUtf8(backup.readAllStandardOutput());
        QVERIFY2(backup.exitCode() == 0,
                 qPrintable(backupOut + QString::fromUtf8(backup.readAllStandardError())));
        QVERIFY2(backupOut.contains(QStringLiteral("Backed up ")), qPrintable(backupOut));
        QVERIFY2(duringOrBefore > before.size(), "no write was acknowledged during the backup");

        {
            QSqlDatabase copyDb =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("copy"));
            copyDb.setDatabaseName(copy);
            QVERIFY(copyDb.open());
            QSqlQuery check(copyDb);
            QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
            QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
            QVERIFY(!check.next());
            QSet<QString> ids;
            QSqlQuery rows(copyDb);
            QVERIFY(rows.exec(QStringLiteral("SELECT id FROM tasks")));
            while (rows.next())
                ids.insert(rows.value(0).toString());
            for (const QString &id : before)
                QVERIFY2(ids.contains(id), qPrintable(id));
            // The copy's totals are its rows' (the statistics were copied in the same snapshot).
            QVERIFY(check.exec(QStringLiteral(
                        "SELECT (SELECT SUM(task_count) FROM task_stats_current) = (SELECT "
                        "COUNT(*) FROM tasks)")) &&
                    check.next());
            QCOMPARE(check.value(0).toInt(), 1);
            copyDb.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("copy"));
        server.terminate();
        QVERIFY(server.waitForFinished(10000));

        // Restore = serve the copy: Taskdeck starts on it and lists every task it holds.
        QProcess restored;
        const QString restoredBase = startServer(
            restored, {QStringLiteral("--database-url"), QStringLiteral("sqlite://") + copy});
        QVERIFY(!restoredBase.isEmpty());
        QNetworkAccessManager nam2;
        const QByteArray token2 = loginAndGetToken(nam2, restoredBase).toLatin1();
        QVERIFY(!token2.isEmpty());
        int status = 0;
        const QJsonObject list =
            request(nam2, QStringLiteral("GET"),
                    QUrl(restoredBase + QStringLiteral("/api/tasks?limit=1")), token2, {}, &status);
        QCOMPARE(status, 200);
        QVERIFY(list.value(QStringLiteral("total")).toInteger() >= before.size());
        restored.terminate();
        QVERIFY(restored.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
