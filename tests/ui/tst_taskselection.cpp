// The Tasks page's Edit, Status and Delete act only on what is visibly selected: a selected row
// (selection model) whose data is loaded, never the current index alone and never a task that
// was selected before. Found by trying the window as staff would:
//  - Ctrl+End into rows that are not loaded yet: the highlight jumped back to the task selected
//    before (off screen) once the last block arrived, and F2 opened that task;
//  - the selected task leaving the filter through a live change: Qt made a neighbour current and
//    selected, with Delete enabled for it;
//  - focus coming back to the table after the status filter menu closed: Qt made the first row
//    current (not selected, no highlight), with Delete enabled for it.
// And the selection still follows the task: one that a live change moves into rows not loaded yet
// is unselected meanwhile and selected again when its row arrives.
// Runs on SQLite and PostgreSQL.
#include "ChangeFeed.h"
#include "TaskDialog.h"
#include "TaskFilterBar.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace taskdeck;
using taskdeck::test::operatorUser;
using taskdeck::test::wait;

namespace {

/// `count` pending tasks "task 000".."task NNN", created one second apart ("task 000" oldest).
bool seed(TaskService &service, int count)
{
    QList<Task> tasks;
    QList<int> lines;
    const EpochMs base = 1'790'000'000'000;
    for (int i = 0; i < count; ++i) {
        Task task;
        task.id = QUuid::createUuid();
        task.title = QStringLiteral("task %1").arg(i, 3, 10, QLatin1Char('0'));
        task.status = TaskStatus::Pending;
        task.priority = 1;
        task.createdBy = QStringLiteral("ana");
        task.createdAt = base + i * 1000;
        task.updatedAt = task.createdAt;
        tasks << task;
        lines << i + 2;
    }
    const auto imported = wait(service.importTasks(tasks, lines, operatorUser(), {}));
    return imported.ok() && imported.value().imported == count;
}

QList<int> selectedRows(const TasksPage &page)
{
    QList<int> rows;
    for (const QModelIndex &index : page.view()->selectionModel()->selectedRows())
        rows << index.row();
    return rows;
}

void clickRow(TasksPage &page, int row)
{
    const QRect rect = page.view()->visualRect(page.model()->index(row, 0));
    QTest::mouseClick(page.view()->viewport(), Qt::LeftButton, {}, rect.center());
}

/// Edit, Delete and every status action are disabled.
bool noTaskActionEnabled(const TasksPage &page)
{
    if (page.editAction()->isEnabled() || page.deleteAction()->isEnabled())
        return false;
    for (TaskStatus status : kAllStatuses) {
        if (page.statusAction(status)->isEnabled())
            return false;
    }
    return true;
}

} // namespace

class TaskSelectionTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void ctrlEndIntoUnloadedRowsSelectsTheLastRow()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QVERIFY(seed(service, 120));
        TasksPage page(&service, operatorUser(), nullptr);
        TaskTableModel *model = page.model();
        model->setBlockSize(20); // the last rows are in a block of their own
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(model->taskAt(0));
        QCOMPARE(model->rowCount(), 120);

        clickRow(page, 0);
        QCOMPARE(page.currentTask()->title, QStringLiteral("task 119")); // newest first
        QVERIFY(page.editAction()->isEnabled());

        // Ctrl+End: the last row is current and selected but not loaded: nothing to act on.
        page.view()->setFocus();
        QTest::keyClick(page.view(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(page.view()->currentIndex().row(), 119);
        QVERIFY(!model->taskAt(119));
        QVERIFY(!page.currentTask());
        QVERIFY(noTaskActionEnabled(page));

        // Its block arrives: the last row is what is selected and what the actions act on; the
        // task selected before (now off screen) stays unselected.
        QTRY_VERIFY(model->taskAt(119));
        QTest::qWait(100); // let anything queued behind the block run
        QCOMPARE(selectedRows(page), QList<int>{119});
        QVERIFY(page.currentTask());
        QCOMPARE(page.currentTask()->title, QStringLiteral("task 000"));
        QVERIFY(page.editAction()->isEnabled());
        QVERIFY(page.deleteAction()->isEnabled());

        // F2 edits the selected task, the one on screen.
        QTest::keyClick(page.view(), Qt::Key_F2);
        TaskDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = page.findChild<TaskDialog *>()) && dialog->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"))->text(),
                 QStringLiteral("task 000"));
        dialog->reject();
    }

    void selectedTaskLeavingTheFilterLeavesNothingSelected()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(QTest::qWaitFor(
            [&] { return feed.listenerState() == ChangeFeed::ListenerState::Connected; }, 10000));
        QVERIFY(seed(service, 5));
        TasksPage page(&service, operatorUser(), &feed);
        TaskTableModel *model = page.model();
        page.filterBar()->statusAction(TaskStatus::Pending)->setChecked(true);
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(model->rowCount(), 5);
        QTRY_VERIFY(model->taskAt(4));

        clickRow(page, 2);
        const Task selected = *page.currentTask();
        QCOMPARE(selected.title, QStringLiteral("task 002"));

        // Someone else starts it: it leaves the "Pending" filter.
        TaskPatch start;
        start.status = TaskStatus::InProgress;
        QVERIFY(wait(service.update(selected.id, start, std::nullopt, operatorUser())).ok());
        QTRY_COMPARE(model->rowCount(), 4);
        QTRY_COMPARE(model->rowOf(selected.id), -1);
        QTest::qWait(100);

        // No other task took its place in the selection.
        QCOMPARE(selectedRows(page), QList<int>());
        QVERIFY(!page.currentTask());
        QVERIFY(noTaskActionEnabled(page));
        page.deleteAction()->trigger();
        QTest::qWait(50);
        QVERIFY(!page.findChild<QMessageBox *>(QStringLiteral("confirmDeleteBox")));
    }

    void selectedTaskMovedIntoRowsNotLoadedIsSelectedAgainWhenItsRowArrives()
    {
        // A live change moves the selected task into rows that are not loaded (here: a rename
        // that sorts it last). Until its row arrives nothing is selected; then it is selected
        // again, as the user left it. (A first version of the rules above forgot the task in this
        // state, and under load the live table lost the user's selection.)
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(QTest::qWaitFor(
            [&] { return feed.listenerState() == ChangeFeed::ListenerState::Connected; }, 10000));
        QVERIFY(seed(service, 120));
        TasksPage page(&service, operatorUser(), &feed);
        TaskTableModel *model = page.model();
        model->setBlockSize(20);
        TaskFilter filter;
        filter.sort = TaskSortField::Title;
        filter.order = SortOrder::Ascending;
        model->setFilter(filter);
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(model->taskAt(2));
        QVERIFY(!model->taskAt(119));

        clickRow(page, 2);
        const Task selected = *page.currentTask();
        QCOMPARE(selected.title, QStringLiteral("task 002"));

        TaskPatch rename;
        rename.title = QStringLiteral("task 999");
        QVERIFY(wait(service.update(selected.id, rename, std::nullopt, operatorUser())).ok());
        QTRY_COMPARE_WITH_TIMEOUT(model->taskAt(2)->title, QStringLiteral("task 003"), 10000);
        QTest::qWait(100);
        QCOMPARE(selectedRows(page), QList<int>());
        QVERIFY(!page.currentTask());
        QVERIFY(noTaskActionEnabled(page));

        // The user scrolls to the end: its row arrives, and it is selected again.
        page.view()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(119), 10000);
        QCOMPARE(model->taskAt(119)->id, selected.id);
        QTRY_COMPARE(selectedRows(page), QList<int>{119});
        QCOMPARE(page.currentTask()->id, selected.id);
        QCOMPARE(page.currentTask()->title, QStringLiteral("task 999"));
        QVERIFY(page.editAction()->isEnabled());
    }

    void focusBackFromTheStatusFilterMenuSelectsNothing()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QVERIFY(seed(service, 5));
        TasksPage page(&service, operatorUser(), nullptr);
        TaskTableModel *model = page.model();
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_VERIFY(model->taskAt(4));
        page.view()->setFocus();
        QTRY_VERIFY(page.view()->hasFocus());
        page.view()->selectionModel()->clear();
        QVERIFY(noTaskActionEnabled(page));

        // The status filter menu: check "Pending" (the table resets) and close the menu; focus
        // goes back to the table.
        QMenu *menu = page.filterBar()->statusButton()->menu();
        bool menuWasOpen = false;
        bool rowsArrived = false;
        QTimer::singleShot(200, &page, [&] {
            menuWasOpen = menu->isVisible();
            page.filterBar()->statusAction(TaskStatus::Pending)->setChecked(true);
            // The menu stays open while the rows of the new filter arrive.
            rowsArrived = QTest::qWaitFor([&] { return model->taskAt(4) != nullptr; }, 10000);
            menu->close();
        });
        QTest::mouseClick(page.filterBar()->statusButton(), Qt::LeftButton);
        QTRY_VERIFY(menuWasOpen);
        QVERIFY(rowsArrived);
        QTRY_VERIFY(!menu->isVisible());
        QTRY_COMPARE(model->filter().statuses, QList<TaskStatus>{TaskStatus::Pending});
        QTRY_VERIFY(model->taskAt(4));
        QTRY_VERIFY(page.view()->hasFocus());
        QTest::qWait(100);

        // Nothing is highlighted, so nothing can be edited or deleted.
        QCOMPARE(selectedRows(page), QList<int>());
        QVERIFY(!page.currentTask());
        QVERIFY(noTaskActionEnabled(page));
        QTest::keyClick(page.view(), Qt::Key_Delete);
        QTest::qWait(50);
        QVERIFY(!page.findChild<QMessageBox *>(QStringLiteral("confirmDeleteBox")));
    }
};

QTEST_MAIN(TaskSelectionTest)
#include "tst_taskselection.moc"
