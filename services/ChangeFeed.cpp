#include "ChangeFeed.h"

#include "ApiJson.h"
#include "Async.h"
#include "ChangeNotification.h"
#include "ConnectionPool.h"
#include "TaskJson.h"
#include "TaskRepository.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <deque>
#include <limits>
#include <utility>

namespace taskdeck {

Q_LOGGING_CATEGORY(lcFeed, "taskdeck.feed")

namespace {

/// Events handed to consumers per published() signal at most (a million-row import becomes
/// batches of this size, so no consumer slot runs for long).
constexpr qsizetype kMaxBatch = 2000;
/// PostgreSQL: how often the LISTEN connection is checked with a round trip (a dropped
/// connection is otherwise noticed only when the next notification fails to arrive).
constexpr int kListenerPingMs = 1000;
/// Attempts to read the rows of id-only notifications before giving up on them (then the feed
/// skips a sequence number and asks consumers to reload).
constexpr int kMaxFetchAttempts = 3;
/// Tasks whose last published version is remembered (isStale); forgotten all at once beyond.
constexpr qsizetype kMaxTrackedVersions = 100000;

EpochMs nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

/// State shared by the public object (any thread) and the worker (feed thread).
struct ChangeFeed::Shared
{
    mutable QMutex mutex;
    /// The last published events: at most `capacity` of them and `maxBytes` of wire form; kept
    /// without `task`/`metrics` (the wire form says it all; halves the memory).
    std::deque<ChangeEvent> buffer;
    qsizetype bytes = 0; ///< sum of the buffered events' json sizes
    quint64 lastSeq = 0;
    quint64 evictedSeq = 0; ///< the last seq not held any more (left the buffer, or before start)
    qsizetype capacity = 0;
    qsizetype maxBytes = 0;
    std::atomic<ListenerState> state{ListenerState::Connecting};
};

/// Lives in the feed thread: orders incoming changes, completes id-only ones from the database,
/// numbers and serialises them, keeps the replay buffer and publishes; re-reads the totals after
/// task events (metrics.updated).
class ChangeFeed::Worker : public QObject
{
public:
    Worker(ChangeFeed *feed, ConnectionPool *pool, std::shared_ptr<Shared> shared)
        : m_feed(feed), m_pool(pool), m_shared(std::move(shared)), m_backoff(this),
          m_metricsTimer(this)
    {
        m_metricsTimer.setSingleShot(true);
        connect(&m_metricsTimer, &QTimer::timeout, this, &Worker::fetchMetrics);
        m_backoff.setSingleShot(true);
        connect(&m_backoff, &QTimer::timeout, this, &Worker::process);
    }

    /// Changes in commit order (seq 0).
    void receive(const QList<ChangeEvent> &changes)
    {
        for (const ChangeEvent &change : changes) {
            Pending pending{change, State::Ready, 0};
            if (change.type != ChangeType::TaskDeleted &&
                change.type != ChangeType::MetricsUpdated && !change.task)
                pending.state = State::NeedsRow;
            m_pending.push_back(std::move(pending));
        }
        if (qsizetype(m_pending.size()) > m_feed->m_options.maxBacklog) {
            // More than can be completed soon (a bulk UPDATE of a million rows by psql): keep
            // memory bounded; consumers reload instead of receiving every row.
            qCWarning(lcFeed, "%lld changes waiting: replaced by one resync",
                      qlonglong(m_pending.size()));
            m_pending.clear();
            resyncHere();
        }
        process();
    }

    /// Something was not heard (the listener reconnected, a bulk change was not announced row by
    /// row): a resync in the stream's order, after everything received before it.
    void resyncHere()
    {
        m_pending.push_back(Pending{ChangeEvent{}, State::Resync, 0});
        process();
    }

private:
    enum class State
    {
        Ready,
        NeedsRow,
        Fetching,
        Dropped, ///< the row is gone: its deletion follows in the stream
        Resync,  ///< a marker: skip one seq and tell consumers to reload
    };
    struct Pending
    {
        ChangeEvent event;
        State state;
        int attempts;
    };

    void process()
    {
        QList<ChangeEvent> ready;
        while (!m_pending.empty()) {
            Pending &head = m_pending.front();
            if (head.state == State::NeedsRow || head.state == State::Fetching)
                break;
            if (head.state == State::Ready && !isStale(head.event)) {
                ready.append(std::move(head.event));
            } else if (head.state == State::Resync) {
                publish(std::exchange(ready, {}));
                m_pending.pop_front();
                resync();
                continue;
            }
            m_pending.pop_front();
        }
        publish(ready);
        if (!m_fetching && !m_backoff.isActive())
            startFetch();
    }

