// TaskFilterBar: status and priority menus (multi-select, stay open while ticking), category
// choices that keep the current one, debounced search, the completion period's indication, exact
// creation periods, and what it writes into a TaskFilter. The dashboard charts' clicks.
#include "DashboardCharts.h"
#include "DashboardPage.h"
#include "TaskFilterBar.h"
#include "TaskJson.h"
#include "TaskTableModel.h"
#include "TimeDisplay.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPieSeries>
#include <QPieSlice>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QtMath>

#include <functional>

using namespace taskdeck;

namespace {

/// `days` daily buckets from `from`, each filled by `fill(point, dayIndex)`.
Timeseries dailySeries(EpochMs from, int days,
                       const std::function<void(TimeseriesPoint &, int)> &fill)
{
    Timeseries series;
    series.bucket = TimeBucket::Day;
    for (int day = 0; day < days; ++day) {
        TimeseriesPoint point;
        point.start = from + day * 86'400'000LL;
        fill(point, day);
        series.points.append(point);
    }
    return series;
}

} // namespace

class TaskFilterBarTest : public QObject
{
    Q_OBJECT

private slots:
    void statusMenuStaysOpenWhileTicking()
    {
        TaskFilterBar bar;
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        QMenu *menu = bar.statusButton()->menu();
        menu->popup(bar.mapToGlobal(QPoint(0, bar.height())));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        for (TaskStatus status : {TaskStatus::Failed, TaskStatus::Cancelled}) {
            QAction *action = bar.statusAction(status);
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
            QVERIFY(action->isChecked());
            QVERIFY(menu->isVisible());
        }
        QCOMPARE(changed.size(), 2);
        QCOMPARE(bar.statuses(), (QList<TaskStatus>{TaskStatus::Failed, TaskStatus::Cancelled}));
        QCOMPARE(bar.statusButton()->text(), QStringLiteral("Failed, Cancelled"));
        menu->close();

        bar.setStatuses({});
        QCOMPARE(changed.size(), 3);
        QCOMPARE(bar.statusButton()->text(), QStringLiteral("All statuses"));
    }

    void categoriesKeepTheChoice()
    {
        TaskFilterBar bar;
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        bar.setCategories({QStringLiteral("content"), QStringLiteral("ops")});
        QCOMPARE(bar.category(), std::nullopt);
        bar.setCategory(QStringLiteral("ops"));
        QCOMPARE(changed.size(), 1);
        bar.setCategories({QStringLiteral("devops"), QStringLiteral("ops")});
        QCOMPARE(bar.category(), std::optional<QString>(QStringLiteral("ops")));
        QCOMPARE(changed.size(), 1); // same choice, nothing to reload
        bar.setCategories({QStringLiteral("devops")});
        QCOMPARE(bar.category(), std::nullopt); // gone: back to all categories
        QCOMPARE(changed.size(), 2);
        QCOMPARE(bar.categories(), QStringList{QStringLiteral("devops")});
    }

    void searchIsDebounced()
    {
        TaskFilterBar bar;
        bar.setDebounceInterval(100);
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        QTest::keyClicks(bar.searchEdit(), QStringLiteral("  report "));
        QCOMPARE(changed.size(), 0);
        QTRY_COMPARE(changed.size(), 1);
        QTest::qWait(150);
        QCOMPARE(changed.size(), 1);

        TaskFilter filter;
        filter.sort = TaskSortField::Cost;
        bar.setStatuses({TaskStatus::Pending});
        bar.setCategories({QStringLiteral("qa")});
        bar.setCategory(QStringLiteral("qa"));
        bar.applyTo(filter);
        QCOMPARE(filter.search, QStringLiteral("report"));
        QCOMPARE(filter.statuses, QList<TaskStatus>{TaskStatus::Pending});
        QCOMPARE(filter.category, std::optional<QString>(QStringLiteral("qa")));
        QCOMPARE(filter.sort, TaskSortField::Cost); // untouched
    }

