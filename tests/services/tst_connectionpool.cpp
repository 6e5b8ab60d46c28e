// ConnectionPool: per-thread connections, concurrent jobs from several threads, error mapping
// (Conflict, Timeout, Unavailable), reconnect after a lost PostgreSQL connection.
#include "ConnectionPool.h"
#include "TestDatabase.h"

#include <QMutex>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {
Result<Done> exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return ConnectionPool::mapSqlError(query.lastError(), "test");
    return Done{};
}
} // namespace

class TestConnectionPool : public QObject
{
    Q_OBJECT

private slots:
    void pingAndSize()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QCOMPARE(db.pool()->size(), 4);
        QVERIFY(wait(db.pool()->ping()).ok());
        QTRY_COMPARE(db.pool()->busyConnections(), 0);
    }

    void concurrentJobsFromSeveralThreads()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        ConnectionPool *pool = db.pool();
        QVERIFY(wait(pool->run<Done>([](QSqlDatabase &conn) {
                    return exec(conn, QStringLiteral("CREATE TABLE counter (n INTEGER NOT NULL)"));
                })).ok());
        QVERIFY(wait(pool->run<Done>([](QSqlDatabase &conn) {
                    return exec(conn, QStringLiteral("INSERT INTO counter VALUES (0)"));
                })).ok());

        QMutex mutex;
        QSet<QString> connectionNames;
        QSet<QThread *> threads;
        constexpr int kCallers = 4;
        constexpr int kJobsPerCaller = 50;
        QList<QThread *> callers;
        std::atomic<int> failures = 0;
        for (int c = 0; c < kCallers; ++c) {
            callers << QThread::create([&] {
                QList<QFuture<Result<Done>>> futures;
                for (int j = 0; j < kJobsPerCaller; ++j) {
                    futures << pool->run<Done>([&](QSqlDatabase &conn) -> Result<Done> {
                        {
                            QMutexLocker lock(&mutex);
                            connectionNames.insert(conn.connectionName());
                            threads.insert(QThread::currentThread());
                        }
                        // the connection belongs to this thread
                        if (QSqlDatabase::database(conn.connectionName(), false).isOpen() == false)
                            return ServiceError::internal();
                        return exec(conn, QStringLiteral("UPDATE counter SET n = n + 1"));
                    });
                }
                for (auto &future : futures) {
                    if (!wait(future).ok())
                        ++failures;
                }
            });
            callers.last()->start();
        }
        for (QThread *thread : callers) {
            QVERIFY(thread->wait(120'000));
            delete thread;
        }
        QCOMPARE(failures.load(), 0);
        QVERIFY(connectionNames.size() <= pool->size());
        QCOMPARE(connectionNames.size(), threads.size());
        const Result<qint64> count =
            wait(pool->run<qint64>([](QSqlDatabase &conn) -> Result<qint64> {
                QSqlQuery query(conn);
                if (!query.exec(QStringLiteral("SELECT n FROM counter")) || !query.next())
                    return ServiceError::internal();
                return query.value(0).toLongLong();
            }));
        QCOMPARE(count.value(), qint64(kCallers * kJobsPerCaller));
    }

    void uniqueViolationIsConflict()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        const Result<Done> result =
            wait(db.pool()->run<Done>([](QSqlDatabase &conn) -> Result<Done> {
                if (const auto r =
                        exec(conn, QStringLiteral("CREATE TABLE u (k TEXT PRIMARY KEY)"));
                    !r.ok())
                    return r;
                if (const auto r = exec(conn, QStringLiteral("INSERT INTO u VALUES ('a')"));
                    !r.ok())
                    return r;
                return exec(conn, QStringLiteral("INSERT INTO u VALUES ('a')"));
            }));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ServiceError::Kind::Conflict);
        QVERIFY(!result.error().message.contains(QStringLiteral("INSERT")));

        const Result<Done> broken = wait(db.pool()->run<Done>(
            [](QSqlDatabase &conn) { return exec(conn, QStringLiteral("SELEC nonsense")); }));
        QCOMPARE(broken.error().kind, ServiceError::Kind::Internal);
        QCOMPARE(broken.error().message, QStringLiteral("Internal server error"));
        QVERIFY(wait(db.pool()->ping()).ok()); // the connection is still usable
    }

    void unreachableDatabaseIsUnavailable()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        DatabaseConfig config = db.config();
        if (db.isPostgres()) {
            config.host = QStringLiteral("127.0.0.1");
            config.port = 1; // nothing listens there
        } else {
            config.sqlitePath = QStringLiteral("/proc/taskdeck-no-such-dir/tasks.db");
        }
        ConnectionPool pool(config, 2);
        bool jobRan = false;
        const Result<Done> result = wait(pool.run<Done>([&jobRan](QSqlDatabase &) {
            jobRan = true;
            return Result<Done>(Done{});
        }));
        QVERIFY(!jobRan);
        QCOMPARE(result.error().kind, ServiceError::Kind::Unavailable);
        QCOMPARE(result.error().message, QStringLiteral("Database unavailable"));
        QCOMPARE(wait(pool.ping()).error().kind, ServiceError::Kind::Unavailable);
        QCOMPARE(wait(pool.migrate()).error().kind, ServiceError::Kind::Unavailable);
    }

    void statementTimeoutIsTimeout()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("SQLite has no statement timeout (busy timeout only)");
        DatabaseConfig config = db.config();
        config.statementTimeoutMs = 200;
        ConnectionPool pool(config, 1);
        const Result<Done> slow = wait(pool.run<Done>(
            [](QSqlDatabase &conn) { return exec(conn, QStringLiteral("SELECT pg_sleep(2)")); }));
        QCOMPARE(slow.error().kind, ServiceError::Kind::Timeout);
        QCOMPARE(slow.error().message, QStringLiteral("Database timeout"));
        QVERIFY(wait(pool.ping()).ok());
    }

    void reconnectsAfterLostConnection()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("a lost server connection is a PostgreSQL case");
        ConnectionPool pool(db.config(), 1);
        auto backendPid = [&pool]() -> qint64 {
            const Result<qint64> pid =
                wait(pool.run<qint64>([](QSqlDatabase &conn) -> Result<qint64> {
                    QSqlQuery query(conn);
                    if (!query.exec(QStringLiteral("SELECT pg_backend_pid()")) || !query.next())
                        return ConnectionPool::mapSqlError(query.lastError(), "pid");
                    return query.value(0).toLongLong();
                }));
            return pid.ok() ? pid.value() : -1;
        };
        const qint64 first = backendPid();
        QVERIFY(first > 0);
        QVERIFY(db.execSql(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(first)));
        QTest::qWait(200);
        // the job that meets the dead connection fails as Unavailable (never replayed) ...
        const Result<Done> failed = wait(pool.ping());
        if (failed.ok())
            QFAIL("ping on a terminated connection succeeded");
        QCOMPARE(failed.error().kind, ServiceError::Kind::Unavailable);
        // ... and the next one runs on a fresh connection
        const qint64 second = backendPid();
        QVERIFY(second > 0);
        QVERIFY(second != first);
    }

    void oneFailureAfterServerSideDisconnectOfEveryConnection()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("a lost server connection is a PostgreSQL case");
        ConnectionPool pool(db.config(), 3);
        // open all three connections: three jobs that overlap in time
        QList<QFuture<VoidResult>> warm;
        for (int i = 0; i < 3; ++i) {
            warm << pool.run<Done>([](QSqlDatabase &conn) {
                return exec(conn, QStringLiteral("SELECT pg_sleep(0.3)"));
            });
        }
        for (auto &future : warm)
            QVERIFY(wait(future).ok());
        // the server drops every connection of this database (like a restart)
        QVERIFY(db.execSql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                          "WHERE datname = current_database() AND pid <> "
                                          "pg_backend_pid()")));
        QTest::qWait(200);
        int failures = 0;
        for (int i = 0; i < 12; ++i) {
            const VoidResult result = wait(pool.ping());
            if (!result.ok()) {
                QCOMPARE(result.error().kind, ServiceError::Kind::Unavailable);
                ++failures;
            }
        }
        QCOMPARE(failures, 1); // the first job meets a dead connection; the others check first
    }

    void readsAreRetriedOnceAfterServerSideDisconnect()
    {
        // QA: after the server dropped the window's connections, one read failed with "The
        // database is unavailable" although the database was fine. Reads now run once more on a
        // reopened connection; writes still report the failure (their outcome is unknown).
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("a lost server connection is a PostgreSQL case");
        ConnectionPool pool(db.config(), 1);
        QVERIFY(wait(pool.ping()).ok());
        QVERIFY(db.execSql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                          "WHERE datname = current_database() AND pid <> "
                                          "pg_backend_pid()")));
        QTest::qWait(200);
        int attempts = 0;
        const Result<qint64> read = wait(pool.runRead<qint64>([&attempts](QSqlDatabase &conn) {
            ++attempts;
            QSqlQuery query(conn);
            if (!query.exec(QStringLiteral("SELECT 42")) || !query.next())
                return Result<qint64>(ConnectionPool::mapSqlError(query.lastError(), "test read"));
            return Result<qint64>(query.value(0).toLongLong());
        }));
        QVERIFY(read.ok());
        QCOMPARE(read.value(), 42);
        QCOMPARE(attempts, 2);

        QVERIFY(db.execSql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                          "WHERE datname = current_database() AND pid <> "
                                          "pg_backend_pid()")));
        QTest::qWait(200);
        const VoidResult write = wait(pool.run<Done>(
            [](QSqlDatabase &conn) { return exec(conn, QStringLiteral("SELECT 1")); }));
        QVERIFY(!write.ok());
        QCOMPARE(write.error().kind, ServiceError::Kind::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestConnectionPool)
#include "tst_connectionpool.moc"
