// The real MainWindow with an in-process ApiServer and a ChangeFeed (SQLite and PostgreSQL): a
// task created through HTTP POST shows within 1 s with no polling timer anywhere in the GUI
// thread; the dashboard takes metrics.updated as it is (exact KPI values), its time series is
// the one GET /api/metrics/timeseries answers for the same range and advances live; the status
// bar shows the listener state and a lost listener (PostgreSQL) makes the window reload.
#include "../http/ApiTestClient.h"

#include "ChangeFeed.h"
#include "DashboardCharts.h"
#include "DashboardPage.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "TaskDetailPanel.h"
#include "TaskDialog.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TaskTableController.h"
#include "TaskTableModel.h"
#include "TasksPage.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QHash>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QSet>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <ctime>
#include <memory>

using namespace taskdeck;
using taskdeck::test::ApiTestClient;
using taskdeck::test::HttpResult;
using taskdeck::test::wait;

namespace {

Principal admin()
{
    return {QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
}

QString iso(EpochMs ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool waitListening(ChangeFeed &feed)
{
    return QTest::qWaitFor(
        [&] {
            return feed.isReady() && feed.listenerState() == ChangeFeed::ListenerState::Connected;
        },
        10000);
}

/// Records every QTimer of the GUI thread that fires (application event filter: main thread
/// objects only), with its interval and whether it repeats.
class TimerWatch : public QObject
{
public:
    TimerWatch() { qApp->installEventFilter(this); }
    ~TimerWatch() override { qApp->removeEventFilter(this); }
    QHash<QObject *, int> fired;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Timer && qobject_cast<QTimer *>(watched))
            ++fired[watched];
        return QObject::eventFilter(watched, event);
    }
};

/// The window of `api`'s services and `feed`, as an admin, shown at 1200 x 700.
std::unique_ptr<MainWindow> showWindow(ApiTestClient &api, ChangeFeed &feed)
{
    auto window = std::make_unique<MainWindow>(
        &api.tasks(), admin(), QStringLiteral("http://127.0.0.1:%1").arg(api.port()),
        api.database().config(), api.database().pool(), &feed);
    window->resize(1200, 700);
    window->show();
    return window;
}

QString cell(TaskTableModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
}

} // namespace

class LiveWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
    }

    void apiCreateShowsWithinOneSecondWithoutPolling()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        ConnectionPool *pool = api.database().pool();
        ChangeFeed feed(pool);
        QVERIFY(waitListening(feed));
        const std::unique_ptr<MainWindow> opened = showWindow(api, feed);
        QVERIFY(QTest::qWaitForWindowExposed(opened.get()));
        MainWindow &window = *opened;
        TaskTableModel *model = window.tasksPage()->model();
        QTRY_VERIFY(model->isTotalKnown());
        QCOMPARE(model->total(), 0);
        QCOMPARE(window.liveLabel()->text(), QStringLiteral("Live"));

        // Nothing polls: no ChangeMonitor, no repeating QTimer under 5 s among the window's
        // objects, and none fires repeatedly in the GUI thread while idle. (The 5 s database
        // ping of the status bar is a connectivity check, not a change poll.)
        const QList<QObject *> objects = window.findChildren<QObject *>();
        for (const QObject *object : objects) {
            QVERIFY(QByteArray(object->metaObject()->className()) !=
                    QByteArray("taskdeck::ChangeMonitor"));
            if (const auto *timer = qobject_cast<const QTimer *>(object)) {
                if (timer->isActive() && !timer->isSingleShot())
                    QVERIFY2(timer->interval() >= 5000, qPrintable(timer->objectName()));
            }
        }
        {
            TimerWatch watch;
            QTest::qWait(3000);
            for (auto it = watch.fired.cbegin(); it != watch.fired.cend(); ++it) {
                const auto *timer = static_cast<QTimer *>(it.key());
                QVERIFY2(timer->isSingleShot() || timer->interval() >= 5000,
                         qPrintable(QStringLiteral("a repeating %1 ms timer fired %2 times")
                                        .arg(timer->interval())
                                        .arg(it.value())));
            }
        }

        const QString token = api.adminToken();
        QElapsedTimer shown;
        shown.start();
        const HttpResult created =
            api.sendJson("POST", QStringLiteral("/api/tasks"), token,
                         QByteArrayLiteral("{\"title\":\"Pushed through HTTP\",\"priority\":2}"));
        QCOMPARE(created.status, 201);
        const qint64 answered = shown.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, TaskTableModel::TitleColumn),
                                  QStringLiteral("Pushed through HTTP"), 1000);
        qInfo("the API answered after %lld ms; the table showed the task after %lld ms", answered,
              shown.elapsed());
        QCOMPARE(model->total(), 1);
        QCOMPARE(cell(model, 0, TaskTableModel::PriorityColumn), QStringLiteral("High"));
        QCOMPARE(window.tasksPage()->totalLabel()->text(), QStringLiteral("1 task"));

        // The dashboard follows too: metrics.updated carries the new totals.
        QTRY_COMPARE_WITH_TIMEOUT(window.dashboardPage()->metrics().total(), qint64(1), 2000);
    }

    /// End-to-end latency in the window: PATCH over HTTP -> the row shows the new title.
    /// TASKDECK_UI_LATENCY_CHANGES sets how many changes (default 10; the closing note of issue 4
    /// used 100). Prints median and worst; each must show within a second.
    void windowLatencyOfChanges()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        ConnectionPool *pool = api.database().pool();
        ChangeFeed feed(pool);
        QVERIFY(waitListening(feed));
        const std::unique_ptr<MainWindow> opened = showWindow(api, feed);
        QVERIFY(QTest::qWaitForWindowExposed(opened.get()));
        MainWindow &window = *opened;
        TaskTableModel *model = window.tasksPage()->model();
        const QString token = api.adminToken();
        const HttpResult created = api.sendJson("POST", QStringLiteral("/api/tasks"), token,
                                                QByteArrayLiteral("{\"title\":\"latency probe\"}"));
        QCOMPARE(created.status, 201);
        const QString id =
            QJsonDocument::fromJson(created.body).object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, TaskTableModel::TitleColumn),
                                  QStringLiteral("latency probe"), 2000);

        const int changes = qEnvironmentVariableIsSet("TASKDECK_UI_LATENCY_CHANGES")
                                ? qEnvironmentVariableIntValue("TASKDECK_UI_LATENCY_CHANGES")
                                : 10;
        QList<qint64> latencies;
        for (int i = 0; i < changes; ++i) {
            const QString title = QStringLiteral("change %1").arg(i);
            QElapsedTimer clock;
            clock.start();
            const HttpResult patched =
                api.sendJson("PATCH", QStringLiteral("/api/tasks/") + id, token,
                             QJsonDocument(QJsonObject{{QStringLiteral("title"), title}}).toJson());
            QCOMPARE(patched.status, 200);
            QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, TaskTableModel::TitleColumn), title, 1000);
            latencies << clock.elapsed();
        }
        std::sort(latencies.begin(), latencies.end());
        qInfo("PATCH over HTTP -> row updated in the window, %d changes: median %lld ms, worst "
              "%lld ms",
              changes, latencies.at(latencies.size() / 2), latencies.last());
    }

    /// Issue 11's "done when": an edit conflict made with an HTTP client (as curl would) while
    /// the edit dialog is open is caught and offered as Reload / Overwrite / Cancel; Overwrite
    /// keeps their other change; the detail panel's history shows both saves live.
    void editConflictMadeOverHttpIsOffered()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        ChangeFeed feed(api.database().pool());
        QVERIFY(waitListening(feed));
        const std::unique_ptr<MainWindow> opened = showWindow(api, feed);
        QVERIFY(QTest::qWaitForWindowExposed(opened.get()));
        TasksPage *page = opened->tasksPage();
        const QString token = api.adminToken();
        const HttpResult created =
            api.sendJson("POST", QStringLiteral("/api/tasks"), token,
                         QByteArrayLiteral("{\"title\":\"Quarterly report\",\"cost\":1.5}"));
        QCOMPARE(created.status, 201);
        const QString id = created.object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE(cell(page->model(), 0, TaskTableModel::TitleColumn),
                     QStringLiteral("Quarterly report"));
        page->view()->selectionModel()->setCurrentIndex(page->model()->index(0, 0),
                                                        QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
        page->editAction()->trigger();
        TaskDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = opened->findChild<TaskDialog *>()) && dialog->isVisible());

        const HttpResult patched =
            api.sendJson("PATCH", QStringLiteral("/api/tasks/") + id, token,
                         QByteArrayLiteral("{\"title\":\"Quarterly report (final)\","
                                           "\"priority\":3}"));
        QCOMPARE(patched.status, 200);
        dialog->findChild<QLineEdit *>(QStringLiteral("costEdit"))->setText(QStringLiteral("2"));
        dialog->accept();
        QTRY_VERIFY(dialog->isShowingConflict());
        QCOMPARE(dialog->conflictRows(),
                 QList<QStringList>({{QStringLiteral("Cost"), QStringLiteral("1.50 USD"),
                                      QStringLiteral("2.00 USD"), QStringLiteral("yours")}}));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("conflictOverwrite")),
                          Qt::LeftButton);
        QTRY_VERIFY(!opened->findChild<TaskDialog *>());
        const QJsonObject stored = api.get(QStringLiteral("/api/tasks/") + id, token).object();
        QCOMPARE(stored.value(QStringLiteral("title")).toString(),
                 QStringLiteral("Quarterly report (final)"));
        QCOMPARE(stored.value(QStringLiteral("priority")).toInt(), 3);
        QCOMPARE(stored.value(QStringLiteral("cost")).toDouble(), 2.0);
        QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 3);

        TaskDetailPanel *panel = page->detailPanel();
        QTRY_COMPARE(panel->fieldText(QStringLiteral("version")), QStringLiteral("3"));
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 3);
        const QStringList lines = panel->historyLines();
        QVERIFY2(lines.contains(QStringLiteral("  Cost: 1.5000 USD → 2.0000 USD")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY2(lines.contains(QStringLiteral("  Title: “Quarterly report” → “Quarterly report "
                                               "(final)”")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
    }

    void dashboardFollowsTheFeed()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        ConnectionPool *pool = api.database().pool();
        TaskService &service = api.tasks();
        const EpochMs now = QDateTime::currentMSecsSinceEpoch();
        constexpr qint64 hour = 3600 * 1000;
        constexpr qint64 day = 24 * hour;
        // Tasks spread over the last 40 days, some completed or failed, at known times.
        QList<Task> seed;
        for (int i = 0; i < 40; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("seed %1").arg(i);
            task.createdAt = now - i * day - (i % 5) * hour - 1000;
            task.updatedAt = task.createdAt;
            task.createdBy = QStringLiteral("admin");
            task.costE4 = 10000 + i;
            if (i % 3 == 1) {
                task.status = TaskStatus::Completed;
                task.startedAt = task.createdAt;
                task.completedAt = task.createdAt + 90 * 60 * 1000;
                task.updatedAt = *task.completedAt;
            } else if (i % 3 == 2) {
                task.status = TaskStatus::Failed;
                task.startedAt = task.createdAt;
                task.completedAt = task.createdAt + 30 * 1000;
                task.updatedAt = *task.completedAt;
                task.errorMessage = QStringLiteral("boom");
            }
            if (task.completedAt && *task.completedAt >= now)
                continue; // nothing from the future
            seed << task;
        }
        QList<int> lines;
        for (int i = 0; i < seed.size(); ++i)
            lines << i + 2;
        QVERIFY(wait(service.importTasks(seed, lines, admin(), {})).ok());

        ChangeFeed::Options options;
        options.metricsIntervalMs = 100;
        ChangeFeed feed(pool, options);
        QVERIFY(waitListening(feed));
        MainWindow window(&service, admin(), QString(), api.database().config(), pool, &feed);
        window.resize(1300, 900);
        window.show();
        window.tabs()->setCurrentWidget(window.dashboardPage());
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        DashboardPage *dashboard = window.dashboardPage();
        dashboard->setTimeseriesThrottleMs(300);
        const auto tileValue = [&](const char *name) {
            return dashboard->tile(QLatin1String(name))->value();
        };
        // The tiles follow the selected range: the sums of its buckets, read here independently.
        const auto rangeSums = [&] {
            const DashboardPage::Window w = dashboard->currentWindow();
            const Result<Timeseries> series = wait(service.timeseries(w.bucket, w.from, w.to));
            return series.ok() ? DashboardPage::rangeTotals(series.value()) : TimeseriesPoint{};
        };
        QTRY_VERIFY(dashboard->timeseriesLoads() > 0);
        QTRY_COMPARE(tileValue("totalTile"), QLocale().toString(rangeSums().created));
        QVERIFY(rangeSums().created < qint64(seed.size())); // 30 of the 40 days

        // The same buckets as GET /api/metrics/timeseries, for every range.
        const QString token = api.adminToken();
        for (DashboardPage::Range range :
             {DashboardPage::Range::Last24Hours, DashboardPage::Range::Last7Days,
              DashboardPage::Range::Last30Days, DashboardPage::Range::Last90Days}) {
            const int loads = dashboard->timeseriesLoads();
            dashboard->setRange(range);
            if (range == DashboardPage::Range::Last30Days)
                dashboard->reloadTimeseries(); // already selected
            QTRY_VERIFY(dashboard->timeseriesLoads() > loads);
            const DashboardPage::Window w = dashboard->currentWindow();
            const HttpResult answer =
                api.get(QStringLiteral("/api/metrics/timeseries?bucket=%1&from=%2&to=%3")
                            .arg(bucketName(w.bucket), iso(w.from), iso(w.to)),
                        token);
            QCOMPARE(answer.status, 200);
            const QJsonArray points = answer.object().value(QStringLiteral("points")).toArray();
            const QList<QPointF> created = dashboard->timelineChart()->createdSeries()->points();
            const QList<QPointF> completed =
                dashboard->timelineChart()->completedSeries()->points();
            const QList<QPointF> failed = dashboard->timelineChart()->failedSeries()->points();
            QCOMPARE(created.size(), points.size());
            QCOMPARE(created.size(), int(bucketCount(w.bucket, w.from, w.to)));
            qint64 createdSum = 0;
            for (qsizetype i = 0; i < points.size(); ++i) {
                const QJsonObject point = points[i].toObject();
                const EpochMs t =
                    *json::parseTimestamp(point.value(QStringLiteral("t")).toString());
                QCOMPARE(qint64(created[i].x()), t);
                QCOMPARE(qint64(created[i].y()),
                         point.value(QStringLiteral("created")).toInteger());
                QCOMPARE(qint64(completed[i].y()),
                         point.value(QStringLiteral("completed")).toInteger());
                QCOMPARE(qint64(failed[i].y()), point.value(QStringLiteral("failed")).toInteger());
                createdSum += qint64(created[i].y());
            }
            // The last bucket is the current one.
            QCOMPARE(qint64(created.last().x()), bucketStart(w.bucket, now));
            if (range == DashboardPage::Range::Last90Days)
                QCOMPARE(createdSum, qint64(seed.size()));
        }

        // Live: a new task moves the KPI tiles to exact values and advances the chart's current
        // bucket, without any reload of the metrics.
        dashboard->setRange(DashboardPage::Range::Last24Hours);
        QTRY_COMPARE(qint64(dashboard->timelineChart()->createdSeries()->points().last().x()),
                     bucketStart(TimeBucket::Hour, QDateTime::currentMSecsSinceEpoch()));
        const qint64 currentBefore =
            qint64(dashboard->timelineChart()->createdSeries()->points().last().y());
        NewTask fresh;
        fresh.title = QStringLiteral("fresh");
        fresh.costE4 = 25000;
        fresh.status = TaskStatus::InProgress;
        const auto made = wait(service.create(fresh, admin()));
        QVERIFY(made.ok());
        TaskPatch done;
        done.status = TaskStatus::Completed;
        QVERIFY(wait(service.update(made.value().id, done, std::nullopt, admin())).ok());
        const MetricsSnapshot expected = wait(service.metrics()).value();
        QTRY_COMPARE(dashboard->metrics(), expected);
        QTRY_COMPARE_WITH_TIMEOUT(tileValue("totalTile"), QLocale().toString(rangeSums().created),
                                  2000);
        QTRY_COMPARE(tileValue("completedTile"), QLocale().toString(rangeSums().completed));
        QCOMPARE(tileValue("failedTile"), QLocale().toString(rangeSums().failed));
        QCOMPARE(tileValue("totalCostTile"),
                 QLocale().toCurrencyString(double(rangeSums().costE4) / 10000.0,
                                            QStringLiteral("$"), 2));
        QTRY_COMPARE_WITH_TIMEOUT(
            qint64(dashboard->timelineChart()->createdSeries()->points().last().y()),
            currentBefore + 1, 2000);
        QTRY_COMPARE(qint64(dashboard->timelineChart()->completedSeries()->points().last().y()),
                     qint64(1));

        // metrics.updated is taken as it is: a snapshot with made-up numbers shows exactly.
        MetricsSnapshot made_up;
        made_up.byStatus = {7, 1, 12, 3, 0};
        made_up.byCategory = {{QString(), 23}};
        made_up.costByCategory = {{QString(), 1234567}};
        made_up.totalCostE4 = 1234567;
        made_up.completedExecutionMsSum = 12 * 61000;
        made_up.completedExecutionCount = 12;
        ChangeEvent event;
        event.type = ChangeType::MetricsUpdated;
        event.seq = feed.lastSeq() + 1000;
        event.metrics = made_up;
        const QString rangeTotalBefore = tileValue("totalTile");
        const QString rangeCostBefore = tileValue("totalCostTile");
        emit feed.published({event});
        QCOMPARE(tileValue("pendingTile"), QStringLiteral("7")); // the current count
        QCOMPARE(dashboard->statusChart()->series()->slices().at(2)->value(), 12.0);
        // the range tiles are the range's sums, not the all-time snapshot
        QCOMPARE(tileValue("totalTile"), rangeTotalBefore);
        QCOMPARE(tileValue("totalCostTile"), rangeCostBefore);

        // The "C" locale (servers, Xvfb) wrote "123.46$": dollars keep the US form there.
        QLocale::setDefault(QLocale::c());
        const int loads = dashboard->timeseriesLoads();
        dashboard->reloadTimeseries();
        QTRY_VERIFY(dashboard->timeseriesLoads() > loads);
        const QString inCLocale = tileValue("totalCostTile");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(inCLocale, QLocale().toCurrencyString(double(rangeSums().costE4) / 10000.0,
                                                       QStringLiteral("$"), 2));
        QVERIFY(inCLocale.startsWith(QLatin1Char('$')));
    }

    void dashboardDropsAReloadOlderThanTheFeed()
    {
        // reload() (start, resync) reads metrics on the pool; a commit's metrics.updated can be
        // shown before that answer arrives. The older answer must not replace it.
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        TaskService &service = api.tasks();
        for (int i = 0; i < 2; ++i) {
            NewTask task;
            task.title = QStringLiteral("t%1").arg(i);
            QVERIFY(wait(service.create(task, admin())).ok());
        }
        DashboardPage page(&service);
        page.reload(); // its answer cannot arrive before the event loop runs
        const Result<MetricsSnapshot> read = wait(service.metrics());
        QVERIFY(read.ok());
        QCOMPARE(read.value().total(), qint64(2));
        MetricsSnapshot newer = read.value(); // the feed's snapshot after a third task's commit
        newer.byStatus[int(TaskStatus::Pending)] += 1;
        page.setMetrics(newer);
        QTRY_COMPARE(page.metricsAnswers(), 1);
        QCOMPARE(page.metrics(), newer);
        QCOMPARE(page.tile(QStringLiteral("pendingTile"))->value(), QStringLiteral("3"));

        // A reload requested after the snapshot is newer than it: applied.
        page.reload();
        QTRY_COMPARE(page.metricsAnswers(), 2);
        QCOMPARE(page.metrics(), read.value());
        QCOMPARE(page.tile(QStringLiteral("pendingTile"))->value(), QStringLiteral("2"));

        // Two reloads answered out of order: the later request wins.
        page.reload();
        page.reload();
        QTRY_COMPARE(page.metricsAnswers(), 4);
        QCOMPARE(page.metrics(), read.value());
    }

    void listenerLossIsShownAndCaughtUpWithoutReload()
    {
        ApiTestClient api;
        if (!api.isValid())
            TASKDECK_SKIP_DB(api.skipReason());
        if (!api.database().isPostgres())
            QSKIP("PostgreSQL only: SQLite has no LISTEN connection to lose");
        ConnectionPool *pool = api.database().pool();
        ChangeFeed::Options options;
        options.reconnectDelayMs = 300;
        ChangeFeed feed(pool, options);
        QVERIFY(waitListening(feed));
        MainWindow window(&api.tasks(), admin(), QString(), api.database().config(), pool, &feed);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.tasksPage()->model()->isTotalKnown());
        QCOMPARE(window.liveLabel()->text(), QStringLiteral("Live"));
        QStringList shownStates;
        connect(&feed, &ChangeFeed::listenerStateChanged, this,
                [&] { shownStates << window.liveLabel()->text(); });
        const int refreshes = window.tasksPage()->controller()->refreshes();

        QTest::qWait(1500); // the listener's last statement is its "SELECT 1" check
        QVariant killed;
        QVERIFY(api.database().scalar(
            QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND pid <> pg_backend_pid() AND "
                           "query = 'SELECT 1'"),
            &killed));
        QVERIFY(killed.toInt() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            !shownStates.isEmpty() &&
                shownStates.first().startsWith(QStringLiteral("Live updates lost — reconnecting…")),
            10000);
        // A change made while the listener is down still arrives (the feed reads the change log
        // from where it was, a poll or the reconnect wakes it): no reload of the table.
        // (Another instance writes: this process's pool connections may have been terminated
        // with the listener's, which is not what this test is about.)
        ConnectionPool otherInstance(api.database().config(), 1);
        TaskService otherTasks(&otherInstance);
        NewTask draft;
        draft.title = QStringLiteral("Made while the listener was down");
        QVERIFY(wait(otherTasks.create(draft, admin())).ok());
        TaskTableModel *model = window.tasksPage()->model();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, TaskTableModel::TitleColumn),
                                  QStringLiteral("Made while the listener was down"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window.liveLabel()->text(), QStringLiteral("Live"), 10000);
        QTest::qWait(500);
        QCOMPARE(window.tasksPage()->controller()->refreshes(), refreshes);
    }
};

QTEST_MAIN(LiveWindowTest)
#include "tst_livewindow.moc"
