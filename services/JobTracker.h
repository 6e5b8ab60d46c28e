#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>

namespace taskdeck {

/// Counts pool jobs a service scheduled and has not seen finish, so its destructor can wait for
/// them (issue 13 item 4: per-service counters kept inside the job body made an orderly quit
/// wait forever after a database outage, because the pool skips the body when it cannot
/// connect). A job holds a Token in its closure: the count drops when the pool is done with
/// the closure, whether the body ran, failed to start, or was expired by PoolLimits.
///
/// Thread affinity: thread-safe; waitIdle() blocks the caller (destructors only, when the jobs
/// are bounded by the pool's limits). std::mutex and std::condition_variable rather than QMutex
/// and QWaitCondition: ThreadSanitizer sees the condition variable's wait release the mutex
/// (pthread_cond_wait is intercepted), not QWaitCondition's, which happens inside Debian's
/// uninstrumented QtCore (scripts/sanitize.sh tsan reported a false "double lock").
class JobTracker
{
public:
    /// Held by a job's closure; copies share one count.
    using Token = std::shared_ptr<void>;

    /// Counts one job until the last copy of the returned token is destroyed.
    Token begin()
    {
        {
            std::lock_guard<std::mutex> locker(m_mutex);
            ++m_running;
        }
        return Token(nullptr, [this](void *) { end(); });
    }

    /// Blocks until no counted job is left.
    void waitIdle()
    {
        std::unique_lock<std::mutex> locker(m_mutex);
        m_idle.wait(locker, [this] { return m_running == 0; });
    }

    int running() const
    {
        std::lock_guard<std::mutex> locker(m_mutex);
        return m_running;
    }

private:
    void end()
    {
        std::lock_guard<std::mutex> locker(m_mutex);
        if (--m_running == 0)
            m_idle.notify_all();
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_idle;
    int m_running = 0; ///< guarded by m_mutex
};

} // namespace taskdeck
