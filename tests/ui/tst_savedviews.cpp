// Saved views in the window (issue 11 item 4) on both databases: saving the current filter, sort
// and columns (directly and through the dialog), applying a view from the combo box and the Views
// menu, the default view applied when the window gets its views at sign-in, others' shared views
// listed, deleting a view.
#include "ConnectionPool.h"
#include "MainWindow.h"
#include "SavedViewService.h"
#include "SavedViewsMenu.h"
#include "TaskFilterBar.h"
#include "TaskJson.h"
#include "TaskQueryString.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace taskdeck;
using namespace Qt::StringLiterals;
using taskdeck::test::wait;

class SavedViewsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TestDatabase> m_db;

    /// A user row (saved views belong to users) and its principal.
    Principal user(const QString &name, Role role)
    {
        const Principal principal{QUuid::createUuid(), name, role};
        const bool ok = m_db->execSql(
            QStringLiteral("INSERT INTO users (id, username, role, password_hash, created_at, "
                           "password_changed_at) VALUES ('%1', '%2', '%3', 'x', 0, 0)")
                .arg(principal.userId.toString(QUuid::WithoutBraces), name, roleName(role)));
        if (!ok)
            qWarning("cannot insert user %s", qPrintable(name));
        return principal;
    }
    static QStringList comboTexts(const QComboBox *combo)
    {
        QStringList texts;
        for (int i = 0; i < combo->count(); ++i)
            texts.append(combo->itemText(i));
        return texts;
    }

