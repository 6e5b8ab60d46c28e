#include "DatabaseConfig.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace taskdeck {

namespace {

ServiceError urlError(const QString &message)
{
    return ServiceError::validation(
        {FieldError{{QStringLiteral("database_url")}, message, QStringLiteral("value_error")}});
}

std::optional<int> positiveInt(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

} // namespace

Result<DatabaseConfig> DatabaseConfig::fromUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return urlError(QStringLiteral("Database URL is not a valid URL"));

    DatabaseConfig config;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("sqlite")) {
        if (!url.host().isEmpty())
            return urlError(QStringLiteral(
                "SQLite URL must be sqlite:///path/to/file.db (three slashes, no host)"));
        if (url.hasQuery())
            return urlError(QStringLiteral("SQLite URL takes no query options"));
        config.driver = Driver::Sqlite;
        config.sqlitePath = url.path(QUrl::FullyDecoded);
        if (config.sqlitePath.isEmpty() || config.sqlitePath == QLatin1String("/"))
            return urlError(QStringLiteral("SQLite URL has no file path"));
        if (config.sqlitePath.contains(QLatin1String(":memory:")))
            return urlError(QStringLiteral("In-memory SQLite is not supported: every pool "
                                           "connection would see its own empty database"));
        return config;
    }
    if (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
        return urlError(QStringLiteral("Unsupported database URL scheme '%1' (use sqlite:// or "
                                       "postgresql://)")
                            .arg(url.scheme()));

    config.driver = Driver::Postgres;
    config.host = url.host(QUrl::FullyDecoded);
    config.port = url.port(5432);
    config.user = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    config.databaseName = url.path(QUrl::FullyDecoded);
    if (config.databaseName.startsWith(QLatin1Char('/')))
        config.databaseName.remove(0, 1);
    if (config.databaseName.isEmpty())
        return urlError(QStringLiteral("PostgreSQL URL has no database name"));
    if (config.databaseName.contains(QLatin1Char('/')))
        return urlError(QStringLiteral("PostgreSQL database name must not contain '/'"));

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            static const QStringList modes = {
                QStringLiteral("disable"),   QStringLiteral("allow"),
                QStringLiteral("prefer"),    QStringLiteral("require"),
                QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
            if (!modes.contains(value))
                return urlError(QStringLiteral("Unknown sslmode '%1'").arg(value));
            config.sslMode = value;
        } else if (key == QLatin1String("connect_timeout")) {
            const auto seconds = positiveInt(value);
            if (!seconds)
                return urlError(QStringLiteral("connect_timeout must be a positive integer"));
            config.connectTimeoutSeconds = *seconds;
        } else if (key == QLatin1String("statement_timeout")) {
            const auto ms = positiveInt(value);
            if (!ms)
                return urlError(QStringLiteral("statement_timeout must be a positive integer"));
            config.statementTimeoutMs = *ms;
        } else {
            return urlError(QStringLiteral("Unsupported database URL option '%1'").arg(key));
        }
    }
    return config;
}

DatabaseConfig DatabaseConfig::defaultSqlite()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/taskdeck");
    QDir().mkpath(dir);
    DatabaseConfig config;
    config.driver = Driver::Sqlite;
    config.sqlitePath = QDir(dir).filePath(QStringLiteral("tasks.db"));
    return config;
}

QString DatabaseConfig::qtDriverName() const
{
    return driver == Driver::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString DatabaseConfig::displayName() const
{
    if (driver == Driver::Sqlite)
        return QStringLiteral("SQLite ") + sqlitePath;
    QString who = user.isEmpty() ? QString() : user + QLatin1Char('@');
    const QString where = host.isEmpty() ? QStringLiteral("localhost") : host;
    return QStringLiteral("PostgreSQL %1%2:%3/%4").arg(who, where).arg(port).arg(databaseName);
}

} // namespace taskdeck
