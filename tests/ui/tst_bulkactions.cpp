// The Tasks page's bulk actions under the offscreen platform: Shift/Ctrl select several rows, the
// Bulk menu offers only what is valid for every selected task (Edit/Delete stay single-row), a
// retry of the selection ends with a summary of exact counts, and "Select All Matching the
// Filter" retries 10,000 tasks with a progress dialog while the GUI thread keeps running: the
// longest stall of a 5 ms timer is printed (and bounded). Runs on SQLite and PostgreSQL.
#include "TaskFilterBar.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QProgressDialog>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace taskdeck;
using taskdeck::test::operatorUser;
using taskdeck::test::wait;

namespace {

/// Imports tasks with the given statuses, oldest first ("task 00000", ...), one second apart.
bool seed(TaskService &service, const QList<TaskStatus> &statuses)
{
    QList<Task> tasks;
    QList<int> lines;
    const EpochMs base = 1'790'000'000'000;
    for (qsizetype i = 0; i < statuses.size(); ++i) {
        Task task;
        task.id = QUuid::createUuid();
        task.title = QStringLiteral("task %1").arg(i, 5, 10, QLatin1Char('0'));
        task.status = statuses.at(i);
        task.priority = 1;
        task.createdBy = QStringLiteral("ana");
        task.createdAt = base + i * 1000;
        task.updatedAt = task.createdAt + 500;
        if (task.status != TaskStatus::Pending) {
            task.startedAt = task.createdAt + 100;
            task.completedAt = task.createdAt + 400;
        }
        tasks << task;
        lines << static_cast<int>(i + 2);
    }
    const auto imported = wait(service.importTasks(tasks, lines, operatorUser(), {}));
    return imported.ok() && imported.value().imported == statuses.size();
}

void clickRow(TasksPage &page, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect rect = page.view()->visualRect(page.model()->index(row, 0));
    QTest::mouseClick(page.view()->viewport(), Qt::LeftButton, modifiers, rect.center());
}

bool offered(QAction *action)
{
    return action->isVisible() && action->isEnabled();
}

QMessageBox *summaryOf(TasksPage &page)
{
    return page.findChild<QMessageBox *>(QStringLiteral("bulkSummary"));
}

} // namespace

class BulkActionsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void retryOfSelectedRowsShowsExactCounts()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        // Newest first in the table: rows 0-3 failed/cancelled, row 4 pending, row 5 completed.
        QVERIFY(seed(service, {TaskStatus::Completed, TaskStatus::Pending, TaskStatus::Failed,
                               TaskStatus::Cancelled, TaskStatus::Failed, TaskStatus::Failed}));
        TasksPage page(&service, operatorUser(), nullptr);
        page.resize(1000, 500);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(page.model()->taskAt(5));

        clickRow(page, 0);
        QVERIFY(page.editAction()->isEnabled());
        clickRow(page, 3, Qt::ShiftModifier);
        QCOMPARE(page.view()->selectionModel()->selectedRows().size(), 4);
        // Several rows: Edit/Delete/Status (single task) are off; Bulk offers what fits all four.
        QVERIFY(!page.selectedTask());
        QVERIFY(!page.editAction()->isEnabled());
        QVERIFY(!page.deleteAction()->isEnabled());
        QVERIFY(offered(page.bulkAction(BulkAction::Retry)));
        QVERIFY(!offered(page.bulkAction(BulkAction::Cancel))); // failed -> cancelled: illegal
        QVERIFY(offered(page.bulkStatusAction(TaskStatus::Pending)));
        QVERIFY(!offered(page.bulkStatusAction(TaskStatus::Completed)));
        QVERIFY(offered(page.bulkAction(BulkAction::Delete)));

        clickRow(page, 4, Qt::ControlModifier); // + the pending task: no retry any more
        QCOMPARE(page.view()->selectionModel()->selectedRows().size(), 5);
        QVERIFY(!offered(page.bulkAction(BulkAction::Retry)));
        QVERIFY(!offered(page.bulkStatusAction(TaskStatus::Pending)));
        QVERIFY(offered(page.bulkAction(BulkAction::SetPriority)));
        clickRow(page, 4, Qt::ControlModifier); // and out again
        QCOMPARE(page.view()->selectionModel()->selectedRows().size(), 4);
        QVERIFY(offered(page.bulkAction(BulkAction::Retry)));

        page.bulkAction(BulkAction::Retry)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(summaryOf(page), 10000);
        QVERIFY(page.lastBulkResult());
        const BulkResult &result = *page.lastBulkResult();
        QCOMPARE(result.total, 4);
        QCOMPARE(result.count(BulkOutcome::Ok), 4);
        QCOMPARE(result.count(BulkOutcome::NotFound), 0);
        QCOMPARE(result.count(BulkOutcome::Conflict), 0);
        QCOMPARE(result.count(BulkOutcome::PreconditionFailed), 0);
        const QString text = summaryOf(page)->text();
        QVERIFY2(text.contains(QStringLiteral("Done: 4")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Not allowed in their status: 0")), qPrintable(text));
        // A picture of the summary over the page (PNG in /tmp or TASKDECK_SCREENSHOT_DIR).
        {
            QPixmap shot = page.grab();
            QPainter painter(&shot);
            const QPixmap over = summaryOf(page)->grab();
            painter.drawPixmap((shot.width() - over.width()) / 2,
                               (shot.height() - over.height()) / 2, over);
            painter.end();
            QVERIFY(
                shot.save(qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp")) +
                          QStringLiteral("/taskdeck-bulk-summary.png")));
        }
        summaryOf(page)->accept();

        TaskFilter pending;
        pending.statuses = {TaskStatus::Pending};
        const auto page1 = wait(service.list(pending, 0, 10));
        QVERIFY(page1.ok());
        QCOMPARE(page1.value().total, 5); // the four retried + the one pending before
    }

    void selectAllMatchingRetriesTenThousandWithoutFreezing()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<TaskStatus> statuses(10000, TaskStatus::Failed);
        statuses << TaskStatus::Completed << TaskStatus::Pending;
        QVERIFY(seed(service, statuses));
        TasksPage page(&service, operatorUser(), nullptr);
        page.resize(1000, 500);
        page.filterBar()->setDebounceInterval(0);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.filterBar()->setStatuses({TaskStatus::Failed});
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->total(), qint64(10000), 10000);
        QTRY_VERIFY(page.selectAllMatchingAction()->isEnabled());
        QCOMPARE(page.selectAllMatchingAction()->text(),
                 QStringLiteral("Select All Matching the Filter (10,000)"));
        page.selectAllMatchingAction()->trigger();
        QVERIFY(offered(page.bulkAction(BulkAction::Retry))); // the filter: failed only
        QVERIFY(!offered(page.bulkAction(BulkAction::Cancel)));
        const std::optional<BulkRequest> request = page.bulkRequest(BulkAction::Retry);
        QVERIFY(request && request->filter);
        QCOMPARE(request->expectedTotal, 10000);

        // The GUI thread's longest stall while the batch runs: gaps between 5 ms timer ticks.
        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longest = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, &page, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
        });
        clock.start();
        ticker.start();
        page.runBulk(*request); // what the menu's Retry runs after the confirmation
        QVERIFY(page.isBulkRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            page.findChild<QProgressDialog *>(QStringLiteral("bulkProgress")) &&
                page.findChild<QProgressDialog *>(QStringLiteral("bulkProgress"))->isVisible(),
            5000);
        QTRY_VERIFY_WITH_TIMEOUT(summaryOf(page), 300000);
        const qint64 elapsed = clock.elapsed();
        ticker.stop();
        qInfo("bulk retry of 10,000 tasks (%s): %lld ms, longest GUI-thread stall %lld ms",
              db.isPostgres() ? "PostgreSQL" : "SQLite", static_cast<long long>(elapsed),
              static_cast<long long>(longest));
        const BulkResult &result = *page.lastBulkResult();
        QCOMPARE(result.total, 10000);
        QCOMPARE(result.count(BulkOutcome::Ok), 10000);
        QCOMPARE(result.count(BulkOutcome::Conflict), 0);
        QVERIFY2(summaryOf(page)->text().contains(QStringLiteral("Done: 10,000")),
                 qPrintable(summaryOf(page)->text()));
        QVERIFY2(longest < 500, qPrintable(QStringLiteral("stall %1 ms").arg(longest)));
        summaryOf(page)->accept();
        TaskFilter failed; // no feed here: ask the database, not the table
        failed.statuses = {TaskStatus::Failed};
        const auto left = wait(service.list(failed, 0, 1));
        QVERIFY(left.ok());
        QCOMPARE(left.value().total, 0);
    }

    void cancelStopsBetweenChunks()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QVERIFY(seed(service, QList<TaskStatus>(3000, TaskStatus::Failed)));
        TasksPage page(&service, operatorUser(), nullptr);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(page.model()->isTotalKnown());
        page.selectAllMatchingAction()->trigger();
        std::optional<BulkRequest> request = page.bulkRequest(BulkAction::SetPriority);
        QVERIFY(request);
        request->priority = 3;
        page.runBulk(*request);
        QProgressDialog *progress = nullptr;
        QTRY_VERIFY(progress = page.findChild<QProgressDialog *>(QStringLiteral("bulkProgress")));
        emit progress->canceled(); // what its Cancel button does
        QTRY_VERIFY_WITH_TIMEOUT(summaryOf(page), 60000);
        const BulkResult &result = *page.lastBulkResult();
        QVERIFY(result.cancelled);
        QVERIFY(result.results.size() < 3000);
        QCOMPARE(result.count(BulkOutcome::Ok), result.results.size());
        QVERIFY(summaryOf(page)->text().contains(QStringLiteral("Cancelled")));
        summaryOf(page)->accept();
    }
};

QTEST_MAIN(BulkActionsTest)
#include "tst_bulkactions.moc"
