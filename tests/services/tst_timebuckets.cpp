// Maintained time buckets (issue 9 item 3, migration 013) on SQLite and PostgreSQL: after random
// changes by the application and by plain SQL (inserts, deletes, updates that move created_at,
// completed_at, started_at, status and cost, one row or many per statement), the series read from
// the buckets equals the series grouped from tasks (TaskRepository::timeseriesScan) for minute,
// hour and day buckets over aligned and unaligned ranges, also across the epoch and after the
// PostgreSQL delta log is folded.
#include "TaskRepository.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

constexpr EpochMs kHour = 3'600'000;
constexpr EpochMs kDay = 24 * kHour;
constexpr EpochMs kT0 = 1'767'225'600'000; // 2026-01-01T00:00:00Z

const QStringList &statuses()
{
    static const QStringList names{QStringLiteral("pending"), QStringLiteral("in_progress"),
                                   QStringLiteral("completed"), QStringLiteral("failed"),
                                   QStringLiteral("cancelled")};
    return names;
}

QString describe(const Timeseries &series)
{
    QStringList parts;
    for (const TimeseriesPoint &p : series.points)
        parts << QStringLiteral("%1:%2/%3/%4/%5/%6/%7")
                     .arg(p.start)
                     .arg(p.created)
                     .arg(p.completed)
                     .arg(p.failed)
                     .arg(p.costE4)
                     .arg(p.completedExecutionMsSum)
                     .arg(p.completedExecutionCount);
    return parts.join(QLatin1Char(' '));
}

class Fixture
{
public:
    Fixture(TestDatabase &db, quint32 seed) : m_db(db), m_random(seed) {}

    QString idLiteral(const QString &id) const
    {
        return m_db.isPostgres() ? QStringLiteral("CAST('%1' AS uuid)").arg(id)
                                 : QStringLiteral("'%1'").arg(id);
    }
    QString nullable(std::optional<EpochMs> value) const
    {
        return value ? QString::number(*value) : QStringLiteral("NULL");
    }
    /// A time in [origin - span/2, origin + span).
    EpochMs randomTime(EpochMs origin, EpochMs span)
    {
        return origin - span / 2 + qint64(m_random.bounded(quint64(span + span / 2)));
    }
    struct Times
    {
        QString status;
        EpochMs created = 0;
        std::optional<EpochMs> started;
        std::optional<EpochMs> completed;
        qint64 cost = 0;
    };
    Times randomTimes(EpochMs origin, EpochMs span)
    {
        Times t;
        t.status = statuses().at(int(m_random.bounded(5)));
        t.created = randomTime(origin, span);
        if (m_random.bounded(4) != 0)
            t.started = t.created + qint64(m_random.bounded(quint64(2 * kHour)));
        if (m_random.bounded(3) != 0)
            t.completed = t.created + qint64(m_random.bounded(quint64(kDay)));
        t.cost = qint64(m_random.bounded(100000));
        return t;
    }
    bool insertPlain(EpochMs origin, EpochMs span)
    {
        const Times t = randomTimes(origin, span);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_ids << id;
        return m_db.execSql(
            QStringLiteral(
                "INSERT INTO tasks (id, title, status, cost_e4, created_at, updated_at, "
                "started_at, completed_at) VALUES (%1, 'plain', '%2', %3, %4, %4, %5, %6)")
                .arg(idLiteral(id), t.status)
                .arg(t.cost)
                .arg(t.created)
                .arg(nullable(t.started), nullable(t.completed)));
    }
    bool updatePlain(EpochMs origin, EpochMs span)
    {
        if (m_ids.isEmpty())
            return true;
        const QString id = m_ids.at(int(m_random.bounded(quint32(m_ids.size()))));
        const Times t = randomTimes(origin, span);
        QString set;
        switch (m_random.bounded(5)) {
        case 0:
            set = QStringLiteral("created_at = %1").arg(t.created);
            break;
        case 1:
            set = QStringLiteral("completed_at = %1").arg(nullable(t.completed));
            break;
        case 2:
            set = QStringLiteral("status = '%1'").arg(t.status);
            break;
        case 3:
            set = QStringLiteral("cost_e4 = %1, started_at = %2")
                      .arg(t.cost)
                      .arg(nullable(t.started));
            break;
        default:
            set =
                QStringLiteral("status = '%1', created_at = %2, started_at = %3, completed_at = %4")
                    .arg(t.status)
                    .arg(t.created)
                    .arg(nullable(t.started), nullable(t.completed));
        }
        return m_db.execSql(
            QStringLiteral("UPDATE tasks SET %1 WHERE id = %2").arg(set, idLiteral(id)));
    }
    bool deletePlain()
    {
        if (m_ids.isEmpty())
            return true;
        const QString id = m_ids.takeAt(int(m_random.bounded(quint32(m_ids.size()))));
        return m_db.execSql(QStringLiteral("DELETE FROM tasks WHERE id = %1").arg(idLiteral(id)));
    }
    QList<Task> appTasks(int n, EpochMs origin, EpochMs span)
    {
        QList<Task> tasks;
        for (int i = 0; i < n; ++i) {
            const Times t = randomTimes(origin, span);
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("app %1").arg(i);
            task.status = *statusFromName(t.status);
            task.createdAt = t.created;
            task.updatedAt = t.created;
            task.startedAt = t.started;
            task.completedAt = t.completed;
            task.costE4 = t.cost;
            tasks << task;
            m_ids << task.id.toString(QUuid::WithoutBraces);
        }
        return tasks;
    }
    QRandomGenerator &random() { return m_random; }
    const QStringList &ids() const { return m_ids; }

private:
    TestDatabase &m_db;
    QRandomGenerator m_random;
    QStringList m_ids;
};

