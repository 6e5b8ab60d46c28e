#pragma once

#include "Metrics.h"
#include "ServiceError.h"
#include "Task.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <QUuid>

#include <functional>
#include <optional>

namespace taskdeck {

/// The only place with task SQL. Every function takes the calling pool thread's connection
/// (ConnectionPool::run) and returns a Result; values are always bound, never spliced into SQL.
/// Hot statements (get by id, insert, update) are prepared once per thread
/// (ConnectionPool::cachedQuery).
///
/// Statistics (metrics, categories, totals of status/category filters) are read from the view
/// task_stats_current, kept by triggers (see resources/migrations/001_tasks.*.sql).
///
/// Filter semantics (TaskFilter): `statuses` any of; `category` exact match on the stored value,
/// an empty string meaning "no category"; `search` a literal, Unicode case-insensitive substring
/// of title or description (matched against the app-maintained `search_text`); `createdAfter`
/// and `completedAfter` inclusive, `createdBefore` and `completedBefore` exclusive (a task
/// without completed_at matches no completed range). Order: the sort key, then id in the same
/// direction; category sorts nulls last in both directions.
class TaskRepository
{
public:
    /// What update() did: the task as stored afterwards and whether a row changed.
    struct UpdateOutcome
    {
        Task task;
        bool changed = false;
    };

    /// `withTotal` false: no count, `total` = -1. With `after` set (keyset paging), the page
    /// holds the rows list() orders after that key, skipping `offset` of them: a seek on the sort
    /// index, as fast deep in the list as at its start (the key's values must have the shape of
    /// filter.sort, see TaskListKey; sortKeyOf() gives it). Without it, a deep `offset` (from
    /// kDeferredJoinOffset) first selects the page's ids from the index, then reads those rows.
    /// `nextKey` is set when rows follow the page (one row more is read to know).
    static Result<TaskPage> list(QSqlDatabase &db, const TaskFilter &filter, qint64 offset,
                                 int limit, bool withTotal = true,
                                 const std::optional<TaskListKey> &after = std::nullopt);
    /// Offsets from which list() without a key reads ids first (deferred join).
    static constexpr qint64 kDeferredJoinOffset = 1000;
    /// True when `key` has the shape of `sort`'s key (value count and types; a category key of
    /// the "no category" range has a null second value, any other a text one).
    static bool isValidKey(TaskSortField sort, const TaskListKey &key);

