// The real MainWindow against a TestDatabase pool (SQLite and PostgreSQL): seeded tasks, status
// filter, debounced search, SQL sort by header click, create through the dialog (with validation
// errors first), edit with a concurrent change, status changes through the actions, delete with
// confirmation, CSV export, a change made by another process showing up within 2 s, viewer role,
// database down, translations, and screenshots (PNG in /tmp or TASKDECK_SCREENSHOT_DIR).
// tst_screenshots covers the 20k sample and large databases.
#include "ChangeFeed.h"
#include "ConnectionPool.h"
#include "DashboardCharts.h"
#include "DashboardPage.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "TaskCsv.h"
#include "TaskDialog.h"
#include "TaskFilterBar.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"
#include "TimeDisplay.h"

#include <QAction>
#include <QApplication>
#include <QBarSet>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QtMath>

#include <ctime>

using namespace taskdeck;
using namespace Qt::StringLiterals;
using taskdeck::test::wait;

namespace {

EpochMs at(const char *iso)
{
    return *json::parseTimestamp(QString::fromLatin1(iso));
}

Task seedTask(const QString &title, TaskStatus status, const QString &category, int priority,
              MoneyE4 cost, const char *created, const char *started = nullptr,
              const char *completed = nullptr)
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = title;
    task.category = category;
    task.status = status;
    task.priority = priority;
    task.costE4 = cost;
    task.createdBy = QStringLiteral("admin");
    task.createdAt = at(created);
    task.startedAt = started ? std::optional<EpochMs>(at(started)) : std::nullopt;
    task.completedAt = completed ? std::optional<EpochMs>(at(completed)) : std::nullopt;
    task.updatedAt =
        std::max({task.createdAt, task.startedAt.value_or(0), task.completedAt.value_or(0)});
    if (status == TaskStatus::Failed)
        task.errorMessage = QStringLiteral("Timeout after 120 s");
    return task;
}

