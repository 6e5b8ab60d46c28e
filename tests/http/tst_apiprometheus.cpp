// GET /metrics (Prometheus text format) over real sockets: access (401 without a token, 403 below
// admin, 200 for an admin, open with metricsPublic), exact request counts labelled by route
// template (never the raw path), task totals per status equal to the real counts, login
// failure/ban counters, pool/feed/process gauges; Prometheus' own promtool checks a real scrape
// and the shipped alert rules, and every metric the Grafana dashboard and the rules query exists
// in a real scrape. promtool is required: missing, the tests fail (scripts/deps.sh installs it).
#include "ApiTestClient.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace taskdeck;
using namespace taskdeck::test;

namespace {

/// Samples of an exposition: "name{labels}" (as written) -> value.
QMap<QString, double> samples(const QByteArray &text)
{
    QMap<QString, double> result;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        result.insert(QString::fromUtf8(line.first(space)), line.sliced(space + 1).toDouble());
    }
    return result;
}

/// Family names and their types from the "# TYPE name type" lines.
QMap<QString, QString> familyTypes(const QByteArray &text)
{
    QMap<QString, QString> types;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith("# TYPE "))
            continue;
        const QList<QByteArray> parts = line.split(' ');
        types.insert(QString::fromUtf8(parts.value(2)), QString::fromUtf8(parts.value(3)));
    }
    return types;
}

QString promtool()
{
    return QStandardPaths::findExecutable(QStringLiteral("promtool"));
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray output;
};

ProcessResult runPromtool(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(promtool(), arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAll()};
}

QString sourceFile(const char *relative)
{
    return QStringLiteral(TASKDECK_SOURCE_DIR "/") + QString::fromLatin1(relative);
}

/// Every PromQL expression of the Grafana dashboard (each panel target's "expr").
void collectExprs(const QJsonValue &value, QStringList &out)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectExprs(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("expr") && it.value().isString())
                out.append(it.value().toString());
            else
                collectExprs(it.value(), out);
        }
    }
}

/// Every `expr:` of a Prometheus rules file: a one-line value or a `|`/`>` block (the lines
/// indented deeper than the key).
QStringList ruleExprs(const QByteArray &yaml)
{
    QStringList exprs;
    const QList<QByteArray> lines = yaml.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray trimmed = lines[i].trimmed();
        if (!trimmed.startsWith("expr:"))
            continue;
        const QByteArray value = trimmed.sliced(5).trimmed();
        if (!value.startsWith('|') && !value.startsWith('>')) {
            exprs.append(QString::fromUtf8(value));
            continue;
        }
        const qsizetype indent = lines[i].indexOf("expr:");
        QString block;
        while (i + 1 < lines.size()) {
            const QByteArray &next = lines[i + 1];
            const qsizetype nextIndent =
                next.size() - next.trimmed().size() - (next.endsWith(' ') ? 1 : 0);
            if (!next.trimmed().isEmpty() && nextIndent <= indent)
                break;
            block += QString::fromUtf8(next) + QLatin1Char('\n');
            ++i;
        }
        exprs.append(block);
    }
    return exprs;
}

} // namespace

class TestApiPrometheus : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;

    QByteArray scrape()
    {
        const HttpResult r = m_api->get(QStringLiteral("/metrics"), m_api->adminToken());
        if (r.status != 200)
            qWarning("GET /metrics: %d %s", r.status, r.body.constData());
        return r.body;
    }

    QString createTask(const QString &token, const QByteArray &json)
    {
        const HttpResult r = m_api->sendJson("POST", QStringLiteral("/api/tasks"), token, json);
        return r.status == 201 ? r.object().value(QLatin1String("id")).toString() : QString();
    }

