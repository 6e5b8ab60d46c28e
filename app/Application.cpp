#include "Application.h"

#include "ApiJson.h"
#include "ApiKeyService.h"
#include "ApiServer.h"
#include "Async.h"
#include "AuditService.h"
#include "AuthService.h"
#include "Backup.h"
#include "ChangeFeed.h"
#include "ConnectionPool.h"
#include "RetentionService.h"
#include "SavedViewService.h"
#include "TaskImport.h"
#include "TaskJson.h"
#include "TaskService.h"
#if TASKDECK_WITH_WINDOW
#include "AdminPasswordDialog.h"
#include "MainWindow.h"
#include "RememberedSession.h"
#include "SignInDialog.h"

#include <QApplication>
#include <QMessageBox>
#include <QStatusBar>
#endif

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace taskdeck {

namespace {

/// The signal self-pipe: the handler writes the signal number, the main thread reads it.
int g_signalPipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int signal)
{
    const int saved = errno;
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
    errno = saved;
}

/// Raises the soft limit of open files to the hard limit (systemd's default soft limit is
/// 1,024), so admission control, not the kernel, decides how many connections we hold. Returns
/// the soft limit now in force (0: unknown).
rlim_t raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    const rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? rlim_t(1 << 20) : limit.rlim_max;
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted)
        return limit.rlim_cur;
    const rlim_t before = limit.rlim_cur;
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return before;
    return wanted;
}

QString describe(const ServiceError &error)
{
    QString text = error.message;
    for (const FieldError &field : error.fields)
        text += QStringLiteral("\n  ") + field.loc.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                field.msg;
    return text;
}

} // namespace

Application::Application(AppOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    m_startup.start();
    m_pool = std::make_unique<ConnectionPool>(m_options.database, m_options.poolSize,
                                              m_options.poolLimits);
    m_tasks = std::make_unique<TaskService>(m_pool.get());
    AuthOptions authOptions;
    authOptions.loginMaxFailures = m_options.loginMaxFailures;
    authOptions.loginBanSeconds = m_options.loginBanSeconds;
    authOptions.accessTokenLifetimeSeconds = m_options.accessTokenLifetimeSeconds;
    m_auth = std::make_unique<AuthService>(m_pool.get(), authOptions);
    m_audit = std::make_unique<AuditService>(m_pool.get());
    m_keys = std::make_unique<ApiKeyService>(m_pool.get());
    m_views = std::make_unique<SavedViewService>(m_pool.get());
    m_retention = std::make_unique<RetentionService>(m_pool.get());
}

Application::~Application()
{
    // Order matters: the window and the HTTP thread use the services, the services use the pool.
#if TASKDECK_WITH_WINDOW
    m_window.reset();
#endif
    if (m_api)
        m_api->stop();
    m_api.reset();
    m_feed.reset();
    m_audit.reset();
    m_keys.reset();
    m_views.reset();
    m_auth.reset();
    m_tasks.reset();
    m_pool.reset();
    // After the pool: a purge batch still running hands its next step to the service's thread
    // (a queued call that is dropped with the service), so the service must outlive the jobs.
    m_retention.reset();
}

void Application::printLine(const QString &line) const
{
    QTextStream out(stdout);
    out << line << Qt::endl;
}

void Application::fail(const QString &message, int exitCode)
{
    QTextStream(stderr) << TASKDECK_PROGRAM << ": " << message << Qt::endl;
#if TASKDECK_WITH_WINDOW
    if (!m_options.headless && qobject_cast<QApplication *>(QCoreApplication::instance()))
        QMessageBox::critical(nullptr, tr("Taskdeck"), message);
#endif
    QCoreApplication::exit(exitCode);
}

void Application::installSignalHandlers()
{
    if (m_signalNotifier)
        return;
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qWarning("Cannot create the signal pipe: %s; SIGTERM stops the program at once",
                 std::strerror(errno));
        return;
    }
    m_signalNotifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    connect(m_signalNotifier.get(), &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        int signal = 0;
        while (::read(g_signalPipe[0], &byte, 1) == 1)
            signal = signal ? signal : int(byte);
        if (signal)
            shutdownGracefully(signal);
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
}

