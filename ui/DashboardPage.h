#pragma once

#include "DashboardCharts.h"
#include "Metrics.h"
#include "ServiceError.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;

namespace taskdeck {

class CategoryBarChart;
class ChangeFeed;
class KpiTile;
class StatusDonutChart;
class TaskService;

/// The Dashboard page: KPI tiles and three charts: tasks by status (donut), created/completed/
/// failed over time (range selector: last 24 hours hourly, 7 days hourly, 30 or 90 days daily)
/// and cost by category. The tiles follow the selected range (the chart's window): created,
/// completed, failed, success rate, average execution time and cost of the tasks finished in it
/// (sums of the time series); "Pending now" is the current count. Clicking a status slice, a
/// category bar or a point of the timeline (timelineFilter()) emits openTasksRequested() with
/// the matching filter.
///
/// Live: setMetrics() takes the snapshot of the change feed's metrics.updated event as it is
/// (tiles, donut and bars change their values in place, no query); taskEventsArrived() re-reads
/// the time series at most once a second (leading and trailing edge) while the page is shown,
/// once when it is shown again otherwise. The chart's window moves with the clock: a single-shot
/// timer re-reads the series when the current bucket ends, so the new bucket appears. Loading is
/// asynchronous and stale answers (range changed meanwhile) are dropped. reload() reads metrics
/// and series afresh (start, and after the change feed lost events).
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

    /// With a `feed`, the page follows it itself: metrics.updated -> setMetrics(), task events
    /// -> taskEventsArrived(), resyncNeeded -> reload().
    explicit DashboardPage(TaskService *service, ChangeFeed *feed = nullptr,
                           QWidget *parent = nullptr);

    /// Updates tiles, donut and bars from `metrics` (no query): the newest snapshot (the change
    /// feed's metrics.updated).
    void setMetrics(const MetricsSnapshot &metrics);
    /// Reads the metrics and the time series afresh. A metrics answer is dropped when a newer
    /// snapshot was shown after the request (setMetrics(), or a later reload() answered first):
    /// it may have been read before a commit whose metrics.updated arrived meanwhile.
    void reload();
    /// Reloads the time series for the selected range.
    void reloadTimeseries();
    /// Tasks changed: re-read the time series soon (throttled, see class comment).
    void taskEventsArrived();
    /// The minimum gap between two live re-reads of the time series (default 1000 ms).
    void setTimeseriesThrottleMs(int ms) { m_throttle.setInterval(ms); }

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
    /// Number of reload() metrics answers received, applied or dropped as stale (for tests).
    int metricsAnswers() const { return m_metricsAnswers; }
    /// The window the chart shows (as last requested).
    const Window &currentWindow() const { return m_window; }
    /// The last snapshot shown.
    const MetricsSnapshot &metrics() const { return m_metrics; }

    /// The tasks a point of the timeline counts: the "created" line's bucket [start, end) by
    /// created_at; the "completed" and "failed" lines' by completed_at, with that status.
    static TaskFilter timelineFilter(TimelineChart::Line line, EpochMs start, EpochMs end);

    /// Sums of a series' buckets (`start` = the first bucket's start).
    static TimeseriesPoint rangeTotals(const Timeseries &series);
    /// The range totals the tiles show (as last loaded).
    const TimeseriesPoint &shownRangeTotals() const { return m_rangeTotals; }

signals:
    void loadFailed(const taskdeck::ServiceError &error);
    /// A chart segment was clicked: show the tasks matching `filter` (its sort and order are
    /// not meant: the Tasks page keeps its own).
    void openTasksRequested(const taskdeck::TaskFilter &filter);

protected:
    void showEvent(QShowEvent *event) override;
    /// A new palette (theme): the KPI tiles re-colour themselves.
    void changeEvent(QEvent *event) override;

private:
    KpiTile *addTile(const QString &objectName, const QString &caption, const QColor &accent);
    void showMetrics(const MetricsSnapshot &metrics, quint64 ticket);
    void showRangeTotals(const TimeseriesPoint &totals);

    TaskService *m_service;
    QComboBox *m_rangeCombo;
    QList<KpiTile *> m_tiles;
    StatusDonutChart *m_statusChart;
    TimelineChart *m_timeline;
    CategoryBarChart *m_categoryChart;
    quint64 m_timeseriesGeneration = 0;
    int m_timeseriesLoads = 0;
    /// Metrics ordering: every reload() request and every setMetrics() takes the next ticket (GUI
    /// order); an answer whose ticket is below the shown snapshot's is stale.
    quint64 m_metricsTicket = 0;
    quint64 m_metricsShownTicket = 0;
    int m_metricsAnswers = 0;
    Window m_window;
    MetricsSnapshot m_metrics;
    TimeseriesPoint m_rangeTotals;
    QTimer m_throttle;          ///< single shot: no live re-read before it fires
    QTimer m_nextBucket;        ///< single shot: the current bucket ends
    bool m_seriesDirty = false; ///< tasks changed since the last re-read
};

} // namespace taskdeck
