// Retention (issue 12, services/RetentionService): finished tasks and audit entries older than a
// limit are removed in small batches on SQLite and PostgreSQL; everything else stays; the
// maintained totals equal a COUNT/SUM over what remains; recent time series do not move; a dry
// run removes nothing; every removed task is a task.deleted event of the change feed.

#include "ChangeFeed.h"
#include "RetentionService.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

constexpr qint64 kDay = 86400000;

/// Waits for a purge with the event loop running: the pauses between batches are timers on the
/// service's (this) thread, so wait() (which blocks the thread) would never see it end.
template <typename T> T spin(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 120000))
        qWarning("purge did not finish");
    return future.result();
}

bool isFinished(TaskStatus status)
{
    return status == TaskStatus::Completed || status == TaskStatus::Failed ||
           status == TaskStatus::Cancelled;
}

Principal importer()
{
    return Principal{QUuid::createUuid(), QStringLiteral("import"), Role::Admin};
}

/// A task in `status` whose last change was at `updatedAt`; `started`/`completed` follow the
/// lifecycle rules (finished tasks carry both, an execution time of `i % 97` s).
Task makeTask(TaskStatus status, EpochMs updatedAt, int i)
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = QStringLiteral("task %1").arg(i);
    static const QStringList categories = {QStringLiteral("ops"), QStringLiteral("billing"),
                                           QStringLiteral("Ünïcode")};
    if (i % 4 != 0)
        task.category = categories.at(i % categories.size());
    task.status = status;
    task.priority = i % 4;
    task.costE4 = (i * 7919) % 1000000;
    task.createdAt = updatedAt - 3600000 - (i % 1000) * 1000;
    if (status != TaskStatus::Pending) {
        task.startedAt = task.createdAt + 1000;
        if (status != TaskStatus::InProgress)
            task.completedAt = *task.startedAt + (i % 97) * 1000;
    }
    task.updatedAt = updatedAt;
    return task;
}

/// The totals as a plain COUNT/SUM over `tasks` (what the maintained statistics must equal).
MetricsSnapshot scannedMetrics(TestDatabase &db)
{
    MetricsSnapshot metrics;
    QSqlQuery query(db.openConnection(
        QStringLiteral("scan-%1").arg(QUuid::createUuid().toString(QUuid::Id128))));
    const bool ok = query.exec(QStringLiteral(
        "SELECT status, COALESCE(category, ''), COUNT(*), SUM(cost_e4), "
        "SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT "
        "NULL THEN completed_at - started_at ELSE 0 END), "
        "SUM(CASE WHEN status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT "
        "NULL THEN 1 ELSE 0 END) FROM tasks GROUP BY status, COALESCE(category, '')"));
    if (!ok)
        qWarning() << query.lastError().text();
    while (query.next()) {
        const qint64 count = query.value(2).toLongLong();
        const qint64 cost = query.value(3).toLongLong();
        const QString category = query.value(1).toString();
        metrics.byStatus[size_t(*statusFromName(query.value(0).toString()))] += count;
        metrics.byCategory[category] += count;
        metrics.costByCategory[category] += cost;
        metrics.totalCostE4 += cost;
        metrics.completedExecutionMsSum += query.value(4).toLongLong();
        metrics.completedExecutionCount += query.value(5).toLongLong();
    }
    return metrics;
}

QSet<QUuid> storedIds(TestDatabase &db)
{
    QSet<QUuid> ids;
    QSqlQuery query(db.openConnection(
        QStringLiteral("ids-%1").arg(QUuid::createUuid().toString(QUuid::Id128))));
    if (!query.exec(QStringLiteral("SELECT id FROM tasks")))
        qWarning() << query.lastError().text();
    while (query.next())
        ids.insert(QUuid::fromString(query.value(0).toString()));
    return ids;
}