void Application::shutdownGracefully(int signal)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    const QString name = signal == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM");
    QElapsedTimer stopping;
    stopping.start();
    if (m_api && m_api->isRunning()) {
        printLine(tr("%1: stopping; answering requests in flight for up to %2 s.")
                      .arg(name)
                      .arg(m_options.shutdownGraceSeconds));
        const int cut = m_api->drain(m_options.shutdownGraceSeconds * 1000);
        printLine(tr("API stopped in %1 ms (%2 connections cut unanswered).")
                      .arg(stopping.elapsed())
                      .arg(cut));
    } else {
        printLine(tr("%1: stopping.").arg(name));
    }
    QCoreApplication::exit(0);
}

void Application::start()
{
    if (m_options.headlessBecauseNoDisplay && m_options.importFile.isEmpty() &&
        !m_options.isMaintenanceCommand())
        printLine(tr("No display found (DISPLAY and WAYLAND_DISPLAY are unset): serving the API "
                     "only, as with --headless."));
    printLine(tr("Database: %1").arg(m_options.database.displayName()));
    if (!m_options.backupFile.isEmpty()) {
        runBackup(); // before any migration: the copy is the database as it is
        return;
    }
    whenReady(this, m_pool->migrate(), [this](const VoidResult &migrated) {
        if (!migrated.ok()) {
            fail(tr("Cannot prepare the database (%1): %2")
                     .arg(m_options.database.displayName(), describe(migrated.error())));
            return;
        }
        if (m_options.purgeFinishedOlderThanDays || m_options.purgeAuditOlderThanDays) {
            runPurge();
            return;
        }
        initializeAuth();
    });
}

void Application::initializeAuth()
{
    whenReady(this, m_auth->initialize(), [this](const VoidResult &initialized) {
        if (!initialized.ok()) {
            fail(tr("Cannot initialise authentication: %1").arg(describe(initialized.error())));
            return;
        }
        bootstrapAdmin();
    });
}

void Application::bootstrapAdmin()
{
    whenReady(this, m_auth->bootstrapAdmin(m_options.adminPassword),
              [this](const Result<AdminBootstrap> &bootstrap) {
                  if (!bootstrap.ok()) {
                      fail(tr("Cannot create the first admin account: %1")
                               .arg(describe(bootstrap.error())));
                      return;
                  }
                  const AdminBootstrap &b = bootstrap.value();
                  if (b.created && b.generatedPassword.isEmpty())
                      printLine(tr("Created the 'admin' account with the given password."));
                  if (!b.generatedPassword.isEmpty() && !m_options.adminPasswordFile.isEmpty())
                      m_adminPasswordInFile = writeAdminPasswordFile(b.generatedPassword);
                  if (!m_options.importFile.isEmpty()) {
                      if (!b.generatedPassword.isEmpty())
                          printLine(adminPasswordLine(b.generatedPassword));
                      runImport();
                  } else {
                      startServing(b.generatedPassword);
                  }
              });
}

bool Application::writeAdminPasswordFile(const QString &password)
{
    // Created with owner-only permissions before anything is written; an older file (from a
    // database that was since deleted) is replaced, since its password no longer applies.
    const QString path = m_options.adminPasswordFile;
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(password.toUtf8() + '\n') < 0 || !file.flush()) {
        QTextStream(stderr)
            << TASKDECK_PROGRAM << ": "
            << tr("cannot write the admin password to %1: %2").arg(path, file.errorString())
            << Qt::endl;
        return false;
    }
    return true;
}

QString Application::adminPasswordLine(const QString &password) const
{
    if (m_adminPasswordInFile)
        return tr("Created the 'admin' account. Its password is in %1 (readable by this user "
                  "only); change it after signing in, then delete the file.")
            .arg(QFileInfo(m_options.adminPasswordFile).absoluteFilePath());
    return tr("Created the 'admin' account. Its password (shown only once): %1").arg(password);
}

