// GET /api/openapi.json against the code it describes, over real sockets:
// - every route of the running server's route table is documented, with its access rule, minimum
//   role, JSON body and WebSocket upgrade, and every documented route is registered;
// - every field the body codecs accept and the task codec writes is described, no more;
// - real answers of every route (successes and errors) match the schema documented for their
//   status, strictly (an emitted field the schema lacks fails);
// - the document is valid OpenAPI, by @apidevtools/swagger-parser (tests/http/tools);
// - GET /api/docs and its files are served with the Content-Security-Policy.
#include "ApiKeyJson.h"
#include "ApiTestClient.h"
#include "BodyFields.h"
#include "DocsController.h"
#include "SavedViewJson.h"
#include "TaskBulk.h"
#include "TaskJson.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

/// A strict checker of JSON values against the document's schemas (the subset the document
/// uses: $ref, type (also lists), enum, const, format uuid / date-time, properties, required,
/// additionalProperties, items, oneOf; other keywords are reported). An object schema with
/// properties allows no other member unless additionalProperties is a schema.
class SchemaChecker
{
public:
    explicit SchemaChecker(QJsonObject document) : m_document(std::move(document)) {}

    QJsonValue pointer(const QString &ref) const
    {
        QJsonValue node = m_document;
        const QStringList parts = ref.mid(2).split(QLatin1Char('/'));
        for (const QString &part : parts)
            node = node.toObject().value(part);
        return node;
    }

    QJsonObject resolve(QJsonObject schema) const
    {
        while (schema.contains(QLatin1String("$ref")))
            schema = pointer(schema.value(QLatin1String("$ref")).toString()).toObject();
        return schema;
    }

    QStringList check(const QJsonValue &value, const QJsonObject &schema,
                      const QString &where) const
    {
        QStringList problems;
        check(value, schema, where, problems);
        return problems;
    }

private:
    static bool hasType(const QJsonValue &value, const QString &type)
    {
        if (type == u"null")
            return value.isNull();
        if (type == u"boolean")
            return value.isBool();
        if (type == u"string")
            return value.isString();
        if (type == u"number")
            return value.isDouble();
        if (type == u"integer")
            return value.isDouble() && std::trunc(value.toDouble()) == value.toDouble();
        if (type == u"object")
            return value.isObject();
        if (type == u"array")
            return value.isArray();
        return false;
    }

    void check(const QJsonValue &value, QJsonObject schema, const QString &where,
               QStringList &problems) const
    {
        schema = resolve(schema);
        for (const char *keyword : {"allOf", "anyOf", "not", "if", "patternProperties"}) {
            if (schema.contains(QLatin1String(keyword)))
                problems.append(where + QStringLiteral(": the checker does not know \"") +
                                QLatin1String(keyword) + QStringLiteral("\" (teach it)"));
        }
        if (schema.contains(QLatin1String("oneOf"))) {
            int matches = 0;
            for (const QJsonValue &option : schema.value(QLatin1String("oneOf")).toArray()) {
                QStringList optionProblems;
                check(value, option.toObject(), where, optionProblems);
                matches += optionProblems.isEmpty() ? 1 : 0;
            }
            if (matches != 1)
                problems.append(where + QStringLiteral(": matches %1 oneOf options").arg(matches));
            return;
        }
        const QJsonValue type = schema.value(QLatin1String("type"));
        if (!type.isUndefined()) {
            QStringList types;
            if (type.isArray()) {
                for (const QJsonValue &t : type.toArray())
                    types.append(t.toString());
            } else {
                types.append(type.toString());
            }
            bool ok = false;
            for (const QString &t : std::as_const(types))
                ok = ok || hasType(value, t);
            if (!ok) {
                problems.append(where + QStringLiteral(": ") +
                                QString::fromUtf8(json::toCompactJson(value)) +
                                QStringLiteral(" is not ") + types.join(QLatin1Char('|')));
                return;
            }
        }
        if (schema.contains(QLatin1String("const")) &&
            value != schema.value(QLatin1String("const")))
            problems.append(where + QStringLiteral(": not the documented constant"));
        if (schema.contains(QLatin1String("enum")) &&
            !schema.value(QLatin1String("enum")).toArray().contains(value))
            problems.append(where + QStringLiteral(": ") +
                            QString::fromUtf8(json::toCompactJson(value)) +
                            QStringLiteral(" is not in the enum"));
        if (value.isString()) {
            static const QRegularExpression uuid(
                QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
            static const QRegularExpression timestamp(
                QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
            const QString format = schema.value(QLatin1String("format")).toString();
            if (format == u"uuid" && !uuid.match(value.toString()).hasMatch())
                problems.append(where + QStringLiteral(": not a lowercase UUID"));
            if (format == u"date-time" && !timestamp.match(value.toString()).hasMatch())
                problems.append(where + QStringLiteral(": not a timestamp with milliseconds"));
        }
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
            const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
            for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray()) {
                if (!object.contains(name.toString()))
                    problems.append(where + QStringLiteral(": required member \"") +
                                    name.toString() + QStringLiteral("\" is missing"));
            }
            for (auto it = object.begin(); it != object.end(); ++it) {
                const QString member = where + QLatin1Char('.') + it.key();
                if (properties.contains(it.key()))
                    check(it.value(), properties.value(it.key()).toObject(), member, problems);
                else if (additional.isObject())
                    check(it.value(), additional.toObject(), member, problems);
                else if (!properties.isEmpty() || additional == QJsonValue(false))
                    problems.append(member + QStringLiteral(" is not documented"));
            }
        }
        if (value.isArray() && schema.contains(QLatin1String("items"))) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                check(array.at(i), schema.value(QLatin1String("items")).toObject(),
                      where + QStringLiteral("[%1]").arg(i), problems);
        }
    }

    QJsonObject m_document;
};

} // namespace

