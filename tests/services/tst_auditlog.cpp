// audit::appendAudit / audit::listAudit (migration 003_audit): exact round trip of entries,
// newest first with ties by id, every filter, paging and its validation.
#include "AuditJson.h"
#include "AuditLog.h"
#include "AuditService.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

AuditEntry entry(EpochMs at, const QString &username, const QString &action, const QString &target,
                 QJsonValue before, QJsonValue after)
{
    AuditEntry e;
    e.at = at;
    e.username = username;
    e.action = action;
    e.target = target;
    e.before = std::move(before);
    e.after = std::move(after);
    return e;
}

VoidResult append(TestDatabase &db, const AuditEntry &e)
{
    return wait(db.pool()->run<Done>(
        [e](QSqlDatabase &connection) { return audit::appendAudit(connection, e); }));
}

Result<AuditPage> list(TestDatabase &db, const AuditFilter &filter, qint64 offset, int limit)
{
    return wait(db.pool()->run<AuditPage>([filter, offset, limit](QSqlDatabase &connection) {
        return audit::listAudit(connection, filter, offset, limit);
    }));
}

/// The value of a result that must be ok (fails loudly with the error otherwise).
template <typename T> T okValue(const Result<T> &result)
{
    if (!result.ok())
        qFatal("unexpected error: %s", qPrintable(result.error().message));
    return result.value();
}

QList<qint64> ids(const AuditPage &page)
{
    QList<qint64> out;
    for (const AuditEntry &e : page.entries)
        out << e.seq;
    return out;
}

const QString kTaskA = QStringLiteral("0b6f3c1e-9a55-4c1e-8d64-2f0c1b9f7a01");
const QString kTaskB = QStringLiteral("0b6f3c1e-9a55-4c1e-8d64-2f0c1b9f7a02");
const QString kUser = QStringLiteral("5d1c8f3e-1111-4c1e-8d64-2f0c1b9f7a03");

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

    /// Six entries; ids 1..6 in insertion order.
    void seed(TestDatabase &db)
    {
        const QJsonObject a1{{QStringLiteral("id"), kTaskA},
                             {QStringLiteral("title"), QStringLiteral("Ünïcode \"x\"")},
                             {QStringLiteral("priority"), 3},
                             {QStringLiteral("result"), QJsonArray{1, 2.5, QStringLiteral("s")}},
                             {QStringLiteral("description"), QJsonValue(QJsonValue::Null)}};
        QJsonObject a2 = a1;
        a2.insert(QStringLiteral("priority"), 4);
        const QJsonObject u{{QStringLiteral("id"), kUser},
                            {QStringLiteral("username"), QStringLiteral("bo")}};
        QVERIFY(append(db, entry(1000, QStringLiteral("ana"), QStringLiteral("task.create"), kTaskA,
                                 QJsonValue(QJsonValue::Null), a1))
                    .ok());
        QVERIFY(append(db, entry(2000, QStringLiteral("ana"), QStringLiteral("task.update"), kTaskA,
                                 a1, a2))
                    .ok());
        QVERIFY(append(db, entry(2000, QStringLiteral("admin"), QStringLiteral("user.create"),
                                 kUser, QJsonValue(QJsonValue::Null), u))
                    .ok());
        QVERIFY(append(db, entry(3000, QStringLiteral("bo"), QStringLiteral("task.create"), kTaskB,
                                 QJsonValue(QJsonValue::Null), QJsonObject{}))
                    .ok());
        QVERIFY(append(db, entry(4000, QStringLiteral("ana"), QStringLiteral("task.delete"), kTaskA,
                                 a2, QJsonValue(QJsonValue::Null)))
                    .ok());
        QVERIFY(append(db, entry(5000, QStringLiteral("admin"), QStringLiteral("user.delete"),
                                 kUser, u, QJsonValue(QJsonValue::Null)))
                    .ok());
    }