void Application::runImport()
{
    const QString path = m_options.importFile;
    printLine(tr("Reading %1 ...").arg(path));
    // Two passes over the file, a chunk at a time (memory stays bounded whatever its size): the
    // first checks every row without writing; only a file without errors is read again and
    // written, all rows in one transaction. Parsing is CPU work: off the main thread.
    const EpochMs nowMs = QDateTime::currentMSecsSinceEpoch();
    QFuture<Result<ImportCheck>> checked =
        QtConcurrent::run([path, nowMs] { return checkImportFile(path, nowMs); });
    // Every outcome ends the program: a job that throws (out of memory under a limit) or is
    // cancelled is reported, never dropped (which used to leave the import waiting forever).
    auto aborted = [this, path](const QString &reason) {
        fail(tr("Nothing imported from %1: the import stopped (%2).").arg(path, reason));
    };
    whenReady(
        this, checked,
        [this, path, nowMs, aborted](const Result<ImportCheck> &file) {
            if (!file.ok()) {
                fail(tr("Cannot import %1: %2").arg(path, describe(file.error())));
                return;
            }
            const ImportCheck &check = file.value();
            if (check.rejected > 0) {
                QTextStream err(stderr);
                err << tr("Nothing imported: %n row(s) of %1 failed validation.", nullptr,
                          int(qMin<qint64>(check.rejected, INT_MAX)))
                           .arg(check.records)
                    << Qt::endl;
                for (const FieldError &e : check.errors.mid(0, 50))
                    err << "  " << e.loc.join(QStringLiteral(", ")) << ": " << e.msg << Qt::endl;
                if (check.errorCount > 50)
                    err << tr("  ... and %1 more error(s)").arg(check.errorCount - 50) << Qt::endl;
                QCoreApplication::exit(1);
                return;
            }
            if (check.conflict) {
                fail(tr("Nothing imported from %1: %2").arg(path, describe(*check.conflict)));
                return;
            }
            printLine(tr("Checked %1 row(s); writing them ...").arg(check.records));
            importChecked(path, check, nowMs, aborted);
        },
        aborted);
}

void Application::importChecked(const QString &path, const ImportCheck &check, EpochMs nowMs,
                                const std::function<void(const QString &)> &aborted)
{
    const qint64 total = check.valid;
    const QDateTime started = QDateTime::currentDateTimeUtc();
    // On a terminal the progress line rewrites itself; in a log it is one line per 10%.
    const bool terminal = isatty(fileno(stderr)) != 0;
    auto progress = [terminal, lastTenth = std::make_shared<std::atomic<qint64>>(-1)](qint64 done,
                                                                                      qint64 all) {
        const qint64 tenth = all > 0 ? done * 10 / all : 10;
        if (!terminal && lastTenth->exchange(tenth) == tenth)
            return;
        std::fprintf(stderr, terminal ? "\rImporting: %lld / %lld" : "Importing: %lld / %lld\n",
                     static_cast<long long>(done), static_cast<long long>(all));
        std::fflush(stderr);
    };
    Principal importer;
    importer.username = QStringLiteral("import");
    importer.role = Role::Admin;
    whenReady(
        this, m_tasks->importFile(path, check, nowMs, importer, progress),
        [this, total, started, path](const Result<ImportSummary> &summary) {
            std::fprintf(stderr, "\n");
            if (!summary.ok()) {
                fail(tr("Nothing imported from %1: %2").arg(path, describe(summary.error())));
                return;
            }
            const ImportSummary &s = summary.value();
            if (s.imported != total || !s.errors.isEmpty()) {
                QTextStream err(stderr);
                err << tr("Nothing imported: %1 row(s) rejected.").arg(s.rejected) << Qt::endl;
                for (const FieldError &e : s.errors.mid(0, 50))
                    err << "  " << e.loc.join(QStringLiteral(", ")) << ": " << e.msg << Qt::endl;
                QCoreApplication::exit(1);
                return;
            }
            const double seconds = started.msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0;
            printLine(tr("Imported %1 tasks from %2 in %3 s.")
                          .arg(s.imported)
                          .arg(path)
                          .arg(seconds, 0, 'f', 2));
            QCoreApplication::exit(0);
        },
        aborted);
}

namespace {

QString statusCounts(const PurgeSummary &summary)
{
    QStringList parts;
    for (const char *status : {"completed", "failed", "cancelled"})
        parts << QStringLiteral("%1 %2")
                     .arg(QLatin1String(status))
                     .arg(summary.byStatus.value(QLatin1String(status)));
    return parts.join(QStringLiteral(", "));
}

QString timeRange(const PurgeSummary &summary)
{
    if (!summary.oldest || !summary.newest)
        return {};
    return QStringLiteral("; from %1 to %2")
        .arg(json::formatTimestamp(*summary.oldest), json::formatTimestamp(*summary.newest));
}

} // namespace

