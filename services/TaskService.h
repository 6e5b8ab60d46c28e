#pragma once

#include "AuditLog.h"
#include "ConnectionPool.h"
#include "IdempotencyRepository.h"
#include "Metrics.h"
#include "ServiceError.h"
#include "Task.h"
#include "TaskBulk.h"
#include "TaskImport.h"
#include "TaskRepository.h"
#include "User.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>

#include <QStringList>
#include <QUuid>
#include <memory>

#include <functional>
#include <optional>

namespace taskdeck {

/// Outcome of an import (`taskdeck --import FILE`).
struct ImportSummary
{
    qint64 imported = 0; ///< rows written (0 when any row failed)
    qint64 rejected = 0; ///< rows that failed validation
    FieldErrors errors;  ///< first errors, loc {"line N", field}; at most 100 kept
};

/// The task service: every task and metrics operation of the GUI and the HTTP API. Each call
/// validates (TaskRules), checks the caller's role (Forbidden for viewers on writes), and runs
/// its SQL through TaskRepository on the connection pool, returning a QFuture that never throws;
/// errors travel as ServiceError. Consume results with whenReady() (Async.h).
///
/// Audit: create, update and remove write an audit entry (task.create/update/delete, the actor's
/// username, before/after as json::taskToJson) in the same transaction as the change; a no-op
/// patch or a failed change writes none. importTasks() writes no audit entries (bulk; see
/// docs/database.md "Audit trail").
///
/// Thread affinity: the object lives on the main thread; its methods are thread-safe (they only
/// capture values and schedule pool jobs). Changes are announced by the change log, written in
/// each mutation's transaction, and published by ChangeFeed: the one source of change events.
class TaskService : public QObject
{
    Q_OBJECT
public:
    explicit TaskService(ConnectionPool *pool, QObject *parent = nullptr);

    /// Filter, sort and page in SQL; `total` counts every match (maintained counts when the
    /// filter is only status/category). offset >= 0, 1 <= limit <= kMaxPageLimit, else Validation
    /// with loc {"query","offset"|"limit"}. With `withTotal` false the count is skipped and
    /// `total` is -1 (a caller paging through one filter counts once; with a search term the
    /// count is a scan).
    /// With `after` (keyset paging; TaskRepository::list()): the rows after that key, `offset`
    /// of them skipped; a key whose shape does not fit filter.sort is Validation with loc
    /// {"query","cursor"}. `nextKey` of the page continues it.
    ///
    /// Identical requests share a read (request coalescing): a list() equal to one that waits
    /// for a pool thread and has not started is answered by that read. A read that has started
    /// is never joined, so every answer comes from a read that began after its request (a client
    /// sees its own writes). Concurrent GETs of one page (dashboards polling it) cost one query.
    QFuture<Result<TaskPage>> list(TaskFilter filter, qint64 offset, int limit,
                                   bool withTotal = true,
                                   std::optional<TaskListKey> after = std::nullopt) const;
    /// list() calls answered by another caller's identical read so far (see list()); for
    /// monitoring and tests. Thread-safe.
    quint64 sharedListReads() const;
    /// TaskRepository::sparseKeys(): every `every`-th key of the list and its total, one
    /// snapshot (a pass over the sort index; for the GUI's table to seek instead of offset).
    QFuture<Result<TaskRepository::SparseKeys>> sparseKeys(TaskFilter filter, int every) const;
    /// NotFound "Task not found" when absent.
    QFuture<Result<Task>> get(QUuid id) const;
    /// Validates and inserts; created_by = actor.username.
    QFuture<Result<Task>> create(NewTask task, Principal actor) const;
    /// Applies a patch atomically (row locked / compare-and-set on version). With
    /// `expectedVersion` set and different from the stored one: PreconditionFailed, nothing
    /// changes. NotFound when absent; Conflict on an illegal transition.
    QFuture<Result<Task>> update(QUuid id, TaskPatch patch, std::optional<int> expectedVersion,
                                 Principal actor) const;
    /// NotFound when absent.
    QFuture<VoidResult> remove(QUuid id, Principal actor) const;

    /// The task's history: its audit entries (task.create / task.update / task.delete, each with
    /// the actor's username and the task's JSON before and after), newest first (at, then id,
    /// descending); `total` counts all of them. Kept after the task is deleted. Any signed-in
    /// role may read it (it holds nothing the task list does not show, plus who made each
    /// change); the GUI's detail panel shows it. offset >= 0, 1 <= limit <= kMaxPageLimit, else
    /// Validation with loc {"query","offset"|"limit"}. Reads audit_log by its target index.
    QFuture<Result<AuditPage>> history(QUuid id, qint64 offset, int limit) const;

    /// Totals from the maintained statistics table (no scan of tasks).
    QFuture<Result<MetricsSnapshot>> metrics() const;
    /// Buckets of [from, to): Validation when from >= to or more than kMaxTimeseriesBuckets.
    QFuture<Result<Timeseries>> timeseries(TimeBucket bucket, EpochMs from, EpochMs to) const;
    /// Distinct non-null categories, sorted case-insensitively (from the statistics table).
    QFuture<Result<QStringList>> categories() const;

    /// Streams every task matching `filter` (in its order) as CSV (TaskCsv) to `sink`, in chunks
    /// of about 64 KiB, header first. `sink` is called on a pool thread and may block for
    /// back-pressure; returning false stops the export. Result: rows written.
    QFuture<Result<qint64>> exportCsv(TaskFilter filter,
                                      std::function<bool(const QByteArray &chunk)> sink) const;

