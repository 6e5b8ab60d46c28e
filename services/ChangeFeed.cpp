#include "ChangeFeed.h"

#include "ChangeLog.h"
#include "ConnectionPool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
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

/// Events handed to consumers per published() signal at most (a burst becomes batches of this
/// size, so no consumer slot runs for long).
constexpr qsizetype kMaxBatch = 2000;
/// PostgreSQL: how often the LISTEN connection is checked with a round trip.
constexpr int kListenerPingMs = 1000;
/// Sequencer batches per wake-up before the feed reads and publishes what it positioned (keeps
/// latency bounded under a long burst).
constexpr int kMaxSequenceRounds = 8;
/// Rows positioned by this process before its first ANALYZE of the log, then doubling up to the
/// cap (changelog::refreshStatistics).
constexpr qint64 kFirstAnalyzeAfter = 1000;
constexpr qint64 kMaxAnalyzeAfter = 1'000'000;
/// Prune statements per retention run (the rest waits for the next run).
constexpr int kMaxPruneRounds = 20;

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
    /// without `task`/`metrics` (the wire form says it all).
    std::deque<ChangeEvent> buffer;
    qsizetype bytes = 0; ///< sum of the buffered events' json sizes
    quint64 lastSeq = 0;
    quint64 evictedSeq = 0; ///< the last seq not held any more (left the buffer, or before start)
    qsizetype capacity = 0;
    qsizetype maxBytes = 0;
    std::atomic<quint64> headSeq{0};
    std::atomic<quint64> published{0}; ///< events emitted by published() so far
    std::atomic<quint64> passes{0};    ///< passes begun so far (ChangeFeed::passes)
    std::atomic<bool> ready{false};
    std::atomic<ListenerState> state{ListenerState::Connecting};

    void raiseHead(quint64 seq)
    {
        quint64 known = headSeq.load();
        while (seq > known && !headSeq.compare_exchange_weak(known, seq)) {
        }
    }
};

/// Lives in the feed thread with its own connection: positions new log rows (the sequencer),
/// reads positioned rows after the last one published, and publishes them; prunes the log.
class ChangeFeed::Worker : public QObject
{
public:
    Worker(ChangeFeed *feed, DatabaseConfig config, std::shared_ptr<Shared> shared)
        : m_feed(feed), m_config(std::move(config)), m_shared(std::move(shared)), m_poll(this),
          m_retry(this), m_metricsTimer(this), m_gapTimer(this)
    {
        const Options &options = m_feed->m_options;
        m_poll.setInterval(qMax(1, options.pollIntervalMs));
        connect(&m_poll, &QTimer::timeout, this, [this] { wake(false); });
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, [this] { wake(true); });
        m_metricsTimer.setSingleShot(true);
        connect(&m_metricsTimer, &QTimer::timeout, this, [this] { wake(true); });
        m_gapTimer.setSingleShot(true);
        connect(&m_gapTimer, &QTimer::timeout, this, &Worker::pass);
    }

    /// Fills the replay buffer from the log and starts looking (feed thread).
    void start()
    {
        m_poll.start();
        wake(true);
    }

    /// Something may have changed. `sequence`: run the sequencer even if the probe shows no
    /// unsequenced row (a local write just committed one). Coalesced: wake-ups queued while a
    /// pass runs make one more pass; after a busy pass (Options::busyPassRows) the next one
    /// starts Options::minPassGapMs after it began (`now`: at once, for the rest of a burst).
    void wake(bool sequence, bool now = false)
    {
        m_sequenceWanted = m_sequenceWanted || sequence;
        if (m_passQueued && !(now && m_gapTimer.isActive()))
            return;
        m_passQueued = true;
        const qint64 gap =
            m_lastPassRows >= m_feed->m_options.busyPassRows ? m_feed->m_options.minPassGapMs : 0;
        const qint64 since = m_sincePass.isValid() ? m_sincePass.elapsed() : gap;
        if (!now && since < gap) {
            m_gapTimer.start(int(gap - since));
            return;
        }
        m_gapTimer.stop();
        QMetaObject::invokeMethod(this, &Worker::pass, Qt::QueuedConnection);
    }

    /// A NOTIFY on the wake channel announced log positions up to `head`: nothing to do when
    /// this feed has published them already (its own sequencer's notification: the pass that
    /// positioned them read them before this queued call could run).
    void notified(std::optional<quint64> head)
    {
        if (head && *head <= m_cursor && m_started)
            return;
        wake(false);
    }

    /// Closes the connection in this thread (before the thread ends).
    void stop()
    {
        m_poll.stop();
        m_retry.stop();
        m_metricsTimer.stop();
        m_gapTimer.stop();
        // The connection and its prepared queries are closed by the thread's connection holder
        // when this thread ends (ConnectionPool::threadConnection), queries first.
        m_db = QSqlDatabase();
    }