    void noCategoryPriorityCreatorAndDates()
    {
        TaskFilterBar bar;
        bar.setDebounceInterval(50);
        bar.setCategories({QStringLiteral("ops")});
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        // "(no category)" is offered right after "All categories" and means category ""
        QCOMPARE(bar.categoryCombo()->itemText(1), QStringLiteral("(no category)"));
        bar.categoryCombo()->setCurrentIndex(1);
        QCOMPARE(bar.category(), std::optional<QString>(QString()));
        QCOMPARE(changed.size(), 1);
        bar.setPriorities({2});
        QCOMPARE(bar.priorities(), QList<int>{2});
        QCOMPARE(bar.priorityButton()->text(), QStringLiteral("High"));
        QCOMPARE(changed.size(), 2);
        QTest::keyClicks(bar.creatorEdit(), QStringLiteral(" alice "));
        QTRY_COMPARE(changed.size(), 3); // debounced like the search
        QVERIFY(!bar.createdFromEdit()->isVisibleTo(&bar));
        bar.createdCombo()->setCurrentIndex(
            bar.createdCombo()->findData(int(TaskFilterBar::CreatedRange::Last7Days)));
        QCOMPARE(changed.size(), 4);

        const EpochMs now = 1'780'000'000'000;
        TaskFilter filter;
        filter.sort = TaskSortField::StartedAt;
        bar.applyTo(filter, now);
        QCOMPARE(filter.category, std::optional<QString>(QString()));
        QCOMPARE(filter.priorities, QList<int>{2});
        QCOMPARE(filter.createdBy, std::optional<QString>(QStringLiteral("alice")));
        QCOMPARE(filter.createdAfter, std::optional<EpochMs>(now - 7LL * 24 * 3600 * 1000));
        QCOMPARE(filter.createdBefore, std::nullopt);
        QCOMPARE(filter.sort, TaskSortField::StartedAt); // untouched

        // a custom range: local days, both inclusive
        bar.setCreatedRange(TaskFilterBar::CreatedRange::Custom);
        QVERIFY(bar.createdFromEdit()->isVisibleTo(&bar));
        bar.setCustomDates(QDate(2026, 11, 20), QDate(2026, 11, 22));
        bar.applyTo(filter, now);
        QCOMPARE(filter.createdAfter,
                 std::optional<EpochMs>(QDate(2026, 11, 20).startOfDay().toMSecsSinceEpoch()));
        QCOMPARE(filter.createdBefore,
                 std::optional<EpochMs>(QDate(2026, 11, 23).startOfDay().toMSecsSinceEpoch()));

        // setFilter() shows a filter (a saved view, a dashboard click) and emits nothing
        const int before = changed.size();
        TaskFilter shown;
        shown.statuses = {TaskStatus::Failed};
        shown.category = QStringLiteral("billing"); // not offered yet: added
        shown.priorities = {3};
        shown.createdBy = QStringLiteral("bob");
        shown.createdAfter = QDate(2026, 10, 1).startOfDay().toMSecsSinceEpoch();
        shown.createdBefore = QDate(2026, 10, 3).startOfDay().toMSecsSinceEpoch();
        bar.setFilter(shown);
        QTest::qWait(80);
        QCOMPARE(changed.size(), before);
        QCOMPARE(bar.categories(), (QStringList{QStringLiteral("billing"), QStringLiteral("ops")}));
        TaskFilter back;
        bar.applyTo(back, now);
        QCOMPARE(back.statuses, shown.statuses);
        QCOMPARE(back.category, shown.category);
        QCOMPARE(back.priorities, shown.priorities);
        QCOMPARE(back.createdBy, shown.createdBy);
        QCOMPARE(back.createdAfter, shown.createdAfter);
        QCOMPARE(back.createdBefore, shown.createdBefore);

        bar.setFilter(TaskFilter());
        bar.applyTo(back, now);
        QCOMPARE(back.category, std::nullopt);
        QCOMPARE(back.priorities, QList<int>());
        QCOMPARE(back.createdBy, std::nullopt);
        QCOMPARE(back.createdAfter, std::nullopt);
    }

