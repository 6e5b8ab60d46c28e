#pragma once

// Template part of ConnectionPool.h (included at its end).

#include <QtConcurrentRun>

namespace taskdeck {

namespace detail {
/// Marks the calling pool thread's connection for a reopen if it is no longer open (after a lost
/// server), so the next job reconnects. Defined in ConnectionPool.cpp.
void afterJob(QSqlDatabase &db);
} // namespace detail

template <typename T>
QFuture<Result<T>> ConnectionPool::run(std::function<Result<T>(QSqlDatabase &)> job) const
{
    // QtConcurrent::run on our own pool (no .then(): QT64-NOTES). The job captures values only:
    // the config is copied, so nothing refers back to this object's mutable state.
    return QtConcurrent::run(&m_threads, [config = m_config, job = std::move(job)]() -> Result<T> {
        ServiceError error;
        QSqlDatabase db = threadConnection(config, &error);
        if (!db.isOpen())
            return error;
        Result<T> result = job(db);
        detail::afterJob(db);
        return result;
    });
}

} // namespace taskdeck
