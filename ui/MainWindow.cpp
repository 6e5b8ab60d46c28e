#include "MainWindow.h"

#include "ApiKeysPage.h"
#include "Async.h"
#include "AuditPage.h"
#include "CommandPalette.h"
#include "ConnectionPool.h"
#include "DashboardPage.h"
#include "ErrorMessages.h"
#include "Preferences.h"
#include "SavedViewsMenu.h"
#include "TaskFilterBar.h"
#include "TaskService.h"
#include "TasksPage.h"
#include "Translations.h"
#include "UsersPage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

namespace taskdeck {

MainWindow::MainWindow(TaskService *tasks, Principal user, QString apiAddress,
                       DatabaseConfig database, ConnectionPool *pool, ChangeFeed *feed,
                       QWidget *parent, AuditService *audit, AuthService *auth, ApiKeyService *keys)
    : QMainWindow(parent), m_tasks(tasks), m_pool(pool), m_user(std::move(user)),
      m_apiAddress(std::move(apiAddress)), m_database(std::move(database)),
      m_tabs(new QTabWidget(this)), m_tasksPage(new TasksPage(tasks, m_user, feed, this)),
      m_dashboardPage(new DashboardPage(tasks, feed, this)), m_feed(feed)
{
    setWindowTitle(tr("Taskdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/taskdeck.svg")));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_tasksPage, QIcon(QStringLiteral(":/icons/tasks.svg")), tr("&Tasks"));
    m_tabs->addTab(m_dashboardPage, QIcon(QStringLiteral(":/icons/dashboard.svg")),
                   tr("&Dashboard"));
    if (m_user.isAdmin() && audit) {
        m_auditPage = new AuditLogPage(audit, feed, m_user, this);
        m_tabs->addTab(m_auditPage, QIcon(QStringLiteral(":/icons/filter.svg")), tr("Aud&it"));
        connect(m_auditPage, &AuditLogPage::loadFailed, this, [this](const ServiceError &error) {
            statusBar()->showMessage(ErrorMessages::text(error), 6000);
        });
    }
    if (m_user.isAdmin() && auth) {
        m_usersPage = new UsersPage(auth, m_user, this);
        m_tabs->addTab(m_usersPage, QIcon(QStringLiteral(":/icons/user.svg")), tr("&Users"));
        connect(m_usersPage, &UsersPage::statusMessage, this,
                [this](const QString &text) { statusBar()->showMessage(text, 6000); });
        if (m_auditPage)
            connect(m_usersPage, &UsersPage::usersChanged, m_auditPage, &AuditLogPage::refresh);
    }
    if (keys) {
        m_apiKeysPage = new ApiKeysPage(keys, m_user, this);
        m_tabs->addTab(m_apiKeysPage, QIcon(QStringLiteral(":/icons/api.svg")), tr("API &Keys"));
        connect(m_apiKeysPage, &ApiKeysPage::statusMessage, this,
                [this](const QString &text) { statusBar()->showMessage(text, 6000); });
        if (m_auditPage)
            connect(m_apiKeysPage, &ApiKeysPage::keysChanged, m_auditPage, &AuditLogPage::refresh);
    }
    setCentralWidget(m_tabs);
    createMenus();
    createStatusBar();

    // Each page follows the change feed itself (the table through its controller, the
    // dashboard, the categories and the Audit page); the window only shows the live state.
    if (m_feed) {
        connect(m_feed, &ChangeFeed::listenerStateChanged, this, &MainWindow::setLiveState);
        setLiveState(m_feed->listenerState(), QString());
    }
    connect(m_tasksPage, &TasksPage::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_dashboardPage, &DashboardPage::openTasksRequested, this,
            [this](const TaskFilter &filter) {
                m_tabs->setCurrentWidget(m_tasksPage);
                m_tasksPage->showFiltered(filter);
            });
    connect(m_dashboardPage, &DashboardPage::loadFailed, this, [this](const ServiceError &error) {
        statusBar()->showMessage(ErrorMessages::text(error), 6000);
    });

    m_pingTimer.setInterval(5000);
    connect(&m_pingTimer, &QTimer::timeout, this, &MainWindow::ping);
    m_pingTimer.start();
    ping();
    m_dashboardPage->reload();

    resize(1280, 800);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_tasksPage->exportAction());
    file->addSeparator();
    m_signOutAction = file->addAction(QIcon(QStringLiteral(":/icons/user.svg")), tr("Sign &out"),
                                      this, &MainWindow::signOutRequested);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    QAction *quit = file->addAction(QIcon(QStringLiteral(":/icons/quit.svg")), tr("&Quit"), this,
                                    &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *tasks = menuBar()->addMenu(tr("T&asks"));
    if (m_user.canWriteTasks()) {
        tasks->addAction(m_tasksPage->newAction());
        tasks->addAction(m_tasksPage->editAction());
        QMenu *status =
            tasks->addMenu(QIcon(QStringLiteral(":/icons/status.svg")), tr("Change &Status"));
        for (TaskStatus target : {TaskStatus::InProgress, TaskStatus::Completed, TaskStatus::Failed,
                                  TaskStatus::Cancelled, TaskStatus::Pending})
            status->addAction(m_tasksPage->statusAction(target));
        tasks->addAction(m_tasksPage->deleteAction());
        tasks->addSeparator();
    }
    tasks->addAction(m_tasksPage->refreshAction());

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    m_preferencesAction =
        settings->addAction(tr("&Preferences…"), this, [this] { openPreferences(); });
    m_preferencesAction->setObjectName(QStringLiteral("preferencesAction"));
    m_preferencesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_helpMenu = help;
    createKeyboardCommands(tasks, help);
    help->addAction(QIcon(QStringLiteral(":/icons/taskdeck.svg")), tr("&About Taskdeck"), this,
                    &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createKeyboardCommands(QMenu *tasks, QMenu *help)
{
    // Status changes (the actions exist for every role; viewers never see them enabled).
    const QList<QPair<TaskStatus, QKeySequence>> statusKeys{
        {TaskStatus::InProgress, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
        {TaskStatus::Completed, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
        {TaskStatus::Failed, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)},
        {TaskStatus::Cancelled, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X)},
        {TaskStatus::Pending, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)}};
    for (const auto &[status, keys] : statusKeys) {
        if (QAction *action = m_tasksPage->statusAction(status)) {
            action->setShortcut(keys);
            m_tasksPage->addAction(action);
        }
    }
    m_focusSearchAction = tasks->addAction(tr("&Find…"), this, [this] {
        m_tabs->setCurrentWidget(m_tasksPage);
        QLineEdit *search = m_tasksPage->filterBar()->searchEdit();
        search->setFocus(Qt::ShortcutFocusReason);
        search->selectAll();
    });
    m_focusSearchAction->setObjectName(QStringLiteral("focusSearchAction"));
    m_focusSearchAction->setShortcut(QKeySequence::Find);
    const auto pageKey = [this](Qt::Key key) {
        m_tabs->setCurrentWidget(m_tasksPage);
        QTableView *table = m_tasksPage->view();
        table->setFocus(Qt::ShortcutFocusReason);
        QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
        QCoreApplication::sendEvent(table, &press);
    };
    QAction *next =
        tasks->addAction(tr("&Next Page of Rows"), this, [pageKey] { pageKey(Qt::Key_PageDown); });
    next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageDown));
    QAction *previous = tasks->addAction(tr("&Previous Page of Rows"), this,
                                         [pageKey] { pageKey(Qt::Key_PageUp); });
    previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageUp));

    m_paletteAction =
        help->addAction(tr("&Command Palette…"), this, [this] { openCommandPalette(); });
    m_paletteAction->setObjectName(QStringLiteral("paletteAction"));
    m_paletteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_shortcutsAction = help->addAction(tr("&Keyboard Shortcuts"), this,
                                        [this] { showShortcutsOverview(menuBar(), this); });
    m_shortcutsAction->setObjectName(QStringLiteral("shortcutsAction"));
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
}

