#include "TimeDisplay.h"

#include <QTimeZone>

#include <cstdlib>

#include <atomic>

namespace taskdeck {

namespace {

std::atomic<TimeDisplay::Zone> g_zone{TimeDisplay::Zone::Local};

QString offsetText(int seconds)
{
    const int minutes = std::abs(seconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TimeDisplay *TimeDisplay::instance()
{
    static TimeDisplay *display = new TimeDisplay; // lives as long as the process
    return display;
}

TimeDisplay::Zone TimeDisplay::zone()
{
    return g_zone.load();
}

void TimeDisplay::setZone(Zone zone)
{
    if (g_zone.exchange(zone) != zone)
        emit instance()->zoneChanged();
}

Qt::TimeSpec TimeDisplay::timeSpec()
{
    return zone() == Zone::Utc ? Qt::UTC : Qt::LocalTime;
}

QDateTime TimeDisplay::toDateTime(EpochMs ms)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    return zone() == Zone::Utc ? utc : utc.toLocalTime();
}

QString TimeDisplay::format(EpochMs ms)
{
    return format(ms, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TimeDisplay::formatMinutes(EpochMs ms)
{
    return format(ms, QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString TimeDisplay::format(EpochMs ms, const QString &pattern)
{
    return toDateTime(ms).toString(pattern);
}

QString TimeDisplay::formatExact(EpochMs ms)
{
    const QDateTime at = toDateTime(ms);
    const QString when = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    if (zone() == Zone::Utc)
        return when + QStringLiteral(" UTC");
    return when + QLatin1Char(' ') + offsetText(at.offsetFromUtc());
}

QString TimeDisplay::zoneDescription(EpochMs atMs)
{
    if (zone() == Zone::Utc)
        return tr("UTC");
    return tr("local time (%1)").arg(offsetText(toDateTime(atMs).offsetFromUtc()));
}

} // namespace taskdeck
