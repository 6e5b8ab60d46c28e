#pragma once

#include "ChangeEvent.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace taskdeck {

class ConnectionPool;

/// The change feed: every committed task mutation (created, updated, deleted), whoever made it,
/// becomes a ChangeEvent with the task's new state and this process's next sequence number;
/// after task events the maintained totals are re-read and published as metrics.updated (at most
/// one every `metricsIntervalMs`, and only when they differ from the last published ones).
///
/// Sources:
/// - SQLite: in-process only. TaskService's pool jobs report their committed changes through
///   ConnectionPool::tasksCommitted (in commit order: they commit and announce one at a time);
///   the feed publishes those.
/// - PostgreSQL: every mutation sends `NOTIFY taskdeck_changes` in its own transaction. The
///   application sends `{"op","id","at","task"}` with the task's JSON, or without `task` when
///   that would exceed PostgreSQL's 8000-byte payload limit; the migration-005 trigger sends
///   `{"op","id","at"}` for changes made by plain SQL and `{"op":"reset"}` for TRUNCATE. A
///   dedicated LISTEN connection in its own thread receives them, so changes by other instances
///   and by psql arrive too; id-only notifications are completed by reading the rows (in
///   batches) on the pool. Order is commit order; an update older than the version already
///   published for its task is dropped (a row read back can be newer than a queued event).
///
/// Resync: when something was not heard, the feed skips one sequence number at that place in the
/// stream (WebSocket clients see a gap) and emits resyncNeeded(): the LISTEN connection dropped
/// (listenerState() turns Reconnecting; retried every `reconnectDelayMs`), TRUNCATE, an import
/// of more than 10,000 rows on SQLite, more than `maxBacklog` changes waiting to be completed (a
/// bulk UPDATE by psql), or rows that could not be read three times.
///
/// Sequence numbers: +1 per event, per process (not shared between instances). The first one
/// follows the start time (epoch ms x 1000), so numbers keep increasing across restarts: a
/// client's `since` from an earlier run is older than the buffer and shows as a gap. Every
/// published event is also kept in a ring buffer of at most `bufferCapacity` events and
/// `bufferBytes` bytes for since().
///
/// Thread affinity: construct and destroy on the main thread. The feed works in its own thread
/// ("taskdeck-feed"; the PostgreSQL listener in "taskdeck-listen"): signals are emitted from
/// there, so connect with the default AutoConnection to receive them on your own thread, in
/// order. lastSeq(), since() and listenerState() are thread-safe. An event is appended to the
/// buffer before it is emitted: a consumer that connects to published() first and then calls
/// since() misses nothing (it may see some events twice; drop seq <= the last it handled).
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
        int bufferCapacity = 10000; ///< events kept for since()
        /// Bytes of wire form kept for since() (the older events leave first).
        qsizetype bufferBytes = 32 * 1024 * 1024;
        int metricsIntervalMs = 250; ///< minimum gap between two metrics.updated events
        int reconnectDelayMs = 1000; ///< PostgreSQL: wait between LISTEN reconnect attempts
        int fetchBatchSize = 500;    ///< PostgreSQL: ids per query when completing id-only events
        /// Changes waiting to be published (mostly id-only ones whose rows are being read) beyond
        /// which they are replaced by one resync: ~430 bytes each, so ~20 MB at most.
        int maxBacklog = 50000;
    };

    /// Starts at once (PostgreSQL: the listener connects in the background; watch
    /// listenerStateChanged). `pool` must outlive the feed.
    explicit ChangeFeed(ConnectionPool *pool, Options options, QObject *parent = nullptr);
    explicit ChangeFeed(ConnectionPool *pool, QObject *parent = nullptr);
    /// Stops the listener and feed threads (closing the LISTEN connection in its own thread).
    ~ChangeFeed() override;

    /// The last sequence number used (before the first event: the start value, see above).
    /// Thread-safe.
    quint64 lastSeq() const;
    /// Buffered events with seq > `after`, oldest first; they carry type, seq, at, taskId and
    /// json (not `task`/`metrics`: the wire form says it all). `complete` (optional) is set to
    /// false when events after `after` have already left the buffer (or `after` > lastSeq(), e.g. a
    /// client of an earlier run of the process). Thread-safe.
    QList<ChangeEvent> since(quint64 after, bool *complete = nullptr) const;
    /// At most `maxEvents` of since(after), found by binary search: O(log n + maxEvents) under
    /// the lock, so a consumer can pull at its own pace keeping only its cursor (the last seq it
    /// handled). `complete` (optional) is set to false when an event with seq > `after` has left
    /// the buffer (the result then starts after a gap of lost events) or `after` > lastSeq();
    /// numbers the feed skipped (resync) do not count as lost. Thread-safe.
    QList<ChangeEvent> since(quint64 after, qsizetype maxEvents, bool *complete) const;
    ListenerState listenerState() const;
    const Options &options() const { return m_options; }

signals:
    /// New events, consecutive and in seq order (a burst comes as few large batches).
    void published(const QList<taskdeck::ChangeEvent> &events);
    /// The PostgreSQL listener connected, lost its connection or reconnected; `detail` is a
    /// human-readable reason (driver text stays in the log).
    void listenerStateChanged(taskdeck::ChangeFeed::ListenerState state, const QString &detail);
    /// Events may have been missed (the listener reconnected): reload what you show.
    void resyncNeeded();

private:
    class Worker;
    class Listener;
    struct Shared;

    Options m_options;
    std::shared_ptr<Shared> m_shared;
    ConnectionPool *m_pool = nullptr; ///< SQLite: the pool whose commits are the source
    QThread *m_workerThread = nullptr;
    Worker *m_worker = nullptr;
    QThread *m_listenerThread = nullptr; ///< PostgreSQL only
    Listener *m_listener = nullptr;
};

} // namespace taskdeck
