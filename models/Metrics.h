#pragma once

#include "Task.h"

#include <QList>
#include <QMap>
#include <QString>

#include <array>

namespace taskdeck {

/// Maintained totals (docs/API.md "Metrics"): counts per status and per category, the exact cost
/// sum and what the average execution time needs. Read from the maintained statistics table,
/// never by scanning tasks.
struct MetricsSnapshot
{
    std::array<qint64, 5> byStatus{}; ///< indexed by int(TaskStatus)
    QMap<QString, qint64> byCategory; ///< tasks without a category count under ""
    /// Exact cost sum per category (key "" for tasks without one), for the dashboard's
    /// cost-by-category chart; from the maintained statistics table like byCategory.
    QMap<QString, MoneyE4> costByCategory;
    MoneyE4 totalCostE4 = 0;
    qint64 completedExecutionMsSum = 0; ///< sum of execution time (ms) of completed tasks
    qint64 completedExecutionCount = 0; ///< completed tasks that have an execution time

    qint64 total() const;
    qint64 count(TaskStatus status) const { return byStatus[static_cast<int>(status)]; }
    /// completed / (completed + failed) x 100, rounded half-up to 2 decimals; 0.0 when both are 0.
    double successRate() const;
    /// Mean execution time of completed tasks in seconds, rounded half-up to 3 decimals; 0.0 when
    /// none.
    double averageExecutionSeconds() const;

    friend bool operator==(const MetricsSnapshot &, const MetricsSnapshot &) = default;
};

/// Time-series bucket width (docs/API.md GET /api/metrics/timeseries).
enum class TimeBucket
{
    Minute,
    Hour,
    Day,
};
QString bucketName(TimeBucket bucket);
std::optional<TimeBucket> bucketFromName(QStringView name);
/// Bucket width in milliseconds.
qint64 bucketWidthMs(TimeBucket bucket);
/// Start of the bucket containing `at`: `at` aligned down to a UTC bucket boundary (also for
/// times before the epoch).
EpochMs bucketStart(TimeBucket bucket, EpochMs at);
/// Number of buckets a series over [from, to) has (first bucket starts at bucketStart(from));
/// 0 when to <= from. Compare with kMaxTimeseriesBuckets.
qint64 bucketCount(TimeBucket bucket, EpochMs from, EpochMs to);
/// Most buckets one time-series request may span (docs/API.md).
inline constexpr qint64 kMaxTimeseriesBuckets = 10000;

/// One bucket. `created` counts by created_at; `completed`, `failed`, `costE4` and the execution
/// time by completed_at (cost of every task whose completed_at falls in the bucket; execution
/// time over completed tasks only).
struct TimeseriesPoint
{
    EpochMs start = 0;
    qint64 created = 0;
    qint64 completed = 0;
    qint64 failed = 0;
    MoneyE4 costE4 = 0;
    qint64 completedExecutionMsSum = 0;
    qint64 completedExecutionCount = 0;

    /// Mean execution time of the bucket's completed tasks in seconds, rounded half-up to 3
    /// decimals; 0.0 when none.
    double averageExecutionSeconds() const;

    friend bool operator==(const TimeseriesPoint &, const TimeseriesPoint &) = default;
};

/// Every bucket from `from` (aligned down to the bucket) up to `to` (exclusive), empty ones
/// included with zeros.
struct Timeseries
{
    TimeBucket bucket = TimeBucket::Hour;
    QList<TimeseriesPoint> points;
};

/// Rounds numerator/denominator half-up to an integer (both >= 0, denominator > 0). A negative
/// numerator rounds half towards +infinity; a denominator <= 0 gives 0 (never a crash).
qint64 divideRoundHalfUp(qint64 numerator, qint64 denominator);

} // namespace taskdeck
