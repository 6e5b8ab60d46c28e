// /api/tasks over real sockets: exact JSON, ETag/If-Match, paging, query validation, search
// literals, delete and the streamed CSV export.
#include "ApiTestClient.h"
#include "TaskJson.h"
#include "TaskRepository.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiTasks : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

    QJsonObject create(const QByteArray &json)
    {
        const HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, json);
        if (r.status != 201)
            qWarning("create failed: %d %s", r.status, r.body.constData());
        return r.object();
    }

    QStringList titles(const QString &query)
    {
        const HttpResult r = m_api->get(QStringLiteral("/api/tasks?") + query, m_token);
        QStringList result;
        for (const QJsonValue &task : r.object().value(QLatin1String("tasks")).toArray())
            result.append(task.toObject().value(QLatin1String("title")).toString());
        result.sort();
        return result;
    }

    /// The ids of a page, each shortened to its last two hex digits ("...0003" -> "03").
    QStringList shortIds(const QString &query)
    {
        const HttpResult r = m_api->get(QStringLiteral("/api/tasks?") + query, m_token);
        if (r.status != 200)
            qWarning("%s: %d %s", qPrintable(query), r.status, r.body.constData());
        QStringList result;
        for (const QJsonValue &task : r.object().value(QLatin1String("tasks")).toArray())
            result.append(task.toObject().value(QLatin1String("id")).toString().right(2));
        return result;
    }

    static constexpr EpochMs kBase = 1'780'000'000'000;

    /// "06 01" -> {"06", "01"}.
    static QStringList shorts(const char *spaced)
    {
        return QString::fromLatin1(spaced).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }

    /// Six tasks with fixed ids ...01 to ...06, times, priorities, creators and categories
    /// (written directly: the API sets times from the clock).
    void insertTimedTasks()
    {
        struct Spec
        {
            TaskStatus status;
            std::optional<qint64> started;
            std::optional<qint64> completed;
            int priority;
            std::optional<QString> createdBy;
            std::optional<QString> category;
        };
        const QList<Spec> specs{
            {TaskStatus::Completed, 1000, 5000, 0, QStringLiteral("alice"), QStringLiteral("ops")},
            {TaskStatus::Failed, 2000, 3000, 1, QStringLiteral("bob"), std::nullopt},
            {TaskStatus::InProgress, 2000, std::nullopt, 2, QStringLiteral("alice"),
             QStringLiteral("ops")},
            {TaskStatus::Cancelled, std::nullopt, 4000, 3, std::nullopt, std::nullopt},
            {TaskStatus::Pending, std::nullopt, std::nullopt, 1, QStringLiteral("bob"),
             QStringLiteral("dev")},
            {TaskStatus::Completed, 500, 4500, 2, QStringLiteral("alice"), std::nullopt},
        };
        QList<Task> tasks;
        for (int n = 1; n <= specs.size(); ++n) {
            const Spec &spec = specs.at(n - 1);
            Task task;
            task.id = QUuid::fromString(QStringLiteral("00000000-0000-4000-8000-0000000000%1")
                                            .arg(n, 2, 10, QLatin1Char('0')));
            task.title = QStringLiteral("Timed %1").arg(n);
            task.status = spec.status;
            task.priority = spec.priority;
            task.createdBy = spec.createdBy;
            task.category = spec.category;
            task.createdAt = kBase + n * 1000;
            task.updatedAt = kBase + 100000;
            if (spec.started)
                task.startedAt = kBase + *spec.started;
            if (spec.completed)
                task.completedAt = kBase + *spec.completed;
            tasks << task;
        }
        const Result<qint64> written = wait(m_api->database().pool()->run<qint64>(
            [tasks](QSqlDatabase &db) { return TaskRepository::importTasks(db, tasks, {}, {}); }));
        QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    }

    static void verifyTimestamp(const QJsonValue &value)
    {
        static const QRegularExpression pattern(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
        QVERIFY2(pattern.match(value.toString()).hasMatch(), qPrintable(value.toString()));
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
    }
    void cleanup() { m_api.reset(); }

    void createReturnsTheExactTask()
    {
        const HttpResult r = m_api->sendJson(
            "POST", QStringLiteral("/api/tasks"), m_token,
            "{\"title\":\"  Write report  \",\"category\":\"docs\",\"priority\":2,\"cost\":0.1}");
        QCOMPARE(r.status, 201);
        const QJsonObject task = r.object();
        const QString id = task.value(QLatin1String("id")).toString();
        QCOMPARE(QUuid::fromString(id).toString(QUuid::WithoutBraces), id);
        QCOMPARE(r.header("Location"), QByteArray("/api/tasks/") + id.toLatin1());
        QCOMPARE(r.header("ETag"), QByteArray("\"1\""));
        const QString created = task.value(QLatin1String("created_at")).toString();
        verifyTimestamp(created);
        const QByteArray expected =
            "{\"category\":\"docs\",\"completed_at\":null,\"cost\":0.1,\"created_at\":\"" +
            created.toLatin1() +
            "\",\"created_by\":\"admin\",\"description\":null,\"error_message\":null,"
            "\"execution_time\":null,\"id\":\"" +
            id.toLatin1() +
            "\",\"priority\":2,\"result\":null,\"started_at\":null,\"status\":\"pending\","
            "\"title\":\"Write report\",\"updated_at\":\"" +
            created.toLatin1() + "\",\"version\":1}";
        QCOMPARE(r.body, expected);

        // A zero cost is a float on the wire: 0.0.
        const HttpResult zero =
            m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, "{\"title\":\"z\"}");
        QVERIFY(zero.body.contains("\"cost\":0.0,"));
        QVERIFY(zero.body.contains("\"priority\":1,"));

        const HttpResult fetched = m_api->get(QStringLiteral("/api/tasks/") + id, m_token);
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.body, expected);
        QCOMPARE(fetched.header("ETag"), QByteArray("\"1\""));
    }

    void createInProgressSetsStartedAt()
    {
        const QJsonObject task = create("{\"title\":\"run\",\"status\":\"in_progress\"}");
        QCOMPARE(task.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
        verifyTimestamp(task.value(QLatin1String("started_at")));
        const HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token,
                                             "{\"title\":\"done\",\"status\":\"completed\"}");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains("\"loc\":[\"body\",\"status\"]"));
    }

    void validationErrorsAre422()
    {
        HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token,
                                       "{\"title\":\"x\",\"id\":\"abc\"}");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains("\"loc\":[\"body\",\"id\"]"));
        r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, "{\"priority\":1}");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains(
            "{\"loc\":[\"body\",\"title\"],\"msg\":\"Field required\",\"type\":\"missing\"}"));
        r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token,
                            "{\"title\":\"x\",\"cost\":0.12345}");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains("\"loc\":[\"body\",\"cost\"]"));
        r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token,
                            "{\"title\":\"x\",\"priority\":9}");
        QCOMPARE(r.status, 422);
        QVERIFY(r.body.contains("\"loc\":[\"body\",\"priority\"]"));
    }

    void everyErrorOfABodyAtOnce()
    {
        // An unknown, read-only or mistyped field no longer hides the value errors of the others
        // (they were answered only after the first had been fixed): all in one 422, in the
        // task's field order, unknown fields last; a field with a type error gets only that.
        // (No raw string literals in this file: moc 6.4 writes nothing for it then.)
        const auto errors = [this](const char *method, const QString &path,
                                   const char *body) -> QByteArray {
            const HttpResult r = m_api->sendJson(method, path, m_token, body);
            return QByteArray::number(r.status) + ' ' + r.body;
        };
        const QByteArray title = "{\"loc\":[\"body\",\"title\"],\"msg\":\"String should have at "
                                 "least 1 character\",\"type\":\"string_too_short\"}";
        const QByteArray priority = "{\"loc\":[\"body\",\"priority\"],\"msg\":\"Input should be "
                                    "less than or equal to 3\",\"type\":\"less_than_equal\"}";
        const QByteArray cost = "{\"loc\":[\"body\",\"cost\"],\"msg\":\"Input should be greater "
                                "than or equal to 0\",\"type\":\"greater_than_equal\"}";
        const QString tasks = QStringLiteral("/api/tasks");
        QCOMPARE(errors("POST", tasks, "{\"title\":\"\",\"cost\":-1,\"priority\":9,\"stauts\":1}"),
                 QByteArray("422 {\"detail\":[") + title + ',' + priority + ',' + cost + ',' +
                     "{\"loc\":[\"body\",\"stauts\"],\"msg\":\"Extra inputs are not "
                     "permitted\",\"type\":\"extra_forbidden\"}]}");
        QCOMPARE(errors("POST", tasks, "{\"title\":\"\",\"priority\":\"x\"}"),
                 QByteArray("422 {\"detail\":[") + title + ',' +
                     "{\"loc\":[\"body\",\"priority\"],\"msg\":\"Input should be a valid "
                     "integer\",\"type\":\"int_type\"}]}");
        QCOMPARE(errors("POST", tasks, "{\"foo\":1}"),
                 QByteArray("422 {\"detail\":[{\"loc\":[\"body\",\"title\"],\"msg\":\"Field "
                            "required\",\"type\":\"missing\"},{\"loc\":[\"body\",\"foo\"],\"msg\":"
                            "\"Extra inputs are not permitted\",\"type\":\"extra_forbidden\"}]}"));
        const QString id = create("{\"title\":\"kept\"}").value(QLatin1String("id")).toString();
        QCOMPARE(errors("PATCH", tasks + QLatin1Char('/') + id, "{\"priority\":9,\"version\":3}"),
                 QByteArray("422 {\"detail\":[") + priority + ',' +
                     "{\"loc\":[\"body\",\"version\"],\"msg\":\"Field is set by the server and "
                     "cannot be written\",\"type\":\"extra_forbidden\"}]}");
        const QJsonObject kept = m_api->get(tasks + QLatin1Char('/') + id, m_token).object();
        QCOMPARE(kept.value(QLatin1String("version")).toInt(), 1);
        QCOMPARE(kept.value(QLatin1String("priority")).toInt(), 1);
    }

    void etagAndIfMatch()
    {
        const QString id =
            create("{\"title\":\"versioned\"}").value(QLatin1String("id")).toString();
        const QString path = QStringLiteral("/api/tasks/") + id;
        HttpResult r =
            m_api->request("PATCH", path, m_token, "{\"priority\":3}",
                           {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ETag"), QByteArray("\"2\""));
        QCOMPARE(r.object().value(QLatin1String("version")).toInt(), 2);
        QCOMPARE(r.object().value(QLatin1String("priority")).toInt(), 3);

        // Stale and malformed versions: 412, nothing changes.
        for (const QByteArray &stale : {QByteArray("\"1\""), QByteArray("1"), QByteArray("W/\"2\""),
                                        QByteArray("\"x\""), QByteArray("\"2\", \"3\"")}) {
            r = m_api->request("PATCH", path, m_token, "{\"priority\":0}",
                               {{"Content-Type", "application/json"}, {"If-Match", stale}});
            QCOMPARE(r.status, 412);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        }
        r = m_api->get(path, m_token);
        QCOMPARE(r.header("ETag"), QByteArray("\"2\""));
        QCOMPARE(r.object().value(QLatin1String("priority")).toInt(), 3);

        r = m_api->request("PATCH", path, m_token, "{\"title\":\"renamed\"}",
                           {{"Content-Type", "application/json"}, {"If-Match", "*"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ETag"), QByteArray("\"3\""));
        r = m_api->sendJson("PATCH", path, m_token, "{\"status\":\"completed\"}");
        QCOMPARE(r.status, 409);
        QCOMPARE(
            r.body,
            QByteArray("{\"detail\":\"Illegal status transition from pending to completed\"}"));
    }

    void unknownAndMalformedIdsAre404()
    {
        const QByteArray notFound = "{\"detail\":\"Task not found\"}";
        for (const QString &id : {QStringLiteral("not-a-uuid"), QStringLiteral("123"),
                                  QUuid::createUuid().toString(QUuid::WithoutBraces)}) {
            const QString path = QStringLiteral("/api/tasks/") + id;
            QCOMPARE(m_api->get(path, m_token).body, notFound);
            QCOMPARE(m_api->get(path, m_token).status, 404);
            QCOMPARE(m_api->sendJson("PATCH", path, m_token, "{\"priority\":1}").status, 404);
            QCOMPARE(m_api->request("DELETE", path, m_token).status, 404);
        }
    }

    void deleteIs204()
    {
        const QString id = create("{\"title\":\"gone\"}").value(QLatin1String("id")).toString();
        const QString path = QStringLiteral("/api/tasks/") + id;
        const HttpResult r = m_api->request("DELETE", path, m_token);
        QCOMPARE(r.status, 204);
        QCOMPARE(r.body, QByteArray());
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(m_api->get(path, m_token).status, 404);
        QCOMPARE(m_api->request("DELETE", path, m_token).status, 404);
    }

    void thirtyTasksInPagesOfSeven()
    {
        for (int i = 0; i < 30; ++i)
            create(
                QStringLiteral("{\"title\":\"Task %1\"}").arg(i, 2, 10, QLatin1Char('0')).toUtf8());
        QSet<QString> seen;
        const QList<int> sizes = {7, 7, 7, 7, 2, 0};
        for (int page = 0; page < sizes.size(); ++page) {
            const HttpResult r =
                m_api->get(QStringLiteral("/api/tasks?limit=7&offset=%1").arg(page * 7), m_token);
            QCOMPARE(r.status, 200);
            const QJsonObject body = r.object();
            QCOMPARE(body.value(QLatin1String("total")).toInteger(), 30);
            QCOMPARE(body.value(QLatin1String("offset")).toInteger(), page * 7);
            QCOMPARE(body.value(QLatin1String("limit")).toInteger(), 7);
            const QJsonArray tasks = body.value(QLatin1String("tasks")).toArray();
            QCOMPARE(tasks.size(), sizes[page]);
            for (const QJsonValue &task : tasks)
                seen.insert(task.toObject().value(QLatin1String("id")).toString());
        }
        QCOMPARE(seen.size(), 30);
        const HttpResult sorted =
            m_api->get(QStringLiteral("/api/tasks?sort=title&order=asc&limit=3"), m_token);
        const QJsonArray first = sorted.object().value(QLatin1String("tasks")).toArray();
        QCOMPARE(first.at(0).toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("Task 00"));
        QCOMPARE(first.at(2).toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("Task 02"));
        const HttpResult defaults = m_api->get(QStringLiteral("/api/tasks"), m_token);
        QCOMPARE(defaults.object().value(QLatin1String("limit")).toInteger(), 10);
        QCOMPARE(defaults.object().value(QLatin1String("offset")).toInteger(), 0);
        QCOMPARE(defaults.object().value(QLatin1String("tasks")).toArray().size(), 10);
    }

    void cursorPagesAndErrors()
    {
        for (int i = 0; i < 12; ++i)
            create(QStringLiteral("{\"title\":\"Item %1\",\"priority\":%2}")
                       .arg(i, 2, 10, QLatin1Char('0'))
                       .arg(i % 2)
                       .toUtf8());
        // sort=priority has ties: the id breaks them, pages follow each other by key
        const QString base = QStringLiteral("/api/tasks?sort=priority&order=asc&limit=5");
        const HttpResult all = m_api->get(base + QStringLiteral("&limit=100"), m_token);
        QCOMPARE(all.status, 200);
        QStringList expected;
        for (const QJsonValue &task : all.object().value(QLatin1String("tasks")).toArray())
            expected << task.toObject().value(QLatin1String("id")).toString();
        QCOMPARE(expected.size(), 12);
        QCOMPARE(all.object().value(QLatin1String("next_cursor")), QJsonValue(QJsonValue::Null));

        QStringList seen;
        QString cursor;
        QString firstCursor;
        for (int page = 0; page < 3; ++page) {
            const HttpResult r = m_api->get(
                base + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor),
                m_token);
            QCOMPARE(r.status, 200);
            const QJsonObject body = r.object();
            QCOMPARE(body.value(QLatin1String("total")).toInteger(), 12);
            QCOMPARE(body.value(QLatin1String("offset")),
                     page == 0 ? QJsonValue(0) : QJsonValue(QJsonValue::Null));
            for (const QJsonValue &task : body.value(QLatin1String("tasks")).toArray())
                seen << task.toObject().value(QLatin1String("id")).toString();
            const QJsonValue next = body.value(QLatin1String("next_cursor"));
            if (page < 2) {
                QVERIFY(next.isString());
                cursor = next.toString();
                if (page == 0)
                    firstCursor = cursor;
            } else {
                QCOMPARE(next, QJsonValue(QJsonValue::Null));
            }
        }
        QCOMPARE(seen, expected);

        const auto errorBody = [](const char *loc, const char *msg) -> QByteArray {
            return QByteArray("{\"detail\":[{\"loc\":[\"query\",\"") + loc + "\"],\"msg\":\"" +
                   msg + "\",\"type\":\"value_error\"}]}";
        };
        const QByteArray invalid = errorBody("cursor", "Invalid cursor");
        const QByteArray mismatch =
            errorBody("cursor", "Cursor does not match this sort, order and filter");
        QString edited = firstCursor;
        edited[10] = edited.at(10) == QLatin1Char('x') ? QLatin1Char('y') : QLatin1Char('x');
        const QList<QPair<QString, QByteArray>> cases{
            {base + QStringLiteral("&cursor=garbage!"), invalid},
            {base + QStringLiteral("&cursor=") + edited, invalid},
            {base + QStringLiteral("&cursor=") + firstCursor.left(20), invalid},
            {base + QStringLiteral("&cursor=e30"), invalid},
            {QStringLiteral("/api/tasks?sort=priority&order=desc&cursor=") + firstCursor, mismatch},
            {QStringLiteral("/api/tasks?sort=title&order=asc&cursor=") + firstCursor, mismatch},
            {base + QStringLiteral("&status=pending&cursor=") + firstCursor, mismatch},
            {base + QStringLiteral("&q=item&cursor=") + firstCursor, mismatch},
            {base + QStringLiteral("&offset=5&cursor=") + firstCursor,
             errorBody("offset", "offset cannot be combined with cursor")},
        };
        for (const auto &[query, body] : cases) {
            const HttpResult r = m_api->get(query, m_token);
            QCOMPARE(r.status, 422);
            QCOMPARE(r.body, body);
        }
        // offset=0 with a cursor, and another limit, are fine
        const HttpResult more =
            m_api->get(QStringLiteral("/api/tasks?sort=priority&order=asc&limit=100&offset=0"
                                      "&cursor=") +
                           firstCursor,
                       m_token);
        QCOMPARE(more.status, 200);
        QCOMPARE(more.object().value(QLatin1String("tasks")).toArray().size(), 7);
    }

    void badQueryValuesAre422WithoutSql()
    {
        struct Case
        {
            QString query;
            QByteArray body;
        };
        const QList<Case> cases = {
            {QStringLiteral("offset=-1"), "{\"detail\":[{\"loc\":[\"query\",\"offset\"],\"msg\":"
                                          "\"Input should be greater than or "
                                          "equal to 0\",\"type\":\"greater_than_equal\"}]}"},
            {QStringLiteral("limit=0"), "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":"
                                        "\"Input should be greater than or "
                                        "equal to 1\",\"type\":\"greater_than_equal\"}]}"},
            {QStringLiteral("limit=-5"), "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":"
                                         "\"Input should be greater than or "
                                         "equal to 1\",\"type\":\"greater_than_equal\"}]}"},
            {QStringLiteral("limit=1000"),
             "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be less than or "
             "equal to 100\",\"type\":\"less_than_equal\"}]}"},
            {QStringLiteral("limit=ten"),
             "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be a valid "
             "integer, "
             "unable to parse string as an integer\",\"type\":\"int_parsing\"}]}"},
        };
        for (const Case &c : cases) {
            const HttpResult r = m_api->get(QStringLiteral("/api/tasks?") + c.query, m_token);
            QCOMPARE(r.status, 422);
            QCOMPARE(r.body, c.body);
        }
        for (const QString &query :
             {QStringLiteral("status=done"), QStringLiteral("status=pending,bogus"),
              QStringLiteral("sort=password_hash"), QStringLiteral("order=sideways"),
              QStringLiteral("created_after=yesterday"),
              QStringLiteral("created_before=2026-13-45"),
              QStringLiteral("sort=title;DROP%20TABLE%20tasks")}) {
            const HttpResult r = m_api->get(QStringLiteral("/api/tasks?") + query, m_token);
            QCOMPARE(r.status, 422);
            for (const char *keyword : {"SELECT", "FROM", "WHERE", "ORDER BY", "sqlite", "QPSQL"})
                QVERIFY2(!r.body.contains(keyword), r.body.constData());
        }
        // Unknown parameters are ignored, as FastAPI does.
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks?colour=red"), m_token).status, 200);
    }

    void filtersAndLiteralSearch()
    {
        create("{\"title\":\"50% done\",\"category\":\"a\"}");
        create("{\"title\":\"500 items\",\"category\":\"b\"}");
        create("{\"title\":\"a_b test\",\"status\":\"in_progress\"}");
        create("{\"title\":\"axb test\"}");
        create("{\"title\":\"Купить Хлеб\"}");
        QCOMPARE(titles(QStringLiteral("q=50%25")), QStringList{QStringLiteral("50% done")});
        QCOMPARE(titles(QStringLiteral("q=a_b")), QStringList{QStringLiteral("a_b test")});
        QCOMPARE(titles(QStringLiteral("q=%D1%85%D0%BB%D0%B5%D0%B1")),
                 QStringList{QStringLiteral("Купить Хлеб")});
        QCOMPARE(titles(QStringLiteral("q=AXB")), QStringList{QStringLiteral("axb test")});
        QCOMPARE(titles(QStringLiteral("status=in_progress")),
                 QStringList{QStringLiteral("a_b test")});
        QCOMPARE(titles(QStringLiteral("status=in_progress&status=pending")).size(), 5);
        QCOMPARE(titles(QStringLiteral("status=in_progress,cancelled")).size(), 1);
        QCOMPARE(titles(QStringLiteral("category=b")), QStringList{QStringLiteral("500 items")});
        QCOMPARE(titles(QStringLiteral("created_after=2000-01-01")).size(), 5);
        QCOMPARE(titles(QStringLiteral("created_before=2000-01-01T00:00:00Z")).size(), 0);
        // An unencoded % from a sloppy client still means a literal percent sign.
        const QByteArray raw =
            m_api->raw("GET /api/tasks?q=50% HTTP/1.1\r\nAuthorization: Bearer " +
                       m_token.toLatin1() + "\r\nConnection: close\r\n\r\n");
        QCOMPARE(rawStatus(raw), 200);
        QVERIFY(raw.contains("\"total\":1"));
    }

    void timeSortsNullsLastWithCursor_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QStringList>("asc");
        QTest::addColumn<QStringList>("desc");
        // never started / completed / timed: last in both directions, by id in the list's
        // direction; equal values by id too
        QTest::newRow("started_at") << QStringLiteral("started_at") << shorts("06 01 02 03 04 05")
                                    << shorts("03 02 01 06 05 04");
        QTest::newRow("completed_at") << QStringLiteral("completed_at")
                                      << shorts("02 04 06 01 03 05") << shorts("01 06 04 02 05 03");
        QTest::newRow("execution_time")
            << QStringLiteral("execution_time") << shorts("02 01 06 03 04 05")
            << shorts("06 01 02 05 04 03");
    }

    void timeSortsNullsLastWithCursor()
    {
        QFETCH(QString, sort);
        QFETCH(QStringList, asc);
        QFETCH(QStringList, desc);
        insertTimedTasks();
        for (const auto &[order, expected] :
             {std::pair{QStringLiteral("asc"), asc}, std::pair{QStringLiteral("desc"), desc}}) {
            const QString base = QStringLiteral("sort=%1&order=%2").arg(sort, order);
            QCOMPARE(shortIds(base + QStringLiteral("&limit=100")), expected);
            // offset pages of 2 and cursor pages of 1, 2 and 4 give the same rows
            QStringList byOffset;
            for (int offset = 0; offset < 6; offset += 2)
                byOffset += shortIds(base + QStringLiteral("&limit=2&offset=%1").arg(offset));
            QCOMPARE(byOffset, expected);
            for (int limit : {1, 2, 4}) {
                QStringList byCursor;
                QString cursor;
                for (int page = 0; page < 10; ++page) {
                    const HttpResult r = m_api->get(
                        QStringLiteral("/api/tasks?") + base +
                            QStringLiteral("&limit=%1").arg(limit) +
                            (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor),
                        m_token);
                    QCOMPARE(r.status, 200);
                    for (const QJsonValue &task :
                         r.object().value(QLatin1String("tasks")).toArray())
                        byCursor << task.toObject().value(QLatin1String("id")).toString().right(2);
                    const QJsonValue next = r.object().value(QLatin1String("next_cursor"));
                    if (next.isNull())
                        break;
                    cursor = next.toString();
                }
                QVERIFY2(byCursor == expected,
                         qPrintable(base + QStringLiteral(" limit %1: ").arg(limit) +
                                    byCursor.join(QLatin1Char(','))));
            }
        }
        // the values the sorts use, as the API shows them (execution_time in seconds)
        const HttpResult r =
            m_api->get(QStringLiteral("/api/tasks?sort=execution_time&order=asc&limit=3"), m_token);
        const QJsonArray tasks = r.object().value(QLatin1String("tasks")).toArray();
        QCOMPARE(tasks.at(0).toObject().value(QLatin1String("execution_time")), QJsonValue(1.0));
        QCOMPARE(tasks.at(1).toObject().value(QLatin1String("execution_time")), QJsonValue(4.0));
        QCOMPARE(tasks.at(2).toObject().value(QLatin1String("started_at")),
                 QJsonValue(json::formatTimestamp(kBase + 500)));
    }

    void priorityCreatorNoCategoryAndDateFilters()
    {
        insertTimedTasks();
        const auto total = [this](const QString &query) {
            return m_api->get(QStringLiteral("/api/tasks?") + query, m_token)
                .object()
                .value(QLatin1String("total"))
                .toInteger();
        };
        // default order: created_at desc (task n was created at kBase + n s)
        QCOMPARE(shortIds(QStringLiteral("priority=1")), shorts("05 02"));
        QCOMPARE(shortIds(QStringLiteral("priority=0,3")), shorts("04 01"));
        QCOMPARE(shortIds(QStringLiteral("priority=2&priority=1")), shorts("06 05 03 02"));
        QCOMPARE(total(QStringLiteral("priority=2&priority=1")), 4);
        QCOMPARE(shortIds(QStringLiteral("created_by=alice")), shorts("06 03 01"));
        QCOMPARE(shortIds(QStringLiteral("created_by=%20bob%20")), shorts("05 02"));
        QCOMPARE(shortIds(QStringLiteral("created_by=")), shorts("04"));
        QCOMPARE(shortIds(QStringLiteral("created_by=carol")), QStringList());
        QCOMPARE(total(QStringLiteral("created_by=carol")), 0);
        // "(no category)": category with an empty value
        QCOMPARE(shortIds(QStringLiteral("category=")), shorts("06 04 02"));
        QCOMPARE(total(QStringLiteral("category=")), 3);
        QCOMPARE(shortIds(QStringLiteral("category=&priority=2")), shorts("06"));
        QCOMPARE(
            shortIds(QStringLiteral("category=ops&created_by=alice&sort=started_at&order=asc")),
            shorts("01 03"));
        const QString after =
            QString::fromLatin1(QUrl::toPercentEncoding(json::formatTimestamp(kBase + 2000)));
        const QString before =
            QString::fromLatin1(QUrl::toPercentEncoding(json::formatTimestamp(kBase + 4000)));
        QCOMPARE(shortIds(QStringLiteral("created_after=%1&created_before=%2").arg(after, before)),
                 shorts("03 02"));
        // the CSV export takes the same filters
        const HttpResult csv =
            m_api->get(QStringLiteral("/api/tasks/export.csv?priority=3&created_by="), m_token);
        QCOMPARE(csv.status, 200);
        QCOMPARE(csv.body.count('\n'), 2); // header and task 04
        QVERIFY(csv.body.contains("00000000-0000-4000-8000-000000000004"));

        // a cursor continues only the list it came from: another priority set does not match
        const HttpResult first =
            m_api->get(QStringLiteral("/api/tasks?priority=1,2&limit=1"), m_token);
        const QString cursor = first.object().value(QLatin1String("next_cursor")).toString();
        QVERIFY(!cursor.isEmpty());
        QCOMPARE(shortIds(QStringLiteral("priority=2,1&limit=10&cursor=") + cursor),
                 shorts("05 03 02"));
        QCOMPARE(
            m_api->get(QStringLiteral("/api/tasks?priority=1&cursor=") + cursor, m_token).status,
            422);
        QCOMPARE(
            m_api
                ->get(QStringLiteral("/api/tasks?priority=1,2&created_by=bob&cursor=") + cursor,
                      m_token)
                .status,
            422);

        const QByteArray priorityError =
            "{\"detail\":[{\"loc\":[\"query\",\"priority\"],\"msg\":\"Input should be 0, 1, "
            "2 or 3, or a comma-separated list of them\",\"type\":\"enum\"}]}";
        for (const QString &query : {QStringLiteral("priority=4"), QStringLiteral("priority=high"),
                                     QStringLiteral("priority=-1"), QStringLiteral("priority=1,"),
                                     QStringLiteral("priority="), QStringLiteral("priority=01"),
                                     QStringLiteral("priority=1&priority=9")}) {
            const HttpResult r = m_api->get(QStringLiteral("/api/tasks?") + query, m_token);
            QCOMPARE(r.status, 422);
            QCOMPARE(r.body, priorityError);
        }
        const HttpResult nul = m_api->get(QStringLiteral("/api/tasks?created_by=a%00b"), m_token);
        QCOMPARE(nul.status, 422);
        QCOMPARE(nul.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"query\",\"created_by\"],\"msg\":\"Value "
                            "error, text must not contain NUL (U+0000) characters\",\"type\":"
                            "\"value_error\"}]}"));
        const HttpResult badSort = m_api->get(QStringLiteral("/api/tasks?sort=started"), m_token);
        QCOMPARE(badSort.status, 422);
        QCOMPARE(badSort.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"query\",\"sort\"],\"msg\":\"Input "
                            "should be 'created_at', 'updated_at', 'title', 'status', 'priority', "
                            "'cost', 'category', 'started_at', 'completed_at' or "
                            "'execution_time'\",\"type\":\"enum\"}]}"));
    }

    void completedRangeFilter()
    {
        // completed_at: 01 at +5 s (completed), 02 at +3 s (failed), 04 at +4 s (cancelled),
        // 06 at +4.5 s (completed); 03 and 05 never finished. Created: task n at +n s.
        insertTimedTasks();
        const auto ts = [](qint64 offsetMs) {
            return QString::fromLatin1(
                QUrl::toPercentEncoding(json::formatTimestamp(kBase + offsetMs)));
        };
        const auto total = [this](const QString &query) {
            return m_api->get(QStringLiteral("/api/tasks?") + query, m_token)
                .object()
                .value(QLatin1String("total"))
                .toInteger();
        };
        const QString range = QStringLiteral("completed_after=%1&completed_before=%2");
        QCOMPARE(shortIds(range.arg(ts(3000), ts(4500))), shorts("04 02"));
        QCOMPARE(total(range.arg(ts(3000), ts(4500))), 2);
        QCOMPARE(shortIds(QStringLiteral("completed_after=") + ts(4000)), shorts("06 04 01"));
        QCOMPARE(shortIds(QStringLiteral("completed_before=") + ts(4500)), shorts("04 02"));
        // never finished tasks match no range, however wide
        QCOMPARE(shortIds(QStringLiteral("completed_after=2000-01-01")), shorts("06 04 02 01"));
        QCOMPARE(total(QStringLiteral("completed_after=2000-01-01")), 4);
        // with a status, as the dashboard's timeline asks for one bucket of "failed" (the count
        // does not come from the statistics table, which knows no completion times)
        QCOMPARE(shortIds(QStringLiteral("status=failed&") + range.arg(ts(3000), ts(3001))),
                 shorts("02"));
        QCOMPARE(total(QStringLiteral("status=failed&") + range.arg(ts(3000), ts(3001))), 1);
        QCOMPARE(total(QStringLiteral("status=failed&") + range.arg(ts(3001), ts(9000))), 0);
        QCOMPARE(total(QStringLiteral("status=completed&") + range.arg(ts(4500), ts(5001))), 2);
        QCOMPARE(shortIds(QStringLiteral("status=completed&sort=completed_at&order=asc&") +
                          range.arg(ts(4500), ts(5001))),
                 shorts("06 01"));
        // with the created range: created from +2 s, completed before +5 s
        QCOMPARE(
            shortIds(
                QStringLiteral("created_after=%1&completed_before=%2").arg(ts(2000), ts(5000))),
            shorts("06 04 02"));
        // the CSV export takes it too
        const HttpResult csv = m_api->get(
            QStringLiteral("/api/tasks/export.csv?") + range.arg(ts(4000), ts(4001)), m_token);
        QCOMPARE(csv.status, 200);
        QCOMPARE(csv.body.count('\n'), 2); // header and task 04
        QVERIFY(csv.body.contains("00000000-0000-4000-8000-000000000004"));

        // cursor pages walk the range; a cursor does not continue another range
        const QString base = QStringLiteral("sort=completed_at&order=desc&") +
                             QStringLiteral("completed_after=") + ts(3000);
        QStringList byCursor;
        QString cursor;
        for (int page = 0; page < 10; ++page) {
            const HttpResult r =
                m_api->get(QStringLiteral("/api/tasks?limit=1&") + base +
                               (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor),
                           m_token);
            QCOMPARE(r.status, 200);
            for (const QJsonValue &task : r.object().value(QLatin1String("tasks")).toArray())
                byCursor << task.toObject().value(QLatin1String("id")).toString().right(2);
            const QJsonValue next = r.object().value(QLatin1String("next_cursor"));
            if (next.isNull())
                break;
            cursor = next.toString();
        }
        QCOMPARE(byCursor, shorts("01 06 04 02"));
        const HttpResult first = m_api->get(QStringLiteral("/api/tasks?limit=1&") + base, m_token);
        const QString firstCursor = first.object().value(QLatin1String("next_cursor")).toString();
        QVERIFY(!firstCursor.isEmpty());
        QCOMPARE(m_api
                     ->get(QStringLiteral("/api/tasks?limit=1&") + base +
                               QStringLiteral("&completed_before=") + ts(9000) +
                               QStringLiteral("&cursor=") + firstCursor,
                           m_token)
                     .status,
                 422);
        QCOMPARE(m_api
                     ->get(QStringLiteral("/api/tasks?limit=1&sort=completed_at&order=desc&"
                                          "cursor=") +
                               firstCursor,
                           m_token)
                     .status,
                 422);

        // bad values: the created_after errors, named after the parameter
        for (const char *name : {"completed_after", "completed_before"}) {
            for (const char *value : {"yesterday", "2026-13-45", "1780000000000"}) {
                const HttpResult r = m_api->get(QStringLiteral("/api/tasks?%1=%2")
                                                    .arg(QLatin1String(name), QLatin1String(value)),
                                                m_token);
                QCOMPARE(r.status, 422);
                QCOMPARE(r.body,
                         QByteArray("{\"detail\":[{\"loc\":[\"query\",\"") + name +
                             "\"],\"msg\":\"Input should be a valid datetime (ISO 8601 with Z or "
                             "an offset, or a date YYYY-MM-DD)\",\"type\":\"datetime_parsing\"}]}");
            }
        }
    }

    void csvExportExactBytes()
    {
        const QJsonObject quoted = create("{\"title\":\"He said \\\"hi\\\", "
                                          "ok\",\"description\":\"line1\\nline2\",\"cost\":1.5}");
        const QJsonObject plain =
            create("{\"title\":\"plain\",\"category\":\"ops\",\"status\":\"in_progress\"}");
        const auto field = [](const QJsonObject &task, const char *name) {
            return task.value(QLatin1String(name)).toString().toUtf8();
        };
        const QByteArray expected =
            "id,title,description,category,status,priority,cost,result,error_message,created_by,"
            "created_at,updated_at,started_at,completed_at,execution_time,version\r\n" +
            field(quoted, "id") +
            ",\"He said \"\"hi\"\", ok\",\"line1\nline2\",,pending,1,"
            "1.5000,,,admin," +
            field(quoted, "created_at") + ',' + field(quoted, "updated_at") + ",,,,1\r\n" +
            field(plain, "id") + ",plain,,ops,in_progress,1,0.0000,,,admin," +
            field(plain, "created_at") + ',' + field(plain, "updated_at") + ',' +
            field(plain, "started_at") + ",,,1\r\n";
        const HttpResult r =
            m_api->get(QStringLiteral("/api/tasks/export.csv?sort=title&order=asc"), m_token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/csv; charset=utf-8"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(r.body, expected);

        // Streamed with chunked transfer encoding; filters apply, paging does not.
        const QByteArray raw =
            m_api->raw("GET /api/tasks/export.csv?status=in_progress&limit=0&offset=-3 HTTP/1.1\r\n"
                       "Authorization: Bearer " +
                       m_token.toLatin1() + "\r\nConnection: close\r\n\r\n");
        QCOMPARE(rawStatus(raw), 200);
        QVERIFY(raw.contains("\r\nTransfer-Encoding: chunked\r\n"));
        QVERIFY(raw.endsWith("\r\n0\r\n\r\n"));
        QVERIFY(raw.contains(",plain,"));
        QVERIFY(!raw.contains("He said"));
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/export.csv?sort=bogus"), m_token).status,
                 422);
    }

    void largeCsvExportIsStreamedWhole()
    {
        const Result<Principal> admin =
            await(m_api->auth().localPrincipal(QStringLiteral("admin")));
        QVERIFY(admin.ok());
        for (int i = 0; i < 600; ++i) {
            NewTask task;
            task.title = QStringLiteral("bulk %1").arg(i);
            task.description = QString(300, QLatin1Char('x'));
            QVERIFY(await(m_api->tasks().create(task, admin.value())).ok());
        }
        const HttpResult r = m_api->get(QStringLiteral("/api/tasks/export.csv"), m_token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.count("\r\n"), 601);
        QVERIFY(r.body.size() > 180 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestApiTasks)
#include "tst_apitasks.moc"
