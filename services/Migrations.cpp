#include "Migrations.h"

#include "ConnectionPool.h"
#include "QueryWatchdog.h"
#include "SqlTransaction.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace taskdeck::migrations {

Q_LOGGING_CATEGORY(lcMigrations, "taskdeck.migrations")

namespace {

/// Any constant: every Taskdeck instance takes the same advisory lock while migrating.
constexpr qint64 kAdvisoryLockKey = 0x7461736b6465636bLL; // "taskdeck"

bool isWordStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

/// Begins a migration transaction holding the cross-process migration lock.
VoidResult beginLocked(SqlTransaction &transaction, QSqlDatabase &db, DatabaseConfig::Driver driver)
{
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun;
    if (driver == DatabaseConfig::Driver::Postgres) {
        // A migration (or waiting for another instance's) may take longer than the statement
        // timeout meant for requests.
        QSqlQuery lock(db);
        QueryWatchdog::liftLimit(); // no statement timeout: no client-side limit either
        if (!lock.exec(QStringLiteral("SET LOCAL statement_timeout = 0")))
            return ConnectionPool::mapSqlError(lock.lastError(), "migration timeout");
        if (!lock.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kAdvisoryLockKey)))
            return ConnectionPool::mapSqlError(lock.lastError(), "migration lock");
    }
    return Done{};
}

} // namespace

QList<Migration> available(DatabaseConfig::Driver driver, const QString &directory)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d+)_([A-Za-z0-9_]+?)(?:\\.(sqlite|postgres))?\\.sql$"));
    const QString wanted = driver == DatabaseConfig::Driver::Sqlite ? QStringLiteral("sqlite")
                                                                    : QStringLiteral("postgres");

    QMap<int, Migration> generic;
    QMap<int, Migration> specific;
    const QStringList files =
        QDir(directory).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch()) {
            qCWarning(lcMigrations, "ignoring migration file with unexpected name: %s",
                      qPrintable(file));
            continue;
        }
        Migration migration{match.captured(1).toInt(), match.captured(2),
                            directory + QLatin1Char('/') + file};
        const QString variant = match.captured(3);
        if (variant.isEmpty())
            generic.insert(migration.version, migration);
        else if (variant == wanted)
            specific.insert(migration.version, migration);
    }
    for (auto it = specific.cbegin(); it != specific.cend(); ++it)
        generic.insert(it.key(), it.value());
    return generic.values();
}

QStringList splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool hasCode = false;
    int depth = 0;          // open BEGIN/CASE blocks
    bool isTrigger = false; // the statement is CREATE [TEMP] TRIGGER
    int wordCount = 0;
    bool startsWithCreate = false;

    auto finish = [&] {
        if (hasCode)
            statements.append(current.trimmed());
        current.clear();
        hasCode = false;
        depth = 0;
        isTrigger = false;
        wordCount = 0;
        startsWithCreate = false;
    };

    const qsizetype n = script.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) { // doubled quote
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const qsizetype end = qMin(j + 1, n);
            current += script.mid(i, end - i);
            hasCode = true;
            i = end;
            continue;
        }
        if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            qsizetype j = script.indexOf(QLatin1Char('\n'), i);
            if (j < 0)
                j = n;
            current += script.mid(i, j - i);
            i = j;
            continue;
        }
        if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            qsizetype j = script.indexOf(QLatin1String("*/"), i + 2);
            j = j < 0 ? n : j + 2;
            current += script.mid(i, j - i);
            i = j;
            continue;
        }
        if (c == QLatin1Char('$') && (i == 0 || !isWordChar(script.at(i - 1)))) {
            // PostgreSQL dollar quoting: $$...$$ or $tag$...$tag$
            qsizetype j = i + 1;
            while (j < n && (script.at(j).isLetterOrNumber() || script.at(j) == QLatin1Char('_')))
                ++j;
            if (j < n && script.at(j) == QLatin1Char('$') &&
                (j == i + 1 || !script.at(i + 1).isDigit())) {
                const QString tag = script.mid(i, j - i + 1);
                qsizetype close = script.indexOf(tag, j + 1);
                close = close < 0 ? n : close + tag.size();
                current += script.mid(i, close - i);
                hasCode = true;
                i = close;
                continue;
            }
        }
        if (isWordStart(c)) {
            qsizetype j = i + 1;
            while (j < n && isWordChar(script.at(j)))
                ++j;
            const QString word = script.mid(i, j - i);
            const QString upper = word.toUpper();
            ++wordCount;
            if (wordCount == 1)
                startsWithCreate = upper == QLatin1String("CREATE");
            if (startsWithCreate && wordCount <= 4 && upper == QLatin1String("TRIGGER"))
                isTrigger = true;
            if (upper == QLatin1String("CASE") || (isTrigger && upper == QLatin1String("BEGIN")))
                ++depth;
            else if (upper == QLatin1String("END") && depth > 0)
                --depth;
            current += word;
            hasCode = true;
            i = j;
            continue;
        }
        if (c == QLatin1Char(';') && depth == 0) {
            finish();
            ++i;
            continue;
        }
        current += c;
        if (!c.isSpace())
            hasCode = true;
        ++i;
    }
    finish();
    return statements;
}

