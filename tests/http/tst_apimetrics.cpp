// Metrics routes: exact zeros on an empty database (0.0, never NaN or null), values after
// changes, and the time series' defaults and limits.
#include "ApiTestClient.h"

#include <QDateTime>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiMetrics : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestClient> m_api;
    QString m_token;

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

    void emptyDatabaseGivesExactZeros()
    {
        HttpResult r = m_api->get(QStringLiteral("/api/metrics"), m_token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("{\"avg_execution_time\":0.0,\"cancelled_tasks\":0,"
                                    "\"completed_tasks\":0,\"failed_tasks\":0,"
                                    "\"in_progress_tasks\":0,\"pending_tasks\":0,"
                                    "\"success_rate\":0.0,\"total_cost\":0.0,\"total_tasks\":0}"));
        r = m_api->get(QStringLiteral("/api/tasks/metrics/summary"), m_token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("{\"avg_execution_time\":0.0,\"by_category\":{},"
                                    "\"by_status\":{\"cancelled\":0,\"completed\":0,\"failed\":0,"
                                    "\"in_progress\":0,\"pending\":0},\"success_rate\":0.0,"
                                    "\"total\":0,\"total_cost\":0.0}"));
    }

    void metricsFollowChanges()
    {
        const auto create = [this](const QByteArray &json) {
            return m_api->sendJson("POST", QStringLiteral("/api/tasks"), m_token, json)
                .object()
                .value(QLatin1String("id"))
                .toString();
        };
        const QString a = create("{\"title\":\"a\",\"status\":\"in_progress\",\"cost\":0.1}");
        const QString b = create("{\"title\":\"b\",\"status\":\"in_progress\",\"cost\":0.2,"
                                 "\"category\":\"ops\"}");
        create("{\"title\":\"c\"}");
        QCOMPARE(m_api
                     ->sendJson("PATCH", QStringLiteral("/api/tasks/") + a, m_token,
                                "{\"status\":\"completed\"}")
                     .status,
                 200);
        QCOMPARE(m_api
                     ->sendJson("PATCH", QStringLiteral("/api/tasks/") + b, m_token,
                                "{\"status\":\"failed\"}")
                     .status,
                 200);
        const QJsonObject metrics = m_api->get(QStringLiteral("/api/metrics"), m_token).object();
        QCOMPARE(metrics.value(QLatin1String("total_tasks")).toInteger(), 3);
        QCOMPARE(metrics.value(QLatin1String("completed_tasks")).toInteger(), 1);
        QCOMPARE(metrics.value(QLatin1String("failed_tasks")).toInteger(), 1);
        QCOMPARE(metrics.value(QLatin1String("pending_tasks")).toInteger(), 1);
        QCOMPARE(metrics.value(QLatin1String("success_rate")).toDouble(), 50.0);
        QCOMPARE(metrics.value(QLatin1String("total_cost")).toDouble(), 0.3); // exact sum
        const HttpResult summary =
            m_api->get(QStringLiteral("/api/tasks/metrics/summary"), m_token);
        QVERIFY(summary.body.contains("\"by_category\":{\"\":2,\"ops\":1}"));
        QVERIFY(summary.body.contains("\"success_rate\":50.0"));
        QVERIFY(summary.body.contains("\"total_cost\":0.3"));
    }

    void timeseriesDefaultsToTheLastDay()
    {
        // The first bucket holds now - 24 h and the last one holds now (issue 10: the first
        // bucket started an hour after now - 24 h), for every bucket size.
        const struct
        {
            const char *bucket;
            qint64 widthMs;
        } sizes[] = {{"minute", 60'000}, {"hour", 3'600'000}, {"day", 86'400'000}};
        for (const auto &size : sizes) {
            const qint64 before = QDateTime::currentMSecsSinceEpoch();
            const HttpResult r = m_api->get(QStringLiteral("/api/metrics/timeseries?bucket=") +
                                                QLatin1String(size.bucket),
                                            m_token);
            const qint64 after = QDateTime::currentMSecsSinceEpoch();
            QCOMPARE(r.status, 200);
            const QJsonArray points = r.object().value(QLatin1String("points")).toArray();
            const qint64 first = QDateTime::fromString(
                                     points.first().toObject().value(QLatin1String("t")).toString(),
                                     Qt::ISODateWithMs)
                                     .toMSecsSinceEpoch();
            const qint64 last =
                QDateTime::fromString(points.last().toObject().value(QLatin1String("t")).toString(),
                                      Qt::ISODateWithMs)
                    .toMSecsSinceEpoch();
            const qint64 day = 86'400'000;
            QVERIFY2(first <= after - day && before - day < first + size.widthMs, size.bucket);
            QVERIFY2(last <= after && before < last + size.widthMs, size.bucket);
            QCOMPARE(qint64(points.size()), (last - first) / size.widthMs + 1);
        }
        const HttpResult r = m_api->get(QStringLiteral("/api/metrics/timeseries"), m_token);
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.object();
        QCOMPARE(body.value(QLatin1String("bucket")).toString(), QStringLiteral("hour"));
        const QJsonArray points = body.value(QLatin1String("points")).toArray();
        // 24 hours from the bucket holding now - 24 h to the one holding now: 25 hourly buckets
        QCOMPARE(points.size(), 25);
        const QDateTime first = QDateTime::fromString(
            points.first().toObject().value(QLatin1String("t")).toString(), Qt::ISODateWithMs);
        QCOMPARE(first.toMSecsSinceEpoch() % (3600 * 1000), 0);
        const QDateTime last = QDateTime::fromString(
            points.last().toObject().value(QLatin1String("t")).toString(), Qt::ISODateWithMs);
        QVERIFY(last.toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch());
        QVERIFY(last.toMSecsSinceEpoch() > QDateTime::currentMSecsSinceEpoch() - 3600 * 1000);
        QVERIFY(r.body.contains("{\"avg_execution_time\":0.0,\"completed\":0,\"cost\":0.0,"
                                "\"created\":0,\"failed\":0,\"t\":\""));
    }

    void timeseriesRange()
    {
        const HttpResult r = m_api->get(
            QStringLiteral("/api/metrics/timeseries?bucket=day&from=2026-01-01&to=2026-01-04"),
            m_token);
        QCOMPARE(r.status, 200);
        const QJsonArray points = r.object().value(QLatin1String("points")).toArray();
        QCOMPARE(points.size(), 3);
        QCOMPARE(points.at(0).toObject().value(QLatin1String("t")).toString(),
                 QStringLiteral("2026-01-01T00:00:00.000Z"));
        QCOMPARE(points.at(2).toObject().value(QLatin1String("t")).toString(),
                 QStringLiteral("2026-01-03T00:00:00.000Z"));
    }

    void badTimeseriesQueriesAre422()
    {
        const QStringList queries = {
            QStringLiteral("bucket=week"),
            QStringLiteral("from=yesterday"),
            QStringLiteral("from=2026-01-02&to=2026-01-01"),
            QStringLiteral("from=2026-01-01&to=2026-01-01"),
            QStringLiteral("bucket=minute&from=2020-01-01&to=2021-01-01"),
        };
        for (const QString &query : queries) {
            const HttpResult r =
                m_api->get(QStringLiteral("/api/metrics/timeseries?") + query, m_token);
            QCOMPARE(r.status, 422);
            QVERIFY(r.body.startsWith("{\"detail\":[{\"loc\":[\"query\","));
        }
        // Exactly 10,000 buckets is fine.
        const HttpResult limit = m_api->get(
            QStringLiteral("/api/metrics/timeseries?bucket=minute&from=2026-01-01T00:00:00Z"
                           "&to=2026-01-07T22:40:00Z"),
            m_token);
        QCOMPARE(limit.status, 200);
        QCOMPARE(limit.object().value(QLatin1String("points")).toArray().size(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestApiMetrics)
#include "tst_apimetrics.moc"
