#include "DashboardPage.h"

#include "Async.h"
#include "ChangeFeed.h"
#include "DashboardCharts.h"
#include "KpiTile.h"
#include "TaskService.h"
#include "TaskTableModel.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace taskdeck {

namespace {

/// The locale that writes dollar amounts: the user's, except the "C"/POSIX locale (servers,
/// containers, Xvfb sessions), whose currency format puts the symbol after the number
/// ("418.32$"); US English writes "$418.32" there.
QLocale currencyLocale(const QLocale &locale)
{
    return locale.language() == QLocale::C ? QLocale(QLocale::English, QLocale::UnitedStates)
                                           : locale;
}

} // namespace

DashboardPage::DashboardPage(TaskService *service, ChangeFeed *feed, QWidget *parent)
    : QWidget(parent), m_service(service), m_rangeCombo(new QComboBox(this)),
      m_statusChart(new StatusDonutChart(this)), m_timeline(new TimelineChart(this)),
      m_categoryChart(new CategoryBarChart(this))
{
    auto *tiles = new QHBoxLayout;
    tiles->setSpacing(8);
    const QColor neutral(0x56, 0x6b, 0xd8);
    const struct
    {
        const char *name;
        QString caption;
        QColor accent;
    } specs[] = {
        {"totalTile", tr("Created"), neutral},
        {"completedTile", tr("Completed"), TaskTableModel::statusColor(TaskStatus::Completed)},
        {"failedTile", tr("Failed"), TaskTableModel::statusColor(TaskStatus::Failed)},
        {"pendingTile", tr("Pending now"), TaskTableModel::statusColor(TaskStatus::Pending)},
        {"successRateTile", tr("Success rate"), TaskTableModel::statusColor(TaskStatus::Completed)},
        {"avgExecutionTile", tr("Avg. execution time"),
         TaskTableModel::statusColor(TaskStatus::InProgress)},
        {"totalCostTile", tr("Cost"), TaskTableModel::statusColor(TaskStatus::Cancelled)},
    };
    for (const auto &spec : specs)
        tiles->addWidget(addTile(QLatin1String(spec.name), spec.caption, spec.accent));

    m_rangeCombo->setObjectName(QStringLiteral("rangeCombo"));
    m_rangeCombo->addItem(tr("Last 24 hours"), int(Range::Last24Hours));
    m_rangeCombo->addItem(tr("Last 7 days"), int(Range::Last7Days));
    m_rangeCombo->addItem(tr("Last 30 days"), int(Range::Last30Days));
    m_rangeCombo->addItem(tr("Last 90 days"), int(Range::Last90Days));
    m_rangeCombo->setCurrentIndex(2);
    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, &DashboardPage::reloadTimeseries);
    auto *rangeRow = new QHBoxLayout;
    auto *rangeLabel = new QLabel(tr("&Time range:"), this);
    rangeLabel->setBuddy(m_rangeCombo);
    rangeRow->addStretch(1);
    rangeRow->addWidget(rangeLabel);
    rangeRow->addWidget(m_rangeCombo);

    connect(m_statusChart, &StatusDonutChart::statusClicked, this, [this](TaskStatus status) {
        TaskFilter filter;
        filter.statuses = {status};
        emit openTasksRequested(filter);
    });
    connect(m_categoryChart, &CategoryBarChart::categoryClicked, this,
            [this](const QString &category) {
                TaskFilter filter;
                filter.category = category; // "": the tasks without a category
                emit openTasksRequested(filter);
            });
    connect(m_timeline, &TimelineChart::bucketClicked, this,
            [this](TimelineChart::Line line, EpochMs start, EpochMs end) {
                emit openTasksRequested(timelineFilter(line, start, end));
            });
    m_statusChart->setObjectName(QStringLiteral("statusChart"));
    m_timeline->setObjectName(QStringLiteral("timelineChart"));
    m_categoryChart->setObjectName(QStringLiteral("categoryChart"));

    auto *charts = new QGridLayout;
    charts->setSpacing(8);
    charts->addWidget(m_statusChart, 0, 0);
    charts->addWidget(m_categoryChart, 0, 1);
    charts->addLayout(rangeRow, 1, 0, 1, 2);
    charts->addWidget(m_timeline, 2, 0, 1, 2);
    charts->setColumnStretch(0, 1); // the donut's legend needs room in longer languages
    charts->setColumnStretch(1, 1);
    charts->setRowStretch(0, 1);
    charts->setRowStretch(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(tiles);
    layout->addLayout(charts, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(1000);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (m_seriesDirty && isVisible())
            reloadTimeseries(); // the trailing edge of a burst
    });
    m_nextBucket.setSingleShot(true);
    connect(&m_nextBucket, &QTimer::timeout, this, &DashboardPage::reloadTimeseries);

    if (feed) {
        connect(feed, &ChangeFeed::published, this, [this](const QList<ChangeEvent> &events) {
            const ChangeEvent *latestMetrics = nullptr;
            bool tasksChanged = false;
            for (const ChangeEvent &event : events) {
                if (event.type == ChangeType::MetricsUpdated && event.metrics)
                    latestMetrics = &event;
                else if (event.isTaskEvent())
                    tasksChanged = true;
            }
            if (latestMetrics)
                setMetrics(*latestMetrics->metrics);
            if (tasksChanged)
                taskEventsArrived();
        });
        // Events were missed while the listener was away: read everything afresh.
        connect(feed, &ChangeFeed::resyncNeeded, this, &DashboardPage::reload);
    }
}

