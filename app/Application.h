#pragma once

#include "CommandLine.h"
#include "TaskImport.h"
#if TASKDECK_WITH_WINDOW
#include "RememberedSession.h"
#endif

#include <QElapsedTimer>
#include <QObject>
#include <QSocketNotifier>

#include <functional>
#include <memory>

namespace taskdeck {

class ApiKeyService;
class SavedViewService;
class ApiServer;
class AuditService;
class AuthService;
class ChangeFeed;
class ConnectionPool;
class MainWindow;
class RetentionService;
class TaskService;

/// The composition root: builds the connection pool, the services, the HTTP API and (unless
/// headless) the main window, and runs the start-up sequence without blocking the event loop:
/// migrate -> load the token secret -> create the first admin if there are no users ->
/// import / purge / backup (then quit; a backup skips the migrations, so it copies the database
/// as it was) or start the API and, in GUI mode, sign in (after the first-start password
/// dialog, if any): --gui-user/--gui-password, else a remembered refresh token, else the
/// SignInDialog (Cancel quits) -> the window as that user. File > Sign out revokes the session,
/// forgets the remembered token and signs in again.
///
/// Built twice: with TASKDECK_WITH_WINDOW=1 for the desktop program `taskdeck` (window, dialogs,
/// QtWidgets), and with 0 for `taskdeck-server`, which is always headless and links no QtGui,
/// QtWidgets or QtCharts.
///
/// Thread affinity: main thread. Quits the application with a non-zero code when start-up fails
/// (the reason is printed, and shown in a message box in GUI mode).
class Application : public QObject
{
    Q_OBJECT
public:
    explicit Application(AppOptions options, QObject *parent = nullptr);
    ~Application() override;

    /// Starts the sequence; returns at once.
    void start();
    /// Installs the SIGTERM/SIGINT handlers (a self-pipe read by a QSocketNotifier on this
    /// thread, so nothing but write() runs in the handler): the first signal starts
    /// shutdownGracefully(); later ones are ignored while it runs. Call once, on the main thread.
    void installSignalHandlers();

private:
    void initializeAuth();
    void bootstrapAdmin();
    void runImport();
    /// Second pass of runImport: writes a file whose first pass found no error.
    void importChecked(const QString &path, const ImportCheck &check, EpochMs nowMs,
                       const std::function<void(const QString &)> &aborted);
    // One-shot retention and backup commands (issue 12): run instead of serving, then exit.
    void runPurge();
    void runAuditPurge();
    void runBackup();
    void startServing(const QString &generatedAdminPassword);
    /// Writes a generated admin password to --admin-password-file (mode 0600); false (and the
    /// reason printed) when that fails.
    bool writeAdminPasswordFile(const QString &password);
    /// The line that tells where the generated admin password is: the file, or the password.
    QString adminPasswordLine(const QString &password) const;
#if TASKDECK_WITH_WINDOW
    void signIn();
    void showSignInDialog();
    void openWindow(const SignedInSession &session);
    void signOut();
    /// Says once, in the window's status bar, when the remembered sign-in went to the file (no
    /// keychain) or could not be kept at all.
    void tellWhereRemembered(RememberStorage where);
    bool eventFilter(QObject *watched, QEvent *event) override;
#endif
    void fail(const QString &message, int exitCode = 1);
    /// Stops accepting, answers the API requests in flight for at most --shutdown-grace-seconds
    /// (ApiServer::drain: WebSocket clients get 1001), then quits the event loop with 0; the
    /// destructor closes the services and the pool.
    void shutdownGracefully(int signal);
    void printLine(const QString &line) const;

    AppOptions m_options;
    QElapsedTimer m_startup;
    std::unique_ptr<ConnectionPool> m_pool;
    std::unique_ptr<TaskService> m_tasks;
    /// Every change, from anyone (created when serving starts, after the migrations).
    std::unique_ptr<ChangeFeed> m_feed;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<ApiKeyService> m_keys;     ///< API keys: the HTTP auth step and the GUI's page
    std::unique_ptr<SavedViewService> m_views; ///< the window's saved views
    std::unique_ptr<AuditService> m_audit;     ///< the GUI's Audit page
    /// Purges (one-shot commands, and the server's schedule when --retain-* is given).
    std::unique_ptr<RetentionService> m_retention;
    std::unique_ptr<ApiServer> m_api;
    bool m_adminPasswordInFile = false;                ///< the generated password went to the file
    std::unique_ptr<QSocketNotifier> m_signalNotifier; ///< read end of the signal self-pipe
    bool m_shuttingDown = false;
#if TASKDECK_WITH_WINDOW
    std::unique_ptr<MainWindow> m_window;
    SignedInSession m_session; ///< the window's user and the latest tokens of its chain
    bool m_signingOut = false; ///< closing the window for a sign-out does not quit
    bool m_toldWhereRemembered = false;
#endif
};

} // namespace taskdeck
