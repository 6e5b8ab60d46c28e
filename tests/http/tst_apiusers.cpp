// /api/users over the API: admin only, exact JSON of list/create/update/delete, validation,
// conflicts (taken user name, last enabled admin) and the audit entry of every change.
#include "ApiTestClient.h"
#include "AuditLog.h"

#include <QRegularExpression>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiUsers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    HttpResult post(const QByteArray &json)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/users"), m_api->adminToken(), json);
    }
    HttpResult patch(const QString &id, const QByteArray &json)
    {
        return m_api->sendJson("PATCH", QStringLiteral("/api/users/") + id, m_api->adminToken(),
                               json);
    }
    HttpResult remove(const QString &id)
    {
        return m_api->request("DELETE", QStringLiteral("/api/users/") + id, m_api->adminToken());
    }
    QString adminId()
    {
        QVariant id;
        m_api->database().scalar(QStringLiteral("SELECT id FROM users WHERE username = 'admin'"),
                                 &id);
        return QUuid::fromString(id.toString()).toString(QUuid::WithoutBraces);
    }

private slots:
    void init()
    {
        m_api = std::make_unique<ApiTestClient>();
        if (!m_api->isValid())
            TASKDECK_SKIP_DB(m_api->skipReason());
    }
    void cleanup() { m_api.reset(); }

    void onlyAdminsManageUsers()
    {
        const QString operatorToken =
            m_api->tokenForNewUser(QStringLiteral("olga"), Role::Operator);
        const QString viewerToken = m_api->tokenForNewUser(QStringLiteral("vic"), Role::Viewer);
        for (const QString &token : {operatorToken, viewerToken}) {
            const HttpResult list = m_api->get(QStringLiteral("/api/users"), token);
            QCOMPARE(list.status, 403);
            QCOMPARE(list.body, QByteArray(R"({"detail":"Not enough permissions"})"));
            QCOMPARE(
                m_api
                    ->sendJson("POST", QStringLiteral("/api/users"), token,
                               R"({"username":"x1x","password":"long enough pw","role":"admin"})")
                    .status,
                403);
            QCOMPARE(
                m_api->request("DELETE", QStringLiteral("/api/users/") + adminId(), token).status,
                403);
        }
        QCOMPARE(m_api->get(QStringLiteral("/api/users")).status, 401);
    }

    void createListUpdateDelete()
    {
        const HttpResult created = post(
            R"({"username":"new.user-1","password":"twelve chars","email":"n@example.com","role":"operator"})");
        QCOMPARE(created.status, 201);
        const QJsonObject user = created.object();
        const QString id = user.value(QLatin1String("id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        const QString createdAt = user.value(QLatin1String("created_at")).toString();
        QVERIFY(!createdAt.isEmpty());
        QCOMPARE(created.header("Location"), QByteArray("/api/users/" + id.toLatin1()));
        QCOMPARE(
            created.body,
            QStringLiteral(
                R"({"created_at":"%1","disabled":false,"email":"n@example.com","id":"%2","role":"operator","username":"new.user-1"})")
                .arg(createdAt)
                .arg(id)
                .toUtf8());

        const HttpResult list = m_api->get(QStringLiteral("/api/users"), m_api->adminToken());
        QCOMPARE(list.status, 200);
        const QJsonArray users = list.object().value(QLatin1String("users")).toArray();
        QCOMPARE(users.size(), 2);
        QCOMPARE(users[0].toObject().value(QLatin1String("username")).toString(),
                 QStringLiteral("admin"));
        QCOMPARE(users[0].toObject().keys(),
                 (QStringList{QStringLiteral("created_at"), QStringLiteral("disabled"),
                              QStringLiteral("email"), QStringLiteral("id"), QStringLiteral("role"),
                              QStringLiteral("username")}));
        QCOMPARE(users[1].toObject(), user);

        const HttpResult updated = patch(id, R"({"email":null,"role":"viewer","disabled":true})");
        QCOMPARE(updated.status, 200);
        QCOMPARE(
            updated.body,
            QStringLiteral(
                R"({"created_at":"%1","disabled":true,"email":null,"id":"%2","role":"viewer","username":"new.user-1"})")
                .arg(createdAt)
                .arg(id)
                .toUtf8());
        QCOMPARE(m_api->database().count(
                     QStringLiteral("SELECT COUNT(*) FROM users WHERE username = 'new.user-1' AND "
                                    "role = 'viewer' AND disabled = TRUE AND email IS NULL")),
                 1);

        const HttpResult deleted = remove(id);
        QCOMPARE(deleted.status, 204);
        QCOMPARE(deleted.body, QByteArray());
        QCOMPARE(remove(id).status, 404);
        QCOMPARE(patch(id, R"({"role":"admin"})").status, 404);
        QCOMPARE(remove(QStringLiteral("not-a-uuid")).status, 404);

        // Every change left its audit entry (newest first), by the admin, without a hash.
        AuditFilter filter;
        filter.target = id;
        const Result<AuditPage> page = wait(m_api->database().pool()->run<AuditPage>(
            [filter](QSqlDatabase &db) { return audit::listAudit(db, filter, 0, 100); }));
        QVERIFY(page.ok());
        QStringList actions;
        for (const AuditEntry &entry : page.value().entries) {
            actions.append(entry.action);
            QCOMPARE(entry.username, QStringLiteral("admin"));
            const QByteArray sides = QJsonDocument(QJsonArray{entry.before, entry.after}).toJson();
            QVERIFY2(!sides.contains("password") && !sides.contains("pbkdf2"), sides);
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("user.delete"), QStringLiteral("user.update"),
                                       QStringLiteral("user.create")}));
        QCOMPARE(page.value().entries[2].before, QJsonValue(QJsonValue::Null));
        QCOMPARE(page.value().entries[2].after, QJsonValue(user));
        QCOMPARE(page.value().entries[1].before, QJsonValue(user));
        QCOMPARE(page.value().entries[0].after, QJsonValue(QJsonValue::Null));
    }

    void validation()
    {
        HttpResult r = post(R"({"username":"ab","password":"short","email":"nope","role":"boss"})");
        QCOMPARE(r.status, 422);
        const QJsonArray detail = r.object().value(QLatin1String("detail")).toArray();
        QStringList fields;
        for (const QJsonValue &error : detail)
            fields.append(error.toObject().value(QLatin1String("loc")).toArray()[1].toString());
        QCOMPARE(fields, QStringList{QStringLiteral("role")}); // types first, then the rules
        r = post(R"({"username":"ab","password":"short","role":"viewer"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","username"],"msg":"Username must be 3 to 64 characters of A-Z a-z 0-9 . _ -","type":"value_error"},{"loc":["body","password"],"msg":"Password must have at least 12 characters","type":"value_error"}]})"));
        // 11 code points (one outside the BMP) is too short; 12 is enough.
        QCOMPARE(
            post(QStringLiteral(R"({"username":"emoji","password":"abcdefghij😀","role":"viewer"})")
                     .toUtf8())
                .status,
            422);
        QCOMPARE(
            post(QStringLiteral(R"({"username":"emoji","password":"abcdefghijk😀","role":"viewer"})")
                     .toUtf8())
                .status,
            201);
        r = post(R"({"username":"emoji","password":"abcdefghijkl","role":"viewer"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Username already exists"})"));
        r = post(R"({"username":"x12","password":"abcdefghijkl","role":"viewer","admin":true})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","admin"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]})"));
        r = patch(adminId(), R"({"username":"root"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(
            r.body,
            QByteArray(
                R"({"detail":[{"loc":["body","username"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]})"));
        QCOMPARE(patch(adminId(), R"({"disabled":"yes"})").status, 422);
        QCOMPARE(patch(adminId(), R"({"email":"no-at-sign"})").status, 422);
    }

    void lastEnabledAdminStays()
    {
        const QString admin = adminId();
        const QByteArray lastAdmin =
            R"({"detail":"Cannot demote or disable the last enabled admin"})";
        HttpResult r = patch(admin, R"({"role":"operator"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, lastAdmin);
        r = patch(admin, R"({"disabled":true})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, lastAdmin);
        r = remove(admin);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Cannot delete the last enabled admin"})"));
        QCOMPARE(m_api->get(QStringLiteral("/api/auth/me"), m_api->adminToken()).status, 200);

        // A disabled second admin does not count; an enabled one does.
        const HttpResult second =
            post(R"({"username":"second","password":"second admin pw","role":"admin"})");
        QCOMPARE(second.status, 201);
        const QString secondId = second.object().value(QLatin1String("id")).toString();
        QCOMPARE(patch(secondId, R"({"disabled":true})").status, 200);
        QCOMPARE(patch(admin, R"({"role":"viewer"})").status, 409);
        QCOMPARE(patch(secondId, R"({"disabled":false})").status, 200);
        QCOMPARE(patch(admin, R"({"role":"viewer"})").status, 200);
        // The demotion takes effect at once: the old admin token now has viewer rights.
        QCOMPARE(m_api->get(QStringLiteral("/api/users"), m_api->adminToken()).status, 403);
    }
};

QTEST_GUILESS_MAIN(TestApiUsers)
#include "tst_apiusers.moc"