private:
    bool connectDb()
    {
        ServiceError error;
        m_db = ConnectionPool::threadConnection(m_config, &error);
        return m_db.isOpen();
    }

    void fail(const char *what, const ServiceError &error)
    {
        qCWarning(lcFeed, "%s failed: %s (retrying)", what, qPrintable(error.message));
        m_retry.start(m_feed->m_options.reconnectDelayMs);
    }

    void pass()
    {
        m_passQueued = false;
        m_sincePass.start();
        m_shared->passes.fetch_add(1, std::memory_order_relaxed);
        m_lastPassRows = 0;
        if (!connectDb()) {
            if (!m_retry.isActive())
                m_retry.start(m_feed->m_options.reconnectDelayMs);
            return;
        }
        if (!m_started && !preload())
            return;
        const Options &options = m_feed->m_options;

        // 1. Position what waits (any instance may do it; a busy lock means another one is).
        Result<changelog::Head> head = changelog::head(m_db);
        if (!head.ok())
            return fail("reading the change log head", head.error());
        m_shared->raiseHead(head.value().lastSeq);
        bool sequence = std::exchange(m_sequenceWanted, false) || head.value().unsequenced ||
                        (head.value().metricsDue && !m_metricsTimer.isActive());
        for (int round = 0; sequence && round < kMaxSequenceRounds; ++round) {
            changelog::SequenceOptions sequenceOptions;
            sequenceOptions.metricsIntervalMs = options.metricsIntervalMs;
            sequenceOptions.now = nowMs();
            const Result<changelog::SequenceOutcome> outcome =
                changelog::sequence(m_db, sequenceOptions);
            if (!outcome.ok())
                return fail("positioning changes", outcome.error());
            if (outcome.value().busy)
                break; // another instance holds the sequencer lock; its NOTIFY or a poll follows
            m_shared->raiseHead(outcome.value().lastSeq);
            m_positionedSinceAnalyze += outcome.value().positioned;
            if (outcome.value().metricsWaitMs >= 0 && !m_metricsTimer.isActive())
                m_metricsTimer.start(
                    int(qMin<qint64>(outcome.value().metricsWaitMs, options.metricsIntervalMs)));
            sequence = outcome.value().more;
        }
        if (sequence)
            wake(true, true); // a long burst: publish what is positioned, then continue
        if (m_positionedSinceAnalyze >= m_analyzeAfter) {
            // Statistics as the log doubles (changelog::refreshStatistics says why): a handful
            // of ANALYZEs while it grows to its retention limit, autovacuum's after that.
            m_positionedSinceAnalyze = 0;
            m_analyzeAfter = qMin(m_analyzeAfter * 2, kMaxAnalyzeAfter);
            if (const VoidResult analyzed = changelog::refreshStatistics(m_db); !analyzed.ok())
                qCWarning(lcFeed, "analyzing the change log failed: %s",
                          qPrintable(analyzed.error().message));
        }

        // 2. Read and publish everything positioned after the last published event.
        for (;;) {
            const Result<QList<changelog::Entry>> entries =
                changelog::readAfter(m_db, m_cursor, options.readBatch);
            if (!entries.ok())
                return fail("reading the change log", entries.error());
            if (entries.value().isEmpty())
                break;
            m_lastPassRows += entries.value().size();
            if (!publishEntries(entries.value()))
                return;
            if (entries.value().size() < options.readBatch)
                break;
        }

        // 3. Retention, now and then.
        if (!m_sincePrune.isValid() || m_sincePrune.elapsed() >= options.pruneIntervalMs) {
            m_sincePrune.restart();
            for (int round = 0; round < kMaxPruneRounds; ++round) {
                const Result<qint64> removed = changelog::prune(
                    m_db, options.logMaxRows, options.logMaxAgeMs, nowMs(), options.pruneBatch);
                if (!removed.ok()) {
                    qCWarning(lcFeed, "pruning the change log failed: %s",
                              qPrintable(removed.error().message));
                    break;
                }
                if (removed.value() < options.pruneBatch)
                    break;
            }
        }
    }

    /// Start-up: the last bufferCapacity events of the log become the replay buffer (not
    /// emitted: they happened before this process listened); publishing continues after them.
    bool preload()
    {
        const Result<changelog::Head> head = changelog::head(m_db);
        if (!head.ok()) {
            fail("reading the change log head", head.error());
            return false;
        }
        const Result<QList<changelog::Entry>> last =
            changelog::readLast(m_db, m_feed->m_options.bufferCapacity);
        if (!last.ok()) {
            fail("reading the change log", last.error());
            return false;
        }
        QList<ChangeEvent> events;
        for (const changelog::Entry &entry : last.value()) {
            ChangeEvent event;
            if (!fromEntry(entry, &event, false))
                continue;
            events.append(std::move(event));
        }
        const quint64 start =
            last.value().isEmpty() ? head.value().lastSeq : last.value().last().seq;
        {
            QMutexLocker lock(&m_shared->mutex);
            m_shared->evictedSeq = last.value().isEmpty() ? start : last.value().first().seq - 1;
            m_shared->lastSeq = start;
        }
        appendToBuffer(events, start);
        m_shared->raiseHead(head.value().lastSeq);
        m_cursor = start;
        m_started = true;
        m_shared->ready = true;
        return true;
    }

    /// The event of a task or metrics entry (`task` and `metrics` decoded unless `withValues`
    /// is false: the buffer keeps the wire form only). False for reset and unreadable rows.
    static bool fromEntry(const changelog::Entry &entry, ChangeEvent *event, bool withValues)
    {
        const std::optional<ChangeEvent> decoded = changelog::toEvent(entry);
        if (!decoded)
            return false;
        *event = *decoded;
        if (!withValues) {
            event->task.reset();
            event->metrics.reset();
        }
        return true;
    }

    /// Publishes entries read after m_cursor. A position missing before the first entry (pruned
    /// before this feed read it), a reset row or an unreadable row: consumers reload.
    bool publishEntries(const QList<changelog::Entry> &entries)
    {
        QList<ChangeEvent> events;
        events.reserve(entries.size());
        bool resync = false;
        for (const changelog::Entry &entry : entries) {
            if (entry.seq != m_cursor + 1) {
                qCWarning(lcFeed,
                          "change log positions %llu-%llu were pruned before they were "
                          "read: consumers reload",
                          static_cast<unsigned long long>(m_cursor + 1),
                          static_cast<unsigned long long>(entry.seq - 1));
                resync = true;
            }
            m_cursor = entry.seq;
            ChangeEvent event;
            if (fromEntry(entry, &event, true)) {
                events.append(std::move(event));
            } else {
                if (entry.op != QLatin1String("reset"))
                    qCWarning(lcFeed, "change log row %llu cannot be read: consumers reload",
                              static_cast<unsigned long long>(entry.seq));
                resync = true;
            }
        }
        appendToBuffer(events, m_cursor);
        m_shared->published.fetch_add(quint64(events.size()), std::memory_order_relaxed);
        for (qsizetype start = 0; start < events.size(); start += kMaxBatch)
            Q_EMIT m_feed->published(events.mid(start, kMaxBatch));
        if (resync)
            Q_EMIT m_feed->resyncNeeded();
        return true;
    }

    void appendToBuffer(const QList<ChangeEvent> &events, quint64 lastSeq)
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
        // Bounded in count and in bytes (a task's `result` may be up to the 1 MiB body limit);
        // the newest event always stays.
        while (m_shared->buffer.size() > 1 &&
               (qsizetype(m_shared->buffer.size()) > m_shared->capacity ||
                m_shared->bytes > m_shared->maxBytes)) {
            m_shared->evictedSeq = m_shared->buffer.front().seq;
            m_shared->bytes -= m_shared->buffer.front().json.size();
            m_shared->buffer.pop_front();
        }
        m_shared->lastSeq = std::max(m_shared->lastSeq, lastSeq);
        m_shared->raiseHead(m_shared->lastSeq);
    }

    ChangeFeed *m_feed;
    DatabaseConfig m_config;
    std::shared_ptr<Shared> m_shared;
    QSqlDatabase m_db;
    QTimer m_poll; ///< children: move to the feed thread with the worker
    QTimer m_retry;
    QTimer m_metricsTimer;     ///< a metrics row is due after the interval
    QTimer m_gapTimer;         ///< the next pass, Options::minPassGapMs after the last one began
    QElapsedTimer m_sincePass; ///< since the last pass began
    qint64 m_lastPassRows = 0; ///< log rows the last pass read (Options::busyPassRows)
    QElapsedTimer m_sincePrune;
    qint64 m_positionedSinceAnalyze = 0;
    qint64 m_analyzeAfter = kFirstAnalyzeAfter; // positioned rows before the next ANALYZE
    quint64 m_cursor = 0;                       ///< the last position published (or skipped)
    bool m_started = false;
    bool m_passQueued = false;
    bool m_sequenceWanted = false;
};