    /// Sparse index of the list order: the keys of rows every-1, 2*every-1, ... of
    /// list(filter) (seek after keys[k-1] to read from row k*every), and the total, read in one
    /// snapshot. One pass over the sort index (window function): at 1M rows a few hundred ms, so
    /// run it in the background. `every` >= 1.
    struct SparseKeys
    {
        QList<TaskListKey> keys;
        qint64 total = 0;
        int every = 0;
    };
    static Result<SparseKeys> sparseKeys(QSqlDatabase &db, const TaskFilter &filter, int every);
    /// Rows matching `filter`: from task_stats when it has only statuses/category, else COUNT(*).
    static Result<qint64> count(QSqlDatabase &db, const TaskFilter &filter);
    /// PostgreSQL, for a q= filter, inside a transaction (it sets the transaction's plan mode as
    /// list() does): the trigrams list() and count() read through the trigram index instead of
    /// all of the needle's (TrigramSample::chooseProbe, services/SearchProbe.h), each three ASCII
    /// letters or digits of the folded needle. Empty when they read the plain needle: SQLite, no
    /// q=, no trigram index, no statistics on tasks.search_text yet (ANALYZE), more than 10,000
    /// estimated matches, or a needle the sample says is better read whole.
    static Result<QStringList> searchProbe(QSqlDatabase &db, const TaskFilter &filter);
    /// NotFound "Task not found".
    static Result<Task> get(QSqlDatabase &db, const QUuid &id);
    /// The stored rows among `ids` (any order; absent ids are left out). One query; keep `ids`
    /// to a few hundred (the change feed reads id-only notifications in batches).
    static Result<QList<Task>> getMany(QSqlDatabase &db, const QList<QUuid> &ids);
    /// Change feed (PostgreSQL): insert, update and remove with `auditUser` set also send
    /// `NOTIFY taskdeck_changes` with the task's JSON (changes::encodeNotification) in their
    /// transaction, so every instance hears of the change at commit and never of a rolled-back
    /// one; without `auditUser` the migration-005 trigger notifies with the id instead.
    /// Inserts `task` as given (id, timestamps, version). Conflict if the id exists.
    /// With `auditUser` set, the audit entry (task.create, at = createdAt, after = the task) is
    /// written in the same transaction; the insert rolls back if it fails.
    static Result<Task> insert(QSqlDatabase &db, const Task &task,
                               const std::optional<QString> &auditUser = std::nullopt);
    /// PostgreSQL only: inserts every task of `tasks` with its audit entry (task.create by
    /// `auditUsers[i]`) and its change-log row in ONE statement (autocommit: one round trip and
    /// one commit for the whole group; TaskService groups concurrent creates this way). All or
    /// nothing: Conflict if any id exists (the caller then inserts them one by one to tell which).
    static VoidResult insertMany(QSqlDatabase &db, const QList<Task> &tasks,
                                 const QList<QString> &auditUsers);
    /// One PATCH of a group (updateMany).
    struct PatchRequest
    {
        QUuid id;
        TaskPatch patch;
        std::optional<int> expectedVersion;
        QString auditUser;
    };
    /// PostgreSQL only: the PATCHes of a group (distinct ids) in two round trips: one read of
    /// every row, then one statement that writes the rows in id order (a nested loop over the
    /// group sorted by id: two groups lock the rows they share in the same order, so they do not
    /// deadlock; should PostgreSQL still report one (40P01), it is a Conflict and TaskService
    /// writes those requests one by one) with a compare-and-set on the version read, and appends
    /// their audit entries and change-log rows. One answer per request, as update() would give
    /// it; std::nullopt where the compare-and-set lost against another writer (call update() for
    /// those: it reads again). Errors of the whole group (Unavailable, Timeout) as the Result.
    static Result<QList<std::optional<Result<UpdateOutcome>>>>
    updateMany(QSqlDatabase &db, const QList<PatchRequest> &requests, EpochMs nowMs);
    /// In one transaction: reads the row (FOR UPDATE on PostgreSQL; SQLite's write transaction
    /// holds the lock), checks `expectedVersion` (PreconditionFailed), applies `patch` with
    /// rules::applyPatch at `nowMs` and writes it with a compare-and-set on the version.
    /// With `auditUser` set and a row changed, the audit entry (task.update, at = nowMs, before =
    /// the row read under the lock, after = the row written) commits with it or not at all.
    static Result<UpdateOutcome> update(QSqlDatabase &db, const QUuid &id, const TaskPatch &patch,
                                        std::optional<int> expectedVersion, EpochMs nowMs,
                                        const std::optional<QString> &auditUser = std::nullopt);
    /// NotFound when absent. With `auditUser` set: in one transaction reads the row (locked),
    /// deletes it and writes the audit entry (task.delete, at = `nowMs`, before = the row).
    static Result<Done> remove(QSqlDatabase &db, const QUuid &id,
                               const std::optional<QString> &auditUser = std::nullopt,
                               EpochMs nowMs = 0);

    /// Totals from task_stats (a handful of rows).
    static Result<MetricsSnapshot> metrics(QSqlDatabase &db);
    /// Buckets of [from, to), `from` aligned down to the bucket; empty buckets zero-filled.
    /// Caller validates from < to and the bucket count. Read from the maintained buckets
    /// (task_series, migration 013: minute, hour and day widths kept by triggers): the aligned
    /// part of the range from the widest table that fits, the unaligned ends from narrower ones
    /// and, below a minute, from tasks (index range scans of at most a minute each). One read
    /// transaction. Equal to timeseriesScan() on the same rows (tst_timebuckets).
    static Result<Timeseries> timeseries(QSqlDatabase &db, TimeBucket bucket, EpochMs from,
                                         EpochMs to);
    /// The same series by grouping tasks over the whole range (the implementation before
    /// migration 013: about 1 s for 90 days at 1M tasks); kept as the tests' reference.
    static Result<Timeseries> timeseriesScan(QSqlDatabase &db, TimeBucket bucket, EpochMs from,
                                             EpochMs to);
    /// Distinct categories with at least one task (from task_stats), sorted case-insensitively.
    static Result<QStringList> categories(QSqlDatabase &db);

