#pragma once

#include "Task.h"

#include <QDateTime>
#include <QObject>
#include <QString>

namespace taskdeck {

/// How the window shows times (issue 11 item 7): the one formatter every time in ui/ goes
/// through (task table, detail panel and its history, Audit, Users and API keys pages, the
/// dashboard's time axis and tooltips, the CSV export's note). The API and the CSV file itself
/// stay UTC (ISO 8601, json::formatTimestamp).
///
/// The zone is process-wide (Preferences sets it from QSettings "display/timeZone"); setZone()
/// emits zoneChanged() on instance() so that shown times are re-formatted at once.
///
/// Thread affinity: GUI thread (setZone, instance); the format functions only read the zone.
class TimeDisplay : public QObject
{
    Q_OBJECT
public:
    enum class Zone
    {
        Local, ///< the system's time zone (TZ, /etc/localtime)
        Utc,
    };

    static TimeDisplay *instance();
    static Zone zone();
    /// Sets the zone; emits zoneChanged() when it differs from the current one.
    static void setZone(Zone zone);

    /// Qt::UTC or Qt::LocalTime: for QDateTimeEdit inputs (QDateTimeEdit::setTimeSpec), so that
    /// times are typed in the zone they are shown in.
    static Qt::TimeSpec timeSpec();
    /// `ms` (Unix epoch milliseconds) as a QDateTime in the chosen zone.
    static QDateTime toDateTime(EpochMs ms);
    /// "yyyy-MM-dd HH:mm:ss" in the chosen zone (table cells, detail panel).
    static QString format(EpochMs ms);
    /// "yyyy-MM-dd HH:mm" in the chosen zone (Users and API keys pages).
    static QString formatMinutes(EpochMs ms);
    /// `pattern` (QDateTime::toString syntax) in the chosen zone (chart axis labels).
    static QString format(EpochMs ms, const QString &pattern);
    /// "yyyy-MM-dd HH:mm:ss.zzz" plus the zone, e.g. "2026-11-29 10:00:00.000 UTC" or
    /// "2026-11-29 11:00:00.000 UTC+01:00" (tooltips: the exact instant).
    static QString formatExact(EpochMs ms);
    /// The zone in words for notes: "UTC" or "local time (UTC+01:00)" (the offset at `atMs`).
    static QString zoneDescription(EpochMs atMs);

signals:
    void zoneChanged();

private:
    TimeDisplay() = default;
};

} // namespace taskdeck
