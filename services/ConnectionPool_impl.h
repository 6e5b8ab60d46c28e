#pragma once

// Template part of ConnectionPool.h (included at its end).

#include <QPromise>

#include <memory>

namespace taskdeck {

namespace detail {
/// Marks the calling pool thread's connection for a reopen if it is no longer open (after a lost
/// server), so the next job reconnects. Defined in ConnectionPool.cpp.
void afterJob(QSqlDatabase &db);
} // namespace detail

template <typename T>
QFuture<Result<T>> ConnectionPool::run(std::function<Result<T>(QSqlDatabase &)> job) const
{
    // QThreadPool::start + QPromise rather than QtConcurrent::run: a QtConcurrent future lets a
    // thread that waits on it steal the job and run it itself, which would open a connection on
    // that thread. Here a job only ever runs on a pool thread. (No .then(): QT64-NOTES.)
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    startJob([self = const_cast<ConnectionPool *>(this), promise, config = m_config,
              job = std::move(job)]() {
        ServiceError error;
        QSqlDatabase db = threadConnection(config, &error);
        if (!db.isOpen()) {
            promise->addResult(Result<T>(std::move(error)));
        } else {
            Result<T> result = job(db);
            detail::afterJob(db);
            promise->addResult(std::move(result));
            Q_EMIT self->writeJobFinished();
        }
        promise->finish();
    });
    return future;
}

inline QFuture<VoidResult>
ConnectionPool::run(std::function<VoidResult(QSqlDatabase &)> job,
                    std::function<void(const ServiceError &)> onUnavailable) const
{
    auto promise = std::make_shared<QPromise<VoidResult>>();
    QFuture<VoidResult> future = promise->future();
    promise->start();
    startJob([self = const_cast<ConnectionPool *>(this), promise, config = m_config,
              job = std::move(job), onUnavailable = std::move(onUnavailable)]() {
        ServiceError error;
        QSqlDatabase db = threadConnection(config, &error);
        if (!db.isOpen()) {
            onUnavailable(error);
            promise->addResult(VoidResult(std::move(error)));
        } else {
            VoidResult result = job(db);
            detail::afterJob(db);
            promise->addResult(std::move(result));
            Q_EMIT self->writeJobFinished();
        }
        promise->finish();
    });
    return future;
}

template <typename T>
QFuture<Result<T>> ConnectionPool::runRead(std::function<Result<T>(QSqlDatabase &)> job) const
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    startJob([promise, config = m_config, job = std::move(job)]() {
        ServiceError error;
        QSqlDatabase db = threadConnection(config, &error);
        if (!db.isOpen()) {
            promise->addResult(Result<T>(std::move(error)));
            promise->finish();
            return;
        }
        Result<T> result = job(db);
        detail::afterJob(db);
        if (!result.ok() && result.error().kind == ServiceError::Kind::Unavailable) {
            // The connection died since its last job (server restart, idle timeout of a proxy):
            // a read is safe to run again, once, on a fresh connection.
            ServiceError reopenError;
            QSqlDatabase fresh = threadConnection(config, &reopenError);
            if (fresh.isOpen()) {
                result = job(fresh);
                detail::afterJob(fresh);
            }
        }
        promise->addResult(std::move(result));
        promise->finish();
    });
    return future;
}

} // namespace taskdeck