void DashboardPage::reload()
{
    // The answer may have been read before a commit whose metrics.updated arrives first: it is
    // applied only if no snapshot newer than this request (feed or later reload) is shown.
    const quint64 ticket = ++m_metricsTicket;
    whenReady(this, m_service->metrics(), [this, ticket](const Result<MetricsSnapshot> &result) {
        ++m_metricsAnswers;
        if (!result.ok()) {
            emit loadFailed(result.error());
            return;
        }
        if (ticket < m_metricsShownTicket)
            return; // older than the snapshot shown
        showMetrics(result.value(), ticket);
    });
    reloadTimeseries();
}

void DashboardPage::taskEventsArrived()
{
    m_seriesDirty = true;
    if (!isVisible() || m_throttle.isActive())
        return; // showEvent() or the throttle's timeout reads it
    reloadTimeseries();
}

void DashboardPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::ApplicationPaletteChange) {
        for (KpiTile *tile : std::as_const(m_tiles))
            tile->restyle();
    }
}

void DashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_seriesDirty && !m_throttle.isActive())
        reloadTimeseries();
}

KpiTile *DashboardPage::addTile(const QString &objectName, const QString &caption,
                                const QColor &accent)
{
    auto *tile = new KpiTile(caption, accent, this);
    tile->setObjectName(objectName);
    m_tiles.append(tile);
    return tile;
}

KpiTile *DashboardPage::tile(const QString &objectName) const
{
    for (KpiTile *tile : m_tiles) {
        if (tile->objectName() == objectName)
            return tile;
    }
    return nullptr;
}

void DashboardPage::setMetrics(const MetricsSnapshot &metrics)
{
    showMetrics(metrics, ++m_metricsTicket);
}

void DashboardPage::showMetrics(const MetricsSnapshot &metrics, quint64 ticket)
{
    m_metricsShownTicket = ticket;
    m_metrics = metrics;
    tile(QStringLiteral("pendingTile"))
        ->setValue(QLocale().toString(metrics.count(TaskStatus::Pending)),
                   tr("Tasks pending now, whenever they were created"));
    m_statusChart->setMetrics(metrics);
    m_categoryChart->setMetrics(metrics);
}

TaskFilter DashboardPage::timelineFilter(TimelineChart::Line line, EpochMs start, EpochMs end)
{
    TaskFilter filter;
    switch (line) {
    case TimelineChart::Line::Created:
        filter.createdAfter = start;
        filter.createdBefore = end;
        break;
    case TimelineChart::Line::Completed:
    case TimelineChart::Line::Failed:
        // the series counts these by completed_at (docs/API.md GET /api/metrics/timeseries)
        filter.statuses = {line == TimelineChart::Line::Completed ? TaskStatus::Completed
                                                                  : TaskStatus::Failed};
        filter.completedAfter = start;
        filter.completedBefore = end;
        break;
    }
    return filter;
}

TimeseriesPoint DashboardPage::rangeTotals(const Timeseries &series)
{
    TimeseriesPoint totals;
    for (const TimeseriesPoint &point : series.points) {
        totals.created += point.created;
        totals.completed += point.completed;
        totals.failed += point.failed;
        totals.costE4 += point.costE4;
        totals.completedExecutionMsSum += point.completedExecutionMsSum;
        totals.completedExecutionCount += point.completedExecutionCount;
    }
    if (!series.points.isEmpty())
        totals.start = series.points.first().start;
    return totals;
}

