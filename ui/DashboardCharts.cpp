#include "DashboardCharts.h"

#include "TaskTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace taskdeck {

namespace {

QChart *makeChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont font = chart->titleFont();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(4);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

void prepareView(QChartView *view, QChart *chart)
{
    view->setChart(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(260);
}

} // namespace

StatusDonutChart::StatusDonutChart(QWidget *parent) : QChartView(parent), m_series(new QPieSeries)
{
    QChart *chart = makeChart(tr("Tasks by status"));
    m_series->setHoleSize(0.5);
    m_series->setPieSize(0.85);
    for (TaskStatus status : kAllStatuses) {
        auto *slice = m_series->append(TaskTableModel::statusText(status), 0);
        slice->setColor(TaskTableModel::statusColor(status));
        slice->setBorderColor(Qt::white);
    }
    chart->addSeries(m_series);
    chart->legend()->setAlignment(Qt::AlignRight);
    prepareView(this, chart);
}

void StatusDonutChart::setMetrics(const MetricsSnapshot &metrics)
{
    const QLocale locale;
    const qint64 total = metrics.total();
    const QList<QPieSlice *> slices = m_series->slices();
    for (qsizetype i = 0; i < slices.size() && i < qsizetype(kAllStatuses.size()); ++i) {
        const TaskStatus status = kAllStatuses[size_t(i)];
        const qint64 count = metrics.count(status);
        QPieSlice *slice = slices[i];
        slice->setValue(double(count));
        const double share = total > 0 ? 100.0 * double(count) / double(total) : 0.0;
        slice->setLabel(tr("%1: %2 (%3 %)")
                            .arg(TaskTableModel::statusText(status), locale.toString(count),
                                 locale.toString(share, 'f', 1)));
    }
}

TimelineChart::TimelineChart(QWidget *parent)
    : QChartView(parent), m_created(new QLineSeries), m_completed(new QLineSeries),
      m_failed(new QLineSeries), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis)
{
    QChart *chart = makeChart(tr("Tasks over time"));
    const struct
    {
        QLineSeries *series;
        QString name;
        QColor color;
    } lines[] = {
        {m_created, tr("Created"), TaskTableModel::statusColor(TaskStatus::InProgress)},
        {m_completed, tr("Completed"), TaskTableModel::statusColor(TaskStatus::Completed)},
        {m_failed, tr("Failed"), TaskTableModel::statusColor(TaskStatus::Failed)},
    };
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (const auto &line : lines) {
        line.series->setName(line.name);
        QPen pen(line.color);
        pen.setWidthF(2.0);
        line.series->setPen(pen);
        chart->addSeries(line.series);
        line.series->attachAxis(m_axisX);
        line.series->attachAxis(m_axisY);
    }
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setMin(0);
    m_axisX->setTickCount(7);
    prepareView(this, chart);
}

void TimelineChart::setTimeseries(const Timeseries &series, EpochMs axisFrom, EpochMs axisTo,
                                  int ticks, const QString &format)
{
    QList<QPointF> created;
    QList<QPointF> completed;
    QList<QPointF> failed;
    qint64 maxValue = 0;
    for (const TimeseriesPoint &point : series.points) {
        const double x = double(point.start);
        created.append({x, double(point.created)});
        completed.append({x, double(point.completed)});
        failed.append({x, double(point.failed)});
        maxValue = std::max({maxValue, point.created, point.completed, point.failed});
    }
    m_created->replace(created);
    m_completed->replace(completed);
    m_failed->replace(failed);
    for (QLineSeries *line : {m_created, m_completed, m_failed}) {
        line->setPointsVisible(series.points.size() <= 40);
        QPen pen = line->pen();
        pen.setWidthF(series.points.size() <= 40 ? 2.0 : 1.5);
        line->setPen(pen);
    }
    m_axisX->setFormat(format);
    m_axisX->setTickCount(ticks);
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(axisFrom),
                      QDateTime::fromMSecsSinceEpoch(std::max(axisTo, axisFrom + 1)));
    m_axisY->setRange(0, double(std::max<qint64>(maxValue, 4)));
    m_axisY->applyNiceNumbers();
    m_axisY->setLabelFormat(QStringLiteral("%d"));
}

