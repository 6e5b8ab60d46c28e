#pragma once

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
    int poolSize = 8;                     ///< --pool-size / TASKDECK_POOL_SIZE
    // Transport and browser safety (README "Security options").
    qint64 maxBodyBytes = 1024 * 1024; ///< --max-body-bytes
    QStringList corsOrigins;           ///< --cors-origin (repeatable)
    QStringList allowedHosts;          ///< --allowed-host (repeatable)
    QStringList trustedProxies;        ///< --trusted-proxy (repeatable)
    QString tlsCertificateFile;        ///< --tls-cert
    QString tlsKeyFile;                ///< --tls-key
    // Login bans (CONTRACT.md "Authentication and roles").
    int loginMaxFailures = 5;     ///< --login-max-failures: failures within 15 min before a ban
    qint64 loginBanSeconds = 900; ///< --login-ban-seconds: how long a ban lasts
    qint64 accessTokenLifetimeSeconds = 15 * 60; ///< --access-token-minutes (CONTRACT.md: 15 min)
    // Change-log retention (docs/database.md "Retention"); 0 turns a bound off.
    qint64 changeLogMaxRows = 1000000; ///< --change-log-max-rows: positions kept behind the head
    qint64 changeLogMaxAgeDays = 7;    ///< --change-log-max-age-days
    // Retention and backup (issue 12; docs/database.md "Retention of finished tasks and audit
    // entries", docs/BACKUP.md). One-shot commands run instead of serving, then exit.
    int retainFinishedDays = 0; ///< --retain-finished-days: scheduled purge in the server (0: off)
    int retainAuditDays = 0;    ///< --retain-audit-days: scheduled audit purge (0: off)
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
};

/// True when argv asks for a mode without a window (--headless, --import, --purge-*, --backup,
/// --help, --version) or
/// when no display is available (no DISPLAY / WAYLAND_DISPLAY and no QT_QPA_PLATFORM). Decides
/// between QCoreApplication and QApplication before either exists.
bool wantsConsoleOnly(int argc, char **argv, bool *noDisplay);

/// Parses the arguments of the running QCoreApplication. Prints help/version/errors itself.
ParsedCommandLine parseCommandLine(bool noDisplay);

} // namespace taskdeck