/// A mix around `cutoff`: old finished tasks (removed), and everything that must stay: old
/// pending/in-progress tasks, finished tasks changed at or after the cutoff, a task finished
/// long ago but edited since. Returns the ids that a purge at `cutoff` removes.
QSet<QUuid> seed(TaskService &service, EpochMs cutoff, int oldFinished, QList<Task> *all,
                 QMap<QString, qint64> *removedByStatus)
{
    const TaskStatus finished[] = {TaskStatus::Completed, TaskStatus::Failed,
                                   TaskStatus::Cancelled};
    QSet<QUuid> expected;
    QList<Task> tasks;
    for (int i = 0; i < oldFinished; ++i) {
        // Several tasks share each timestamp, so the walk's id tie-break is exercised.
        Task task = makeTask(finished[i % 3], cutoff - 1 - (i / 3) * 60000, i);
        expected.insert(task.id);
        (*removedByStatus)[statusName(task.status)] += 1;
        tasks.append(task);
    }
    int i = oldFinished;
    // Old but not finished: interleaved with the old finished ones in updated_at order.
    for (int k = 0; k < oldFinished / 4; ++k, ++i)
        tasks.append(makeTask(k % 2 ? TaskStatus::Pending : TaskStatus::InProgress,
                              cutoff - 1 - k * 90000, i));
    // Finished, but changed at the cutoff or later: kept.
    for (int k = 0; k < oldFinished / 2; ++k, ++i)
        tasks.append(makeTask(finished[k % 3], cutoff + k * 60000, i));
    // Finished long ago, edited yesterday (updated_at is recent): kept.
    Task edited = makeTask(TaskStatus::Completed, cutoff - 30 * kDay, i++);
    edited.updatedAt = cutoff + kDay;
    tasks.append(edited);
    // New and open.
    for (int k = 0; k < 20; ++k, ++i)
        tasks.append(makeTask(TaskStatus::Pending, cutoff + kDay + k, i));
    QList<int> lines;
    for (int n = 1; n <= tasks.size(); ++n)
        lines.append(n);
    const Result<ImportSummary> imported = wait(service.importTasks(tasks, lines, importer(), {}));
    if (!imported.ok() || imported.value().imported != tasks.size())
        qWarning() << "seeding failed";
    *all = tasks;
    return expected;
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private slots:
    void dryRunCountsAndRemovesNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        const EpochMs cutoff = QDateTime::currentMSecsSinceEpoch() - 30 * kDay;
        QList<Task> all;
        QMap<QString, qint64> byStatus;
        const QSet<QUuid> expected = seed(service, cutoff, 300, &all, &byStatus);
        const MetricsSnapshot before = wait(service.metrics()).value();
        const qint64 logRows = db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes"));

        PurgeRequest request;
        request.cutoff = cutoff;
        request.dryRun = true;
        bool archived = false;
        request.archive = [&archived](const QList<Task> &) { return archived = true; };
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QVERIFY(summary.ok());
        QCOMPARE(summary.value().removed, qint64(expected.size()));
        QCOMPARE(summary.value().byStatus, byStatus);
        QCOMPARE(summary.value().batches, 0);
        QCOMPARE(*summary.value().newest, cutoff - 1);
        QCOMPARE(*summary.value().oldest, cutoff - 1 - (299 / 3) * 60000);
        QVERIFY(!archived);

        QCOMPARE(storedIds(db).size(), all.size());
        QCOMPARE(wait(service.metrics()).value(), before);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes")), logRows);
    }

    void purgeRemovesExactlyTheOldFinishedTasksInSmallBatches()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        const EpochMs now = QDateTime::currentMSecsSinceEpoch();
        const EpochMs cutoff = now - 30 * kDay;
        QList<Task> all;
        QMap<QString, qint64> byStatus;
        const QSet<QUuid> expected = seed(service, cutoff, 1050, &all, &byStatus);
        QCOMPARE(wait(service.metrics()).value(), scannedMetrics(db));
        const Result<Timeseries> recentBefore =
            wait(service.timeseries(TimeBucket::Hour, cutoff, now + 3600000));
        QVERIFY(recentBefore.ok());

        PurgeRequest request;
        request.cutoff = cutoff;
        request.batch = 100;
        QList<int> archivedBatches;
        QSet<QUuid> archived;
        request.archive = [&](const QList<Task> &tasks) {
            archivedBatches.append(int(tasks.size()));
            for (const Task &task : tasks) {
                archived.insert(task.id);
                // As stored: the archive gets the whole task.
                const auto it = std::find_if(all.cbegin(), all.cend(),
                                             [&](const Task &t) { return t.id == task.id; });
                if (it == all.cend() || it->title != task.title || it->costE4 != task.costE4 ||
                    it->completedAt != task.completedAt)
                    return false;
            }
            return true;
        };
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary.value().removed, qint64(expected.size()));
        QCOMPARE(summary.value().byStatus, byStatus);
        QCOMPARE(summary.value().batches, 11); // 1,050 rows in batches of 100
        QCOMPARE(summary.value().largestBatch, 100);
        QCOMPARE(archivedBatches.size(), 11);
        QVERIFY(*std::max_element(archivedBatches.cbegin(), archivedBatches.cend()) <= 100);
        QCOMPARE(archived, expected);
        QVERIFY(!summary.value().busy);

        // Exactly the others are left.
        QSet<QUuid> kept;
        for (const Task &task : all)
            if (!expected.contains(task.id))
                kept.insert(task.id);
        QCOMPARE(storedIds(db), kept);
        // The maintained totals equal a scan of what is left, per status and category.
        const MetricsSnapshot after = wait(service.metrics()).value();
        QCOMPARE(after, scannedMetrics(db));
        QCOMPARE(after.total(), qint64(kept.size()));
        const Result<TaskPage> page = wait(service.list(TaskFilter{}, 0, 1));
        QCOMPARE(page.value().total, qint64(kept.size()));
        // Time series from the cutoff on are untouched (nothing in them was removed).
        const Result<Timeseries> recentAfter =
            wait(service.timeseries(TimeBucket::Hour, cutoff, now + 3600000));
        QCOMPARE(recentAfter.value().points, recentBefore.value().points);
        // Purges write no audit entries (imports wrote none either).
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 0);

        // A second run finds nothing.
        request.archive = nullptr;
        const Result<PurgeSummary> again = spin(retention.purgeFinishedTasks(request));
        QCOMPARE(again.value().removed, 0);
        QCOMPARE(again.value().batches, 0);
    }

    void aLongStretchOfOpenTasksIsPassedOver()
    {
        // A batch reads at most 4 x its size of tasks in age order: 1,000 old open tasks before
        // the finished ones take several jobs that remove nothing, then the walk goes on.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        const EpochMs cutoff = QDateTime::currentMSecsSinceEpoch() - 30 * kDay;
        QList<Task> tasks;
        for (int i = 0; i < 1000; ++i)
            tasks.append(makeTask(i % 2 ? TaskStatus::Pending : TaskStatus::InProgress,
                                  cutoff - 10 * kDay + i, i));
        QSet<QUuid> finished;
        for (int i = 0; i < 50; ++i) {
            tasks.append(makeTask(TaskStatus::Failed, cutoff - kDay + i, 1000 + i));
            finished.insert(tasks.constLast().id);
        }
        QList<int> lines;
        for (int n = 1; n <= tasks.size(); ++n)
            lines.append(n);
        QVERIFY(wait(service.importTasks(tasks, lines, importer(), {})).ok());
        PurgeRequest request;
        request.cutoff = cutoff;
        request.batch = 100;
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QVERIFY(summary.ok());
        QCOMPARE(summary.value().removed, 50);
        QCOMPARE(summary.value().batches, 1);
        QCOMPARE(storedIds(db).size(), 1000);
        QCOMPARE(storedIds(db).intersects(finished), false);
    }

    void failedArchiveKeepsTheBatch()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        const EpochMs cutoff = QDateTime::currentMSecsSinceEpoch() - 30 * kDay;
        QList<Task> all;
        QMap<QString, qint64> byStatus;
        const QSet<QUuid> expected = seed(service, cutoff, 30, &all, &byStatus);
        PurgeRequest request;
        request.cutoff = cutoff;
        request.batch = 10;
        int calls = 0;
        request.archive = [&calls](const QList<Task> &) { return ++calls < 2; };
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QVERIFY(!summary.ok());
        QCOMPARE(summary.error().message, QStringLiteral("Archive write failed"));
        // The first batch went; the second was rolled back with its archive failure.
        QCOMPARE(calls, 2);
        QCOMPARE(storedIds(db).size(), all.size() - 10);
        QCOMPARE(wait(service.metrics()).value(), scannedMetrics(db));
    }

    void removedTasksAreDeletedEventsWithoutGaps()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 0;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(QTest::qWaitFor([&] { return feed.isReady(); }, 10000));
        QList<ChangeEvent> events;
        QObject context;
        QObject::connect(&feed, &ChangeFeed::published, &context,
                         [&events](const QList<ChangeEvent> &batch) { events.append(batch); });
        QSignalSpy resync(&feed, &ChangeFeed::resyncNeeded);

        const EpochMs cutoff = QDateTime::currentMSecsSinceEpoch() - 30 * kDay;
        QList<Task> all;
        QMap<QString, qint64> byStatus;
        const QSet<QUuid> expected = seed(service, cutoff, 60, &all, &byStatus);

        PurgeRequest request;
        request.cutoff = cutoff;
        request.batch = 25;
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QCOMPARE(summary.value().removed, qint64(expected.size()));
        const MetricsSnapshot after = wait(service.metrics()).value();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !events.isEmpty() && events.constLast().type == ChangeType::MetricsUpdated &&
                       events.constLast().metrics == after;
            },
            10000));

        QSet<QUuid> deleted;
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (i > 0)
                QCOMPARE(events.at(i).seq, events.at(i - 1).seq + 1); // no gap
            // The import's rows (created), then the purge's (deleted), and the totals.
            if (events.at(i).type == ChangeType::TaskDeleted) {
                deleted.insert(events.at(i).taskId);
                const QByteArray task =
                    QByteArray("\"task\":{\"id\":\"") +
                    events.at(i).taskId.toString(QUuid::WithoutBraces).toUtf8() + QByteArray("\"}");
                QVERIFY2(events.at(i).json.contains(task), events.at(i).json.constData());
            } else {
                QVERIFY(events.at(i).type == ChangeType::MetricsUpdated ||
                        events.at(i).type == ChangeType::TaskCreated);
            }
        }
        QCOMPARE(deleted, expected);
        QCOMPARE(resync.count(), 0);
    }

    void auditPurgeRemovesOnlyOldEntries()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        for (int i = 0; i < 40; ++i) {
            NewTask task;
            task.title = QStringLiteral("audited %1").arg(i);
            QVERIFY(wait(service.create(task, operatorUser())).ok());
        }
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 40);
        const EpochMs now = QDateTime::currentMSecsSinceEpoch();
        const EpochMs cutoff = now - 90 * kDay;
        // 23 entries made old; one exactly at the cutoff (kept: strictly older goes).
        QVERIFY(db.execSql(QStringLiteral("UPDATE audit_log SET at = %1 - id * 1000 WHERE id IN "
                                          "(SELECT id FROM audit_log ORDER BY id LIMIT 23)")
                               .arg(cutoff - 1)));
        QVERIFY(db.execSql(
            QStringLiteral("UPDATE audit_log SET at = %1 WHERE id = (SELECT MAX(id) FROM "
                           "audit_log)")
                .arg(cutoff)));

        PurgeRequest request;
        request.cutoff = cutoff;
        request.dryRun = true;
        const Result<PurgeSummary> dry = spin(retention.purgeAudit(request));
        QCOMPARE(dry.value().removed, 23);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 40);

        request.dryRun = false;
        request.batch = 7;
        const Result<PurgeSummary> done = spin(retention.purgeAudit(request));
        QVERIFY(done.ok());
        QCOMPARE(done.value().removed, 23);
        QCOMPARE(done.value().batches, 4);
        QCOMPARE(done.value().largestBatch, 7);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 17);
        QCOMPARE(
            db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE at < %1").arg(cutoff)),
            0);
        // Tasks are not touched by an audit purge.
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 40);
    }

    void badBatchSizeIsAValidationError()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        RetentionService retention(db.pool());
        PurgeRequest request;
        request.batch = 0;
        const Result<PurgeSummary> summary = spin(retention.purgeFinishedTasks(request));
        QVERIFY(!summary.ok());
        QCOMPARE(summary.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(summary.error().fields.first().msg,
                 QStringLiteral("batch must be between 1 and 10000"));
    }

    void scheduleRunsAtOnceAndReportsBothKinds()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        RetentionService retention(db.pool());
        const EpochMs now = QDateTime::currentMSecsSinceEpoch();
        QList<Task> all;
        QMap<QString, qint64> byStatus;
        seed(service, now - 20 * kDay, 30, &all, &byStatus);
        // A 10-day schedule removes every finished task last changed more than 10 days ago
        // (all of the seed's finished tasks are older than that).
        qint64 expected = 0;
        for (const Task &task : all)
            expected += isFinished(task.status) && task.updatedAt < now - 10 * kDay ? 1 : 0;
        QCOMPARE(expected, 46);
        QSignalSpy finished(&retention, &RetentionService::scheduledPurgeFinished);
        RetentionService::Schedule schedule;
        schedule.finishedDays = 10;
        schedule.auditDays = 10;
        retention.startSchedule(schedule);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("tasks"));
        QCOMPARE(finished.at(0).at(1).value<PurgeSummary>().removed, expected);
        QCOMPARE(finished.at(0).at(2).toBool(), true);
        QVERIFY(finished.count() >= 2 || finished.wait(10000));
        QCOMPARE(finished.at(1).at(0).toString(), QStringLiteral("audit"));
        QCOMPARE(storedIds(db).size(), all.size() - expected);
        QCOMPARE(wait(service.metrics()).value(), scannedMetrics(db));
    }
};

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
