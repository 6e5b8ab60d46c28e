#pragma once

#include "ConnectionPool.h"
#include "DatabaseConfig.h"
#include "User.h"

#include <QFuture>
#include <QSqlDatabase>
#include <QUuid>

#include <QString>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace taskdeck::test {

/// A fresh, empty, migrated database for one test case, on the backend named by
/// TASKDECK_TEST_BACKEND ("sqlite", the default, or "postgres").
/// - sqlite: a file in a temporary directory, deleted with this object.
/// - postgres: a new database `taskdeck_test_<random>` created on the server of
///   TASKDECK_TEST_DATABASE_URL (which must name an existing database to connect to for
///   CREATE DATABASE), dropped with this object.
/// Use on the main thread of a test.
class TestDatabase
{
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    /// False (with skipReason()) when postgres was asked for but TASKDECK_TEST_DATABASE_URL is
    /// unset, or the server could not be reached.
    bool isValid() const { return m_valid; }
    QString skipReason() const { return m_skipReason; }
    bool isPostgres() const { return m_config.driver == DatabaseConfig::Driver::Postgres; }

    const DatabaseConfig &config() const { return m_config; }
    /// "sqlite:///tmp/..." or "postgresql://...": pass to a taskdeck process.
    QString url() const { return m_url; }
    /// A migrated pool on this database (created on first call, size 4).
    ConnectionPool *pool();

    /// Runs one SQL statement on a private connection of the calling thread (for tests that
    /// change rows with plain SQL). Returns false and warns on error.
    bool execSql(const QString &sql);
    /// Runs a query the same way and stores the first column of its first row in `value`
    /// (invalid when no row). Returns false and warns on error.
    bool scalar(const QString &sql, QVariant *value);
    /// The first column of the first row as an integer (e.g. "SELECT COUNT(*) FROM tasks");
    /// -1 on error or no row.
    qint64 count(const QString &sql);
    /// A new connection of the calling thread on this database, for tests that hold several
    /// transactions open at once (e.g. writers committing out of order). `name` must be unique
    /// within this object; the connection is removed with it.
    QSqlDatabase openConnection(const QString &name);

private:
    bool m_valid = false;
    QString m_skipReason;
    DatabaseConfig m_config;
    QString m_url;
    QString m_adminUrl;
    QString m_tempDir;
    std::unique_ptr<ConnectionPool> m_pool;
    QString m_execPrefix;          ///< unique per object: execSql connections of this database
    QStringList m_execConnections; ///< removed (on the thread of the destructor) at the end
};

/// Waits for a service future and returns its result (tests only: product code never blocks).
template <typename T> T wait(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

/// How many times slower than usual this build runs the tests: TASKDECK_TIMEOUT_SCALE, set by
/// tests/CMakeLists.txt (1; 4 in sanitizer builds). For a test's own settle delays, which a
/// slower build must stretch as CTest stretches its time limits.
inline int timeScale()
{
    return std::max(1, qEnvironmentVariableIntValue("TASKDECK_TIMEOUT_SCALE"));
}

/// A principal with the operator role (may read and write tasks), username "ana".
inline Principal operatorUser()
{
    return Principal{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
}

} // namespace taskdeck::test

namespace taskdeck::test {
/// True in a PostgreSQL variant (TASKDECK_TEST_BACKEND=postgres) run by the test command, which
/// sets TASKDECK_TEST_REQUIRE_POSTGRES=1: there an unusable database (URL unset, malformed,
/// server unreachable) fails the test instead of skipping it, so CTest cannot count it as passed.
inline bool unusableDatabaseFails()
{
    return qEnvironmentVariableIntValue("TASKDECK_TEST_REQUIRE_POSTGRES") == 1 &&
           qEnvironmentVariable("TASKDECK_TEST_BACKEND") == QLatin1String("postgres");
}
} // namespace taskdeck::test

/// In a QtTest slot: the test database cannot be used for `reason` (a QString); skips, or fails
/// where unusableDatabaseFails().
#define TASKDECK_SKIP_DB(reason)                                                                   \
    do {                                                                                           \
        if (taskdeck::test::unusableDatabaseFails())                                               \
            QFAIL(qPrintable(reason));                                                             \
        QSKIP(qPrintable(reason));                                                                 \
    } while (false)

/// In a QtTest slot: skips (or fails, see TASKDECK_SKIP_DB) unless the test database is usable.
#define TASKDECK_REQUIRE_DB(db)                                                                    \
    do {                                                                                           \
        if (!(db).isValid())                                                                       \
            TASKDECK_SKIP_DB((db).skipReason());                                                   \
    } while (false)