private slots:
    void cleanup() { m_api.reset(); }

    void accessNeedsAnAdmin()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        HttpResult r = m_api->get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(r.body, QByteArray("{\"detail\":\"Not authenticated\"}"));
        const QString viewer = m_api->tokenForNewUser(QStringLiteral("viewer1"), Role::Viewer);
        const QString operatorToken =
            m_api->tokenForNewUser(QStringLiteral("operator1"), Role::Operator);
        r = m_api->get(QStringLiteral("/metrics"), viewer);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body, QByteArray("{\"detail\":\"Not enough permissions\"}"));
        QCOMPARE(m_api->get(QStringLiteral("/metrics"), operatorToken).status, 403);
        r = m_api->get(QStringLiteral("/metrics"), m_api->adminToken());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        QVERIFY(r.body.contains("# TYPE taskdeck_http_requests_total counter\n"));
        // The refusals above are counted like every other answer.
        const QMap<QString, double> values = samples(scrape());
        QCOMPARE(
            values.value(QStringLiteral(
                R"(taskdeck_http_requests_total{method="GET",route="/metrics",status="401"})")),
            1.0);
        QCOMPARE(
            values.value(QStringLiteral(
                R"(taskdeck_http_requests_total{method="GET",route="/metrics",status="403"})")),
            2.0);
        QCOMPARE(
            values.value(QStringLiteral(
                R"(taskdeck_http_requests_total{method="GET",route="/metrics",status="200"})")),
            1.0);
    }

    void publicOptionOpensIt()
    {
        ApiServerOptions options;
        options.metricsPublic = true;
        m_api = std::make_unique<ApiTestClient>(options);
        TASKDECK_REQUIRE_API(m_api);
        const HttpResult r = m_api->get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("\ntaskdeck_build_info{"));
    }

    void requestsCountedByRouteTemplate()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->adminToken();
        const QString id = createTask(token, "{\"title\":\"counted\"}");
        QVERIFY(!id.isEmpty());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_api->get(QStringLiteral("/api/tasks/") + id, token).status, 200);
        const QString missing = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks/") + missing, token).status, 404);
        QCOMPARE(m_api->get(QStringLiteral("/no/such/") + id, token).status, 404);
        QCOMPARE(m_api->request("PUT", QStringLiteral("/api/health")).status, 405);
        QCOMPARE(m_api->get(QStringLiteral("/api/health")).status, 200);

        const QByteArray text = scrape();
        const QMap<QString, double> values = samples(text);
        const auto requests = [&values](const char *method, const char *route, int status) {
            return values.value(
                QStringLiteral(
                    R"(taskdeck_http_requests_total{method="%1",route="%2",status="%3"})")
                    .arg(QLatin1String(method), QLatin1String(route))
                    .arg(status),
                -1);
        };
        QCOMPARE(requests("GET", "/api/tasks/{id}", 200), 3.0);
        QCOMPARE(requests("GET", "/api/tasks/{id}", 404), 1.0);
        QCOMPARE(requests("POST", "/api/tasks", 201), 1.0);
        QCOMPARE(requests("POST", "/api/auth/login", 200), 1.0);
        QCOMPARE(requests("GET", "unmatched", 404), 1.0);
        QCOMPARE(requests("PUT", "/api/health", 405), 1.0);
        QCOMPARE(requests("GET", "/api/health", 200), 1.0);
        QCOMPARE(
            values.value(QStringLiteral(
                R"(taskdeck_http_request_duration_seconds_count{method="GET",route="/api/tasks/{id}"})")),
            4.0);
        QCOMPARE(
            values.value(QStringLiteral(
                R"(taskdeck_http_request_duration_seconds_bucket{method="GET",route="/api/tasks/{id}",le="+Inf"})")),
            4.0);
        // Never a raw path: no id appears anywhere.
        QVERIFY(!text.contains(id.toLatin1()));
        QVERIFY(!text.contains(missing.toLatin1()));
        QVERIFY(!text.contains("/no/such"));
        // This scrape counts in the next one.
        QCOMPARE(
            samples(scrape()).value(QStringLiteral(
                R"(taskdeck_http_requests_total{method="GET",route="/metrics",status="200"})")),
            1.0);
    }

    void guardRefusalsAndConnections()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        QCOMPARE(rawStatus(m_api->raw("GARBAGE\r\n\r\n")), 400);
        const QMap<QString, double> values = samples(scrape());
        QCOMPARE(
            values.value(QStringLiteral(R"(taskdeck_http_rejected_requests_total{status="400"})")),
            1.0);
        // The scraping connection itself is open (QNetworkAccessManager keeps it alive).
        QVERIFY(values.value(QStringLiteral("taskdeck_http_open_connections")) >= 1.0);
    }

    void taskTotalsEqualRealCounts()
    {
        m_api = std::make_unique<ApiTestClient>();
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->adminToken();
        const auto patch = [&](const QString &id, const char *status) {
            return m_api
                ->sendJson("PATCH", QStringLiteral("/api/tasks/") + id, token,
                           QByteArray("{\"status\":\"") + status + "\"}")
                .status;
        };
        QVERIFY(!createTask(token, "{\"title\":\"p1\"}").isEmpty());
        QVERIFY(!createTask(token, "{\"title\":\"p2\"}").isEmpty());
        QVERIFY(!createTask(token, "{\"title\":\"r\",\"status\":\"in_progress\"}").isEmpty());
        for (int i = 0; i < 3; ++i) {
            const QString done = createTask(token, "{\"title\":\"c\",\"status\":\"in_progress\"}");
            QCOMPARE(patch(done, "completed"), 200);
        }
        const QString failed = createTask(token, "{\"title\":\"f\",\"status\":\"in_progress\"}");
        QCOMPARE(patch(failed, "failed"), 200);
        const QMap<QString, double> values = samples(scrape());
        const auto tasks = [&values](const char *status) {
            return values.value(
                QStringLiteral(R"(taskdeck_tasks{status="%1"})").arg(QLatin1String(status)), -1);
        };
        QCOMPARE(tasks("pending"), 2.0);
        QCOMPARE(tasks("in_progress"), 1.0);
        QCOMPARE(tasks("completed"), 3.0);
        QCOMPARE(tasks("failed"), 1.0);
        QCOMPARE(tasks("cancelled"), 0.0);
        QCOMPARE(values.value(QStringLiteral("taskdeck_database_up")), 1.0);
        // The same numbers as the JSON summary.
        const QJsonObject byStatus = m_api->get(QStringLiteral("/api/tasks/metrics/summary"), token)
                                         .object()
                                         .value(QLatin1String("by_status"))
                                         .toObject();
        for (const char *status : {"pending", "in_progress", "completed", "failed", "cancelled"})
            QCOMPARE(tasks(status), double(byStatus.value(QLatin1String(status)).toInteger()));
    }

    void loginFailuresAndBans()
    {
        AuthOptions auth;
        auth.pbkdf2Iterations = 1000;
        auth.loginMaxFailures = 2;
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, auth);
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->adminToken(); // logs in before the ban
        QCOMPARE(
            m_api->postLogin(QStringLiteral("nobody"), QStringLiteral("wrong password 1")).status,
            401);
        QCOMPARE(
            m_api->postLogin(QStringLiteral("nobody"), QStringLiteral("wrong password 2")).status,
            401);
        QCOMPARE(
            m_api->postLogin(QStringLiteral("nobody"), QStringLiteral("wrong password 3")).status,
            429);
        const HttpResult r = m_api->get(QStringLiteral("/metrics"), token);
        QCOMPARE(r.status, 200);
        const QMap<QString, double> values = samples(r.body);
        QCOMPARE(values.value(QStringLiteral("taskdeck_login_failures_total")), 2.0);
        QCOMPARE(values.value(QStringLiteral(R"(taskdeck_login_bans_total{scope="user"})")), 1.0);
        QCOMPARE(values.value(QStringLiteral(R"(taskdeck_login_bans_total{scope="address"})")),
                 1.0);
        QCOMPARE(values.value(QStringLiteral("taskdeck_login_refused_total")), 1.0);
    }

    void operatorGauges()
    {
        ChangeFeed::Options feed;
        feed.metricsIntervalMs = 100;
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, std::nullopt, feed);
        TASKDECK_REQUIRE_API(m_api);
        QVERIFY(QTest::qWaitFor([this] { return m_api->feed()->isReady(); }, 10000));
        const quint64 before = m_api->feed()->eventsPublished();
        QVERIFY(!createTask(m_api->adminToken(), "{\"title\":\"fed\"}").isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return m_api->feed()->eventsPublished() > before; }, 10000));
        QMap<QString, double> values;
        // Settled: nothing more to publish, and the scrape saw what the feed says.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const quint64 published = m_api->feed()->eventsPublished();
                values = samples(scrape());
                return values.value(QStringLiteral("taskdeck_change_feed_lag_events"), -1) == 0 &&
                       values.value(QStringLiteral(
                           "taskdeck_change_feed_events_published_total")) == double(published) &&
                       m_api->feed()->eventsPublished() == published;
            },
            10000));
        QVERIFY(values.value(QStringLiteral("taskdeck_change_feed_events_published_total")) >= 1);
        const double size = values.value(QStringLiteral("taskdeck_db_pool_max_connections"));
        QVERIFY(size >= 1);
        QCOMPARE(values.value(QStringLiteral(R"(taskdeck_db_pool_connections{state="idle"})")) +
                     values.value(QStringLiteral(R"(taskdeck_db_pool_connections{state="busy"})")),
                 size);
        QCOMPARE(values.value(QStringLiteral("taskdeck_db_pool_queued_jobs"), -1), 0.0);
        QCOMPARE(values.value(QStringLiteral("taskdeck_db_watchdog_cuts_total"), -1), 0.0);
        QCOMPARE(values.value(QStringLiteral("taskdeck_websocket_clients"), -1), 0.0);
        QCOMPARE(values.value(QStringLiteral(R"(taskdeck_db_errors_total{kind="internal"})"), -1),
                 0.0);
        QVERIFY(values.value(QStringLiteral("process_resident_memory_bytes")) > 1e6);
        QVERIFY(values.value(QStringLiteral("process_open_fds")) >= 3);
        QVERIFY(values.value(QStringLiteral("process_cpu_seconds_total")) > 0);
        QVERIFY(values.value(QStringLiteral("process_start_time_seconds")) > 1.7e9);
        const QString database =
            m_api->database().pool()->config().driver == DatabaseConfig::Driver::Sqlite
                ? QStringLiteral("sqlite")
                : QStringLiteral("postgresql");
        QCOMPARE(
            values.value(
                QStringLiteral(R"(taskdeck_build_info{database="%1",qt_version="%2",version="%3"})")
                    .arg(database, QString::fromLatin1(qVersion()),
                         QStringLiteral(TASKDECK_VERSION))),
            1.0);
    }

    void promtoolAcceptsScrape()
    {
        QVERIFY2(!promtool().isEmpty(), "promtool not found (Debian package prometheus)");
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, std::nullopt,
                                                ChangeFeed::Options{});
        TASKDECK_REQUIRE_API(m_api);
        const QString token = m_api->adminToken();
        QVERIFY(!createTask(token, "{\"title\":\"t\"}").isEmpty());
        QCOMPARE(m_api->get(QStringLiteral("/api/tasks"), token).status, 200);
        QCOMPARE(rawStatus(m_api->raw("GARBAGE\r\n\r\n")), 400);
        const QByteArray text = scrape();
        QVERIFY(!text.isEmpty());
        const ProcessResult check =
            runPromtool({QStringLiteral("check"), QStringLiteral("metrics")}, text);
        QVERIFY2(check.exitCode == 0, check.output.constData());
        QCOMPARE(check.output, QByteArray());
    }

    void promtoolAcceptsAlertRules()
    {
        QVERIFY2(!promtool().isEmpty(), "promtool not found (Debian package prometheus)");
        const ProcessResult check =
            runPromtool({QStringLiteral("check"), QStringLiteral("rules"),
                         sourceFile("docs/prometheus/taskdeck-alerts.yml")});
        QVERIFY2(check.exitCode == 0, check.output.constData());
    }

    void dashboardAndRulesQueryExistingMetrics()
    {
        // A scrape with every family present: a feed, a refused request, a routed request.
        m_api = std::make_unique<ApiTestClient>(ApiServerOptions{}, nullptr, std::nullopt,
                                                ChangeFeed::Options{});
        TASKDECK_REQUIRE_API(m_api);
        QCOMPARE(m_api->get(QStringLiteral("/api/health")).status, 200);
        QCOMPARE(rawStatus(m_api->raw("GARBAGE\r\n\r\n")), 400);
        const QMap<QString, QString> types = familyTypes(scrape());
        QVERIFY(!types.isEmpty());
        const auto known = [&types](QString name) {
            if (types.contains(name))
                return true;
            for (const char *suffix : {"_bucket", "_sum", "_count"}) {
                if (name.endsWith(QLatin1String(suffix))) {
                    name.chop(qsizetype(qstrlen(suffix)));
                    return types.value(name) == QLatin1String("histogram");
                }
            }
            return false;
        };

        QFile dashboardFile(sourceFile("docs/grafana/taskdeck-dashboard.json"));
        QVERIFY(dashboardFile.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument dashboard = QJsonDocument::fromJson(dashboardFile.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QStringList exprs;
        collectExprs(dashboard.object(), exprs);
        const qsizetype dashboardExprs = exprs.size();
        QVERIFY(dashboardExprs >= 10);
        QFile rulesFile(sourceFile("docs/prometheus/taskdeck-alerts.yml"));
        QVERIFY(rulesFile.open(QIODevice::ReadOnly));
        exprs += ruleExprs(rulesFile.readAll());
        QVERIFY(exprs.size() >= dashboardExprs + 5);

        static const QRegularExpression metricName(
            QStringLiteral(R"(\b((?:taskdeck|process)_[A-Za-z0-9_]+))"));
        QSet<QString> used;
        for (const QString &expr : std::as_const(exprs)) {
            auto it = metricName.globalMatch(expr);
            while (it.hasNext())
                used.insert(it.next().captured(1));
        }
        QStringList unknown;
        for (const QString &name : std::as_const(used)) {
            if (!known(name))
                unknown.append(name);
        }
        unknown.sort();
        QVERIFY2(unknown.isEmpty(), qPrintable(unknown.join(u", ")));
        // The dashboard shows what an operator needs (issue 10): these must all be queried.
        for (const char *name :
             {"taskdeck_http_requests_total", "taskdeck_http_request_duration_seconds_bucket",
              "taskdeck_tasks", "taskdeck_db_pool_connections", "taskdeck_change_feed_lag_events",
              "process_resident_memory_bytes", "process_cpu_seconds_total",
              "taskdeck_login_failures_total"})
            QVERIFY2(used.contains(QLatin1String(name)), name);
    }
};

QTEST_MAIN(TestApiPrometheus)
#include "tst_apiprometheus.moc"
