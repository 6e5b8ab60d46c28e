// The window's task table jumps without deep OFFSET reads (SQLite and PostgreSQL, offscreen): a
// QTableView on TaskTableModel + TaskTableController, for every sort in both orders, waits for
// the controller's sparse key index, then drags the scrollbar to the middle and presses Ctrl+End;
// it prints how long each jump took until every visible row showed real data, checks those rows
// against list() by offset, and checks that no block read skipped more than seekEvery() rows.
//
// TASKDECK_SEEK_ROWS (default 3000) sets how many tasks are made. With TASKDECK_SEEK_DATABASE_URL
// set, nothing is made: the test reads that (already migrated and filled) database, e.g. the
// 1M-task database of bench/keyset.sh, read-only.
#include "ChangeFeed.h"
#include "ConnectionPool.h"
#include "DatabaseConfig.h"
#include "TaskRepository.h"
#include "TaskService.h"
#include "TaskTableController.h"
#include "TaskTableModel.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

constexpr EpochMs kBase = 1'780'000'000'000;

QList<Task> makeTasks(int count)
{
    QRandomGenerator random(3);
    const QStringList titles{QStringLiteral("Draft"), QStringLiteral("draft"),
                             QStringLiteral("Review"), QStringLiteral("Zebra")};
    QList<Task> tasks;
    tasks.reserve(count);
    for (int n = 0; n < count; ++n) {
        Task task;
        task.id = QUuid::createUuid();
        task.title = titles.at(n % titles.size()) + QString::number(random.bounded(50));
        if (random.bounded(10) != 0)
            task.category = QStringLiteral("cat%1").arg(random.bounded(7));
        task.status = TaskStatus(random.bounded(5));
        task.priority = random.bounded(4);
        task.costE4 = 100 * random.bounded(30);
        task.createdAt = kBase + 1000 * random.bounded(count / 3 + 1);
        task.updatedAt = task.createdAt + 1000 * random.bounded(3);
        tasks << task;
    }
    return tasks;
}

/// The first and last row the view shows.
QPair<int, int> visibleRows(const QTableView &view)
{
    const int first = view.rowAt(0);
    int last = view.rowAt(view.viewport()->height() - 1);
    if (last < 0)
        last = view.model()->rowCount() - 1;
    return {first, last};
}

bool visibleLoaded(const QTableView &view)
{
    const auto [first, last] = visibleRows(view);
    if (first < 0)
        return false;
    for (int row = first; row <= last; ++row) {
        if (!view.model()->index(row, 0).data(TaskTableModel::LoadedRole).toBool())
            return false;
    }
    return true;
}

} // namespace

