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
///   ConnectionPool::tasksCommitted; the feed publishes those.
/// - PostgreSQL: every mutation sends `NOTIFY taskdeck_changes` in its own transaction (the
///   application sends the task's JSON; a trigger sends `{"op","id","at"}` for changes made by
///   plain SQL, and for payloads over PostgreSQL's 8000-byte limit). A dedicated LISTEN
///   connection in its own thread receives them, so changes by other instances and by psql
///   arrive too; id-only notifications are completed by reading the rows (in batches) on the
///   pool. Order is commit order. If the listener connection drops, listenerState() turns
///   Reconnecting, it retries every `reconnectDelayMs`, and once it listens again the feed skips
///   one sequence number (so WebSocket clients see a gap) and emits resyncNeeded().
///
/// Sequence numbers: 1, 2, 3, ... per process (not shared between instances); every published
/// event is also kept in a ring buffer of `bufferCapacity` events for since().
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
        int bufferCapacity = 10000;  ///< events kept for since()
        int metricsIntervalMs = 250; ///< minimum gap between two metrics.updated events
        int reconnectDelayMs = 1000; ///< PostgreSQL: wait between LISTEN reconnect attempts
        int fetchBatchSize = 500;    ///< PostgreSQL: ids per query when completing id-only events
    };

    /// Starts at once (PostgreSQL: the listener connects in the background; watch
    /// listenerStateChanged). `pool` must outlive the feed.
    explicit ChangeFeed(ConnectionPool *pool, Options options, QObject *parent = nullptr);
    explicit ChangeFeed(ConnectionPool *pool, QObject *parent = nullptr);
    /// Stops the listener and feed threads (closing the LISTEN connection in its own thread).
    ~ChangeFeed() override;

    /// The last sequence number used (0 before the first event). Thread-safe.
    quint64 lastSeq() const;
    /// Buffered events with seq > `after`, oldest first. `complete` (optional) is set to false
    /// when events after `after` have already left the buffer (or `after` > lastSeq(), e.g. a
    /// client of an earlier run of the process). Thread-safe.
    QList<ChangeEvent> since(quint64 after, bool *complete = nullptr) const;
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
