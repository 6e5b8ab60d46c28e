// TaskFilterBar: status menu (multi-select, stays open while ticking), category choices that keep
// the current one, debounced search, and what it writes into a TaskFilter.
#include "DashboardCharts.h"
#include "TaskFilterBar.h"
#include "TaskTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QLineEdit>
#include <QMenu>
#include <QPieSeries>
#include <QPieSlice>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QtMath>

using namespace taskdeck;

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
        bar.priorityCombo()->setCurrentIndex(bar.priorityCombo()->findText(QStringLiteral("High")));
        QCOMPARE(bar.priority(), std::optional<int>(2));
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