class TestTableSeek : public QObject
{
    Q_OBJECT

private slots:
    void jumpsSeekFromTheSparseIndex()
    {
        std::unique_ptr<TestDatabase> db;
        std::unique_ptr<ConnectionPool> ownPool;
        ConnectionPool *pool = nullptr;
        const QString external = qEnvironmentVariable("TASKDECK_SEEK_DATABASE_URL");
        if (!external.isEmpty()) {
            const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(external);
            QVERIFY(config.ok());
            ownPool = std::make_unique<ConnectionPool>(config.value(), 4);
            pool = ownPool.get();
        } else {
            db = std::make_unique<TestDatabase>();
            TASKDECK_REQUIRE_DB(*db);
            pool = db->pool();
            const int rows = qEnvironmentVariableIntValue("TASKDECK_SEEK_ROWS") > 0
                                 ? qEnvironmentVariableIntValue("TASKDECK_SEEK_ROWS")
                                 : 3000;
            const QList<Task> tasks = makeTasks(rows);
            const Result<qint64> written = wait(pool->run<qint64>([tasks](QSqlDatabase &sql) {
                return TaskRepository::importTasks(sql, tasks, {}, {});
            }));
            QVERIFY(written.ok());
        }
        TaskService service(pool);
        TaskTableModel model;
        TaskTableController controller(&service, &model, nullptr);
        controller.setSeekEvery(qEnvironmentVariableIntValue("TASKDECK_SEEK_EVERY") > 0
                                    ? qEnvironmentVariableIntValue("TASKDECK_SEEK_EVERY")
                                    : 500);
        QTableView view;
        view.setModel(&model);
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const QList<TaskSortField> sorts{TaskSortField::CreatedAt, TaskSortField::UpdatedAt,
                                         TaskSortField::Title,     TaskSortField::Status,
                                         TaskSortField::Priority,  TaskSortField::Cost,
                                         TaskSortField::Category};
        for (TaskSortField sort : sorts) {
            for (SortOrder order : {SortOrder::Descending, SortOrder::Ascending}) {
                TaskFilter filter;
                filter.sort = sort;
                filter.order = order;
                QElapsedTimer indexTimer;
                indexTimer.start();
                model.setFilter(filter);
                QVERIFY(QTest::qWaitFor([&] { return controller.isSeekIndexReady(); }, 60000));
                const qint64 indexMs = indexTimer.elapsed();
                QVERIFY(QTest::qWaitFor([&] { return model.isTotalKnown(); }, 60000));
                QVERIFY(model.total() > 0);
                // The view lays its scrollbar out after the rows arrived (a queued layout).
                QVERIFY(QTest::qWaitFor(
                    [&] { return view.verticalScrollBar()->maximum() > model.total() / 2; },
                    10000));
                controller.resetLargestSkip();

                // Drag to the middle: the scrollbar value is the top row.
                QElapsedTimer timer;
                timer.start();
                view.verticalScrollBar()->setValue(int(model.total() / 2));
                QVERIFY(QTest::qWaitFor([&] { return visibleLoaded(view); }, 30000));
                const qint64 middleMs = timer.elapsed();
                const int middleRow = visibleRows(view).first;
                QCOMPARE(middleRow, int(model.total() / 2));

                // Ctrl+End: the last row.
                view.setCurrentIndex(model.index(middleRow, 0));
                timer.restart();
                QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
                QVERIFY(QTest::qWaitFor([&] { return visibleLoaded(view); }, 30000));
                const qint64 lastMs = timer.elapsed();
                QCOMPARE(view.currentIndex().row(), int(model.total() - 1));

                qInfo("seek %s %s, %lld rows: sparse index %lld ms; drag to the middle %lld ms; "
                      "Ctrl+End %lld ms; largest skip %lld rows",
                      qPrintable(sortFieldName(sort)),
                      order == SortOrder::Ascending ? "asc" : "desc", model.total(), indexMs,
                      middleMs, lastMs, controller.largestSkip());
                QVERIFY2(controller.largestSkip() < controller.seekEvery(),
                         qPrintable(QString::number(controller.largestSkip())));

                // The rows shown are list()'s rows at those positions.
                for (const int row : {middleRow, int(model.total() - 1)}) {
                    const Result<TaskPage> page = wait(service.list(filter, row, 1, false));
                    QVERIFY(page.ok());
                    QCOMPARE(page.value().tasks.size(), 1);
                    QCOMPARE(model.index(row, 0).data(TaskTableModel::TaskIdRole).toUuid(),
                             page.value().tasks.first().id);
                }
                view.scrollToTop();
            }
        }
    }

