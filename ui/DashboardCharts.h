#pragma once

#include "Metrics.h"

#include <QChartView>
#include <QMap>

class QBarCategoryAxis;
class QHorizontalBarSeries;
class QBarSet;
class QDateTimeAxis;
class QLineSeries;
class QPieSeries;
class QValueAxis;

namespace taskdeck {

/// Tasks by status as a donut (QPieSeries with a hole), one slice per status in lifecycle order.
class StatusDonutChart : public QChartView
{
    Q_OBJECT
public:
    explicit StatusDonutChart(QWidget *parent = nullptr);
    void setMetrics(const MetricsSnapshot &metrics);
    QPieSeries *series() const { return m_series; }

private:
    QPieSeries *m_series;
};

/// Created, completed and failed tasks per bucket (TaskService::timeseries) as lines over a
/// date-time axis.
class TimelineChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);
    /// Shows `series` on an x axis spanning [axisFrom, axisTo] (ms since the epoch), with
    /// `ticks` labels in `format` (QDateTime format).
    void setTimeseries(const Timeseries &series, EpochMs axisFrom, EpochMs axisTo, int ticks,
                       const QString &format);
    QLineSeries *createdSeries() const { return m_created; }
    QLineSeries *completedSeries() const { return m_completed; }
    QLineSeries *failedSeries() const { return m_failed; }

private:
    QLineSeries *m_created;
    QLineSeries *m_completed;
    QLineSeries *m_failed;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
};

/// Cost by category as horizontal bars, highest on top. When the snapshot carries no cost
/// per category, shows the task count per category instead (and says so in the title).
class CategoryBarChart : public QChartView
{
    Q_OBJECT
public:
    explicit CategoryBarChart(QWidget *parent = nullptr);
    void setMetrics(const MetricsSnapshot &metrics);
    QBarSet *barSet() const { return m_set; }
    QStringList categories() const;

private:
    QHorizontalBarSeries *m_series;
    QBarSet *m_set;
    QBarCategoryAxis *m_categoryAxis; // left
    QValueAxis *m_valueAxis;          // bottom
};

} // namespace taskdeck
