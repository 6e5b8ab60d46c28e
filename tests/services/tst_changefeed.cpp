// The change feed (services/ChangeFeed) on SQLite (in-process) and PostgreSQL (NOTIFY/LISTEN):
// order, numbering, exact task JSON, metrics.updated, replay, changes by plain SQL and by a
// second pool (another instance), payloads over the NOTIFY limit, rollbacks, reconnects.

#include "ApiJson.h"
#include "ChangeFeed.h"
#include "ChangeNotification.h"
#include "ConnectionPool.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

/// Collects everything a feed publishes, in order.
struct Recorder
{
    explicit Recorder(ChangeFeed *feed)
    {
        QObject::connect(feed, &ChangeFeed::published, &context,
                         [this](const QList<ChangeEvent> &batch) { events.append(batch); });
    }
    QList<ChangeEvent> taskEvents() const
    {
        QList<ChangeEvent> out;
        for (const ChangeEvent &event : events)
            if (event.isTaskEvent())
                out.append(event);
        return out;
    }
    /// Waits until `count` task events arrived (or `ms` passed).
    bool waitForTaskEvents(qsizetype count, int ms = 5000)
    {
        return QTest::qWaitFor([&] { return taskEvents().size() >= count; }, ms);
    }
    std::optional<MetricsSnapshot> lastMetrics() const
    {
        for (qsizetype i = events.size() - 1; i >= 0; --i)
            if (events.at(i).type == ChangeType::MetricsUpdated)
                return events.at(i).metrics;
        return std::nullopt;
    }
    QObject context;
    QList<ChangeEvent> events;
};

NewTask newTask(const QString &title)
{
    NewTask task;
    task.title = title;
    task.category = QStringLiteral("ops");
    task.costE4 = 12345;
    return task;
}

