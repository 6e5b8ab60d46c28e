// DatabaseConfig::fromUrl: SQLite and PostgreSQL URLs, decoding, options and errors.
#include "DatabaseConfig.h"

#include <QTest>

using namespace taskdeck;

class TestDatabaseConfig : public QObject
{
    Q_OBJECT

private slots:
    void sqliteUrl()
    {
        const Result<DatabaseConfig> config =
            DatabaseConfig::fromUrl(QStringLiteral("sqlite:///var/lib/task%20deck/tasks.db"));
        QVERIFY(config.ok());
        QCOMPARE(config.value().driver, DatabaseConfig::Driver::Sqlite);
        QCOMPARE(config.value().sqlitePath, QStringLiteral("/var/lib/task deck/tasks.db"));
        QCOMPARE(config.value().qtDriverName(), QStringLiteral("QSQLITE"));
        QCOMPARE(config.value().displayName(),
                 QStringLiteral("SQLite /var/lib/task deck/tasks.db"));
    }

    void postgresUrl()
    {
        const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(
            QStringLiteral("postgresql://us%40er:p%3Ass@db.example:6543/task%20db?sslmode=require"
                           "&statement_timeout=2500&connect_timeout=7"));
        QVERIFY(config.ok());
        const DatabaseConfig &c = config.value();
        QCOMPARE(c.driver, DatabaseConfig::Driver::Postgres);
        QCOMPARE(c.user, QStringLiteral("us@er"));
        QCOMPARE(c.password, QStringLiteral("p:ss"));
        QCOMPARE(c.host, QStringLiteral("db.example"));
        QCOMPARE(c.port, 6543);
        QCOMPARE(c.databaseName, QStringLiteral("task db"));
        QCOMPARE(c.sslMode, QStringLiteral("require"));
        QCOMPARE(c.statementTimeoutMs, 2500);
        QCOMPARE(c.connectTimeoutSeconds, 7);
        QCOMPARE(c.qtDriverName(), QStringLiteral("QPSQL"));
        QCOMPARE(c.displayName(), QStringLiteral("PostgreSQL us@er@db.example:6543/task db"));
        QVERIFY(!c.displayName().contains(QStringLiteral("p:ss")));

        const Result<DatabaseConfig> short_ =
            DatabaseConfig::fromUrl(QStringLiteral("postgres://h/db"));
        QVERIFY(short_.ok());
        QCOMPARE(short_.value().port, 5432);
        QCOMPARE(short_.value().statementTimeoutMs, 5000);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("needle");
        QTest::newRow("scheme") << QStringLiteral("mysql://h/db") << QStringLiteral("scheme");
        QTest::newRow("no db") << QStringLiteral("postgresql://h:5432/")
                               << QStringLiteral("database name");
        QTest::newRow("sqlite no path") << QStringLiteral("sqlite://") << QStringLiteral("path");
        QTest::newRow("sqlite host")
            << QStringLiteral("sqlite://tmp/x.db") << QStringLiteral("three slashes");
        QTest::newRow("option") << QStringLiteral("postgresql://h/db?foo=1")
                                << QStringLiteral("foo");
        QTest::newRow("sslmode") << QStringLiteral("postgresql://h/db?sslmode=maybe")
                                 << QStringLiteral("sslmode");
        QTest::newRow("memory") << QStringLiteral("sqlite::memory:") << QStringLiteral("In-memory");
        QTest::newRow("garbage") << QStringLiteral("::::") << QStringLiteral("URL");
    }

    void errors()
    {
        QFETCH(QString, url);
        QFETCH(QString, needle);
        const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(url);
        QVERIFY(!config.ok());
        QCOMPARE(config.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(config.error().fields.size(), 1);
        QCOMPARE(config.error().fields.first().loc, QStringList{QStringLiteral("database_url")});
        QVERIFY2(config.error().fields.first().msg.contains(needle),
                 qPrintable(config.error().fields.first().msg));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseConfig)
#include "tst_databaseconfig.moc"
