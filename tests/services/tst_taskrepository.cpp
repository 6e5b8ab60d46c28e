// TaskRepository through TaskService and the pool, on SQLite and PostgreSQL: CRUD, filters,
// paging stability, literal/Unicode search, every sort with nulls last, If-Match, time series,
// export, and task_stats kept right by triggers after plain-SQL changes.
#include "TaskRepository.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include "TaskCsv.h"

#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace taskdeck;
using taskdeck::test::operatorUser;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

Task sample(const QString &title, EpochMs createdAt)
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = title;
    task.createdAt = createdAt;
    task.updatedAt = createdAt;
    return task;
}

void insertAll(ConnectionPool *pool, const QList<Task> &tasks)
{
    const Result<qint64> written = wait(pool->run<qint64>(
        [tasks](QSqlDatabase &db) { return TaskRepository::importTasks(db, tasks, {}, {}); }));
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QCOMPARE(written.value(), tasks.size());
}

QList<QUuid> ids(const QList<Task> &tasks)
{
    QList<QUuid> result;
    for (const Task &task : tasks)
        result << task.id;
    return result;
}

/// Every page of `filter` with `pageSize`, concatenated.
QList<Task> allPages(TaskService &service, const TaskFilter &filter, int pageSize, qint64 *total)
{
    QList<Task> tasks;
    for (qint64 offset = 0;; offset += pageSize) {
        const Result<TaskPage> page = wait(service.list(filter, offset, pageSize));
        if (!page.ok())
            return {};
        *total = page.value().total;
        tasks += page.value().tasks;
        if (page.value().tasks.size() < pageSize)
            break;
    }
    return tasks;
}

/// "status|category|count|cost sum|exec sum|exec count" rows recomputed from tasks.
QStringList truthFromTasks(ConnectionPool *pool)
{
    const Result<QStringList> rows = wait(pool->run<QStringList>([](QSqlDatabase &db)
                                                                     -> Result<QStringList> {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral(
                "SELECT status, COALESCE(category, ''), COUNT(*), SUM(cost_e4), "
                "SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL AND completed_at IS "
                "NOT NULL THEN completed_at - started_at ELSE 0 END), "
                "SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL AND completed_at IS "
                "NOT NULL THEN 1 ELSE 0 END) FROM tasks GROUP BY 1, 2 ORDER BY 1, 2")))
            return ServiceError::internal();
        QStringList out;
        while (query.next()) {
            out << QStringLiteral("%1|%2|%3|%4|%5|%6")
                       .arg(query.value(0).toString(), query.value(1).toString())
                       .arg(query.value(2).toLongLong())
                       .arg(query.value(3).toLongLong())
                       .arg(query.value(4).toLongLong())
                       .arg(query.value(5).toLongLong());
        }
        return out;
    }));
    return rows.ok() ? rows.value() : QStringList{QStringLiteral("error")};
}

QStringList statsTable(ConnectionPool *pool)
{
    const Result<QStringList> rows =
        wait(pool->run<QStringList>([](QSqlDatabase &db) -> Result<QStringList> {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral(
                    "SELECT status, category, task_count, cost_e4_sum, completed_exec_ms_sum, "
                    "completed_exec_count FROM task_stats_current WHERE task_count <> 0 ORDER BY "
                    "1, 2")))
                return ServiceError::internal();
            QStringList out;
            while (query.next()) {
                out << QStringLiteral("%1|%2|%3|%4|%5|%6")
                           .arg(query.value(0).toString(), query.value(1).toString())
                           .arg(query.value(2).toLongLong())
                           .arg(query.value(3).toLongLong())
                           .arg(query.value(4).toLongLong())
                           .arg(query.value(5).toLongLong());
            }
            return out;
        }));
    return rows.ok() ? rows.value() : QStringList{QStringLiteral("error")};
}

} // namespace

