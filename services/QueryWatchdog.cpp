#include "QueryWatchdog.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

namespace taskdeck {

Q_LOGGING_CATEGORY(lcWatchdog, "taskdeck.db.watchdog")

struct QueryWatchdog::JobScope::Slot
{
    int limitMs = 0;    ///< guarded by Engine::mutex
    int fd = -1;        ///< owned duplicate of the socket; guarded by Engine::mutex
    bool fired = false; ///< guarded by Engine::mutex
};

namespace {

thread_local QueryWatchdog::JobScope::Slot *t_current = nullptr;

std::atomic<quint64> g_interruptions{0};

/// The watchdog thread and what it looks at: started on first use, never stopped.
class Engine
{
public:
    using Slot = QueryWatchdog::JobScope::Slot;

    /// Never destroyed: pool threads, JobScopes and Tickers may outlive any static destruction
    /// order, and the thread sleeps in a wait at exit.
    static Engine &instance()
    {
        static Engine *engine = new Engine;
        return *engine;
    }

    void add(Slot *slot)
    {
        std::lock_guard<std::mutex> lock(mutex);
        watched.insert(slot);
        startLocked();
    }
    void remove(Slot *slot)
    {
        std::lock_guard<std::mutex> lock(mutex);
        watched.erase(slot);
        closeLocked(slot);
    }
    /// `fd`: a duplicate the slot now owns (closed when replaced or removed), or -1.
    void setSocket(Slot *slot, int fd)
    {
        std::lock_guard<std::mutex> lock(mutex);
        closeLocked(slot);
        slot->fd = fd;
        slot->fired = false;
    }
    bool fired(Slot *slot)
    {
        std::lock_guard<std::mutex> lock(mutex);
        return slot->fired;
    }
    void setLimit(Slot *slot, int limitMs)
    {
        std::lock_guard<std::mutex> lock(mutex);
        slot->limitMs = limitMs;
    }
    quint64 addTicker(std::function<void()> tick)
    {
        std::lock_guard<std::mutex> lock(mutex);
        const quint64 id = ++nextTickerId;
        tickers.emplace(id, std::move(tick));
        startLocked();
        return id;
    }
    void removeTicker(quint64 id)
    {
        // tickMutex: a tick running now ends before its ticker is gone.
        std::lock_guard<std::mutex> running(tickMutex);
        std::lock_guard<std::mutex> lock(mutex);
        tickers.erase(id);
    }

private:
    Engine() = default;

    static void closeLocked(Slot *slot)
    {
        if (slot->fd >= 0)
            ::close(slot->fd);
        slot->fd = -1;
    }

    void startLocked()
    {
        if (!thread.joinable())
            thread = std::thread([this] { loop(); });
    }

    void loop()
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stopping) {
            wake.wait_for(lock, std::chrono::milliseconds(QueryWatchdog::kTickMs));
            if (stopping)
                break;
            checkSocketsLocked();
            std::map<quint64, std::function<void()>> toRun = tickers;
            lock.unlock();
            {
                std::lock_guard<std::mutex> running(tickMutex);
                for (auto &[id, tick] : toRun) {
                    std::unique_lock<std::mutex> check(mutex);
                    const bool live = tickers.count(id) != 0;
                    check.unlock();
                    if (live)
                        tick();
                }
            }
            lock.lock();
        }
    }

    /// A slot's fd is the watchdog's own duplicate of the connection's socket (arm()): libpq may
    /// close its descriptor at any time (the server went away) and the number be reused by
    /// another socket, but the duplicate still names the connection's socket, so shutdown()
    /// never hits another connection.
    void checkSocketsLocked()
    {
        for (Slot *slot : watched) {
            if (slot->fd < 0 || slot->fired || slot->limitMs <= 0)
                continue;
            tcp_info info{};
            socklen_t length = sizeof info;
            if (getsockopt(slot->fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
                continue;
            // Both in milliseconds since the last data segment sent / received, counted in
            // kernel ticks (4 ms at HZ=250): a query sent within one tick of the previous answer
            // shows the same value for both. Waiting for an answer: nothing received since the
            // last thing sent (a tie counts as waiting: otherwise such a query would never be
            // cut). The one false positive: a job that, right after a round trip of under one
            // tick, works on its own for longer than the limit without touching the database.
            const bool waiting = info.tcpi_last_data_sent <= info.tcpi_last_data_recv;
            if (!waiting || info.tcpi_last_data_sent <= quint32(slot->limitMs))
                continue;
            ::shutdown(slot->fd, SHUT_RDWR);
            slot->fired = true;
            const quint64 count = ++g_interruptions;
            // At most one line per second of an outage (issue 13 item 8: an outage flooded the
            // log).
            const auto now = std::chrono::steady_clock::now();
            if (now - lastWarning >= std::chrono::seconds(1)) {
                qCWarning(lcWatchdog,
                          "no answer from the database for %u ms: connection cut (%llu so far)",
                          info.tcpi_last_data_sent, static_cast<unsigned long long>(count));
                lastWarning = now;
            }
        }
    }

    std::mutex mutex;
    std::mutex tickMutex; ///< held while tickers run
    std::condition_variable wake;
    bool stopping = false;
    std::set<Slot *> watched;
    std::map<quint64, std::function<void()>> tickers;
    quint64 nextTickerId = 0;
    std::chrono::steady_clock::time_point lastWarning{};
    std::thread thread;
};

} // namespace

QueryWatchdog::JobScope::JobScope(int limitMs)
{
    if (t_current != nullptr || limitMs <= 0)
        return;
    m_slot = std::make_shared<Slot>();
    m_slot->limitMs = limitMs;
    Engine::instance().add(m_slot.get());
    t_current = m_slot.get();
}

QueryWatchdog::JobScope::~JobScope()
{
    if (!m_slot)
        return;
    t_current = nullptr;
    Engine::instance().remove(m_slot.get());
}

int postgresSocket(const QSqlDatabase &db)
{
    if (!db.isOpen() || db.driver() == nullptr)
        return -1;
    const QVariant handle = db.driver()->handle();
    // Qt 6 names the type from the compiler's spelling of PGconn (a typedef of struct pg_conn):
    // "pg_conn*"; Qt 5's documentation checks "PGconn*".
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return -1;
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());
    return connection == nullptr ? -1 : PQsocket(connection);
}

void QueryWatchdog::arm(const QSqlDatabase &db)
{
    if (t_current == nullptr)
        return;
    int fd = postgresSocket(db);
    // TCP only: a Unix-domain socket has no TCP_INFO (and no network to lose).
    tcp_info info{};
    socklen_t length = sizeof info;
    if (fd >= 0 && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        fd = -1;
    Engine::instance().setSocket(t_current, fd >= 0 ? ::fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1);
}

bool QueryWatchdog::cutInThisJob()
{
    return t_current != nullptr && Engine::instance().fired(t_current);
}

void QueryWatchdog::liftLimit()
{
    if (t_current != nullptr)
        Engine::instance().setLimit(t_current, 0);
}

void QueryWatchdog::disarm()
{
    if (t_current != nullptr)
        Engine::instance().setSocket(t_current, -1);
}

quint64 QueryWatchdog::interruptions()
{
    return g_interruptions.load();
}

std::unique_ptr<QueryWatchdog::Ticker> QueryWatchdog::addTicker(std::function<void()> tick)
{
    return std::make_unique<Ticker>(Engine::instance().addTicker(std::move(tick)));
}

QueryWatchdog::Ticker::~Ticker()
{
    Engine::instance().removeTicker(m_id);
}

} // namespace taskdeck
