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

/// Rows per purge transaction (issue 12: small batches, no long locks). A task sits in 13
/// indexes, so deleting one dirties ~6 pages; on SQLite the batch holds the write lock for that
/// long. bench/retention.sh (100,000 old among 100,000 new tasks under load on the shared 2-core
/// machine, docs/MEASUREMENTS.md "Retention"): 500 per batch let a request wait 1.5 s, 200 about
/// 1 s, 100 keeps every request well under 1 s.
inline constexpr int kDefaultPurgeBatch = 100;

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
    /// Pause after each batch that removed rows before the next one starts (a timer, no thread
    /// is held): -1 (default) pauses as long as the batch took, on SQLite at least 120 ms, so
    /// writers waiting for the write lock (polling it every 100 ms) get it between two batches
    /// and the purge takes at most about half of the database's write time.
    int pauseMs = -1;
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
/// A purge is a chain of pool jobs, one batch (one short write transaction) per job, with a pause
/// after each batch (PurgeRequest::pauseMs): other writers get the database between two batches,
/// and a lost connection costs one batch.
/// Removal goes through the normal trigger path, so the maintained totals stay exact and every
/// removed task is a task.deleted event of the change feed. Purges write no audit entries (like
/// imports: bulk, and not a user's mutation).
///
/// Thread affinity: construct on a thread with an event loop (the main thread): the pauses between
/// batches are timers there. purge*() are thread-safe; the schedule runs on the object's thread.
/// Destroying the service ends a running purge after its current batch (its future is
/// cancelled); destroy it after the pool has finished its jobs (Application does).
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