    /// Live creates and deletes shift the sparse index's positions (no rebuild): after each
    /// batch, blocks read by seeking from the shifted keys are still list()'s rows.
    void liveChangesShiftTheIndex()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const QList<Task> tasks = makeTasks(400);
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, tasks, {}, {});
        }));
        QVERIFY(written.ok());
        ChangeFeed feed(db.pool());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return feed.isReady() &&
                       feed.listenerState() == ChangeFeed::ListenerState::Connected;
            },
            10000));

        TaskTableModel model;
        model.setBlockSize(10);
        TaskTableController controller(&service, &model, &feed);
        controller.setSeekEvery(40);
        controller.setSettleMs(200);
        QTableView view;
        view.setModel(&model);
        view.resize(800, 300);
        TaskFilter filter;
        filter.sort = TaskSortField::Title;
        filter.order = SortOrder::Ascending;
        model.setFilter(filter);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(QTest::qWaitFor([&] { return controller.isSeekIndexReady(); }, 30000));
        // Every row loaded: each change is placed (and shifts the index) rather than reloaded.
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int row = 0; row < model.rowCount(); row += 5)
                    model.index(row, 0).data(TaskTableModel::LoadedRole);
                return model.isFullyLoaded();
            },
            30000));
        // The import's own events may still arrive (a reload, then a rebuilt index): wait for it.
        QTest::qWait(500 * test::timeScale());
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int row = 0; row < model.rowCount(); row += 5)
                    model.index(row, 0).data(TaskTableModel::LoadedRole);
                return !controller.isBusy() && controller.isSeekIndexReady() &&
                       model.isFullyLoaded() && model.requestsInFlight() == 0;
            },
            30000));
        controller.resetLargestSkip(); // reads by offset before the index was ready do not count

        QRandomGenerator random(9);
        // One change at a time, each applied before the next (changes whose events cross a
        // position query reload the table and rebuild the index instead: not what this tests).
        qint64 expected = 400;
        const auto applied = [&] {
            const auto quiet = [&] { return model.total() == expected && !controller.isBusy(); };
            if (!QTest::qWaitFor(quiet, 10000))
                return false;
            // A change may be announced twice (event, then its log row).
            QTest::qWait(300 * test::timeScale());
            return QTest::qWaitFor(quiet, 10000);
        };
        for (int round = 0; round < 8; ++round) {
            for (int i = 0; i < 3; ++i) {
                NewTask task;
                task.title = QStringLiteral("Draft%1").arg(random.bounded(50));
                QVERIFY(wait(service.create(task, test::operatorUser())).ok());
                ++expected;
                QVERIFY(applied());
            }
            const Task *victim = model.taskAt(int(random.bounded(int(model.total()))));
            QVERIFY(victim);
            QVERIFY(wait(service.remove(victim->id, test::operatorUser())).ok());
            --expected;
            QVERIFY(applied());
            // The fast path (the index shifted, not rebuilt) is asserted in the usual build only:
            // in a sanitizer build (several times slower) a change's second announcement can
            // cross a placing query, and the controller then falls back to a reload and a
            // rebuilt index, which is correct but slower (seen under ASan: "402 rows after a
            // batch, the database has 401"). The rows shown are checked against list() below in
            // every build.
            if (test::timeScale() == 1)
                QVERIFY2(controller.isSeekIndexReady(), "the index was dropped, not shifted");
            // Re-read what is shown through the shifted index, at a few places.
            for (const int top : {int(random.bounded(int(expected - 20))), int(expected - 10)}) {
                QSignalSpy loaded(&model, &TaskTableModel::blockLoaded);
                controller.requestRefresh();
                view.verticalScrollBar()->setValue(top);
                // Stale rows count as loaded: wait until the visible blocks were read again.
                QVERIFY(QTest::qWaitFor(
                    [&] {
                        const auto [first, last] = visibleRows(view);
                        bool firstRead = false;
                        bool lastRead = false;
                        for (const QList<QVariant> &args : std::as_const(loaded)) {
                            const qint64 offset = args.at(0).toLongLong();
                            const qint64 end = offset + args.at(1).toInt();
                            firstRead = firstRead || (first >= offset && first < end);
                            lastRead = lastRead || (last >= offset && last < end);
                        }
                        return firstRead && lastRead && visibleLoaded(view) &&
                               model.requestsInFlight() == 0;
                    },
                    10000));
                // The shown rows settle on list()'s rows (a change announced twice, by its event
                // and by its log row, may make the controller re-read a block once more).
                const auto [first, last] = visibleRows(view);
                const auto listed = [&, first = first, last = last] {
                    return wait(service.list(filter, first, last - first + 1, false));
                };
                const auto shownAsListed = [&, first = first, last = last] {
                    const Result<TaskPage> now = listed();
                    if (!now.ok() || model.requestsInFlight() != 0)
                        return false;
                    for (int row = first; row <= last; ++row) {
                        if (model.index(row, 0).data(TaskTableModel::TaskIdRole).toUuid() !=
                            now.value().tasks.value(row - first).id)
                            return false;
                    }
                    return true;
                };
                const bool settled = QTest::qWaitFor(shownAsListed, 5000);
                Q_UNUSED(settled); // the comparison below says which row differs
                const Result<TaskPage> page = listed();
                QVERIFY(page.ok());
                for (int row = first; row <= last; ++row)
                    QCOMPARE(model.index(row, 0).data(TaskTableModel::TaskIdRole).toUuid(),
                             page.value().tasks.at(row - first).id);
            }
        }
        // Blocks were read from the shifted keys: at most seekEvery() rows plus the rows inserted
        // since the index was built (24) between two keys.
        if (test::timeScale() == 1) // the fast path, as above
            QVERIFY2(controller.largestSkip() < controller.seekEvery() + 24,
                     qPrintable(QString::number(controller.largestSkip())));
    }
};

QTEST_MAIN(TestTableSeek)
#include "tst_tableseek.moc"