void Application::runPurge()
{
    if (!m_options.purgeFinishedOlderThanDays) {
        runAuditPurge();
        return;
    }
    const EpochMs started = QDateTime::currentMSecsSinceEpoch();
    PurgeRequest request;
    request.cutoff = started - qint64(*m_options.purgeFinishedOlderThanDays) * 86400000;
    request.dryRun = m_options.purgeDryRun;
    if (!m_options.purgeArchiveFile.isEmpty()) {
        // Each batch's tasks are written and synced before that batch commits its DELETE.
        auto file = std::make_shared<QFile>(m_options.purgeArchiveFile);
        if (!file->open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            fail(tr("Cannot create the archive %1: %2")
                     .arg(m_options.purgeArchiveFile, file->errorString()));
            return;
        }
        request.archive = [file](const QList<Task> &tasks) {
            QByteArray lines;
            for (const Task &task : tasks)
                lines += json::toApiJson(json::taskToJson(task)) + '\n';
            return file->write(lines) == lines.size() && file->flush() &&
                   ::fsync(file->handle()) == 0;
        };
    }
    const QString before = json::formatTimestamp(request.cutoff);
    whenReady(this, m_retention->purgeFinishedTasks(request),
              [this, started, before](const Result<PurgeSummary> &done) {
                  if (!done.ok()) {
                      fail(tr("Purge of finished tasks stopped: %1 (the batches before the "
                              "error stay removed)")
                               .arg(describe(done.error())));
                      return;
                  }
                  const PurgeSummary &s = done.value();
                  if (m_options.purgeDryRun) {
                      printLine(tr("Dry run: would remove %1 finished task(s) not changed since "
                                   "%2 (%3%4). Nothing removed.")
                                    .arg(s.removed)
                                    .arg(before, statusCounts(s), timeRange(s)));
                  } else {
                      printLine(tr("Removed %1 finished task(s) not changed since %2 (%3%4) in "
                                   "%5 batch(es) of at most %6, %7 s.")
                                    .arg(s.removed)
                                    .arg(before, statusCounts(s), timeRange(s))
                                    .arg(s.batches)
                                    .arg(kDefaultPurgeBatch)
                                    .arg((QDateTime::currentMSecsSinceEpoch() - started) / 1000.0,
                                         0, 'f', 2));
                      if (!m_options.purgeArchiveFile.isEmpty())
                          printLine(tr("Archived them to %1.").arg(m_options.purgeArchiveFile));
                  }
                  if (s.busy) {
                      fail(tr("Another Taskdeck instance is purging finished tasks right now; "
                              "this run stopped. Try again later."));
                      return;
                  }
                  runAuditPurge();
              });
}

void Application::runAuditPurge()
{
    if (!m_options.purgeAuditOlderThanDays) {
        QCoreApplication::exit(0);
        return;
    }
    const EpochMs started = QDateTime::currentMSecsSinceEpoch();
    PurgeRequest request;
    request.cutoff = started - qint64(*m_options.purgeAuditOlderThanDays) * 86400000;
    request.dryRun = m_options.purgeDryRun;
    const QString before = json::formatTimestamp(request.cutoff);
    whenReady(this, m_retention->purgeAudit(request),
              [this, started, before](const Result<PurgeSummary> &done) {
                  if (!done.ok()) {
                      fail(tr("Purge of audit entries stopped: %1 (the batches before the error "
                              "stay removed)")
                               .arg(describe(done.error())));
                      return;
                  }
                  const PurgeSummary &s = done.value();
                  if (m_options.purgeDryRun)
                      printLine(tr("Dry run: would remove %1 audit entr(ies) older than %2%3. "
                                   "Nothing removed.")
                                    .arg(s.removed)
                                    .arg(before, timeRange(s)));
                  else
                      printLine(tr("Removed %1 audit entr(ies) older than %2%3 in %4 batch(es), "
                                   "%5 s.")
                                    .arg(s.removed)
                                    .arg(before, timeRange(s))
                                    .arg(s.batches)
                                    .arg((QDateTime::currentMSecsSinceEpoch() - started) / 1000.0,
                                         0, 'f', 2));
                  if (s.busy) {
                      fail(tr("Another Taskdeck instance is purging audit entries right now; "
                              "this run stopped. Try again later."));
                      return;
                  }
                  QCoreApplication::exit(0);
              });
}

