#pragma once

#include "ChangeEvent.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace taskdeck {

class ConnectionPool;

/// The change feed: publishes the change log (services/ChangeLog.h, migration 006) as numbered
/// events. Every committed task change, whoever made it (this instance, another instance on the
/// same database, psql), is a log row; the feed positions new rows (the sequencer, shared with
/// every other instance) and reads the positioned rows in order, so an event's `seq` is its log
/// position: the same on every instance and across restarts. Events: task.created /
/// task.updated (the task's JSON as written by its mutation, or read from the row for plain-SQL
/// changes) / task.deleted, and metrics.updated (written into the log by the sequencer after task
/// rows when the totals changed, at most one per `metricsIntervalMs` across all instances).
///
/// Wake-ups, never needed for correctness: a write job of this process (ConnectionPool::
/// writeJobFinished) makes the feed position and read at once; on PostgreSQL the sequencer's
/// one NOTIFY per batch (channel changelog::kWakeChannel, heard on a LISTEN connection in its
/// own thread) wakes the other instances; and every `pollIntervalMs` the feed looks anyway (plain
/// SQL changes, other SQLite processes, a lost notification). A lost wake-up, a dropped LISTEN
/// connection or a restart costs latency, not events: the feed resumes from the last position
/// it published.
///
/// Resync (resyncNeeded, and a skipped number that WebSocket clients see as a gap) only when the
/// log itself says consumers must reload: a reset row (TRUNCATE, an import of more than 10,000
/// rows), or positions the feed had not read yet that retention already removed.
///
/// Retention: positioned rows beyond `logMaxRows` behind the head or older than `logMaxAgeMs`
/// are pruned oldest first, `pruneBatch` rows per statement, every `pruneIntervalMs`.
///
/// Replay: the last `bufferCapacity` events (and at most `bufferBytes` of wire form) are kept in
/// memory for since(); at start-up the buffer is filled from the log, so a client's `since` from
/// before a restart or from another instance resumes here.
///
/// Thread affinity: construct and destroy on the main thread. The feed works in its own thread
/// ("taskdeck-feed", with its own database connection; the PostgreSQL listener in
/// "taskdeck-listen"): signals are emitted from there, so connect with the default
/// AutoConnection to receive them on your own thread, in order. lastSeq(), headSeq(), since()
/// and listenerState() are thread-safe. An event is appended to the buffer before it is emitted:
/// a consumer that connects to published() first and then calls since() misses nothing (it may
/// see some events twice; drop seq <= the last it handled).
class ChangeFeed : public QObject
{
    Q_OBJECT
public:
    enum class ListenerState
    {
        Connecting,   ///< PostgreSQL: not yet listening (start-up)
        Connected,    ///< listening (always so on SQLite)
        Reconnecting, ///< PostgreSQL: the LISTEN connection was lost; retrying
    };
    Q_ENUM(ListenerState)

    struct Options
    {
        int bufferCapacity = 10000; ///< events kept in memory for since()
        /// Bytes of wire form kept for since() (the older events leave first).
        qsizetype bufferBytes = 32 * 1024 * 1024;
        int metricsIntervalMs = 250; ///< minimum gap between two metrics.updated events
        int reconnectDelayMs = 1000; ///< wait between reconnect attempts (feed and LISTEN)
        /// How often the feed looks at the log without a wake-up (plain-SQL changes are seen
        /// within this; so is everything after a lost notification).
        int pollIntervalMs = 200;
        /// Under load, the least time between the starts of two passes (position, read,
        /// publish): after a pass that read at least `busyPassRows` log rows, the wake-ups
        /// within this gap share the next pass, whose fixed cost is about ten statements
        /// (docs/MEASUREMENTS.md, "PATCH: fewer feed passes"). Adds at most this to the latency
        /// of an event, and only while changes arrive faster than one pass handles them one by
        /// one; a change after a quiet moment, or after a pass of fewer rows, is read at once.
        int minPassGapMs = 20;
        int busyPassRows = 16;               ///< see minPassGapMs
        int readBatch = 2000;                ///< log rows per read
        qint64 logMaxRows = 1000000;         ///< retention by count (<= 0: none)
        qint64 logMaxAgeMs = 7LL * 86400000; ///< retention by age (<= 0: none)
        int pruneIntervalMs = 10000;         ///< how often retention runs
        int pruneBatch = 1000;               ///< rows per prune statement (short locks)
    };

    /// Starts at once (PostgreSQL: the listener connects in the background; watch
    /// listenerStateChanged). `pool` must outlive the feed.
    explicit ChangeFeed(ConnectionPool *pool, Options options, QObject *parent = nullptr);
    explicit ChangeFeed(ConnectionPool *pool, QObject *parent = nullptr);
    /// Stops the listener and feed threads (closing the LISTEN connection in its own thread).
    ~ChangeFeed() override;

    /// The position of the last event published here (before any: the log's head at start).
    /// Thread-safe.
    quint64 lastSeq() const;
    /// The highest position known to exist in the log (>= lastSeq(): another instance may have
    /// positioned rows this feed has not read yet). Thread-safe.
    quint64 headSeq() const;
    /// Buffered events with seq > `after`, oldest first; they carry type, seq, at, taskId and
    /// json (not `task`/`metrics`: the wire form says it all). `complete` (optional) is set to
    /// false when events after `after` have already left the buffer, or `after` > headSeq() (a
    /// position the log never had). Thread-safe.
    QList<ChangeEvent> since(quint64 after, bool *complete = nullptr) const;
    /// At most `maxEvents` of since(after), found by binary search: O(log n + maxEvents) under
    /// the lock, so a consumer can pull at its own pace keeping only its cursor (the last seq it
    /// handled). `complete` (optional) is set to false when an event with seq > `after` has left
    /// the buffer (the result then starts after a gap of lost events) or `after` > headSeq();
    /// numbers the log skipped (resets) do not count as lost. An `after` between lastSeq() and
    /// headSeq() is complete and empty until this feed has read that far. Thread-safe.
    QList<ChangeEvent> since(quint64 after, qsizetype maxEvents, bool *complete) const;
    ListenerState listenerState() const;
    /// Events published by this feed since it started (Prometheus
    /// `taskdeck_change_feed_events_published_total`). Thread-safe.
    quint64 eventsPublished() const;
    /// Passes begun since the feed started: each reads the log head, runs the sequencer when
    /// something waits, and reads what was positioned (Options::minPassGapMs spaces them).
    /// Thread-safe.
    quint64 passes() const;
    /// The feed has read the log's head and filled its replay buffer (lastSeq() and since() are
    /// meaningful from then on; before, lastSeq() is 0). Thread-safe.
    bool isReady() const;
    const Options &options() const { return m_options; }

signals:
    /// New events, consecutive and in seq order (a burst comes as few large batches).
    void published(const QList<taskdeck::ChangeEvent> &events);
    /// The PostgreSQL listener connected, lost its connection or reconnected; `detail` is a
    /// human-readable reason (driver text stays in the log).
    void listenerStateChanged(taskdeck::ChangeFeed::ListenerState state, const QString &detail);
    /// Events were skipped (a reset in the log, or rows pruned before this feed read them):
    /// reload what you show.
    void resyncNeeded();

private:
    class Worker;
    class Listener;
    struct Shared;

    Options m_options;
    std::shared_ptr<Shared> m_shared;
    QThread *m_workerThread = nullptr;
    Worker *m_worker = nullptr;
    QThread *m_listenerThread = nullptr; ///< PostgreSQL only
    Listener *m_listener = nullptr;
};

} // namespace taskdeck