bool waitListening(ChangeFeed &feed)
{
    return QTest::qWaitFor(
        [&] { return feed.listenerState() == ChangeFeed::ListenerState::Connected; }, 10000);
}

} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private slots:
    void encodesAndDecodesNotifications()
    {
        Task task;
        task.id = QUuid::createUuid();
        task.title = QStringLiteral("Caf\u00e9 \u2603");
        task.description = QStringLiteral("d");
        task.category = std::nullopt;
        task.status = TaskStatus::Completed;
        task.priority = 3;
        task.costE4 = 10001;
        task.result = QJsonObject{{QStringLiteral("ok"), true}};
        task.createdBy = QStringLiteral("ana");
        task.createdAt = 1700000000123;
        task.updatedAt = 1700000005000;
        task.startedAt = 1700000001000;
        task.completedAt = 1700000004500;
        task.version = 4;
        ChangeEvent event;
        event.type = ChangeType::TaskUpdated;
        event.taskId = task.id;
        event.at = 1700000005000;
        event.task = task;
        const std::optional<ChangeEvent> back =
            changes::decodeNotification(changes::encodeNotification(event));
        QVERIFY(back);
        QCOMPARE(back->type, ChangeType::TaskUpdated);
        QCOMPARE(back->taskId, task.id);
        QCOMPARE(back->at, 1700000005000);
        QVERIFY(back->task);
        QCOMPARE(*back->task, task);

        // Over PostgreSQL's limit: the id alone.
        task.description = QString(9000, QLatin1Char('x'));
        event.task = task;
        const QByteArray big = changes::encodeNotification(event);
        QVERIFY(big.size() <= changes::kMaxPayloadBytes);
        const std::optional<ChangeEvent> idOnly = changes::decodeNotification(big);
        QVERIFY(idOnly);
        QVERIFY(!idOnly->task);
        QCOMPARE(idOnly->taskId, task.id);

        // What the migration-005 trigger sends.
        const std::optional<ChangeEvent> fromTrigger = changes::decodeNotification(
            QByteArray("{\"op\" : \"deleted\", \"id\" : \"") +
            task.id.toString(QUuid::WithoutBraces).toLatin1() + "\", \"at\" : 1700000009999}");
        QVERIFY(fromTrigger);
        QCOMPARE(fromTrigger->type, ChangeType::TaskDeleted);
        QCOMPARE(fromTrigger->at, 1700000009999);
        QVERIFY(!changes::decodeNotification("NOTIFY by someone else"));
        QVERIFY(!changes::decodeNotification("{\"op\":\"renamed\",\"id\":\"x\",\"at\":1}"));
    }

    void eventWireForm()
    {
        ChangeEvent deleted;
        deleted.type = ChangeType::TaskDeleted;
        deleted.seq = 7;
        deleted.at = 0;
        deleted.taskId = QUuid(QStringLiteral("{0b7e7dee-87f4-4a26-8f3c-6c6d2c3d9a01}"));
        QCOMPARE(
            json::toApiJson(json::changeEventToJson(deleted)),
            QByteArray("{\"at\":\"1970-01-01T00:00:00.000Z\",\"seq\":7,\"task\":{\"id\":"
                       "\"0b7e7dee-87f4-4a26-8f3c-6c6d2c3d9a01\"},\"type\":\"task.deleted\"}"));
    }

    void mutationsArriveInOrderWithExactJson()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const quint64 start = feed.lastSeq();
        // Numbers follow the start time, so they keep increasing across restarts.
        QVERIFY(start >= quint64(QDateTime::currentMSecsSinceEpoch() - 60000) * 1000);

        const Result<Task> created =
            wait(service.create(newTask(QStringLiteral("one")), operatorUser()));
        QVERIFY(created.ok());
        TaskPatch patch;
        patch.status = TaskStatus::InProgress;
        const Result<Task> updated =
            wait(service.update(created.value().id, patch, std::nullopt, operatorUser()));
        QVERIFY(updated.ok());
        // A no-op patch changes nothing and announces nothing.
        QVERIFY(wait(service.update(created.value().id, TaskPatch{}, std::nullopt, operatorUser()))
                    .ok());
        QVERIFY(wait(service.remove(created.value().id, operatorUser())).ok());

        QVERIFY(recorder.waitForTaskEvents(3));
        const QList<ChangeEvent> events = recorder.taskEvents();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0).type, ChangeType::TaskCreated);
        QCOMPARE(*events.at(0).task, created.value());
        QCOMPARE(events.at(0).at, created.value().createdAt);
        QCOMPARE(events.at(1).type, ChangeType::TaskUpdated);
        QCOMPARE(*events.at(1).task, updated.value());
        QCOMPARE(events.at(2).type, ChangeType::TaskDeleted);
        QCOMPARE(events.at(2).taskId, created.value().id);
        QVERIFY(!events.at(2).task);

        QJsonObject expected = json::changeEventToJson(events.at(1));
        QCOMPARE(expected.value(QStringLiteral("task")).toObject(),
                 json::taskToJson(updated.value()));
        QCOMPARE(events.at(1).json, json::toApiJson(expected));

        // Numbering: consecutive over every event, metrics.updated included.
        QVERIFY(QTest::qWaitFor([&] { return recorder.lastMetrics().has_value(); }, 5000));
        for (qsizetype i = 0; i < recorder.events.size(); ++i)
            QCOMPARE(recorder.events.at(i).seq, start + quint64(i + 1));
        QCOMPARE(feed.lastSeq(), recorder.events.last().seq);

        // The last metrics.updated equals the totals once everything settled (0 tasks).
        QVERIFY(QTest::qWaitFor(
            [&] { return recorder.lastMetrics() && recorder.lastMetrics()->total() == 0; }, 5000));
        QCOMPARE(*recorder.lastMetrics(), wait(service.metrics()).value());
    }

    void metricsUpdatedCarriesTheTotals()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 50;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        for (int i = 0; i < 5; ++i)
            QVERIFY(
                wait(service.create(newTask(QStringLiteral("t%1").arg(i)), operatorUser())).ok());
        QVERIFY(QTest::qWaitFor(
            [&] { return recorder.lastMetrics() && recorder.lastMetrics()->total() == 5; }, 5000));
        const MetricsSnapshot metrics = *recorder.lastMetrics();
        QCOMPARE(metrics.count(TaskStatus::Pending), 5);
        QCOMPARE(metrics.byCategory.value(QStringLiteral("ops")), 5);
        QCOMPARE(metrics.totalCostE4, 5 * 12345);
        const QJsonObject wire = json::changeEventToJson(recorder.events.last());
        QCOMPARE(wire.value(QStringLiteral("type")).toString(), QStringLiteral("metrics.updated"));
        QCOMPARE(wire.value(QStringLiteral("metrics")).toObject(), json::metricsToJson(metrics));
        // The same text as GET /api/metrics: floats keep their decimal point (0.0, not 0).
        QVERIFY(recorder.events.last().json.contains("\"success_rate\":0.0"));
        QVERIFY(recorder.events.last().json.contains("\"total_cost\":6.1725"));
    }

    void replaysFromABoundedBuffer()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.bufferCapacity = 4;
        options.metricsIntervalMs = 60000; // one metrics.updated at most during this test
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const quint64 start = feed.lastSeq();
        QList<QUuid> ids;
        for (int i = 0; i < 6; ++i) {
            const Result<Task> task =
                wait(service.create(newTask(QStringLiteral("r%1").arg(i)), operatorUser()));
            QVERIFY(task.ok());
            ids << task.value().id;
        }
        QVERIFY(recorder.waitForTaskEvents(6));
        QVERIFY(QTest::qWaitFor([&] { return recorder.lastMetrics().has_value(); }, 5000));
        const quint64 last = feed.lastSeq();
        QCOMPARE(last - start, quint64(7)); // 6 tasks + 1 metrics.updated

        bool complete = false;
        const QList<ChangeEvent> tail = feed.since(last - 2, &complete);
        QVERIFY(complete);
        QCOMPARE(tail.size(), 2);
        QCOMPARE(tail.at(0).seq, last - 1);
        QCOMPARE(tail.at(1).seq, last);
        QCOMPARE(tail.at(1).json, recorder.events.last().json);

        // Older than the buffer: what is left, marked incomplete.
        const QList<ChangeEvent> old = feed.since(start, &complete);
        QVERIFY(!complete);
        QCOMPARE(old.size(), 4);
        QCOMPARE(old.first().seq, last - 3);

        QVERIFY(feed.since(last, &complete).isEmpty());
        QVERIFY(complete);
        QVERIFY(feed.since(last + 5, &complete).isEmpty()); // ahead of this run (clock went back)
        QVERIFY(!complete);
        // A client of an earlier run of the process: older than the buffer, a gap.
        QCOMPARE(feed.since(start - 1000, &complete).size(), 4);
        QVERIFY(!complete);
    }

    void bufferIsBoundedInBytes()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.bufferBytes = 20000;
        options.metricsIntervalMs = 60000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const quint64 start = feed.lastSeq();
        for (int i = 0; i < 10; ++i) {
            NewTask big = newTask(QStringLiteral("big %1").arg(i));
            big.description = QString(5000, QLatin1Char('x')); // ~5.3 KB of JSON per event
            QVERIFY(wait(service.create(big, operatorUser())).ok());
        }
        QVERIFY(recorder.waitForTaskEvents(10));
        QVERIFY(QTest::qWaitFor([&] { return recorder.lastMetrics().has_value(); }, 5000));
        bool complete = true;
        const QList<ChangeEvent> held = feed.since(start, &complete);
        QVERIFY(!complete); // the oldest ones left to respect the byte bound
        qsizetype bytes = 0;
        for (const ChangeEvent &event : held) {
            bytes += event.json.size();
            QVERIFY(!event.task); // kept as wire form only
        }
        QVERIFY2(bytes <= 20000, qPrintable(QString::number(bytes)));
        QVERIFY(held.size() >= 3);
        QCOMPARE(held.last().seq, feed.lastSeq());
        QCOMPARE(held.last().json, recorder.events.last().json);
        // Paged reads: at most maxEvents, from the cursor on.
        const QList<ChangeEvent> page = feed.since(held.first().seq, 2, &complete);
        QVERIFY(complete);
        QCOMPARE(page.size(), 2);
        QCOMPARE(page.at(0).seq, held.at(1).seq);
        QCOMPARE(page.at(1).seq, held.at(2).seq);
    }

    void importAnnouncesEveryRow()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        QList<Task> tasks;
        for (int i = 0; i < 3; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("imported %1").arg(i);
            task.createdAt = task.updatedAt = 1700000000000 + i;
            tasks << task;
        }
        Principal importer{QUuid::createUuid(), QStringLiteral("import"), Role::Admin};
        const Result<ImportSummary> summary =
            wait(service.importTasks(tasks, {2, 3, 4}, importer, nullptr));
        QVERIFY(summary.ok());
        QCOMPARE(summary.value().imported, 3);
        QVERIFY(recorder.waitForTaskEvents(3));
        QHash<QUuid, QString> titles;
        for (const Task &task : tasks)
            titles.insert(task.id, task.title);
        QSet<QUuid> seen;
        for (const ChangeEvent &event : recorder.taskEvents()) {
            QCOMPARE(event.type, ChangeType::TaskCreated);
            QVERIFY(event.task);
            QCOMPARE(event.task->id, event.taskId);
            QCOMPARE(event.task->title, titles.value(event.taskId));
            QCOMPARE(event.task->createdBy, QStringLiteral("import"));
            seen.insert(event.taskId);
        }
        QCOMPARE(seen.size(), 3);
    }

    void concurrentUpdatesArriveInVersionOrder()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 60000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const Result<Task> created =
            wait(service.create(newTask(QStringLiteral("contended")), operatorUser()));
        QVERIFY(created.ok());
        // 40 patches of one task from the pool's 4 threads at once: each commits a new version.
        QList<QFuture<Result<Task>>> futures;
        for (int i = 0; i < 40; ++i) {
            TaskPatch patch;
            patch.priority = i % 4;
            patch.title = QStringLiteral("v%1").arg(i);
            futures << service.update(created.value().id, patch, std::nullopt, operatorUser());
        }
        for (auto &future : futures)
            QVERIFY(wait(future).ok());
        QVERIFY(recorder.waitForTaskEvents(41));
        int version = 0;
        for (const ChangeEvent &event : recorder.taskEvents()) {
            QVERIFY2(
                event.task->version > version,
                qPrintable(QStringLiteral("v%1 after v%2").arg(event.task->version).arg(version)));
            version = event.task->version;
        }
        QCOMPARE(version, 41);
    }

    void largeImportIsOneResync()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 50;
        options.maxBacklog = 1000; // PostgreSQL: 10,001 id-only notifications exceed it
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        QSignalSpy resyncs(&feed, &ChangeFeed::resyncNeeded);
        const quint64 start = feed.lastSeq();
        QList<Task> tasks;
        QList<int> lines;
        for (int i = 0; i < 10001; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("bulk %1").arg(i);
            task.createdAt = task.updatedAt = 1700000000000 + i;
            tasks << task;
            lines << i + 2;
        }
        Principal importer{QUuid::createUuid(), QStringLiteral("import"), Role::Admin};
        QCOMPARE(wait(service.importTasks(tasks, lines, importer, nullptr)).value().imported,
                 10001);
        QVERIFY(QTest::qWaitFor([&] { return resyncs.size() >= 1; }, 10000));
        QVERIFY(QTest::qWaitFor(
            [&] { return recorder.lastMetrics() && recorder.lastMetrics()->total() == 10001; },
            10000));
        QVERIFY(recorder.taskEvents().size() < 10001); // not every row
        // The skipped number is where the resync happened: a gap before the next event.
        QVERIFY(feed.lastSeq() > start + quint64(recorder.events.size()));
    }

    // --- PostgreSQL: changes by anyone on the same database ----------------------------------

    void plainSqlChangesArrive()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("SQLite's feed is in-process: plain SQL from other processes is not seen");
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const Result<Task> created =
            wait(service.create(newTask(QStringLiteral("sql")), operatorUser()));
        QVERIFY(created.ok());
        const QString id = created.value().id.toString(QUuid::WithoutBraces);

        // As psql would: an UPDATE, a rolled-back UPDATE, a DELETE.
        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET title = 'renamed by psql', version = "
                                          "version + 1 WHERE id = '%1'")
                               .arg(id)));
        QVERIFY(recorder.waitForTaskEvents(2));
        QVERIFY(db.execSql(QStringLiteral("DO $$ BEGIN UPDATE tasks SET title = 'never' WHERE id = "
                                          "'%1'; RAISE EXCEPTION 'roll back'; END $$")
                               .arg(id)) == false);
        QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks WHERE id = '%1'").arg(id)));

        QVERIFY(recorder.waitForTaskEvents(3));
        QTest::qWait(200); // nothing else may follow
        const QList<ChangeEvent> events = recorder.taskEvents();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0).type, ChangeType::TaskCreated);
        QCOMPARE(events.at(1).type, ChangeType::TaskUpdated);
        QVERIFY(events.at(1).task); // read back from the table: the trigger sends the id only
        QCOMPARE(events.at(1).task->title, QStringLiteral("renamed by psql"));
        QCOMPARE(events.at(1).task->version, 2);
        QCOMPARE(events.at(2).type, ChangeType::TaskDeleted);
        QCOMPARE(events.at(2).taskId, created.value().id);
    }

    void anotherInstanceAndLargeTasks()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only: two pools are two instances");
        ConnectionPool other(db.config(), 2); // instance A; db.pool() is instance B
        TaskService serviceA(&other);
        ChangeFeed feedB(db.pool());
        QVERIFY(waitListening(feedB));
        Recorder recorder(&feedB);

        NewTask big = newTask(QStringLiteral("large"));
        big.description = QString(kDescriptionMaxLength, QChar(0x00e9)); // 20,000 UTF-8 bytes
        const Result<Task> large = wait(serviceA.create(big, operatorUser()));
        QVERIFY(large.ok());
        const Result<Task> small =
            wait(serviceA.create(newTask(QStringLiteral("small")), operatorUser()));
        QVERIFY(small.ok());
        QVERIFY(recorder.waitForTaskEvents(2));
        const QList<ChangeEvent> events = recorder.taskEvents();
        // Order is commit order even though the first one had to be read back.
        QCOMPARE(*events.at(0).task, large.value());
        QCOMPARE(*events.at(1).task, small.value());
    }

    void listenerReconnectsAndSkipsASequenceNumber()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only");
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.reconnectDelayMs = 100;
        options.metricsIntervalMs = 60000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        QSignalSpy states(&feed, &ChangeFeed::listenerStateChanged);
        QSignalSpy resyncs(&feed, &ChangeFeed::resyncNeeded);
        QVERIFY(wait(service.create(newTask(QStringLiteral("before")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(1));
        QVERIFY(QTest::qWaitFor([&] { return recorder.lastMetrics().has_value(); }, 5000));
        const quint64 before = feed.lastSeq();

        // The listener's last statement is its once-a-second "SELECT 1" check.
        QTest::qWait(1500);
        QVariant killed;
        QVERIFY(db.scalar(
            QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND pid <> pg_backend_pid() AND "
                           "query = 'SELECT 1'"),
            &killed));
        QVERIFY(killed.toInt() >= 1);
        QVERIFY(QTest::qWaitFor([&] { return resyncs.size() == 1; }, 10000));
        QCOMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        QVERIFY(states.size() >= 2);
        QCOMPARE(states.at(0).at(0).value<ChangeFeed::ListenerState>(),
                 ChangeFeed::ListenerState::Reconnecting);
        QCOMPARE(states.last().at(0).value<ChangeFeed::ListenerState>(),
                 ChangeFeed::ListenerState::Connected);

        // Right after the gap a metrics.updated, although the totals did not change: a
        // WebSocket client learns of a gap only from the next seq it receives.
        QVERIFY(QTest::qWaitFor([&] { return recorder.events.last().seq == before + 2; }, 5000));
        QCOMPARE(recorder.events.last().type, ChangeType::MetricsUpdated); // before + 1 skipped

        QVERIFY(wait(service.create(newTask(QStringLiteral("after")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(2));
        QCOMPARE(recorder.taskEvents().last().seq, before + 3);
    }

    void truncateIsAResync()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (TRUNCATE trigger)");
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 50;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        QSignalSpy resyncs(&feed, &ChangeFeed::resyncNeeded);
        QVERIFY(wait(service.create(newTask(QStringLiteral("gone soon")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(1));
        QVERIFY(db.execSql(QStringLiteral("TRUNCATE tasks")));
        QVERIFY(QTest::qWaitFor([&] { return resyncs.size() == 1; }, 5000));
        QVERIFY(QTest::qWaitFor(
            [&] { return recorder.lastMetrics() && recorder.lastMetrics()->total() == 0; }, 5000));
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"
