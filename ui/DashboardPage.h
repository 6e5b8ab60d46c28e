#pragma once

#include "Metrics.h"
#include "ServiceError.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;

namespace taskdeck {

class CategoryBarChart;
class KpiTile;
class StatusDonutChart;
class TaskService;
class TimelineChart;

/// The Dashboard page: KPI tiles (total, completed, failed, pending, success rate, average
/// execution time, total cost, formatted with QLocale) and three charts: tasks by status (donut),
/// created/completed/failed over time (range selector: last 24 hours hourly, 7 days hourly,
/// 30 or 90 days daily) and cost by category.
///
/// setMetrics() takes the snapshot ChangeMonitor already read (no second query) and reloads the
/// time series; loading is asynchronous and stale answers (range changed meanwhile) are dropped.
///
/// Thread affinity: GUI thread.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    enum class Range
    {
        Last24Hours,
        Last7Days,
        Last30Days,
        Last90Days,
    };
    Q_ENUM(Range)

    explicit DashboardPage(TaskService *service, QWidget *parent = nullptr);

    /// Updates tiles and charts from `metrics` and reloads the time series.
    void setMetrics(const MetricsSnapshot &metrics);
    /// Reloads the time series for the selected range.
    void reloadTimeseries();

    Range range() const;
    void setRange(Range range);
    /// What a range asks for and how its axis looks.
    struct Window
    {
        TimeBucket bucket = TimeBucket::Day;
        EpochMs from = 0;     ///< first bucket's start (inclusive)
        EpochMs to = 0;       ///< end of the current bucket (exclusive): nothing from the future
        EpochMs axisFrom = 0; ///< x axis span, aligned so ticks fall on round times
        EpochMs axisTo = 0;
        int ticks = 7;
        QString format; ///< QDateTime format of the tick labels
    };
    /// The window of `range` at `nowMs` (UTC buckets; the current bucket included).
    static Window window(Range range, EpochMs nowMs);

    KpiTile *tile(const QString &objectName) const;
    StatusDonutChart *statusChart() const { return m_statusChart; }
    TimelineChart *timelineChart() const { return m_timeline; }
    CategoryBarChart *categoryChart() const { return m_categoryChart; }
    /// Number of time-series answers applied (for tests).
    int timeseriesLoads() const { return m_timeseriesLoads; }

signals:
    void loadFailed(const taskdeck::ServiceError &error);

private:
    KpiTile *addTile(const QString &objectName, const QString &caption, const QColor &accent);

    TaskService *m_service;
    QComboBox *m_rangeCombo;
    QList<KpiTile *> m_tiles;
    StatusDonutChart *m_statusChart;
    TimelineChart *m_timeline;
    CategoryBarChart *m_categoryChart;
    quint64 m_timeseriesGeneration = 0;
    int m_timeseriesLoads = 0;
};

} // namespace taskdeck
