// POST /api/tasks/bulk over real sockets: exact per-item outcomes and counts of every action, a
// repeated id acted on once, the 10,000 limit (at it and over it), viewers refused, body
// validation (422 list shape), a filter with the total the user saw (412 when it no longer
// matches), and one audit entry and one change event per changed task.
#include "ApiTestClient.h"

#include "ChangeEvent.h"

#include <QHash>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <atomic>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiBulk : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;
    QList<ChangeEvent> m_events;

    /// Creates a task and walks it to `status` with PATCHes; returns its id.
    QString makeTask(const QString &title, const QString &status,
                     const QString &category = QStringLiteral("bulk"))
    {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("title"), title},
                                                          {QStringLiteral("category"), category}})
                                    .toJson(QJsonDocument::Compact);
        HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, body);
        if (r.status != 201)
            qFatal("create failed: %d %s", r.status, r.body.constData());
        const QString id = r.object().value(QLatin1String("id")).toString();
        QStringList path;
        if (status == QLatin1String("in_progress"))
            path = {QStringLiteral("in_progress")};
        else if (status == QLatin1String("completed") || status == QLatin1String("failed"))
            path = {QStringLiteral("in_progress"), status};
        else if (status == QLatin1String("cancelled"))
            path = {QStringLiteral("cancelled")};
        for (const QString &step : std::as_const(path)) {
            r = m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, m_token,
                                "{\"status\":\"" + step.toUtf8() + "\"}");
            if (r.status != 200)
                qFatal("patch failed: %d %s", r.status, r.body.constData());
        }
        return id;
    }

    HttpResult bulk(const QJsonObject &body, const QString &token = {})
    {
        return m_api->sendJson("POST", QStringLiteral("/api/tasks/bulk"),
                               token.isEmpty() ? m_token : token,
                               QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    static QJsonObject item(const QString &id, const char *outcome, const QJsonValue &detail)
    {
        return QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("outcome"), QString::fromLatin1(outcome)},
                           {QStringLiteral("detail"), detail}};
    }

    static QJsonObject counts(int ok, int notFound, int conflict, int precondition)
    {
        return QJsonObject{{QStringLiteral("ok"), ok},
                           {QStringLiteral("not_found"), notFound},
                           {QStringLiteral("conflict"), conflict},
                           {QStringLiteral("precondition_failed"), precondition}};
    }

    static QJsonObject answer(const QJsonArray &results, const QJsonObject &counts, qint64 total)
    {
        return QJsonObject{{QStringLiteral("results"), results},
                           {QStringLiteral("counts"), counts},
                           {QStringLiteral("total"), total},
                           {QStringLiteral("cancelled"), false},
                           {QStringLiteral("stopped_by"), QJsonValue(QJsonValue::Null)}};
    }

    QString status(const QString &id)
    {
        return m_api->get(QStringLiteral("/api/tasks/") + id, m_token)
            .object()
            .value(QLatin1String("status"))
            .toString();
    }

    /// The task's audit entries (newest first) as "action username before-status after-status".
    QStringList auditOf(const QString &id)
    {
        const HttpResult r =
            m_api->get(QStringLiteral("/api/audit?limit=100&target=") + id, m_token);
        QStringList out;
        for (const QJsonValue &value : r.object().value(QLatin1String("entries")).toArray()) {
            const QJsonObject entry = value.toObject();
            const auto statusOf = [](const QJsonValue &task) {
                return task.isObject() ? task.toObject().value(QLatin1String("status")).toString()
                                       : QStringLiteral("-");
            };
            out << QStringLiteral("%1 %2 %3 %4")
                       .arg(entry.value(QLatin1String("action")).toString(),
                            entry.value(QLatin1String("username")).toString(),
                            statusOf(entry.value(QLatin1String("before"))),
                            statusOf(entry.value(QLatin1String("after"))));
        }
        return out;
    }

    /// Task events published since the last call, as "type id status" (status "-" for deletes),
    /// once the feed has published at least `expected` of them (waits up to 10 s).
    QStringList takeEvents(qsizetype expected)
    {
        (void)QTest::qWaitFor(
            [&] {
                qsizetype n = 0;
                for (const ChangeEvent &event : std::as_const(m_events))
                    n += event.isTaskEvent() ? 1 : 0;
                return n >= expected;
            },
            10000);
        QTest::qWait(300); // anything more would show as a failure
        QStringList out;
        for (const ChangeEvent &event : std::as_const(m_events))
            if (event.isTaskEvent())
                out << QStringLiteral("%1 %2 %3")
                           .arg(changeTypeName(event.type),
                                event.taskId.toString(QUuid::WithoutBraces),
                                event.task ? statusName(event.task->status) : QStringLiteral("-"));
        m_events.clear();
        return out;
    }

