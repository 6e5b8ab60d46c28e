#pragma once

#include "ChangeEvent.h"
#include "ServiceError.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <optional>

namespace taskdeck::changelog {

/// The change log (migration 006, docs/database.md "Change log"): the only SQL on task_changes
/// and change_log_head. Every function takes the calling thread's own connection.
///
/// Writers append rows with no position (seq NULL) in their own transaction; nothing they touch
/// is shared with other writers. The sequencer (sequence()) gives the committed unsequenced rows
/// positions last_seq + 1, + 2, ... in append (id) order, inside one transaction that holds a
/// lock only sequencers take (PostgreSQL: pg_try_advisory_xact_lock; SQLite: the write lock), so
/// - positions are dense: a rolled-back writer's row is never seen, so never numbered;
/// - positions become visible in increasing order (each sequencer transaction starts after the
///   previous one committed): a reader that sees position N sees every position below N, whatever
///   order the writers committed in;
/// - a task's changes keep their order (a writer appends its row after taking the task's row
///   lock, so after the previous writer of that task committed).
/// metrics.updated rows are written by the sequencer itself, so they have their place in the
/// same order. Rows are pruned oldest first (prune()); positions are never reused.

/// PostgreSQL channel the sequencer NOTIFYs (payload: the last position, decimal) after it
/// committed new positions: one notification per sequencer transaction, never in a writer's.
inline constexpr char kWakeChannel[] = "taskdeck_log";

/// Rows per sequencer transaction (bounded work and statement size).
inline constexpr int kSequenceBatch = 2000;

/// One positioned row, as read back by the feed.
struct Entry
{
    quint64 seq = 0;
    /// "created", "updated", "deleted", "metrics" or "reset" (TRUNCATE, or an import too large to
    /// announce row by row: consumers reload).
    QString op;
    QUuid taskId;       ///< null for metrics and reset
    EpochMs at = 0;     ///< when the change was made (metrics: when the totals were read)
    QByteArray payload; ///< the task's API JSON (created/updated), {"id"} (deleted) or the
                        ///< /api/metrics object (metrics); empty for reset
    /// metrics: the whole snapshot the payload was made from (counts and costs per category,
    /// execution sums), so a window shows exactly the totals of that position.
    std::optional<MetricsSnapshot> metrics;
};

/// What the head row and a cheap probe tell (one round trip).
struct Head
{
    quint64 lastSeq = 0;      ///< the last position given
    bool unsequenced = false; ///< rows wait for a position
    bool metricsDue = false;  ///< task rows were positioned since the last metrics row
};

/// What one sequence() call did.
struct SequenceOutcome
{
    bool busy = false;     ///< another sequencer holds the lock: nothing done (it will do it)
    qint64 positioned = 0; ///< rows given a position (metrics row included)
    qint64 dropped = 0;    ///< id-only rows removed unpositioned (row gone or changed again)
    quint64 lastSeq = 0;   ///< the head after the call
    bool more = false;     ///< unsequenced rows remain (call again)
    /// metrics.updated is due but held back by the interval: call again after this many ms;
    /// -1 when not due.
    qint64 metricsWaitMs = -1;
};

struct SequenceOptions
{
    int batch = kSequenceBatch;
    /// Minimum gap between two metrics rows (ms), shared by every instance through the head row.
    int metricsIntervalMs = 250;
    EpochMs now = 0;
};

/// The task mutation's log row payload and its trigger mute, for TaskRepository.
/// PostgreSQL: the SQL expression that mutes the triggers for the running transaction, to be
/// evaluated inside the mutation's own statement (no extra round trip).
QString postgresMuteExpression();
/// SQLite: mutes/unmutes the triggers for the running write transaction (a row in
/// change_log_mute, seen only by this connection until commit; unmute() before commit).
VoidResult sqliteMute(QSqlDatabase &db);
VoidResult sqliteUnmute(QSqlDatabase &db);
/// Appends a row (seq NULL) inside the caller's transaction: `type` is a task event;
/// `payload` the task's API JSON (created/updated) or empty (deleted: {"id"} is built on read).
VoidResult append(QSqlDatabase &db, ChangeType type, const QUuid &id, EpochMs at,
                  const QByteArray &payload);
/// Appends a reset row (consumers reload), inside the caller's transaction.
VoidResult appendReset(QSqlDatabase &db, EpochMs at);

/// The head and whether work waits. One round trip.
Result<Head> head(QSqlDatabase &db);
/// Positions up to options.batch committed rows in its own transaction (see the class comment),
/// completing id-only rows (plain SQL changes) from the task's current row, and appends a
/// metrics row when task rows were positioned, the totals changed and the interval allows.
/// PostgreSQL: NOTIFY kWakeChannel in the same transaction when anything was positioned.
/// Errors: Unavailable/Timeout/Internal (nothing positioned: the transaction rolled back).
Result<SequenceOutcome> sequence(QSqlDatabase &db, const SequenceOptions &options);
/// Positioned rows with seq > `after`, in order, at most `limit`: the range (after, after +
/// limit] first (an index range whatever the statistics), and when that holds nothing (retention
/// removed it), the next rows past the hole.
Result<QList<Entry>> readAfter(QSqlDatabase &db, quint64 after, int limit);
/// PostgreSQL: ANALYZE task_changes, so the planner knows the log's size and how few rows wait
/// for a position. The log is a queue: it grows from nothing by thousands of rows a second and
/// every row is updated once; with the statistics of an empty table the sequencer's update was
/// planned as a hash join over a sequential scan (41 ms per batch at 26,000 rows, more than half
/// of PostgreSQL's CPU under PATCH load; measured with pg_stat_statements), and autovacuum's
/// analyze comes only after a minute. The feed calls it as the log doubles (ChangeFeed). SQLite:
/// nothing. Errors: Unavailable/Timeout/Internal.
VoidResult refreshStatistics(QSqlDatabase &db);
/// The last `count` positioned rows (oldest first), for a replay buffer at start-up.
Result<QList<Entry>> readLast(QSqlDatabase &db, int count);
/// The lowest position still held; 0 when the log holds no positioned row.
Result<quint64> firstRetained(QSqlDatabase &db);
/// Removes up to `batch` of the oldest positioned rows that are beyond `maxRows` rows behind the
/// head or older than `maxAgeMs` (a value <= 0 disables that bound); the newest row always stays.
/// Returns the rows removed: call again while it returns `batch`. Its own short transaction.
Result<qint64> prune(QSqlDatabase &db, qint64 maxRows, qint64 maxAgeMs, EpochMs now, int batch);

/// The WebSocket message of an entry (docs/API.md GET /api/events): byte-equal to
/// json::toApiJson(json::changeEventToJson(event)) for the same event (tested), built by
/// splicing the stored payload rather than parsing it. Empty for reset.
QByteArray wireForm(const Entry &entry);
/// The feed event of a task or metrics entry (seq, type, at, taskId, json = wireForm; `task`
/// decoded from the payload). std::nullopt for reset and for rows that cannot be decoded.
std::optional<ChangeEvent> toEvent(const Entry &entry);

} // namespace taskdeck::changelog
