// TaskService: roles, validation before any SQL, tasksChanged on the service's thread (also for
// another service on the same pool), no signal for no-ops or failures.
#include "ConnectionPool.h"
#include "ConnectionPool_impl.h"
#include "TaskJson.h"
#include "TaskRepository.h"
#include "TaskRules.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {
Principal as(Role role)
{
    return Principal{QUuid::createUuid(), QStringLiteral("user"), role};
}

NewTask titled(const QString &title)
{
    NewTask task;
    task.title = title;
    return task;
}
} // namespace

class TestTaskService : public QObject
{
    Q_OBJECT

private slots:
    void viewersCannotWrite()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Task task =
            wait(service.create(titled(QStringLiteral("x")), as(Role::Admin))).value();

        const Principal viewer = as(Role::Viewer);
        const Result<Task> created = wait(service.create(titled(QStringLiteral("y")), viewer));
        QCOMPARE(created.error().kind, ServiceError::Kind::Forbidden);
        QCOMPARE(created.error().message, QStringLiteral("Not enough permissions"));
        TaskPatch patch;
        patch.title = QStringLiteral("z");
        QCOMPARE(wait(service.update(task.id, patch, std::nullopt, viewer)).error().kind,
                 ServiceError::Kind::Forbidden);
        QCOMPARE(wait(service.remove(task.id, viewer)).error().kind, ServiceError::Kind::Forbidden);
        QCOMPARE(wait(service.importTasks({task}, {2}, viewer, {})).error().kind,
                 ServiceError::Kind::Forbidden);
        // reads are fine
        QVERIFY(wait(service.get(task.id)).ok());
        QCOMPARE(wait(service.list(TaskFilter{}, 0, 10)).value().total, 1);
        QCOMPARE(wait(service.get(task.id)).value(), task);
        // operators write
        QVERIFY(wait(service.update(task.id, patch, std::nullopt, as(Role::Operator))).ok());
    }

    void historyListsTheTasksAuditEntriesNewestFirst()
    {
        // The detail panel's timeline: one task's task.create/update/delete entries with who and
        // before/after, newest first; kept after the delete; other tasks' entries left out.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal alice{QUuid::createUuid(), QStringLiteral("alice"), Role::Operator};
        const Principal bob{QUuid::createUuid(), QStringLiteral("bob"), Role::Admin};
        const Task task = wait(service.create(titled(QStringLiteral("Report")), alice)).value();
        QVERIFY(wait(service.create(titled(QStringLiteral("Other")), alice)).ok());
        TaskPatch start;
        start.status = TaskStatus::InProgress;
        QVERIFY(wait(service.update(task.id, start, 1, alice)).ok());
        TaskPatch fail;
        fail.status = TaskStatus::Failed;
        fail.errorMessage = QStringLiteral("Disk full");
        const Task failed = wait(service.update(task.id, fail, 2, bob)).value();
        QVERIFY(wait(service.remove(task.id, bob)).ok());

        const Result<AuditPage> history = wait(service.history(task.id, 0, 10));
        QVERIFY(history.ok());
        QCOMPARE(history.value().total, 4);
        QCOMPARE(history.value().entries.size(), 4);
        QStringList seen;
        for (const AuditEntry &entry : history.value().entries)
            seen << entry.action + QLatin1Char('/') + entry.username;
        QCOMPARE(seen,
                 QStringList({QStringLiteral("task.delete/bob"), QStringLiteral("task.update/bob"),
                              QStringLiteral("task.update/alice"),
                              QStringLiteral("task.create/alice")}));
        const AuditEntry &failure = history.value().entries.at(1);
        QCOMPARE(failure.target, task.id.toString(QUuid::WithoutBraces));
        QCOMPARE(failure.before.toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("in_progress"));
        QCOMPARE(failure.after.toObject(), json::taskToJson(failed));
        QCOMPARE(failure.after.toObject().value(QStringLiteral("error_message")).toString(),
                 QStringLiteral("Disk full"));
        QVERIFY(history.value().entries.at(0).after.isNull());
        QVERIFY(history.value().entries.at(3).before.isNull());

        // Paging, and its validation before any SQL.
        const Result<AuditPage> second = wait(service.history(task.id, 1, 2));
        QVERIFY(second.ok());
        QCOMPARE(second.value().total, 4);
        QCOMPARE(second.value().entries.size(), 2);
        QCOMPARE(second.value().entries.at(0).id, history.value().entries.at(1).id);
        const Result<AuditPage> bad = wait(service.history(task.id, -1, 0));
        QCOMPARE(bad.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(bad.error().fields.size(), 2);
        // A task that never existed has no history (not an error: deleted tasks keep theirs).
        const Result<AuditPage> none = wait(service.history(QUuid::createUuid(), 0, 10));
        QVERIFY(none.ok());
        QCOMPARE(none.value().total, 0);
    }

    void validationBeforeSql()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        NewTask bad = titled(QStringLiteral("   "));
        bad.priority = 7;
        const Result<Task> created = wait(service.create(bad, as(Role::Operator)));
        QCOMPARE(created.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(created.error().fields.size(), 2);
        QCOMPARE(created.error().fields.at(0).loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("title")}));
        QCOMPARE(created.error().fields.at(1).loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("priority")}));
        QCOMPARE(wait(service.metrics()).value().total(), 0);
    }

    void transitionsPersistTimestamps()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal actor = as(Role::Operator);
        // one stored task per cell of the 5 x 5 table, put into `from` through legal steps
        auto reach = [&](TaskStatus from) -> std::optional<Task> {
            NewTask input = titled(QStringLiteral("t"));
            input.status =
                from == TaskStatus::Pending ? TaskStatus::Pending : TaskStatus::InProgress;
            Result<Task> task = wait(service.create(input, actor));
            if (!task.ok())
                return std::nullopt;
            if (from == TaskStatus::Pending || from == TaskStatus::InProgress)
                return task.value();
            TaskPatch patch;
            patch.status = from;
            task = wait(service.update(task.value().id, patch, std::nullopt, actor));
            return task.ok() ? std::optional<Task>(task.value()) : std::nullopt;
        };
        for (TaskStatus from : kAllStatuses) {
            for (TaskStatus to : kAllStatuses) {
                const QByteArray cell =
                    (statusName(from) + QStringLiteral("->") + statusName(to)).toUtf8();
                const std::optional<Task> before = reach(from);
                QVERIFY2(before.has_value(), cell.constData());
                QCOMPARE(before->status, from);
                QTest::qWait(2); // a later updated_at
                TaskPatch patch;
                patch.status = to;
                const Result<Task> after =
                    wait(service.update(before->id, patch, before->version, actor));
                const Task stored = wait(service.get(before->id)).value();
                if (!rules::isTransitionAllowed(from, to)) {
                    QVERIFY2(!after.ok() && after.error().kind == ServiceError::Kind::Conflict,
                             cell.constData());
                    QCOMPARE(stored, *before);
                    continue;
                }
                QVERIFY2(after.ok(), cell.constData());
                QCOMPARE(stored, after.value());
                if (from == to) {
                    QCOMPARE(stored, *before);
                    continue;
                }
                QCOMPARE(stored.version, before->version + 1);
                QVERIFY2(stored.updatedAt > before->updatedAt, cell.constData());
                switch (to) {
                case TaskStatus::InProgress:
                    QCOMPARE(stored.startedAt, std::optional<EpochMs>(stored.updatedAt));
                    QVERIFY(!stored.completedAt);
                    break;
                case TaskStatus::Pending:
                    QVERIFY(!stored.startedAt);
                    QVERIFY(!stored.completedAt);
                    break;
                default:
                    QCOMPARE(stored.startedAt, before->startedAt);
                    QCOMPARE(stored.completedAt, std::optional<EpochMs>(stored.updatedAt));
                    break;
                }
            }
        }
        // the statistics saw every step
        const MetricsSnapshot metrics = wait(service.metrics()).value();
        QCOMPARE(metrics.total(), 25);
    }

    void everyCommittedMutationAppendsOneLogRow()
    {
        // The change log (migration 006) is the one announcement of a change: one row per
        // committed mutation, written in its transaction; no-ops and failures write none.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        TaskService other(db.pool()); // e.g. the HTTP layer's instance
        const QString rows = QStringLiteral("SELECT COUNT(*) FROM task_changes");
        QCOMPARE(db.count(rows), 0);

        const Task task =
            wait(service.create(titled(QStringLiteral("x")), as(Role::Operator))).value();
        QCOMPARE(db.count(rows), 1);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE op = "
                                         "'created' AND payload IS NOT NULL AND seq IS NULL")),
                 1);

        TaskPatch patch;
        patch.status = TaskStatus::InProgress;
        QVERIFY(wait(other.update(task.id, patch, std::nullopt, as(Role::Operator))).ok());
        QCOMPARE(db.count(rows), 2);

        // no-op patch and failures: no row
        QVERIFY(wait(service.update(task.id, patch, std::nullopt, as(Role::Operator))).ok());
        QVERIFY(!wait(service.update(task.id, patch, 1, as(Role::Operator))).ok());
        QVERIFY(!wait(service.remove(QUuid::createUuid(), as(Role::Operator))).ok());
        QVERIFY(!wait(service.create(titled(QString()), as(Role::Operator))).ok());
        QCOMPARE(db.count(rows), 2);

        QVERIFY(wait(service.remove(task.id, as(Role::Operator))).ok());
        QCOMPARE(db.count(rows), 3);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE op = "
                                         "'deleted' AND payload IS NULL")),
                 1);
        // Taskdeck's own writes mute the triggers: no second, id-only row per change.
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE op <> "
                                         "'deleted' AND payload IS NULL")),
                 0);
    }

    void concurrentCreatesAreGroupedEachWithItsAuditAndLogRow()
    {
        // PostgreSQL writes concurrent creates as groups (TaskRepository::insertMany); every
        // task still gets its own answer, audit entry and change-log row, in both databases.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<QFuture<Result<Task>>> futures;
        for (int i = 0; i < 200; ++i)
            futures << service.create(titled(QStringLiteral("g%1").arg(i)), as(Role::Operator));
        QSet<QUuid> ids;
        for (auto &future : futures) {
            const Result<Task> created = wait(future);
            QVERIFY(created.ok());
            ids.insert(created.value().id);
        }
        QCOMPARE(ids.size(), 200);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 200);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                         "'task.create' AND after_json IS NOT NULL")),
                 200);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(DISTINCT task_id) FROM task_changes WHERE "
                                         "op = 'created' AND payload IS NOT NULL")),
                 200);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes")), 200);
        QCOMPARE(wait(service.metrics()).value().total(), 200);
        if (!db.isPostgres())
            return; // insertMany is PostgreSQL's; SQLite writes one at a time

        // A group with an id that exists is refused whole (nothing of it is written).
        Task fresh = wait(service.get(*ids.cbegin())).value();
        Task other = fresh;
        other.id = QUuid::createUuid();
        other.title = QStringLiteral("would be new");
        const Result<VoidResult> refused = wait(db.pool()->run<VoidResult>(
            [fresh, other](QSqlDatabase &connection) -> Result<VoidResult> {
                return TaskRepository::insertMany(connection, {other, fresh},
                                                  {QStringLiteral("ana"), QStringLiteral("ana")});
            }));
        QVERIFY(refused.ok());
        QVERIFY(!refused.value().ok());
        QCOMPARE(refused.value().error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 200);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes")), 200);
    }

    void concurrentPatchesAreGroupedAndEachAnswered()
    {
        // PostgreSQL writes concurrent PATCHes as groups (TaskRepository::updateMany), one per
        // task per group; the answers, versions, audit entries and log rows are those of one
        // PATCH at a time, in both databases.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 60; ++i)
            tasks << wait(service.create(titled(QStringLiteral("p%1").arg(i)), as(Role::Operator)))
                         .value();
        QList<QFuture<Result<Task>>> futures;
        for (int round = 1; round <= 3; ++round) {
            for (const Task &task : tasks) {
                TaskPatch patch;
                patch.title = QStringLiteral("%1 r%2").arg(task.title).arg(round);
                futures << service.update(task.id, patch, std::nullopt, as(Role::Operator));
            }
        }
        // Stale If-Match (version 1 is gone once the first round is written), a missing task
        // and an illegal transition, mixed into the same groups.
        TaskPatch completed;
        completed.status = TaskStatus::Completed; // pending -> completed is not allowed
        QFuture<Result<Task>> illegal =
            service.update(tasks.first().id, completed, std::nullopt, as(Role::Operator));
        QFuture<Result<Task>> missing =
            service.update(QUuid::createUuid(), TaskPatch{}, std::nullopt, as(Role::Operator));
        for (auto &future : futures)
            QVERIFY(wait(future).ok());
        QCOMPARE(wait(illegal).error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(wait(missing).error().kind, ServiceError::Kind::NotFound);
        TaskPatch late;
        late.priority = 3;
        QCOMPARE(wait(service.update(tasks.last().id, late, 1, as(Role::Operator))).error().kind,
                 ServiceError::Kind::PreconditionFailed);
        for (const Task &task : tasks) {
            const Task stored = wait(service.get(task.id)).value();
            QCOMPARE(stored.version, 4);
            // Concurrent PATCHes without If-Match: the last one written wins (pool threads do
            // not run in submission order, grouped or not).
            QVERIFY(QRegularExpression(QRegularExpression::escape(task.title) +
                                       QStringLiteral(" r[123]"))
                        .match(stored.title)
                        .hasMatch());
        }
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                         "'task.update'")),
                 180);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE op = 'updated' "
                                         "AND payload IS NOT NULL")),
                 180);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes")), 240);
    }

    void groupsInOppositeOrderDoNotDeadlock()
    {
        // Two PATCH groups (TaskRepository::updateMany) of the same tasks, listed in opposite
        // orders, as two instances can form them. A third transaction holds the middle row, so
        // the first group waits there holding the rows before it; then the second group starts.
        // Written in list order, the second would lock the rows after the middle and wait for
        // the middle row, which the first takes next: a cycle. Written in id order (as
        // updateMany does) the second waits for the first row and nothing cycles. With
        // deadlock_timeout far above the 5 s statement timeout, a deadlock would not be broken
        // by PostgreSQL's detector (a Conflict, retried one by one by TaskService) but end in a
        // Timeout, which the checks below would see.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (SQLite has one writer at a time)");
        QVERIFY(db.pool()); // migrated
        QVariant name;
        QVERIFY(db.scalar(QStringLiteral("SELECT current_database()"), &name));
        QVERIFY(db.execSql(QStringLiteral("ALTER DATABASE \"%1\" SET deadlock_timeout = '60s'")
                               .arg(name.toString())));
        {
            ConnectionPool pool(db.config(), 4); // connections opened after the ALTER
            TaskService service(&pool);
            QList<QUuid> ids;
            for (int i = 0; i < 16; ++i)
                ids << wait(
                           service.create(titled(QStringLiteral("d%1").arg(i)), as(Role::Operator)))
                           .value()
                           .id;
            std::sort(ids.begin(), ids.end());
            // Enough rows for the plan of a large table: a nested loop over the group, each row
            // found by primary key (with 5,000 rows PostgreSQL sorted the group for a merge join,
            // in id order either way, and this test could not fail).
            QVERIFY(db.execSql(QStringLiteral(
                "INSERT INTO tasks (id, title, created_at, updated_at) SELECT gen_random_uuid(), "
                "'filler', 1, 1 FROM generate_series(1, 50000)")));
            QVERIFY(db.execSql(QStringLiteral("ANALYZE tasks")));
            QSqlDatabase holder = db.openConnection(QStringLiteral("holder"));
            QSqlQuery hold(holder);
            QVERIFY(hold.exec(QStringLiteral("BEGIN")));
            QVERIFY(hold.exec(QStringLiteral("UPDATE tasks SET priority = 3 WHERE id = '%1'")
                                  .arg(ids.at(8).toString(QUuid::WithoutBraces))));

            using Answers = QList<std::optional<Result<TaskRepository::UpdateOutcome>>>;
            const auto group = [&](bool descending, const QString &title) {
                QList<TaskRepository::PatchRequest> requests;
                for (qsizetype i = 0; i < ids.size(); ++i) {
                    TaskRepository::PatchRequest request;
                    request.id = ids.at(descending ? ids.size() - 1 - i : i);
                    request.patch.title = title;
                    request.auditUser = QStringLiteral("ana");
                    requests << request;
                }
                return pool.run<Answers>([requests](QSqlDatabase &connection) {
                    return TaskRepository::updateMany(connection, requests,
                                                      QDateTime::currentMSecsSinceEpoch());
                });
            };
            QFuture<Result<Answers>> first = group(false, QStringLiteral("first"));
            QTest::qWait(300 *
                         taskdeck::test::timeScale()); // the first group waits at the middle row
            QFuture<Result<Answers>> second = group(true, QStringLiteral("second"));
            QTest::qWait(300 * taskdeck::test::timeScale()); // the second group waits too
            QVERIFY(hold.exec(QStringLiteral("COMMIT")));

            const Result<Answers> a = wait(first);
            QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message));
            for (const auto &answer : a.value()) {
                QVERIFY(answer.has_value()); // nothing else wrote the rows after they were read
                QVERIFY(answer->ok());
            }
            // The second group read the rows before the first wrote them: every compare-and-set
            // lost (std::nullopt: TaskService reads those again), none failed.
            const Result<Answers> b = wait(second);
            QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().message));
            for (const auto &answer : b.value())
                QVERIFY(!answer.has_value());
            for (const QUuid &id : std::as_const(ids)) {
                const Task stored = wait(service.get(id)).value();
                QCOMPARE(stored.title, QStringLiteral("first"));
                QCOMPARE(stored.version, 2);
            }
        }
        QVERIFY(db.execSql(
            QStringLiteral("ALTER DATABASE \"%1\" RESET deadlock_timeout").arg(name.toString())));
    }

    void concurrentGetsAreGroupedAndEachAnswered()
    {
        // PostgreSQL reads concurrent GETs by id as groups (TaskService::GetGroup, one
        // `id = ANY (...)` query for the ids waiting); each answer is its own task or 404, the
        // same id asked twice in a group included, in both databases.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 40; ++i)
            tasks << wait(service.create(titled(QStringLiteral("g%1").arg(i)), as(Role::Operator)))
                         .value();
        TaskPatch patch;
        patch.priority = 3;
        tasks[7] = wait(service.update(tasks[7].id, patch, 1, as(Role::Operator))).value();
        QList<QPair<Task, QFuture<Result<Task>>>> reads;
        QList<QFuture<Result<Task>>> missing;
        for (int round = 0; round < 3; ++round) {
            for (const Task &task : std::as_const(tasks))
                reads.append({task, service.get(task.id)});
            missing << service.get(QUuid::createUuid());
        }
        for (auto &[task, future] : reads) {
            const Result<Task> got = wait(future);
            QVERIFY(got.ok());
            QCOMPARE(got.value().id, task.id);
            QCOMPARE(got.value().title, task.title);
            QCOMPARE(got.value().version, task.version);
            QCOMPARE(got.value().priority, task.priority);
        }
        QCOMPARE(tasks[7].version, 2);
        QCOMPARE(tasks[7].priority, 3);
        for (auto &future : missing) {
            const Result<Task> got = wait(future);
            QVERIFY(!got.ok());
            QCOMPARE(got.error().kind, ServiceError::Kind::NotFound);
            QCOMPARE(got.error().message, QStringLiteral("Task not found"));
        }
    }

    void identicalListsWaitingTogetherShareOneRead()
    {
        // list() requests equal to one that waits for a pool thread are answered by its read
        // (TaskService::ListReads); other requests get reads of their own. Every caller gets
        // the exact page.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        for (int i = 0; i < 12; ++i)
            QVERIFY(
                wait(service.create(titled(QStringLiteral("t%1").arg(i, 2, 10, QLatin1Char('0'))),
                                    as(Role::Operator)))
                    .ok());
        TaskFilter newest; // created_at, descending
        TaskFilter byTitle;
        byTitle.sort = TaskSortField::Title;
        byTitle.order = SortOrder::Ascending;
        const auto titlesOf = [](const TaskPage &page) {
            QStringList titles;
            for (const Task &task : page.tasks)
                titles << task.title;
            return titles;
        };
        const QStringList firstTitles{QStringLiteral("t00"), QStringLiteral("t01"),
                                      QStringLiteral("t02"), QStringLiteral("t03"),
                                      QStringLiteral("t04")};
        const auto idsOf = [](const TaskPage &page) {
            QList<QUuid> ids;
            for (const Task &task : page.tasks)
                ids << task.id;
            return ids;
        };
        const TaskPage firstPage = wait(service.list(newest, 0, 5)).value();
        const TaskPage secondPage = wait(service.list(newest, 5, 5)).value();
        QCOMPARE(firstPage.total, 12);
        QCOMPARE(firstPage.tasks.size(), 5);
        QCOMPARE(secondPage.tasks.size(), 5);
        QCOMPARE(service.sharedListReads(), 0u);

        // Every pool thread held: the lists wait together.
        const int threads = db.pool()->size();
        QSemaphore holding;
        QSemaphore release;
        QList<QFuture<Result<int>>> holds;
        for (int i = 0; i < threads; ++i)
            holds << db.pool()->run<int>([&holding, &release](QSqlDatabase &) -> Result<int> {
                holding.release();
                release.acquire();
                return 0;
            });
        QVERIFY(holding.tryAcquire(threads, 5000));
        QList<QFuture<Result<TaskPage>>> same;
        for (int i = 0; i < 5; ++i)
            same << service.list(newest, 0, 5);
        QFuture<Result<TaskPage>> next = service.list(newest, 5, 5);
        QFuture<Result<TaskPage>> uncounted = service.list(newest, 0, 5, false);
        QFuture<Result<TaskPage>> titles = service.list(byTitle, 0, 5);
        QFuture<Result<TaskPage>> titlesAgain = service.list(byTitle, 0, 5);
        QCOMPARE(service.sharedListReads(), 5u); // 4 of the 5 newest, 1 of the 2 by title
        release.release(threads);
        for (auto &hold : holds)
            QVERIFY(wait(hold).ok());

        for (auto &future : same) {
            const TaskPage page = wait(future).value();
            QCOMPARE(idsOf(page), idsOf(firstPage));
            QCOMPARE(page.total, 12);
            QCOMPARE(page.nextKey, firstPage.nextKey);
        }
        QCOMPARE(idsOf(wait(next).value()), idsOf(secondPage));
        const TaskPage withoutTotal = wait(uncounted).value();
        QCOMPARE(idsOf(withoutTotal), idsOf(firstPage));
        QCOMPARE(withoutTotal.total, -1);
        for (QFuture<Result<TaskPage>> *future : {&titles, &titlesAgain}) {
            QCOMPARE(titlesOf(wait(*future).value()), firstTitles);
        }

        if (!db.isPostgres())
            return; // holding a read inside its statement takes PostgreSQL's table lock
        // A read that has started is not joined: a request arriving while the read runs gets a
        // read of its own (it may need a change committed after the first one began).
        QSqlDatabase locker = db.openConnection(QStringLiteral("locker"));
        QVERIFY(locker.transaction());
        QSqlQuery lock(locker);
        QVERIFY(lock.exec(QStringLiteral("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE")));
        const QString blocked = QStringLiteral(
            "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = 'tasks'::regclass");
        QFuture<Result<TaskPage>> running = service.list(byTitle, 0, 5);
        QTRY_COMPARE_WITH_TIMEOUT(db.count(blocked), 1, 10'000);
        QFuture<Result<TaskPage>> later = service.list(byTitle, 0, 5);
        QTRY_COMPARE_WITH_TIMEOUT(db.count(blocked), 2, 10'000);
        QCOMPARE(service.sharedListReads(), 5u);
        QVERIFY(locker.commit());
        for (QFuture<Result<TaskPage>> *future : {&running, &later}) {
            QCOMPARE(titlesOf(wait(*future).value()), firstTitles);
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskService)
#include "tst_taskservice.moc"
