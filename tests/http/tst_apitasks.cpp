// /api/tasks over real sockets: exact JSON, ETag/If-Match, paging, query validation, search
// literals, delete and the streamed CSV export.
#include "ApiTestClient.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
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