CommandPalette *MainWindow::openCommandPalette()
{
    // The saved views are there through the Views menu ("Views › name").
    QList<PaletteCommand> commands = CommandPalette::menuCommands(menuBar());
    auto *palette = new CommandPalette(std::move(commands), this);
    palette->setAttribute(Qt::WA_DeleteOnClose);
    palette->open();
    palette->filterEdit()->setFocus();
    return palette;
}

PreferencesDialog *MainWindow::openPreferences()
{
    auto *dialog = new PreferencesDialog(installedLanguage(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::setSavedViews(SavedViewService *views)
{
    if (m_savedViews || !views)
        return;
    m_savedViews = new SavedViewsMenu(views, m_user, m_tasksPage, this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), m_savedViews->menu());
    m_tasksPage->toolBar()->addSeparator();
    m_tasksPage->toolBar()->addWidget(m_savedViews->combo());
    connect(m_savedViews, &SavedViewsMenu::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    m_savedViews->reload(true);
}

void MainWindow::createStatusBar()
{
    m_databaseIcon = new QLabel(this);
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(QStringLiteral("databaseStatus"));
    auto *apiIcon = new QLabel(this);
    apiIcon->setPixmap(QIcon(QStringLiteral(":/icons/api.svg")).pixmap(16, 16));
    auto *api =
        new QLabel(m_apiAddress.isEmpty() ? tr("API: off") : tr("API: %1").arg(m_apiAddress), this);
    api->setObjectName(QStringLiteral("apiStatus"));
    api->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *userIcon = new QLabel(this);
    userIcon->setPixmap(QIcon(QStringLiteral(":/icons/user.svg")).pixmap(16, 16));
    auto *user = new QLabel(tr("Signed in as %1 (%2)")
                                .arg(m_user.username.isEmpty() ? tr("local user") : m_user.username,
                                     roleText(m_user.role)),
                            this);
    user->setObjectName(QStringLiteral("userStatus"));
    for (QWidget *widget :
         {static_cast<QWidget *>(m_databaseIcon), static_cast<QWidget *>(m_databaseLabel),
          static_cast<QWidget *>(apiIcon), static_cast<QWidget *>(api),
          static_cast<QWidget *>(userIcon), static_cast<QWidget *>(user)})
        statusBar()->addPermanentWidget(widget);
    // Until the first ping answers.
    m_databaseIcon->setPixmap(QIcon(QStringLiteral(":/icons/database.svg")).pixmap(16, 16));
    m_databaseLabel->setText(tr("%1 — %2").arg(m_database.displayName(), tr("connecting…")));
    m_liveLabel = new QLabel(this);
    m_liveLabel->setObjectName(QStringLiteral("liveStatus"));
    m_liveLabel->setText(tr("Live updates off"));
    statusBar()->insertPermanentWidget(2, m_liveLabel);
}

void MainWindow::ping()
{
    if (m_pinging || !m_pool)
        return;
    m_pinging = true;
    whenReady(this, m_pool->ping(), [this](const VoidResult &result) {
        m_pinging = false;
        setConnected(result.ok(), result.ok() ? QString() : ErrorMessages::text(result.error()));
    });
}

void MainWindow::setConnected(bool connected, const QString &detail)
{
    m_connected = connected;
    const QString state = connected ? tr("connected") : tr("not connected");
    m_databaseIcon->setPixmap(QIcon(connected ? QStringLiteral(":/icons/database.svg")
                                              : QStringLiteral(":/icons/database-off.svg"))
                                  .pixmap(16, 16));
    m_databaseLabel->setText(tr("%1 — %2").arg(m_database.displayName(), state));
    m_databaseLabel->setToolTip(detail.isEmpty() ? state : detail);
}

void MainWindow::setLiveState(ChangeFeed::ListenerState state, const QString &detail)
{
    switch (state) {
    case ChangeFeed::ListenerState::Connected:
        m_liveLabel->setText(tr("Live"));
        m_liveLabel->setToolTip(tr("Changes made by anyone appear at once."));
        break;
    case ChangeFeed::ListenerState::Connecting:
        m_liveLabel->setText(tr("Connecting live updates…"));
        m_liveLabel->setToolTip(detail);
        break;
    case ChangeFeed::ListenerState::Reconnecting:
        m_liveLabel->setText(detail.isEmpty()
                                 ? tr("Live updates lost — reconnecting…")
                                 : tr("Live updates lost — reconnecting… (%1)").arg(detail));
        m_liveLabel->setToolTip(
            tr("Changes made elsewhere do not arrive until the connection is back; then the "
               "window reloads what it shows."));
        break;
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Taskdeck"),
                       tr("<h3>Taskdeck %1</h3><p>A desktop dashboard for tasks, with an HTTP API "
                          "for remote clients.</p>")
                           .arg(QStringLiteral(TASKDECK_VERSION)));
}

QString MainWindow::roleText(Role role)
{
    switch (role) {
    case Role::Viewer:
        return tr("Viewer");
    case Role::Operator:
        return tr("Operator");
    case Role::Admin:
        return tr("Administrator");
    }
    return {};
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    m_tasksPage->saveState(settings);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    switch (Preferences::startPage()) {
    case Preferences::StartPage::LastUsed:
        m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
        break;
    case Preferences::StartPage::Tasks:
        m_tabs->setCurrentWidget(m_tasksPage);
        break;
    case Preferences::StartPage::Dashboard:
        m_tabs->setCurrentWidget(m_dashboardPage);
        break;
    }
    m_tasksPage->restoreState(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace taskdeck