    void priorityMenuPicksSeveral()
    {
        TaskFilterBar bar;
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        QCOMPARE(bar.priorityButton()->text(), QStringLiteral("All priorities"));
        QMenu *menu = bar.priorityButton()->menu();
        menu->popup(bar.mapToGlobal(QPoint(0, bar.height())));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        // Critical first, then High: the menu stays open, the list comes out ascending
        for (int priority : {3, 2}) {
            QAction *action = bar.priorityAction(priority);
            QCOMPARE(action->text(), TaskTableModel::priorityText(priority));
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
            QVERIFY(action->isChecked());
            QVERIFY(menu->isVisible());
        }
        QCOMPARE(changed.size(), 2);
        QCOMPARE(bar.priorities(), (QList<int>{2, 3}));
        QCOMPARE(bar.priorityButton()->text(), QStringLiteral("High, Critical"));
        TaskFilter filter;
        bar.applyTo(filter);
        QCOMPARE(filter.priorities, (QList<int>{2, 3}));
        // unticking one
        QTest::mouseClick(menu, Qt::LeftButton, {},
                          menu->actionGeometry(bar.priorityAction(3)).center());
        QCOMPARE(bar.priorities(), QList<int>{2});
        QCOMPARE(changed.size(), 3);
        menu->close();

        // setFilter() shows a list (a saved view "priority=3,0"), emitting nothing; values out
        // of range are ignored
        TaskFilter shown;
        shown.priorities = {3, 0, 7};
        bar.setFilter(shown);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(bar.priorities(), (QList<int>{0, 3}));
        QVERIFY(bar.priorityAction(0)->isChecked());
        QVERIFY(!bar.priorityAction(1)->isChecked());
        QCOMPARE(bar.priorityButton()->text(), QStringLiteral("Low, Critical"));
        bar.applyTo(filter);
        QCOMPARE(filter.priorities, (QList<int>{0, 3}));
        bar.setPriorities({0, 3}); // the same: nothing to reload
        QCOMPARE(changed.size(), 3);
        // "Show all priorities" unticks everything
        QAction *all = menu->actions().last();
        QCOMPARE(all->text(), QStringLiteral("Show all priorities"));
        all->trigger();
        QCOMPARE(bar.priorities(), QList<int>());
        QCOMPARE(changed.size(), 4);
        QCOMPARE(bar.priorityButton()->text(), QStringLiteral("All priorities"));
    }

