// /api/keys over the API and API keys as credentials: exact JSON and statuses of create, list and
// revoke; keys on GET/POST /api/tasks through both headers; the role checks (viewer key, read-only
// key, role above the caller's); expired, revoked, malformed keys and disabled owners; the stored
// hash; audit entries; revocation reaching a second instance on the same database within a
// second.
#include "ApiTestClient.h"
#include "TaskJson.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray bearer(const QString &credential)
{
    return "Bearer " + credential.toLatin1();
}

} // namespace

class TestApiKeys : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    HttpResult createKey(const QString &token, const QByteArray &json)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/keys"), token, json);
    }
    /// Creates a key with `json` and returns its secret (empty on failure).
    QString secretOf(const QString &token, const QByteArray &json)
    {
        const HttpResult r = createKey(token, json);
        if (r.status != 201) {
            qWarning("create key: %d %s", r.status, r.body.constData());
            return {};
        }
        return r.object().value(QLatin1String("key")).toString();
    }
    QString userId(const QString &username)
    {
        QVariant id;
        m_api->database().scalar(
            QStringLiteral("SELECT id FROM users WHERE username = '%1'").arg(username), &id);
        return QUuid::fromString(id.toString()).toString(QUuid::WithoutBraces);
    }
    HttpResult withKey(const QByteArray &method, const QString &path, const QString &key,
                       const QByteArray &json = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", bearer(key)}};
        if (!json.isNull())
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return m_api->request(method, path, {}, json, headers);
    }
    HttpResult newTask(const QString &key)
    {
        return withKey("POST", QStringLiteral("/api/tasks"), key, R"({"title":"by a script"})");
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
    }
    void cleanup() { m_api.reset(); }

    void createListRevokeExactJson()
    {
        const QString admin = m_api->adminToken();
        const HttpResult created = createKey(admin, R"({"name":"nightly import"})");
        QCOMPARE(created.status, 201);
        QCOMPARE(created.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject body = created.object();
        const QString secret = body.value(QLatin1String("key")).toString();
        QCOMPARE(secret.size(), 47);
        QVERIFY(secret.startsWith(QLatin1String("tdk_")));
        const QString id = body.value(QLatin1String("id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        const QString createdAt = body.value(QLatin1String("created_at")).toString();
        QVERIFY(json::parseTimestamp(createdAt).has_value());
        // Members in the server's (sorted) order; "key" only in this answer.
        const QByteArray head = "{\"created_at\":\"" + createdAt.toLatin1() +
                                "\",\"expires_at\":null,\"id\":\"" + id.toLatin1() + "\",";
        const QByteArray tail = "\"last_used_at\":null,\"name\":\"nightly import\",\"prefix\":\"" +
                                secret.left(12).toLatin1() +
                                "\",\"read_only\":false,\"role\":\"admin\",\"user_id\":\"" +
                                userId(QStringLiteral("admin")).toLatin1() +
                                "\",\"username\":\"admin\"}";
        QCOMPARE(created.body, head + "\"key\":\"" + secret.toLatin1() + "\"," + tail);
        const QByteArray expected = head + tail;

        const HttpResult list = m_api->get(QStringLiteral("/api/keys"), admin);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.body, "{\"keys\":[" + expected + "]}");

        const HttpResult revoked =
            m_api->request("DELETE", QStringLiteral("/api/keys/") + id, admin);
        QCOMPARE(revoked.status, 204);
        QCOMPARE(revoked.body, QByteArray());
        QCOMPARE(m_api->get(QStringLiteral("/api/keys"), admin).body, QByteArray(R"({"keys":[]})"));
        const HttpResult again = m_api->request("DELETE", QStringLiteral("/api/keys/") + id, admin);
        QCOMPARE(again.status, 404);
        QCOMPARE(again.body, QByteArray(R"({"detail":"API key not found"})"));
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/keys/not-a-uuid"), admin).status,
                 404);
        QCOMPARE(m_api->get(QStringLiteral("/api/keys")).status, 401);
    }

    void createWithEveryField()
    {
        const QString admin = m_api->adminToken();
        const HttpResult created = createKey(
            admin,
            R"({"name":"reports","role":"viewer","read_only":true,"expires_at":"2099-01-02T03:04:05+01:00"})");
        QCOMPARE(created.status, 201);
        const QJsonObject body = created.object();
        QCOMPARE(body.value(QLatin1String("role")).toString(), QStringLiteral("viewer"));
        QCOMPARE(body.value(QLatin1String("read_only")).toBool(), true);
        QCOMPARE(body.value(QLatin1String("expires_at")).toString(),
                 QStringLiteral("2099-01-02T02:04:05.000Z"));
        // The role defaults to the caller's.
        const QString operatorToken =
            m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        QCOMPARE(createKey(operatorToken, R"({"name":"o"})")
                     .object()
                     .value(QLatin1String("role"))
                     .toString(),
                 QStringLiteral("operator"));
    }

    void validation()
    {
        const QString admin = m_api->adminToken();
        HttpResult r = createKey(admin, "{}");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"Field required","type":"missing"}]})"));
        r = createKey(admin,
                      R"({"name":5,"role":"boss","read_only":"yes","expires_at":12,"extra":1})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","name"],"msg":"Input should be a valid string","type":"string_type"},)"
                R"({"loc":["body","role"],"msg":"Input should be 'admin', 'operator' or 'viewer'","type":"enum"},)"
                R"({"loc":["body","read_only"],"msg":"Input should be a valid boolean","type":"bool_type"},)"
                R"({"loc":["body","expires_at"],"msg":"Input should be a valid datetime","type":"datetime_type"},)"
                R"({"loc":["body","extra"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]})"));
        r = createKey(admin, R"({"name":"  ","expires_at":"tomorrow"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"String should "
                            "have at least 1 character\",\"type\":\"string_too_short\"},"
                            "{\"loc\":[\"body\",\"expires_at\"],\"msg\":\"Input should be a "
                            "valid datetime (ISO 8601 with a time zone)\",\"type\":"
                            "\"datetime_from_date_parsing\"}]}"));
        r = createKey(admin, "{\"name\":\"" + QByteArray(101, 'n') + "\"}");
        QCOMPARE(r.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"String should "
                            "have at most 100 characters\",\"type\":\"string_too_long\"}]}"));
        r = createKey(admin, R"({"name":"old","expires_at":"2020-01-01T00:00:00Z"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"body\",\"expires_at\"],\"msg\":\"Value "
                            "error, expires_at must be in the future\",\"type\":"
                            "\"value_error\"}]}"));
        // A role above the caller's own is a 422 on the field (docs/HTTP-SERVER.md).
        const QString viewer = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        r = createKey(viewer, R"({"name":"up","role":"operator"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"body\",\"role\"],\"msg\":\"Value error, "
                            "role must not be higher than your own (viewer)\",\"type\":"
                            "\"value_error\"}]}"));
        r = createKey(admin, "[1]");
        QCOMPARE(r.status, 422);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM api_keys")),
                 qint64(0));
    }

    void keyReadsAndWritesTasks()
    {
        const QString operatorToken =
            m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const QString key = secretOf(operatorToken, R"({"name":"script"})");
        QVERIFY(!key.isEmpty());
        const HttpResult created = newTask(key);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.object().value(QLatin1String("created_by")).toString(),
                 QStringLiteral("olga"));
        const HttpResult list = withKey("GET", QStringLiteral("/api/tasks"), key);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.object().value(QLatin1String("total")).toInt(), 1);
        // The same key through X-API-Key.
        const HttpResult viaHeader =
            m_api->request("POST", QStringLiteral("/api/tasks"), {}, R"({"title":"x"})",
                           {{"X-API-Key", key.toLatin1()}, {"Content-Type", "application/json"}});
        QCOMPARE(viaHeader.status, 201);
        QCOMPARE(m_api
                     ->request("GET", QStringLiteral("/api/tasks"), {}, {},
                               {{"X-API-Key", key.toLatin1()}})
                     .object()
                     .value(QLatin1String("total"))
                     .toInt(),
                 2);
        // A key may not make keys; it may read its owner's list.
        const HttpResult makeKey =
            withKey("POST", QStringLiteral("/api/keys"), key, R"({"name":"k"})");
        QCOMPARE(makeKey.status, 403);
        QCOMPARE(makeKey.body, QByteArray(R"({"detail":"API keys cannot create API keys"})"));
        QCOMPARE(withKey("GET", QStringLiteral("/api/keys"), key).status, 200);
        // Operator role: no admin routes.
        QCOMPARE(withKey("GET", QStringLiteral("/api/users"), key).status, 403);
        // Last use is recorded (off the request path, so it may take a moment).
        QTRY_VERIFY(m_api->get(QStringLiteral("/api/keys"), operatorToken)
                        .body.contains("\"last_used_at\":\"20"));
    }

    void viewerKeyCannotWrite()
    {
        const QString viewer = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        const QString key = secretOf(viewer, R"({"name":"dash"})");
        const HttpResult write = newTask(key);
        QCOMPARE(write.status, 403);
        QCOMPARE(write.body, QByteArray(R"({"detail":"Not enough permissions"})"));
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), key).status, 200);
        // An admin's key with the viewer role is a viewer too.
        const QString adminViewerKey =
            secretOf(m_api->adminToken(), R"({"name":"v","role":"viewer"})");
        QCOMPARE(newTask(adminViewerKey).status, 403);
        QCOMPARE(withKey("GET", QStringLiteral("/api/users"), adminViewerKey).status, 403);
    }

    void readOnlyKeyCannotWrite()
    {
        const QString key = secretOf(m_api->adminToken(), R"({"name":"ro","read_only":true})");
        const HttpResult write = newTask(key);
        QCOMPARE(write.status, 403);
        QCOMPARE(write.body,
                 QByteArray(R"({"detail":"Not enough permissions: the API key is read-only"})"));
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), key).status, 200);
        QCOMPARE(withKey("GET", QStringLiteral("/api/users"), key).status, 200); // admin reads
        const QString id = m_api->get(QStringLiteral("/api/keys"), m_api->adminToken())
                               .object()
                               .value(QLatin1String("keys"))
                               .toArray()
                               .at(0)
                               .toObject()
                               .value(QLatin1String("id"))
                               .toString();
        QCOMPARE(withKey("DELETE", QStringLiteral("/api/keys/") + id, key).status, 403);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM tasks")), qint64(0));
    }

    void expiredRevokedMalformedKeys()
    {
        const QString admin = m_api->adminToken();
        const QString expiring = secretOf(admin, R"({"name":"soon","expires_at":"2099-01-01"})");
        QVERIFY(m_api->database().execSql(
            QStringLiteral("UPDATE api_keys SET expires_at = 1000 WHERE name = 'soon'")));
        HttpResult r = withKey("GET", QStringLiteral("/api/tasks"), expiring);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Invalid or expired API key"})"));
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));

        const HttpResult created = createKey(admin, R"({"name":"gone"})");
        const QString revoked = created.object().value(QLatin1String("key")).toString();
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), revoked).status,
                 200); // cached now
        QCOMPARE(m_api
                     ->request("DELETE",
                               QStringLiteral("/api/keys/") +
                                   created.object().value(QLatin1String("id")).toString(),
                               admin)
                     .status,
                 204);
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), revoked).status, 401);

        const QString unknown = QStringLiteral("tdk_") + QString(43, QLatin1Char('A'));
        const QString stars = QStringLiteral("tdk_") + QString(43, QLatin1Char('*'));
        for (const QString &bad : QStringList{unknown, QStringLiteral("tdk_short"), stars}) {
            r = withKey("GET", QStringLiteral("/api/tasks"), bad);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.body, QByteArray(R"({"detail":"Invalid or expired API key"})"));
        }
        for (const QByteArray &bad : {QByteArray("garbage"), QByteArray("tdk_")}) {
            r = m_api->request("GET", QStringLiteral("/api/tasks"), {}, {}, {{"X-API-Key", bad}});
            QCOMPARE(r.status, 401);
            QCOMPARE(r.body, QByteArray(R"({"detail":"Invalid or expired API key"})"));
        }
        // A JWT is still a JWT; a non-key bearer is checked as an access token.
        r = withKey("GET", QStringLiteral("/api/tasks"), QStringLiteral("xyz"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Invalid or expired token"})"));
    }

    void disabledOrDemotedOwner()
    {
        const QString admin = m_api->adminToken();
        const QString adaToken = m_api->tokenForNewUser(QStringLiteral("ada"), Role::Admin);
        const QString key = secretOf(adaToken, R"({"name":"ada key"})");
        QCOMPARE(newTask(key).status, 201);
        const QString ada = userId(QStringLiteral("ada"));
        // Demoted to viewer: the admin key acts as a viewer.
        QCOMPARE(m_api
                     ->sendJson("PATCH", QStringLiteral("/api/users/") + ada, admin,
                                R"({"role":"viewer"})")
                     .status,
                 200);
        QTRY_COMPARE(newTask(key).status, 403);
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), key).status, 200);
        // Disabled: the key stops working.
        QCOMPARE(m_api
                     ->sendJson("PATCH", QStringLiteral("/api/users/") + ada, admin,
                                R"({"disabled":true})")
                     .status,
                 200);
        QTRY_COMPARE(withKey("GET", QStringLiteral("/api/tasks"), key).status, 401);
        // Deleted: its keys go with it.
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/users/") + ada, admin).status, 204);
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM api_keys")),
                 qint64(0));
        QCOMPARE(withKey("GET", QStringLiteral("/api/tasks"), key).status, 401);
    }

    void ownersAndAdmins()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const QString vic = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        QCOMPARE(createKey(olga, R"({"name":"o1"})").status, 201);
        const QString vicKeyId =
            createKey(vic, R"({"name":"v1"})").object().value(QLatin1String("id")).toString();
        QCOMPARE(createKey(admin, R"({"name":"a1"})").status, 201);

        const QJsonArray olgaKeys = m_api->get(QStringLiteral("/api/keys"), olga)
                                        .object()
                                        .value(QLatin1String("keys"))
                                        .toArray();
        QCOMPARE(olgaKeys.size(), 1);
        QCOMPARE(olgaKeys.at(0).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("o1"));
        const QJsonArray all = m_api->get(QStringLiteral("/api/keys"), admin)
                                   .object()
                                   .value(QLatin1String("keys"))
                                   .toArray();
        QStringList owners;
        for (const QJsonValue &key : all)
            owners << key.toObject().value(QLatin1String("username")).toString();
        // Listed by created_at, then id: keys made in the same millisecond (olga's and vic's,
        // one local round trip apart) come in id order, so compare the owners as a set.
        owners.sort();
        QCOMPARE(owners, (QStringList{QStringLiteral("admin"), QStringLiteral("olga"),
                                      QStringLiteral("vic")}));
        // Someone else's key: 404 for a non-admin, revocable by an admin.
        const HttpResult foreign =
            m_api->request("DELETE", QStringLiteral("/api/keys/") + vicKeyId, olga);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(foreign.body, QByteArray(R"({"detail":"API key not found"})"));
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/keys/") + vicKeyId, admin).status,
                 204);
        QCOMPARE(m_api->get(QStringLiteral("/api/keys"), vic).body, QByteArray(R"({"keys":[]})"));
    }

    void secretIsStoredOnlyAsHash()
    {
        const QString key = secretOf(m_api->adminToken(), R"({"name":"hashed"})");
        QVERIFY(!key.isEmpty());
        QVariant hash;
        QVERIFY(m_api->database().scalar(QStringLiteral("SELECT key_hash FROM api_keys"), &hash));
        QCOMPARE(hash.toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(key.toLatin1(), QCryptographicHash::Sha256).toHex()));
        QVariant prefix;
        QVERIFY(m_api->database().scalar(QStringLiteral("SELECT prefix FROM api_keys"), &prefix));
        QCOMPARE(prefix.toString(), key.left(12));
        // No column holds the key or any part of it after the prefix.
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE CAST(id AS TEXT) || "
                                    "CAST(user_id AS TEXT) || name || prefix || key_hash || role "
                                    "LIKE '%%1%'")
                         .arg(key.mid(12, 16))),
                 qint64(0));
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE "
                                                        "after_json LIKE '%%1%' OR before_json "
                                                        "LIKE '%%1%'")
                                             .arg(key.mid(12, 16))),
                 qint64(0));
    }

    void creationAndRevocationAreAudited()
    {
        const QString admin = m_api->adminToken();
        const QString olga = m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const HttpResult created = createKey(olga, R"({"name":"audited","read_only":true})");
        QJsonObject key = created.object();
        key.remove(QStringLiteral("key"));
        const QString id = key.value(QLatin1String("id")).toString();
        QCOMPARE(m_api->request("DELETE", QStringLiteral("/api/keys/") + id, admin).status, 204);

        const QJsonArray entries = m_api->get(QStringLiteral("/api/audit?target=") + id, admin)
                                       .object()
                                       .value(QLatin1String("entries"))
                                       .toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject revoke = entries.at(0).toObject();
        const QJsonObject create = entries.at(1).toObject();
        QCOMPARE(create.value(QLatin1String("action")).toString(),
                 QStringLiteral("api_key.create"));
        QCOMPARE(create.value(QLatin1String("username")).toString(), QStringLiteral("olga"));
        QCOMPARE(create.value(QLatin1String("target")).toString(), id);
        QCOMPARE(create.value(QLatin1String("before")), QJsonValue(QJsonValue::Null));
        QCOMPARE(compact(create.value(QLatin1String("after")).toObject()), compact(key));
        QCOMPARE(revoke.value(QLatin1String("action")).toString(),
                 QStringLiteral("api_key.revoke"));
        QCOMPARE(revoke.value(QLatin1String("username")).toString(), QStringLiteral("admin"));
        QCOMPARE(compact(revoke.value(QLatin1String("before")).toObject()), compact(key));
        QCOMPARE(revoke.value(QLatin1String("after")), QJsonValue(QJsonValue::Null));
        QCOMPARE(m_api->get(QStringLiteral("/api/audit?action=api_key.create"), admin)
                     .object()
                     .value(QLatin1String("total"))
                     .toInt(),
                 1);
    }

    void revocationReachesAnotherInstanceWithinASecond()
    {
        // Instance B: its own pool, services and server on the same database (as a second
        // process would have).
        ConnectionPool poolB(m_api->database().config(), 2);
        TaskService tasksB(&poolB);
        AuthService authB(&poolB, AuthOptions{});
        QVERIFY(await(authB.initialize()).ok());
        ApiKeyService keysB(&poolB);
        ApiServerOptions options;
        options.port = 0;
        ApiServer serverB(&tasksB, &authB, &keysB, &poolB, nullptr, options);
        QVERIFY(serverB.start());
        const QUrl tasksOnB(serverB.address() + QStringLiteral("/api/tasks"));

        const QString admin = m_api->adminToken();
        const HttpResult created = createKey(admin, R"({"name":"shared"})");
        const QString key = created.object().value(QLatin1String("key")).toString();
        // B knows the key (and caches the check).
        QCOMPARE(m_api->requestUrl("GET", tasksOnB, key).status, 200);
        QCOMPARE(m_api->requestUrl("GET", tasksOnB, key).status, 200);

        QElapsedTimer sinceRevoke;
        QCOMPARE(m_api
                     ->request("DELETE",
                               QStringLiteral("/api/keys/") +
                                   created.object().value(QLatin1String("id")).toString(),
                               admin)
                     .status,
                 204);
        sinceRevoke.start();
        int status = 0;
        while ((status = m_api->requestUrl("GET", tasksOnB, key).status) == 200 &&
               sinceRevoke.elapsed() < 3000)
            QTest::qWait(20);
        const qint64 elapsed = sinceRevoke.elapsed();
        QCOMPARE(status, 401);
        QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("401 on B after %1 ms").arg(elapsed)));
        serverB.stop();
    }
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