    /// Skips one sequence number (a gap every consumer can see) and asks consumers to reload.
    void resync()
    {
        {
            QMutexLocker lock(&m_shared->mutex);
            ++m_shared->lastSeq;
        }
        m_versions.clear();
        Q_EMIT m_feed->resyncNeeded();
        // An event right after the gap, even if the totals did not change (a bulk UPDATE of
        // titles): a WebSocket client learns of a gap only from the next seq it receives.
        // Not held back by metricsIntervalMs: resyncs are rare.
        m_forceMetrics = true;
        if (m_metricsInFlight) {
            m_metricsDirty = true;
        } else {
            m_metricsTimer.stop();
            fetchMetrics();
        }
    }

    /// An update older than what was already published for the task (an id-only notification
    /// read back the row's later state before a queued full event of an earlier version): never
    /// send a task backwards. Equal versions pass (plain SQL may change a row without a new
    /// version). Remembers versions as a side effect of publishing (see publish()).
    bool isStale(const ChangeEvent &event) const
    {
        if (event.type != ChangeType::TaskUpdated || !event.task)
            return false;
        const auto it = m_versions.constFind(event.taskId);
        return it != m_versions.constEnd() && event.task->version < it.value();
    }

    /// Reads the rows of up to fetchBatchSize waiting id-only events in one query.
    void startFetch()
    {
        QSet<QUuid> ids;
        const int limit = m_feed->m_options.fetchBatchSize;
        for (Pending &pending : m_pending) {
            if (pending.state != State::NeedsRow)
                continue;
            if (!ids.contains(pending.event.taskId) && ids.size() >= limit)
                break;
            ids.insert(pending.event.taskId);
            pending.state = State::Fetching;
        }
        if (ids.isEmpty())
            return;
        m_fetching = true;
        const QList<QUuid> wanted(ids.cbegin(), ids.cend());
        whenReady(this, m_pool->runRead<QList<Task>>([wanted](QSqlDatabase &db) {
            return TaskRepository::getMany(db, wanted);
        }),
                  [this](const Result<QList<Task>> &rows) { finishFetch(rows); });
    }

    void finishFetch(const Result<QList<Task>> &rows)
    {
        m_fetching = false;
        QHash<QUuid, Task> found;
        if (rows.ok()) {
            for (const Task &task : rows.value())
                found.insert(task.id, task);
        } else {
            qCWarning(lcFeed, "reading changed tasks failed: %s", qPrintable(rows.error().message));
        }
        for (Pending &pending : m_pending) {
            if (pending.state != State::Fetching)
                continue;
            if (rows.ok()) {
                const auto it = found.constFind(pending.event.taskId);
                // Gone already: its deletion follows in the stream, nothing to report now.
                pending.state = it == found.constEnd() ? State::Dropped : State::Ready;
                if (it != found.constEnd())
                    pending.event.task = it.value();
            } else {
                // Could not be read (the database is restarting?): try again later; after the
                // last attempt, what changed is unknown: a resync at this place.
                ++pending.attempts;
                pending.state =
                    pending.attempts >= kMaxFetchAttempts ? State::Resync : State::NeedsRow;
            }
        }
        if (!rows.ok())
            m_backoff.start(m_feed->m_options.reconnectDelayMs);
        process();
    }

