#include "TestDatabase.h"

#include <QDir>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUuid>

namespace taskdeck::test {

namespace {

/// Opens a private connection (not from the pool) for administrative statements.
QSqlDatabase openAdmin(const DatabaseConfig &config, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(config.qtDriverName(), name);
    if (config.driver == DatabaseConfig::Driver::Sqlite) {
        db.setDatabaseName(config.sqlitePath);
    } else {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setDatabaseName(config.databaseName);
        db.setUserName(config.user);
        db.setPassword(config.password);
        db.setConnectOptions(QStringLiteral("connect_timeout=3"));
    }
    db.open();
    return db;
}

} // namespace

TestDatabase::TestDatabase()
{
    const QString backend = qEnvironmentVariable("TASKDECK_TEST_BACKEND", QStringLiteral("sqlite"));
    if (backend == QLatin1String("postgres")) {
        m_adminUrl = qEnvironmentVariable("TASKDECK_TEST_DATABASE_URL");
        if (m_adminUrl.isEmpty()) {
            m_skipReason = QStringLiteral("TASKDECK_TEST_DATABASE_URL is not set");
            return;
        }
        Result<DatabaseConfig> admin = DatabaseConfig::fromUrl(m_adminUrl);
        if (!admin.ok()) {
            m_skipReason = QStringLiteral("bad TASKDECK_TEST_DATABASE_URL");
            return;
        }
        const QString dbName = QStringLiteral("taskdeck_test_%1")
                                   .arg(QUuid::createUuid().toString(QUuid::Id128).left(16));
        {
            QSqlDatabase db = openAdmin(admin.value(), QStringLiteral("testdb-admin-") + dbName);
            if (!db.isOpen()) {
                m_skipReason = QStringLiteral("cannot reach PostgreSQL: ") + db.lastError().text();
            } else {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("CREATE DATABASE ") + dbName))
                    m_skipReason =
                        QStringLiteral("CREATE DATABASE failed: ") + q.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("testdb-admin-") + dbName);
        if (!m_skipReason.isEmpty()) {
            QFAIL(qPrintable(m_skipReason)); // a configured server that fails is an error
            return;
        }
        m_config = admin.value();
        m_config.databaseName = dbName;
        QUrl url(m_adminUrl);
        url.setPath(QLatin1Char('/') + dbName);
        m_url = url.toString();
    } else {
        QTemporaryDir dir;
        dir.setAutoRemove(false);
        m_tempDir = dir.path();
        m_config.driver = DatabaseConfig::Driver::Sqlite;
        m_config.sqlitePath = m_tempDir + QStringLiteral("/tasks.db");
        m_url = QStringLiteral("sqlite://") + m_config.sqlitePath;
    }
    m_valid = true;
}

TestDatabase::~TestDatabase()
{
    m_pool.reset();
    for (const QString &name : std::as_const(m_execConnections)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    if (!m_valid)
        return;
    if (isPostgres()) {
        Result<DatabaseConfig> admin = DatabaseConfig::fromUrl(m_adminUrl);
        const QString name = QStringLiteral("testdb-drop-") + m_config.databaseName;
        {
            QSqlDatabase db = openAdmin(admin.value(), name);
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                            .arg(m_config.databaseName)))
                qWarning("DROP DATABASE failed: %s", qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(name);
    } else if (!m_tempDir.isEmpty()) {
        QDir(m_tempDir).removeRecursively();
    }
}

ConnectionPool *TestDatabase::pool()
{
    if (!m_pool) {
        m_pool = std::make_unique<ConnectionPool>(m_config, 4);
        const VoidResult migrated = wait(m_pool->migrate());
        if (!migrated.ok())
            qFatal("migration failed: %s", qPrintable(migrated.error().message));
    }
    return m_pool.get();
}

bool TestDatabase::execSql(const QString &sql)
{
    return scalar(sql, nullptr);
}

bool TestDatabase::scalar(const QString &sql, QVariant *value)
{
    // One connection per (database, thread): a name per thread alone would reach the database
    // of an earlier TestDatabase in the same process.
    if (m_execPrefix.isEmpty())
        m_execPrefix = QStringLiteral("testdb-exec-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString name = QStringLiteral("%1-%2")
                             .arg(m_execPrefix)
                             .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
    bool ok = false;
    {
        const bool known = QSqlDatabase::contains(name);
        if (!known)
            m_execConnections.append(name);
        QSqlDatabase db = known ? QSqlDatabase::database(name) : openAdmin(m_config, name);
        QSqlQuery q(db);
        ok = q.exec(sql);
        if (!ok)
            qWarning("execSql failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        if (ok && value)
            *value = q.next() ? q.value(0) : QVariant();
    }
    return ok;
}

QSqlDatabase TestDatabase::openConnection(const QString &name)
{
    if (m_execPrefix.isEmpty())
        m_execPrefix = QStringLiteral("testdb-exec-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString full = m_execPrefix + QStringLiteral("-named-") + name;
    m_execConnections.append(full);
    return openAdmin(m_config, full);
}

qint64 TestDatabase::count(const QString &sql)
{
    QVariant v;
    if (!scalar(sql, &v) || !v.isValid())
        return -1;
    return v.toLongLong();
}

} // namespace taskdeck::test