private slots:
    void roundTripNewestFirst()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        seed(db);
        const Result<AuditPage> page = list(db, {}, 0, 50);
        QVERIFY(page.ok());
        QCOMPARE(page.value().total, 6);
        QCOMPARE(page.value().offset, 0);
        QCOMPARE(page.value().limit, 50);
        QCOMPARE(ids(page.value()), (QList<qint64>{6, 5, 4, 3, 2, 1}));

        const AuditEntry &update = page.value().entries.at(4);
        QCOMPARE(update.seq, 2);
        QCOMPARE(update.id.variant(), QUuid::DCE);
        QCOMPARE(update.id.version(), QUuid::Random);
        QCOMPARE(update.at, 2000);
        QCOMPARE(update.username, QStringLiteral("ana"));
        QCOMPARE(update.action, QStringLiteral("task.update"));
        QCOMPARE(update.target, kTaskA);
        const QJsonObject before{
            {QStringLiteral("id"), kTaskA},
            {QStringLiteral("title"), QStringLiteral("Ünïcode \"x\"")},
            {QStringLiteral("priority"), 3},
            {QStringLiteral("result"), QJsonArray{1, 2.5, QStringLiteral("s")}},
            {QStringLiteral("description"), QJsonValue(QJsonValue::Null)}};
        QJsonObject after = before;
        after.insert(QStringLiteral("priority"), 4);
        QCOMPARE(update.before, QJsonValue(before));
        QCOMPARE(update.after, QJsonValue(after));

        const AuditEntry &create = page.value().entries.at(5);
        QCOMPARE(create.before, QJsonValue(QJsonValue::Null));
        QCOMPARE(create.after, QJsonValue(before));
        QCOMPARE(page.value().entries.at(2).after, QJsonValue(QJsonObject{}));
        QCOMPARE(page.value().entries.at(0).after, QJsonValue(QJsonValue::Null));
        QCOMPARE(
            db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE after_json IS NULL")), 2);
    }

    void filters()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        seed(db);
        AuditFilter byUser;
        byUser.username = QStringLiteral("ana");
        QCOMPARE(ids(list(db, byUser, 0, 50).value()), (QList<qint64>{5, 2, 1}));
        QCOMPARE(list(db, byUser, 0, 50).value().total, 3);

        AuditFilter byAction;
        byAction.action = QStringLiteral("task.create");
        QCOMPARE(ids(list(db, byAction, 0, 50).value()), (QList<qint64>{4, 1}));

        AuditFilter byTarget;
        byTarget.target = kUser;
        QCOMPARE(ids(list(db, byTarget, 0, 50).value()), (QList<qint64>{6, 3}));

        AuditFilter range; // from inclusive, to exclusive
        range.from = 2000;
        range.to = 4000;
        QCOMPARE(ids(list(db, range, 0, 50).value()), (QList<qint64>{4, 3, 2}));
        QCOMPARE(list(db, range, 0, 50).value().total, 3);

        AuditFilter combined;
        combined.username = QStringLiteral("ana");
        combined.action = QStringLiteral("task.update");
        combined.target = kTaskA;
        combined.from = 2000;
        combined.to = 2001;
        QCOMPARE(ids(list(db, combined, 0, 50).value()), (QList<qint64>{2}));

        AuditFilter none;
        none.username = QStringLiteral("nobody");
        const AuditPage empty = list(db, none, 0, 50).value();
        QCOMPARE(empty.total, 0);
        QVERIFY(empty.entries.isEmpty());
    }

    void paging()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        seed(db);
        const AuditPage first = list(db, {}, 0, 4).value();
        QCOMPARE(ids(first), (QList<qint64>{6, 5, 4, 3}));
        QCOMPARE(first.total, 6);
        QCOMPARE(first.limit, 4);
        const AuditPage second = list(db, {}, 4, 4).value();
        QCOMPARE(ids(second), (QList<qint64>{2, 1}));
        QCOMPARE(second.total, 6);
        QCOMPARE(second.offset, 4);
        const AuditPage past = list(db, {}, 10, 100).value();
        QVERIFY(past.entries.isEmpty());
        QCOMPARE(past.total, 6);
    }

    /// The GUI's path: TaskService writes the entries in the mutation's transaction.
    void taskServiceMutations()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        NewTask fresh;
        fresh.title = QStringLiteral("t");
        const Result<Task> createdResult = wait(service.create(fresh, ana));
        QVERIFY2(createdResult.ok(),
                 qPrintable(createdResult.ok() ? QString() : createdResult.error().message));
        const Task made = createdResult.value();
        TaskPatch patch;
        patch.priority = 3;
        const Task changed = okValue(wait(service.update(made.id, patch, std::nullopt, ana)));
        QVERIFY(wait(service.update(made.id, patch, std::nullopt, ana)).ok()); // no-op
        QVERIFY(wait(service.remove(made.id, ana)).ok());

        const AuditPage page = okValue(list(db, {}, 0, 50));
        QCOMPARE(ids(page), (QList<qint64>{3, 2, 1}));
        const QString target = made.id.toString(QUuid::WithoutBraces);
        QCOMPARE(page.entries.at(2).action, QStringLiteral("task.create"));
        QCOMPARE(page.entries.at(2).at, made.createdAt);
        QCOMPARE(page.entries.at(2).target, target);
        QCOMPARE(page.entries.at(2).username, QStringLiteral("ana"));
        QCOMPARE(page.entries.at(2).before, QJsonValue(QJsonValue::Null));
        QCOMPARE(page.entries.at(2).after, QJsonValue(json::taskToJson(made)));
        QCOMPARE(page.entries.at(1).action, QStringLiteral("task.update"));
        QCOMPARE(page.entries.at(1).at, changed.updatedAt);
        QCOMPARE(page.entries.at(1).before, QJsonValue(json::taskToJson(made)));
        QCOMPARE(page.entries.at(1).after, QJsonValue(json::taskToJson(changed)));
        QCOMPARE(page.entries.at(0).action, QStringLiteral("task.delete"));
        QCOMPARE(page.entries.at(0).before, QJsonValue(json::taskToJson(changed)));
        QCOMPARE(page.entries.at(0).after, QJsonValue(QJsonValue::Null));
    }

    /// Concurrent updates of one task: each entry's `before` is exactly the previous entry's
    /// `after` (the row is read under its lock), and the last `after` is the stored task.
    void concurrentUpdatesChain()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        NewTask fresh;
        fresh.title = QStringLiteral("contended");
        const Task made = okValue(wait(service.create(fresh, ana)));
        QList<QFuture<Result<Task>>> futures;
        constexpr int kUpdates = 16;
        for (int i = 0; i < kUpdates; ++i) {
            TaskPatch patch;
            patch.title = QStringLiteral("title %1").arg(i);
            futures.append(service.update(made.id, patch, std::nullopt, ana));
        }
        for (QFuture<Result<Task>> &future : futures)
            QVERIFY(wait(future).ok());

        AuditFilter updates;
        updates.action = QStringLiteral("task.update");
        QList<AuditEntry> entries = okValue(list(db, updates, 0, 100)).entries;
        QCOMPARE(entries.size(), kUpdates);
        std::sort(entries.begin(), entries.end(),
                  [](const AuditEntry &a, const AuditEntry &b) { return a.seq < b.seq; });
        QJsonValue previous = json::taskToJson(made);
        int version = made.version;
        for (const AuditEntry &entry : entries) {
            QCOMPARE(entry.before, previous);
            QCOMPARE(entry.after.toObject().value(QLatin1String("version")).toInt(), ++version);
            previous = entry.after;
        }
        QCOMPARE(previous, QJsonValue(json::taskToJson(okValue(wait(service.get(made.id))))));
    }

    /// When the audit insert fails, the change itself rolls back.
    void failedAuditRollsTheChangeBack()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        NewTask fresh;
        fresh.title = QStringLiteral("kept");
        const Task made = wait(service.create(fresh, ana)).value();
        // Every further audit insert fails (existing rows stay valid).
        QVERIFY(db.execSql(
            db.isPostgres()
                ? QStringLiteral(
                      "ALTER TABLE audit_log ADD CONSTRAINT refuse CHECK (at < 0) NOT VALID")
                : QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT "
                                 "RAISE(ABORT, 'refused'); END")));

        fresh.title = QStringLiteral("lost");
        QVERIFY(!wait(service.create(fresh, ana)).ok());
        TaskPatch patch;
        patch.title = QStringLiteral("changed");
        QVERIFY(!wait(service.update(made.id, patch, std::nullopt, ana)).ok());
        QVERIFY(!wait(service.remove(made.id, ana)).ok());

        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 1);
        const Task stored = wait(service.get(made.id)).value();
        QCOMPARE(stored, made);
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1);
        QCOMPARE(wait(service.metrics()).value().total(), 1);
    }

    void auditServiceIsAdminOnly()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        seed(db);
        AuditService service(db.pool());
        for (Role role : {Role::Viewer, Role::Operator}) {
            const Result<AuditPage> denied = wait(
                service.list({}, 0, 50, Principal{QUuid::createUuid(), QStringLiteral("x"), role}));
            QCOMPARE(denied.error().kind, ServiceError::Kind::Forbidden);
        }
        const Principal admin{QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
        const Result<AuditPage> page = wait(service.list({}, 2, 3, admin));
        QCOMPARE(ids(page.value()), (QList<qint64>{4, 3, 2}));
        QCOMPARE(page.value().total, 6);
        QCOMPARE(wait(service.list({}, 0, 0, admin)).error().kind, ServiceError::Kind::Validation);
        const AuditPage newest = list(db, {}, 0, 1).value();
        QCOMPARE(
            json::auditPageToJson(newest),
            (QJsonObject{
                {QStringLiteral("entries"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("id"), newest.entries.at(0).id.toString(QUuid::WithoutBraces)},
                     {QStringLiteral("at"), QStringLiteral("1970-01-01T00:00:05.000Z")},
                     {QStringLiteral("username"), QStringLiteral("admin")},
                     {QStringLiteral("action"), QStringLiteral("user.delete")},
                     {QStringLiteral("target"), kUser},
                     {QStringLiteral("before"),
                      QJsonObject{{QStringLiteral("id"), kUser},
                                  {QStringLiteral("username"), QStringLiteral("bo")}}},
                     {QStringLiteral("after"), QJsonValue(QJsonValue::Null)}}}},
                {QStringLiteral("total"), 6},
                {QStringLiteral("offset"), 0},
                {QStringLiteral("limit"), 1}}));
    }

    void invalidRequests()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuditFilter badAction;
        badAction.action = QStringLiteral("task.read");
        const Result<AuditPage> bad = list(db, badAction, -1, 101);
        QCOMPARE(bad.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(bad.error().fields.size(), 3);
        QCOMPARE(bad.error().fields.at(0).loc,
                 (QStringList{QStringLiteral("query"), QStringLiteral("offset")}));
        QCOMPARE(bad.error().fields.at(1).loc,
                 (QStringList{QStringLiteral("query"), QStringLiteral("limit")}));
        QCOMPARE(bad.error().fields.at(2).loc,
                 (QStringList{QStringLiteral("query"), QStringLiteral("action")}));
        QCOMPARE(list(db, {}, 0, 0).error().fields.at(0).type,
                 QStringLiteral("greater_than_equal"));

        // An unknown action never reaches the table (and the CHECK would refuse it anyway).
        const VoidResult refused = append(db, entry(1, QStringLiteral("ana"), QStringLiteral("x"),
                                                    kTaskA, QJsonValue(), QJsonValue()));
        QCOMPARE(refused.error().kind, ServiceError::Kind::Internal);
        QVERIFY(!db.execSql(QStringLiteral(
            "INSERT INTO audit_log (at, username, action, target) VALUES (1, 'a', 'x', 't')")));
        QCOMPARE(db.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 0);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
