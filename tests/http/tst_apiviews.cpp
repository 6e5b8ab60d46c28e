// /api/views (saved views of the task list, issue 11 item 4) over real sockets on both
// databases: exact JSON of create, list, patch and delete; per-user isolation, shared views
// (visible to all, changed only by the owner or an admin), one default per owner, name
// conflicts per owner, validation of the body and of the query with GET /api/tasks' parser, the
// viewer keeping their own views, and the audit entries.
#include "ApiTestClient.h"
#include "TaskJson.h"
#include "TaskQueryString.h"

#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;
using namespace Qt::StringLiterals;

class TestApiViews : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    HttpResult post(const QString &token, const QByteArray &json)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/views"), token, json);
    }
    HttpResult patch(const QString &token, const QString &id, const QByteArray &json)
    {
        return m_api->sendJson("PATCH", QStringLiteral("/api/views/") + id, token, json);
    }
    HttpResult remove(const QString &token, const QString &id)
    {
        return m_api->request("DELETE", QStringLiteral("/api/views/") + id, token);
    }
    /// Creates a view and returns its id (empty on failure).
    QString create(const QString &token, const QByteArray &json)
    {
        const HttpResult r = post(token, json);
        if (r.status != 201) {
            qWarning("create view: %d %s", r.status, r.body.constData());
            return {};
        }
        return r.object().value(QLatin1String("id")).toString();
    }
    /// Names in GET /api/views order, "*" after the default.
    QStringList names(const QString &token)
    {
        QStringList result;
        const QJsonArray views = m_api->get(QStringLiteral("/api/views"), token)
                                     .object()
                                     .value(QLatin1String("views"))
                                     .toArray();
        for (const QJsonValue &view : views)
            result.append(
                view.toObject().value(QLatin1String("name")).toString() +
                (view.toObject().value(QLatin1String("is_default")).toBool() ? u"*"_s : QString()));
        return result;
    }
    QString userId(const QString &username)
    {
        QVariant id;
        m_api->database().scalar(
            QStringLiteral("SELECT id FROM users WHERE username = '%1'").arg(username), &id);
        return QUuid::fromString(id.toString()).toString(QUuid::WithoutBraces);
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
    }
    void cleanup() { m_api.reset(); }

    void createListPatchDeleteExactJson()
    {
        const QString admin = m_api->adminToken();
        const HttpResult created = post(
            admin,
            R"({"name":"Failed imports","query":"status=failed&category=import&sort=created_at&order=desc","shared":false,"columns":["title","status","cost"]})");
        QCOMPARE(created.status, 201);
        const QString id = created.object().value(QLatin1String("id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        const QString at = created.object().value(QLatin1String("created_at")).toString();
        QVERIFY(json::parseTimestamp(at).has_value());
        const QByteArray expected =
            "{\"columns\":[\"title\",\"status\",\"cost\"],\"created_at\":\"" + at.toLatin1() +
            "\",\"id\":\"" + id.toLatin1() +
            "\",\"is_default\":false,\"name\":\"Failed imports\",\"query\":\"status=failed&"
            "category=import&sort=created_at&order=desc\",\"shared\":false,\"updated_at\":\"" +
            at.toLatin1() + "\",\"user_id\":\"" + userId(QStringLiteral("admin")).toLatin1() +
            "\",\"username\":\"admin\"}";
        QCOMPARE(created.body, expected);
        const HttpResult list = m_api->get(QStringLiteral("/api/views"), admin);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.body, "{\"views\":[" + expected + "]}");

        const HttpResult patched =
            patch(admin, id, R"({"name":"Failed","shared":true,"is_default":true})");
        QCOMPARE(patched.status, 200);
        const QJsonObject after = patched.object();
        QCOMPARE(after.value(QLatin1String("name")).toString(), QStringLiteral("Failed"));
        QCOMPARE(after.value(QLatin1String("shared")).toBool(), true);
        QCOMPARE(after.value(QLatin1String("is_default")).toBool(), true);
        QCOMPARE(after.value(QLatin1String("query")).toString(),
                 QStringLiteral("status=failed&category=import&sort=created_at&order=desc"));
        QCOMPARE(after.value(QLatin1String("columns")).toArray(),
                 (QJsonArray{QStringLiteral("title"), QStringLiteral("status"),
                             QStringLiteral("cost")}));
        QCOMPARE(after.value(QLatin1String("created_at")).toString(), at);
        QVERIFY(*json::parseTimestamp(after.value(QLatin1String("updated_at")).toString()) >=
                *json::parseTimestamp(at));
        QCOMPARE(m_api->get(QStringLiteral("/api/views"), admin).body,
                 "{\"views\":[" + QJsonDocument(after).toJson(QJsonDocument::Compact) + "]}");

        const HttpResult deleted = remove(admin, id);
        QCOMPARE(deleted.status, 204);
        QCOMPARE(deleted.body, QByteArray());
        QCOMPARE(m_api->get(QStringLiteral("/api/views"), admin).body,
                 QByteArray(R"({"views":[]})"));
        const HttpResult again = remove(admin, id);
        QCOMPARE(again.status, 404);
        QCOMPARE(again.body, QByteArray(R"({"detail":"View not found"})"));
        QCOMPARE(patch(admin, id, R"({"name":"x"})").status, 404);
        QCOMPARE(remove(admin, QStringLiteral("not-a-uuid")).status, 404);
        QCOMPARE(m_api->get(QStringLiteral("/api/views")).status, 401);
    }

    void defaultsAndOptionalMembers()
    {
        const QString admin = m_api->adminToken();
        const HttpResult r = post(admin, R"({"name":"All","query":"?"})");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(QLatin1String("query")).toString(), QString());
        QCOMPARE(r.object().value(QLatin1String("columns")).toArray(), QJsonArray());
        QCOMPARE(r.object().value(QLatin1String("shared")).toBool(true), false);
        QCOMPARE(r.object().value(QLatin1String("is_default")).toBool(true), false);
        // A leading '?' is dropped.
        QCOMPARE(
            post(admin, R"({"name":"Q","query":"?q=disk"})").object().value(QLatin1String("query")),
            QJsonValue(QStringLiteral("q=disk")));
    }

    void perUserIsolationAndSharing()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const QString vic = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        const QString olgaPrivate = create(olga, R"({"name":"mine","query":"status=pending"})");
        const QString olgaShared =
            create(olga, R"({"name":"team","query":"status=failed","shared":true})");
        const QString vicOwn = create(vic, R"({"name":"mine","query":"sort=title&order=asc"})");
        QVERIFY(!olgaPrivate.isEmpty() && !olgaShared.isEmpty() && !vicOwn.isEmpty());

        // Own first (by name), then others' shared views.
        QCOMPARE(names(olga), (QStringList{u"mine"_s, u"team"_s}));
        QCOMPARE(names(vic), (QStringList{u"mine"_s, u"team"_s}));
        QCOMPARE(names(admin), (QStringList{u"team"_s}));
        const QJsonArray vicViews = m_api->get(QStringLiteral("/api/views"), vic)
                                        .object()
                                        .value(QLatin1String("views"))
                                        .toArray();
        QCOMPARE(vicViews.at(0).toObject().value(QLatin1String("id")).toString(), vicOwn);
        QCOMPARE(vicViews.at(1).toObject().value(QLatin1String("id")).toString(), olgaShared);
        QCOMPARE(vicViews.at(1).toObject().value(QLatin1String("username")).toString(),
                 QStringLiteral("olga"));

        // Another user's private view does not exist for anyone else, admins included.
        for (const QString &token : {vic, admin}) {
            QCOMPARE(patch(token, olgaPrivate, R"({"name":"x"})").body,
                     QByteArray(R"({"detail":"View not found"})"));
            QCOMPARE(remove(token, olgaPrivate).status, 404);
        }
        // A shared view: others read it, only the owner or an admin change it.
        HttpResult r = patch(vic, olgaShared, R"({"query":"status=cancelled"})");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Not enough permissions"})"));
        QCOMPARE(remove(vic, olgaShared).status, 403);
        r = patch(admin, olgaShared, R"({"query":"status=cancelled"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("username")).toString(), QStringLiteral("olga"));
        // Only the owner picks their default.
        r = patch(admin, olgaShared, R"({"is_default":true})");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Only the owner chooses their default view"})"));
        // Unsharing hides it from the others again.
        QCOMPARE(patch(olga, olgaShared, R"({"shared":false})").status, 200);
        QCOMPARE(names(vic), (QStringList{u"mine"_s}));
        QCOMPARE(names(admin), QStringList());
        QCOMPARE(patch(olga, olgaShared, R"({"shared":true})").status, 200);
        QCOMPARE(remove(admin, olgaShared).status, 204);
        QCOMPARE(names(olga), (QStringList{u"mine"_s}));
    }

    void nameUniquePerOwner()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        QVERIFY(!create(admin, R"({"name":"Failed","query":"status=failed"})").isEmpty());
        HttpResult r = post(admin, R"({"name":"Failed","query":""})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, QByteArray(R"({"detail":"A view with this name already exists"})"));
        // Leading and trailing spaces are not part of the name.
        QCOMPARE(post(admin, R"({"name":" Failed ","query":""})").status, 409);
        // Another owner may use the same name.
        QVERIFY(!create(olga, R"({"name":"Failed","query":""})").isEmpty());
        const QString other = create(admin, R"({"name":"Other","query":""})");
        r = patch(admin, other, R"({"name":"Failed"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, QByteArray(R"({"detail":"A view with this name already exists"})"));
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM saved_views")),
                 qint64(3));
    }

    void oneDefaultPerOwner()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const QString a = create(admin, R"({"name":"a","query":"","is_default":true})");
        const QString b = create(admin, R"({"name":"b","query":""})");
        const QString o = create(olga, R"({"name":"o","query":"","is_default":true})");
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !o.isEmpty());
        QCOMPARE(names(admin), (QStringList{u"a*"_s, u"b"_s}));
        QCOMPARE(patch(admin, b, R"({"is_default":true})").status, 200);
        QCOMPARE(names(admin), (QStringList{u"a"_s, u"b*"_s}));
        QVERIFY(!create(admin, R"({"name":"c","query":"","is_default":true})").isEmpty());
        QCOMPARE(names(admin), (QStringList{u"a"_s, u"b"_s, u"c*"_s}));
        QCOMPARE(names(olga), (QStringList{u"o*"_s})); // other owners keep theirs
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM saved_views WHERE is_default = TRUE")),
                 qint64(2));
    }

    void viewerKeepsOwnViews()
    {
        const QString vic = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        const QString id = create(vic, R"({"name":"mine","query":"status=completed"})");
        QVERIFY(!id.isEmpty());
        QCOMPARE(patch(vic, id, R"({"shared":true,"is_default":true})").status, 200);
        QCOMPARE(names(vic), (QStringList{u"mine*"_s}));
        QCOMPARE(remove(vic, id).status, 204);
    }

    void validation()
    {
        const QString admin = m_api->adminToken();
        HttpResult r = post(admin, "{}");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"Field required","type":"missing"},)"
                R"({"loc":["body","query"],"msg":"Field required","type":"missing"}]})"));
        r = post(admin,
                 R"({"name":1,"query":2,"shared":"yes","is_default":0,"columns":"title","x":1})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"Input should be a valid string","type":"string_type"},)"
                R"({"loc":["body","query"],"msg":"Input should be a valid string","type":"string_type"},)"
                R"({"loc":["body","columns"],"msg":"Input should be a valid list","type":"list_type"},)"
                R"({"loc":["body","shared"],"msg":"Input should be a valid boolean","type":"bool_type"},)"
                R"({"loc":["body","is_default"],"msg":"Input should be a valid boolean","type":"bool_type"},)"
                R"({"loc":["body","x"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]})"));
        r = post(admin, R"({"name":" ","query":"","columns":["title","title"]})");
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"String should have at least 1 character","type":"string_too_short"},)"
                R"({"loc":["body","columns","1"],"msg":"Value error, column 'title' is listed twice","type":"value_error"}]})"));
        r = post(admin, R"({"name":"n","query":"","columns":["title","colour"]})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object()
                     .value(QLatin1String("detail"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("loc"))
                     .toArray(),
                 (QJsonArray{u"body"_s, u"columns"_s, u"1"_s}));
        r = post(admin, "{\"name\":\"" + QByteArray(101, 'n') + "\",\"query\":\"\"}");
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"String should have at most 100 characters","type":"string_too_long"}]})"));
        r = post(admin, "{\"name\":\"n\",\"query\":\"q=" + QByteArray(2000, 'x') + "\"}");
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","query"],"msg":"String should have at most 2000 characters","type":"string_too_long"}]})"));

        // The query is checked by GET /api/tasks' own parser, loc {"body","query",parameter}.
        r = post(admin, R"({"name":"n","query":"status=broken&sort=colour&order=up&limit=0"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","query","limit"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal"},)"
                R"({"loc":["body","query","status"],"msg":"Input should be 'pending', 'in_progress', 'completed', 'failed' or 'cancelled'","type":"enum"},)"
                R"({"loc":["body","query","sort"],"msg":"Input should be 'created_at', 'updated_at', 'title', 'status', 'priority', 'cost', 'category', 'started_at', 'completed_at' or 'execution_time'","type":"enum"},)"
                R"({"loc":["body","query","order"],"msg":"Input should be 'asc' or 'desc'","type":"enum"}]})"));
        // Parameters GET /api/tasks does not know are refused here (it would ignore them).
        r = post(admin, R"({"name":"n","query":"sort_by=created_at&sort_order=desc"})");
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","query","sort_by"],"msg":"Value error, not a parameter of GET /api/tasks","type":"value_error"},)"
                R"({"loc":["body","query","sort_order"],"msg":"Value error, not a parameter of GET /api/tasks","type":"value_error"}]})"));
        // A cursor is a position in one listing, not part of a view.
        r = post(admin, R"({"name":"n","query":"status=failed&cursor=abc"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"x({"detail":[{"loc":["body","query","cursor"],"msg":"Value error, a view keeps no cursor (a position in one listing)","type":"value_error"}]})x"));
        r = post(admin, R"({"name":"n","query":"created_after=yesterday&category=%FF"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object().value(QLatin1String("detail")).toArray().size(), 2);
        // PATCH checks the same way; nothing was stored by any of the above.
        const QString id = create(admin, R"({"name":"ok","query":"status=failed,cancelled"})");
        QVERIFY(!id.isEmpty());
        r = patch(admin, id, R"({"query":"order=sideways","shared":null})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","shared"],"msg":"Input should be a valid boolean","type":"bool_type"}]})"));
        r = patch(admin, id, R"({"query":"order=sideways"})");
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","query","order"],"msg":"Input should be 'asc' or 'desc'","type":"enum"}]})"));
        QCOMPARE(names(admin), (QStringList{u"ok"_s}));
    }

    void windowQueryStringsRoundTrip()
    {
        // The window saves its filter with json::taskFilterToQuery(): the API accepts every such
        // string, GET /api/tasks reads it, and the window reads back the same filter.
        TaskFilter filter;
        filter.statuses = {TaskStatus::Failed, TaskStatus::Cancelled};
        filter.category = u"a b&c=d"_s;
        filter.search = u"100% + \u00fc"_s;
        filter.createdAfter = 0;
        filter.createdBefore = 86'400'000;
        filter.priorities = {3, 2};
        filter.completedAfter = 1'780'000'000'123;
        filter.completedBefore = 1'780'003'600'000;
        filter.sort = TaskSortField::Title;
        filter.order = SortOrder::Ascending;
        const QString query = json::taskFilterToQuery(filter);
        QVERIFY2(query.contains(u"&priority=3,2&completed_after=2026-05-28T20%3A26%3A40.123Z&"
                                u"completed_before=2026-05-28T21%3A26%3A40.000Z&"_s),
                 qPrintable(query));
        QCOMPARE(json::taskFilterFromQuery(query), filter);
        QCOMPARE(json::taskFilterFromQuery(json::taskFilterToQuery(TaskFilter{})), TaskFilter{});
        const QString admin = m_api->adminToken();
        const HttpResult r =
            post(admin, QJsonDocument(QJsonObject{{u"name"_s, u"w"_s}, {u"query"_s, query}})
                            .toJson(QJsonDocument::Compact));
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(QLatin1String("query")).toString(), query);
        QCOMPARE(m_api->get(u"/api/tasks?"_s + query, admin).status, 200);
    }

    void audited()
    {
        const QString admin = m_api->adminToken();
        const QString id = create(admin, R"({"name":"a","query":"q=x"})");
        QVERIFY(!id.isEmpty());
        QCOMPARE(patch(admin, id, R"({"name":"b"})").status, 200);
        // A PATCH that changes nothing writes nothing.
        QCOMPARE(patch(admin, id, R"({"name":"b"})").status, 200);
        QCOMPARE(remove(admin, id).status, 204);
        const HttpResult r =
            m_api->get(QStringLiteral("/api/audit?target=%1&limit=10").arg(id), admin);
        QCOMPARE(r.status, 200);
        const QJsonArray entries = r.object().value(QLatin1String("entries")).toArray();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).toObject().value(QLatin1String("action")).toString(),
                 QStringLiteral("view.delete"));
        QCOMPARE(entries.at(1).toObject().value(QLatin1String("action")).toString(),
                 QStringLiteral("view.update"));
        QCOMPARE(entries.at(2).toObject().value(QLatin1String("action")).toString(),
                 QStringLiteral("view.create"));
        QCOMPARE(entries.at(0).toObject().value(QLatin1String("after")),
                 QJsonValue(QJsonValue::Null));
        QCOMPARE(entries.at(0)
                     .toObject()
                     .value(QLatin1String("before"))
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 QStringLiteral("b"));
        QCOMPARE(entries.at(1)
                     .toObject()
                     .value(QLatin1String("before"))
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 QStringLiteral("a"));
        QCOMPARE(entries.at(1)
                     .toObject()
                     .value(QLatin1String("after"))
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 QStringLiteral("b"));
        QCOMPARE(entries.at(2).toObject().value(QLatin1String("username")).toString(),
                 QStringLiteral("admin"));
        QCOMPARE(m_api->get(QStringLiteral("/api/audit?action=view.create"), admin)
                     .object()
                     .value(QLatin1String("total"))
                     .toInt(),
                 1);
    }

    void deletingTheOwnerDeletesTheirViews()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        QVERIFY(!create(olga, R"({"name":"team","query":"","shared":true})").isEmpty());
        QCOMPARE(names(admin), (QStringList{u"team"_s}));
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/users/") + userId(u"olga"_s), admin)
                     .status,
                 204);
        QCOMPARE(names(admin), QStringList());
    }
};

QTEST_MAIN(TestApiViews)
#include "tst_apiviews.moc"
