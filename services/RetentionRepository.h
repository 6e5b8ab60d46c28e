#pragma once

#include "ServiceError.h"
#include "Task.h"

#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <functional>
#include <limits>
#include <optional>

namespace taskdeck::retention {

/// The SQL of retention (docs/database.md "Retention of finished tasks and audit entries"):
/// finished tasks and old audit entries removed in small batches, each its own short write
/// transaction. Every function takes the calling pool thread's own connection.
///
/// A finished task is one whose status is completed, failed or cancelled; its age is counted
/// from `updated_at`, its last change (for a finished task never earlier than `completed_at`),
/// so a task is removed only when it finished AND nobody touched it since the cutoff. Removal is
/// a plain DELETE through the normal trigger path: the statistics triggers keep task_stats exact
/// and the change-log triggers append one id-only `deleted` row per task, so every feed publishes
/// a task.deleted event per removed task (no gap, no reload).

/// Where a walk over the finished tasks stands: the (updated_at, id) of the last task looked
/// at. Tasks are visited in (updated_at, id) order through the tasks_updated_idx index, so old
/// tasks that are not finished are passed once, not scanned again by every batch.
struct TaskCursor
{
    EpochMs updatedAt = std::numeric_limits<qint64>::min();
    QUuid id; ///< null: before every id
};

/// What one batch removed (or, for summaries, would remove).
struct BatchOutcome
{
    qint64 removed = 0;
    /// Removed tasks per status name ("completed", "failed", "cancelled"); empty for audit.
    QMap<QString, qint64> byStatus;
    std::optional<EpochMs> oldest; ///< smallest updated_at (tasks) / at (audit) removed
    std::optional<EpochMs> newest; ///< largest
    /// Tasks: finished tasks found for this batch (the DELETE may keep some that changed
    /// meanwhile). Audit: equals removed.
    qint64 candidates = 0;
    /// More rows may be due: call again (from `cursor`). A batch can remove nothing and still
    /// have more (it passed over a stretch of open tasks).
    bool more = false;
    TaskCursor cursor; ///< tasks: where the next batch starts
    bool busy = false; ///< PostgreSQL: another purge of the same kind holds the lock; nothing done
    QList<Task> tasks; ///< the removed tasks as they were (only when asked for, for an archive)
};

/// Removes up to `batch` finished tasks with updated_at < `cutoff`, after `cursor`: reads at most
/// 4 x `batch` tasks from the cursor in (updated_at, id) order (no transaction), then deletes the
/// finished ones in one short write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: under
/// pg_try_advisory_xact_lock so that instances sharing a database do not purge the same rows at
/// once, `busy` otherwise). The DELETE checks status and age again, so a task reopened or edited
/// since it was read stays.
/// `beforeCommit` (optional) gets the removed rows before COMMIT; returning false rolls the batch
/// back (error Internal "archive write failed"). Errors: Unavailable/Timeout/Internal (the batch
/// is rolled back).
Result<BatchOutcome>
purgeFinishedBatch(QSqlDatabase &db, EpochMs cutoff, const TaskCursor &cursor, int batch,
                   bool keepRows, const std::function<bool(const QList<Task> &)> &beforeCommit);
/// What purgeFinishedBatch() would remove, all of it (a dry run): counts per status and the
/// updated_at range, from one read-only query. Nothing is locked or written.
Result<BatchOutcome> finishedSummary(QSqlDatabase &db, EpochMs cutoff);

/// Removes up to `batch` of the oldest audit entries with at < `cutoff` in one short write
/// transaction (PostgreSQL: advisory lock as above).
Result<BatchOutcome> purgeAuditBatch(QSqlDatabase &db, EpochMs cutoff, int batch);
/// What purgeAuditBatch() would remove, all of it: count and `at` range. Read only.
Result<BatchOutcome> auditSummary(QSqlDatabase &db, EpochMs cutoff);

/// SQLite only: writes a consistent copy of the whole database to `file` with VACUUM INTO (one
/// read transaction, so one snapshot; writers in this and other processes go on meanwhile,
/// WAL mode). `file` must not exist. Errors: Validation (PostgreSQL, or the file exists),
/// Internal (SQLite refused, e.g. the directory is not writable).
VoidResult backupSqlite(QSqlDatabase &db, const QString &file);

} // namespace taskdeck::retention
