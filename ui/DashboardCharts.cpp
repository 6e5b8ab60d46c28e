#include "DashboardCharts.h"

#include "TaskTableModel.h"
#include "TimeDisplay.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCursor>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QPalette>
#include <QPen>
#include <QPieSeries>
#include <QPieSlice>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace taskdeck {

namespace {

const char *const kTitleFontProperty = "taskdeckTitleFont";

QChart *makeChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont font = chart->titleFont();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    chart->setProperty(kTitleFontProperty, font); // re-applied after every theme change
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(4);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

void prepareView(QChartView *view, QChart *chart)
{
    // setChart() takes the new chart and only releases the previous one (the default chart
    // QChartView's constructor made), taking it out of the scene: delete it, or it leaks (found
    // by LeakSanitizer over tst_mainwindow).
    QChart *previous = view->chart();
    view->setChart(chart);
    delete previous;
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(260);
}

/// Sets the chart theme that matches the application palette; true when the chart's colours
/// must be set again (QChart::setTheme resets series colours and fonts).
void themeChart(QChart *chart)
{
    const bool dark = isDarkPalette(QApplication::palette());
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setTitleFont(chart->property(kTitleFontProperty).value<QFont>());
}

bool isThemeEvent(const QEvent *event)
{
    return event->type() == QEvent::ApplicationPaletteChange ||
           event->type() == QEvent::PaletteChange;
}

} // namespace

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

StatusDonutChart::StatusDonutChart(QWidget *parent) : QChartView(parent), m_series(new QPieSeries)
{
    QChart *chart = makeChart(tr("Tasks by status"));
    m_series->setHoleSize(0.5);
    m_series->setPieSize(0.85);
    for (TaskStatus status : kAllStatuses) {
        QPieSlice *slice = m_series->append(TaskTableModel::statusText(status), 0);
        connect(slice, &QPieSlice::clicked, this, [this, status] { emit statusClicked(status); });
    }
    setToolTip(tr("Click a status to list its tasks"));
    chart->addSeries(m_series);
    chart->legend()->setAlignment(Qt::AlignRight);
    prepareView(this, chart);
    restyle();
}

void StatusDonutChart::restyle()
{
    themeChart(chart());
    const QList<QPieSlice *> slices = m_series->slices();
    const QColor border = chart()->backgroundBrush().color();
    for (qsizetype i = 0; i < slices.size() && i < qsizetype(kAllStatuses.size()); ++i) {
        slices[i]->setColor(TaskTableModel::statusColor(kAllStatuses[size_t(i)]));
        slices[i]->setBorderColor(border.isValid() ? border : QColor(Qt::white));
    }
}

void StatusDonutChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (isThemeEvent(event))
        restyle();
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
      m_failed(new QLineSeries), m_axisX(new QCategoryAxis), m_axisY(new QValueAxis)
{
    QChart *chart = makeChart(tr("Tasks over time"));
    m_created->setName(tr("Created"));
    m_completed->setName(tr("Completed"));
    m_failed->setName(tr("Failed"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (const Line which : {Line::Created, Line::Completed, Line::Failed}) {
        QLineSeries *line = series(which);
        chart->addSeries(line);
        connect(line, &QLineSeries::clicked, this, [this, which](const QPointF &point) {
            m_clickTaken = true;
            emitBucket(which, point.x());
        });
        line->attachAxis(m_axisX);
        line->attachAxis(m_axisY);
        connect(line, &QLineSeries::hovered, this, [this, line](const QPointF &point, bool state) {
            // `point` is where the cursor is on the line, between buckets: name the bucket a
            // click there opens (bucketNear) and its count, not an interpolated value.
            const std::optional<EpochMs> start = state ? bucketNear(point.x()) : std::nullopt;
            if (start) {
                qint64 value = 0;
                for (const QPointF &p : line->points()) {
                    if (std::llround(p.x()) == *start)
                        value = std::llround(p.y());
                }
                QToolTip::showText(QCursor::pos(), pointToolTip(line, *start, value), this);
            } else
                QToolTip::hideText();
        });
    }
    setToolTip(tr("Click a point to list its tasks"));
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setMin(0);
    prepareView(this, chart);
    restyle();
    relabel();
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, &TimelineChart::relabel);
}

void TimelineChart::restyle()
{
    themeChart(chart());
    const QList<QPair<QLineSeries *, TaskStatus>> lines{{m_created, TaskStatus::InProgress},
                                                        {m_completed, TaskStatus::Completed},
                                                        {m_failed, TaskStatus::Failed}};
    for (const auto &[line, status] : lines) {
        QPen pen(TaskTableModel::statusColor(status));
        pen.setWidthF(line->count() <= 40 ? 2.0 : 1.5);
        line->setPen(pen);
    }
}

void TimelineChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (isThemeEvent(event))
        restyle();
}