CategoryBarChart::CategoryBarChart(QWidget *parent)
    : QChartView(parent), m_series(new QHorizontalBarSeries), m_set(new QBarSet(QString())),
      m_categoryAxis(new QBarCategoryAxis), m_valueAxis(new QValueAxis)
{
    QChart *chart = makeChart(tr("Cost by category"));
    m_set->setColor(QColor(0x56, 0x6b, 0xd8));
    m_set->setBorderColor(QColor(0x56, 0x6b, 0xd8));
    m_series->append(m_set);
    m_series->setBarWidth(0.7);
    chart->addSeries(m_series);
    chart->addAxis(m_categoryAxis, Qt::AlignLeft);
    chart->addAxis(m_valueAxis, Qt::AlignBottom);
    m_series->attachAxis(m_categoryAxis);
    m_series->attachAxis(m_valueAxis);
    m_categoryAxis->setGridLineVisible(false);
    // QtCharts 6.4 elides left-axis category labels to "..." even with room to spare.
    m_categoryAxis->setTruncateLabels(false);
    chart->legend()->hide();
    prepareView(this, chart);
}

QStringList CategoryBarChart::categories() const
{
    QStringList topFirst = m_categoryAxis->categories();
    std::reverse(topFirst.begin(), topFirst.end());
    return topFirst;
}

void CategoryBarChart::setMetrics(const MetricsSnapshot &metrics)
{
    const bool haveCost = !metrics.costByCategory.isEmpty();
    struct Bar
    {
        QString name;
        double value;
    };
    QList<Bar> bars;
    if (haveCost) {
        for (auto it = metrics.costByCategory.cbegin(); it != metrics.costByCategory.cend(); ++it)
            bars.append({it.key(), double(it.value()) / 10000.0});
    } else {
        for (auto it = metrics.byCategory.cbegin(); it != metrics.byCategory.cend(); ++it)
            bars.append({it.key(), double(it.value())});
    }
    // The category axis runs bottom to top: ascending order puts the largest bar on top.
    std::stable_sort(bars.begin(), bars.end(),
                     [](const Bar &a, const Bar &b) { return a.value < b.value; });

    QStringList names;
    QList<qreal> values;
    double maxValue = 0;
    for (const Bar &bar : bars) {
        names.append(bar.name.isEmpty() ? tr("(none)") : bar.name);
        values.append(bar.value);
        maxValue = std::max(maxValue, bar.value);
    }
    chart()->setTitle(haveCost ? tr("Cost by category (USD)") : tr("Tasks by category"));
    if (m_categoryAxis->categories() == names) {
        // Same bars (the usual live update): change the values only, nothing is rebuilt.
        for (qsizetype i = 0; i < values.size(); ++i)
            m_set->replace(int(i), values[i]);
    } else {
        m_set->remove(0, m_set->count());
        m_set->append(values);
        m_categoryAxis->clear();
        m_categoryAxis->append(names);
    }
    m_valueAxis->setRange(0, maxValue > 0 ? maxValue : 1);
    m_valueAxis->applyNiceNumbers();
    // Enough decimals for the tick step: a $2 axis ticks every 0.5 and read "0 1 1 2 2" with
    // "%.0f".
    int decimals = 0;
    if (haveCost && m_valueAxis->tickCount() > 1) {
        const double step =
            (m_valueAxis->max() - m_valueAxis->min()) / double(m_valueAxis->tickCount() - 1);
        while (decimals < 4 && step * std::pow(10.0, decimals) -
                                       std::floor(step * std::pow(10.0, decimals) + 1e-9) >
                                   1e-9)
            ++decimals;
    }
    m_valueAxis->setLabelFormat(haveCost ? QStringLiteral("%.%1f").arg(decimals)
                                         : QStringLiteral("%d"));
}

} // namespace taskdeck