class TestTaskRepository : public QObject
{
    Q_OBJECT

private slots:
    void createGetUpdateDelete()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());

        NewTask input;
        input.title = QStringLiteral("  Write report ");
        input.description = QStringLiteral("Quarterly");
        input.category = QStringLiteral("ops");
        input.priority = 2;
        input.costE4 = 12345;
        const Result<Task> created = wait(service.create(input, operatorUser()));
        QVERIFY(created.ok());
        QCOMPARE(created.value().title, QStringLiteral("Write report"));
        QCOMPARE(created.value().createdBy, std::optional<QString>(QStringLiteral("ana")));

        const Result<Task> fetched = wait(service.get(created.value().id));
        QVERIFY(fetched.ok());
        QCOMPARE(fetched.value(), created.value());

        TaskPatch patch;
        patch.status = TaskStatus::InProgress;
        patch.result = QJsonValue(QJsonObject{{QStringLiteral("pages"), 3}});
        const Result<Task> updated =
            wait(service.update(created.value().id, patch, std::nullopt, operatorUser()));
        QVERIFY(updated.ok());
        QCOMPARE(updated.value().version, 2);
        QVERIFY(updated.value().startedAt.has_value());
        const Result<Task> reread = wait(service.get(created.value().id));
        QCOMPARE(reread.value(), updated.value());
        QCOMPARE(reread.value().result.toObject().value(QStringLiteral("pages")).toInt(), 3);

        // scalar JSON results survive too
        patch = TaskPatch{};
        patch.result = QJsonValue(QStringLiteral("done"));
        QVERIFY(wait(service.update(created.value().id, patch, std::nullopt, operatorUser())).ok());
        QCOMPARE(wait(service.get(created.value().id)).value().result,
                 QJsonValue(QStringLiteral("done")));

        QVERIFY(wait(service.remove(created.value().id, operatorUser())).ok());
        const Result<Task> gone = wait(service.get(created.value().id));
        QCOMPARE(gone.error().kind, ServiceError::Kind::NotFound);
        QCOMPARE(gone.error().message, QStringLiteral("Task not found"));
        QCOMPARE(wait(service.remove(created.value().id, operatorUser())).error().kind,
                 ServiceError::Kind::NotFound);
        QCOMPARE(wait(service.get(QUuid())).error().kind, ServiceError::Kind::NotFound);
    }

    void pagingWithEqualCreatedAtIsStable()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 30; ++i) {
            Task task = sample(QStringLiteral("Task %1").arg(i), 1'700'000'000'000);
            task.status = kAllStatuses[i % 5];
            if (task.status != TaskStatus::Pending)
                task.startedAt = task.createdAt;
            if (task.status == TaskStatus::Completed || task.status == TaskStatus::Failed ||
                task.status == TaskStatus::Cancelled)
                task.completedAt = task.createdAt + 1;
            tasks << task;
        }
        insertAll(db.pool(), tasks); // one transaction: equal created_at

        for (TaskSortField sort : {TaskSortField::CreatedAt, TaskSortField::Status}) {
            for (SortOrder order : {SortOrder::Descending, SortOrder::Ascending}) {
                TaskFilter filter;
                filter.sort = sort;
                filter.order = order;
                qint64 total = 0;
                const QList<Task> seen = allPages(service, filter, 7, &total);
                QCOMPARE(total, 30);
                QCOMPARE(seen.size(), 30);
                const QList<QUuid> seenIds = ids(seen);
                QCOMPARE(QSet<QUuid>(seenIds.cbegin(), seenIds.cend()).size(), 30);
                // the order is total: key, then id in the same direction
                QList<Task> expected = tasks;
                std::sort(expected.begin(), expected.end(), [&](const Task &a, const Task &b) {
                    const int ka = sort == TaskSortField::Status ? int(a.status) : 0;
                    const int kb = sort == TaskSortField::Status ? int(b.status) : 0;
                    const QString ia = a.id.toString(QUuid::WithoutBraces);
                    const QString ib = b.id.toString(QUuid::WithoutBraces);
                    if (order == SortOrder::Ascending)
                        return ka != kb ? ka < kb : ia < ib;
                    return ka != kb ? ka > kb : ia > ib;
                });
                QCOMPARE(seenIds, ids(expected));
            }
        }
    }

    void searchIsLiteral()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks = {
            sample(QStringLiteral("500 off"), 1),     sample(QStringLiteral("50% off"), 2),
            sample(QStringLiteral("axb"), 3),         sample(QStringLiteral("a_b"), 4),
            sample(QStringLiteral("back\\slash"), 5), sample(QStringLiteral("bang!x"), 6),
            sample(QStringLiteral("quote ' here"), 7)};
        tasks[2].description = QStringLiteral("nothing special");
        insertAll(db.pool(), tasks);

        auto titlesFor = [&](const QString &q) {
            TaskFilter filter;
            filter.search = q;
            filter.sort = TaskSortField::CreatedAt;
            filter.order = SortOrder::Ascending;
            const Result<TaskPage> page = wait(service.list(filter, 0, 100));
            QStringList titles;
            for (const Task &task : page.value().tasks)
                titles << task.title;
            if (page.value().total != titles.size())
                titles << QStringLiteral("TOTAL MISMATCH");
            return titles;
        };
        QCOMPARE(titlesFor(QStringLiteral("50%")), QStringList{QStringLiteral("50% off")});
        QCOMPARE(titlesFor(QStringLiteral("a_b")), QStringList{QStringLiteral("a_b")});
        QCOMPARE(titlesFor(QStringLiteral("k\\s")), QStringList{QStringLiteral("back\\slash")});
        QCOMPARE(titlesFor(QStringLiteral("g!x")), QStringList{QStringLiteral("bang!x")});
        QCOMPARE(titlesFor(QStringLiteral("' h")), QStringList{QStringLiteral("quote ' here")});
        QCOMPARE(titlesFor(QStringLiteral("OFF")),
                 (QStringList{QStringLiteral("500 off"), QStringLiteral("50% off")}));
        QCOMPARE(titlesFor(QStringLiteral("SPECIAL")), QStringList{QStringLiteral("axb")});
        QCOMPARE(titlesFor(QStringLiteral("%")), QStringList{QStringLiteral("50% off")});
        QCOMPARE(titlesFor(QStringLiteral("zzz")), QStringList{});
        QCOMPARE(titlesFor(QStringLiteral("a") + QChar(u'\0')), QStringList{}); // never a 500
    }

    void searchIsUnicodeCaseInsensitive()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        NewTask bread;
        bread.title = QStringLiteral("Купить хлеб");
        QVERIFY(wait(service.create(bread, operatorUser())).ok());
        NewTask other;
        other.title = QStringLiteral("Milk");
        other.description = QStringLiteral("ÜBERGRÖSSE Ärger");
        QVERIFY(wait(service.create(other, operatorUser())).ok());

        for (const QString &q :
             {QStringLiteral("Хлеб"), QStringLiteral("ХЛЕБ"), QStringLiteral("хлеб")}) {
            TaskFilter filter;
            filter.search = q;
            const Result<TaskPage> page = wait(service.list(filter, 0, 10));
            QCOMPARE(page.value().total, 1);
            QCOMPARE(page.value().tasks.first().title, QStringLiteral("Купить хлеб"));
        }
        TaskFilter filter;
        filter.search = QStringLiteral("ärger");
        QCOMPARE(wait(service.list(filter, 0, 10)).value().tasks.first().title,
                 QStringLiteral("Milk"));

        // the search text follows edits
        const Result<TaskPage> page = wait(service.list(TaskFilter{}, 0, 10));
        const Task milk = page.value().tasks.first().title == QStringLiteral("Milk")
                              ? page.value().tasks.first()
                              : page.value().tasks.last();
        TaskPatch patch;
        patch.title = QStringLiteral("Сметана");
        patch.description = std::optional<QString>();
        QVERIFY(wait(service.update(milk.id, patch, std::nullopt, operatorUser())).ok());
        QCOMPARE(wait(service.list(filter, 0, 10)).value().total, 0);
        filter.search = QStringLiteral("СМЕТ");
        QCOMPARE(wait(service.list(filter, 0, 10)).value().total, 1);
    }

    void sortEveryFieldNullsLast_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<int>("order");
        for (int field = int(TaskSortField::CreatedAt); field <= int(TaskSortField::ExecutionTime);
             ++field) {
            for (int order : {int(SortOrder::Ascending), int(SortOrder::Descending)}) {
                const QByteArray name =
                    (sortFieldName(TaskSortField(field)) + (order == int(SortOrder::Ascending)
                                                                ? QStringLiteral(" asc")
                                                                : QStringLiteral(" desc")))
                        .toUtf8();
                QTest::newRow(name.constData()) << field << order;
            }
        }
    }

    void sortEveryFieldNullsLast()
    {
        QFETCH(int, field);
        QFETCH(int, order);
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());

        const QStringList titles = {QStringLiteral("banana"), QStringLiteral("Apple"),
                                    QStringLiteral("cherry"), QStringLiteral("apple"),
                                    QStringLiteral("Date"),   QStringLiteral("elder"),
                                    QStringLiteral("Fig"),    QStringLiteral("grape")};
        const QList<std::optional<QString>> categories = {
            QStringLiteral("Ops"),   std::nullopt,         QStringLiteral("dev"),
            QStringLiteral("ops"),   std::nullopt,         QStringLiteral("Zeta"),
            QStringLiteral("alpha"), QStringLiteral("dev")};
        QList<Task> tasks;
        for (int i = 0; i < titles.size(); ++i) {
            Task task = sample(titles.at(i), 1'000'000 + (i % 3) * 1000);
            task.updatedAt = 5'000'000 - (i % 4) * 1000;
            task.category = categories.at(i);
            task.priority = i % 4;
            task.costE4 = (i % 3) * 2500;
            task.status = kAllStatuses[(i * 2) % 5];
            // started/completed/execution time: distinct values, ties and missing ones
            if (task.status != TaskStatus::Pending)
                task.startedAt = task.createdAt + 1 + (i % 2) * 500;
            if (task.status == TaskStatus::Completed || task.status == TaskStatus::Failed ||
                task.status == TaskStatus::Cancelled)
                task.completedAt = task.createdAt + 2000 + (i % 3) * 700;
            task.updatedAt = std::max(task.updatedAt, task.createdAt + 5000);
            tasks << task;
        }
        insertAll(db.pool(), tasks);

        const auto sort = TaskSortField(field);
        const auto direction = SortOrder(order);
        const bool asc = direction == SortOrder::Ascending;
        // key comparison: -1, 0, 1 (ASCII titles/categories: lower() agrees everywhere)
        auto compareKeys = [&](const Task &a, const Task &b) -> int {
            auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
            switch (sort) {
            case TaskSortField::CreatedAt:
                return cmp(a.createdAt, b.createdAt);
            case TaskSortField::UpdatedAt:
                return cmp(a.updatedAt, b.updatedAt);
            case TaskSortField::Title:
                return cmp(a.title.toLower(), b.title.toLower());
            case TaskSortField::Status:
                return cmp(int(a.status), int(b.status));
            case TaskSortField::Priority:
                return cmp(a.priority, b.priority);
            case TaskSortField::Cost:
                return cmp(a.costE4, b.costE4);
            case TaskSortField::Category:
                return cmp(a.category->toLower(), b.category->toLower());
            case TaskSortField::StartedAt:
                return cmp(*a.startedAt, *b.startedAt);
            case TaskSortField::CompletedAt:
                return cmp(*a.completedAt, *b.completedAt);
            case TaskSortField::ExecutionTime:
                return cmp(*a.executionTimeMs(), *b.executionTimeMs());
            }
            return 0;
        };
        // false: the task has no value for the sort (it comes last in both directions)
        auto hasKey = [&](const Task &t) {
            switch (sort) {
            case TaskSortField::Category:
                return t.category.has_value();
            case TaskSortField::StartedAt:
                return t.startedAt.has_value();
            case TaskSortField::CompletedAt:
                return t.completedAt.has_value();
            case TaskSortField::ExecutionTime:
                return t.executionTimeMs().has_value();
            default:
                return true;
            }
        };
        QList<Task> expected = tasks;
        std::sort(expected.begin(), expected.end(), [&](const Task &a, const Task &b) {
            if (hasKey(a) != hasKey(b))
                return hasKey(a); // nulls last in both directions
            int c = !hasKey(a) ? 0 : compareKeys(a, b);
            if (c == 0)
                c = a.id.toString(QUuid::WithoutBraces)
                        .compare(b.id.toString(QUuid::WithoutBraces));
            return asc ? c < 0 : c > 0;
        });

        TaskFilter filter;
        filter.sort = sort;
        filter.order = direction;
        qint64 total = 0;
        const QList<Task> seen = allPages(service, filter, 3, &total);
        QCOMPARE(total, tasks.size());
        QCOMPARE(ids(seen), ids(expected));
        if (sort == TaskSortField::Category) {
            QVERIFY(!seen.at(seen.size() - 1).category.has_value());
            QVERIFY(!seen.at(seen.size() - 2).category.has_value());
        }
        if (sort == TaskSortField::StartedAt) { // the two pending tasks, never started
            QVERIFY(!seen.at(seen.size() - 1).startedAt.has_value());
            QVERIFY(!seen.at(seen.size() - 2).startedAt.has_value());
        }
    }

    void filtersAndTotals()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 12; ++i) {
            Task task = sample(QStringLiteral("T%1").arg(i), 1000 * i);
            task.category = i % 3 == 0 ? std::nullopt
                                       : std::optional<QString>(i % 3 == 1 ? QStringLiteral("a")
                                                                           : QStringLiteral("b"));
            task.status = i % 2 ? TaskStatus::Cancelled : TaskStatus::Pending;
            if (task.status == TaskStatus::Cancelled)
                task.completedAt = task.createdAt;
            tasks << task;
        }
        insertAll(db.pool(), tasks);
        auto total = [&](const TaskFilter &filter) {
            const Result<TaskPage> page = wait(service.list(filter, 0, 100));
            return page.ok() && page.value().total == page.value().tasks.size() ? page.value().total
                                                                                : -1;
        };
        TaskFilter filter;
        QCOMPARE(total(filter), 12);
        filter.statuses = {TaskStatus::Cancelled};
        QCOMPARE(total(filter), 6);
        filter.statuses = {TaskStatus::Cancelled, TaskStatus::Pending, TaskStatus::Cancelled};
        QCOMPARE(total(filter), 12);
        filter.category = QStringLiteral("a");
        QCOMPARE(total(filter), 4);
        filter.category = QString(); // "no category"
        QCOMPARE(total(filter), 4);
        filter.category = QString(QChar(u'\0')); // never a 500
        QCOMPARE(total(filter), 0);
        filter.category = QString();
        filter.statuses = {TaskStatus::Pending};
        QCOMPARE(total(filter), 2); // i = 0, 6
        filter = TaskFilter{};
        filter.createdAfter = 3000;
        filter.createdBefore = 7000;
        QCOMPARE(total(filter), 4); // 3000, 4000, 5000, 6000
        filter.category = QStringLiteral("b");
        QCOMPARE(total(filter), 1); // 5000

        // without the count: same rows, total -1
        TaskFilter searched;
        searched.search = QStringLiteral("t1");
        searched.order = SortOrder::Ascending;
        const Result<TaskPage> counted = wait(service.list(searched, 1, 2));
        const Result<TaskPage> uncounted = wait(service.list(searched, 1, 2, false));
        QCOMPARE(counted.value().total, 3); // T1, T10, T11
        QCOMPARE(uncounted.value().total, -1);
        QCOMPARE(ids(uncounted.value().tasks), ids(counted.value().tasks));
        QCOMPARE(uncounted.value().tasks.size(), 2);
        QVERIFY(wait(service.list(TaskFilter{}, 50, 10, false)).value().tasks.isEmpty());

        // offset past the end: empty page, right total
        const Result<TaskPage> page = wait(service.list(TaskFilter{}, 50, 10));
        QCOMPARE(page.value().total, 12);
        QVERIFY(page.value().tasks.isEmpty());
        QCOMPARE(page.value().offset, 50);
        QCOMPARE(page.value().limit, 10);
        // paging limits
        QCOMPARE(wait(service.list(TaskFilter{}, -1, 10)).error().fields.first().loc.last(),
                 QStringLiteral("offset"));
        QCOMPARE(wait(service.list(TaskFilter{}, 0, 0)).error().kind,
                 ServiceError::Kind::Validation);
        QCOMPARE(wait(service.list(TaskFilter{}, 0, 101)).error().fields.first().type,
                 QStringLiteral("less_than_equal"));
    }

    void firstPagesOfOnePlanFiltersUseAGenericPlan()
    {
        // PostgreSQL re-planned every list request (a custom plan each time: 75% of its CPU for
        // status=failed&limit=10). For the filters one plan serves (TaskRepository.cpp,
        // firstPageHasOnePlan) the first page's LIMIT is a literal, so the prepared statement's
        // generic plan is used after five runs; the pages stay exact.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("plan caching of prepared statements is a PostgreSQL case");
        QList<Task> tasks;
        for (int i = 0; i < 12; ++i) {
            Task task = sample(QStringLiteral("T%1").arg(i), 1000000 + 1000 * i);
            task.status = i % 3 == 0 ? TaskStatus::Failed : TaskStatus::Pending;
            if (task.status == TaskStatus::Failed)
                task.completedAt = task.createdAt + 5;
            tasks << task;
        }
        // Enough rows, analysed, for the planner's costs to matter (at a dozen rows any plan
        // wins): 8,000 pending tasks created before the others.
        for (int i = 0; i < 8000; ++i) {
            Task filler = sample(QStringLiteral("F%1").arg(i), i);
            filler.status = TaskStatus::Pending;
            tasks << filler;
        }
        insertAll(db.pool(), tasks);
        QVERIFY(db.execSql(QStringLiteral("ANALYZE tasks")));
        const Result<QStringList> plans =
            wait(db.pool()->run<QStringList>([](QSqlDatabase &conn) -> Result<QStringList> {
                TaskFilter failed;
                failed.statuses = {TaskStatus::Failed};
                for (int run = 0; run < 7; ++run) {
                    const Result<TaskPage> page = TaskRepository::list(conn, failed, 0, 3, true);
                    if (!page.ok())
                        return page.error();
                    QStringList titles;
                    for (const Task &task : page.value().tasks)
                        titles << task.title;
                    if (page.value().total != 4 ||
                        titles != QStringList{QStringLiteral("T9"), QStringLiteral("T6"),
                                              QStringLiteral("T3")} ||
                        !page.value().nextKey)
                        return ServiceError{ServiceError::Kind::Internal,
                                            QStringLiteral("wrong page in run %1: %2")
                                                .arg(run)
                                                .arg(titles.join(QLatin1Char(','))),
                                            {}};
                }
                QSqlQuery query(conn);
                if (!query.exec(QStringLiteral(
                        "SELECT generic_plans, custom_plans, statement LIKE '%LIMIT 4)%', "
                        "statement LIKE '%OFFSET%' FROM pg_prepared_statements WHERE statement "
                        "LIKE '%counted.total%'")))
                    return ConnectionPool::mapSqlError(query.lastError(), "plans");
                QStringList rows;
                while (query.next())
                    rows << QStringLiteral("generic %1 custom %2 literal %3 offset %4")
                                .arg(query.value(0).toLongLong())
                                .arg(query.value(1).toLongLong())
                                .arg(query.value(2).toBool())
                                .arg(query.value(3).toBool());
                return rows;
            }));
        QVERIFY2(plans.ok(), qPrintable(plans.ok() ? QString() : plans.error().message));
        // Five custom plans, then the generic one for runs 6 and 7.
        QCOMPARE(plans.value(),
                 QStringList{QStringLiteral("generic 2 custom 5 literal 1 offset 0")});
    }

    void staleIfMatchChangesNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        NewTask input;
        input.title = QStringLiteral("Original");
        const Task created = wait(service.create(input, operatorUser())).value();
        TaskPatch patch;
        patch.title = QStringLiteral("Second");
        const Result<Task> second = wait(service.update(created.id, patch, 1, operatorUser()));
        QVERIFY(second.ok());
        QCOMPARE(second.value().version, 2);

        patch.title = QStringLiteral("Third");
        patch.status = TaskStatus::InProgress;
        const Result<Task> stale = wait(service.update(created.id, patch, 1, operatorUser()));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, ServiceError::Kind::PreconditionFailed);
        const Task stored = wait(service.get(created.id)).value();
        QCOMPARE(stored, second.value());

        // a no-op patch keeps the version
        TaskPatch same;
        same.title = QStringLiteral("Second");
        same.status = TaskStatus::Pending;
        const Result<Task> noop = wait(service.update(created.id, same, 2, operatorUser()));
        QCOMPARE(noop.value(), second.value());
        // illegal transition: Conflict, unchanged
        TaskPatch illegal;
        illegal.status = TaskStatus::Completed;
        const Result<Task> conflict =
            wait(service.update(created.id, illegal, std::nullopt, operatorUser()));
        QCOMPARE(conflict.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(conflict.error().message,
                 QStringLiteral("Illegal status transition from pending to completed"));
        QCOMPARE(wait(service.get(created.id)).value(), second.value());
        QCOMPARE(wait(service.update(QUuid::createUuid(), same, std::nullopt, operatorUser()))
                     .error()
                     .kind,
                 ServiceError::Kind::NotFound);
    }

    void timeseriesZeroFilled()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const EpochMs hour = 3'600'000;
        const EpochMs t0 = 1'767'225'600'000; // 2026-01-01T00:00:00Z
        QList<Task> tasks;
        Task a = sample(QStringLiteral("a"), t0 + 10); // created bucket 0, completed bucket 2
        a.status = TaskStatus::Completed;
        a.startedAt = t0 + 1000;
        a.completedAt = t0 + 2 * hour + 1000 + 1500; // exec 2 h + 1.5 s
        a.costE4 = 1000;
        Task b = sample(QStringLiteral("b"), t0 + 20); // created bucket 0, failed in bucket 2
        b.status = TaskStatus::Failed;
        b.startedAt = t0 + 30;
        b.completedAt = t0 + 2 * hour + 5;
        b.costE4 = 2000;
        Task c = sample(QStringLiteral("c"), t0 + 3 * hour); // created bucket 3, cancelled in 4
        c.status = TaskStatus::Cancelled;
        c.completedAt = t0 + 4 * hour;
        c.costE4 = 5;
        Task outside = sample(QStringLiteral("outside"), t0 - 1); // before the range
        outside.status = TaskStatus::Completed;
        outside.startedAt = t0 - 1;
        outside.completedAt = t0 + 5 * hour; // at `to`: excluded
        tasks << a << b << c << outside;
        for (Task &task : tasks)
            task.updatedAt = task.completedAt.value_or(task.createdAt);
        insertAll(db.pool(), tasks);

        const Result<Timeseries> series =
            wait(service.timeseries(TimeBucket::Hour, t0, t0 + 5 * hour));
        QVERIFY(series.ok());
        QCOMPARE(series.value().points.size(), 5);
        const QList<TimeseriesPoint> &p = series.value().points;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(p.at(i).start, t0 + i * hour);
        QCOMPARE(p.at(0).created, 2);
        QCOMPARE(p.at(1), (TimeseriesPoint{t0 + hour, 0, 0, 0, 0, 0, 0}));
        QCOMPARE(p.at(2).completed, 1);
        QCOMPARE(p.at(2).failed, 1);
        QCOMPARE(p.at(2).costE4, 3000);
        QCOMPARE(p.at(2).completedExecutionMsSum, 2 * hour + 1500);
        QCOMPARE(p.at(2).completedExecutionCount, 1);
        QCOMPARE(p.at(2).averageExecutionSeconds(), 7201.5);
        QCOMPARE(p.at(3).created, 1);
        QCOMPARE(p.at(4).costE4, 5);
        QCOMPARE(p.at(4).completed, 0);

        // unaligned from: first bucket starts at the aligned boundary
        const Result<Timeseries> shifted =
            wait(service.timeseries(TimeBucket::Hour, t0 + 15, t0 + hour + 1));
        QCOMPARE(shifted.value().points.size(), 2);
        QCOMPARE(shifted.value().points.first().start, t0);
        QCOMPARE(shifted.value().points.first().created, 1); // only b (created at +20 >= from)

        QCOMPARE(wait(service.timeseries(TimeBucket::Hour, t0, t0)).error().kind,
                 ServiceError::Kind::Validation);
        QCOMPARE(wait(service.timeseries(TimeBucket::Minute, t0, t0 + 10001 * 60'000)).error().kind,
                 ServiceError::Kind::Validation);
        QCOMPARE(wait(service.timeseries(TimeBucket::Minute, t0, t0 + 10000 * 60'000))
                     .value()
                     .points.size(),
                 10000);
    }

    void statsFollowPlainSqlChanges()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 20; ++i) {
            Task task = sample(QStringLiteral("T%1").arg(i), 1'000'000 + i);
            task.category = i % 4 == 0 ? std::nullopt
                                       : std::optional<QString>(QStringLiteral("c%1").arg(i % 3));
            task.status = kAllStatuses[i % 5];
            task.costE4 = 1000 * i + 1;
            if (task.status != TaskStatus::Pending && task.status != TaskStatus::Cancelled)
                task.startedAt = task.createdAt + 100;
            if (task.status == TaskStatus::Completed || task.status == TaskStatus::Failed ||
                task.status == TaskStatus::Cancelled)
                task.completedAt = task.createdAt + 100 + 37 * i;
            tasks << task;
        }
        insertAll(db.pool(), tasks);
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));

        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET status = 'completed', completed_at = "
                                          "started_at + 5000 WHERE status = 'in_progress'")));
        QVERIFY(
            db.execSql(QStringLiteral("UPDATE tasks SET category = 'moved', cost_e4 = cost_e4 + 7 "
                                      "WHERE category = 'c1'")));
        QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks WHERE status = 'failed'")));
        QVERIFY(
            db.execSql(QStringLiteral("UPDATE tasks SET category = NULL WHERE category = 'c2'")));
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));

        // metrics and categories read the statistics
        const MetricsSnapshot metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.count(TaskStatus::Failed), 0);
        QCOMPARE(metrics.count(TaskStatus::Completed), 8);
        QCOMPARE(wait(service.categories()).value(),
                 (QStringList{QStringLiteral("c0"), QStringLiteral("moved")}));

        // folding the PostgreSQL delta log changes nothing readers see
        const Result<qint64> folded = wait(db.pool()->run<qint64>(
            [](QSqlDatabase &conn) { return TaskRepository::compactStats(conn); }));
        QVERIFY(folded.ok());
        if (db.isPostgres())
            QVERIFY(folded.value() > 0);
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));
        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET cost_e4 = cost_e4 * 2, title = 'x'")));
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));

        QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks")));
        QCOMPARE(statsTable(db.pool()), QStringList{});
        QCOMPARE(wait(service.metrics()).value().total(), 0);
    }

    void compactStatsFoldsInBoundedBatches()
    {
        // Migration 015: one fold call takes at most maxRows rows of each PostgreSQL delta table
        // (the unbounded fold of a 1M import outran the statement timeout and never finished),
        // any partial fold keeps every total exact, and an import folds all it left.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 40; ++i) {
            Task task = sample(QStringLiteral("F%1").arg(i), 1'000'000 + 3'600'000 * i);
            task.category = QStringLiteral("c%1").arg(i % 3);
            task.costE4 = 100 + i;
            tasks << task;
        }
        QCOMPARE(wait(service.importTasks(tasks, {}, operatorUser(), {})).value().imported, 40);
        const QString statsBacklog = QStringLiteral("SELECT count(*) FROM task_stats_delta");
        const QString seriesBacklog = QStringLiteral("SELECT count(*) FROM task_series_delta");
        if (db.isPostgres()) {
            QCOMPARE(db.count(statsBacklog), 0); // the import folded what it left
            QCOMPARE(db.count(seriesBacklog), 0);
        }
        // Plain SQL, one statement per task: delta rows on PostgreSQL.
        for (int i = 0; i < 40; ++i)
            QVERIFY(db.execSql(
                QStringLiteral("UPDATE tasks SET cost_e4 = cost_e4 + 7, status = 'cancelled', "
                               "completed_at = created_at + 10 WHERE title = 'F%1'")
                    .arg(i)));
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));
        const qint64 stats = db.isPostgres() ? db.count(statsBacklog) : 0;
        const qint64 series = db.isPostgres() ? db.count(seriesBacklog) : 0;
        if (db.isPostgres()) {
            QVERIFY2(stats > 5 && series > 5,
                     qPrintable(QStringLiteral("%1 %2").arg(stats).arg(series)));
        }

        const Result<qint64> one = wait(db.pool()->run<qint64>(
            [](QSqlDatabase &conn) { return TaskRepository::compactStats(conn, 5); }));
        QVERIFY(one.ok());
        QCOMPARE(one.value(), db.isPostgres() ? qint64(10) : qint64(0));
        if (db.isPostgres()) {
            QCOMPARE(db.count(statsBacklog), stats - 5);
            QCOMPARE(db.count(seriesBacklog), series - 5);
        }
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));

        const Result<qint64> all = wait(db.pool()->run<qint64>(
            [](QSqlDatabase &conn) { return TaskRepository::compactAllStats(conn, 5); }));
        QVERIFY(all.ok());
        QCOMPARE(all.value(), stats + series - one.value());
        if (db.isPostgres()) {
            QCOMPARE(db.count(statsBacklog), 0);
            QCOMPARE(db.count(seriesBacklog), 0);
        }
        QCOMPARE(statsTable(db.pool()), truthFromTasks(db.pool()));
        const MetricsSnapshot metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.count(TaskStatus::Cancelled), 40);
        QCOMPARE(metrics.total(), 40);
    }

    void exportStreamsCsv()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 1500; ++i) {
            Task task =
                sample(QStringLiteral("Export row %1 with, a comma and \"quotes\"").arg(i), 10 + i);
            task.description = QString(40, QChar(u'd'));
            tasks << task;
        }
        insertAll(db.pool(), tasks);
        QList<QByteArray> chunks;
        TaskFilter filter;
        filter.order = SortOrder::Ascending;
        const Result<qint64> rows =
            wait(service.exportCsv(filter, [&chunks](const QByteArray &chunk) {
                chunks << chunk;
                return true;
            }));
        QCOMPARE(rows.value(), 1500);
        QVERIFY(chunks.size() >= 2);
        for (int i = 0; i + 1 < chunks.size(); ++i)
            QVERIFY(chunks.at(i).size() >= 64 * 1024);
        const QByteArray all = chunks.join();
        QVERIFY(all.startsWith(csv::exportHeader()));
        const auto records = csv::parseRecords(all);
        QCOMPARE(std::get<QList<QStringList>>(records).size(), 1501);
        QCOMPARE(std::get<QList<QStringList>>(records).at(1).at(1),
                 QStringLiteral("Export row 0 with, a comma and \"quotes\""));

        // a sink that refuses stops the export
        int calls = 0;
        const Result<qint64> stopped = wait(service.exportCsv(filter, [&calls](const QByteArray &) {
            ++calls;
            return false;
        }));
        QVERIFY(stopped.ok());
        QCOMPARE(calls, 1);
        QVERIFY(stopped.value() < 1500);

        // a stopped export leaves its connection usable (one thread: same connection)
        ConnectionPool single(db.config(), 1);
        TaskService onOne(&single);
        calls = 0;
        QVERIFY(wait(onOne.exportCsv(filter, [&calls](const QByteArray &) {
                    ++calls;
                    return false;
                })).ok());
        QCOMPARE(calls, 1);
        QCOMPARE(wait(onOne.list(TaskFilter{}, 0, 5)).value().total, 1500);
        QVERIFY(wait(single.ping()).ok());

        // a slow consumer is not cut off by the statement timeout meant for requests
        if (db.isPostgres()) // 15 MB: more than the socket buffers hold, so the server waits on us
            QVERIFY(
                db.execSql(QStringLiteral("UPDATE tasks SET description = repeat('d', 10000)")));
        DatabaseConfig quick = db.config();
        quick.statementTimeoutMs = 300;
        ConnectionPool impatient(quick, 1);
        TaskService onImpatient(&impatient);
        calls = 0;
        const Result<qint64> slow =
            wait(onImpatient.exportCsv(filter, [&calls](const QByteArray &) {
                if (++calls <= 4)
                    QThread::msleep(150);
                return true;
            }));
        QVERIFY2(slow.ok(), slow.ok() ? "" : qPrintable(slow.error().message));
        QCOMPARE(slow.value(), 1500);
        QVERIFY(calls >= 4); // > 600 ms in all
        // ... while requests keep their timeout
        if (db.isPostgres()) {
            const Result<qint64> timedOut =
                wait(impatient.run<qint64>([](QSqlDatabase &conn) -> Result<qint64> {
                    QSqlQuery query(conn);
                    if (!query.exec(QStringLiteral("SELECT pg_sleep(1)")))
                        return ConnectionPool::mapSqlError(query.lastError(), "sleep");
                    return qint64(0);
                }));
            QCOMPARE(timedOut.error().kind, ServiceError::Kind::Timeout);
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskRepository)
#include "tst_taskrepository.moc"