void Application::runBackup()
{
    const QString file = QFileInfo(m_options.backupFile).absoluteFilePath();
    const EpochMs started = QDateTime::currentMSecsSinceEpoch();
    whenReady(this, backupSqliteDatabase(m_pool.get(), file),
              [this, file, started](const VoidResult &done) {
                  if (!done.ok()) {
                      fail(tr("Backup to %1 failed: %2").arg(file, describe(done.error())));
                      return;
                  }
                  printLine(tr("Backed up %1 to %2 (%3 bytes) in %4 s.")
                                .arg(m_options.database.displayName(), file)
                                .arg(QFileInfo(file).size())
                                .arg((QDateTime::currentMSecsSinceEpoch() - started) / 1000.0, 0,
                                     'f', 2));
                  QCoreApplication::exit(0);
              });
}

void Application::startServing(const QString &generatedAdminPassword)
{
    ChangeFeed::Options feedOptions;
    feedOptions.logMaxRows = m_options.changeLogMaxRows;
    feedOptions.logMaxAgeMs = m_options.changeLogMaxAgeDays * 86400000;
    m_feed = std::make_unique<ChangeFeed>(m_pool.get(), feedOptions);
    ApiServerOptions apiOptions;
    apiOptions.bindAddress = m_options.bindAddress.toString();
    apiOptions.port = m_options.port;
    apiOptions.maxBodyBytes = m_options.maxBodyBytes;
    apiOptions.corsOrigins = m_options.corsOrigins;
    apiOptions.allowedHosts = m_options.allowedHosts;
    apiOptions.trustedProxies = m_options.trustedProxies;
    apiOptions.tlsCertificateFile = m_options.tlsCertificateFile;
    apiOptions.tlsKeyFile = m_options.tlsKeyFile;
    apiOptions.metricsPublic = m_options.metricsPublic;
    apiOptions.maxConnections = m_options.maxConnections;
    apiOptions.maxConnectionsPerClient = m_options.maxConnectionsPerClient;
    // Admission control must bite before the kernel's limit does: keep room for the pool's
    // connections, log files and the listening sockets.
    if (const rlim_t files = raiseOpenFileLimit(); files > 0 && files != RLIM_INFINITY) {
        const qint64 room = qint64(files) - 64 - 2 * qint64(m_options.poolSize);
        if (room < apiOptions.maxConnections) {
            apiOptions.maxConnections = int(qMax<qint64>(16, room));
            printLine(tr("The open-file limit is %1: serving at most %2 connections at once.")
                          .arg(qint64(files))
                          .arg(apiOptions.maxConnections));
        }
    }
    m_api = std::make_unique<ApiServer>(m_tasks.get(), m_auth.get(), m_keys.get(), m_pool.get(),
                                        m_feed.get(), apiOptions);
    if (!m_api->start()) {
        fail(m_api->errorString());
        return;
    }
    printLine(tr("API listening on %1").arg(m_api->address()));
    RetentionService::Schedule retention;
    retention.finishedDays = m_options.retainFinishedDays;
    retention.auditDays = m_options.retainAuditDays;
    m_retention->startSchedule(retention);

    if (m_options.headless) {
        if (!generatedAdminPassword.isEmpty())
            printLine(adminPasswordLine(generatedAdminPassword));
        // "Ready" once changes are heard (PostgreSQL: the LISTEN connection is up), so a script
        // that waits for it misses no event; a listener that cannot connect yet is reported.
        // Connected before the state is read: a change in between is not missed.
        auto announced = std::make_shared<bool>(false);
        auto ready = [this, announced](bool live, const QString &detail) {
            if (*announced)
                return;
            *announced = true;
            if (!live)
                printLine(tr("Live updates are not available yet: %1").arg(detail));
            printLine(tr("Ready in %1 ms.").arg(m_startup.elapsed()));
        };
        connect(m_feed.get(), &ChangeFeed::listenerStateChanged, this,
                [ready](ChangeFeed::ListenerState state, const QString &detail) {
                    ready(state == ChangeFeed::ListenerState::Connected, detail);
                });
        if (m_feed->listenerState() == ChangeFeed::ListenerState::Connected)
            ready(true, {});
        return;
    }

#if TASKDECK_WITH_WINDOW
    // Windows come and go (sign-in dialog, sign-out): quitting is decided here, not by the
    // last window closing.
    QApplication::setQuitOnLastWindowClosed(false);
    if (generatedAdminPassword.isEmpty()) {
        signIn();
        return;
    }
    auto *dialog = new AdminPasswordDialog(QStringLiteral("admin"), generatedAdminPassword);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, &Application::signIn);
    dialog->open();
