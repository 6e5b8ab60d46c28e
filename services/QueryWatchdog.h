#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

class QSqlDatabase;

namespace taskdeck {

/// Bounds how long a PostgreSQL round trip may wait for an answer (issue 13 item 1).
///
/// libpq waits for a reply without a time limit, and the server-side statement_timeout cannot
/// help when the server (or a proxy or the network path to it) stops answering without closing
/// the connection: TCP keepalives and tcp_user_timeout are answered by the peer's kernel. So one
/// process-wide thread samples, every kTickMs, the TCP state (Linux TCP_INFO) of every pooled
/// connection that is inside a job: a connection that sent data and has received nothing since,
/// for longer than its limit, has its socket shut down (shutdown(2), SHUT_RDWR). libpq then
/// fails the statement as a lost connection (the job answers Unavailable, 503, and the pool
/// reopens the connection before its next job). Only waiting for an answer counts: a job that
/// spends time in its own code between statements is not cut (TCP_INFO's times have the
/// kernel tick's resolution, 4 ms: a job that works alone for longer than the limit right after
/// a round trip shorter than one tick looks like waiting, and is cut).
///
/// The limit is the connection's statement_timeout + kGraceMs (the server answers a slow
/// statement with an error by its statement_timeout; the grace covers the network). A
/// statement_timeout of 0 (off) turns the watchdog off for that connection. Connections over a
/// Unix-domain socket have no TCP_INFO and are not watched. SQLite connections are never
/// watched (no network).
///
/// The same thread runs tickers (every kTickMs): ConnectionPool uses one to expire jobs that
/// waited too long for a pool thread.
///
/// Thread affinity: everything is thread-safe.
class QueryWatchdog
{
public:
    /// Sampling period of the watchdog thread, in milliseconds.
    static constexpr int kTickMs = 100;
    /// Added to statement_timeout to get the limit, in milliseconds.
    static constexpr int kGraceMs = 2000;

    /// Marks the calling thread as running a pool job for its lifetime (RAII). While it lives,
    /// arm() on this thread watches the given connection. Nests: an inner scope is a no-op.
    class JobScope
    {
    public:
        /// `limitMs`: how long a round trip may wait for an answer; <= 0: not watched.
        explicit JobScope(int limitMs);
        ~JobScope();
        JobScope(const JobScope &) = delete;
        JobScope &operator=(const JobScope &) = delete;

        struct Slot; ///< internal: what the watchdog thread sees of one job

    private:
        std::shared_ptr<Slot> m_slot;
    };

    /// Watches `db` (the calling thread's open connection) under the thread's current JobScope,
    /// replacing what it watched before. No-op without a JobScope, for non-PostgreSQL
    /// connections and for connections without a TCP socket.
    static void arm(const QSqlDatabase &db);
    /// For the rest of the calling thread's JobScope, its round trips are not watched: for a job
    /// that lifted statement_timeout itself (`SET LOCAL statement_timeout = 0`: a migration that
    /// waits for another instance's, a streamed export). No-op without a JobScope.
    static void liftLimit();
    /// Stops watching the calling thread's connection (before the pool closes it). No-op without
    /// a JobScope.
    static void disarm();
    /// True when the watchdog cut the calling thread's connection during its current JobScope
    /// (the server is hung: a read is then not retried on a fresh connection).
    static bool cutInThisJob();
    /// Connections cut by the watchdog in this process so far (log and Prometheus).
    static quint64 interruptions();

    /// Runs `tick` on the watchdog thread every kTickMs until the returned handle is destroyed
    /// (the destructor waits for a running tick to end). `tick` must be quick, must not block
    /// and must not destroy any Ticker (its own or another: that deadlocks the watchdog thread);
    /// whatever it calls back (ConnectionPool's expired jobs finish their promises here) is
    /// bound by the same rules.
    class Ticker;
    static std::unique_ptr<Ticker> addTicker(std::function<void()> tick);
};

/// The socket descriptor of an open PostgreSQL (QPSQL) connection, or -1 (other drivers,
/// closed). For polling only; the connection owns it.
int postgresSocket(const QSqlDatabase &db);

/// Handle of a ticker registered with QueryWatchdog::addTicker().
class QueryWatchdog::Ticker
{
public:
    explicit Ticker(quint64 id) : m_id(id) {}
    ~Ticker();
    Ticker(const Ticker &) = delete;
    Ticker &operator=(const Ticker &) = delete;

private:
    quint64 m_id;
};

} // namespace taskdeck