    void publish(QList<ChangeEvent> events)
    {
        if (events.isEmpty())
            return;
        bool taskEvents = false;
        quint64 seq;
        {
            QMutexLocker lock(&m_shared->mutex);
            seq = m_shared->lastSeq;
        }
        // Only this thread assigns numbers: serialise outside the lock.
        if (m_versions.size() > kMaxTrackedVersions)
            m_versions.clear(); // only a guard against going backwards within a burst
        for (ChangeEvent &event : events) {
            event.seq = ++seq;
            event.json = json::toApiJson(json::changeEventToJson(event));
            taskEvents = taskEvents || event.isTaskEvent();
            if (event.task)
                m_versions.insert(event.taskId, event.task->version);
            else if (event.type == ChangeType::TaskDeleted)
                m_versions.remove(event.taskId); // the id may come back (re-inserted by SQL)
        }
        {
            QMutexLocker lock(&m_shared->mutex);
            for (const ChangeEvent &event : events) {
                ChangeEvent kept;
                kept.type = event.type;
                kept.seq = event.seq;
                kept.at = event.at;
                kept.taskId = event.taskId;
                kept.json = event.json;
                m_shared->bytes += kept.json.size();
                m_shared->buffer.push_back(std::move(kept));
            }
            // Bounded in count and in bytes (a task's `result` may be up to the 1 MiB body
            // limit: 10,000 such events would be 10 GB); the newest event always stays.
            while (m_shared->buffer.size() > 1 &&
                   (qsizetype(m_shared->buffer.size()) > m_shared->capacity ||
                    m_shared->bytes > m_shared->maxBytes)) {
                m_shared->evictedSeq = m_shared->buffer.front().seq;
                m_shared->bytes -= m_shared->buffer.front().json.size();
                m_shared->buffer.pop_front();
            }
            m_shared->lastSeq = seq;
        }
        for (qsizetype start = 0; start < events.size(); start += kMaxBatch)
            Q_EMIT m_feed->published(events.mid(start, kMaxBatch));
        if (taskEvents)
            scheduleMetrics();
    }

    /// At most one metrics read in flight and one metrics.updated per metricsIntervalMs.
    void scheduleMetrics()
    {
        if (m_metricsInFlight) {
            m_metricsDirty = true;
            return;
        }
        if (m_metricsTimer.isActive())
            return;
        const qint64 wait = m_sinceMetrics.isValid()
                                ? m_feed->m_options.metricsIntervalMs - m_sinceMetrics.elapsed()
                                : 0; // the first one at once
        if (wait > 0)
            m_metricsTimer.start(int(wait));
        else
            fetchMetrics();
    }

    void fetchMetrics()
    {
        m_metricsInFlight = true;
        m_metricsDirty = false;
        m_sinceMetrics.restart();
        whenReady(this, m_pool->runRead<MetricsSnapshot>([](QSqlDatabase &db) {
            return TaskRepository::metrics(db);
        }),
                  [this](const Result<MetricsSnapshot> &metrics) {
                      m_metricsInFlight = false;
                      if (!metrics.ok()) {
                          qCWarning(lcFeed, "reading the totals failed: %s",
                                    qPrintable(metrics.error().message));
                          m_metricsDirty = true;
                      } else if (std::exchange(m_forceMetrics, false) || !m_lastMetrics ||
                                 *m_lastMetrics != metrics.value()) {
                          m_lastMetrics = metrics.value();
                          ChangeEvent event;
                          event.type = ChangeType::MetricsUpdated;
                          event.at = nowMs();
                          event.metrics = metrics.value();
                          publish({event});
                      }
                      if (m_metricsDirty)
                          scheduleMetrics();
                  });
    }

    ChangeFeed *m_feed;
    ConnectionPool *m_pool;
    std::shared_ptr<Shared> m_shared;
    std::deque<Pending> m_pending;
    bool m_fetching = false;
    QTimer m_backoff;             ///< after a failed read: no new read until it fires
    QHash<QUuid, int> m_versions; ///< last published version per task (see isStale)
    QTimer m_metricsTimer;        ///< a child: moves to the feed thread with the worker
    QElapsedTimer m_sinceMetrics; ///< since the last metrics read started; invalid before
    bool m_metricsInFlight = false;
    bool m_metricsDirty = false;
    bool m_forceMetrics = false; ///< after a resync: publish metrics.updated even if unchanged
    std::optional<MetricsSnapshot> m_lastMetrics;
};

/// PostgreSQL only; lives in the listener thread and owns the LISTEN connection (opened, pinged
/// and closed in that thread: QSqlDriver delivers notifications to the connection's thread,
/// which needs a running event loop, see QT64-NOTES.md).
class ChangeFeed::Listener : public QObject
{
public:
    Listener(ChangeFeed *feed, Worker *worker, DatabaseConfig config,
             std::shared_ptr<Shared> shared)
        : m_feed(feed), m_worker(worker), m_config(std::move(config)), m_shared(std::move(shared)),
          m_ping(this), m_retry(this)
    {
        m_ping.setInterval(kListenerPingMs);
        connect(&m_ping, &QTimer::timeout, this, &Listener::ping);
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &Listener::connectNow);
    }

