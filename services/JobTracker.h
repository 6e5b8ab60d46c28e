#pragma once

#include <QMutex>
#include <QWaitCondition>

#include <memory>

namespace taskdeck {

/// Counts pool jobs a service scheduled and has not seen finish, so its destructor can wait for
/// them (issue 13 item 4: per-service counters kept inside the job body made an orderly quit
/// wait forever after a database outage, because the pool skips the body when it cannot
/// connect). A job holds a Token in its closure: the count drops when the pool is done with
/// the closure, whether the body ran, failed to start, or was expired by PoolLimits.
///
/// Thread affinity: thread-safe; waitIdle() blocks the caller (destructors only, when the jobs
/// are bounded by the pool's limits).
class JobTracker
{
public:
    /// Held by a job's closure; copies share one count.
    using Token = std::shared_ptr<void>;

    /// Counts one job until the last copy of the returned token is destroyed.
    Token begin()
    {
        {
            QMutexLocker locker(&m_mutex);
            ++m_running;
        }
        return Token(nullptr, [this](void *) { end(); });
    }

    /// Blocks until no counted job is left.
    void waitIdle()
    {
        QMutexLocker locker(&m_mutex);
        while (m_running > 0)
            m_idle.wait(&m_mutex);
    }

    int running() const
    {
        QMutexLocker locker(&m_mutex);
        return m_running;
    }

private:
    void end()
    {
        QMutexLocker locker(&m_mutex);
        if (--m_running == 0)
            m_idle.wakeAll();
    }

    mutable QMutex m_mutex;
    QWaitCondition m_idle;
    int m_running = 0; ///< guarded by m_mutex
};

} // namespace taskdeck
