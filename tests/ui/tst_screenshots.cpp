// The real MainWindow on the 20k sample (shared/data/tasks-20k.csv) and, opt-in, on a large
// database: both pages (also in the dark theme) grabbed to PNG (TASKDECK_SCREENSHOT_DIR or /tmp) to
// be looked at, and the lazy table's timings printed.
#include "ChangeFeed.h"
#include "ConnectionPool.h"
#include "DashboardCharts.h"
#include "DashboardPage.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "Preferences.h"
#include "TaskCsv.h"
#include "TaskDetailPanel.h"
#include "TaskDialog.h"
#include "TaskFilterBar.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

#include <ctime>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

Principal admin()
{
    return {QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
}

QString screenshotDir()
{
    return qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
}

QString backend()
{
    return qEnvironmentVariable("TASKDECK_TEST_BACKEND", QStringLiteral("sqlite"));
}

} // namespace

class ScreenshotsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_screenshots"));
    }

    /// Opt-in: a large database (TASKDECK_UI_LARGE_DATABASE_URL, e.g. ~1M tasks) opens at once
    /// and scrolls to its end; the timings are printed.
    void largeDatabase()
    {
        const QString url = qEnvironmentVariable("TASKDECK_UI_LARGE_DATABASE_URL");
        if (url.isEmpty())
            QSKIP("set TASKDECK_UI_LARGE_DATABASE_URL to a migrated database with many tasks");
        const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(url);
        QVERIFY(config.ok());
        ConnectionPool pool(config.value(), 4);
        const VoidResult migrated = wait(pool.migrate());
        QVERIFY2(migrated.ok(), qPrintable(migrated.ok() ? QString() : migrated.error().message));
        TaskService service(&pool);
        QSettings().clear();
        QElapsedTimer timer;
        timer.start();
        ChangeFeed feed(&pool);
        MainWindow window(&service, admin(), QString(), config.value(), &pool, &feed);
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TaskTableModel *model = window.tasksPage()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(0) != nullptr, 10000);
        const qint64 firstRows = timer.elapsed();
        const int total = model->rowCount();
        QVERIFY(total > 100'000);
        timer.restart();
        window.tasksPage()->view()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(total - 1) != nullptr, 10000);
        const qint64 lastRows = timer.elapsed();
        timer.restart();
        window.tasksPage()->view()->scrollTo(model->index(total / 2, 0));
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(total / 2) != nullptr, 10000);
        const qint64 middleRows = timer.elapsed();
        QVERIFY(model->cachedBlockCount() <= model->maxCachedBlocks());
        qInfo("%d rows: first rows after %lld ms, last rows %lld ms, middle rows %lld ms", total,
              firstRows, lastRows, middleRows);
        // A search filter: every block also counts the matches (TaskService::list's total).
        timer.restart();
        window.tasksPage()->filterBar()->setDebounceInterval(0);
        window.tasksPage()->filterBar()->setSearchText(QStringLiteral("pricing"));
        QTRY_VERIFY_WITH_TIMEOUT(model->filter().search == QStringLiteral("pricing") &&
                                     model->taskAt(0) != nullptr,
                                 20000);
        const qint64 searchFirst = timer.elapsed();
        const int matches = model->rowCount();
        timer.restart();
        window.tasksPage()->view()->scrollTo(model->index(matches / 2, 0));
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(matches / 2) != nullptr, 20000);
        qInfo("search 'pricing': %d matches, first rows %lld ms, middle rows %lld ms", matches,
              searchFirst, timer.elapsed());
        window.grab().save(screenshotDir() + QStringLiteral("/taskdeck-large.png"));
    }

    /// The 20k sample (shared/data/tasks-20k.csv) imported, both pages grabbed to PNG.
    void screenshotsWithSample()
    {
        const QString csvPath =
            qEnvironmentVariable("TASKDECK_SHARED_DIR") + QStringLiteral("/data/tasks-20k.csv");
        QFile file(csvPath);
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("shared/data/tasks-20k.csv not available");
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QList<int> lines;
        const auto parsed = csv::parseRecords(file.readAll(), &lines);
        QVERIFY(std::holds_alternative<QList<QStringList>>(parsed));
        const QList<QStringList> &records = std::get<QList<QStringList>>(parsed);
        QList<Task> tasks;
        QList<int> taskLines;
        for (qsizetype i = 1; i < records.size(); ++i) {
            auto task = csv::taskFromRecord(records[0], records[i], lines[i], 0);
            QVERIFY(std::holds_alternative<Task>(task));
            tasks.append(std::get<Task>(task));
            taskLines.append(lines[i]);
        }
        QCOMPARE(tasks.size(), 20000);
        TaskService service(db.pool());
        const auto imported = wait(service.importTasks(tasks, taskLines, admin(), {}));
        QVERIFY(imported.ok());
        QCOMPARE(imported.value().imported, 20000);

        QSettings().clear();
        ChangeFeed feed(db.pool());
        MainWindow window(&service, admin(), QStringLiteral("http://127.0.0.1:8000"), db.config(),
                          db.pool(), &feed);
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        QTRY_COMPARE(page->model()->rowCount(), 20000);
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("20,000 tasks"));
        QTRY_VERIFY(
            page->model()->data(page->model()->index(0, 0), TaskTableModel::LoadedRole).toBool());
        // Scroll to the middle: the block there loads on demand.
        page->view()->scrollTo(page->model()->index(12'345, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY(page->model()->taskAt(12'345) != nullptr);
        QTest::qWait(100);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-tasks-%1.png").arg(backend()));

        window.tabs()->setCurrentWidget(window.dashboardPage());
        DashboardPage *dashboard = window.dashboardPage();
        QTRY_COMPARE(dashboard->metrics().total(), qint64(20000));
        QTRY_VERIFY(dashboard->timeseriesLoads() > 0);
        QVERIFY(dashboard->timelineChart()->createdSeries()->count() > 0);
        QTest::qWait(100);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-dashboard-%1.png").arg(backend()));
        const int loads = dashboard->timeseriesLoads();
        dashboard->setRange(DashboardPage::Range::Last7Days);
        QTRY_VERIFY(dashboard->timeseriesLoads() > loads);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-dashboard-7d-%1.png").arg(backend()));

        // The dark theme (Preferences), both pages (docs/screenshot-dark-*.png).
        Preferences::setTheme(Preferences::Theme::Dark);
        QTRY_VERIFY(isDarkPalette(page->view()->palette()));
        QTRY_COMPARE(dashboard->timelineChart()->chart()->theme(), QChart::ChartThemeDark);
        dashboard->setRange(DashboardPage::Range::Last30Days);
        QTest::qWait(300);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-dark-dashboard-%1.png").arg(backend()));
        window.tabs()->setCurrentWidget(page);
        page->view()->selectRow(12'345);
        QTest::qWait(300);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-dark-tasks-%1.png").arg(backend()));
        Preferences::setTheme(Preferences::Theme::System);
        QSettings().clear();
    }

    /// The detail panel of a failed task with a history of changes by three people, and the edit
    /// dialog's conflict panel after a change made behind its back: grabbed to PNG
    /// (taskdeck-detail-*.png, taskdeck-conflict-*.png; docs/screenshot-detail.png and
    /// docs/screenshot-conflict.png come from here).
    void detailPanelAndConflict()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        const Principal bob{QUuid::createUuid(), QStringLiteral("bob"), Role::Operator};
        const Principal carla{QUuid::createUuid(), QStringLiteral("carla"), Role::Admin};
        const char *titles[] = {"Rebuild search index",       "Send weekly digest",
                                "Resize product images",      "Import supplier prices",
                                "Archive old invoices",       "Refresh exchange rates",
                                "Generate sitemap",           "Sync CRM contacts",
                                "Recalculate loyalty points", "Compress log files"};
        int n = 0;
        for (const char *title : titles) {
            NewTask draft;
            draft.title = QString::fromLatin1(title);
            draft.category = n % 3 == 0 ? QStringLiteral("maintenance") : QStringLiteral("reports");
            draft.priority = n % 4;
            draft.costE4 = 1'250 * (n + 1);
            draft.status = n % 2 ? TaskStatus::InProgress : TaskStatus::Pending;
            QVERIFY(wait(service.create(draft, n % 2 ? ana : bob)).ok());
            ++n;
        }
        NewTask draft;
        draft.title = QStringLiteral("Nightly export to the data warehouse");
        draft.description = QStringLiteral(
            "Export the orders, customers and stock tables as Parquet and upload them to the "
            "warehouse bucket.\nOn failure the partial upload is removed; retry once the cause is "
            "fixed.");
        draft.category = QStringLiteral("exports");
        draft.priority = 1;
        draft.costE4 = 42'500;
        const Task created = wait(service.create(draft, ana)).value();
        TaskPatch raise;
        raise.priority = 3;
        raise.costE4 = 127'500;
        QVERIFY(wait(service.update(created.id, raise, std::nullopt, carla)).ok());
        TaskPatch start;
        start.status = TaskStatus::InProgress;
        QVERIFY(wait(service.update(created.id, start, std::nullopt, bob)).ok());
        TaskPatch fail;
        fail.status = TaskStatus::Failed;
        fail.errorMessage = QStringLiteral("Upload to s3://warehouse/orders failed: disk quota "
                                           "exceeded on the export host (wrote 18.2 of 20 GB)");
        fail.result = QJsonObject{
            {QStringLiteral("exported"), QJsonObject{{QStringLiteral("orders"), 1284113},
                                                     {QStringLiteral("customers"), 90211}}},
            {QStringLiteral("failed_table"), QStringLiteral("stock")},
            {QStringLiteral("attempt"), 1},
            {QStringLiteral("warnings"),
             QJsonArray{QStringLiteral("slow disk"), QStringLiteral("retrying upload")}}};
        const Task failed = wait(service.update(created.id, fail, std::nullopt, bob)).value();

        QSettings().clear();
        ChangeFeed feed(db.pool());
        MainWindow window(&service, ana, QStringLiteral("http://127.0.0.1:8000"), db.config(),
                          db.pool(), &feed);
        window.resize(1500, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        QTRY_COMPARE(page->model()->rowCount(), 11);
        QTRY_VERIFY(page->model()->taskAt(0));
        const int row = page->model()->rowOf(created.id);
        QVERIFY(row >= 0);
        page->view()->selectionModel()->setCurrentIndex(page->model()->index(row, 0),
                                                        QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
        TaskDetailPanel *panel = page->detailPanel();
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 4);
        QTest::qWait(200);
        window.grab().save(screenshotDir() +
                           QStringLiteral("/taskdeck-detail-%1.png").arg(backend()));

        // The conflict: the task is edited while someone else changes it (as a curl PATCH would).
        page->editAction()->trigger();
        TaskDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<TaskDialog *>()) && dialog->isVisible());
        TaskPatch theirs;
        theirs.title = QStringLiteral("Nightly export to the data warehouse (orders only)");
        theirs.costE4 = 90'000;
        QVERIFY(wait(service.update(created.id, theirs, failed.version, carla)).ok());
        dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"))
            ->setText(QStringLiteral("Nightly export to the warehouse"));
        dialog->findChild<QComboBox *>(QStringLiteral("priorityCombo"))->setCurrentIndex(2);
        dialog->accept();
        QTRY_VERIFY(dialog->isShowingConflict());
        QTest::qWait(200);
        dialog->grab().save(screenshotDir() +
                            QStringLiteral("/taskdeck-conflict-%1.png").arg(backend()));
        dialog->reject();
    }
    /// The Tasks page (and the Bulk menu and the dashboard) in German, French and Spanish
    /// (translator and locale as main.cpp picks them), grabbed to
    /// taskdeck-{tasks,bulkmenu,dashboard}-<lang>-<backend>.png with a failed task's detail panel
    /// open (docs/screenshot-tasks-de.png, -fr.png and -es.png come from here): to check by eye
    /// that no translated label is cut off.
    void tasksPageInEachLanguage()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        const char *titles[] = {
            "Rebuild search index",       "Send weekly digest",       "Resize product images",
            "Import supplier prices",     "Archive old invoices",     "Refresh exchange rates",
            "Generate sitemap",           "Sync CRM contacts",        "Compress log files",
            "Recalculate loyalty points", "Nightly warehouse export", "Purge test accounts"};
        // Pending x4, in progress x3, completed x2, failed x2, cancelled x1.
        const TaskStatus finalStatus[] = {
            TaskStatus::Pending,    TaskStatus::Pending,    TaskStatus::Pending,
            TaskStatus::Pending,    TaskStatus::InProgress, TaskStatus::InProgress,
            TaskStatus::InProgress, TaskStatus::Completed,  TaskStatus::Completed,
            TaskStatus::Failed,     TaskStatus::Failed,     TaskStatus::Cancelled};
        QUuid failedId;
        for (int n = 0; n < 12; ++n) {
            NewTask draft;
            draft.title = QString::fromLatin1(titles[n]);
            draft.category = n % 3 == 0 ? QStringLiteral("maintenance") : QStringLiteral("reports");
            draft.priority = n % 4;
            draft.costE4 = 12'500 * (n + 1);
            const TaskStatus target = finalStatus[n];
            draft.status = target == TaskStatus::Pending || target == TaskStatus::Cancelled
                               ? TaskStatus::Pending
                               : TaskStatus::InProgress;
            const auto created = wait(service.create(draft, ana));
            QVERIFY(created.ok());
            if (target == draft.status)
                continue;
            TaskPatch patch;
            patch.status = target;
            if (target == TaskStatus::Failed)
                patch.errorMessage = QStringLiteral("Upload failed: disk quota exceeded");
            QVERIFY(wait(service.update(created.value().id, patch, std::nullopt, ana)).ok());
            if (target == TaskStatus::Failed)
                failedId = created.value().id;
        }

        struct Language
        {
            QLocale locale;
            const char *code;
            QString tasksTab;
            QString total;
        };
        const Language languages[] = {
            {QLocale(QLocale::German, QLocale::Germany), "de", QStringLiteral("&Aufgaben"),
             QStringLiteral("12 Aufgaben")},
            {QLocale(QLocale::French, QLocale::France), "fr", QStringLiteral("&Tâches"),
             QStringLiteral("12 tâches")},
            {QLocale(QLocale::Spanish, QLocale::Spain), "es", QStringLiteral("&Tareas"),
             QStringLiteral("12 tareas")},
        };
        for (const Language &language : languages) {
            QLocale::setDefault(language.locale);
            QTranslator translator;
            QVERIFY(translator.load(language.locale, QStringLiteral("taskdeck"),
                                    QStringLiteral("_"), QStringLiteral(":/i18n")));
            QCoreApplication::installTranslator(&translator);
            {
                QSettings().clear();
                ChangeFeed feed(db.pool());
                MainWindow window(&service, ana, QStringLiteral("http://127.0.0.1:8000"),
                                  db.config(), db.pool(), &feed);
                window.resize(1400, 860);
                window.show();
                QVERIFY(QTest::qWaitForWindowExposed(&window));
                TasksPage *page = window.tasksPage();
                QTRY_COMPARE(page->model()->rowCount(), 12);
                QTRY_VERIFY(page->model()->taskAt(0));
                QCOMPARE(window.tabs()->tabText(0), language.tasksTab);
                QTRY_COMPARE(page->totalLabel()->text(), language.total);
                const int row = page->model()->rowOf(failedId);
                QVERIFY(row >= 0);
                page->view()->selectionModel()->setCurrentIndex(
                    page->model()->index(row, 0),
                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                QTRY_VERIFY(page->detailPanel()->historyView()->topLevelItemCount() > 0);
                QTest::qWait(200);
                QVERIFY(window.grab().save(screenshotDir() +
                                           QStringLiteral("/taskdeck-tasks-%1-%2.png")
                                               .arg(QLatin1String(language.code), backend())));
                // The Bulk menu (its mnemonics and lengths), with the selected task enabling it.
                QMenu *bulk = page->bulkMenu();
                bulk->popup(window.mapToGlobal(QPoint(400, 90)));
                QTRY_VERIFY(bulk->isVisible());
                QVERIFY(bulk->grab().save(screenshotDir() +
                                          QStringLiteral("/taskdeck-bulkmenu-%1-%2.png")
                                              .arg(QLatin1String(language.code), backend())));
                bulk->hide();
                // The dashboard too (KPI tile captions are the longest single-line labels).
                window.tabs()->setCurrentWidget(window.dashboardPage());
                QTRY_VERIFY(window.dashboardPage()->timeseriesLoads() > 0);
                QTest::qWait(100);
                QVERIFY(window.grab().save(screenshotDir() +
                                           QStringLiteral("/taskdeck-dashboard-%1-%2.png")
                                               .arg(QLatin1String(language.code), backend())));
            }
            QCoreApplication::removeTranslator(&translator);
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        }
    }
};

QTEST_MAIN(ScreenshotsTest)
#include "tst_screenshots.moc"