    void completedRangeIsShownAndClearable()
    {
        TimeDisplay::setZone(TimeDisplay::Zone::Utc);
        TaskFilterBar bar;
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        QVERIFY(!bar.completedLabel()->isVisibleTo(&bar));
        QSignalSpy changed(&bar, &TaskFilterBar::filterChanged);
        const EpochMs hour = *json::parseTimestamp(u"2026-11-20T10:00:00Z");
        TaskFilter shown;
        shown.statuses = {TaskStatus::Failed};
        shown.completedAfter = hour;
        shown.completedBefore = hour + 3'600'000;
        bar.setFilter(shown);
        QCOMPARE(changed.size(), 0);
        QVERIFY(bar.completedLabel()->isVisibleTo(&bar));
        QVERIFY(bar.completedClearButton()->isVisibleTo(&bar));
        QCOMPARE(bar.completedLabel()->text(),
                 QStringLiteral("Completed: 2026-11-20 10:00 – 11:00"));
        // other filter changes keep the period
        bar.setStatuses({TaskStatus::Failed, TaskStatus::Completed});
        TaskFilter filter;
        bar.applyTo(filter);
        QCOMPARE(filter.completedAfter, std::optional<EpochMs>(hour));
        QCOMPARE(filter.completedBefore, std::optional<EpochMs>(hour + 3'600'000));
        QCOMPARE(filter.createdAfter, std::nullopt);
        const qsizetype before = changed.size();
        QTest::mouseClick(bar.completedClearButton(), Qt::LeftButton);
        QCOMPARE(changed.size(), before + 1);
        QVERIFY(!bar.completedLabel()->isVisibleTo(&bar));
        bar.applyTo(filter);
        QCOMPARE(filter.completedAfter, std::nullopt);
        QCOMPARE(filter.completedBefore, std::nullopt);
        QCOMPARE(filter.statuses, (QList<TaskStatus>{TaskStatus::Completed, TaskStatus::Failed}));
        bar.clearCompletedRange(); // nothing to clear: no signal
        QCOMPARE(changed.size(), before + 1);

        // a daily bucket: one day; several days; open ends
        const EpochMs day = *json::parseTimestamp(u"2026-11-20");
        QCOMPARE(TaskFilterBar::periodText(day, day + 86'400'000), QStringLiteral("2026-11-20"));
        QCOMPARE(TaskFilterBar::periodText(day, day + 3 * 86'400'000),
                 QStringLiteral("2026-11-20 – 2026-11-22"));
        QCOMPARE(TaskFilterBar::periodText(day + 1500, day + 86'400'000 + 60'000),
                 QStringLiteral("2026-11-20 00:00:01 – 2026-11-21 00:01"));
        QCOMPARE(TaskFilterBar::periodText(day, std::nullopt),
                 QStringLiteral("since 2026-11-20 00:00"));
        QCOMPARE(TaskFilterBar::periodText(std::nullopt, day),
                 QStringLiteral("before 2026-11-20 00:00"));
        TimeDisplay::setZone(TimeDisplay::Zone::Local);
    }

    void exactCreatedPeriodRoundTrips()
    {
        // A created range that is no set of whole local days (an hour of the dashboard) is kept
        // exactly, not widened to the day, while other filters change.
        TaskFilterBar bar;
        const EpochMs start = QDate(2026, 11, 20).startOfDay().toMSecsSinceEpoch() + 10 * 3'600'000;
        TaskFilter shown;
        shown.createdAfter = start;
        shown.createdBefore = start + 3'600'000;
        bar.setFilter(shown);
        QCOMPARE(bar.createdRange(), TaskFilterBar::CreatedRange::Exact);
        QVERIFY(!bar.createdFromEdit()->isVisibleTo(&bar));
        QCOMPARE(bar.createdCombo()->currentText(),
                 TaskFilterBar::periodText(start, start + 3'600'000));
        bar.setStatuses({TaskStatus::Pending});
        TaskFilter back;
        bar.applyTo(back);
        QCOMPARE(back.createdAfter, shown.createdAfter);
        QCOMPARE(back.createdBefore, shown.createdBefore);
        // whole local days still show as the date boxes, and the exact choice goes away
        shown.createdAfter = QDate(2026, 11, 20).startOfDay().toMSecsSinceEpoch();
        shown.createdBefore = QDate(2026, 11, 21).startOfDay().toMSecsSinceEpoch();
        bar.setFilter(shown);
        QCOMPARE(bar.createdRange(), TaskFilterBar::CreatedRange::Custom);
        QCOMPARE(bar.createdCombo()->findData(int(TaskFilterBar::CreatedRange::Exact)), -1);
        bar.applyTo(back);
        QCOMPARE(back.createdAfter, shown.createdAfter);
        QCOMPARE(back.createdBefore, shown.createdBefore);
    }

    void timelineHoverNamesTheNearestBucket()
    {
        // The hovered position lies on the line between buckets: the tooltip names the bucket a
        // click there opens and its count (it showed the cursor's day, one early, with an
        // interpolated count).
        TimeDisplay::setZone(TimeDisplay::Zone::Utc);
        TimelineChart chart;
        chart.resize(900, 320);
        const EpochMs from = *json::parseTimestamp(u"2026-11-01");
        const Timeseries series = dailySeries(
            from, 3, [](TimeseriesPoint &point, int day) { point.created = day == 2 ? 3 : 0; });
        chart.setTimeseries(series, from, from + 3 * 86'400'000LL, 3, QStringLiteral("MMM d"));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // 70% of the way from Nov 2 to Nov 3, where the line is at 2.1: Nov 3, 3 tasks.
        emit chart.createdSeries()->hovered(QPointF(double(from + 86'400'000LL * 17 / 10), 2.1),
                                            true);
        QCOMPARE(QToolTip::text(), QStringLiteral("Created: 3 · 2026-11-03"));
        // 30% of the way: Nov 2, 0 tasks.
        emit chart.createdSeries()->hovered(QPointF(double(from + 86'400'000LL * 13 / 10), 0.9),
                                            true);
        QCOMPARE(QToolTip::text(), QStringLiteral("Created: 0 · 2026-11-02"));
    }

    void timelineClickEmitsTheBucket()
    {
        TimeDisplay::setZone(TimeDisplay::Zone::Utc);
        TimelineChart chart;
        chart.resize(900, 320);
        const EpochMs from = *json::parseTimestamp(u"2026-11-01");
        const Timeseries series = dailySeries(from, 30, [](TimeseriesPoint &point, int day) {
            point.created = 10 + day % 3;
            point.completed = day == 12 ? 30 : 5;
            point.failed = day == 20 ? 25 : 1;
        });
        chart.setTimeseries(series, from, from + 30 * 86'400'000LL, 7, QStringLiteral("MMM d"));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.bucketMs(), 86'400'000);
        struct Click
        {
            TimelineChart::Line line;
            EpochMs start;
            EpochMs end;
        };
        QList<Click> clicks;
        connect(&chart, &TimelineChart::bucketClicked, this,
                [&clicks](TimelineChart::Line line, EpochMs start, EpochMs end) {
                    clicks.append({line, start, end});
                });
        const auto clickAt = [&chart](TimelineChart::Line line, int index, QPointF offset) {
            QLineSeries *lineSeries = chart.series(line);
            const QPointF point = lineSeries->at(index);
            const QPoint at = chart.mapFromScene(chart.chart()->mapToScene(
                                  chart.chart()->mapToPosition(point, lineSeries))) +
                              offset.toPoint();
            QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, at);
        };
        // on the point of the completed peak (day 12), and a few pixels off the failed peak
        clickAt(TimelineChart::Line::Completed, 12, {0, 0});
        QCOMPARE(clicks.size(), 1);
        QCOMPARE(clicks.last().line, TimelineChart::Line::Completed);
        QCOMPARE(clicks.last().start, from + 12 * 86'400'000LL);
        QCOMPARE(clicks.last().end, from + 13 * 86'400'000LL);
        clickAt(TimelineChart::Line::Failed, 20, {4, -5});
        QCOMPARE(clicks.size(), 2);
        QCOMPARE(clicks.last().line, TimelineChart::Line::Failed);
        QCOMPARE(clicks.last().start, from + 20 * 86'400'000LL);
        QCOMPARE(clicks.last().end, from + 21 * 86'400'000LL);
        clickAt(TimelineChart::Line::Created, 3, {0, 0});
        QCOMPARE(clicks.size(), 3);
        QCOMPARE(clicks.last().line, TimelineChart::Line::Created);
        QCOMPARE(clicks.last().start, from + 3 * 86'400'000LL);
        // far from every line (top left of the plot): nothing
        const QPointF corner = chart.chart()->plotArea().topLeft() + QPointF(3, 3);
        QTest::mouseClick(chart.viewport(), Qt::LeftButton, {},
                          chart.mapFromScene(chart.chart()->mapToScene(corner)));
        QCOMPARE(clicks.size(), 3);
        // the series' own clicked() (a hit on the line between two points): the nearest bucket
        emit chart.failedSeries()->clicked(
            QPointF(double(from + 7 * 86'400'000LL + 30'000'000), 1));
        QCOMPARE(clicks.size(), 4);
        QCOMPARE(clicks.last().line, TimelineChart::Line::Failed);
        QCOMPARE(clicks.last().start, from + 7 * 86'400'000LL);

