// The change feed (services/ChangeFeed) over the change log (services/ChangeLog, migration 006),
// on SQLite and PostgreSQL: order, numbering (log positions), exact task JSON, metrics.updated,
// replay, changes by plain SQL and by a second pool (another instance), writers that commit out
// of order, a killed LISTEN connection, restarts, retention and the gap beyond it.

#include "ApiJson.h"
#include "ChangeFeed.h"
#include "ChangeLog.h"
#include "ConnectionPool.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
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

/// Feed options for counting passes: no poll and no metrics row wake the feed during a test.
ChangeFeed::Options quietOptions()
{
    ChangeFeed::Options options;
    options.metricsIntervalMs = 60000;
    options.pollIntervalMs = 60000;
    return options;
}

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
        [&] {
            return feed.isReady() && feed.listenerState() == ChangeFeed::ListenerState::Connected;
        },
        10000);
}

} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private slots:
    void logWireFormEqualsTheApiWriter()
    {
        // The feed splices the logged payload into the message; it must be byte-equal to what
        // the API's writer makes of the same event.
        Task task;
        task.id = QUuid(QStringLiteral("{0b7e7dee-87f4-4a26-8f3c-6c6d2c3d9a01}"));
        task.title = QStringLiteral("Rotate \"keys\" \u00e9");
        task.category = QStringLiteral("ops");
        task.costE4 = 0;
        task.createdAt = task.updatedAt = 1700000000123;
        task.result = QJsonObject{{QStringLiteral("n"), 1.5}};
        ChangeEvent updated;
        updated.type = ChangeType::TaskUpdated;
        updated.seq = 42;
        updated.at = 1700000000456;
        updated.taskId = task.id;
        updated.task = task;
        changelog::Entry entry;
        entry.seq = 42;
        entry.op = QStringLiteral("updated");
        entry.taskId = task.id;
        entry.at = 1700000000456;
        entry.payload = json::toApiJson(json::taskToJson(task));
        QCOMPARE(changelog::wireForm(entry), json::toApiJson(json::changeEventToJson(updated)));
        QVERIFY(changelog::wireForm(entry).contains("\"cost\":0.0"));
        const std::optional<ChangeEvent> decoded = changelog::toEvent(entry);
        QVERIFY(decoded);
        QCOMPARE(*decoded->task, task);
        QCOMPARE(decoded->json, json::toApiJson(json::changeEventToJson(updated)));

        ChangeEvent deleted;
        deleted.type = ChangeType::TaskDeleted;
        deleted.seq = 43;
        deleted.at = 1700000000789;
        deleted.taskId = task.id;
        entry.seq = 43;
        entry.op = QStringLiteral("deleted");
        entry.at = 1700000000789;
        entry.payload.clear();
        QCOMPARE(changelog::wireForm(entry), json::toApiJson(json::changeEventToJson(deleted)));

        MetricsSnapshot metrics;
        metrics.byStatus[int(TaskStatus::Completed)] = 3;
        metrics.totalCostE4 = 15000;
        ChangeEvent totals;
        totals.type = ChangeType::MetricsUpdated;
        totals.seq = 44;
        totals.at = 1700000000999;
        totals.metrics = metrics;
        entry = changelog::Entry{};
        entry.seq = 44;
        entry.op = QStringLiteral("metrics");
        entry.at = 1700000000999;
        entry.payload = json::toApiJson(json::metricsToJson(metrics));
        QCOMPARE(changelog::wireForm(entry), json::toApiJson(json::changeEventToJson(totals)));

        entry.op = QStringLiteral("reset");
        QVERIFY(!changelog::toEvent(entry));
        entry.op = QStringLiteral("created");
        entry.payload = "not json";
        QVERIFY(!changelog::toEvent(entry));
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
        // Numbers are log positions: a fresh database starts at 1.
        QCOMPARE(start, quint64(0));

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
        QVERIFY(feed.since(last + 5, &complete).isEmpty()); // never in the log
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
        // The reset row's number is skipped: a gap before the next event.
        QCOMPARE(feed.lastSeq(), start + quint64(recorder.events.size()) + 1);
        QCOMPARE(recorder.taskEvents().size(), 0);
    }

    // --- Changes by anyone on the same database ----------------------------------------------

    void plainSqlChangesArrive()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
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
        // A statement that fails (NOT NULL) rolls back with its log row.
        QVERIFY(
            !db.execSql(QStringLiteral("UPDATE tasks SET title = NULL WHERE id = '%1'").arg(id)));
        QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks WHERE id = '%1'").arg(id)));

        QVERIFY(recorder.waitForTaskEvents(3));
        QTest::qWait(200); // nothing else may follow
        const QList<ChangeEvent> events = recorder.taskEvents();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0).type, ChangeType::TaskCreated);
        QCOMPARE(events.at(1).type, ChangeType::TaskUpdated);
        QVERIFY(events.at(1).task); // read back from the table: the trigger logs the id only
        QCOMPARE(events.at(1).task->title, QStringLiteral("renamed by psql"));
        QCOMPARE(events.at(1).task->version, 2);
        QCOMPARE(events.at(2).type, ChangeType::TaskDeleted);
        QCOMPARE(events.at(2).taskId, created.value().id);
    }

    void anotherInstanceAndLargeTasks()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
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

    void writersCommittingInReverseOrderSkipNothing()
    {
        // The rule (services/ChangeLog.h): positions are given by the sequencer to committed rows
        // only, in its own serialised transactions, so a row that commits late gets a later
        // position instead of being skipped by readers that already passed its id.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        ChangeFeed::Options options;
        options.metricsIntervalMs = 60000;
        options.pollIntervalMs = 20;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        const quint64 start = feed.lastSeq();
        // PostgreSQL: six writers open at once; SQLite has one writer at a time, so one.
        const int writers = db.isPostgres() ? 6 : 1;
        QList<QSqlDatabase> connections;
        QList<QUuid> ids;
        for (int i = 0; i < writers; ++i) {
            QSqlDatabase connection = db.openConnection(QStringLiteral("writer%1").arg(i));
            QVERIFY(connection.isOpen());
            QSqlQuery query(connection);
            QVERIFY(query.exec(db.isPostgres() ? QStringLiteral("BEGIN")
                                               : QStringLiteral("BEGIN IMMEDIATE")));
            const QUuid id = QUuid::createUuid();
            QVERIFY2(query.exec(QStringLiteral("INSERT INTO tasks (id, title, created_at, "
                                               "updated_at) VALUES ('%1', 'writer %2', 1, 1)")
                                    .arg(id.toString(QUuid::WithoutBraces))
                                    .arg(i)),
                     qPrintable(query.lastError().text()));
            connections << connection;
            ids << id;
        }
        // Append order is 0..5; commit in reverse. Each commit is published before the next
        // one, so the feed has read past the lower, still uncommitted ids every time.
        for (int i = writers - 1; i >= 0; --i) {
            QTest::qWait(60); // a few polls: nothing uncommitted may be published
            QCOMPARE(recorder.taskEvents().size(), qsizetype(writers - 1 - i));
            QSqlQuery commit(connections[i]);
            QVERIFY(commit.exec(QStringLiteral("COMMIT")));
            QVERIFY(recorder.waitForTaskEvents(writers - i));
        }
        const QList<ChangeEvent> events = recorder.taskEvents();
        QCOMPARE(events.size(), qsizetype(writers));
        for (int i = 0; i < writers; ++i) {
            QCOMPARE(events.at(i).taskId, ids.at(writers - 1 - i)); // commit order
            QCOMPARE(events.at(i).task->title, QStringLiteral("writer %1").arg(writers - 1 - i));
        }
        // Dense: every event's seq follows the previous one (nothing skipped, nothing lost to
        // the rolled-back writer below either).
        QSqlQuery rollback(connections[0]);
        QVERIFY(rollback.exec(db.isPostgres() ? QStringLiteral("BEGIN")
                                              : QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(
            rollback.exec(QStringLiteral("INSERT INTO tasks (id, title, created_at, updated_at) "
                                         "VALUES ('%1', 'never', 1, 1)")
                              .arg(QUuid::createUuid().toString(QUuid::WithoutBraces))));
        QVERIFY(rollback.exec(QStringLiteral("ROLLBACK")));
        TaskService service(db.pool());
        QVERIFY(wait(service.create(newTask(QStringLiteral("after")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(writers + 1));
        for (qsizetype i = 0; i < recorder.events.size(); ++i)
            QCOMPARE(recorder.events.at(i).seq, start + quint64(i + 1));
    }

    void writesWithinTheGapShareOnePass()
    {
        // Options::minPassGapMs: the first change after a quiet moment is published at once;
        // after a busy pass (here: any pass that read a row) the changes that follow within
        // the gap wait for one shared pass, and none is lost.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        ChangeFeed::Options options = quietOptions();
        options.minPassGapMs = 1500;
        options.busyPassRows = 1;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        TaskService service(db.pool());
        // Quiet: no pass during a whole gap (start-up wake-ups may have queued one).
        for (quint64 seen = ~quint64(0); seen != feed.passes();) {
            seen = feed.passes();
            QTest::qWait(options.minPassGapMs + 300);
        }
        const quint64 start = feed.lastSeq();

        QElapsedTimer first;
        first.start();
        QVERIFY(wait(service.create(newTask(QStringLiteral("gap 0")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(1, options.minPassGapMs - 100));
        QVERIFY2(first.elapsed() < options.minPassGapMs,
                 "the first change after a quiet moment waited for the gap");

        const quint64 passesBefore = feed.passes();
        for (int i = 1; i < 10; ++i)
            QVERIFY(wait(service.create(newTask(QStringLiteral("gap %1").arg(i)), operatorUser()))
                        .ok());
        QVERIFY(recorder.waitForTaskEvents(10, 10000));
        // Nine writes, one pass (two if the writes outlasted a gap on a slow machine).
        QVERIFY2(feed.passes() - passesBefore <= 2,
                 qPrintable(QStringLiteral("%1 passes").arg(feed.passes() - passesBefore)));
        const QList<ChangeEvent> events = recorder.taskEvents();
        QCOMPARE(events.size(), qsizetype(10));
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(events.at(i).type, ChangeType::TaskCreated);
            QCOMPARE(events.at(i).task->title, QStringLiteral("gap %1").arg(i));
        }
        // Dense (a metrics.updated may sit between the task events).
        for (qsizetype i = 0; i < recorder.events.size(); ++i)
            QCOMPARE(recorder.events.at(i).seq, start + quint64(i + 1));
    }

    void changesOneByOneAreNotHeldBack()
    {
        // Passes of fewer than Options::busyPassRows rows leave no gap: changes made one after
        // another, each waiting for its event, are each read at once (five writes here would
        // take 7.5 s if each waited for the gap).
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        ChangeFeed::Options options = quietOptions();
        options.minPassGapMs = 1500;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        TaskService service(db.pool());
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 5; ++i) {
            QVERIFY(wait(service.create(newTask(QStringLiteral("one %1").arg(i)), operatorUser()))
                        .ok());
            QVERIFY(recorder.waitForTaskEvents(i + 1, 5000));
        }
        QVERIFY2(elapsed.elapsed() < options.minPassGapMs,
                 qPrintable(QStringLiteral("%1 ms").arg(elapsed.elapsed())));
    }

    void ownNotificationsMakeNoExtraPass()
    {
        // The sequencer's NOTIFY reaches this instance's own listener too; the pass that
        // positioned those rows already published them, so the echo must not start another.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (LISTEN)");
        ChangeFeed::Options options = quietOptions();
        options.minPassGapMs = 0;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        Recorder recorder(&feed);
        TaskService service(db.pool());
        QTest::qWait(300);
        const quint64 passesBefore = feed.passes();
        QVERIFY(wait(service.create(newTask(QStringLiteral("echo")), operatorUser())).ok());
        QVERIFY(recorder.waitForTaskEvents(1));
        QTest::qWait(300); // the notification has arrived by now
        QCOMPARE(feed.passes() - passesBefore, quint64(1));
    }

    void listenerKilledDuringABurstLosesNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.reconnectDelayMs = 100;
        options.metricsIntervalMs = 60000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        // Another instance writes (its feed positions and NOTIFYs); this one only listens.
        ConnectionPool otherPool(db.config(), 2);
        TaskService other(&otherPool);
        ChangeFeed otherFeed(&otherPool, options);
        QVERIFY(waitListening(otherFeed));
        Recorder recorder(&feed);
        QSignalSpy resyncs(&feed, &ChangeFeed::resyncNeeded);
        const quint64 start = feed.lastSeq();
        QTest::qWait(1500); // the LISTEN connections have run their first "SELECT 1" check
        QList<QFuture<Result<Task>>> futures;
        for (int i = 0; i < 300; ++i) {
            futures << other.create(newTask(QStringLiteral("burst %1").arg(i)), operatorUser());
            if (i == 100 && db.isPostgres()) {
                // The LISTEN connections' last statement is their once-a-second "SELECT 1".
                QVariant killed;
                QVERIFY(db.scalar(
                    QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM "
                                   "pg_stat_activity WHERE datname = current_database() AND "
                                   "pid <> pg_backend_pid() AND (query = 'SELECT 1' OR "
                                   "query LIKE 'LISTEN %')"),
                    &killed));
                QVERIFY(killed.toInt() >= 1);
            }
        }
        for (auto &future : futures)
            QVERIFY(wait(future).ok());
        QVERIFY(recorder.waitForTaskEvents(300, 20000));
        QCOMPARE(recorder.taskEvents().size(), 300);
        QCOMPARE(resyncs.size(), 0); // no reload: the feed read what it missed
        for (qsizetype i = 0; i < recorder.events.size(); ++i)
            QCOMPARE(recorder.events.at(i).seq, start + quint64(i + 1));
        QVERIFY(QTest::qWaitFor(
            [&] { return feed.listenerState() == ChangeFeed::ListenerState::Connected; }, 10000));
    }

    void restartResumesFromTheLog()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        quint64 seen = 0;
        QList<QByteArray> before;
        {
            ChangeFeed feed(db.pool());
            QVERIFY(waitListening(feed));
            Recorder recorder(&feed);
            QVERIFY(wait(service.create(newTask(QStringLiteral("one")), operatorUser())).ok());
            QVERIFY(recorder.waitForTaskEvents(1));
            seen = recorder.events.last().seq;
            for (const ChangeEvent &event : recorder.events)
                before << event.json;
        }
        // Changes while no feed runs (the process is down).
        QList<Task> made;
        for (int i = 0; i < 3; ++i)
            made << wait(service.create(newTask(QStringLiteral("while down %1").arg(i)),
                                        operatorUser()))
                        .value();
        ChangeFeed restarted(db.pool());
        QVERIFY(waitListening(restarted));
        Recorder recorder(&restarted);
        // A client's since from before the restart: exactly what it missed.
        QVERIFY(QTest::qWaitFor([&] { return restarted.since(seen).size() >= 3; }, 5000));
        bool complete = false;
        const QList<ChangeEvent> missed = restarted.since(seen, &complete);
        QVERIFY(complete);
        for (qsizetype i = 0; i < missed.size(); ++i)
            QCOMPARE(missed.at(i).seq, seen + quint64(i + 1)); // no gap, no duplicate
        QList<QUuid> taskIds;
        for (const ChangeEvent &event : missed)
            if (event.isTaskEvent())
                taskIds << event.taskId;
        QCOMPARE(taskIds, (QList<QUuid>{made.at(0).id, made.at(1).id, made.at(2).id}));
        // The events before the restart are held too, byte for byte.
        const QList<ChangeEvent> all = restarted.since(0, &complete);
        QVERIFY(complete);
        for (qsizetype i = 0; i < before.size(); ++i)
            QCOMPARE(all.at(i).json, before.at(i));
    }

    void sameSequenceOnEveryInstance()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QVERIFY(db.pool()); // migrated
        ConnectionPool poolA(db.config(), 2);
        ConnectionPool poolB(db.config(), 2);
        TaskService serviceA(&poolA);
        TaskService serviceB(&poolB);
        ChangeFeed feedA(&poolA);
        ChangeFeed feedB(&poolB);
        QVERIFY(waitListening(feedA));
        QVERIFY(waitListening(feedB));
        for (int i = 0; i < 10; ++i) {
            TaskService &service = i % 2 ? serviceA : serviceB;
            QVERIFY(
                wait(service.create(newTask(QStringLiteral("x%1").arg(i)), operatorUser())).ok());
        }
        auto taskCount = [](const QList<ChangeEvent> &events) {
            return std::count_if(events.cbegin(), events.cend(),
                                 [](const ChangeEvent &e) { return e.isTaskEvent(); });
        };
        QVERIFY(QTest::qWaitFor([&] { return taskCount(feedA.since(0)) == 10; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return taskCount(feedB.since(0)) == 10; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return feedA.lastSeq() == feedB.lastSeq(); }, 5000));
        const QList<ChangeEvent> a = feedA.since(0);
        const QList<ChangeEvent> b = feedB.since(0);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).seq, b.at(i).seq);
            QCOMPARE(a.at(i).json, b.at(i).json); // resume on either instance: same stream
        }
    }

    void retentionPrunesAndOlderSinceIsAGap()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.logMaxRows = 5;
        options.pruneIntervalMs = 0; // every pass
        options.pruneBatch = 2;      // small batches, several statements
        options.metricsIntervalMs = 60000;
        {
            ChangeFeed feed(db.pool(), options);
            QVERIFY(waitListening(feed));
            Recorder recorder(&feed);
            for (int i = 0; i < 20; ++i)
                QVERIFY(wait(service.create(newTask(QStringLiteral("p%1").arg(i)), operatorUser()))
                            .ok());
            QVERIFY(recorder.waitForTaskEvents(20));
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return db.count(QStringLiteral(
                               "SELECT COUNT(*) FROM task_changes WHERE seq IS NOT NULL")) <= 6;
                },
                5000));
        }
        const qint64 first =
            db.count(QStringLiteral("SELECT MIN(seq) FROM task_changes WHERE seq IS NOT NULL"));
        const qint64 last = db.count(QStringLiteral("SELECT last_seq FROM change_log_head"));
        QVERIFY2(last - first <= 5, qPrintable(QStringLiteral("%1..%2").arg(first).arg(last)));
        // A new instance holds only what is retained: a since before it is a gap (reload).
        ChangeFeed restarted(db.pool(), options);
        QVERIFY(waitListening(restarted));
        bool complete = true;
        const QList<ChangeEvent> held = restarted.since(1, &complete);
        QVERIFY(!complete);
        QCOMPARE(held.first().seq, quint64(first));
        QCOMPARE(held.last().seq, quint64(last));
        QVERIFY(restarted.since(quint64(first) - 1, &complete).size() > 0);
        QVERIFY(complete);
    }

    void plainSqlBulkUpdateArrivesRowByRow()
    {
        // A psql UPDATE of many rows: one id-only log row each (one trigger run per statement),
        // every row an event, no resync.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 3000; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("bulk %1").arg(i);
            task.createdAt = task.updatedAt = 1700000000000 + i;
            tasks << task;
        }
        Principal importer{QUuid::createUuid(), QStringLiteral("import"), Role::Admin};
        QCOMPARE(wait(service.importTasks(tasks, {}, importer, nullptr)).value().imported, 3000);
        ChangeFeed::Options options;
        options.metricsIntervalMs = 60000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        // Everything the import logged is positioned and published before the UPDATE.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE seq IS "
                                               "NULL")) == 0 &&
                       qint64(feed.lastSeq()) ==
                           db.count(QStringLiteral("SELECT last_seq FROM change_log_head"));
            },
            20000));
        Recorder recorder(&feed);
        QSignalSpy resyncs(&feed, &ChangeFeed::resyncNeeded);
        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET priority = 3, version = version + 1")));
        QVERIFY(recorder.waitForTaskEvents(3000, 30000));
        QCOMPARE(resyncs.size(), 0);
        QSet<QUuid> seen;
        for (const ChangeEvent &event : recorder.taskEvents()) {
            QCOMPARE(event.type, ChangeType::TaskUpdated);
            QCOMPARE(event.task->priority, 3);
            QCOMPARE(event.task->version, 2);
            seen.insert(event.taskId);
        }
        QCOMPARE(seen.size(), 3000);

        // The feed positioned over 1,000 rows: it analyzed the log (changelog::refreshStatistics),
        // so the planner no longer takes it for the empty table it started as. Before, the
        // positioning update stayed a hash join over a sequential scan until autovacuum came.
        if (db.isPostgres()) {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return db.count(QStringLiteral(
                               "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = "
                               "'task_changes'")) >= 1;
                },
                10000));
            QVERIFY(db.count(QStringLiteral("SELECT reltuples::bigint FROM pg_class WHERE relname "
                                            "= 'task_changes'")) >= 1000);
        }
    }

    void readAfterSkipsAHoleLeftByRetention()
    {
        // Another instance's retention can remove positions this feed has not read yet. The
        // bounded read (after, after + limit] then finds nothing; it must read past the hole
        // (the feed reports the gap) instead of returning nothing for ever.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed::Options options;
        options.metricsIntervalMs = 600000;
        ChangeFeed feed(db.pool(), options);
        QVERIFY(waitListening(feed));
        for (int i = 0; i < 30; ++i)
            QVERIFY(
                wait(service.create(newTask(QStringLiteral("h%1").arg(i)), operatorUser())).ok());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE seq IS "
                                               "NULL")) == 0 &&
                       db.count(QStringLiteral("SELECT COUNT(*) FROM task_changes WHERE op = "
                                               "'created'")) == 30;
            },
            10000));
        const qint64 first =
            db.count(QStringLiteral("SELECT MIN(seq) FROM task_changes WHERE op = 'created'"));
        QVERIFY(db.execSql(QStringLiteral("DELETE FROM task_changes WHERE seq > %1 AND seq <= %2")
                               .arg(first + 4)
                               .arg(first + 19)));
        const auto read =
            wait(db.pool()->run<QList<changelog::Entry>>([first](QSqlDatabase &connection) {
                return changelog::readAfter(connection, quint64(first + 4), 10);
            }));
        QVERIFY(read.ok());
        QCOMPARE(read.value().size(), 10);
        QCOMPARE(qint64(read.value().first().seq), first + 20);
        QCOMPARE(qint64(read.value().last().seq), first + 29);
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