    void connectNow()
    {
        ServiceError error;
        QSqlDatabase db = ConnectionPool::threadConnection(m_config, &error);
        if (!db.isOpen()) {
            setState(m_everConnected ? ListenerState::Reconnecting : ListenerState::Connecting,
                     ChangeFeed::tr("Cannot reach the database for live updates; retrying"));
            m_retry.start(m_feed->m_options.reconnectDelayMs);
            return;
        }
        QSqlDriver *driver = db.driver();
        if (driver != m_driver) {
            if (m_driver)
                disconnect(m_driver, nullptr, this, nullptr);
            m_driver = driver;
            connect(driver, &QSqlDriver::notification, this, &Listener::onNotification);
        }
        if (!driver->subscribedToNotifications().contains(QLatin1String(changes::kChannel)) &&
            !driver->subscribeToNotification(QLatin1String(changes::kChannel))) {
            qCWarning(lcFeed, "LISTEN failed: %s", qPrintable(driver->lastError().text()));
            db.close();
            setState(m_everConnected ? ListenerState::Reconnecting : ListenerState::Connecting,
                     ChangeFeed::tr("Cannot subscribe to live updates; retrying"));
            m_retry.start(m_feed->m_options.reconnectDelayMs);
            return;
        }
        m_db = db;
        if (m_everConnected) {
            // Queued before any notification of the new connection: the order is kept.
            QMetaObject::invokeMethod(
                m_worker, [worker = m_worker] { worker->resyncHere(); }, Qt::QueuedConnection);
        }
        m_everConnected = true;
        m_ping.start();
        setState(ListenerState::Connected, ChangeFeed::tr("Live"));
    }

    /// Closes the connection in this thread (before the thread ends).
    void stop()
    {
        m_ping.stop();
        m_retry.stop();
        if (m_db.isOpen()) {
            m_db.driver()->unsubscribeFromNotification(QLatin1String(changes::kChannel));
            m_db.close();
        }
        m_db = QSqlDatabase();
    }

private:
    void ping()
    {
        QSqlQuery probe(m_db);
        if (m_db.isOpen() && probe.exec(QStringLiteral("SELECT 1")))
            return;
        QString reason = probe.lastError().text().trimmed();
        if (reason.isEmpty())
            reason = m_db.lastError().text().trimmed();
        if (reason.isEmpty())
            reason = QStringLiteral("the connection is closed");
        qCWarning(lcFeed, "the LISTEN connection was lost: %s", qPrintable(reason));
        probe = QSqlQuery();
        m_ping.stop();
        m_db.close();
        m_db = QSqlDatabase();
        setState(ListenerState::Reconnecting,
                 ChangeFeed::tr("The database connection for live updates was lost; reconnecting"));
        m_retry.start(m_feed->m_options.reconnectDelayMs);
    }

    void onNotification(const QString &name, QSqlDriver::NotificationSource,
                        const QVariant &payload)
    {
        if (name != QLatin1String(changes::kChannel))
            return;
        const QByteArray text = payload.toString().toUtf8();
        if (changes::isResetNotification(text)) { // TRUNCATE: after what came before it
            flush();
            QMetaObject::invokeMethod(
                m_worker, [worker = m_worker] { worker->resyncHere(); }, Qt::QueuedConnection);
            return;
        }
        std::optional<ChangeEvent> change = changes::decodeNotification(text);
        if (!change) {
            qCWarning(lcFeed, "ignoring a notification that is not a task change: %s",
                      text.left(200).constData());
            return;
        }
        m_batch.append(std::move(*change));
        if (!m_flushQueued) {
            // Every notification of one socket read arrives before this runs: one batch.
            m_flushQueued = true;
            QMetaObject::invokeMethod(this, &Listener::flush, Qt::QueuedConnection);
        }
    }

    void flush()
    {
        m_flushQueued = false;
        if (m_batch.isEmpty())
            return;
        QList<ChangeEvent> batch;
        batch.swap(m_batch);
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, batch] { worker->receive(batch); }, Qt::QueuedConnection);
    }

    void setState(ListenerState state, const QString &detail)
    {
        if (m_shared->state.exchange(state) == state && m_reported)
            return; // keep retry messages from repeating every second
        m_reported = true;
        Q_EMIT m_feed->listenerStateChanged(state, detail);
    }

    ChangeFeed *m_feed;
    Worker *m_worker;
    DatabaseConfig m_config;
    std::shared_ptr<Shared> m_shared;
    QSqlDatabase m_db;
    QSqlDriver *m_driver = nullptr;
    QTimer m_ping; ///< children: move to the listener thread with the listener
    QTimer m_retry;
    bool m_everConnected = false;
    bool m_reported = false; ///< the first state is always reported, even "Connecting"
    QList<ChangeEvent> m_batch;
    bool m_flushQueued = false;
};

