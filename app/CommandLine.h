#pragma once

#include "ConnectionPool.h"
#include "DatabaseConfig.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace taskdeck {

/// Everything the command line and the environment decide (QCommandLineParser).
struct AppOptions
{
    DatabaseConfig database; ///< --database-url / TASKDECK_DATABASE_URL / default SQLite
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost); ///< --bind
    quint16 port = 8000;                                              ///< --port (0: any free port)
    bool headless = false; ///< --headless, or no display available
    bool headlessBecauseNoDisplay = false;
    QString importFile;                   ///< --import FILE: import, print a summary, exit
    std::optional<QString> adminPassword; ///< --admin-password / TASKDECK_ADMIN_PASSWORD
    /// --admin-password-file FILE: where a generated admin password is written (mode 0600)
    /// instead of being printed; empty: printed once.
    QString adminPasswordFile;
    int poolSize = 8; ///< --pool-size / TASKDECK_POOL_SIZE
    /// --pool-wait-ms (504 after waiting this long for a pool thread) and --pool-queue-max (503
    /// when this many jobs wait); 0 turns a bound off.
    PoolLimits poolLimits;
    // Transport and browser safety (README "Security options").
    qint64 maxBodyBytes = 1024 * 1024; ///< --max-body-bytes
    QStringList corsOrigins;           ///< --cors-origin (repeatable)
    QStringList allowedHosts;          ///< --allowed-host (repeatable)
    QStringList trustedProxies;        ///< --trusted-proxy (repeatable)
    QString tlsCertificateFile;        ///< --tls-cert
    QString tlsKeyFile;                ///< --tls-key
    bool metricsPublic = false;        ///< --metrics-public: GET /metrics without a token
    // Login bans (docs/API.md \"Authentication and roles\").
    int loginMaxFailures = 5;     ///< --login-max-failures: failures within 15 min before a ban
    qint64 loginBanSeconds = 900; ///< --login-ban-seconds: how long a ban lasts
    qint64 accessTokenLifetimeSeconds = 15 * 60; ///< --access-token-minutes (docs/API.md: 15 min)
    // Change-log retention (docs/database.md "Retention"); 0 turns a bound off.
    qint64 changeLogMaxRows = 1000000; ///< --change-log-max-rows: positions kept behind the head
    qint64 changeLogMaxAgeDays = 7;    ///< --change-log-max-age-days
    // Retention and backup (issue 12; docs/database.md "Retention of finished tasks and audit
    // entries", docs/BACKUP.md). One-shot commands run instead of serving, then exit.
    int retainFinishedDays = 0; ///< --retain-finished-days: scheduled purge in the server (0: off)
    int retainAuditDays = 0;    ///< --retain-audit-days: scheduled audit purge (0: off)
    // Lifecycle and admission control (issue 13; README "Configuration").
    int shutdownGraceSeconds = 3;     ///< --shutdown-grace-seconds: SIGTERM/SIGINT drain bound
    int maxConnections = 1000;        ///< --max-connections: open connections at once
    int maxConnectionsPerClient = 64; ///< --max-connections-per-client: from one address
    std::optional<int> purgeFinishedOlderThanDays; ///< --purge-finished-older-than DAYS
    std::optional<int> purgeAuditOlderThanDays;    ///< --purge-audit-older-than DAYS
    bool purgeDryRun = false;                      ///< --dry-run: count, remove nothing
    QString purgeArchiveFile; ///< --archive FILE: removed tasks as JSON Lines (new file)
    QString backupFile;       ///< --backup FILE: VACUUM INTO a new file (SQLite), then exit
    /// A one-shot retention or backup command was given (no API, no window).
    bool isMaintenanceCommand() const
    {
        return purgeFinishedOlderThanDays || purgeAuditOlderThanDays || !backupFile.isEmpty();
    }
    // GUI sign-in without the dialog (automation, screenshots): both or neither.
    QString guiUser;     ///< --gui-user / TASKDECK_GUI_USER
    QString guiPassword; ///< --gui-password / TASKDECK_GUI_PASSWORD
};

/// Result of parsing: options, or an exit (help, version, or an error already printed).
struct ParsedCommandLine
{
    std::optional<AppOptions> options;
    int exitCode = 0;
    QString configFile; ///< the configuration file that was read; empty: none
};

/// Which program parses. The desktop program `taskdeck` has the window and its options
/// (--headless, --gui-user, --gui-password); `taskdeck-server` is always headless, has none of
/// them and reads kDefaultServerConfigFile when present and --config is not given.
enum class Program
{
    Desktop,
    Server,
};

/// The server's configuration file (the Debian package installs it).
inline constexpr char kDefaultServerConfigFile[] = "/etc/taskdeck/taskdeck.conf";

/// True when argv asks for a mode without a window (--headless, --import, --purge-*, --backup,
/// --help, --version) or
/// when no display is available (no DISPLAY / WAYLAND_DISPLAY and no QT_QPA_PLATFORM). Decides
/// between QCoreApplication and QApplication before either exists.
bool wantsConsoleOnly(int argc, char **argv, bool *noDisplay);

/// Parses the arguments of the running QCoreApplication (see the overload below).
ParsedCommandLine parseCommandLine(bool noDisplay, Program program = Program::Desktop);

/// Parses `arguments` (arguments[0] is the program) with the options of `program`. Prints
/// --help/--version and exits, like QCommandLineParser::process(); prints errors
/// ("<program>: <message>" on stderr) and returns exit code 2 for them.
///
/// Configuration file (`--config FILE`, else `defaultConfigFile` when that file exists; empty:
/// none): QSettings INI, one `option-name=value` per line, every option of the command line
/// except help, version and config, named as on the command line without the dashes. A flag
/// takes true or false; an option that may be repeated (--cors-origin, --allowed-host,
/// --trusted-proxy) takes a comma-separated list; a value holding a comma must be quoted
/// ("a,b"). Precedence: command line, then the option's environment variable (TASKDECK_*), then
/// the file, then the built-in default. An unknown key, a list for a single-valued option or a
/// file that cannot be read is an error (exit code 2).
ParsedCommandLine parseCommandLine(const QStringList &arguments, bool noDisplay, Program program,
                                   const QString &defaultConfigFile);

} // namespace taskdeck