/// Compares the maintained series with the scan for every bucket width over `ranges`.
void compareAll(ConnectionPool *pool, const QList<std::pair<EpochMs, EpochMs>> &ranges)
{
    for (TimeBucket bucket : {TimeBucket::Minute, TimeBucket::Hour, TimeBucket::Day}) {
        for (const auto &range : ranges) {
            // Plain locals, not structured bindings: clang 14 (the sanitizer and fuzz builds)
            // cannot capture those in a lambda (C++20 P1091, clang 16).
            const EpochMs from = range.first;
            const EpochMs to = range.second;
            if (bucketCount(bucket, from, to) > kMaxTimeseriesBuckets)
                continue;
            const Result<Timeseries> stored = wait(pool->run<Timeseries>([=](QSqlDatabase &db) {
                return TaskRepository::timeseries(db, bucket, from, to);
            }));
            const Result<Timeseries> scanned = wait(pool->run<Timeseries>([=](QSqlDatabase &db) {
                return TaskRepository::timeseriesScan(db, bucket, from, to);
            }));
            QVERIFY(stored.ok());
            QVERIFY(scanned.ok());
            if (stored.value().points != scanned.value().points)
                QFAIL(qPrintable(QStringLiteral("%1 [%2, %3):\nbuckets %4\nscan    %5")
                                     .arg(bucketName(bucket))
                                     .arg(from)
                                     .arg(to)
                                     .arg(describe(stored.value()), describe(scanned.value()))));
        }
    }
}

} // namespace