void DashboardPage::showRangeTotals(const TimeseriesPoint &totals)
{
    m_rangeTotals = totals;
    const QLocale locale;
    const QString range = m_rangeCombo->currentText();
    tile(QStringLiteral("totalTile"))
        ->setValue(locale.toString(totals.created), tr("Tasks created: %1").arg(range));
    tile(QStringLiteral("completedTile"))
        ->setValue(locale.toString(totals.completed), tr("Tasks completed: %1").arg(range));
    tile(QStringLiteral("failedTile"))
        ->setValue(locale.toString(totals.failed), tr("Tasks failed: %1").arg(range));
    const qint64 finished = totals.completed + totals.failed;
    const double rate =
        finished > 0 ? double(divideRoundHalfUp(totals.completed * 10000, finished)) / 100.0 : 0.0;
    tile(QStringLiteral("successRateTile"))
        ->setValue(tr("%1 %").arg(locale.toString(rate, 'f', 2)),
                   tr("Completed ÷ (completed + failed), finished: %1").arg(range));
    const double avgSeconds = totals.averageExecutionSeconds();
    tile(QStringLiteral("avgExecutionTile"))
        ->setValue(TaskTableModel::formatDuration(qint64(std::llround(avgSeconds * 1000.0))),
                   tr("Mean execution time of the tasks completed (%1): %2 s")
                       .arg(range, locale.toString(avgSeconds, 'f', 3)));
    const double cost = double(totals.costE4) / 10000.0;
    tile(QStringLiteral("totalCostTile"))
        ->setValue(currencyLocale(locale).toCurrencyString(cost, QStringLiteral("$"), 2),
                   tr("Cost of the tasks finished (%1): exactly %2 USD")
                       .arg(range, locale.toString(cost, 'f', 4)));
}

DashboardPage::Range DashboardPage::range() const
{
    return static_cast<Range>(m_rangeCombo->currentData().toInt());
}

void DashboardPage::setRange(Range range)
{
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(range)));
}

DashboardPage::Window DashboardPage::window(Range range, EpochMs nowMs)
{
    constexpr qint64 hourMs = 3600 * 1000;
    constexpr qint64 dayMs = 24 * hourMs;
    Window w;
    const EpochMs hourEnd = bucketStart(TimeBucket::Hour, nowMs) + hourMs;
    const EpochMs dayEnd = bucketStart(TimeBucket::Day, nowMs) + dayMs;
    switch (range) {
    case Range::Last24Hours:
        w.bucket = TimeBucket::Hour;
        w.to = hourEnd;
        w.from = w.to - dayMs;
        w.axisFrom = w.from;
        w.axisTo = w.to - hourMs; // the last point is the current hour's start
        w.ticks = 7;              // every 4 hours
        w.format = QStringLiteral("HH:mm");
        break;
    case Range::Last7Days:
        w.bucket = TimeBucket::Hour;
        w.to = hourEnd;
        w.from = dayEnd - 7 * dayMs;
        w.axisFrom = w.from;
        w.axisTo = dayEnd; // whole days: one tick per midnight
        w.ticks = 8;
        w.format = QStringLiteral("MMM d");
        break;
    case Range::Last30Days:
    case Range::Last90Days: {
        const int days = range == Range::Last30Days ? 30 : 90;
        w.bucket = TimeBucket::Day;
        w.to = dayEnd;
        w.from = w.to - days * dayMs;
        w.axisFrom = w.from;
        w.axisTo = w.to; // whole days on the axis: a tick every 5 / 15 days
        w.ticks = 7;
        w.format = QStringLiteral("MMM d");
        break;
    }
    }
    return w;
}

void DashboardPage::reloadTimeseries()
{
    const EpochMs now = QDateTime::currentMSecsSinceEpoch();
    const Window w = window(range(), now);
    m_window = w;
    m_seriesDirty = false;
    m_throttle.start();
    // When the current bucket ends the window moves on (a new, empty bucket appears).
    m_nextBucket.start(int(std::clamp<qint64>(w.to - now + 50, 1000, 24 * 3600 * 1000)));
    const quint64 generation = ++m_timeseriesGeneration;
    whenReady(this, m_service->timeseries(w.bucket, w.from, w.to),
              [this, generation, w](const Result<Timeseries> &result) {
                  if (generation != m_timeseriesGeneration)
                      return; // the range changed meanwhile
                  if (!result.ok()) {
                      emit loadFailed(result.error());
                      return;
                  }
                  m_timeline->setTimeseries(result.value(), w.axisFrom, w.axisTo, w.ticks,
                                            w.format);
                  showRangeTotals(rangeTotals(result.value()));
                  ++m_timeseriesLoads;
              });
}

} // namespace taskdeck
