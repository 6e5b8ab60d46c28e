#include "PrometheusController.h"

#include "Async.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "ConnectionPool.h"
#include "EventsHub.h"
#include "HttpMetrics.h"
#include "QueryWatchdog.h"
#include "TaskService.h"

#include <QDir>
#include <QFile>
#include <QtGlobal>

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <sys/resource.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace taskdeck::http {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

/// The text format's media type (Prometheus exposition format 0.0.4).
constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

/// Builds one family sample by sample.
class FamilyBuilder
{
public:
    FamilyBuilder(std::string name, std::string help, MetricType type)
        : m_family{std::move(name), std::move(help), type, {}}
    {}
    FamilyBuilder &sample(double value, Labels labels = {})
    {
        ClientMetric metric;
        metric.label = std::move(labels);
        if (m_family.type == MetricType::Counter)
            metric.counter.value = value;
        else
            metric.gauge.value = value;
        m_family.metric.push_back(std::move(metric));
        return *this;
    }
    MetricFamily take() { return std::move(m_family); }

private:
    MetricFamily m_family;
};

MetricFamily gauge(std::string name, std::string help, double value)
{
    return FamilyBuilder(std::move(name), std::move(help), MetricType::Gauge).sample(value).take();
}

MetricFamily counter(std::string name, std::string help, double value)
{
    return FamilyBuilder(std::move(name), std::move(help), MetricType::Counter)
        .sample(value)
        .take();
}

/// The whitespace-separated fields of a /proc file's first line; empty when unreadable.
QList<QByteArray> procFields(const char *path)
{
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readLine().simplified().split(' ');
}

/// Process start time in seconds since the epoch (/proc/self/stat field 22, in clock ticks since
/// boot, plus the boot time from /proc/stat); 0 when unknown.
double processStartSeconds()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readLine(); // /proc files have no size: readAll() reads nothing
    // Field 2 (the command name) is in parentheses and may hold spaces: count after its end.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).simplified().split(' ');
    constexpr qsizetype kStartTimeIndex = 22 - 3; // fields[0] is field 3 (state)
    if (fields.size() <= kStartTimeIndex)
        return 0;
    QFile system(QStringLiteral("/proc/stat"));
    if (!system.open(QIODevice::ReadOnly))
        return 0;
    qint64 bootTime = 0;
    for (QByteArray entry = system.readLine(); !entry.isEmpty(); entry = system.readLine()) {
        if (entry.startsWith("btime "))
            bootTime = entry.mid(6).trimmed().toLongLong();
    }
    const long ticks = sysconf(_SC_CLK_TCK);
    if (bootTime <= 0 || ticks <= 0)
        return 0;
    return double(bootTime) + fields[kStartTimeIndex].toDouble() / double(ticks);
}

/// The standard process_* metrics (as the official Prometheus clients export them on Linux).
void appendProcessMetrics(std::vector<MetricFamily> &out)
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    out.push_back(counter("process_cpu_seconds_total",
                          "Total user and system CPU time spent in "
                          "seconds.",
                          cpu));
    const QList<QByteArray> statm = procFields("/proc/self/statm"); // sizes in pages
    const double pageSize = double(sysconf(_SC_PAGESIZE));
    if (statm.size() >= 2) {
        out.push_back(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                            statm[0].toDouble() * pageSize));
        out.push_back(gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                            statm[1].toDouble() * pageSize));
    }
    const qsizetype fds = QDir(QStringLiteral("/proc/self/fd"))
                              .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
                              .size();
    out.push_back(gauge("process_open_fds", "Number of open file descriptors.", double(fds)));
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        out.push_back(gauge("process_max_fds", "Maximum number of open file descriptors.",
                            double(limit.rlim_cur)));
    if (const double start = processStartSeconds(); start > 0)
        out.push_back(gauge("process_start_time_seconds",
                            "Start time of the process since unix epoch in seconds.", start));
}

std::string kindLabel(ServiceError::Kind kind)
{
    switch (kind) {
    case ServiceError::Kind::Unavailable:
        return "unavailable";
    case ServiceError::Kind::Timeout:
        return "timeout";
    case ServiceError::Kind::Conflict:
        return "conflict";
    default:
        return "internal";
    }
}

} // namespace

PrometheusController::PrometheusController(PrometheusSources sources, bool publicAccess,
                                           QObject *parent)
    : QObject(parent), m_sources(std::move(sources)), m_public(publicAccess)
{}

void PrometheusController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/metrics"),
                m_public ? Access::Public : Access::Authenticated,
                m_public ? std::nullopt : std::optional<Role>(Role::Admin), BodyKind::None,
                [this](const ApiRequest &, const ReplyPtr &reply) { scrape(reply); }});
}