Principal admin()
{
    return {QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
}

QString screenshotDir()
{
    return qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private:
    static QString cell(const TasksPage *page, int row, int column)
    {
        return page->model()->data(page->model()->index(row, column)).toString();
    }
    static int rowOfTitle(const TasksPage *page, const QString &title)
    {
        for (int row = 0; row < page->model()->rowCount(); ++row) {
            if (cell(page, row, TaskTableModel::TitleColumn) == title)
                return row;
        }
        return -1;
    }
    static void clickHeader(TasksPage *page, int column)
    {
        QHeaderView *header = page->view()->horizontalHeader();
        const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    }
    static void selectRow(TasksPage *page, int row)
    {
        const QRect rect = page->view()->visualRect(page->model()->index(row, 0));
        QTest::mouseClick(page->view()->viewport(), Qt::LeftButton, {}, rect.center());
    }
    static QString backend()
    {
        return qEnvironmentVariable("TASKDECK_TEST_BACKEND", QStringLiteral("sqlite"));
    }

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void endToEnd()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const QList<Task> seed = {
            seedTask(QStringLiteral("Alpha report"), TaskStatus::Completed,
                     QStringLiteral("research"), 2, 12'500, "2026-11-20T10:00:00.000Z",
                     "2026-11-20T10:01:00.000Z", "2026-11-20T10:01:40.500Z"),
            seedTask(QStringLiteral("Bravo deploy"), TaskStatus::Failed, QStringLiteral("devops"),
                     3, 5'000, "2026-11-21T10:00:00.000Z", "2026-11-21T10:00:10.000Z",
                     "2026-11-21T10:00:20.000Z"),
            seedTask(QStringLiteral("Charlie draft"), TaskStatus::Pending,
                     QStringLiteral("content"), 1, 0, "2026-11-22T10:00:00.000Z"),
            seedTask(QStringLiteral("Delta review"), TaskStatus::InProgress,
                     QStringLiteral("content"), 0, 300, "2026-11-23T10:00:00.000Z",
                     "2026-11-23T10:05:00.000Z"),
            seedTask(QStringLiteral("Echo cleanup"), TaskStatus::Cancelled, QStringLiteral("ops"),
                     1, 0, "2026-11-24T10:00:00.000Z", nullptr, "2026-11-24T10:30:00.000Z"),
            seedTask(QStringLiteral("Foxtrot audit"), TaskStatus::Failed, QStringLiteral("ops"), 2,
                     20'000, "2026-11-25T10:00:00.000Z", "2026-11-25T10:01:00.000Z",
                     "2026-11-25T10:02:30.000Z"),
        };
        const auto imported = wait(service.importTasks(seed, {2, 3, 4, 5, 6, 7}, admin(), {}));
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
        QCOMPARE(imported.value().imported, 6);

        ChangeFeed feed(db.pool());
        QTRY_COMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        MainWindow window(&service, admin(), QStringLiteral("http://127.0.0.1:8000"), db.config(),
                          db.pool(), &feed);
        window.resize(1400, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        TaskTableModel *model = page->model();

        // Newest first by default; every column as displayed.
        QTRY_COMPARE(model->rowCount(), 6);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        const QStringList row0 = {QStringLiteral("Foxtrot audit"),
                                  QStringLiteral("Failed"),
                                  QStringLiteral("ops"),
                                  QStringLiteral("High"),
                                  QStringLiteral("2.0000"),
                                  QStringLiteral("2026-11-25 10:00:00"),
                                  QStringLiteral("2026-11-25 10:01:00"),
                                  QStringLiteral("2026-11-25 10:02:30"),
                                  QStringLiteral("1 min 30 s")};
        for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
            QCOMPARE(cell(page, 0, column), row0[column]);
        QCOMPARE(cell(page, 5, TaskTableModel::TitleColumn), QStringLiteral("Alpha report"));
        QCOMPARE(cell(page, 5, TaskTableModel::ExecutionTimeColumn), QStringLiteral("40.5 s"));
        QCOMPARE(cell(page, 5, TaskTableModel::CostColumn), QStringLiteral("1.2500"));
        QCOMPARE(cell(page, 3, TaskTableModel::StartedColumn), QString()); // Charlie: pending
        QCOMPARE(page->totalLabel()->text(), QStringLiteral("6 tasks"));
        QTRY_VERIFY(window.isDatabaseConnected());
        QVERIFY(window.databaseLabel()->text().endsWith(QStringLiteral("connected")));

        // Filter by status.
        page->filterBar()->statusAction(TaskStatus::Failed)->setChecked(true);
        QTRY_COMPARE(model->rowCount(), 2);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        QTRY_COMPARE(cell(page, 1, TaskTableModel::TitleColumn), QStringLiteral("Bravo deploy"));
        QCOMPARE(page->totalLabel()->text(), QStringLiteral("2 tasks"));
        QCOMPARE(page->filterBar()->statusButton()->text(), QStringLiteral("Failed"));
        page->filterBar()->statusAction(TaskStatus::Failed)->setChecked(false);
        QTRY_COMPARE(model->rowCount(), 6);

        // Search: typed text is debounced, then filters in SQL (title or description).
        QSignalSpy filterSpy(model, &TaskTableModel::filterChanged);
        QTest::keyClicks(page->filterBar()->searchEdit(), QStringLiteral("foxTROT"));
        QCOMPARE(filterSpy.size(), 0); // not per keystroke
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(filterSpy.size(), 1);
        QCOMPARE(model->filter().search, QStringLiteral("foxTROT"));
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        page->filterBar()->searchEdit()->clear();
        QTRY_COMPARE(model->rowCount(), 6);

        // Sort by a header click: in SQL (the filter carries it), title A to Z first.
        clickHeader(page, TaskTableModel::TitleColumn);
        QCOMPARE(model->filter().sort, TaskSortField::Title);
        QCOMPARE(model->filter().order, SortOrder::Ascending);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Alpha report"));
        QTRY_COMPARE(cell(page, 5, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        clickHeader(page, TaskTableModel::TitleColumn);
        QCOMPARE(model->filter().order, SortOrder::Descending);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        // Execution time (in SQL): longest first, the tasks without one last.
        clickHeader(page, TaskTableModel::ExecutionTimeColumn);
        QCOMPARE(model->filter().sort, TaskSortField::ExecutionTime);
        QCOMPARE(model->filter().order, SortOrder::Descending);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Foxtrot audit"));
        QTRY_COMPARE(cell(page, 1, TaskTableModel::TitleColumn), QStringLiteral("Alpha report"));
        QTRY_COMPARE(cell(page, 2, TaskTableModel::TitleColumn), QStringLiteral("Bravo deploy"));
        for (int row = 3; row < 6; ++row)
            QCOMPARE(cell(page, row, TaskTableModel::ExecutionTimeColumn), QString());
        QCOMPARE(page->view()->horizontalHeader()->sortIndicatorSection(),
                 int(TaskTableModel::ExecutionTimeColumn));
        clickHeader(page, TaskTableModel::TitleColumn);
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Alpha report"));

        // Create through the dialog: invalid input first, errors next to the fields.
        page->newAction()->trigger();
        TaskDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<TaskDialog *>()) && dialog->isVisible());
        auto *title = dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"));
        auto *cost = dialog->findChild<QLineEdit *>(QStringLiteral("costEdit"));
        auto *category = dialog->findChild<QComboBox *>(QStringLiteral("categoryCombo"));
        auto *priority = dialog->findChild<QComboBox *>(QStringLiteral("priorityCombo"));
        QVERIFY(title && cost && category && priority);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTest::keyClicks(title, QStringLiteral("   "));
        cost->setText(QStringLiteral("1.23456"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog->fieldErrorText(QStringLiteral("title")), QStringLiteral("Enter a title."));
        QCOMPARE(dialog->fieldErrorText(QStringLiteral("cost")),
                 QStringLiteral("Enter an amount in USD from 0 to 1,000,000 with at most 4 "
                                "decimals."));
        QVERIFY(dialog->isVisible());
        dialog->grab().save(screenshotDir() +
                            QStringLiteral("/taskdeck-dialog-errors-%1.png").arg(backend()));
        title->clear();
        QTest::keyClicks(title, QStringLiteral("Golf launch"));
        cost->setText(QStringLiteral("12.5"));
        category->setCurrentText(QStringLiteral("qa"));
        priority->setCurrentIndex(3);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!window.findChild<TaskDialog *>());
        QTRY_COMPARE(model->rowCount(), 7);
        QTRY_COMPARE(cell(page, 6, TaskTableModel::TitleColumn), QStringLiteral("Golf launch"));
        QCOMPARE(cell(page, 6, TaskTableModel::StatusColumn), QStringLiteral("Pending"));
        QCOMPARE(cell(page, 6, TaskTableModel::CategoryColumn), QStringLiteral("qa"));
        QCOMPARE(cell(page, 6, TaskTableModel::PriorityColumn), QStringLiteral("Critical"));
        QCOMPARE(cell(page, 6, TaskTableModel::CostColumn), QStringLiteral("12.5000"));
        QCOMPARE(cell(page, 6, TaskTableModel::StartedColumn), QString());
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("7 tasks"));

        // Status actions offer only the allowed transitions.
        selectRow(page, 6);
        QCOMPARE(page->currentTask()->title, QStringLiteral("Golf launch"));
        QVERIFY(page->statusAction(TaskStatus::InProgress)->isVisible());
        QVERIFY(page->statusAction(TaskStatus::Cancelled)->isVisible());
        QVERIFY(!page->statusAction(TaskStatus::Completed)->isVisible());
        QVERIFY(!page->statusAction(TaskStatus::Failed)->isVisible());
        QVERIFY(!page->statusAction(TaskStatus::Pending)->isVisible());
        page->statusAction(TaskStatus::InProgress)->trigger();
        QTRY_COMPARE(cell(page, 6, TaskTableModel::StatusColumn), QStringLiteral("In progress"));
        QVERIFY(!cell(page, 6, TaskTableModel::StartedColumn).isEmpty());
        QCOMPARE(cell(page, 6, TaskTableModel::CompletedColumn), QString());
        QTRY_VERIFY(page->statusAction(TaskStatus::Completed)->isVisible());
        QCOMPARE(page->currentTask()->title, QStringLiteral("Golf launch")); // selection kept
        page->statusAction(TaskStatus::Completed)->trigger();
        QTRY_COMPARE(cell(page, 6, TaskTableModel::StatusColumn), QStringLiteral("Completed"));
        QVERIFY(!cell(page, 6, TaskTableModel::CompletedColumn).isEmpty());
        QVERIFY(!cell(page, 6, TaskTableModel::ExecutionTimeColumn).isEmpty());
        QTRY_VERIFY(!page->statusAction(TaskStatus::Pending)->isVisible()); // completed: final
        for (TaskStatus status : kAllStatuses)
            QVERIFY(!page->statusAction(status)->isVisible());

        // A change made elsewhere shows within 1 s, pushed by the change feed. PostgreSQL: by
        // another pool (like another process: NOTIFY); SQLite's feed is in-process: another
        // service on the same pool (like the HTTP API).
        {
            std::unique_ptr<ConnectionPool> otherPool;
            if (db.isPostgres())
                otherPool = std::make_unique<ConnectionPool>(db.config(), 1);
            TaskService other(otherPool ? otherPool.get() : db.pool());
            TaskPatch rename;
            rename.title = QStringLiteral("Alpha report (revised)");
            const Task alpha = *model->taskAt(0);
            QCOMPARE(alpha.title, QStringLiteral("Alpha report"));
            QVERIFY(wait(other.update(alpha.id, rename, std::nullopt, admin())).ok());
        }
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, 0, TaskTableModel::TitleColumn),
                                  QStringLiteral("Alpha report (revised)"), 1000);

        // Delete with confirmation.
        selectRow(page, 1);
        QCOMPARE(page->currentTask()->title, QStringLiteral("Bravo deploy"));
        page->deleteAction()->trigger();
        QMessageBox *confirm = nullptr;
        QTRY_VERIFY(
            (confirm = window.findChild<QMessageBox *>(QStringLiteral("confirmDeleteBox"))));
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE(model->rowCount(), 6);
        QTRY_COMPARE(rowOfTitle(page, QStringLiteral("Bravo deploy")), -1);

        // CSV export of the current filter (content only).
        page->filterBar()->setCategory(QStringLiteral("ops"));
        QTRY_COMPARE(model->rowCount(), 2);
        QTemporaryDir dir;
        const QString csvPath = dir.filePath(QStringLiteral("ops.csv"));
        QSignalSpy exported(page, &TasksPage::exportFinished);
        page->exportCsvTo(csvPath);
        QTRY_COMPARE(exported.size(), 1);
        QVERIFY2(exported[0][0].toBool(), qPrintable(exported[0][2].toString()));
        QCOMPARE(exported[0][1].toLongLong(), 2);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray text = csv.readAll();
        QVERIFY(text.startsWith(csv::exportHeader()));
        QCOMPARE(text.count("\r\n"), 3);
        QVERIFY(text.contains("Foxtrot audit"));
        QVERIFY(text.contains("Echo cleanup"));
        if (auto *box = window.findChild<QMessageBox *>(QStringLiteral("exportResultBox")))
            box->close();
        page->filterBar()->setCategory(std::nullopt);
        QTRY_COMPARE(model->rowCount(), 6);

        // Dashboard: tiles and charts from the same data.
        window.tabs()->setCurrentWidget(window.dashboardPage());
        DashboardPage *dashboard = window.dashboardPage();
        // The tiles follow the selected range: the sums of the chart's series (read here
        // independently), "Pending now" the current count.
        QTRY_COMPARE(dashboard->tile(QStringLiteral("pendingTile"))->value(), QStringLiteral("1"));
        dashboard->setRange(DashboardPage::Range::Last7Days);
        for (DashboardPage::Range range :
             {DashboardPage::Range::Last7Days, DashboardPage::Range::Last90Days}) {
            const int loads = dashboard->timeseriesLoads();
            dashboard->setRange(range);
            QTRY_VERIFY(dashboard->timeseriesLoads() > loads);
            const DashboardPage::Window w = dashboard->currentWindow();
            const Result<Timeseries> series = wait(service.timeseries(w.bucket, w.from, w.to));
            QVERIFY(series.ok());
            const TimeseriesPoint sums = DashboardPage::rangeTotals(series.value());
            QCOMPARE(dashboard->tile(QStringLiteral("totalTile"))->value(),
                     QString::number(sums.created));
            QCOMPARE(dashboard->tile(QStringLiteral("completedTile"))->value(),
                     QString::number(sums.completed));
            QCOMPARE(dashboard->tile(QStringLiteral("failedTile"))->value(),
                     QString::number(sums.failed));
            QCOMPARE(dashboard->tile(QStringLiteral("totalCostTile"))->value(),
                     QStringLiteral("$%1").arg(double(sums.costE4) / 10000.0, 0, 'f', 2));
        }
        QCOMPARE(dashboard->statusChart()->series()->slices().at(0)->value(), 1.0);
        QCOMPARE(dashboard->categoryChart()->categories(),
                 (QStringList{QStringLiteral("qa"), QStringLiteral("ops"),
                              QStringLiteral("research"), QStringLiteral("content")}));
        QTRY_VERIFY(dashboard->timeseriesLoads() > 0);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-small-dashboard-%1.png").arg(backend()));

        // A click on the donut's "Failed" slice opens the Tasks page filtered to failed tasks.
        {
            StatusDonutChart *chart = dashboard->statusChart();
            QPieSlice *failed = chart->series()->slices().at(int(TaskStatus::Failed));
            QVERIFY(failed->value() > 0);
            const QRectF plot = chart->chart()->plotArea();
            const double radius = std::min(plot.width(), plot.height()) / 2.0 *
                                  chart->series()->pieSize() * 0.75; // inside the ring
            const double angle = qDegreesToRadians(failed->startAngle() + failed->angleSpan() / 2);
            const QPointF inChart(plot.center().x() + radius * std::sin(angle),
                                  plot.center().y() - radius * std::cos(angle));
            const QPoint inView = chart->mapFromScene(chart->chart()->mapToScene(inChart));
            QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, inView);
            QTRY_COMPARE(window.tabs()->currentWidget(), page);
            QCOMPARE(model->filter().statuses, QList<TaskStatus>{TaskStatus::Failed});
            QCOMPARE(page->filterBar()->statuses(), QList<TaskStatus>{TaskStatus::Failed});
            QTRY_COMPARE(model->rowCount(), int(failed->value()));
            page->filterBar()->setStatuses({});
            QTRY_COMPARE(model->filter().statuses, QList<TaskStatus>());
        }
        window.tabs()->setCurrentWidget(page);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-small-tasks-%1.png").arg(backend()));

        // Column layout is remembered.
        page->view()->horizontalHeader()->resizeSection(TaskTableModel::CategoryColumn, 177);
        window.close();
        MainWindow again(&service, admin(), QString(), db.config(), db.pool(), &feed);
        QCOMPARE(again.tasksPage()->view()->horizontalHeader()->sectionSize(
                     TaskTableModel::CategoryColumn),
                 177);
        QCOMPARE(again.tasksPage()->model()->filter().sort, TaskSortField::Title);
    }

    void timelineClickOpensTheBucketsTasks()
    {
        // A click on a point of the dashboard's timeline opens the Tasks page with exactly the
        // tasks that point counts: "failed" by completed_at and status, "created" by created_at.
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        constexpr qint64 dayMs = 86'400'000;
        const EpochMs today = bucketStart(TimeBucket::Day, QDateTime::currentMSecsSinceEpoch());
        const EpochMs bucket = today - 3 * dayMs; // a daily UTC bucket three days ago
        const auto make = [](const QString &title, TaskStatus status, EpochMs created,
                             std::optional<EpochMs> completed) {
            Task task = seedTask(title, status, QStringLiteral("ops"), 1, 1'000,
                                 "2026-01-01T00:00:00.000Z");
            task.createdAt = created;
            task.startedAt = completed ? std::optional<EpochMs>(created + 1000) : std::nullopt;
            task.completedAt = completed;
            task.updatedAt = completed.value_or(created);
            return task;
        };
        const QList<Task> seed = {
            make(u"Failed in the bucket"_s, TaskStatus::Failed, bucket + 3'600'000,
                 bucket + 4'000'000),
            make(u"Failed late, created before"_s, TaskStatus::Failed, bucket - 2 * dayMs,
                 bucket + dayMs - 1),
            make(u"Failed the day after"_s, TaskStatus::Failed, bucket + 7'200'000, bucket + dayMs),
            make(u"Completed in the bucket"_s, TaskStatus::Completed, bucket + 60'000,
                 bucket + 7'000'000),
            make(u"Pending from the bucket"_s, TaskStatus::Pending, bucket + dayMs - 1,
                 std::nullopt),
            make(u"Pending before"_s, TaskStatus::Pending, bucket - 1, std::nullopt),
        };
        const auto imported = wait(service.importTasks(seed, {2, 3, 4, 5, 6, 7}, admin(), {}));
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));

        ChangeFeed feed(db.pool());
        MainWindow window(&service, admin(), QString(), db.config(), db.pool(), &feed);
        window.resize(1400, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        DashboardPage *dashboard = window.dashboardPage();
        window.tabs()->setCurrentWidget(dashboard);
        const int loads = dashboard->timeseriesLoads();
        dashboard->setRange(DashboardPage::Range::Last30Days);
        dashboard->reloadTimeseries();
        QTRY_VERIFY(dashboard->timeseriesLoads() > loads);
        QTest::qWait(100); // the chart lays out its new axis range
        TimelineChart *chart = dashboard->timelineChart();
        const auto pointOf = [chart, bucket](QLineSeries *series) -> std::optional<QPointF> {
            for (const QPointF &point : series->points()) {
                if (qint64(point.x()) == bucket)
                    return point;
            }
            return std::nullopt;
        };
        const auto click = [chart](QLineSeries *series, QPointF point) {
            const QPoint at = chart->mapFromScene(
                chart->chart()->mapToScene(chart->chart()->mapToPosition(point, series)));
            QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, at);
        };
        TasksPage *page = window.tasksPage();
        TaskTableModel *model = page->model();

        // The "failed" point of the bucket counts 2: the page lists those 2.
        const std::optional<QPointF> failedPoint = pointOf(chart->failedSeries());
        QVERIFY(failedPoint);
        QCOMPARE(failedPoint->y(), 2.0);
        click(chart->failedSeries(), *failedPoint);
        QTRY_COMPARE(window.tabs()->currentWidget(), page);
        QCOMPARE(model->filter().statuses, QList<TaskStatus>{TaskStatus::Failed});
        QCOMPARE(model->filter().completedAfter, std::optional<EpochMs>(bucket));
        QCOMPARE(model->filter().completedBefore, std::optional<EpochMs>(bucket + dayMs));
        QCOMPARE(model->filter().createdAfter, std::nullopt);
        QTRY_COMPARE(model->rowCount(), 2);
        QVERIFY(rowOfTitle(page, u"Failed in the bucket"_s) >= 0);
        QVERIFY(rowOfTitle(page, u"Failed late, created before"_s) >= 0);
        QTRY_COMPARE(page->totalLabel()->text(), u"2 tasks"_s);
        TaskFilterBar *bar = page->filterBar();
        QVERIFY(bar->completedLabel()->isVisible());
        QCOMPARE(bar->completedLabel()->text(),
                 u"Completed: "_s + TimeDisplay::format(bucket, u"yyyy-MM-dd"_s));
        QCOMPARE(bar->statuses(), QList<TaskStatus>{TaskStatus::Failed});
        if (backend() == u"sqlite"_s)
            window.grab().save(
                qEnvironmentVariable("TASKDECK_TIMELINE_SCREENSHOT",
                                     screenshotDir() + u"/taskdeck-timeline-click.png"_s));
        // Another filter change keeps the period; its clear button removes it.
        bar->setCategory(QStringLiteral("ops"));
        QTRY_COMPARE(model->filter().category, std::optional<QString>(u"ops"_s));
        QCOMPARE(model->filter().completedAfter, std::optional<EpochMs>(bucket));
        QTest::mouseClick(bar->completedClearButton(), Qt::LeftButton);
        QTRY_COMPARE(model->filter().completedAfter, std::nullopt);
        QCOMPARE(model->filter().completedBefore, std::nullopt);
        QVERIFY(!bar->completedLabel()->isVisible());
        QTRY_COMPARE(model->rowCount(), 3); // every failed task

        // The "completed" point: 1 task.
        window.tabs()->setCurrentWidget(dashboard);
        const std::optional<QPointF> completedPoint = pointOf(chart->completedSeries());
        QVERIFY(completedPoint);
        QCOMPARE(completedPoint->y(), 1.0);
        click(chart->completedSeries(), *completedPoint);
        QTRY_COMPARE(window.tabs()->currentWidget(), page);
        QCOMPARE(model->filter().statuses, QList<TaskStatus>{TaskStatus::Completed});
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(cell(page, 0, TaskTableModel::TitleColumn), u"Completed in the bucket"_s);

        // The "created" point: the 4 tasks created in the bucket, whatever their status.
        window.tabs()->setCurrentWidget(dashboard);
        const std::optional<QPointF> createdPoint = pointOf(chart->createdSeries());
        QVERIFY(createdPoint);
        QCOMPARE(createdPoint->y(), 4.0);
        click(chart->createdSeries(), *createdPoint);
        QTRY_COMPARE(window.tabs()->currentWidget(), page);
        QCOMPARE(model->filter().statuses, QList<TaskStatus>());
        QCOMPARE(model->filter().createdAfter, std::optional<EpochMs>(bucket));
        QCOMPARE(model->filter().createdBefore, std::optional<EpochMs>(bucket + dayMs));
        QCOMPARE(model->filter().completedAfter, std::nullopt);
        QVERIFY(!bar->completedLabel()->isVisible());
        QTRY_COMPARE(model->rowCount(), 4);
        QCOMPARE(rowOfTitle(page, u"Pending before"_s), -1);
        QCOMPARE(rowOfTitle(page, u"Failed late, created before"_s), -1);
    }

    void editDialogSavesAndReportsConcurrentChanges()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const QList<Task> seed = {
            seedTask(QStringLiteral("Hotel booking"), TaskStatus::Pending, QStringLiteral("ops"), 1,
                     100, "2026-11-26T08:00:00.000Z"),
        };
        QVERIFY(wait(service.importTasks(seed, {2}, admin(), {})).ok());
        ChangeFeed feed(db.pool());
        QTRY_COMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        MainWindow window(&service, admin(), QString(), db.config(), db.pool(), &feed);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Hotel booking"));
        selectRow(page, 0);

        // Edit: the dialog sends only what changed; the table shows it.
        page->editAction()->trigger();
        TaskDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<TaskDialog *>()) && dialog->isVisible());
        QVERIFY(dialog->isEditing());
        auto *title = dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"));
        auto *cost = dialog->findChild<QLineEdit *>(QStringLiteral("costEdit"));
        QCOMPARE(title->text(), QStringLiteral("Hotel booking"));
        QCOMPARE(cost->text(), QStringLiteral("0.0100"));
        title->setText(QStringLiteral("Hotel booking for the offsite"));
        cost->setText(QStringLiteral("1,234.5"));
        dialog->accept();
        QTRY_VERIFY(!window.findChild<TaskDialog *>());
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn),
                     QStringLiteral("Hotel booking for the offsite"));
        QCOMPARE(cell(page, 0, TaskTableModel::CostColumn), QStringLiteral("1,234.5000"));
        const Task edited = *page->model()->taskAt(0);
        QCOMPARE(edited.version, 2);

        // Someone else changes the task while the dialog is open: the save is refused and the
        // dialog shows what changed, keeping the edits (no silent overwrite; tst_taskdialog
        // covers Reload / Overwrite / Cancel).
        page->editAction()->trigger();
        QTRY_VERIFY((dialog = window.findChild<TaskDialog *>()) && dialog->isVisible());
        TaskPatch other;
        other.priority = 3;
        QVERIFY(wait(service.update(edited.id, other, std::nullopt, admin())).ok());
        dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"))
            ->setText(QStringLiteral("Mine"));
        dialog->accept();
        QTRY_VERIFY(dialog->isShowingConflict());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("conflictText"))
                    ->text()
                    .contains(QStringLiteral("Priority: Normal → Critical")));
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"))->text(),
                 QStringLiteral("Mine"));
        QVERIFY(dialog->isVisible());
        dialog->reject();
        QTRY_COMPARE(cell(page, 0, TaskTableModel::PriorityColumn), QStringLiteral("Critical"));
        QCOMPARE(cell(page, 0, TaskTableModel::TitleColumn),
                 QStringLiteral("Hotel booking for the offsite"));
    }

    void databaseDownShowsNotConnected()
    {
        DatabaseConfig config;
        config.driver = DatabaseConfig::Driver::Postgres;
        config.host = QStringLiteral("127.0.0.1");
        config.port = 1; // nothing listens: connection refused at once
        config.databaseName = QStringLiteral("taskdeck");
        config.user = QStringLiteral("nobody");
        ConnectionPool pool(config, 2);
        TaskService service(&pool);
        ChangeFeed feed(&pool);
        MainWindow window(&service, admin(), QString(), config, &pool, &feed);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.databaseLabel()->text().endsWith(QStringLiteral("not connected")));
        QVERIFY(!window.isDatabaseConnected());
        QCOMPARE(window.databaseLabel()->toolTip(),
                 QStringLiteral("The database is unavailable. Check the connection and try "
                                "again."));
        QCOMPARE(window.tasksPage()->model()->rowCount(), 0);
        QCOMPARE(window.tasksPage()->totalLabel()->text(), QStringLiteral("Loading…"));
    }

    void viewerSeesNoEditActions()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal viewer{QUuid::createUuid(), QStringLiteral("vic"), Role::Viewer};
        ChangeFeed feed(db.pool());
        MainWindow window(&service, viewer, QString(), db.config(), db.pool(), &feed);
        TasksPage *page = window.tasksPage();
        QVERIFY(!page->newAction()->isVisible());
        QVERIFY(!page->editAction()->isVisible());
        QVERIFY(!page->deleteAction()->isVisible());
        for (TaskStatus status : kAllStatuses)
            QVERIFY(!page->statusAction(status)->isVisible());
        QVERIFY(page->exportAction()->isVisible());
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("userStatus"))->text(),
                 QStringLiteral("Signed in as vic (Viewer)"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("apiStatus"))->text(),
                 QStringLiteral("API: off"));
    }

    void germanTranslationIsEmbedded()
    {
        QTranslator german;
        QVERIFY(german.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("taskdeck"),
                            QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCOMPARE(german.filePath(), QStringLiteral(":/i18n/taskdeck_de.qm"));
        QCoreApplication::installTranslator(&german);
        QCOMPARE(TaskTableModel::statusText(TaskStatus::InProgress),
                 QStringLiteral("In Bearbeitung"));
        TaskTableModel model;
        QCOMPARE(model.headerData(TaskTableModel::TitleColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Titel"));
        QCoreApplication::removeTranslator(&german);
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