private slots:
    void init()
    {
        m_db = std::make_unique<test::TestDatabase>();
        TASKDECK_REQUIRE_DB(*m_db);
        QVERIFY(m_db->pool() != nullptr);
    }
    void cleanup() { m_db.reset(); }

    void saveAndApplyViews()
    {
        const Principal ana = user(u"ana"_s, Role::Operator);
        const Principal olga = user(u"olga"_s, Role::Operator);
        SavedViewService views(m_db->pool());
        NewSavedView shared;
        shared.name = u"Team failures"_s;
        shared.query = u"status=failed&sort=cost&order=asc"_s;
        shared.shared = true;
        QVERIFY(wait(views.create(shared, olga)).ok());
        NewSavedView hidden = shared;
        hidden.name = u"Olga private"_s;
        hidden.shared = false;
        QVERIFY(wait(views.create(hidden, olga)).ok());

        TaskService service(m_db->pool());
        MainWindow window(&service, ana, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSavedViews(&views);
        SavedViewsMenu *menu = window.savedViews();
        QVERIFY(menu);
        QTRY_COMPARE(menu->views().size(), 1);
        QCOMPARE(comboTexts(menu->combo()),
                 (QStringList{u"Views…"_s, u"Team failures (shared by olga)"_s}));
        // The Views menu sits before Help.
        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus.append(action->text());
        QCOMPARE(menus.mid(menus.size() - 2), (QStringList{u"&Views"_s, u"&Help"_s}));

        // Set up a state: statuses, search, sort by title ascending, the cost column hidden.
        TasksPage *page = window.tasksPage();
        page->filterBar()->setStatuses({TaskStatus::Pending, TaskStatus::InProgress});
        page->filterBar()->setSearchText(u"disk full"_s);
        page->view()->horizontalHeader()->setSortIndicator(TaskTableModel::TitleColumn,
                                                           Qt::AscendingOrder);
        page->view()->horizontalHeader()->setSectionHidden(TaskTableModel::CostColumn, true);
        QTRY_COMPARE(page->model()->filter().search, u"disk full"_s);
        QCOMPARE(page->model()->filter().sort, TaskSortField::Title);
        QSignalSpy changed(menu, &SavedViewsMenu::viewsChanged);
        menu->saveCurrentView(u"My queue"_s, false, true);
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(comboTexts(menu->combo()), (QStringList{u"Views…"_s, u"My queue — default"_s,
                                                         u"Team failures (shared by olga)"_s}));
        QCOMPARE(menu->combo()->currentText(), u"My queue — default"_s);
        const SavedView mine = menu->views().first();
        QCOMPARE(mine.query, u"status=pending,in_progress&q=disk%20full&sort=title&order=asc"_s);
        QCOMPARE(mine.columns, (QStringList{u"title"_s, u"status"_s, u"category"_s, u"priority"_s,
                                            u"created_at"_s, u"started_at"_s, u"completed_at"_s,
                                            u"execution_time"_s}));
        QVERIFY(mine.isDefault);
        QCOMPARE(mine.userId, ana.userId);

        // Applying the shared view from the combo box: filter, sort, and every column again.
        menu->combo()->setCurrentIndex(2);
        emit menu->combo()->activated(2);
        QCOMPARE(page->model()->filter().statuses, QList<TaskStatus>{TaskStatus::Failed});
        QCOMPARE(page->model()->filter().search, QString());
        QCOMPARE(page->model()->filter().sort, TaskSortField::Cost);
        QCOMPARE(page->model()->filter().order, SortOrder::Ascending);
        QCOMPARE(page->filterBar()->statuses(), QList<TaskStatus>{TaskStatus::Failed});
        QCOMPARE(page->filterBar()->searchText(), QString());
        QCOMPARE(page->view()->horizontalHeader()->sortIndicatorSection(),
                 int(TaskTableModel::CostColumn));
        QVERIFY(!page->view()->horizontalHeader()->isSectionHidden(TaskTableModel::CostColumn));
        QCOMPARE(menu->currentViewId(), menu->views().at(1).id);

        // And back through the Views menu.
        QAction *mineAction = nullptr;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == u"My queue — default"_s)
                mineAction = action;
        }
        QVERIFY(mineAction);
        mineAction->trigger();
        QCOMPARE(page->model()->filter(), json::taskFilterFromQuery(mine.query));
        QCOMPARE(page->filterBar()->searchText(), u"disk full"_s);
        QVERIFY(page->view()->horizontalHeader()->isSectionHidden(TaskTableModel::CostColumn));
        QCOMPARE(menu->visibleColumns(), mine.columns);

        // Saving under the same name replaces the view (no second one).
        page->view()->horizontalHeader()->setSectionHidden(TaskTableModel::CostColumn, false);
        menu->saveCurrentView(u"My queue"_s, true, true);
        QTRY_COMPARE(changed.count(), 2);
        QCOMPARE(menu->views().size(), 2);
        QVERIFY(menu->views().first().shared);
        QVERIFY(menu->views().first().columns.contains(u"cost"_s));

        // Deleting it.
        menu->deleteView(menu->views().first().id);
        QTRY_COMPARE(changed.count(), 3);
        QCOMPARE(comboTexts(menu->combo()),
                 (QStringList{u"Views…"_s, u"Team failures (shared by olga)"_s}));
        QVERIFY(!menu->deleteAction()->isEnabled()); // olga's view is not ana's to delete
    }

    void saveThroughTheDialog()
    {
        const Principal vic = user(u"vic"_s, Role::Viewer); // viewers keep views too
        SavedViewService views(m_db->pool());
        TaskService service(m_db->pool());
        MainWindow window(&service, vic, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSavedViews(&views);
        SavedViewsMenu *menu = window.savedViews();
        QSignalSpy changed(menu, &SavedViewsMenu::viewsChanged);
        QTRY_COMPARE(changed.count(), 1);
        window.tasksPage()->filterBar()->setStatuses({TaskStatus::Completed});
        menu->saveAction()->trigger();
        auto *dialog = window.findChild<QDialog *>(u"saveViewDialog"_s);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(!buttons->button(QDialogButtonBox::Save)->isEnabled()); // no name yet
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"viewName"_s), u"Done today"_s);
        QVERIFY(buttons->button(QDialogButtonBox::Save)->isEnabled());
        dialog->findChild<QCheckBox *>(u"viewShared"_s)->setChecked(true);
        buttons->button(QDialogButtonBox::Save)->click();
        QTRY_COMPARE(changed.count(), 2);
        QCOMPARE(menu->views().size(), 1);
        QCOMPARE(menu->views().first().name, u"Done today"_s);
        QCOMPARE(menu->views().first().query, u"status=completed&sort=created_at&order=desc"_s);
        QVERIFY(menu->views().first().shared);
        QVERIFY(!menu->views().first().isDefault);
        QCOMPARE(comboTexts(menu->combo()), (QStringList{u"Views…"_s, u"Done today (shared)"_s}));
    }

    void defaultViewAppliedAtSignIn()
    {
        const Principal ana = user(u"ana"_s, Role::Operator);
        SavedViewService views(m_db->pool());
        NewSavedView view;
        view.name = u"Morning"_s;
        view.query = u"status=failed,cancelled&category=ops&sort=priority&order=desc"_s;
        view.columns = {u"priority"_s, u"title"_s, u"status"_s};
        view.isDefault = true;
        QVERIFY(wait(views.create(view, ana)).ok());
        NewSavedView other = view;
        other.name = u"Other"_s;
        other.isDefault = false;
        other.query = u"q=zzz"_s;
        QVERIFY(wait(views.create(other, ana)).ok());

        TaskService service(m_db->pool());
        NewTask task;
        task.title = u"Rotate logs"_s;
        task.category = u"ops"_s;
        QVERIFY(wait(service.create(task, ana)).ok());
        MainWindow window(&service, ana, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSavedViews(&views);
        SavedViewsMenu *menu = window.savedViews();
        QSignalSpy appliedSpy(menu, &SavedViewsMenu::viewApplied);
        QTRY_COMPARE(appliedSpy.count(), 1);
        QCOMPARE(appliedSpy.first().first().toString(), u"Morning"_s);
        TasksPage *page = window.tasksPage();
        QCOMPARE(page->model()->filter().statuses,
                 (QList<TaskStatus>{TaskStatus::Failed, TaskStatus::Cancelled}));
        QCOMPARE(page->model()->filter().category, std::optional<QString>(u"ops"_s));
        QCOMPARE(page->model()->filter().sort, TaskSortField::Priority);
        QCOMPARE(menu->visibleColumns(), (QStringList{u"priority"_s, u"title"_s, u"status"_s}));
        QCOMPARE(menu->combo()->currentText(), u"Morning — default"_s);
        QCOMPARE(page->filterBar()->category(), std::optional<QString>(u"ops"_s));
        // The categories arriving later leave the view's category alone.
        QTRY_COMPARE(page->filterBar()->categories(), QStringList{u"ops"_s});
        QTest::qWait(400); // past the search debounce
        QCOMPARE(page->model()->filter().category, std::optional<QString>(u"ops"_s));
    }

    void prioritiesAndCompletedPeriodRoundTrip()
    {
        // A view with several priorities and a completion period (what a click on the
        // dashboard's timeline gives) shows both in the filter bar and is saved back unchanged.
        const Principal ana = user(u"ana"_s, Role::Operator);
        SavedViewService views(m_db->pool());
        TaskService service(m_db->pool());
        MainWindow window(&service, ana, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSavedViews(&views);
        SavedViewsMenu *menu = window.savedViews();
        const QString query =
            u"status=failed&priority=2,3&completed_after=2026-11-20T10%3A00%3A00.000Z&"
            u"completed_before=2026-11-20T11%3A00%3A00.000Z&sort=created_at&"
            u"order=desc"_s;
        SavedView view;
        view.name = u"Failed at ten"_s;
        view.query = query;
        menu->applyView(view);
        TasksPage *page = window.tasksPage();
        QCOMPARE(page->filterBar()->priorities(), (QList<int>{2, 3}));
        QCOMPARE(page->model()->filter().priorities, (QList<int>{2, 3}));
        QCOMPARE(page->model()->filter().completedAfter,
                 json::parseTimestamp(u"2026-11-20T10:00:00Z"));
        QVERIFY(page->filterBar()->completedLabel()->isVisible());
        QCOMPARE(menu->currentState().query, query);
        // unticking a priority keeps the rest and the period
        page->filterBar()->priorityAction(3)->trigger();
        QTRY_COMPARE(page->model()->filter().priorities, QList<int>{2});
        QCOMPARE(menu->currentState().query,
                 u"status=failed&priority=2&completed_after=2026-11-20T10%3A00%3A00.000Z&"
                 u"completed_before=2026-11-20T11%3A00%3A00.000Z&sort=created_at&order=desc"_s);
    }
};

QTEST_MAIN(SavedViewsTest)
#include "tst_savedviews.moc"