void PrometheusController::scrape(const ReplyPtr &reply)
{
    whenReady(
        this, m_sources.tasks->metrics(), [this, reply](const Result<MetricsSnapshot> &totals) {
            std::vector<MetricFamily> families;
            const ConnectionPool *pool = m_sources.pool;
            families.push_back(
                FamilyBuilder(
                    "taskdeck_build_info",
                    "Build of this instance (always 1): version, Qt at run time, database.",
                    MetricType::Gauge)
                    .sample(1, {{"database", pool->config().driver == DatabaseConfig::Driver::Sqlite
                                                 ? "sqlite"
                                                 : "postgresql"},
                                {"qt_version", qVersion()},
                                {"version", TASKDECK_VERSION}})
                    .take());
            appendProcessMetrics(families);

            for (MetricFamily &family : m_sources.http->collect())
                families.push_back(std::move(family));

            const int busy = pool->busyConnections();
            families.push_back(
                FamilyBuilder("taskdeck_db_pool_connections",
                              "Database pool connections (one per pool thread): running a job "
                              "(busy) or waiting for one (idle).",
                              MetricType::Gauge)
                    .sample(std::max(0, pool->size() - busy), {{"state", "idle"}})
                    .sample(busy, {{"state", "busy"}})
                    .take());
            families.push_back(gauge("taskdeck_db_pool_max_connections",
                                     "Size of the database pool (--pool-size).", pool->size()));
            families.push_back(gauge("taskdeck_db_pool_queued_jobs",
                                     "Database jobs waiting for a pool connection (at most "
                                     "--pool-queue-max; answered 504 after --pool-wait-ms).",
                                     pool->queuedJobs()));
            families.push_back(
                FamilyBuilder("taskdeck_db_watchdog_cuts_total",
                              "Database connections cut by the query watchdog because a round "
                              "trip got no answer for statement_timeout + 2 s (a hung server "
                              "or network path).",
                              MetricType::Counter)
                    .sample(double(QueryWatchdog::interruptions()), {})
                    .take());
            FamilyBuilder errors(
                "taskdeck_db_errors_total",
                "Failed database operations of this process, by the error they map "
                "to (unavailable: connection lost or not opened; timeout: statement "
                "timeout or lock wait; conflict: unique or serialization violation; "
                "internal: anything else).",
                MetricType::Counter);
            for (const ServiceError::Kind kind :
                 {ServiceError::Kind::Unavailable, ServiceError::Kind::Timeout,
                  ServiceError::Kind::Conflict, ServiceError::Kind::Internal})
                errors.sample(double(ConnectionPool::errorCount(kind)),
                              {{"kind", kindLabel(kind)}});
            families.push_back(errors.take());
            families.push_back(gauge("taskdeck_database_up",
                                     "Whether this scrape could read the task totals from the "
                                     "database (1) or not (0).",
                                     totals.ok() ? 1 : 0));
            if (totals.ok()) {
                FamilyBuilder tasks("taskdeck_tasks",
                                    "Tasks by status (from the maintained statistics table).",
                                    MetricType::Gauge);
                for (const TaskStatus status : kAllStatuses)
                    tasks.sample(double(totals.value().count(status)),
                                 {{"status", statusName(status).toStdString()}});
                families.push_back(tasks.take());
            }

            if (const ChangeFeed *feed = m_sources.feed) {
                const quint64 last = feed->lastSeq();
                const quint64 head = feed->headSeq(); // read second: never below `last`
                families.push_back(counter("taskdeck_change_feed_events_published_total",
                                           "Change events this instance's feed published.",
                                           double(feed->eventsPublished())));
                families.push_back(gauge("taskdeck_change_feed_lag_events",
                                         "Change-log positions known to exist that this instance "
                                         "has not published yet (head minus last published).",
                                         double(head > last ? head - last : 0)));
                families.push_back(gauge("taskdeck_change_feed_last_seq",
                                         "Log position of the last change event published here.",
                                         double(last)));
            }
            const EventsCounters &events = *m_sources.events;
            families.push_back(gauge("taskdeck_websocket_clients",
                                     "WebSocket clients of GET /api/events connected now.",
                                     events.clients.load()));
            families.push_back(counter("taskdeck_websocket_messages_sent_total",
                                       "Messages handed to WebSocket clients' sockets.",
                                       double(events.messagesSent.load())));
            families.push_back(counter("taskdeck_websocket_slow_clients_closed_total",
                                       "WebSocket clients closed for falling behind the feed's "
                                       "buffer.",
                                       double(events.slowClientsClosed.load())));

            const LoginStats logins = m_sources.auth->loginStats();
            families.push_back(counter("taskdeck_login_failures_total",
                                       "Failed logins (wrong password, unknown or disabled user).",
                                       double(logins.failures)));
            families.push_back(FamilyBuilder("taskdeck_login_bans_total",
                                             "Login bans started, by what was banned (a user name "
                                             "or a client address).",
                                             MetricType::Counter)
                                   .sample(double(logins.userBans), {{"scope", "user"}})
                                   .sample(double(logins.addressBans), {{"scope", "address"}})
                                   .take());
            families.push_back(counter("taskdeck_login_refused_total",
                                       "Logins refused with 429 because a ban was in force.",
                                       double(logins.refused)));

            std::ostringstream text;
            prometheus::TextSerializer().Serialize(text, families);
            ApiResponse response;
            response.status = 200;
            response.contentType = kContentType;
            response.body = QByteArray::fromStdString(text.str());
            reply->send(response);
        });
}

} // namespace taskdeck::http