#else
    Q_UNUSED(generatedAdminPassword);
#endif
}

#if TASKDECK_WITH_WINDOW
void Application::signIn()
{
    if (!m_options.guiUser.isEmpty()) {
        whenReady(this,
                  m_auth->login(m_options.guiUser, m_options.guiPassword, QStringLiteral("local")),
                  [this](const Result<LoginResult> &login) {
                      if (!login.ok()) {
                          fail(tr("Cannot sign in as %1 (--gui-user): %2")
                                   .arg(m_options.guiUser, describe(login.error())));
                          return;
                      }
                      openWindow(SignedInSession::fromLogin(login.value()));
                  });
        return;
    }
    RememberedSession::resume(
        m_auth.get(), this, [this](const std::optional<SignedInSession> &session) {
            if (!session) {
                showSignInDialog();
                return;
            }
            openWindow(*session);
            tellWhereRemembered(RememberedSession::keychainState() ==
                                        RememberedSession::KeychainState::Unavailable
                                    ? RememberStorage::File
                                    : RememberStorage::Keychain);
        });
}

void Application::showSignInDialog()
{
    auto *dialog = new SignInDialog(m_auth.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const SignedInSession session = dialog->session();
        openWindow(session);
        if (dialog->rememberMe())
            RememberedSession::store(session.refreshToken, this,
                                     [this](RememberStorage where) { tellWhereRemembered(where); });
        else
            RememberedSession::forget();
    });
    connect(dialog, &QDialog::rejected, this, [] { QCoreApplication::exit(0); });
    dialog->open();
}

void Application::openWindow(const SignedInSession &session)
{
    m_session = session;
    m_window = std::make_unique<MainWindow>(m_tasks.get(), session.principal, m_api->address(),
                                            m_options.database, m_pool.get(), m_feed.get(), nullptr,
                                            m_audit.get(), m_auth.get(), m_keys.get());
    m_window->setSavedViews(m_views.get());
    m_window->installEventFilter(this);
    connect(m_window.get(), &MainWindow::signOutRequested, this, &Application::signOut,
            Qt::QueuedConnection);
    m_window->show();
    printLine(tr("Window shown in %1 ms.").arg(m_startup.elapsed()));
}

void Application::tellWhereRemembered(RememberStorage where)
{
    // Once per run, in the status bar (no dialog): a keychain is the normal case.
    if (where == RememberStorage::Keychain || m_toldWhereRemembered || !m_window)
        return;
    m_toldWhereRemembered = true;
    m_window->statusBar()->showMessage(
        where == RememberStorage::File
            ? tr("No system keychain available: your sign-in is remembered in %1, readable only "
                 "by you.")
                  .arg(QDir::toNativeSeparators(RememberedSession::path()))
            : tr("Your sign-in could not be remembered: no system keychain is available and %1 "
                 "could not be written.")
                  .arg(QDir::toNativeSeparators(RememberedSession::path())),
        20000);
}

void Application::signOut()
{
    if (!m_window || m_signingOut)
        return;
    m_signingOut = true;
    RememberedSession::forget();
    // logout() needs a valid access token and the window's may have expired: a refresh gives a
    // fresh one from the same chain, then logout revokes the whole chain.
    const SignedInSession session = m_session;
    m_session = SignedInSession();
    whenReady(this, m_auth->refresh(session.refreshToken, QStringLiteral("local")),
              [this, session](const Result<LoginResult> &refreshed) {
                  const QString access =
                      refreshed.ok() ? refreshed.value().accessToken : session.accessToken;
                  whenReady(this, m_auth->logout(access.toUtf8()), [this](const VoidResult &) {
                      // Revoked, or already unusable (expired, revoked elsewhere): signed out
                      // either way.
                      if (m_window) {
                          m_window->removeEventFilter(this);
                          m_window->close();
                          m_window.reset();
                      }
                      m_signingOut = false;
                      showSignInDialog();
                  });
              });
}

bool Application::eventFilter(QObject *watched, QEvent *event)
{
    // Closing the window (File > Quit, the title bar) ends the application, as before sign-in.
    if (m_window && watched == m_window.get() && event->type() == QEvent::Close && !m_signingOut)
        QCoreApplication::exit(0);
    return QObject::eventFilter(watched, event);
}

#endif

} // namespace taskdeck