    /// Delta rows of each table folded by one compactStats() call at most: a call stays in the
    /// tens of milliseconds whatever the backlog (migration 015; ~3 us a row measured at 1M).
    static constexpr qint64 kCompactBatchRows = 20000;

    /// PostgreSQL: folds at most `maxRows` rows of each statistics delta table into task_stats /
    /// task_series (task_stats_compact(max_rows), one compactor at a time); returns the delta
    /// rows folded (0: nothing left, or another session is folding). SQLite: nothing to do (0).
    /// Run it in its own transaction, outside other work: totals read the same before and after.
    static Result<qint64> compactStats(QSqlDatabase &db, qint64 maxRows = kCompactBatchRows);
    /// compactStats() repeated until a call folds nothing (after an import, whose deltas can be
    /// millions of rows: each call stays within the statement timeout). Returns the rows folded.
    static Result<qint64> compactAllStats(QSqlDatabase &db, qint64 maxRows = kCompactBatchRows);

    /// Streams matching rows as CSV (header first) to `sink` in ~64 KiB chunks; stops early when
    /// the sink returns false. Result: rows written.
    static Result<qint64> exportCsv(QSqlDatabase &db, const TaskFilter &filter,
                                    const std::function<bool(const QByteArray &)> &sink);
    /// Inserts all tasks in one transaction, or none: Conflict naming the first line whose id is
    /// repeated in the file or already stored. `progress(done, total)` after every chunk.
    static Result<qint64> importTasks(QSqlDatabase &db, const QList<Task> &tasks,
                                      const QList<int> &lineNumbers,
                                      const std::function<void(qint64, qint64)> &progress);
    /// A chunk source for importTaskStream: fills `tasks` and their `lineNumbers` (cleared by the
    /// caller) with the next chunk; true when more may follow, false after the last chunk; an
    /// error rolls the whole import back.
    using ImportChunkSource =
        std::function<Result<bool>(QList<Task> &tasks, QList<int> &lineNumbers)>;
    /// Streaming form of importTasks: pulls chunks from `next` and writes them in one
    /// transaction (all or nothing), so only one chunk is in memory. Each chunk's ids are checked
    /// against the table before it is written (Conflict "Line N: a task with id X already
    /// exists", the earliest such line); ids repeated inside the file must be refused by the
    /// caller beforehand (checkImportFile), a repeat that slips through fails the insert
    /// ("stored meanwhile"). `expectedTotal` (rows the source will give) chooses the change-log
    /// form (row by row up to 10,000 rows, one reset above) and is `progress`'s total.
    static Result<qint64> importTaskStream(QSqlDatabase &db, qint64 expectedTotal,
                                           const ImportChunkSource &next,
                                           const std::function<void(qint64, qint64)> &progress);

    /// Bulk actions: the ids of the tasks matching `filter`, in list(filter) order, at most
    /// `limit` (ask for one more than allowed to learn that there are too many). One statement,
    /// so one snapshot; reads only the id and the sort keys' index.
    static Result<QList<QUuid>> matchingIds(QSqlDatabase &db, const TaskFilter &filter,
                                            qsizetype limit);

    /// The `search_text` column for a task: Unicode case-folded title + "\n" + description.
    static QString searchText(const QString &title, const std::optional<QString> &description);
    /// LIKE pattern (escape character '!') for a literal, case-folded substring search.
    static QString likePattern(const QString &needle);

    /// The row `id` has in list(filter) (0-based: the rows matching `filter` ordered before it
    /// by the same ORDER BY and id tie-break), or nullopt when the task is absent or does not
    /// match. Comparisons run in SQL on the sort-key columns, so collations are the database's.
    /// Runs no transaction of its own: call it inside one to combine it with other reads.
    static Result<std::optional<qint64>> rowPosition(QSqlDatabase &db, const TaskFilter &filter,
                                                     const QUuid &id);
    /// rowPosition() of each of `ids` (absent or not matching ones left out), computed together:
    /// one query for the tasks' sort keys and one pass over the rows ordered before the last of
    /// them (per 500 ids), instead of a COUNT per task. Runs no transaction of its own.
    static Result<QHash<QUuid, qint64>> rowPositions(QSqlDatabase &db, const TaskFilter &filter,
                                                     const QList<QUuid> &ids);
};

} // namespace taskdeck
