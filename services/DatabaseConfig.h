#pragma once

#include "ServiceError.h"

#include <QString>

namespace taskdeck {

/// Where the database is, parsed from `--database-url` / TASKDECK_DATABASE_URL:
/// - `sqlite:///var/lib/x/tasks.db` (file-URL style; the path is QUrl::path(),
/// "/var/lib/x/tasks.db")
/// - `postgresql://user:pass@host:port/db` (also `postgres://`; port defaults to 5432)
/// Percent-encoded user, password and path are decoded. PostgreSQL URLs may carry
/// `?sslmode=...&connect_timeout=S&statement_timeout=MS`; other query options are refused.
struct DatabaseConfig
{
    enum class Driver
    {
        Sqlite,
        Postgres,
    };

    Driver driver = Driver::Sqlite;
    QString sqlitePath; ///< SQLite only: file path
    QString host;       ///< PostgreSQL only
    int port = 5432;
    QString databaseName;
    QString user;
    QString password;
    int statementTimeoutMs = 5000; ///< docs/API.md: slower statements answer 504
    int connectTimeoutSeconds = 3;
    QString sslMode; ///< PostgreSQL only: libpq sslmode (URL `?sslmode=`); empty: libpq default

    /// Parses a URL as above. Errors: Validation with loc {"database_url"} and a message that
    /// names what is wrong (scheme, missing path or database name).
    static Result<DatabaseConfig> fromUrl(const QString &url);
    /// The default: an SQLite file `tasks.db` in QStandardPaths::AppLocalDataLocation.
    static DatabaseConfig defaultSqlite();

    /// Qt driver name: "QSQLITE" or "QPSQL".
    QString qtDriverName() const;
    /// For display (status bar, logs): "SQLite /path/tasks.db" or "PostgreSQL user@host:port/db";
    /// never the password.
    QString displayName() const;
};

} // namespace taskdeck
