#include "RetentionService.h"

#include "Async.h"
#include "TaskJson.h"
#include "TaskRepository.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPointer>
#include <QPromise>

#include <algorithm>
#include <memory>

Q_LOGGING_CATEGORY(lcRetention, "taskdeck.retention")

namespace taskdeck {

namespace {

constexpr int kMaxPurgeBatch = 10000;
/// Shortest pause after a batch that removed rows. SQLite's busy handler lets a waiting writer
/// (another pool connection, or another process) look at the lock again only every 100 ms once
/// it has waited a while: a shorter pause would let the purge take the lock again first, every
/// time, and starve it (measured: POSTs of over 1 s with no pause, bench/retention.sh).
constexpr qint64 kMinPauseMs = 120;

/// One purge in progress: its request, where the walk stands and what it removed so far.
struct PurgeRun
{
    const ConnectionPool *pool = nullptr;
    /// The service: the pause between two batches is a timer on its thread. If it is destroyed
    /// first, the timer never fires, the run is released and its future is cancelled.
    QPointer<QObject> context;
    PurgeRequest request;
    bool tasks = true;      ///< finished tasks, else audit entries
    qint64 minPauseMs = 10; ///< kMinPauseMs on SQLite
    retention::TaskCursor cursor;
    PurgeSummary summary;
    std::shared_ptr<QPromise<Result<PurgeSummary>>> promise;

    void finish(Result<PurgeSummary> result) const
    {
        promise->addResult(std::move(result));
        promise->finish();
    }
};

void add(PurgeSummary &summary, const retention::BatchOutcome &batch)
{
    if (batch.removed == 0)
        return;
    summary.removed += batch.removed;
    ++summary.batches;
    summary.largestBatch = std::max(summary.largestBatch, int(batch.removed));
    for (auto it = batch.byStatus.cbegin(); it != batch.byStatus.cend(); ++it)
        summary.byStatus[it.key()] += it.value();
    if (batch.oldest && (!summary.oldest || *batch.oldest < *summary.oldest))
        summary.oldest = batch.oldest;
    if (batch.newest && (!summary.newest || *batch.newest > *summary.newest))
        summary.newest = batch.newest;
}

/// Queues the next batch of `run` as its own pool job; the job queues the one after it, so
/// whatever else waits for the pool runs in between.
void step(const std::shared_ptr<PurgeRun> &run)
{
    run->pool->run(
        [run](QSqlDatabase &db) -> VoidResult {
            QElapsedTimer took;
            took.start();
            const Result<retention::BatchOutcome> batch =
                run->tasks
                    ? retention::purgeFinishedBatch(db, run->request.cutoff, run->cursor,
                                                    run->request.batch, false, run->request.archive)
                    : retention::purgeAuditBatch(db, run->request.cutoff, run->request.batch);
            if (!batch.ok()) {
                run->finish(batch.error());
                return Done{};
            }
            const retention::BatchOutcome &outcome = batch.value();
            if (outcome.busy) {
                run->summary.busy = true;
                run->finish(run->summary);
                return Done{};
            }
            add(run->summary, outcome);
            if (run->tasks && outcome.removed > 0)
                TaskRepository::compactStats(db); // failure only delays folding; totals stay right
            if (!outcome.more) {
                run->finish(run->summary);
                return Done{};
            }
            run->cursor = outcome.cursor;
            if (outcome.removed == 0) {
                step(run); // nothing written: no writer waited for this one
                return Done{};
            }
            // Leave the write lock to others for a while (see PurgeRequest::pauseMs).
            const int pause = run->request.pauseMs >= 0
                                  ? run->request.pauseMs
                                  : int(std::max<qint64>(run->minPauseMs, took.elapsed()));
            QObject *context = run->context.data();
            if (!context)
                return Done{}; // the service is gone: `run` is released, its future cancelled
            QMetaObject::invokeMethod(
                context,
                [run, pause] {
                    QTimer::singleShot(pause, run->context.data(), [run] { step(run); });
                },
                Qt::QueuedConnection);
            return Done{};
        },
        [run](const ServiceError &error) { run->finish(error); });
}

QFuture<Result<PurgeSummary>> startPurge(QObject *context, const ConnectionPool *pool,
                                         PurgeRequest request, bool tasks)
{
    auto promise = std::make_shared<QPromise<Result<PurgeSummary>>>();
    QFuture<Result<PurgeSummary>> future = promise->future();
    promise->start();
    if (request.batch < 1 || request.batch > kMaxPurgeBatch) {
        promise->addResult(ServiceError::validation(
            {FieldError{{QStringLiteral("batch")},
                        QStringLiteral("batch must be between 1 and %1").arg(kMaxPurgeBatch),
                        QStringLiteral("value_error")}}));
        promise->finish();
        return future;
    }
    if (request.dryRun) {
        return pool->runRead<PurgeSummary>(
            [cutoff = request.cutoff, tasks](QSqlDatabase &db) -> Result<PurgeSummary> {
                const Result<retention::BatchOutcome> counted =
                    tasks ? retention::finishedSummary(db, cutoff)
                          : retention::auditSummary(db, cutoff);
                if (!counted.ok())
                    return counted.error();
                PurgeSummary summary;
                summary.removed = counted.value().removed;
                summary.byStatus = counted.value().byStatus;
                summary.oldest = counted.value().oldest;
                summary.newest = counted.value().newest;
                return summary;
            });
    }
    auto run = std::make_shared<PurgeRun>();
    run->pool = pool;
    run->context = context;
    if (pool->config().driver == DatabaseConfig::Driver::Sqlite)
        run->minPauseMs = kMinPauseMs;
    run->request = std::move(request);
    run->tasks = tasks;
    run->promise = promise;
    step(run);
    return future;
}

QString describe(const QString &kind, const PurgeSummary &summary)
{
    QString text = QStringLiteral("removed %1 %2").arg(summary.removed).arg(kind);
    if (summary.oldest && summary.newest)
        text += QStringLiteral(" (from %1 to %2)")
                    .arg(json::formatTimestamp(*summary.oldest),
                         json::formatTimestamp(*summary.newest));
    return text + QStringLiteral(" in %1 batch(es)").arg(summary.batches);
}

} // namespace

RetentionService::RetentionService(ConnectionPool *pool, QObject *parent)
    : QObject(parent), m_pool(pool), m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, &RetentionService::runScheduled);
}

