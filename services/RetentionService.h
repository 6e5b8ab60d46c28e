#pragma once

#include "ConnectionPool.h"
#include "RetentionRepository.h"
#include "ServiceError.h"

#include <QFuture>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace taskdeck {

/// Rows per purge transaction (issue 12: small batches, no long locks). Measured in
/// docs/MEASUREMENTS.md "Retention": a batch of 500 tasks holds SQLite's write lock for a few
/// milliseconds.
inline constexpr int kDefaultPurgeBatch = 500;

/// What a purge removes and how (RetentionService).
struct PurgeRequest
{
    /// Remove rows older than this (epoch ms UTC): finished tasks with updated_at < cutoff,
    /// audit entries with at < cutoff.
    EpochMs cutoff = 0;
    /// Count what would be removed (one read-only query) and remove nothing.
    bool dryRun = false;
    /// Rows per transaction (1..10,000).
    int batch = kDefaultPurgeBatch;
    /// Tasks only: called on a pool thread with each batch's removed tasks (as they were) before
    /// that batch commits; returning false rolls the batch back and ends the purge with an error,
    /// so every removed task has been handed over first (an archive). Not called in a dry run.
    std::function<bool(const QList<Task> &)> archive;
};

/// What a purge did (dry run: what it would do).
struct PurgeSummary
{
    qint64 removed = 0;             ///< rows removed (dry run: rows that match)
    QMap<QString, qint64> byStatus; ///< tasks: removed per status name
    std::optional<EpochMs> oldest;  ///< tasks: smallest updated_at removed; audit: smallest at
    std::optional<EpochMs> newest;  ///< largest
    qint64 batches = 0;             ///< write transactions that removed something
    int largestBatch = 0;           ///< most rows one transaction removed (<= the batch size)
    /// PostgreSQL: another instance was purging the same kind of rows; this run stopped (the
    /// other one goes on).
    bool busy = false;
};

/// Retention of finished tasks and audit entries (issue 12; docs/database.md "Retention of
/// finished tasks and audit entries"): on demand (`taskdeck --purge-finished-older-than DAYS`,
/// `--purge-audit-older-than DAYS`) and on a schedule inside the server (`--retain-finished-days`,
/// `--retain-audit-days`; off by default).
///
/// A purge is a chain of pool jobs, one batch (one short write transaction) per job: other work
/// queued on the pool meanwhile runs between two batches, and a lost connection costs one batch.
/// Removal goes through the normal trigger path, so the maintained totals stay exact and every
/// removed task is a task.deleted event of the change feed. Purges write no audit entries (like
/// imports: bulk, and not a user's mutation).
///
/// Thread affinity: construct on the main thread; purge*() are thread-safe; the schedule runs on
/// the object's thread.
class RetentionService : public QObject
{
    Q_OBJECT
public:
    /// `pool` must outlive the service.
    explicit RetentionService(ConnectionPool *pool, QObject *parent = nullptr);

    /// Removes finished tasks (completed, failed, cancelled) last changed before request.cutoff.
    /// Errors: Validation (batch out of range), Unavailable/Timeout/Internal from a batch (the
    /// batches before it stay removed; the summary is lost with the error, the log has it).
    QFuture<Result<PurgeSummary>> purgeFinishedTasks(PurgeRequest request) const;
    /// Removes audit entries with `at` before request.cutoff (request.archive is not used).
    QFuture<Result<PurgeSummary>> purgeAudit(PurgeRequest request) const;

    /// The server's schedule: ages in days, 0 turns that purge off.
    struct Schedule
    {
        int finishedDays = 0;
        int auditDays = 0;
        int intervalMs = 60 * 60 * 1000; ///< between two runs (the first runs at once)
    };
    /// Starts the schedule (replacing any earlier one): a run at once, then every intervalMs; a
    /// run still going when the next is due is not doubled. Outcomes go to the log (category
    /// taskdeck.retention) and to scheduledPurgeFinished().
    void startSchedule(Schedule schedule);

signals:
    /// A scheduled run of one kind ("tasks" or "audit") ended; `summary` is empty on error.
    void scheduledPurgeFinished(const QString &kind, const taskdeck::PurgeSummary &summary,
                                bool ok);

private:
    void runScheduled();

    ConnectionPool *m_pool;
    Schedule m_schedule;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace taskdeck

Q_DECLARE_METATYPE(taskdeck::PurgeSummary)
