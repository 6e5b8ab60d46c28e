#include "HttpMetrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace taskdeck::http {

namespace {

/// Upper bounds of the duration histogram, in seconds: Prometheus' default buckets plus 1 ms and
/// 2.5 ms (most answers of a local database take a few milliseconds).
const prometheus::Histogram::BucketBoundaries &durationBuckets()
{
    static const prometheus::Histogram::BucketBoundaries buckets{
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
    return buckets;
}

} // namespace

HttpMetrics::HttpMetrics() : m_registry(std::make_unique<prometheus::Registry>())
{
    m_requests = &prometheus::BuildCounter()
                      .Name("taskdeck_http_requests_total")
                      .Help("HTTP requests answered, by method, route template and status code.")
                      .Register(*m_registry);
    m_durations = &prometheus::BuildHistogram()
                       .Name("taskdeck_http_request_duration_seconds")
                       .Help("Time from a parsed HTTP request to the end of its answer, by "
                             "method and route template.")
                       .Register(*m_registry);
    m_rejected = &prometheus::BuildCounter()
                      .Name("taskdeck_http_rejected_requests_total")
                      .Help("HTTP requests refused before routing (malformed, too large, too "
                            "slow), by status code.")
                      .Register(*m_registry);
    m_openConnections = &prometheus::BuildGauge()
                             .Name("taskdeck_http_open_connections")
                             .Help("TCP connections currently speaking HTTP (WebSocket clients "
                                   "are counted in taskdeck_websocket_clients).")
                             .Register(*m_registry)
                             .Add({});
}

HttpMetrics::~HttpMetrics() = default;

void HttpMetrics::recordRequest(Method method, const QString &route, int status, double seconds)
{
    prometheus::Counter *&counter = m_requestSeries[SeriesKey{method, route, status}];
    if (!counter)
        counter = &m_requests->Add({{"method", methodName(method).toStdString()},
                                    {"route", route.toStdString()},
                                    {"status", std::to_string(status)}});
    counter->Increment();
    prometheus::Histogram *&histogram = m_durationSeries[SeriesKey{method, route, 0}];
    if (!histogram)
        histogram = &m_durations->Add(
            {{"method", methodName(method).toStdString()}, {"route", route.toStdString()}},
            durationBuckets());
    histogram->Observe(seconds);
}

void HttpMetrics::recordRejected(int status)
{
    prometheus::Counter *&counter = m_rejectedSeries[status];
    if (!counter)
        counter = &m_rejected->Add({{"status", std::to_string(status)}});
    counter->Increment();
}

void HttpMetrics::connectionOpened()
{
    m_openConnections->Increment();
}

void HttpMetrics::connectionClosed()
{
    m_openConnections->Decrement();
}

std::vector<prometheus::MetricFamily> HttpMetrics::collect() const
{
    return m_registry->Collect();
}

} // namespace taskdeck::http