/// PostgreSQL only; lives in the listener thread and owns the LISTEN connection (opened, pinged
/// and closed in that thread: QSqlDriver delivers notifications to the connection's thread,
/// which needs a running event loop, see QT64-NOTES.md). A notification only wakes the worker.
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
        const QString channel = QLatin1String(changelog::kWakeChannel);
        if (!driver->subscribedToNotifications().contains(channel) &&
            !driver->subscribeToNotification(channel)) {
            qCWarning(lcFeed, "LISTEN failed: %s", qPrintable(driver->lastError().text()));
            db.close();
            setState(m_everConnected ? ListenerState::Reconnecting : ListenerState::Connecting,
                     ChangeFeed::tr("Cannot subscribe to live updates; retrying"));
            m_retry.start(m_feed->m_options.reconnectDelayMs);
            return;
        }
        m_db = db;
        m_everConnected = true;
        m_ping.start();
        // Whatever was positioned while not listening is read now (no reload needed).
        wakeWorker();
        setState(ListenerState::Connected, ChangeFeed::tr("Live"));
    }

    /// Closes the connection in this thread (before the thread ends).
    void stop()
    {
        m_ping.stop();
        m_retry.stop();
        if (m_db.isOpen()) {
            m_db.driver()->unsubscribeFromNotification(QLatin1String(changelog::kWakeChannel));
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
        if (name != QLatin1String(changelog::kWakeChannel))
            return;
        bool ok = false;
        const quint64 head = payload.toString().toULongLong(&ok);
        if (ok)
            m_shared->raiseHead(head);
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, head = ok ? std::optional<quint64>(head) : std::nullopt] {
                worker->notified(head);
            },
            Qt::QueuedConnection);
    }

    void wakeWorker()
    {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->wake(false); }, Qt::QueuedConnection);
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

    m_workerThread = new QThread(this);
    m_workerThread->setObjectName(QStringLiteral("taskdeck-feed"));
    m_worker = new Worker(this, pool->config(), m_shared);
    m_worker->moveToThread(m_workerThread);
    connect(m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_workerThread->start();
    // A write job of this process may have appended log rows: position them now.
    connect(pool, &ConnectionPool::writeJobFinished, m_worker,
            [worker = m_worker] { worker->wake(true); });
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->start(); }, Qt::QueuedConnection);

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
    }
}