private slots:
    void init()
    {
        ChangeFeed::Options feed;
        feed.metricsIntervalMs = 100;
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, std::nullopt, feed);
        TASKDECK_REQUIRE_API(m_api);
        QVERIFY(QTest::qWaitFor(
            [this] {
                return m_api->feed()->listenerState() == ChangeFeed::ListenerState::Connected;
            },
            10000));
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
        m_events.clear();
        connect(m_api->feed(), &ChangeFeed::published, this,
                [this](const QList<ChangeEvent> &events) { m_events += events; });
    }
    void cleanup()
    {
        m_api.reset();
        m_events.clear();
    }

    void retryGivesExactOutcomesAuditAndOneEventPerTask()
    {
        const QString failed = makeTask(QStringLiteral("f"), QStringLiteral("failed"));
        const QString cancelled = makeTask(QStringLiteral("c"), QStringLiteral("cancelled"));
        const QString pending = makeTask(QStringLiteral("p"), QStringLiteral("pending"));
        const QString completed = makeTask(QStringLiteral("d"), QStringLiteral("completed"));
        const QString missing = QUuid::createUuid().toString(QUuid::WithoutBraces);
        takeEvents(9); // the set-up's own events
        const HttpResult r =
            bulk(QJsonObject{{QStringLiteral("action"), QStringLiteral("retry")},
                             {QStringLiteral("ids"),
                              QJsonArray{failed, cancelled, pending, completed, missing, failed}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(),
                 answer(
                     QJsonArray{
                         item(failed, "ok", QJsonValue::Null),
                         item(cancelled, "ok", QJsonValue::Null),
                         item(pending, "conflict",
                              QStringLiteral("Only failed or cancelled tasks can be retried "
                                             "(status is pending)")),
                         item(completed, "conflict",
                              QStringLiteral("Only failed or cancelled tasks can be retried "
                                             "(status is completed)")),
                         item(missing, "not_found", QStringLiteral("Task not found")),
                     },
                     counts(2, 1, 2, 0), 5));
        QCOMPARE(status(failed), QStringLiteral("pending"));
        QCOMPARE(status(cancelled), QStringLiteral("pending"));
        QCOMPARE(status(completed), QStringLiteral("completed"));
        QCOMPARE(auditOf(failed),
                 (QStringList{QStringLiteral("task.update admin failed pending"),
                              QStringLiteral("task.update admin in_progress failed"),
                              QStringLiteral("task.update admin pending in_progress"),
                              QStringLiteral("task.create admin - pending")}));
        QCOMPARE(auditOf(cancelled).first(), QStringLiteral("task.update admin cancelled pending"));
        QCOMPARE(auditOf(pending), QStringList{QStringLiteral("task.create admin - pending")});
        QCOMPARE(takeEvents(2),
                 (QStringList{QStringLiteral("task.updated %1 pending").arg(failed),
                              QStringLiteral("task.updated %1 pending").arg(cancelled)}));
    }

    void everyActionAnswersPerItem()
    {
        const QString a = makeTask(QStringLiteral("a"), QStringLiteral("pending"));
        const QString b = makeTask(QStringLiteral("b"), QStringLiteral("in_progress"));
        const QString c = makeTask(QStringLiteral("c"), QStringLiteral("completed"));
        const QString d = makeTask(QStringLiteral("d"), QStringLiteral("cancelled"));
        takeEvents(8);

        HttpResult r = bulk({{QStringLiteral("action"), QStringLiteral("cancel")},
                             {QStringLiteral("ids"), QJsonArray{a, b, c, d}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(
            r.object(),
            answer(QJsonArray{item(a, "ok", QJsonValue::Null), item(b, "ok", QJsonValue::Null),
                              item(c, "conflict",
                                   QStringLiteral(
                                       "Illegal status transition from completed to cancelled")),
                              item(d, "ok", QStringLiteral("unchanged"))},
                   counts(3, 0, 1, 0), 4));
        QCOMPARE(takeEvents(2), (QStringList{QStringLiteral("task.updated %1 cancelled").arg(a),
                                             QStringLiteral("task.updated %1 cancelled").arg(b)}));

        r = bulk({{QStringLiteral("action"), QStringLiteral("set_status")},
                  {QStringLiteral("value"), QStringLiteral("pending")},
                  {QStringLiteral("ids"), QJsonArray{a, c}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(
            r.object(),
            answer(QJsonArray{item(a, "ok", QJsonValue::Null),
                              item(c, "conflict",
                                   QStringLiteral(
                                       "Illegal status transition from completed to pending"))},
                   counts(1, 0, 1, 0), 2));
        QCOMPARE(takeEvents(1), QStringList{QStringLiteral("task.updated %1 pending").arg(a)});

        r = bulk({{QStringLiteral("action"), QStringLiteral("set_category")},
                  {QStringLiteral("value"), QStringLiteral("  ops ")},
                  {QStringLiteral("ids"), QJsonArray{a, b}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("counts")).toObject(), counts(2, 0, 0, 0));
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/") + a, m_token)
                     .object()
                     .value(QLatin1String("category")),
                 QJsonValue(QStringLiteral("ops")));
        QCOMPARE(takeEvents(2).size(), 2);

        r = bulk({{QStringLiteral("action"), QStringLiteral("set_category")},
                  {QStringLiteral("value"), QJsonValue::Null},
                  {QStringLiteral("ids"), QJsonArray{a}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/") + a, m_token)
                     .object()
                     .value(QLatin1String("category")),
                 QJsonValue(QJsonValue::Null));
        QCOMPARE(takeEvents(1).size(), 1);

        r = bulk({{QStringLiteral("action"), QStringLiteral("set_priority")},
                  {QStringLiteral("value"), 1},
                  {QStringLiteral("ids"), QJsonArray{a, b}}});
        QCOMPARE(r.status, 200); // both already have priority 1
        QCOMPARE(r.object(), answer(QJsonArray{item(a, "ok", QStringLiteral("unchanged")),
                                               item(b, "ok", QStringLiteral("unchanged"))},
                                    counts(2, 0, 0, 0), 2));
        QCOMPARE(takeEvents(0), QStringList{});

        r = bulk({{QStringLiteral("action"), QStringLiteral("set_priority")},
                  {QStringLiteral("value"), 3},
                  {QStringLiteral("ids"), QJsonArray{b}}});
        QCOMPARE(r.object().value(QLatin1String("counts")).toObject(), counts(1, 0, 0, 0));
        QCOMPARE(takeEvents(1).size(), 1);

        r = bulk({{QStringLiteral("action"), QStringLiteral("delete")},
                  {QStringLiteral("ids"), QJsonArray{c, d}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), answer(QJsonArray{item(c, "ok", QJsonValue::Null),
                                               item(d, "ok", QJsonValue::Null)},
                                    counts(2, 0, 0, 0), 2));
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/") + c, m_token).status, 404);
        QCOMPARE(auditOf(c).first(), QStringLiteral("task.delete admin completed -"));
        QCOMPARE(takeEvents(2), (QStringList{QStringLiteral("task.deleted %1 -").arg(c),
                                             QStringLiteral("task.deleted %1 -").arg(d)}));
        r = bulk({{QStringLiteral("action"), QStringLiteral("delete")},
                  {QStringLiteral("ids"), QJsonArray{c}}});
        QCOMPARE(r.object(),
                 answer(QJsonArray{item(c, "not_found", QStringLiteral("Task not found"))},
                        counts(0, 1, 0, 0), 1));
    }

    void viewerIsRefused()
    {
        const QString a = makeTask(QStringLiteral("a"), QStringLiteral("failed"));
        const QString viewer = m_api->tokenForNewUser(QStringLiteral("vera"), Role::Viewer);
        const HttpResult r = bulk({{QStringLiteral("action"), QStringLiteral("retry")},
                                   {QStringLiteral("ids"), QJsonArray{a}}},
                                  viewer);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.object(), (QJsonObject{{QStringLiteral("detail"),
                                           QStringLiteral("Not enough permissions")}}));
        QCOMPARE(status(a), QStringLiteral("failed"));
    }

    void limits()
    {
        QJsonArray ids;
        for (int i = 0; i < 10000; ++i)
            ids.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
        HttpResult r = bulk(
            {{QStringLiteral("action"), QStringLiteral("cancel")}, {QStringLiteral("ids"), ids}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("counts")).toObject(), counts(0, 10000, 0, 0));
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 10000);

        ids.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
        r = bulk(
            {{QStringLiteral("action"), QStringLiteral("cancel")}, {QStringLiteral("ids"), ids}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object(),
                 (QJsonObject{{QStringLiteral("detail"),
                               QJsonArray{QJsonObject{
                                   {QStringLiteral("type"), QStringLiteral("too_long")},
                                   {QStringLiteral("loc"),
                                    QJsonArray{QStringLiteral("body"), QStringLiteral("ids")}},
                                   {QStringLiteral("msg"),
                                    QStringLiteral("List should have at most 10000 items after "
                                                   "validation, not 10001")}}}}}));
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("loc"); // comma-separated
        QTest::addColumn<QByteArray>("type");
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray ids = "\"ids\":[\"" + id.toUtf8() + "\"]";
        QTest::newRow("no action")
            << QByteArray("{" + ids + "}") << QByteArray("body,action") << QByteArray("missing");
        QTest::newRow("unknown action") << QByteArray("{\"action\":\"explode\"," + ids + "}")
                                        << QByteArray("body,action") << QByteArray("enum");
        QTest::newRow("action not a string")
            << QByteArray("{\"action\":1," + ids + "}") << QByteArray("body,action")
            << QByteArray("string_type");
        QTest::newRow("set_status without value")
            << QByteArray("{\"action\":\"set_status\"," + ids + "}") << QByteArray("body,value")
            << QByteArray("missing");
        QTest::newRow("set_status bad value")
            << QByteArray("{\"action\":\"set_status\",\"value\":\"done\"," + ids + "}")
            << QByteArray("body,value") << QByteArray("enum");
        QTest::newRow("priority out of range")
            << QByteArray("{\"action\":\"set_priority\",\"value\":99," + ids + "}")
            << QByteArray("body,value") << QByteArray("less_than_equal");
        QTest::newRow("priority not integer")
            << QByteArray("{\"action\":\"set_priority\",\"value\":\"1\"," + ids + "}")
            << QByteArray("body,value") << QByteArray("int_type");
        QTest::newRow("value on retry")
            << QByteArray("{\"action\":\"retry\",\"value\":1," + ids + "}")
            << QByteArray("body,value") << QByteArray("extra_forbidden");
        QTest::newRow("no targets") << QByteArray("{\"action\":\"retry\"}")
                                    << QByteArray("body,ids") << QByteArray("missing");
        QTest::newRow("empty ids") << QByteArray("{\"action\":\"retry\",\"ids\":[]}")
                                   << QByteArray("body,ids") << QByteArray("too_short");
        QTest::newRow("ids not a list") << QByteArray("{\"action\":\"retry\",\"ids\":\"x\"}")
                                        << QByteArray("body,ids") << QByteArray("list_type");
        QTest::newRow("bad id") << QByteArray("{\"action\":\"retry\",\"ids\":[\"nope\"]}")
                                << QByteArray("body,ids,0") << QByteArray("uuid_parsing");
        QTest::newRow("ids and filter")
            << QByteArray("{\"action\":\"retry\"," + ids + ",\"filter\":{}}")
            << QByteArray("body,filter") << QByteArray("value_error");
        QTest::newRow("filter without expected_total")
            << QByteArray("{\"action\":\"retry\",\"filter\":{}}")
            << QByteArray("body,expected_total") << QByteArray("missing");
        QTest::newRow("negative expected_total")
            << QByteArray("{\"action\":\"retry\",\"filter\":{},\"expected_total\":-1}")
            << QByteArray("body,expected_total") << QByteArray("greater_than_equal");
        QTest::newRow("expected_total with ids")
            << QByteArray("{\"action\":\"retry\"," + ids + ",\"expected_total\":1}")
            << QByteArray("body,expected_total") << QByteArray("extra_forbidden");
        QTest::newRow("unknown filter field")
            << QByteArray(
                   "{\"action\":\"retry\",\"filter\":{\"limit\":\"5\"},\"expected_total\":0}")
            << QByteArray("body,filter,limit") << QByteArray("extra_forbidden");
        QTest::newRow("bad filter status")
            << QByteArray(
                   "{\"action\":\"retry\",\"filter\":{\"status\":\"nope\"},\"expected_total\":0}")
            << QByteArray("body,filter,status") << QByteArray("enum");
        QTest::newRow("bad filter completed_after")
            << QByteArray("{\"action\":\"retry\",\"filter\":{\"completed_after\":\"today\"},"
                          "\"expected_total\":0}")
            << QByteArray("body,filter,completed_after") << QByteArray("datetime_parsing");
        QTest::newRow("extra field") << QByteArray("{\"action\":\"retry\"," + ids + ",\"x\":1}")
                                     << QByteArray("body,x") << QByteArray("extra_forbidden");
    }
    void validation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, loc);
        QFETCH(QByteArray, type);
        const HttpResult r =
            m_api->sendJson("POST", QStringLiteral("/api/tasks/bulk"), m_token, body);
        QCOMPARE(r.status, 422);
        const QJsonArray detail = r.object().value(QLatin1String("detail")).toArray();
        QCOMPARE(detail.size(), 1);
        const QJsonObject error = detail.at(0).toObject();
        QCOMPARE(error.value(QLatin1String("loc")).toArray(),
                 QJsonArray::fromStringList(QString::fromLatin1(loc).split(QLatin1Char(','))));
        QCOMPARE(error.value(QLatin1String("type")).toString(), QString::fromLatin1(type));
        QVERIFY(!error.value(QLatin1String("msg")).toString().isEmpty());
    }

    void filterActsOnWhatTheUserSaw()
    {
        const QString f1 =
            makeTask(QStringLiteral("f1"), QStringLiteral("failed"), QStringLiteral("nightly"));
        const QString f2 =
            makeTask(QStringLiteral("f2"), QStringLiteral("failed"), QStringLiteral("nightly"));
        const QString other =
            makeTask(QStringLiteral("f3"), QStringLiteral("failed"), QStringLiteral("daily"));
        const QString p =
            makeTask(QStringLiteral("p"), QStringLiteral("pending"), QStringLiteral("nightly"));
        takeEvents(10);
        const QJsonObject filter{{QStringLiteral("status"), QStringLiteral("failed")},
                                 {QStringLiteral("category"), QStringLiteral("nightly")},
                                 {QStringLiteral("sort"), QStringLiteral("title")},
                                 {QStringLiteral("order"), QStringLiteral("asc")}};
        // The user saw 3 (one more failed since): nothing happens.
        HttpResult r = bulk({{QStringLiteral("action"), QStringLiteral("retry")},
                             {QStringLiteral("filter"), filter},
                             {QStringLiteral("expected_total"), 3}});
        QCOMPARE(r.status, 412);
        QCOMPARE(r.object(),
                 (QJsonObject{{QStringLiteral("detail"),
                               QStringLiteral("The filter now matches 2 tasks, not the 3 of "
                                              "expected_total: review the list and try again")}}));
        QCOMPARE(status(f1), QStringLiteral("failed"));
        QCOMPARE(takeEvents(0), QStringList{});

        r = bulk({{QStringLiteral("action"), QStringLiteral("retry")},
                  {QStringLiteral("filter"), filter},
                  {QStringLiteral("expected_total"), 2}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), answer(QJsonArray{item(f1, "ok", QJsonValue::Null),
                                               item(f2, "ok", QJsonValue::Null)},
                                    counts(2, 0, 0, 0), 2));
        QCOMPARE(status(other), QStringLiteral("failed"));
        QCOMPARE(status(p), QStringLiteral("pending"));
        QCOMPARE(takeEvents(2).size(), 2);
        // status as a list
        r = bulk({{QStringLiteral("action"), QStringLiteral("cancel")},
                  {QStringLiteral("filter"),
                   QJsonObject{{QStringLiteral("status"),
                                QJsonArray{QStringLiteral("pending"), QStringLiteral("failed")}},
                               {QStringLiteral("category"), QStringLiteral("nightly")}}},
                  {QStringLiteral("expected_total"), 3}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("counts")).toObject(), counts(3, 0, 0, 0));
    }

    void taskLeavingTheFilterMidRunIsPreconditionFailed()
    {
        // 250 failed tasks: two chunks. After the first chunk, the last task is started by
        // someone else (plain SQL): when its turn comes it no longer matches the filter.
        QList<Task> tasks;
        QList<int> lines;
        for (int i = 0; i < 250; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = QStringLiteral("late %1").arg(i, 3, 10, QLatin1Char('0'));
            task.category = QStringLiteral("late");
            task.status = TaskStatus::Failed;
            task.createdAt = 1'790'000'000'000 + i * 1000;
            task.startedAt = task.createdAt + 10;
            task.completedAt = task.createdAt + 20;
            task.updatedAt = task.createdAt + 20;
            tasks << task;
            lines << i + 2;
        }
        const Principal admin{QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
        const auto imported = await(m_api->tasks().importTasks(tasks, lines, admin, {}));
        QVERIFY(imported.ok());
        BulkRequest request;
        request.action = BulkAction::Retry;
        TaskFilter filter;
        filter.statuses = {TaskStatus::Failed};
        filter.category = QStringLiteral("late");
        filter.sort = TaskSortField::Title;
        filter.order = SortOrder::Ascending;
        request.filter = filter;
        request.expectedTotal = 250;
        const QString last = tasks.last().id.toString(QUuid::WithoutBraces);
        // The pool thread waits after the first chunk while this thread changes the task.
        std::atomic<int> calls{0};
        std::atomic_bool reached{false};
        QSemaphore resume;
        QList<qint64> progress;
        BulkControl control;
        control.progress = [&](qint64 done, qint64 total) {
            progress << done << total;
            if (calls++ == 0) {
                reached = true;
                resume.acquire();
            }
        };
        QFuture<Result<BulkResult>> future = m_api->tasks().bulk(request, admin, control);
        QVERIFY(QTest::qWaitFor([&] { return reached.load(); }, 20000));
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE tasks SET status = 'in_progress', completed_at = NULL "
                           "WHERE id = '%1'")
                .arg(last)));
        resume.release();
        QVERIFY(QTest::qWaitFor([&] { return future.isFinished(); }, 20000));
        const Result<BulkResult> result = future.result();
        QVERIFY(result.ok());
        QCOMPARE(progress, (QList<qint64>{200, 250, 250, 250}));
        QCOMPARE(result.value().total, 250);
        QCOMPARE(result.value().count(BulkOutcome::Ok), 249);
        QCOMPARE(result.value().count(BulkOutcome::PreconditionFailed), 1);
        const BulkItemResult &lastItem = result.value().results.last();
        QCOMPARE(lastItem.id, tasks.last().id);
        QCOMPARE(lastItem.outcome, BulkOutcome::PreconditionFailed);
        QCOMPARE(lastItem.detail,
                 QStringLiteral("No longer matches the filter (status is now in_progress)"));
        QCOMPARE(status(last), QStringLiteral("in_progress"));
    }
};

QTEST_GUILESS_MAIN(TestApiBulk)
#include "tst_apibulk.moc"