void TimelineChart::relabel()
{
    // The ticks QDateTimeAxis would draw (evenly spaced from the axis start), labelled in the
    // chosen zone. Category labels must be unique: a repeated label gets a trailing space.
    for (const QString &label : m_axisX->categoriesLabels())
        m_axisX->remove(label);
    m_axisX->setStartValue(double(m_axisFrom));
    const int ticks = std::max(2, m_ticks);
    QStringList used;
    for (int i = 0; i < ticks; ++i) {
        const double x =
            double(m_axisFrom) + double(m_axisTo - m_axisFrom) * double(i) / double(ticks - 1);
        QString label = TimeDisplay::format(EpochMs(std::llround(x)), m_format);
        while (used.contains(label))
            label += QLatin1Char(' ');
        used.append(label);
        m_axisX->append(label, x);
    }
    m_axisX->setRange(double(m_axisFrom), double(m_axisTo));
}

QStringList TimelineChart::axisLabels() const
{
    return m_axisX->categoriesLabels();
}

QString TimelineChart::pointToolTip(const QLineSeries *series, EpochMs x, qint64 value) const
{
    const QString when = TimeDisplay::format(x, m_hourly ? QStringLiteral("yyyy-MM-dd HH:mm")
                                                         : QStringLiteral("yyyy-MM-dd"));
    //: Tooltip of a point of the "Tasks over time" chart: series name, count, bucket start
    return tr("%1: %2 · %3").arg(series->name(), QLocale().toString(value), when);
}

QLineSeries *TimelineChart::series(Line line) const
{
    switch (line) {
    case Line::Created:
        return m_created;
    case Line::Completed:
        return m_completed;
    case Line::Failed:
        return m_failed;
    }
    return m_created;
}

std::optional<EpochMs> TimelineChart::bucketNear(double x) const
{
    if (m_starts.isEmpty())
        return std::nullopt;
    const auto after =
        std::lower_bound(m_starts.cbegin(), m_starts.cend(), x,
                         [](EpochMs start, double at) { return double(start) < at; });
    if (after == m_starts.cbegin())
        return m_starts.first();
    if (after == m_starts.cend())
        return m_starts.last();
    const EpochMs before = *(after - 1);
    return x - double(before) <= double(*after) - x ? before : *after;
}

void TimelineChart::emitBucket(Line line, double x)
{
    if (const std::optional<EpochMs> start = bucketNear(x))
        emit bucketClicked(line, *start, *start + m_bucketMs);
}

void TimelineChart::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position();
    QChartView::mousePressEvent(event);
}

void TimelineChart::mouseReleaseEvent(QMouseEvent *event)
{
    m_clickTaken = false;
    QChartView::mouseReleaseEvent(event); // a line under the cursor emits clicked() in here
    if (m_clickTaken || event->button() != Qt::LeftButton ||
        (event->position() - m_pressPos).manhattanLength() > QApplication::startDragDistance())
        return;
    // Lines are thin (and their points hidden beyond 40): take the nearest point near enough.
    // The line drawn on top (the last added) wins where points coincide.
    std::optional<Line> best;
    double bestX = 0;
    double bestDistance = kClickRadius;
    for (const Line which : {Line::Failed, Line::Completed, Line::Created}) {
        QLineSeries *line = series(which);
        const QList<QPointF> points = line->points();
        for (const QPointF &point : points) {
            const QPointF at =
                mapFromScene(chart()->mapToScene(chart()->mapToPosition(point, line)));
            const QPointF delta = at - event->position();
            const double distance = std::hypot(delta.x(), delta.y());
            if (distance < bestDistance || (!best && distance <= bestDistance)) {
                best = which;
                bestX = point.x();
                bestDistance = distance;
            }
        }
    }
    if (best)
        emitBucket(*best, bestX);
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
    m_axisFrom = axisFrom;
    m_axisTo = std::max(axisTo, axisFrom + 1);
    m_ticks = ticks;
    m_format = format;
    m_hourly = series.points.size() >= 2 &&
               series.points.at(1).start - series.points.at(0).start < 86'400'000;
    m_bucketMs = bucketWidthMs(series.bucket);
    m_starts.clear();
    for (const TimeseriesPoint &point : series.points)
        m_starts.append(point.start);
    relabel();
    m_axisY->setRange(0, double(std::max<qint64>(maxValue, 4)));
    m_axisY->applyNiceNumbers();
    m_axisY->setLabelFormat(QStringLiteral("%d"));
}

CategoryBarChart::CategoryBarChart(QWidget *parent)
    : QChartView(parent), m_series(new QHorizontalBarSeries), m_set(new QBarSet(QString())),
      m_categoryAxis(new QBarCategoryAxis), m_valueAxis(new QValueAxis)
{
    QChart *chart = makeChart(tr("Cost by category"));
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
    connect(m_series, &QHorizontalBarSeries::clicked, this, [this](int index, QBarSet *) {
        if (index >= 0 && index < m_keys.size())
            emit categoryClicked(m_keys.at(index));
    });
    setToolTip(tr("Click a category to list its tasks"));
    prepareView(this, chart);
    restyle();
}

void CategoryBarChart::restyle()
{
    themeChart(chart());
    m_set->setColor(QColor(0x56, 0x6b, 0xd8));
    m_set->setBorderColor(QColor(0x56, 0x6b, 0xd8));
}

void CategoryBarChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (isThemeEvent(event))
        restyle();
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
    m_keys.clear();
    for (const Bar &bar : bars) {
        m_keys.append(bar.name);
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