class TestTimeBuckets : public QObject
{
    Q_OBJECT

private slots:
    void bucketsEqualScanAfterRandomChanges()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        Fixture fixture(db, 20261206);
        // Tasks around 2026-01-01 (3 days) and around the epoch (negative times too).
        const QList<Task> tasks = fixture.appTasks(300, kT0, 3 * kDay);
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, tasks, {}, {});
        }));
        QVERIFY(written.ok());
        for (int i = 0; i < 40; ++i)
            QVERIFY(fixture.insertPlain(0, 2 * kDay));

        QList<std::pair<EpochMs, EpochMs>> ranges{
            {kT0 - 2 * kDay, kT0 + 4 * kDay},         // aligned days
            {kT0 - 2 * kDay + 1, kT0 + 4 * kDay - 1}, // one millisecond inside
            {kT0 + 5 * kHour + 123, kT0 + 30 * kHour + 60'001},
            {kT0 + 17 * 60'000 + 7, kT0 + 17 * 60'000 + 59'000}, // within one minute
            {-kDay - 3 * kHour - 5, kDay + 7 * 60'000 + 11},     // across the epoch
        };
        for (int i = 0; i < 6; ++i) {
            const EpochMs from = fixture.randomTime(kT0, 2 * kDay);
            ranges.append({from, from + 1 + qint64(fixture.random().bounded(quint64(3 * kDay)))});
        }
        compareAll(db.pool(), ranges);

        for (int round = 0; round < 4; ++round) {
            // Plain SQL: one row per statement and many per statement.
            for (int i = 0; i < 25; ++i) {
                QVERIFY(fixture.updatePlain(round % 2 ? kT0 : 0, 2 * kDay));
                if (i % 5 == 0)
                    QVERIFY(fixture.deletePlain());
                if (i % 4 == 0)
                    QVERIFY(fixture.insertPlain(kT0, 2 * kDay));
            }
            QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET cost_e4 = cost_e4 + 7 "
                                              "WHERE status = 'failed'")));
            QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET created_at = created_at + %1, "
                                              "completed_at = completed_at - 1 WHERE priority = 1 "
                                              "AND title LIKE 'app 1%'")
                                   .arg(kHour + round)));
            QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks WHERE title LIKE 'app %15'")));
            // The application: a status change (started/completed now), a cost change, deletes.
            const QUuid id = QUuid::fromString(fixture.ids().at(int(fixture.random().bounded(
                quint32(std::min<qsizetype>(300, fixture.ids().size()))))));
            TaskPatch patch;
            patch.costE4 = 4242 + round;
            wait(service.update(id, patch, std::nullopt, test::operatorUser())); // may be gone
            TaskFilter pendingOnly;
            pendingOnly.statuses = {TaskStatus::Pending};
            const Result<TaskPage> pending = wait(service.list(pendingOnly, 0, 3));
            QVERIFY(pending.ok());
            for (const Task &task : pending.value().tasks) {
                TaskPatch start;
                start.status = TaskStatus::InProgress;
                QVERIFY(
                    wait(service.update(task.id, start, std::nullopt, test::operatorUser())).ok());
                TaskPatch finish;
                finish.status = round % 2 ? TaskStatus::Completed : TaskStatus::Failed;
                QVERIFY(
                    wait(service.update(task.id, finish, std::nullopt, test::operatorUser())).ok());
            }
            const QList<Task> more = fixture.appTasks(20, kT0, 2 * kDay);
            const Result<qint64> added = wait(db.pool()->run<qint64>([more](QSqlDatabase &sql) {
                return TaskRepository::importTasks(sql, more, {}, {});
            }));
            QVERIFY(added.ok());
            if (round == 2) // PostgreSQL: fold the delta logs; SQLite: nothing to do
                QVERIFY(wait(db.pool()->run<qint64>([](QSqlDatabase &sql) {
                            return TaskRepository::compactStats(sql);
                        })).ok());
            const EpochMs now = QDateTime::currentMSecsSinceEpoch();
            QList<std::pair<EpochMs, EpochMs>> withNow = ranges;
            withNow.append({now - 2 * kHour - 17, now + kHour});
            compareAll(db.pool(), withNow);
        }
        // Everything deleted: every bucket is zero again.
        QVERIFY(db.execSql(QStringLiteral("DELETE FROM tasks")));
        compareAll(db.pool(), ranges);
        QCOMPARE(db.count(QStringLiteral(
                     "SELECT COUNT(*) FROM (SELECT width, start FROM task_series_current "
                     "GROUP BY width, start HAVING SUM(created) <> 0 OR SUM(completed) <> 0 OR "
                     "SUM(failed) <> 0 OR SUM(cost_e4) <> 0 OR SUM(exec_ms_sum) <> 0 OR "
                     "SUM(exec_count) <> 0) AS s")),
                 0);
    }

    /// PostgreSQL TRUNCATE empties the buckets too.
    void truncateEmptiesBuckets()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (TRUNCATE trigger)");
        QVERIFY(db.pool()); // migrated
        Fixture fixture(db, 7);
        for (int i = 0; i < 5; ++i)
            QVERIFY(fixture.insertPlain(kT0, kDay));
        QVERIFY(db.count(QStringLiteral("SELECT COUNT(*) FROM task_series_current")) > 0);
        QVERIFY(db.execSql(QStringLiteral("TRUNCATE tasks")));
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM task_series_current")), 0);
    }
};

QTEST_GUILESS_MAIN(TestTimeBuckets)
#include "tst_timebuckets.moc"
