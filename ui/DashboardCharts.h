#pragma once

#include "Metrics.h"

#include <QChartView>
#include <QList>
#include <QMap>
#include <QPointF>

#include <optional>

class QBarCategoryAxis;
class QHorizontalBarSeries;
class QBarSet;
class QCategoryAxis;
class QPalette;
class QLineSeries;
class QMouseEvent;
class QPieSeries;
class QValueAxis;

namespace taskdeck {

/// The dashboard's charts follow the window's theme (Preferences): on every (application)
/// palette change each chart takes QChart::ChartThemeDark when the palette's window colour is
/// dark (lightness < 128), else ChartThemeLight, and re-applies its own colours and fonts (a
/// theme resets them).
bool isDarkPalette(const QPalette &palette);

/// Tasks by status as a donut (QPieSeries with a hole), one slice per status in lifecycle order.
/// Clicking a slice emits statusClicked().
class StatusDonutChart : public QChartView
{
    Q_OBJECT
public:
    explicit StatusDonutChart(QWidget *parent = nullptr);
    void setMetrics(const MetricsSnapshot &metrics);
    QPieSeries *series() const { return m_series; }

signals:
    /// A slice was clicked: the tasks of `status`.
    void statusClicked(taskdeck::TaskStatus status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
    QPieSeries *m_series;
};

/// Created, completed and failed tasks per bucket (TaskService::timeseries) as lines over a
/// time axis whose tick labels come from TimeDisplay (the zone chosen in Preferences; a
/// QDateTimeAxis could only show local time): a QCategoryAxis with one label per tick, re-made
/// when the zone changes. Hovering a point shows "Created: 12 · 2026-11-29 10:00" (bucket start
/// in the same zone) as a tooltip. Clicking a line, or within kClickRadius pixels of a point,
/// emits bucketClicked() for the bucket nearest to the click (the line drawn on top wins where
/// points coincide).
class TimelineChart : public QChartView
{
    Q_OBJECT
public:
    /// The chart's lines.
    enum class Line
    {
        Created,   ///< by created_at
        Completed, ///< status completed, by completed_at
        Failed,    ///< status failed, by completed_at
    };
    Q_ENUM(Line)
    /// How far from a point (view pixels) a click still picks it.
    static constexpr double kClickRadius = 12.0;

    explicit TimelineChart(QWidget *parent = nullptr);
    /// Shows `series` on an x axis spanning [axisFrom, axisTo] (ms since the epoch), with
    /// `ticks` labels in `format` (QDateTime format).
    void setTimeseries(const Timeseries &series, EpochMs axisFrom, EpochMs axisTo, int ticks,
                       const QString &format);
    QLineSeries *createdSeries() const { return m_created; }
    QLineSeries *completedSeries() const { return m_completed; }
    QLineSeries *failedSeries() const { return m_failed; }
    /// The x axis' tick labels, left to right (for tests).
    QStringList axisLabels() const;
    /// The tooltip of the point at `x` (bucket start, ms) with `value` on `series`.
    QString pointToolTip(const QLineSeries *series, EpochMs x, qint64 value) const;
    /// Width of the buckets shown (ms).
    qint64 bucketMs() const { return m_bucketMs; }
    /// The start of the bucket shown nearest to `x` (ms since the epoch); std::nullopt when no
    /// bucket is shown.
    std::optional<EpochMs> bucketNear(double x) const;
    QLineSeries *series(Line line) const;

signals:
    /// A point or a line was clicked: the bucket [start, end) of `line`.
    void bucketClicked(taskdeck::TimelineChart::Line line, taskdeck::EpochMs start,
                       taskdeck::EpochMs end);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    /// A click the lines did not take (QLineSeries::clicked) picks the nearest point within
    /// kClickRadius.
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void restyle();
    void relabel();
    void emitBucket(Line line, double x);
    QLineSeries *m_created;
    QLineSeries *m_completed;
    QLineSeries *m_failed;
    QCategoryAxis *m_axisX;
    EpochMs m_axisFrom = 0;
    EpochMs m_axisTo = 1;
    int m_ticks = 7;
    QString m_format = QStringLiteral("MMM d");
    bool m_hourly = false; ///< buckets of an hour: tooltips name the hour
    qint64 m_bucketMs = 86'400'000;
    QList<EpochMs> m_starts; ///< the buckets' starts, ascending
    QPointF m_pressPos;
    bool m_clickTaken = false; ///< a line took the click being released
    QValueAxis *m_axisY;
};

/// Cost by category as horizontal bars, highest on top. When the snapshot carries no cost
/// per category, shows the task count per category instead (and says so in the title).
/// Clicking a bar emits categoryClicked().
class CategoryBarChart : public QChartView
{
    Q_OBJECT
public:
    explicit CategoryBarChart(QWidget *parent = nullptr);
    void setMetrics(const MetricsSnapshot &metrics);
    QBarSet *barSet() const { return m_set; }
    QHorizontalBarSeries *series() const { return m_series; }
    QStringList categories() const;

signals:
    /// A bar was clicked: the tasks of `category` ("" for the tasks without a category).
    void categoryClicked(const QString &category);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
    QHorizontalBarSeries *m_series;
    QBarSet *m_set;
    QStringList m_keys; ///< the stored category of each bar, bottom to top ("" for none)
    QBarCategoryAxis *m_categoryAxis; // left
    QValueAxis *m_valueAxis;          // bottom
};

} // namespace taskdeck