        // hourly buckets: an hour
        Timeseries hourly;
        hourly.bucket = TimeBucket::Hour;
        for (int h = 0; h < 24; ++h)
            hourly.points.append({from + h * 3'600'000LL, 1, 2, 0, 0, 0, 0});
        chart.setTimeseries(hourly, from, from + 23 * 3'600'000LL, 7, QStringLiteral("HH:mm"));
        QCOMPARE(chart.bucketMs(), 3'600'000);
        emit chart.createdSeries()->clicked(QPointF(double(from + 5 * 3'600'000LL + 1000), 1));
        QCOMPARE(clicks.last().start, from + 5 * 3'600'000LL);
        QCOMPARE(clicks.last().end, from + 6 * 3'600'000LL);

        // what the dashboard opens for each line
        const EpochMs start = from + 5 * 3'600'000LL;
        const EpochMs end = start + 3'600'000;
        TaskFilter created;
        created.createdAfter = start;
        created.createdBefore = end;
        QCOMPARE(DashboardPage::timelineFilter(TimelineChart::Line::Created, start, end), created);
        TaskFilter completed;
        completed.statuses = {TaskStatus::Completed};
        completed.completedAfter = start;
        completed.completedBefore = end;
        QCOMPARE(DashboardPage::timelineFilter(TimelineChart::Line::Completed, start, end),
                 completed);
        TaskFilter failed = completed;
        failed.statuses = {TaskStatus::Failed};
        QCOMPARE(DashboardPage::timelineFilter(TimelineChart::Line::Failed, start, end), failed);
        TimeDisplay::setZone(TimeDisplay::Zone::Local);
    }

    void donutSliceClickEmitsTheStatus()
    {
        StatusDonutChart chart;
        chart.resize(500, 320);
        MetricsSnapshot metrics;
        metrics.byStatus[int(TaskStatus::Pending)] = 3;
        metrics.byStatus[int(TaskStatus::Failed)] = 5;
        chart.setMetrics(metrics);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QList<TaskStatus> clicked;
        connect(&chart, &StatusDonutChart::statusClicked, this,
                [&clicked](TaskStatus status) { clicked << status; });
        for (TaskStatus status : {TaskStatus::Failed, TaskStatus::Pending}) {
            QPieSlice *slice = chart.series()->slices().at(int(status));
            const QRectF plot = chart.chart()->plotArea();
            const double radius =
                std::min(plot.width(), plot.height()) / 2.0 * chart.series()->pieSize() * 0.75;
            const double angle = qDegreesToRadians(slice->startAngle() + slice->angleSpan() / 2);
            const QPointF inChart(plot.center().x() + radius * std::sin(angle),
                                  plot.center().y() - radius * std::cos(angle));
            QTest::mouseClick(chart.viewport(), Qt::LeftButton, {},
                              chart.mapFromScene(chart.chart()->mapToScene(inChart)));
        }
        QTRY_COMPARE(clicked, (QList<TaskStatus>{TaskStatus::Failed, TaskStatus::Pending}));
    }
};

QTEST_MAIN(TaskFilterBarTest)
#include "tst_taskfilterbar.moc"