ChangeFeed::~ChangeFeed()
{
    if (m_listenerThread) {
        QMetaObject::invokeMethod(
            m_listener, [listener = m_listener] { listener->stop(); },
            Qt::BlockingQueuedConnection);
        m_listenerThread->quit();
        m_listenerThread->wait();
    }
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->stop(); }, Qt::BlockingQueuedConnection);
    m_workerThread->quit();
    m_workerThread->wait();
}

quint64 ChangeFeed::lastSeq() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->lastSeq;
}

quint64 ChangeFeed::passes() const
{
    return m_shared->passes.load(std::memory_order_relaxed);
}

quint64 ChangeFeed::eventsPublished() const
{
    return m_shared->published.load(std::memory_order_relaxed);
}

quint64 ChangeFeed::headSeq() const
{
    return std::max(m_shared->headSeq.load(), lastSeq());
}

QList<ChangeEvent> ChangeFeed::since(quint64 after, bool *complete) const
{
    return since(after, std::numeric_limits<qsizetype>::max(), complete);
}

QList<ChangeEvent> ChangeFeed::since(quint64 after, qsizetype maxEvents, bool *complete) const
{
    const quint64 head = m_shared->headSeq.load();
    QMutexLocker lock(&m_shared->mutex);
    if (complete)
        *complete = after <= std::max(head, m_shared->lastSeq) && after >= m_shared->evictedSeq;
    const std::deque<ChangeEvent> &buffer = m_shared->buffer;
    // Ascending seq (resets skip numbers, so not an index): binary search.
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

bool ChangeFeed::isReady() const
{
    return m_shared->ready.load();
}

ChangeFeed::ListenerState ChangeFeed::listenerState() const
{
    return m_shared->state.load();
}

} // namespace taskdeck
