#include "Metrics.h"

namespace taskdeck {

namespace {

constexpr qint64 kMinuteMs = 60LL * 1000;

/// Rounds down towards negative infinity (C++ division truncates towards zero).
qint64 floorDivide(qint64 numerator, qint64 denominator)
{
    qint64 quotient = numerator / denominator;
    if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
        --quotient;
    return quotient;
}

/// Mean of `sumMs` over `count` in seconds, rounded half-up to whole milliseconds.
double averageSeconds(qint64 sumMs, qint64 count)
{
    if (count <= 0)
        return 0.0;
    return static_cast<double>(divideRoundHalfUp(sumMs, count)) / 1000.0;
}

} // namespace

qint64 MetricsSnapshot::total() const
{
    qint64 sum = 0;
    for (const qint64 n : byStatus)
        sum += n;
    return sum;
}

double MetricsSnapshot::successRate() const
{
    const qint64 completed = count(TaskStatus::Completed);
    const qint64 finished = completed + count(TaskStatus::Failed);
    if (finished <= 0)
        return 0.0;
    // Hundredths of a percent as an exact integer, then one correctly rounded division.
    return static_cast<double>(divideRoundHalfUp(completed * 10000, finished)) / 100.0;
}

double MetricsSnapshot::averageExecutionSeconds() const
{
    return averageSeconds(completedExecutionMsSum, completedExecutionCount);
}

double TimeseriesPoint::averageExecutionSeconds() const
{
    return averageSeconds(completedExecutionMsSum, completedExecutionCount);
}

QString bucketName(TimeBucket bucket)
{
    switch (bucket) {
    case TimeBucket::Minute:
        return QStringLiteral("minute");
    case TimeBucket::Hour:
        return QStringLiteral("hour");
    case TimeBucket::Day:
        return QStringLiteral("day");
    }
    return {};
}

std::optional<TimeBucket> bucketFromName(QStringView name)
{
    if (name == QLatin1StringView("minute"))
        return TimeBucket::Minute;
    if (name == QLatin1StringView("hour"))
        return TimeBucket::Hour;
    if (name == QLatin1StringView("day"))
        return TimeBucket::Day;
    return std::nullopt;
}

qint64 bucketWidthMs(TimeBucket bucket)
{
    switch (bucket) {
    case TimeBucket::Minute:
        return kMinuteMs;
    case TimeBucket::Hour:
        return 60 * kMinuteMs;
    case TimeBucket::Day:
        return 24 * 60 * kMinuteMs;
    }
    return kMinuteMs;
}

EpochMs bucketStart(TimeBucket bucket, EpochMs at)
{
    const qint64 width = bucketWidthMs(bucket);
    return floorDivide(at, width) * width;
}

qint64 bucketCount(TimeBucket bucket, EpochMs from, EpochMs to)
{
    if (to <= from)
        return 0;
    const qint64 width = bucketWidthMs(bucket);
    const EpochMs first = bucketStart(bucket, from);
    return floorDivide(to - first + width - 1, width);
}

qint64 divideRoundHalfUp(qint64 numerator, qint64 denominator)
{
    if (denominator <= 0)
        return 0;
    const qint64 quotient = floorDivide(numerator, denominator);
    const qint64 remainder = numerator - quotient * denominator; // 0 <= remainder < denominator
    return remainder >= denominator - remainder ? quotient + 1 : quotient;
}

} // namespace taskdeck
