// GET /api/audit over real sockets: task mutations from the API and from TaskService directly
// (as the GUI makes them) with exact before/after, newest first, filters, paging, failures that
// leave no entry, admin-only access and query validation.
#include "ApiTestClient.h"

#include "TaskJson.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiAudit : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

    /// Entry id (a UUID string) -> its ordinal, oldest = 1, read from the unfiltered list.
    QHash<QString, qint64> ordinals()
    {
        const QJsonObject all =
            m_api->get(QStringLiteral("/api/audit?limit=100"), m_token).object();
        const QJsonArray list = all.value(QLatin1String("entries")).toArray();
        QHash<QString, qint64> out;
        for (qsizetype i = 0; i < list.size(); ++i)
            out.insert(list.at(i).toObject().value(QLatin1String("id")).toString(),
                       list.size() - i);
        return out;
    }

    /// GET /api/audit with each entry's id checked to be a canonical random UUID (lowercase,
    /// version 4, no braces) and replaced by its ordinal, so expectations can name entries.
    QJsonObject audit(const QString &query = {})
    {
        const HttpResult r = m_api->get(QStringLiteral("/api/audit") + query, m_token);
        if (r.status != 200)
            qWarning("audit failed: %d %s", r.status, r.body.constData());
        static const QRegularExpression uuid(QStringLiteral(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        const QHash<QString, qint64> numbers = ordinals();
        QJsonObject page = r.object();
        QJsonArray entries = page.value(QLatin1String("entries")).toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QJsonObject entry = entries.at(i).toObject();
            const QString id = entry.value(QLatin1String("id")).toString();
            qint64 number = numbers.value(id, -1);
            if (!uuid.match(id).hasMatch()) {
                qWarning("audit entry id is not a canonical UUID string: %s",
                         QJsonDocument(entry).toJson(QJsonDocument::Compact).constData());
                number = -1;
            }
            entry.insert(QStringLiteral("id"), number);
            entries.replace(i, entry);
        }
        page.insert(QStringLiteral("entries"), entries);
        return page;
    }

    QJsonArray entries(const QString &query = {})
    {
        return audit(query).value(QLatin1String("entries")).toArray();
    }

    QJsonObject created(const QByteArray &json)
    {
        const HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, json);
        if (r.status != 201)
            qWarning("create failed: %d %s", r.status, r.body.constData());
        return r.object();
    }

    static QJsonObject expected(qint64 id, const QJsonValue &at, const QString &username,
                                const QString &action, const QString &target,
                                const QJsonValue &before, const QJsonValue &after)
    {
        return QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("at"), at},
                           {QStringLiteral("username"), username},
                           {QStringLiteral("action"), action},
                           {QStringLiteral("target"), target},
                           {QStringLiteral("before"), before},
                           {QStringLiteral("after"), after}};
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

    void apiAndServiceChangesAppearWithExactBeforeAndAfter()
    {
        const QJsonObject made = created("{\"title\":\"Audit me\",\"cost\":1.25,\"priority\":2}");
        const QString id = made.value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());

        HttpResult r = m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, m_token,
                                       "{\"priority\":3,\"status\":\"in_progress\"}");
        QCOMPARE(r.status, 200);
        const QJsonObject patched = r.object();

        // The GUI's path: TaskService directly, another user.
        TaskPatch patch;
        patch.title = QStringLiteral("Renamed in the GUI");
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        const Result<Task> fromGui =
            await(m_api->tasks().update(QUuid::fromString(id), patch, std::nullopt, ana));
        QVERIFY(fromGui.ok());
        const QJsonObject guiAfter = json::taskToJson(fromGui.value());

        r = m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, m_token,
                            "{\"priority\":3}"); // no-op: no entry
        QCOMPARE(r.status, 200);

        QCOMPARE(audit(),
                 (QJsonObject{{QStringLiteral("entries"),
                               QJsonArray{
                                   expected(3, guiAfter.value(QLatin1String("updated_at")),
                                            QStringLiteral("ana"), QStringLiteral("task.update"),
                                            id, patched, guiAfter),
                                   expected(2, patched.value(QLatin1String("updated_at")),
                                            QStringLiteral("admin"), QStringLiteral("task.update"),
                                            id, made, patched),
                                   expected(1, made.value(QLatin1String("created_at")),
                                            QStringLiteral("admin"), QStringLiteral("task.create"),
                                            id, QJsonValue(QJsonValue::Null), made),
                               }},
                              {QStringLiteral("total"), 3},
                              {QStringLiteral("offset"), 0},
                              {QStringLiteral("limit"), 50}}));

        r = m_api->request("DELETE", QStringLiteral("/api/tasks/") + id, m_token);
        QCOMPARE(r.status, 204);
        const QJsonObject deleted = entries().at(0).toObject();
        QCOMPARE(deleted.value(QLatin1String("id")).toInt(), 4);
        QCOMPARE(deleted.value(QLatin1String("action")).toString(), QStringLiteral("task.delete"));
        QCOMPARE(deleted.value(QLatin1String("username")).toString(), QStringLiteral("admin"));
        QCOMPARE(deleted.value(QLatin1String("target")).toString(), id);
        QCOMPARE(deleted.value(QLatin1String("before")), QJsonValue(guiAfter));
        QCOMPARE(deleted.value(QLatin1String("after")), QJsonValue(QJsonValue::Null));
    }

    void failedChangesWriteNothing()
    {
        const QJsonObject made = created("{\"title\":\"x\"}");
        const QString id = made.value(QLatin1String("id")).toString();
        HttpResult r = m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, m_token,
                                       "{\"status\":\"completed\"}");
        QCOMPARE(r.status, 409);
        r = m_api->request("PATCH", QStringLiteral("/api/tasks/") + id, m_token, "{\"priority\":0}",
                           {{"Content-Type", "application/json"}, {"If-Match", "\"7\""}});
        QCOMPARE(r.status, 412);
        r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, "{\"title\":\"\"}");
        QCOMPARE(r.status, 422);
        r = m_api->request("DELETE",
                           QStringLiteral("/api/tasks/") +
                               QUuid::createUuid().toString(QUuid::WithoutBraces),
                           m_token);
        QCOMPARE(r.status, 404);
        const QJsonObject page = audit();
        QCOMPARE(page.value(QLatin1String("total")).toInt(), 1);
        QCOMPARE(entries().at(0).toObject().value(QLatin1String("action")).toString(),
                 QStringLiteral("task.create"));
        QCOMPARE(m_api->database().count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1);
    }

    void importWritesNoEntries()
    {
        Task task;
        task.id = QUuid::createUuid();
        task.title = QStringLiteral("imported");
        task.createdAt = task.updatedAt = 1'700'000'000'000;
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        const Result<ImportSummary> imported =
            await(m_api->tasks().importTasks({task}, {2}, ana, {}));
        QVERIFY(imported.ok());
        QCOMPARE(imported.value().imported, 1);
        QCOMPARE(audit().value(QLatin1String("total")).toInt(), 0);
    }

    void filtersAndPaging()
    {
        const QString a = created("{\"title\":\"a\"}").value(QLatin1String("id")).toString();
        const QString b = created("{\"title\":\"b\"}").value(QLatin1String("id")).toString();
        QCOMPARE(
            m_api->sendJson("PATCH", QStringLiteral("/api/tasks/") + a, m_token, "{\"priority\":2}")
                .status,
            200);
        const Principal ana{QUuid::createUuid(), QStringLiteral("ana"), Role::Operator};
        QVERIFY(await(m_api->tasks().remove(QUuid::fromString(b), ana)).ok());

        auto ids = [this](const QString &query) {
            QList<int> out;
            for (const QJsonValue &e : entries(query))
                out << e.toObject().value(QLatin1String("id")).toInt();
            return out;
        };
        QCOMPARE(ids({}), (QList<int>{4, 3, 2, 1}));
        QCOMPARE(ids(QStringLiteral("?username=ana")), (QList<int>{4}));
        QCOMPARE(ids(QStringLiteral("?action=task.create")), (QList<int>{2, 1}));
        QCOMPARE(ids(QStringLiteral("?target=") + a), (QList<int>{3, 1}));
        QCOMPARE(ids(QStringLiteral("?target=") + b + QStringLiteral("&action=task.delete")),
                 (QList<int>{4}));
        QCOMPARE(ids(QStringLiteral("?from=2000-01-01&to=2000-01-02")), (QList<int>{}));
        QCOMPARE(ids(QStringLiteral("?from=2000-01-01T00:00:00Z")), (QList<int>{4, 3, 2, 1}));
        const QString future = QStringLiteral("2999-01-01T00:00:00%2B02:00");
        QCOMPARE(ids(QStringLiteral("?to=") + future), (QList<int>{4, 3, 2, 1}));
        QCOMPARE(ids(QStringLiteral("?from=") + future), (QList<int>{}));

        const QJsonObject page = audit(QStringLiteral("?offset=1&limit=2"));
        QCOMPARE(ids(QStringLiteral("?offset=1&limit=2")), (QList<int>{3, 2}));
        QCOMPARE(page.value(QLatin1String("total")).toInt(), 4);
        QCOMPARE(page.value(QLatin1String("offset")).toInt(), 1);
        QCOMPARE(page.value(QLatin1String("limit")).toInt(), 2);
        QCOMPARE(audit(QStringLiteral("?username=ana")).value(QLatin1String("total")).toInt(), 1);
    }

    void adminOnly()
    {
        QCOMPARE(m_api->get(QStringLiteral("/api/audit")).status, 401);
        for (Role role : {Role::Viewer, Role::Operator}) {
            const QString token = m_api->tokenForNewUser(
                role == Role::Viewer ? QStringLiteral("vera") : QStringLiteral("otto"), role);
            QVERIFY(!token.isEmpty());
            const HttpResult r = m_api->get(QStringLiteral("/api/audit"), token);
            QCOMPARE(r.status, 403);
        }
        QCOMPARE(m_api->get(QStringLiteral("/api/audit"), m_token).status, 200);
    }

    void badQueryValuesAre422()
    {
        const QList<QPair<QString, QString>> cases{
            {QStringLiteral("offset=-1"), QStringLiteral("offset")},
            {QStringLiteral("offset=x"), QStringLiteral("offset")},
            {QStringLiteral("limit=0"), QStringLiteral("limit")},
            {QStringLiteral("limit=101"), QStringLiteral("limit")},
            {QStringLiteral("action=task.read"), QStringLiteral("action")},
            {QStringLiteral("from=yesterday"), QStringLiteral("from")},
            {QStringLiteral("to=2024-13-01"), QStringLiteral("to")},
            {QStringLiteral("from=2024-01-02&to=2024-01-01"), QStringLiteral("to")},
        };
        for (const auto &[query, name] : cases) {
            const HttpResult r = m_api->get(QStringLiteral("/api/audit?") + query, m_token);
            QCOMPARE(r.status, 422);
            const QJsonArray detail = r.object().value(QLatin1String("detail")).toArray();
            QCOMPARE(detail.size(), 1);
            QCOMPARE(detail.at(0).toObject().value(QLatin1String("loc")).toArray(),
                     (QJsonArray{QStringLiteral("query"), name}));
        }
        const HttpResult r = m_api->get(QStringLiteral("/api/audit?action=x"), m_token);
        QCOMPARE(r.body,
                 QByteArray("{\"detail\":[{\"loc\":[\"query\",\"action\"],\"msg\":\"Input should "
                            "be 'task.create', 'task.update', 'task.delete', 'user.create', "
                            "'user.update', 'user.delete', 'api_key.create', 'api_key.revoke', "
                            "'view.create', 'view.update' or 'view.delete'\",\"type\":"
                            "\"enum\"}]}"));
    }
};

QTEST_GUILESS_MAIN(TestApiAudit)
#include "tst_apiaudit.moc"
