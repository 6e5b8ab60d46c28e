#pragma once

#include "DatabaseConfig.h"
#include "ServiceError.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

/// Schema migrations embedded from resources/migrations (see the README there):
/// `NNN_name.sql` for both databases or `NNN_name.sqlite.sql` / `NNN_name.postgres.sql`.
/// Each migration runs in its own transaction and is recorded in schema_migrations(version, name,
/// applied_at). On PostgreSQL each transaction first takes pg_advisory_xact_lock, on SQLite it is
/// a BEGIN IMMEDIATE transaction, so instances starting at once apply each migration once.
namespace taskdeck::migrations {

struct Migration
{
    int version = 0;
    QString name;         ///< e.g. "tasks"
    QString resourcePath; ///< e.g. ":/migrations/001_tasks.sqlite.sql"
};

/// The migrations for `driver`, ordered by version. A version with both a driver-specific and a
/// generic file uses the specific one.
QList<Migration> available(DatabaseConfig::Driver driver,
                           const QString &directory = QStringLiteral(":/migrations"));

/// Splits an SQL script into single statements (QSqlQuery runs one at a time). Understands
/// '...' strings, "..." identifiers, -- and /* */ comments, PostgreSQL $tag$ bodies and SQLite
/// trigger bodies (CREATE TRIGGER ... BEGIN ... END, with CASE ... END inside). Comments are kept
/// inside statements; statements that are only comments or whitespace are dropped.
QStringList splitStatements(const QString &script);

/// Applies every pending migration on `db` (the calling thread's connection).
VoidResult apply(QSqlDatabase &db, DatabaseConfig::Driver driver);

} // namespace taskdeck::migrations
