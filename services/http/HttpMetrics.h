#pragma once

#include "HttpTypes.h"

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
struct MetricFamily;
template <typename T> class Family;
} // namespace prometheus

namespace taskdeck::http {

/// The HTTP server's own Prometheus metrics (docs/HTTP-SERVER.md "Prometheus metrics"), kept in
/// a prometheus-cpp registry and updated as requests are answered:
/// - `taskdeck_http_requests_total{method,route,status}` (counter): answered requests;
/// - `taskdeck_http_request_duration_seconds{method,route}` (histogram): from the parsed request
///   to the last byte of its answer handed to the socket (a CSV export: to its last chunk);
/// - `taskdeck_http_open_connections` (gauge): TCP connections speaking HTTP now (an upgraded
///   WebSocket stops counting here);
/// - `taskdeck_http_rejected_requests_total{status}` (counter): requests the connection guard
///   refused before they were routed (400 malformed, 408, 411, 413, 414, 431).
/// `route` is the matched route's template ("/api/tasks/{id}"), never the raw path; requests
/// matching no route (404, 421) carry kUnmatchedRoute, so the label set stays bounded.
///
/// Thread affinity: recordRequest(), recordRejected() and collect() on the HTTP thread only (the
/// series cache is not locked: the hot path takes no lock another thread holds); the counters
/// themselves are atomic. connectionOpened()/connectionClosed() from any thread.
class HttpMetrics
{
public:
    static inline const QString kUnmatchedRoute = QStringLiteral("unmatched");

    HttpMetrics();
    ~HttpMetrics();
    HttpMetrics(const HttpMetrics &) = delete;
    HttpMetrics &operator=(const HttpMetrics &) = delete;

    /// One answered request: `route` a route template or kUnmatchedRoute, `seconds` its duration.
    void recordRequest(Method method, const QString &route, int status, double seconds);
    /// One request refused by the connection guard with `status`.
    void recordRejected(int status);
    void connectionOpened();
    void connectionClosed();

    /// Every family above, with its current values.
    std::vector<prometheus::MetricFamily> collect() const;

private:
    struct SeriesKey
    {
        Method method;
        QString route;
        int status; ///< 0 for the histogram (by method and route only)
        friend bool operator==(const SeriesKey &, const SeriesKey &) = default;
        friend size_t qHash(const SeriesKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, int(key.method), key.route, key.status);
        }
    };

    std::unique_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter> *m_requests = nullptr;
    prometheus::Family<prometheus::Histogram> *m_durations = nullptr;
    prometheus::Family<prometheus::Counter> *m_rejected = nullptr;
    prometheus::Gauge *m_openConnections = nullptr;
    /// Series already added to the families (Family::Add() locks and hashes a label map).
    QHash<SeriesKey, prometheus::Counter *> m_requestSeries;
    QHash<SeriesKey, prometheus::Histogram *> m_durationSeries;
    QHash<int, prometheus::Counter *> m_rejectedSeries;
};

} // namespace taskdeck::http