/// expectDocumented(), then out of the slot at its first failure.
#define EXPECT_DOCUMENTED(...)                                                                     \
    do {                                                                                           \
        expectDocumented(__VA_ARGS__);                                                             \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

class TestApiOpenApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QJsonObject m_document;
    QString m_token;

    QJsonObject paths() const { return m_document.value(QLatin1String("paths")).toObject(); }

    QJsonObject operation(const QString &path, const QByteArray &method) const
    {
        return paths()
            .value(path)
            .toObject()
            .value(QString::fromLatin1(method.toLower()))
            .toObject();
    }

    QJsonObject schema(const QString &name) const
    {
        return m_document.value(QLatin1String("components"))
            .toObject()
            .value(QLatin1String("schemas"))
            .toObject()
            .value(name)
            .toObject();
    }

    QStringList propertyNames(const QString &schemaName) const
    {
        return sorted(schema(schemaName).value(QLatin1String("properties")).toObject().keys());
    }

    /// Checks a real answer of METHOD PATH against the document: its status must be documented
    /// for the operation, and a JSON body must match the documented schema strictly; a
    /// response documented without content must come without a body.
    void expectDocumented(const QByteArray &method, const QString &path, const HttpResult &r,
                          int status)
    {
        QCOMPARE(r.status, status);
        const QString where = QString::fromLatin1(method) + QLatin1Char(' ') + path;
        const QJsonObject op = operation(path, method);
        QVERIFY2(!op.isEmpty(), qPrintable(where + QStringLiteral(" is not documented")));
        const SchemaChecker checker(m_document);
        const QJsonObject response = checker.resolve(op.value(QLatin1String("responses"))
                                                         .toObject()
                                                         .value(QString::number(status))
                                                         .toObject());
        QVERIFY2(!response.isEmpty(),
                 qPrintable(where + QStringLiteral(": status %1 is not documented").arg(status)));
        const QJsonObject content = response.value(QLatin1String("content")).toObject();
        if (content.isEmpty()) {
            QVERIFY2(r.body.isEmpty(), qPrintable(where + QStringLiteral(": body not documented")));
            return;
        }
        const QByteArray contentType = r.header("content-type");
        QVERIFY2(content.contains(QString::fromLatin1(contentType)),
                 qPrintable(where + QStringLiteral(": Content-Type ") +
                            QString::fromLatin1(contentType) +
                            QStringLiteral(" is not documented")));
        if (contentType != "application/json")
            return;
        const std::optional<QJsonValue> body = json::parseJsonValue(r.body);
        QVERIFY2(body, qPrintable(where + QStringLiteral(": body is not JSON")));
        const QJsonObject bodySchema = content.value(QLatin1String("application/json"))
                                           .toObject()
                                           .value(QLatin1String("schema"))
                                           .toObject();
        const QStringList problems =
            checker.check(*body, bodySchema, where + QStringLiteral(" %1 body").arg(status));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        const HttpResult r = m_api->get(QStringLiteral("/api/openapi.json"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        QJsonParseError error;
        m_document = QJsonDocument::fromJson(r.body, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        m_token = m_api->adminToken();
        QVERIFY(!m_token.isEmpty());
    }

    void cleanup() { m_api.reset(); }

    void servesTheDocumentAsItIs()
    {
        QFile file(QStringLiteral(TASKDECK_SOURCE_DIR "/resources/api/openapi.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(m_api->get(QStringLiteral("/api/openapi.json")).body, file.readAll());
        QCOMPARE(m_document.value(QLatin1String("openapi")).toString(), QStringLiteral("3.1.0"));
    }

    void everyRegisteredRouteIsDocumented()
    {
        const QList<ApiRouteInfo> routes = m_api->server().routes();
        QVERIFY(routes.size() >= 20);
        QSet<QString> registered;
        for (const ApiRouteInfo &route : routes) {
            const QString name =
                QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern;
            registered.insert(name);
            const QJsonObject op = operation(route.pattern, route.method);
            QVERIFY2(!op.isEmpty(),
                     qPrintable(name + QStringLiteral(" is registered but not documented in "
                                                      "resources/api/openapi.json")));
            const QJsonValue security = op.value(QLatin1String("security"));
            if (!route.authenticated) {
                QVERIFY2(security == QJsonArray(),
                         qPrintable(name + QStringLiteral(" is public: needs \"security\": []")));
                QVERIFY2(!op.contains(QLatin1String("x-taskdeck-min-role")), qPrintable(name));
            } else {
                QVERIFY2(security.isUndefined() || !security.toArray().isEmpty(),
                         qPrintable(name + QStringLiteral(" needs a token but is documented as "
                                                          "public")));
                const QString role =
                    route.minRole.isEmpty() ? QStringLiteral("viewer") : route.minRole;
                QVERIFY2(
                    op.value(QLatin1String("x-taskdeck-min-role")).toString() == role,
                    qPrintable(name + QStringLiteral(": x-taskdeck-min-role must be ") + role));
                QVERIFY2(op.value(QLatin1String("responses")).toObject().contains(u"401"),
                         qPrintable(name + QStringLiteral(": 401 not documented")));
            }
            const QJsonObject body = op.value(QLatin1String("requestBody")).toObject();
            QVERIFY2(route.jsonBody == !body.isEmpty(),
                     qPrintable(name + QStringLiteral(": requestBody documented %1, route takes "
                                                      "a JSON body %2")
                                           .arg(!body.isEmpty())
                                           .arg(route.jsonBody)));
            if (route.jsonBody) {
                QVERIFY2(body.value(QLatin1String("content")).toObject().keys() ==
                             QStringList{QStringLiteral("application/json")},
                         qPrintable(name));
                QVERIFY(body.value(QLatin1String("required")).toBool());
            }
            QVERIFY2(op.value(QLatin1String("x-taskdeck-websocket")).toBool() == route.webSocket,
                     qPrintable(name + QStringLiteral(": x-taskdeck-websocket")));
        }
        // The other way round: nothing documented that the server does not serve.
        for (const QString &path : paths().keys()) {
            for (const QString &method : paths().value(path).toObject().keys()) {
                if (method == u"parameters")
                    continue;
                const QString name = method.toUpper() + QLatin1Char(' ') + path;
                QVERIFY2(registered.contains(name),
                         qPrintable(name + QStringLiteral(" is documented but not registered")));
            }
        }
    }

    void everyCodecFieldIsDocumented()
    {
        // What the body parsers accept (anything else is a 422) ...
        QCOMPARE(propertyNames(QStringLiteral("TaskCreate")), sorted(json::taskCreateFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("TaskPatch")), sorted(json::taskPatchFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("UserCreate")), sorted(json::userCreateFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("UserPatch")), sorted(json::userPatchFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("LoginRequest")), sorted(json::loginFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("RefreshRequest")),
                 sorted(json::refreshFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("ApiKeyCreate")),
                 sorted(json::newApiKeyFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("TaskBulkRequest")),
                 sorted(json::taskBulkFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("SavedViewCreate")),
                 sorted(json::savedViewFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("SavedViewPatch")),
                 sorted(json::savedViewFieldNames()));
        QCOMPARE(propertyNames(QStringLiteral("SavedView")),
                 sorted(json::savedViewToJson(SavedView{}).keys()));
        // ... and what the task codec writes: every field, always present, in the contract's order
        // (which is also the CSV header's).
        QCOMPARE(propertyNames(QStringLiteral("Task")), sorted(json::taskFieldNames()));
        QStringList required;
        for (const QJsonValue &name :
             schema(QStringLiteral("Task")).value(QLatin1String("required")).toArray())
            required.append(name.toString());
        QCOMPARE(required, json::taskFieldNames());
        // Request bodies refuse unknown fields, and the document says so.
        for (const QString &name :
             {QStringLiteral("TaskCreate"), QStringLiteral("TaskPatch"),
              QStringLiteral("UserCreate"), QStringLiteral("UserPatch"),
              QStringLiteral("LoginRequest"), QStringLiteral("RefreshRequest"),
              QStringLiteral("TaskBulkRequest")})
            QCOMPARE(schema(name).value(QLatin1String("additionalProperties")), QJsonValue(false));
    }

    void answersMatchTheirSchemas()
    {
        using namespace Qt::StringLiterals;
        EXPECT_DOCUMENTED("GET", u"/api/health"_s, m_api->get(u"/api/health"_s), 200);
        const HttpResult login = m_api->postLogin(u"admin"_s, ApiTestClient::kAdminPassword);
        EXPECT_DOCUMENTED("POST", u"/api/auth/login"_s, login, 200);
        EXPECT_DOCUMENTED("POST", u"/api/auth/login"_s,
                          m_api->postLogin(u"admin"_s, u"wrong password!"_s), 401);
        EXPECT_DOCUMENTED("POST", u"/api/auth/login"_s,
                          m_api->sendJson("POST", u"/api/auth/login"_s, {}, R"({"user":"x"})"),
                          422);
        EXPECT_DOCUMENTED("POST", u"/api/auth/login"_s,
                          m_api->sendJson("POST", u"/api/auth/login"_s, {}, "{nope"), 400);
        const QString refreshToken = login.object().value("refresh_token"_L1).toString();
        EXPECT_DOCUMENTED("POST", u"/api/auth/refresh"_s, m_api->postRefresh(refreshToken), 200);
        EXPECT_DOCUMENTED("GET", u"/api/auth/me"_s, m_api->get(u"/api/auth/me"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/auth/me"_s, m_api->get(u"/api/auth/me"_s), 401);

        // Tasks: every field written once, and a task that went through its whole lifecycle
        // (started_at, completed_at and execution_time set).
        const HttpResult created = m_api->sendJson(
            "POST", u"/api/tasks"_s, m_token,
            R"({"title":"Documented","description":"d","category":"c","status":"in_progress",)"
            R"("priority":3,"cost":1.25})");
        EXPECT_DOCUMENTED("POST", u"/api/tasks"_s, created, 201);
        EXPECT_DOCUMENTED(
            "POST", u"/api/tasks"_s,
            m_api->sendJson("POST", u"/api/tasks"_s, m_token, R"({"title":"x","stauts":"y"})"),
            422);
        EXPECT_DOCUMENTED("POST", u"/api/tasks"_s,
                          m_api->request("POST", u"/api/tasks"_s, m_token, "title=x",
                                         {{"Content-Type", "text/plain"}}),
                          415);
        const QString id = created.object().value("id"_L1).toString();
        const QString taskPath = u"/api/tasks/"_s + id;
        EXPECT_DOCUMENTED("PATCH", u"/api/tasks/{id}"_s,
                          m_api->sendJson("PATCH", taskPath, m_token,
                                          R"({"status":"completed","result":{"rows":[1,2]},)"
                                          R"("error_message":null,"title":"Done"})"),
                          200);
        EXPECT_DOCUMENTED("PATCH", u"/api/tasks/{id}"_s,
                          m_api->sendJson("PATCH", taskPath, m_token, R"({"status":"pending"})"),
                          409);
        EXPECT_DOCUMENTED(
            "PATCH", u"/api/tasks/{id}"_s,
            m_api->request("PATCH", taskPath, m_token, R"({"priority":1})",
                           {{"Content-Type", "application/json"}, {"If-Match", "\"99\""}}),
            412);
        EXPECT_DOCUMENTED("GET", u"/api/tasks/{id}"_s, m_api->get(taskPath, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/tasks/{id}"_s,
                          m_api->get(u"/api/tasks/00000000-0000-0000-0000-000000000000"_s, m_token),
                          404);
        EXPECT_DOCUMENTED("GET", u"/api/tasks"_s, m_api->get(u"/api/tasks?limit=5"_s, m_token),
                          200);
        EXPECT_DOCUMENTED("GET", u"/api/tasks"_s, m_api->get(u"/api/tasks?limit=500"_s, m_token),
                          422);
        EXPECT_DOCUMENTED("GET", u"/api/tasks"_s, m_api->get(u"/api/tasks"_s), 401);
        EXPECT_DOCUMENTED("GET", u"/api/tasks/export.csv"_s,
                          m_api->get(u"/api/tasks/export.csv"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/metrics"_s, m_api->get(u"/api/metrics"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/tasks/metrics/summary"_s,
                          m_api->get(u"/api/tasks/metrics/summary"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/metrics/timeseries"_s,
                          m_api->get(u"/api/metrics/timeseries"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/metrics/timeseries"_s,
                          m_api->get(u"/api/metrics/timeseries?bucket=week"_s, m_token), 422);

        // Users and the audit log (which now holds task and user entries, before and after).
        const HttpResult user = m_api->sendJson(
            "POST", u"/api/users"_s, m_token,
            R"({"username":"documented","password":"long enough password","email":"d@example.com",)"
            R"("role":"viewer"})");
        EXPECT_DOCUMENTED("POST", u"/api/users"_s, user, 201);
        EXPECT_DOCUMENTED("POST", u"/api/users"_s,
                          m_api->sendJson("POST", u"/api/users"_s, m_token,
                                          R"({"username":"documented","password":"long enough )"
                                          R"(password","role":"viewer"})"),
                          409);
        const QString userPath = u"/api/users/"_s + user.object().value("id"_L1).toString();
        EXPECT_DOCUMENTED("PATCH", u"/api/users/{id}"_s,
                          m_api->sendJson("PATCH", userPath, m_token,
                                          R"({"email":null,"role":"operator","disabled":false,)"
                                          R"("password":"another long password"})"),
                          200);
        EXPECT_DOCUMENTED("GET", u"/api/users"_s, m_api->get(u"/api/users"_s, m_token), 200);
        const QString viewer = m_api->tokenForNewUser(u"viewer1"_s, Role::Viewer);
        EXPECT_DOCUMENTED("GET", u"/api/users"_s, m_api->get(u"/api/users"_s, viewer), 403);
        EXPECT_DOCUMENTED("POST", u"/api/tasks"_s,
                          m_api->sendJson("POST", u"/api/tasks"_s, viewer, R"({"title":"x"})"),
                          403);
        // Bulk actions that change nothing (the audit check below counts entries).
        EXPECT_DOCUMENTED(
            "POST", u"/api/tasks/bulk"_s,
            m_api->sendJson("POST", u"/api/tasks/bulk"_s, m_token,
                            R"({"action":"retry","ids":["00000000-0000-0000-0000-000000000001",)"
                            R"(")" +
                                id.toUtf8() + R"("]})"),
            200);
        EXPECT_DOCUMENTED("POST", u"/api/tasks/bulk"_s,
                          m_api->sendJson("POST", u"/api/tasks/bulk"_s, m_token,
                                          R"({"action":"explode","ids":[]})"),
                          422);
        EXPECT_DOCUMENTED("POST", u"/api/tasks/bulk"_s,
                          m_api->sendJson("POST", u"/api/tasks/bulk"_s, m_token,
                                          R"({"action":"cancel","filter":{"status":)"
                                          R"(["failed"]},"expected_total":99})"),
                          412);
        EXPECT_DOCUMENTED(
            "POST", u"/api/tasks/bulk"_s,
            m_api->sendJson("POST", u"/api/tasks/bulk"_s, viewer,
                            R"({"action":"delete","ids":[")" + id.toUtf8() + R"("]})"),
            403);
        EXPECT_DOCUMENTED("DELETE", u"/api/users/{id}"_s,
                          m_api->request("DELETE", userPath, m_token), 204);
        EXPECT_DOCUMENTED("DELETE", u"/api/users/{id}"_s,
                          m_api->request("DELETE", userPath, m_token), 404);
        EXPECT_DOCUMENTED("DELETE", u"/api/tasks/{id}"_s,
                          m_api->request("DELETE", taskPath, m_token), 204);
        const HttpResult audit = m_api->get(u"/api/audit?limit=100"_s, m_token);
        EXPECT_DOCUMENTED("GET", u"/api/audit"_s, audit, 200);
        QStringList actions; // newest first; the viewer was made through AuthService, unaudited
        for (const QJsonValue &entry : audit.object().value("entries"_L1).toArray())
            actions.append(entry.toObject().value("action"_L1).toString());
        QCOMPARE(actions, QStringList({u"task.delete"_s, u"user.delete"_s, u"user.update"_s,
                                       u"user.create"_s, u"task.update"_s, u"task.create"_s}));
        EXPECT_DOCUMENTED("GET", u"/api/audit"_s,
                          m_api->get(u"/api/audit?action=task.explode"_s, m_token), 422);

        // API keys (after the audit check above: creating and revoking one is audited) and the
        // Prometheus scrape, which is admin-only without --metrics-public.
        const HttpResult key = m_api->sendJson("POST", u"/api/keys"_s, m_token,
                                               R"({"name":"documented","role":"viewer"})");
        EXPECT_DOCUMENTED("POST", u"/api/keys"_s, key, 201);
        EXPECT_DOCUMENTED("POST", u"/api/keys"_s,
                          m_api->sendJson("POST", u"/api/keys"_s, m_token, R"({"name":""})"), 422);
        EXPECT_DOCUMENTED("GET", u"/api/keys"_s, m_api->get(u"/api/keys"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/api/keys"_s, m_api->get(u"/api/keys"_s), 401);
        const QString keyPath = "/api/keys/"_L1 + key.object().value("id"_L1).toString();
        EXPECT_DOCUMENTED("DELETE", u"/api/keys/{id}"_s, m_api->request("DELETE", keyPath, m_token),
                          204);
        EXPECT_DOCUMENTED("DELETE", u"/api/keys/{id}"_s, m_api->request("DELETE", keyPath, m_token),
                          404);
        // Saved views.
        const HttpResult view = m_api->sendJson("POST", u"/api/views"_s, m_token,
                                                R"({"name":"documented","query":"status=failed"})");
        EXPECT_DOCUMENTED("POST", u"/api/views"_s, view, 201);
        EXPECT_DOCUMENTED("POST", u"/api/views"_s,
                          m_api->sendJson("POST", u"/api/views"_s, m_token,
                                          R"({"name":"documented","query":""})"),
                          409);
        EXPECT_DOCUMENTED("POST", u"/api/views"_s,
                          m_api->sendJson("POST", u"/api/views"_s, m_token,
                                          R"({"name":"x","query":"sort=colour"})"),
                          422);
        EXPECT_DOCUMENTED("GET", u"/api/views"_s, m_api->get(u"/api/views"_s, m_token), 200);
        const QString viewPath = "/api/views/"_L1 + view.object().value("id"_L1).toString();
        EXPECT_DOCUMENTED("PATCH", u"/api/views/{id}"_s,
                          m_api->sendJson("PATCH", viewPath, m_token, R"({"shared":true})"), 200);
        EXPECT_DOCUMENTED("PATCH", u"/api/views/{id}"_s,
                          m_api->sendJson("PATCH", viewPath, m_token, R"({"shared":1})"), 422);
        EXPECT_DOCUMENTED("DELETE", u"/api/views/{id}"_s,
                          m_api->request("DELETE", viewPath, m_token), 204);
        EXPECT_DOCUMENTED("DELETE", u"/api/views/{id}"_s,
                          m_api->request("DELETE", viewPath, m_token), 404);
        EXPECT_DOCUMENTED("GET", u"/metrics"_s, m_api->get(u"/metrics"_s, m_token), 200);
        EXPECT_DOCUMENTED("GET", u"/metrics"_s, m_api->get(u"/metrics"_s), 401);

        // The live events route without the upgrade, and logout last (it ends the session).
        EXPECT_DOCUMENTED("GET", u"/api/events"_s, m_api->get(u"/api/events"_s, m_token), 426);
        EXPECT_DOCUMENTED("GET", u"/api/openapi.json"_s, m_api->get(u"/api/openapi.json"_s), 200);
        EXPECT_DOCUMENTED("GET", u"/api/docs"_s, m_api->get(u"/api/docs"_s), 200);
        EXPECT_DOCUMENTED("POST", u"/api/auth/logout"_s,
                          m_api->request("POST", u"/api/auth/logout"_s, m_token), 204);
    }

    void docsPageAndFilesCarryThePolicy()
    {
        using namespace Qt::StringLiterals;
        const HttpResult page = m_api->get(u"/api/docs"_s);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("content-type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(page.header("content-security-policy"),
                 QByteArray("default-src 'none'; script-src 'self'; style-src 'self'; img-src "
                            "'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
                            "form-action 'none'; frame-ancestors 'none'"));
        QCOMPARE(page.header("x-content-type-options"), QByteArray("nosniff"));
        QVERIFY(!page.body.contains("<script>")); // no inline script: the policy forbids it
        const struct
        {
            const char *file;
            const char *source;
            const char *contentType;
        } files[] = {
            {"swagger-ui-bundle.js", "third_party/swagger-ui/swagger-ui-bundle.js",
             "text/javascript; charset=utf-8"},
            {"swagger-ui.css", "third_party/swagger-ui/swagger-ui.css", "text/css; charset=utf-8"},
            {"docs.js", "resources/api/docs/docs.js", "text/javascript; charset=utf-8"},
            {"docs.css", "resources/api/docs/docs.css", "text/css; charset=utf-8"},
        };
        for (const auto &file : files) {
            const HttpResult r = m_api->get(u"/api/docs/"_s + QString::fromLatin1(file.file));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("content-type"), QByteArray(file.contentType));
            QCOMPARE(r.header("content-security-policy"),
                     QByteArray(http::kDocsContentSecurityPolicy));
            QFile source(QStringLiteral(TASKDECK_SOURCE_DIR "/") +
                         QString::fromLatin1(file.source));
            QVERIFY(source.open(QIODevice::ReadOnly));
            QCOMPARE(QCryptographicHash::hash(r.body, QCryptographicHash::Sha256),
                     QCryptographicHash::hash(source.readAll(), QCryptographicHash::Sha256));
        }
        const HttpResult missing = m_api->get(u"/api/docs/index.js"_s);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, QByteArray(R"({"detail":"Not Found"})"));
        QCOMPARE(m_api->get(u"/api/docs/..%2Fopenapi.json"_s).status, 404);
    }

    void documentIsValidOpenApi()
    {
        // The validator runs on what the server sends, fetched over HTTP. Missing node or the
        // npm packages is a failure, not a skip (CTest's fixture node_tools installs them).
        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(TASKDECK_NODE_MODULES));
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"),
                   {QStringLiteral(TASKDECK_SOURCE_DIR "/tests/http/tools/validate-openapi.cjs"),
                    QStringLiteral("http://127.0.0.1:%1/api/openapi.json").arg(m_api->port())});
        QVERIFY2(node.waitForStarted(), "node is missing (scripts/deps.sh installs nodejs)");
        // The server answers in its own thread: this thread may block.
        QVERIFY(node.waitForFinished(60'000));
        const QByteArray output = node.readAll();
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
                 output.constData());
        QVERIFY2(output.startsWith("valid: OpenAPI 3.1.0, "), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestApiOpenApi)
#include "tst_apiopenapi.moc"