VoidResult apply(QSqlDatabase &db, DatabaseConfig::Driver driver)
{
    const QList<Migration> migrations = available(driver);
    if (migrations.isEmpty()) {
        qCWarning(lcMigrations, "no migrations embedded");
        return ServiceError::internal();
    }

    { // the bookkeeping table, created under the same lock
        SqlTransaction transaction(db);
        if (const VoidResult locked = beginLocked(transaction, db, driver); !locked.ok())
            return locked;
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       "version INTEGER PRIMARY KEY, "
                                       "name TEXT NOT NULL, "
                                       "applied_at BIGINT NOT NULL)")))
            return ConnectionPool::mapSqlError(query.lastError(), "create schema_migrations");
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed;
    }

    for (const Migration &migration : migrations) {
        SqlTransaction transaction(db);
        if (const VoidResult locked = beginLocked(transaction, db, driver); !locked.ok())
            return locked;
        QSqlQuery check(db);
        check.prepare(QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"));
        check.addBindValue(migration.version);
        if (!check.exec())
            return ConnectionPool::mapSqlError(check.lastError(), "read schema_migrations");
        const bool applied = check.next();
        check.finish();
        if (applied)
            continue; // applied (maybe just now by another instance); the transaction rolls back

        QFile file(migration.resourcePath);
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcMigrations, "cannot read %s", qPrintable(migration.resourcePath));
            return ServiceError::internal();
        }
        const QStringList statements = splitStatements(QString::fromUtf8(file.readAll()));
        const QString label = QStringLiteral("%1_%2")
                                  .arg(migration.version, 3, 10, QLatin1Char('0'))
                                  .arg(migration.name);
        for (qsizetype index = 0; index < statements.size(); ++index) {
            QSqlQuery statement(db);
            if (!statement.exec(statements.at(index))) {
                const QByteArray context =
                    QStringLiteral("migration %1, statement %2").arg(label).arg(index + 1).toUtf8();
                const ServiceError error =
                    ConnectionPool::mapSqlError(statement.lastError(), context.constData());
                if (error.kind != ServiceError::Kind::Internal)
                    return error;
                return ServiceError{ServiceError::Kind::Internal,
                                    QStringLiteral("Database migration %1 failed").arg(label),
                                    {}};
            }
        }
        QSqlQuery record(db);
        record.prepare(QStringLiteral(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        record.addBindValue(migration.version);
        record.addBindValue(migration.name);
        record.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!record.exec())
            return ConnectionPool::mapSqlError(record.lastError(), "record migration");
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed;
        qCInfo(lcMigrations, "applied migration %s", qPrintable(label));
    }
    if (driver == DatabaseConfig::Driver::Postgres) {
        // Migration 012 makes the trigram index only where pg_trgm could be created: say so at
        // every start, since searches then scan (slow at a million tasks).
        QSqlQuery index(db);
        if (index.exec(
                QStringLiteral("SELECT 1 FROM pg_indexes WHERE schemaname = "
                               "current_schema() AND indexname = 'tasks_search_trgm_idx'")) &&
            !index.next())
            qCWarning(lcMigrations,
                      "the search index tasks_search_trgm_idx is missing (the extension pg_trgm "
                      "could not be created when migration 012 ran): q= searches scan every task. "
                      "Fix: as a superuser run CREATE EXTENSION pg_trgm; then CREATE INDEX "
                      "tasks_search_trgm_idx ON tasks USING gin (search_text gin_trgm_ops);");
    }
    return Done{};
}

} // namespace taskdeck::migrations
