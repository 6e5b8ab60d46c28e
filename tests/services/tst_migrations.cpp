// Migrations: the statement splitter, the embedded list, idempotent and concurrent migrate().
#include "ConnectionPool.h"
#include "Migrations.h"
#include "TestDatabase.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void splitsPlainStatements()
    {
        const QStringList statements = migrations::splitStatements(
            QStringLiteral("-- header; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT ';');\n"
                           "/* block; comment */ INSERT INTO a VALUES ('it''s; fine');\n\n  ;\n"
                           "SELECT \"odd;name\" FROM a"));
        QCOMPARE(statements.size(), 3);
        QVERIFY(statements.at(0).endsWith(QStringLiteral("CREATE TABLE a (x TEXT DEFAULT ';')")));
        QVERIFY(statements.at(1).endsWith(QStringLiteral("INSERT INTO a VALUES ('it''s; fine')")));
        QCOMPARE(statements.at(2), QStringLiteral("SELECT \"odd;name\" FROM a"));
    }

    void keepsTriggerAndDollarBodiesWhole()
    {
        const QStringList statements = migrations::splitStatements(
            QStringLiteral("CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
                           "  UPDATE b SET n = CASE WHEN NEW.x = 'end' THEN 1 ELSE 2 END;\n"
                           "  DELETE FROM c;\nEND;\n"
                           "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                           "BEGIN IF TRUE THEN PERFORM 1; END IF; RETURN NULL; END\n$body$;\n"
                           "CREATE FUNCTION g() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
                           "SELECT CASE WHEN 1 = 1 THEN 'a' END AS backend_end;"));
        QCOMPARE(statements.size(), 4);
        QVERIFY(statements.at(0).startsWith(QStringLiteral("CREATE TRIGGER t")));
        QVERIFY(statements.at(0).endsWith(QStringLiteral("END")));
        QVERIFY(statements.at(0).contains(QStringLiteral("DELETE FROM c;")));
        QVERIFY(statements.at(1).endsWith(QStringLiteral("$body$")));
        QVERIFY(statements.at(2).endsWith(QStringLiteral("LANGUAGE sql")));
        QVERIFY(statements.at(3).startsWith(QStringLiteral("SELECT CASE")));
    }

    void embeddedMigrationsPerDriver()
    {
        const QList<migrations::Migration> sqlite =
            migrations::available(DatabaseConfig::Driver::Sqlite);
        const QList<migrations::Migration> postgres =
            migrations::available(DatabaseConfig::Driver::Postgres);
        QVERIFY(!sqlite.isEmpty());
        QCOMPARE(sqlite.size(), postgres.size());
        QCOMPARE(sqlite.first().version, 1);
        QCOMPARE(sqlite.first().name, QStringLiteral("tasks"));
        QCOMPARE(sqlite.first().resourcePath, QStringLiteral(":/migrations/001_tasks.sqlite.sql"));
        QCOMPARE(postgres.first().resourcePath,
                 QStringLiteral(":/migrations/001_tasks.postgres.sql"));
        for (qsizetype i = 1; i < sqlite.size(); ++i)
            QVERIFY(sqlite.at(i).version > sqlite.at(i - 1).version);
    }

    void migrateIsIdempotentAndConcurrent()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        // Three pools (like three instances) migrating the same fresh database at once.
        std::unique_ptr<ConnectionPool> pools[3];
        QList<QFuture<VoidResult>> futures;
        for (auto &pool : pools) {
            pool = std::make_unique<ConnectionPool>(db.config(), 2);
            futures << pool->migrate();
        }
        for (QFuture<VoidResult> &future : futures) {
            const VoidResult result = wait(future);
            QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        }
        // and again, sequentially, through the test pool
        QVERIFY(wait(db.pool()->migrate()).ok());
        QVERIFY(wait(db.pool()->migrate()).ok());

        const qsizetype expected = migrations::available(db.config().driver).size();
        const Result<qint64> recorded =
            wait(db.pool()->run<qint64>([](QSqlDatabase &conn) -> Result<qint64> {
                QSqlQuery query(conn);
                if (!query.exec(QStringLiteral(
                        "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations")) ||
                    !query.next() || query.value(0) != query.value(1))
                    return ServiceError::internal();
                return query.value(0).toLongLong();
            }));
        QVERIFY(recorded.ok());
        QCOMPARE(recorded.value(), qint64(expected));
    }

    void writePathIndexesTakeNoEntryForUnsetValues()
    {
        // Migration 007: positions and completion times are indexed only where set, so a create
        // (no position yet, not completed) adds no entry to either index.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QVERIFY(db.pool()); // migrated
        if (db.isPostgres()) {
            QCOMPARE(db.count(QStringLiteral(
                         "SELECT COUNT(*) FROM pg_indexes WHERE (indexname = "
                         "'task_changes_seq_idx' AND indexdef LIKE 'CREATE UNIQUE INDEX %WHERE "
                         "(seq IS NOT NULL)') OR (indexname = 'tasks_completed_idx' AND indexdef "
                         "LIKE '%WHERE (completed_at IS NOT NULL)')")),
                     qint64(2));
            QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN "
                                             "('task_changes_at_idx', 'task_changes_seq_key')")),
                     qint64(0));
        } else {
            QCOMPARE(db.count(QStringLiteral(
                         "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tasks_completed_idx' "
                         "AND sql LIKE '%WHERE completed_at IS NOT NULL'")),
                     qint64(1));
            QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                             "'task_changes_at_idx'")),
                     qint64(0));
        }
    }

    void auditEntriesWrittenBefore009GetDistinctUuids()
    {
        // Migration 009 gives every audit entry a public UUID: rows that existed before it get
        // one each. Re-run its backfill over entries written without one.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QVERIFY(db.pool());
        for (int i = 0; i < 50; ++i)
            QVERIFY(db.execSql(QStringLiteral("INSERT INTO audit_log (at, username, action, "
                                              "target) VALUES (%1, 'ana', 'task.delete', 'x')")
                                   .arg(i)));
        QFile file(db.isPostgres() ? QStringLiteral(":/migrations/009_audit_ids.postgres.sql")
                                   : QStringLiteral(":/migrations/009_audit_ids.sqlite.sql"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QStringList statements = migrations::splitStatements(QString::fromUtf8(file.readAll()));
        QVERIFY(db.execSql(db.isPostgres()
                               ? QStringLiteral("ALTER TABLE audit_log DROP COLUMN "
                                                "public_id")
                               : QStringLiteral("UPDATE audit_log SET public_id = ''")));
        if (!db.isPostgres())
            statements.removeFirst(); // the column is there; only the backfill runs again
        for (const QString &statement : statements)
            QVERIFY2(db.execSql(statement), qPrintable(statement));
        const QString canonical =
            db.isPostgres() ? QStringLiteral("CAST(public_id AS text) ~ "
                                             "'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]"
                                             "{3}-[0-9a-f]{12}$'")
                            : QStringLiteral("public_id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
                                             "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f]"
                                             "[0-9a-f][0-9a-f]-4[0-9a-f][0-9a-f][0-9a-f]-[89ab]"
                                             "[0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f]"
                                             "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
                                             "[0-9a-f][0-9a-f][0-9a-f]'");
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE ") + canonical),
                 qint64(50));
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(DISTINCT public_id) FROM audit_log")),
                 qint64(50));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
