// TaskFilterBar: status menu (multi-select, stays open while ticking), category choices that keep
// the current one, debounced search, and what it writes into a TaskFilter.
#include "TaskFilterBar.h"
#include "TaskTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

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
};

QTEST_MAIN(TaskFilterBarTest)
#include "tst_taskfilterbar.moc"
