// The command line and the configuration file (--config, /etc/taskdeck/taskdeck.conf for the
// server): which value wins, how INI values map to options, and the errors for bad files.
#include "CommandLine.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace taskdeck;

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

ParsedCommandLine parse(const QStringList &args, Program program = Program::Desktop,
                        const QString &defaultConfig = {})
{
    return parseCommandLine(QStringList{QStringLiteral("taskdeck")} + args, true, program,
                            defaultConfig);
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        for (const char *name :
             {"TASKDECK_DATABASE_URL", "TASKDECK_ADMIN_PASSWORD", "TASKDECK_POOL_SIZE",
              "TASKDECK_GUI_USER", "TASKDECK_GUI_PASSWORD"})
            qunsetenv(name);
    }

    void defaultsWithoutAFile()
    {
        const ParsedCommandLine parsed = parse({});
        QVERIFY(parsed.options);
        QCOMPARE(parsed.configFile, QString());
        QCOMPARE(parsed.options->port, quint16(8000));
        QCOMPARE(parsed.options->bindAddress.toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(parsed.options->poolSize, 8);
        QCOMPARE(parsed.options->adminPasswordFile, QString());
        QCOMPARE(parsed.options->shutdownGraceSeconds, 3);
        QCOMPARE(parsed.options->maxConnections, 1000);
        QCOMPARE(parsed.options->maxConnectionsPerClient, 64);
        QCOMPARE(parsed.options->poolLimits.waitMs, 5000);
        QCOMPARE(parsed.options->poolLimits.queueMax, 1000);
    }

    void fileValuesBecomeOptions()
    {
        QTemporaryDir dir;
        const QString config =
            writeFile(dir, QStringLiteral("taskdeck.conf"),
                      "; a comment\n"
                      "database-url=sqlite:///var/lib/taskdeck/tasks.db\n"
                      "bind=0.0.0.0\n"
                      "port=8081\n"
                      "pool-size=3\n"
                      "max-body-bytes=2048\n"
                      "cors-origin=https://a.example.com, https://b.example.com\n"
                      "allowed-host=taskdeck.example.com\n"
                      "admin-password=\"pass,word\"\n"
                      "admin-password-file=/var/lib/taskdeck/initial-admin-password\n"
                      "login-max-failures=7\n"
                      "access-token-minutes=30\n"
                      "change-log-max-age-days=0\n"
                      "shutdown-grace-seconds=10\n"
                      "max-connections=500\n"
                      "max-connections-per-client=200\n"
                      "pool-wait-ms=0\n"
                      "pool-queue-max=50\n"
                      "headless=true\n");
        const ParsedCommandLine parsed = parse({QStringLiteral("--config"), config});
        QVERIFY(parsed.options);
        const AppOptions &o = *parsed.options;
        QCOMPARE(parsed.configFile, config);
        QCOMPARE(o.database.driver, DatabaseConfig::Driver::Sqlite);
        QCOMPARE(o.database.sqlitePath, QStringLiteral("/var/lib/taskdeck/tasks.db"));
        QCOMPARE(o.bindAddress.toString(), QStringLiteral("0.0.0.0"));
        QCOMPARE(o.port, quint16(8081));
        QCOMPARE(o.poolSize, 3);
        QCOMPARE(o.maxBodyBytes, qint64(2048));
        QCOMPARE(o.corsOrigins, QStringList({QStringLiteral("https://a.example.com"),
                                             QStringLiteral("https://b.example.com")}));
        QCOMPARE(o.allowedHosts, QStringList{QStringLiteral("taskdeck.example.com")});
        QCOMPARE(o.adminPassword, std::optional<QString>(QStringLiteral("pass,word")));
        QCOMPARE(o.adminPasswordFile, QStringLiteral("/var/lib/taskdeck/initial-admin-password"));
        QCOMPARE(o.loginMaxFailures, 7);
        QCOMPARE(o.accessTokenLifetimeSeconds, qint64(30 * 60));
        QCOMPARE(o.changeLogMaxAgeDays, qint64(0));
        QCOMPARE(o.shutdownGraceSeconds, 10);
        QCOMPARE(o.maxConnections, 500);
        QCOMPARE(o.maxConnectionsPerClient, 200);
        QCOMPARE(o.poolLimits.waitMs, 0);
        QCOMPARE(o.poolLimits.queueMax, 50);
        QVERIFY(o.headless);
        QVERIFY(!o.headlessBecauseNoDisplay);
    }

    void commandLineThenEnvironmentThenFile()
    {
        QTemporaryDir dir;
        const QString config = writeFile(dir, QStringLiteral("c.conf"),
                                         "port=8081\npool-size=3\nbind=0.0.0.0\n"
                                         "cors-origin=https://a.example.com\n");
        qputenv("TASKDECK_POOL_SIZE", "5");
        const ParsedCommandLine parsed = parse(
            {QStringLiteral("--port"), QStringLiteral("9000"), QStringLiteral("--config"), config,
             QStringLiteral("--cors-origin"), QStringLiteral("https://c.example.com")});
        qunsetenv("TASKDECK_POOL_SIZE");
        QVERIFY(parsed.options);
        QCOMPARE(parsed.options->port, quint16(9000));                               // command line
        QCOMPARE(parsed.options->poolSize, 5);                                       // environment
        QCOMPARE(parsed.options->bindAddress.toString(), QStringLiteral("0.0.0.0")); // file
        // A repeatable option on the command line replaces the file's list.
        QCOMPARE(parsed.options->corsOrigins, QStringList{QStringLiteral("https://c.example.com")});
        QCOMPARE(parsed.options->maxBodyBytes, qint64(1024 * 1024)); // default
    }

    void serverReadsItsDefaultFileWhenPresent()
    {
        QTemporaryDir dir;
        const QString config = writeFile(dir, QStringLiteral("taskdeck.conf"), "port=8082\n");
        ParsedCommandLine parsed = parse({}, Program::Server, config);
        QVERIFY(parsed.options);
        QCOMPARE(parsed.configFile, config);
        QCOMPARE(parsed.options->port, quint16(8082));
        QVERIFY(parsed.options->headless);
        QVERIFY(!parsed.options->headlessBecauseNoDisplay);

        // Absent: the defaults. --config names another file: that one only.
        parsed = parse({}, Program::Server, dir.filePath(QStringLiteral("missing.conf")));
        QVERIFY(parsed.options);
        QCOMPARE(parsed.configFile, QString());
        QCOMPARE(parsed.options->port, quint16(8000));
        const QString other = writeFile(dir, QStringLiteral("other.conf"), "bind=::1\n");
        parsed = parse({QStringLiteral("--config"), other}, Program::Server, config);
        QVERIFY(parsed.options);
        QCOMPARE(parsed.configFile, other);
        QCOMPARE(parsed.options->port, quint16(8000));
        QCOMPARE(parsed.options->bindAddress.toString(), QStringLiteral("::1"));
    }

    void badFilesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("program");
        QTest::newRow("unknown option") << QByteArray("colour=blue\n") << int(Program::Desktop);
        QTest::newRow("section") << QByteArray("[server]\nport=1\n") << int(Program::Desktop);
        QTest::newRow("help") << QByteArray("help=true\n") << int(Program::Desktop);
        QTest::newRow("config") << QByteArray("config=/x\n") << int(Program::Desktop);
        QTest::newRow("list for one value")
            << QByteArray("admin-password=a,b\n") << int(Program::Desktop);
        QTest::newRow("flag not a boolean")
            << QByteArray("headless=maybe\n") << int(Program::Desktop);
        QTest::newRow("bad value") << QByteArray("port=http\n") << int(Program::Desktop);
        QTest::newRow("negative grace")
            << QByteArray("shutdown-grace-seconds=-1\n") << int(Program::Server);
        QTest::newRow("no connections")
            << QByteArray("max-connections=0\n") << int(Program::Server);
        QTest::newRow("per-client cap not a number")
            << QByteArray("max-connections-per-client=many\n") << int(Program::Server);
        QTest::newRow("negative pool wait")
            << QByteArray("pool-wait-ms=-5\n") << int(Program::Server);
        QTest::newRow("pool queue not a number")
            << QByteArray("pool-queue-max=lots\n") << int(Program::Server);
        QTest::newRow("window option in the server")
            << QByteArray("gui-user=admin\n") << int(Program::Server);
        QTest::newRow("headless in the server")
            << QByteArray("headless=true\n") << int(Program::Server);
    }

    void badFilesAreErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, program);
        QTemporaryDir dir;
        const QString config = writeFile(dir, QStringLiteral("bad.conf"), content);
        const ParsedCommandLine parsed =
            parse({QStringLiteral("--config"), config}, Program(program));
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 2);
    }

    void unreadableFileIsAnError()
    {
        QTemporaryDir dir;
        ParsedCommandLine parsed =
            parse({QStringLiteral("--config"), dir.filePath(QStringLiteral("missing.conf"))});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 2);
        parsed = parse({QStringLiteral("--config"), dir.path()});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 2);
    }

    void falseFlagIsNoFlag()
    {
        QTemporaryDir dir;
        const QString config = writeFile(dir, QStringLiteral("c.conf"), "headless=false\n");
        // noDisplay is true in parse(): headless anyway, but because of the display.
        const ParsedCommandLine parsed = parse({QStringLiteral("--config"), config});
        QVERIFY(parsed.options);
        QVERIFY(parsed.options->headlessBecauseNoDisplay);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