ChangeFeed::ChangeFeed(ConnectionPool *pool, QObject *parent) : ChangeFeed(pool, Options{}, parent)
{}

ChangeFeed::ChangeFeed(ConnectionPool *pool, Options options, QObject *parent)
    : QObject(parent), m_options(options), m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<QList<ChangeEvent>>();
    qRegisterMetaType<ListenerState>();
    m_shared->capacity = qMax(1, m_options.bufferCapacity);
    m_shared->maxBytes = qMax<qsizetype>(1, m_options.bufferBytes);
    // Numbers continue across restarts: a client's `since` from an earlier run of the process is
    // older than anything buffered, so it sees a gap and reloads (1000 numbers per millisecond of
    // uptime before they could overlap; below 2^53, exact in JSON).
    m_shared->lastSeq = quint64(nowMs()) * 1000;
    m_shared->evictedSeq = m_shared->lastSeq; // what came before this run is not held

    m_workerThread = new QThread(this);
    m_workerThread->setObjectName(QStringLiteral("taskdeck-feed"));
    m_worker = new Worker(this, pool, m_shared);
    m_worker->moveToThread(m_workerThread);
    connect(m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_workerThread->start();

    if (pool->config().driver == DatabaseConfig::Driver::Postgres) {
        m_listenerThread = new QThread(this);
        m_listenerThread->setObjectName(QStringLiteral("taskdeck-listen"));
        m_listener = new Listener(this, m_worker, pool->config(), m_shared);
        m_listener->moveToThread(m_listenerThread);
        connect(m_listenerThread, &QThread::finished, m_listener, &QObject::deleteLater);
        m_listenerThread->start();
        QMetaObject::invokeMethod(
            m_listener, [listener = m_listener] { listener->connectNow(); }, Qt::QueuedConnection);
    } else {
        m_shared->state = ListenerState::Connected;
        m_pool = pool;
        pool->attachChangeFeed(true);
        connect(pool, &ConnectionPool::tasksCommitted, m_worker, &Worker::receive);
        connect(pool, &ConnectionPool::tasksBulkCommitted, m_worker, &Worker::resyncHere);
    }
}

ChangeFeed::~ChangeFeed()
{
    if (m_pool) {
        disconnect(m_pool, nullptr, m_worker, nullptr);
        m_pool->attachChangeFeed(false);
    }
    if (m_listenerThread) {
        QMetaObject::invokeMethod(
            m_listener, [listener = m_listener] { listener->stop(); },
            Qt::BlockingQueuedConnection);
        m_listenerThread->quit();
        m_listenerThread->wait();
    }
    m_workerThread->quit();
    m_workerThread->wait();
}

quint64 ChangeFeed::lastSeq() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->lastSeq;
}

QList<ChangeEvent> ChangeFeed::since(quint64 after, bool *complete) const
{
    return since(after, std::numeric_limits<qsizetype>::max(), complete);
}

QList<ChangeEvent> ChangeFeed::since(quint64 after, qsizetype maxEvents, bool *complete) const
{
    QMutexLocker lock(&m_shared->mutex);
    if (complete)
        *complete = after <= m_shared->lastSeq && after >= m_shared->evictedSeq;
    const std::deque<ChangeEvent> &buffer = m_shared->buffer;
    // Ascending seq (resync skips numbers, so not an index): binary search.
    auto it =
        std::upper_bound(buffer.cbegin(), buffer.cend(), after,
                         [](quint64 seq, const ChangeEvent &event) { return seq < event.seq; });
    const qsizetype count = std::min<qsizetype>(qMax<qsizetype>(0, maxEvents), buffer.cend() - it);
    QList<ChangeEvent> events;
    events.reserve(count);
    for (qsizetype i = 0; i < count; ++i, ++it)
        events.append(*it);
    return events;
}

ChangeFeed::ListenerState ChangeFeed::listenerState() const
{
    return m_shared->state.load();
}

} // namespace taskdeck