    /// Validates every task and writes all of them in one transaction (ids and timestamps kept),
    /// or none when any row fails (errors by line) or an id already exists. `progress(done,
    /// total)` is called on a pool thread.
    QFuture<Result<ImportSummary>> importTasks(QList<Task> tasks, QList<int> lineNumbers,
                                               Principal actor,
                                               std::function<void(qint64, qint64)> progress) const;

    /// Second pass of a streamed import (`taskdeck --import`): reads the file `path` again a
    /// chunk at a time (ImportReader, about kImportChunkRecords rows in memory) on a pool thread
    /// and writes every row in one transaction, all or nothing, as importTasks does.
    /// `check` is the first pass's result for the same file (checkImportFile with the same
    /// `nowMs`): it must have no rejected row and no repeated id. If the file reads differently
    /// now (a row fails, the row count differs) nothing is written: BadRequest "The file
    /// changed during the import ...". Errors: BadRequest (unreadable, malformed), Conflict (an
    /// id already stored), Internal "Out of memory ..." (std::bad_alloc is caught), database
    /// errors as usual. `progress(done, total)` is called on a pool thread.
    QFuture<Result<ImportSummary>> importFile(QString path, ImportCheck check, EpochMs nowMs,
                                              Principal actor,
                                              std::function<void(qint64, qint64)> progress) const;

    /// The row `id` has in list(filter, ...) (0-based, same order and id tie-break), or nullopt
    /// when the task is absent or does not match `filter`. Decided in SQL (collations differ
    /// between the databases), so a live view can insert or move a row where list() shows it.
    QFuture<Result<std::optional<qint64>>> rowPosition(TaskFilter filter, QUuid id) const;
    /// rowPosition() for several tasks plus the filter's total, all read in one transaction (one
    /// snapshot). Ids that are absent or do not match are left out of `rows`. The positions of
    /// a batch cost one pass over the rows ordered before its last task (TaskRepository::
    /// rowPositions), not one COUNT per task.
    struct RowPositions
    {
        QHash<QUuid, qint64> rows;
        qint64 total = 0;
    };
    QFuture<Result<RowPositions>> rowPositions(TaskFilter filter, QList<QUuid> ids) const;

    /// A bulk action (docs/API.md "Bulk actions"). Operators and admins (else Forbidden). The
    /// targets are `request.ids` (distinct, at most kMaxBulkItems) or the tasks matching
    /// `request.filter`: when the filter now matches a number other than `expectedTotal`,
    /// PreconditionFailed and nothing changes; more than kMaxBulkItems, Validation (loc
    /// {"body","filter"}). A bad value: Validation with loc {"body","value"}.
    ///
    /// Each task is decided and written on its own: its own transaction (PostgreSQL: the tasks of
    /// a chunk that pass are written by one statement, each with a compare-and-set on the version
    /// read, so one task's outcome never depends on another's), its own audit entry (task.update /
    /// task.delete by `actor`) and its own change-log row (one change event per task). Tasks are
    /// processed in chunks of 200, each chunk a pool job of its own (no connection held for the
    /// whole batch). Outcomes: ok (detail "unchanged" when nothing needed to change), not_found,
    /// conflict (the action is not allowed from the task's status), precondition_failed (the
    /// task left the filter, or kept changing under the action). A database error stops the run:
    /// the result then holds what was done, with `stoppedBy` set. `control.progress` is called on
    /// a pool thread after each chunk; `control.cancel` is read before each chunk.
    QFuture<Result<BulkResult>> bulk(BulkRequest request, Principal actor,
                                     BulkControl control = {}) const;
    /// bulk() for a request with an Idempotency-Key (docs/API.md "Safe retries"). A bulk action
    /// is many transactions, so the key is claimed first in a committed transaction of its own
    /// (idempotency::claimForRun: a stored answer is replayed, a run in progress is 409); then
    /// the action runs as bulk() does and the answer `render` makes of its result (called on a
    /// pool thread; must be thread-safe) is stored with the key. A run that fails (4xx, 503) or
    /// that a database error stopped (`stopped_by`) stores nothing and frees the key, so a retry
    /// runs the action again; a key whose run never finished is taken over after
    /// idempotency::kStaleClaimMs. Validation errors come before any claim. Thread-safe.
    QFuture<Result<IdempotentAnswer>>
    bulkIdempotent(BulkRequest request, Principal actor, IdempotencyClaim claim,
                   std::function<StoredResponse(const BulkResult &)> render) const;

private:
    struct CreateGroup;
    struct PatchGroup;
    struct GetGroup;
    struct ListReads;

    ConnectionPool *m_pool;
    /// PostgreSQL: creates waiting for a pool thread, written together (see create()).
    std::shared_ptr<CreateGroup> m_createGroup;
    /// PostgreSQL: PATCHes waiting for a pool thread, written together (see update()).
    std::shared_ptr<PatchGroup> m_patchGroup;
    /// PostgreSQL: reads by id waiting for a pool thread, read together (see get()).
    std::shared_ptr<GetGroup> m_getGroup;
    /// list() reads waiting for a pool thread, by request (see list()).
    std::shared_ptr<ListReads> m_listReads;
};

} // namespace taskdeck
