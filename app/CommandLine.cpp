#include "CommandLine.h"

#include "TransportPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QSettings>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace taskdeck {

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

} // namespace

bool wantsConsoleOnly(int argc, char **argv, bool *noDisplay)
{
    bool console = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        for (const char *flag :
             {"--headless", "--import", "--help", "-h", "--version", "-v",
              // retention and backup one-shot commands (issue 12)
              "--purge-finished-older-than", "--purge-audit-older-than", "--backup"}) {
            const size_t n = std::strlen(flag);
            if (std::strncmp(a, flag, n) == 0 && (a[n] == '\0' || a[n] == '='))
                console = true;
        }
    }
    *noDisplay = qEnvironmentVariableIsEmpty("DISPLAY") &&
                 qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
                 qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    return console || *noDisplay;
}

ParsedCommandLine parseCommandLine(bool noDisplay, Program program)
{
    return parseCommandLine(
        QCoreApplication::arguments(), noDisplay, program,
        program == Program::Server ? QString::fromLatin1(kDefaultServerConfigFile) : QString());
}

ParsedCommandLine parseCommandLine(const QStringList &arguments, bool noDisplay, Program program,
                                   const QString &defaultConfigFile)
{
    const bool server = program == Program::Server;
    const QString programName =
        server ? QStringLiteral("taskdeck-server") : QStringLiteral("taskdeck");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        server ? QStringLiteral("taskdeck-server: the Taskdeck JSON API for tasks and their "
                                "metrics, without a window.")
               : QStringLiteral("Taskdeck: a desktop dashboard for tasks and their metrics, with "
                                "an embedded JSON API."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption config(
        QStringLiteral("config"),
        server ? QStringLiteral("Read options from this INI file (option=value lines; default: "
                                "%1 when present). The command line overrides it.")
                     .arg(QString::fromLatin1(kDefaultServerConfigFile))
               : QStringLiteral("Read options from this INI file (option=value lines). The "
                                "command line overrides it."),
        QStringLiteral("file"));
    parser.addOption(config);
    const QCommandLineOption databaseUrl(
        QStringLiteral("database-url"),
        QStringLiteral("Database: sqlite:///path/tasks.db or postgresql://user:pass@host:port/db "
                       "(env TASKDECK_DATABASE_URL; default: an SQLite file in the user's data "
                       "folder)."),
        QStringLiteral("url"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Address the API listens on (default 127.0.0.1)."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port the API listens on (default 8000)."),
                                  QStringLiteral("port"), QStringLiteral("8000"));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Serve the API only, without a window."));
    const QCommandLineOption import(
        QStringLiteral("import"),
        QStringLiteral("Import tasks from a CSV or JSON Lines file, print a summary and exit. "
                       "Nothing is imported if any row is invalid."),
        QStringLiteral("file"));
    const QCommandLineOption adminPassword(
        QStringLiteral("admin-password"),
        QStringLiteral("Password of the 'admin' account created on first start (env "
                       "TASKDECK_ADMIN_PASSWORD; default: a random one, shown once)."),
        QStringLiteral("password"));
    const QCommandLineOption poolSize(
        QStringLiteral("pool-size"),
        QStringLiteral("Database connections in the pool (env TASKDECK_POOL_SIZE; default 8)."),
        QStringLiteral("n"));
    const QCommandLineOption adminPasswordFile(
        QStringLiteral("admin-password-file"),
        QStringLiteral("Write the generated password of the first 'admin' account to this file "
                       "(created with mode 0600) instead of printing it."),
        QStringLiteral("file"));
    parser.addOptions({databaseUrl, bind, port});
    if (!server)
        parser.addOption(headless);
    parser.addOptions({import, adminPassword, adminPasswordFile, poolSize});
    const QCommandLineOption maxBodyBytes(
        QStringLiteral("max-body-bytes"),
        QStringLiteral("Largest request body the API accepts (default 1048576; more: 413)."),
        QStringLiteral("n"));
    const QCommandLineOption corsOrigin(
        QStringLiteral("cors-origin"),
        QStringLiteral("Allow browser pages from this origin (scheme://host[:port]) to call the "
                       "API (CORS). Repeatable; default: CORS off."),
        QStringLiteral("origin"));
    const QCommandLineOption allowedHost(
        QStringLiteral("allowed-host"),
        QStringLiteral("Answer only requests whose Host header is HOST (any port) or HOST:PORT; "
                       "others get 421 (DNS rebinding defence). Repeatable; default: any host."),
        QStringLiteral("host"));
    const QCommandLineOption trustedProxy(
        QStringLiteral("trusted-proxy"),
        QStringLiteral("Believe X-Forwarded-For only from peers in this subnet (ADDRESS or "
                       "ADDRESS/PREFIX). Repeatable; default: none."),
        QStringLiteral("cidr"));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS with this PEM certificate (chain); needs --tls-key."),
        QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("PEM private key (unencrypted) for --tls-cert."),
                                    QStringLiteral("file"));
    const QCommandLineOption metricsPublic(
        QStringLiteral("metrics-public"),
        QStringLiteral("Serve GET /metrics (Prometheus) without authentication; default: admins "
                       "only."));
    parser.addOptions(
        {maxBodyBytes, corsOrigin, allowedHost, trustedProxy, tlsCert, tlsKey, metricsPublic});
    const QCommandLineOption loginMaxFailures(
        QStringLiteral("login-max-failures"),
        QStringLiteral("Failed logins for one user name or client address within 15 minutes "
                       "that ban further logins (429; default 5)."),
        QStringLiteral("n"));
    const QCommandLineOption loginBanSeconds(
        QStringLiteral("login-ban-seconds"),
        QStringLiteral("How long such a ban lasts, in seconds (default 900)."),
        QStringLiteral("seconds"));
    const QCommandLineOption accessTokenMinutes(
        QStringLiteral("access-token-minutes"),
        QStringLiteral("Lifetime of access tokens in minutes (default 15)."),
        QStringLiteral("minutes"));
    parser.addOptions({loginMaxFailures, loginBanSeconds, accessTokenMinutes});
    const QCommandLineOption changeLogMaxRows(
        QStringLiteral("change-log-max-rows"),
        QStringLiteral("Change-log rows kept behind the newest (events a client can resume "
                       "from; 0: no count bound; default 1000000)."),
        QStringLiteral("n"));
    const QCommandLineOption changeLogMaxAgeDays(
        QStringLiteral("change-log-max-age-days"),
        QStringLiteral("Change-log rows older than this are removed (0: no age bound; default "
                       "7)."),
        QStringLiteral("days"));
    parser.addOptions({changeLogMaxRows, changeLogMaxAgeDays});
    // Lifecycle and admission control (issue 13).
    const QCommandLineOption shutdownGrace(
        QStringLiteral("shutdown-grace-seconds"),
        QStringLiteral("On SIGTERM/SIGINT: stop accepting and answer the requests in flight for "
                       "at most this long before exiting (default 3)."),
        QStringLiteral("seconds"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Open API connections at once (HTTP and WebSocket); more are answered "
                       "503 and closed (default 1000)."),
        QStringLiteral("n"));
    const QCommandLineOption maxConnectionsPerClient(
        QStringLiteral("max-connections-per-client"),
        QStringLiteral("Open API connections at once from one client address; more are answered "
                       "429 and closed (default 64)."),
        QStringLiteral("n"));
    const QCommandLineOption poolWait(
        QStringLiteral("pool-wait-ms"),
        QStringLiteral("A database job still waiting for a pool connection after this many "
                       "milliseconds is answered 504 without running (default 5000; 0: no "
                       "limit)."),
        QStringLiteral("ms"));
    const QCommandLineOption poolQueueMax(
        QStringLiteral("pool-queue-max"),
        QStringLiteral("Database jobs that may wait for a pool connection at once; more are "
                       "answered 503 (default 1000; 0: no limit)."),
        QStringLiteral("n"));
    parser.addOptions(
        {shutdownGrace, maxConnections, maxConnectionsPerClient, poolWait, poolQueueMax});
    const QCommandLineOption guiUser(
        QStringLiteral("gui-user"),
        QStringLiteral("Sign the window in as this user without the sign-in dialog, for "
                       "automation (env TASKDECK_GUI_USER; needs --gui-password)."),
        QStringLiteral("name"));
    const QCommandLineOption guiPassword(
        QStringLiteral("gui-password"),
        QStringLiteral("Password for --gui-user (env TASKDECK_GUI_PASSWORD)."),
        QStringLiteral("password"));
    if (!server)
        parser.addOptions({guiUser, guiPassword});
    // Retention and backup (issue 12).
    const QCommandLineOption retainFinishedDays(
        QStringLiteral("retain-finished-days"),
        QStringLiteral("Serving: remove finished tasks (completed, failed, cancelled) not changed "
                       "for this many days, at start and every hour, in small batches (default "
                       "0: keep them)."),
        QStringLiteral("days"));
    const QCommandLineOption retainAuditDays(
        QStringLiteral("retain-audit-days"),
        QStringLiteral("Serving: remove audit entries older than this many days, at start and "
                       "every hour (default 0: keep them)."),
        QStringLiteral("days"));
    const QCommandLineOption purgeFinished(
        QStringLiteral("purge-finished-older-than"),
        QStringLiteral("Remove finished tasks not changed for this many days (0: all finished "
                       "tasks), in small batches, print a summary and exit."),
        QStringLiteral("days"));
    const QCommandLineOption purgeAudit(
        QStringLiteral("purge-audit-older-than"),
        QStringLiteral("Remove audit entries older than this many days, print a summary and "
                       "exit."),
        QStringLiteral("days"));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        QStringLiteral("With --purge-*: print what would be removed and remove nothing."));
    const QCommandLineOption archive(
        QStringLiteral("archive"),
        QStringLiteral("With --purge-finished-older-than: first write every removed task to this "
                       "new file as JSON Lines (the API's task objects)."),
        QStringLiteral("file"));
    const QCommandLineOption backup(
        QStringLiteral("backup"),
        QStringLiteral("Write a consistent copy of the SQLite database to this new file (also "
                       "while Taskdeck runs on it) and exit. PostgreSQL: see docs/BACKUP.md."),
        QStringLiteral("file"));
    parser.addOptions(
        {retainFinishedDays, retainAuditDays, purgeFinished, purgeAudit, dryRun, archive, backup});
    // Options that may be given several times (a list in the configuration file), and the
    // environment variables that stand in for an option (between the command line and the file).
    const QStringList repeatable = {QStringLiteral("cors-origin"), QStringLiteral("allowed-host"),
                                    QStringLiteral("trusted-proxy")};
    const QHash<QString, QString> environment = {
        {QStringLiteral("database-url"), QStringLiteral("TASKDECK_DATABASE_URL")},
        {QStringLiteral("admin-password"), QStringLiteral("TASKDECK_ADMIN_PASSWORD")},
        {QStringLiteral("pool-size"), QStringLiteral("TASKDECK_POOL_SIZE")},
        {QStringLiteral("gui-user"), QStringLiteral("TASKDECK_GUI_USER")},
        {QStringLiteral("gui-password"), QStringLiteral("TASKDECK_GUI_PASSWORD")},
    };

    ParsedCommandLine parsed;
    const auto fail = [&parsed, &programName](const QString &message) {
        err() << programName << ": " << message << Qt::endl;
        parsed.exitCode = 2;
        return parsed;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption)) {
        // "<program> <version>" (QCommandLineParser would print the application name, which
        // both programs share for their data folder).
        QTextStream(stdout) << programName << ' ' << QCoreApplication::applicationVersion()
                            << Qt::endl;
        std::exit(0);
    }

    // The configuration file becomes arguments before the command line's own: every option the
    // parser knows maps to the key of its long name, so a new option needs no code here.
    QString configFile = parser.value(config);
    if (configFile.isEmpty() && !parser.isSet(config) && !defaultConfigFile.isEmpty() &&
        QFileInfo::exists(defaultConfigFile))
        configFile = defaultConfigFile;
    if (parser.isSet(config) && configFile.isEmpty())
        return fail(QStringLiteral("--config: the file name is empty"));
    if (!configFile.isEmpty()) {
        const QFileInfo info(configFile);
        QFile probe(configFile);
        if (!info.isFile() || !probe.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the configuration file %1").arg(configFile));
        probe.close();
        const QSettings settings(configFile, QSettings::IniFormat);
        if (settings.status() != QSettings::NoError)
            return fail(QStringLiteral("%1: not a valid INI file").arg(configFile));
        const QStringList commandLineArguments = arguments.mid(1);
        QStringList keys = settings.allKeys();
        keys.sort();
        const QStringList given = parser.optionNames(); // as set on the command line
        const QSet<QString> onCommandLine(given.cbegin(), given.cend());
        // The parser has no list of its options: a probe parse of "--KEY" tells whether it knows
        // KEY and whether KEY takes a value, so every option added above maps without code here.
        QStringList fromFile;
        for (const QString &key : std::as_const(keys)) {
            const QString dashed = QStringLiteral("--") + key;
            const bool flag = parser.parse({arguments.value(0), dashed});
            if (key.size() < 2 || key.startsWith(QLatin1Char('-')) ||
                key.contains(QLatin1Char('/')) || parser.unknownOptionNames().contains(key) ||
                key.startsWith(QLatin1String("help")) || key == QLatin1String("version") ||
                key == QLatin1String("config"))
                return fail(QStringLiteral("%1: unknown option '%2'").arg(configFile, key));
            if (onCommandLine.contains(key))
                continue; // the command line wins
            if (const auto env = environment.constFind(key);
                env != environment.cend() && qEnvironmentVariableIsSet(qPrintable(*env)))
                continue; // so does the environment
            const QVariant value = settings.value(key);
            const QStringList values = value.metaType().id() == QMetaType::QStringList
                                           ? value.toStringList()
                                           : QStringList{value.toString()};
            if (flag) {
                const QString text = values.join(QLatin1Char(','));
                if (text.trimmed().toLower() == QLatin1String("true"))
                    fromFile.append(dashed);
                else if (text.trimmed().toLower() != QLatin1String("false"))
                    return fail(QStringLiteral("%1: %2 takes true or false, not '%3'")
                                    .arg(configFile, key, text));
                continue;
            }
            if (values.size() > 1 && !repeatable.contains(key))
                return fail(QStringLiteral("%1: %2 takes one value; quote a value holding a "
                                           "comma (\"a,b\")")
                                .arg(configFile, key));
            for (const QString &v : values)
                fromFile.append(dashed + QLatin1Char('=') + v);
        }
        if (!parser.parse(QStringList{arguments.value(0)} + fromFile + commandLineArguments))
            return fail(parser.errorText());
        parsed.configFile = configFile;
    }

    AppOptions options;

    QString url = parser.value(databaseUrl);
    if (url.isEmpty())
        url = qEnvironmentVariable("TASKDECK_DATABASE_URL");
    if (url.isEmpty()) {
        options.database = DatabaseConfig::defaultSqlite();
    } else {
        Result<DatabaseConfig> config = DatabaseConfig::fromUrl(url);
        if (!config.ok()) {
            QString why = config.error().message;
            if (!config.error().fields.isEmpty())
                why = config.error().fields.first().msg;
            return fail(QStringLiteral("invalid database URL: ") + why);
        }
        options.database = config.value();
    }

    if (!options.bindAddress.setAddress(parser.value(bind)))
        return fail(QStringLiteral("invalid --bind address: ") + parser.value(bind));
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return fail(QStringLiteral("invalid --port: ") + parser.value(port));
    options.port = static_cast<quint16>(portValue);

    QString pool = parser.value(poolSize);
    if (pool.isEmpty())
        pool = qEnvironmentVariable("TASKDECK_POOL_SIZE");
    if (!pool.isEmpty()) {
        const int n = pool.toInt(&ok);
        if (!ok || n < 1 || n > 64)
            return fail(QStringLiteral("invalid pool size (1..64): ") + pool);
        options.poolSize = n;
    }

    // Whole-number options with a range; the message names the option and its range.
    const auto rangedInteger = [&parser](const QCommandLineOption &option, qint64 min, qint64 max,
                                         qint64 *value) -> QString {
        if (!parser.isSet(option))
            return {};
        bool valid = false;
        const qint64 n = parser.value(option).toLongLong(&valid);
        if (!valid || n < min || n > max)
            return QStringLiteral("invalid --%1 (%2..%3): %4")
                .arg(option.names().first())
                .arg(min)
                .arg(max)
                .arg(parser.value(option));
        *value = n;
        return {};
    };
    qint64 maxFailures = options.loginMaxFailures;
    qint64 tokenMinutes = options.accessTokenLifetimeSeconds / 60;
    for (const QString &error :
         {rangedInteger(loginMaxFailures, 1, 1000, &maxFailures),
          rangedInteger(loginBanSeconds, 1, 365 * 24 * 3600, &options.loginBanSeconds),
          rangedInteger(accessTokenMinutes, 1, 24 * 60, &tokenMinutes),
          rangedInteger(maxBodyBytes, 1, qint64(1) << 30, &options.maxBodyBytes),
          rangedInteger(changeLogMaxRows, 0, qint64(1) << 40, &options.changeLogMaxRows),
          rangedInteger(changeLogMaxAgeDays, 0, 36500, &options.changeLogMaxAgeDays)}) {
        if (!error.isEmpty())
            return fail(error);
    }
    options.loginMaxFailures = static_cast<int>(maxFailures);
    options.accessTokenLifetimeSeconds = tokenMinutes * 60;
    for (const QString &origin : parser.values(corsOrigin)) {
        QString normalized;
        if (const QString error = http::TransportPolicy::parseOrigin(origin, &normalized);
            !error.isEmpty())
            return fail(QStringLiteral("--cors-origin: ") + error);
        options.corsOrigins.append(origin);
    }
    for (const QString &host : parser.values(allowedHost)) {
        http::TransportPolicy::HostPattern pattern;
        if (const QString error = http::TransportPolicy::parseHostPattern(host, &pattern);
            !error.isEmpty())
            return fail(QStringLiteral("--allowed-host: ") + error);
        options.allowedHosts.append(host);
    }
    for (const QString &cidr : parser.values(trustedProxy)) {
        QPair<QHostAddress, int> subnet;
        if (const QString error = http::TransportPolicy::parseSubnet(cidr, &subnet);
            !error.isEmpty())
            return fail(QStringLiteral("--trusted-proxy: ") + error);
        options.trustedProxies.append(cidr);
    }
    if (parser.isSet(tlsCert) != parser.isSet(tlsKey))
        return fail(QStringLiteral("--tls-cert and --tls-key must be given together"));
    for (const QCommandLineOption *option : {&tlsCert, &tlsKey}) {
        if (!parser.isSet(*option))
            continue;
        const QString path = parser.value(*option);
        const QFileInfo info(path);
        if (!info.isFile() || !info.isReadable())
            return fail(QStringLiteral("--%1: cannot read %2").arg(option->names().first(), path));
    }
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);

    if (parser.isSet(adminPassword))
        options.adminPassword = parser.value(adminPassword);
    else if (qEnvironmentVariableIsSet("TASKDECK_ADMIN_PASSWORD"))
        options.adminPassword = qEnvironmentVariable("TASKDECK_ADMIN_PASSWORD");

    options.adminPasswordFile = parser.value(adminPasswordFile);

    if (!server) {
        options.guiUser = parser.isSet(guiUser) ? parser.value(guiUser)
                                                : qEnvironmentVariable("TASKDECK_GUI_USER");
        options.guiPassword = parser.isSet(guiPassword)
                                  ? parser.value(guiPassword)
                                  : qEnvironmentVariable("TASKDECK_GUI_PASSWORD");
        if (options.guiUser.isEmpty() != options.guiPassword.isEmpty())
            return fail(QStringLiteral("--gui-user and --gui-password (or TASKDECK_GUI_USER and "
                                       "TASKDECK_GUI_PASSWORD) go together"));
    }

    options.importFile = parser.value(import);
    options.metricsPublic = parser.isSet(metricsPublic);
    options.headless = server || parser.isSet(headless) || noDisplay;
    options.headlessBecauseNoDisplay = !server && noDisplay && !parser.isSet(headless);

    qint64 grace = options.shutdownGraceSeconds;
    qint64 maxOpen = options.maxConnections;
    qint64 maxPerClient = options.maxConnectionsPerClient;
    qint64 waitMs = options.poolLimits.waitMs;
    qint64 queueMax = options.poolLimits.queueMax;
    for (const QString &error : {rangedInteger(shutdownGrace, 0, 3600, &grace),
                                 rangedInteger(maxConnections, 1, 1000000, &maxOpen),
                                 rangedInteger(maxConnectionsPerClient, 1, 1000000, &maxPerClient),
                                 rangedInteger(poolWait, 0, 3600000, &waitMs),
                                 rangedInteger(poolQueueMax, 0, 1000000, &queueMax)}) {
        if (!error.isEmpty())
            return fail(error);
    }
    options.shutdownGraceSeconds = int(grace);
    options.maxConnections = int(maxOpen);
    options.maxConnectionsPerClient = int(maxPerClient);
    options.poolLimits.waitMs = int(waitMs);
    options.poolLimits.queueMax = int(queueMax);

    // Retention and backup (issue 12).
    qint64 retainFinished = 0;
    qint64 retainAudit = 0;
    qint64 purgeFinishedDays = 0;
    qint64 purgeAuditDays = 0;
    for (const QString &error : {rangedInteger(retainFinishedDays, 0, 36500, &retainFinished),
                                 rangedInteger(retainAuditDays, 0, 36500, &retainAudit),
                                 rangedInteger(purgeFinished, 0, 36500, &purgeFinishedDays),
                                 rangedInteger(purgeAudit, 0, 36500, &purgeAuditDays)}) {
        if (!error.isEmpty())
            return fail(error);
    }
    options.retainFinishedDays = int(retainFinished);
    options.retainAuditDays = int(retainAudit);
    if (parser.isSet(purgeFinished))
        options.purgeFinishedOlderThanDays = int(purgeFinishedDays);
    if (parser.isSet(purgeAudit))
        options.purgeAuditOlderThanDays = int(purgeAuditDays);
    options.purgeDryRun = parser.isSet(dryRun);
    options.purgeArchiveFile = parser.value(archive);
    options.backupFile = parser.value(backup);
    const bool purging = parser.isSet(purgeFinished) || parser.isSet(purgeAudit);
    if (options.purgeDryRun && !purging)
        return fail(QStringLiteral("--dry-run needs --purge-finished-older-than or "
                                   "--purge-audit-older-than"));
    if (parser.isSet(archive) && !parser.isSet(purgeFinished))
        return fail(QStringLiteral("--archive needs --purge-finished-older-than"));
    if (parser.isSet(archive) && options.purgeDryRun)
        return fail(QStringLiteral("--archive and --dry-run exclude each other (a dry run "
                                   "removes nothing, so archives nothing)"));
    if (parser.isSet(archive) && QFileInfo::exists(options.purgeArchiveFile))
        return fail(QStringLiteral("--archive: %1 exists already").arg(options.purgeArchiveFile));
    if (parser.isSet(backup) && QFileInfo::exists(options.backupFile))
        return fail(QStringLiteral("--backup: %1 exists already").arg(options.backupFile));
    if (parser.isSet(backup) && options.database.driver != DatabaseConfig::Driver::Sqlite)
        return fail(QStringLiteral("--backup copies SQLite databases; back up PostgreSQL with "
                                   "pg_dump (docs/BACKUP.md)"));
    if (int(purging) + int(parser.isSet(backup)) + int(parser.isSet(import)) > 1)
        return fail(QStringLiteral("--import, --purge-* and --backup are separate commands: "
                                   "give one at a time"));
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument: ") + parser.positionalArguments().first());

    parsed.options = options;
    return parsed;
}

} // namespace taskdeck