QFuture<Result<PurgeSummary>> RetentionService::purgeFinishedTasks(PurgeRequest request) const
{
    return startPurge(const_cast<RetentionService *>(this), m_pool, std::move(request), true);
}

QFuture<Result<PurgeSummary>> RetentionService::purgeAudit(PurgeRequest request) const
{
    request.archive = nullptr;
    return startPurge(const_cast<RetentionService *>(this), m_pool, std::move(request), false);
}

void RetentionService::startSchedule(Schedule schedule)
{
    m_schedule = schedule;
    m_timer.stop();
    if (schedule.finishedDays <= 0 && schedule.auditDays <= 0)
        return;
    qCInfo(lcRetention,
           "retention: finished tasks older than %d day(s), audit entries older than %d day(s) "
           "(0: kept), checked every %d s",
           schedule.finishedDays, schedule.auditDays, schedule.intervalMs / 1000);
    m_timer.start(schedule.intervalMs);
    runScheduled();
}

void RetentionService::runScheduled()
{
    if (m_running)
        return; // the previous run is still going: it covers this one
    m_running = true;
    const EpochMs now = QDateTime::currentMSecsSinceEpoch();
    auto runAudit = [this, now] {
        if (m_schedule.auditDays <= 0) {
            m_running = false;
            return;
        }
        PurgeRequest request;
        request.cutoff = now - qint64(m_schedule.auditDays) * 86400000;
        whenReady(this, purgeAudit(request), [this](const Result<PurgeSummary> &done) {
            m_running = false;
            if (!done.ok())
                qCWarning(lcRetention, "retention: audit purge failed: %s",
                          qPrintable(done.error().message));
            else if (done.value().removed > 0)
                qCInfo(lcRetention, "retention: %s",
                       qPrintable(describe(QStringLiteral("audit entries"), done.value())));
            Q_EMIT scheduledPurgeFinished(QStringLiteral("audit"),
                                          done.ok() ? done.value() : PurgeSummary(), done.ok());
        });
    };
    if (m_schedule.finishedDays <= 0) {
        runAudit();
        return;
    }
    PurgeRequest request;
    request.cutoff = now - qint64(m_schedule.finishedDays) * 86400000;
    whenReady(
        this, purgeFinishedTasks(request), [this, runAudit](const Result<PurgeSummary> &done) {
            if (!done.ok())
                qCWarning(lcRetention, "retention: purge of finished tasks failed: %s",
                          qPrintable(done.error().message));
            else if (done.value().removed > 0)
                qCInfo(lcRetention, "retention: %s",
                       qPrintable(describe(QStringLiteral("finished tasks"), done.value())));
            Q_EMIT scheduledPurgeFinished(QStringLiteral("tasks"),
                                          done.ok() ? done.value() : PurgeSummary(), done.ok());
            runAudit();
        });
}

} // namespace taskdeck
