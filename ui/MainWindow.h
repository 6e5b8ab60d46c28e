#pragma once

#include "ChangeFeed.h"
#include "DatabaseConfig.h"
#include "Metrics.h"
#include "User.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace taskdeck {

class ApiKeyService;
class ApiKeysPage;
class AuditLogPage;
class AuditService;
class AuthService;
class CommandPalette;
class ConnectionPool;
class DashboardPage;
class PreferencesDialog;
class SavedViewService;
class SavedViewsMenu;
class TaskService;
class TasksPage;
class UsersPage;

/// Taskdeck's main window: a Tasks page and a Dashboard page in tabs, menus, and a status bar
/// with the database (driver and host, connected or not: pinged every 5 s through the pool),
/// the live-update state of the change feed, the API address and the signed-in user.
///
/// Construction (app/, after the services and the HTTP server exist):
/// @code
///   auto window = std::make_unique<MainWindow>(tasks, principal, apiAddress, pool->config(),
///   pool, feed); window->show();
/// @endcode
/// - `tasks`: the TaskService every page uses (not owned; must outlive the window).
/// - `user`: the signed-in local user; without canWriteTasks() (viewer) no edit action is shown.
/// - `apiAddress`: shown as is, e.g. "http://127.0.0.1:8000"; empty when the API is off.
/// - `database`: what the status bar names (DatabaseConfig::displayName(), never the password).
/// - `pool`: used only for the connectivity ping (not owned; must outlive the window).
/// - `feed`: the change feed on that pool (not owned; must outlive the window): every change by
///   anyone (this window, the HTTP API, other processes on PostgreSQL) arrives through it.
/// - `audit`, `auth` (optional, not owned, must outlive the window): for an admin `user`, an
///   Audit tab (with `audit`) and a Users tab (with `auth`) are added; other roles never get
///   them.
/// - `keys` (optional, not owned, must outlive the window): an API keys tab for every role (the
///   user's own keys; an admin's: everyone's).
///
/// Window geometry, the current tab and the task table's column layout (order, widths, sort)
/// are kept in QSettings() (set QCoreApplication organization/application names first). The
/// page shown first is Preferences::startPage() (the last one open, Tasks or Dashboard).
/// Live updates, no polling: each page subscribes to the change feed itself and the window only
/// passes it on. The task table applies the feed's task events in place (TaskTableController),
/// the dashboard takes metrics.updated as it is and re-reads its time series at most once a
/// second, the Audit page re-reads its page at most once a second; on resyncNeeded each reloads
/// what it shows. The status bar says "Live" while the feed listens and "Live updates lost —
/// reconnecting…" when its listener connection dropped. Nothing here blocks on the database.
///
/// Thread affinity: GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(TaskService *tasks, Principal user, QString apiAddress, DatabaseConfig database,
               ConnectionPool *pool, ChangeFeed *feed, QWidget *parent = nullptr,
               AuditService *audit = nullptr, AuthService *auth = nullptr,
               ApiKeyService *keys = nullptr);
    ~MainWindow() override;

    TasksPage *tasksPage() const { return m_tasksPage; }
    DashboardPage *dashboardPage() const { return m_dashboardPage; }
    /// The Audit page; nullptr unless the user is an admin and an AuditService was given.
    AuditLogPage *auditPage() const { return m_auditPage; }
    /// The Users page; nullptr unless the user is an admin and an AuthService was given.
    UsersPage *usersPage() const { return m_usersPage; }
    /// The API keys page; nullptr unless an ApiKeyService was given.
    ApiKeysPage *apiKeysPage() const { return m_apiKeysPage; }
    QTabWidget *tabs() const { return m_tabs; }
    /// True after the last ping succeeded.
    bool isDatabaseConnected() const { return m_connected; }
    QLabel *databaseLabel() const { return m_databaseLabel; }
    /// "Live" or "Live updates lost — reconnecting…" (object name "liveStatus").
    QLabel *liveLabel() const { return m_liveLabel; }
    /// File > Sign out: emits signOutRequested() (the application revokes the session).
    QAction *signOutAction() const { return m_signOutAction; }

    /// Saved views (issue 11 item 4): adds the Views menu and the views box of the Tasks page,
    /// loads the user's views and applies their default view. `views` is not owned and must
    /// outlive the window. Call once, after construction (app/ does at sign-in).
    void setSavedViews(SavedViewService *views);
    /// The saved views of the window; nullptr until setSavedViews().
    SavedViewsMenu *savedViews() const { return m_savedViews; }

    /// Keyboard (issue 11 item 6): Help › Command Palette (Ctrl+K), Help › Keyboard Shortcuts
    /// (F1), Tasks › Find (Ctrl+F, focuses the search box), status shortcuts (Ctrl+Shift+S/C/F/
    /// X/P), Tasks › Next/Previous Page of Rows (Alt+Page Down/Up).
    QAction *paletteAction() const { return m_paletteAction; }
    QAction *shortcutsAction() const { return m_shortcutsAction; }
    QAction *focusSearchAction() const { return m_focusSearchAction; }
    /// Opens the command palette over the menus' enabled actions (the saved views among them, in
    /// the Views menu).
    CommandPalette *openCommandPalette();

    /// Settings › Preferences… (Ctrl+,): theme, time zone, start page, language.
    QAction *preferencesAction() const { return m_preferencesAction; }
    /// Opens the preferences dialog (non-blocking; it deletes itself when closed).
    PreferencesDialog *openPreferences();

    /// Writes geometry and table layout to QSettings (also done on close).
    void saveSettings() const;

signals:
    /// The user chose File > Sign out. The window does nothing else; app/ revokes the session,
    /// closes this window and asks for a new sign-in.
    void signOutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createKeyboardCommands(QMenu *tasks, QMenu *help);
    void createStatusBar();
    void restoreSettings();
    void ping();
    void setConnected(bool connected, const QString &detail = QString());
    void setLiveState(ChangeFeed::ListenerState state, const QString &detail);
    void showAbout();
    static QString roleText(Role role);

    TaskService *m_tasks;
    ConnectionPool *m_pool;
    Principal m_user;
    QString m_apiAddress;
    DatabaseConfig m_database;

    QTabWidget *m_tabs;
    TasksPage *m_tasksPage;
    DashboardPage *m_dashboardPage;
    AuditLogPage *m_auditPage = nullptr;
    UsersPage *m_usersPage = nullptr;
    ApiKeysPage *m_apiKeysPage = nullptr;
    ChangeFeed *m_feed;
    QLabel *m_databaseIcon = nullptr;
    QLabel *m_databaseLabel = nullptr;
    QLabel *m_liveLabel = nullptr;
    QAction *m_signOutAction = nullptr;
    QMenu *m_helpMenu = nullptr;
    SavedViewsMenu *m_savedViews = nullptr;
    QAction *m_paletteAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_focusSearchAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QTimer m_pingTimer;
    bool m_pinging = false;
    bool m_connected = false;
};

} // namespace taskdeck
