// Metrics from the maintained statistics: exact money sums, success rate, average execution
// time, empty and pending-only databases, per-category counts.
#include "TaskRepository.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include "TaskJson.h"

#include <QTest>

using namespace taskdeck;
using taskdeck::test::operatorUser;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

Task finished(TaskStatus status, EpochMs startedAt, EpochMs completedAt, MoneyE4 cost,
              std::optional<QString> category = std::nullopt)
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = QStringLiteral("t");
    task.status = status;
    task.createdAt = startedAt;
    task.startedAt = startedAt;
    task.completedAt = completedAt;
    task.updatedAt = completedAt;
    task.costE4 = cost;
    task.category = std::move(category);
    return task;
}

} // namespace

class TestTaskMetrics : public QObject
{
    Q_OBJECT

private slots:
    void emptyDatabaseIsAllZero()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Result<MetricsSnapshot> metrics = wait(service.metrics());
        QVERIFY(metrics.ok());
        QCOMPARE(metrics.value(), MetricsSnapshot{});
        QCOMPARE(metrics.value().successRate(), 0.0);
        QCOMPARE(metrics.value().averageExecutionSeconds(), 0.0);
        QCOMPARE(metrics.value().total(), 0);
        QCOMPARE(wait(service.categories()).value(), QStringList{});
    }

    void onlyPendingTasks()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        for (int i = 0; i < 3; ++i) {
            NewTask task;
            task.title = QStringLiteral("p%1").arg(i);
            QVERIFY(wait(service.create(task, operatorUser())).ok());
        }
        const MetricsSnapshot metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.total(), 3);
        QCOMPARE(metrics.count(TaskStatus::Pending), 3);
        QCOMPARE(metrics.successRate(), 0.0);
        QCOMPARE(metrics.averageExecutionSeconds(), 0.0);
        QCOMPARE(metrics.totalCostE4, 0);
        QCOMPARE(metrics.byCategory.value(QString()), 3);
    }

    void exactSumsRatesAndAverages()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());

        // 0.1 + 0.2 = 0.3 exactly, through the API's money parser
        NewTask a;
        a.title = QStringLiteral("a");
        a.costE4 = *json::moneyFromDouble(0.1);
        NewTask b;
        b.title = QStringLiteral("b");
        b.costE4 = *json::moneyFromDouble(0.2);
        b.category = QStringLiteral("ops");
        QVERIFY(wait(service.create(a, operatorUser())).ok());
        QVERIFY(wait(service.create(b, operatorUser())).ok());
        MetricsSnapshot metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.totalCostE4, 3000);
        QCOMPARE(json::moneyToDouble(metrics.totalCostE4), 0.3);

        // 2 completed (1.5 s and 2.0005 s), 1 failed, 1 cancelled without start
        const QList<Task> tasks = {
            finished(TaskStatus::Completed, 1000, 2500, 1, QStringLiteral("ops")),
            finished(TaskStatus::Completed, 10'000, 12'000 + 1, 2),
            finished(TaskStatus::Failed, 5000, 9000, 3, QStringLiteral("dev")),
            [] {
                Task t = finished(TaskStatus::Cancelled, 100, 200, 4);
                t.startedAt.reset();
                return t;
            }(),
        };
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &conn) {
            return TaskRepository::importTasks(conn, tasks, {}, {});
        }));
        QVERIFY(written.ok());

        metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.total(), 6);
        QCOMPARE(metrics.count(TaskStatus::Pending), 2);
        QCOMPARE(metrics.count(TaskStatus::Completed), 2);
        QCOMPARE(metrics.count(TaskStatus::Failed), 1);
        QCOMPARE(metrics.count(TaskStatus::Cancelled), 1);
        QCOMPARE(metrics.count(TaskStatus::InProgress), 0);
        QCOMPARE(metrics.totalCostE4, 3000 + 1 + 2 + 3 + 4);
        QCOMPARE(metrics.completedExecutionMsSum, 1500 + 2001);
        QCOMPARE(metrics.completedExecutionCount, 2);
        // 2 / 3 = 66.666.. -> 66.67
        QCOMPARE(metrics.successRate(), 66.67);
        // (1.5 + 2.001) / 2 = 1.7505 -> 1.751 (half-up)
        QCOMPARE(metrics.averageExecutionSeconds(), 1.751);
        QCOMPARE(metrics.byCategory.value(QString()), 3);
        QCOMPARE(metrics.byCategory.value(QStringLiteral("ops")), 2);
        QCOMPARE(metrics.byCategory.value(QStringLiteral("dev")), 1);
        QCOMPARE(metrics.costByCategory.value(QStringLiteral("ops")), 2000 + 1);
        QCOMPARE(wait(service.categories()).value(),
                 (QStringList{QStringLiteral("dev"), QStringLiteral("ops")}));

        // a status change moves the numbers in the same transaction
        TaskFilter pendingFilter;
        pendingFilter.statuses = {TaskStatus::Pending};
        pendingFilter.order = SortOrder::Ascending;
        const Result<TaskPage> pending = wait(service.list(pendingFilter, 0, 10));
        QCOMPARE(pending.value().total, 2);
        TaskPatch start;
        start.status = TaskStatus::InProgress;
        QVERIFY(wait(service.update(pending.value().tasks.first().id, start, std::nullopt,
                                    operatorUser()))
                    .ok());
        metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.count(TaskStatus::Pending), 1);
        QCOMPARE(metrics.count(TaskStatus::InProgress), 1);
        QCOMPARE(metrics.total(), 6);
    }
};

QTEST_GUILESS_MAIN(TestTaskMetrics)
#include "tst_taskmetrics.moc"
