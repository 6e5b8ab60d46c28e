#pragma once

// Template part of ConnectionPool.h (included at its end).

#include "QueryWatchdog.h"

#include <QPromise>

#include <memory>

namespace taskdeck {

namespace detail {
/// Marks the calling pool thread's connection for a reopen if it is no longer open (after a lost
/// server), so the next job reconnects. Defined in ConnectionPool.cpp.
void afterJob(QSqlDatabase &db);
/// How long a round trip on `config`'s connections may wait for an answer (QueryWatchdog).
int watchdogLimitMs(const DatabaseConfig &config);
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
    auto expire = [promise](ServiceError error) {
        promise->addResult(Result<T>(std::move(error)));
        promise->finish();
    };
    startJob(
        [self = const_cast<ConnectionPool *>(this), promise, config = m_config,
         job = std::move(job)]() {
            QueryWatchdog::JobScope watched(detail::watchdogLimitMs(config));
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
        },
        std::move(expire));
    return future;
}

inline QFuture<VoidResult>
ConnectionPool::run(std::function<VoidResult(QSqlDatabase &)> job,
                    std::function<void(const ServiceError &)> onUnavailable, JobKind kind) const
{
    auto promise = std::make_shared<QPromise<VoidResult>>();
    QFuture<VoidResult> future = promise->future();
    promise->start();
    auto expire = [promise, onUnavailable](ServiceError error) {
        onUnavailable(error);
        promise->addResult(VoidResult(std::move(error)));
        promise->finish();
    };
    startJob(
        [self = const_cast<ConnectionPool *>(this), promise, config = m_config,
         job = std::move(job), onUnavailable, kind]() {
            QueryWatchdog::JobScope watched(detail::watchdogLimitMs(config));
            ServiceError error;
            QSqlDatabase db = threadConnection(config, &error);
            if (!db.isOpen()) {
                onUnavailable(error);
                promise->addResult(VoidResult(std::move(error)));
            } else {
                VoidResult result = job(db);
                detail::afterJob(db);
                promise->addResult(std::move(result));
                if (kind == JobKind::Write)
                    Q_EMIT self->writeJobFinished();
            }
            promise->finish();
        },
        std::move(expire));
    return future;
}

template <typename T>
Result<T> ConnectionPool::readRetryingOnce(QSqlDatabase &db, const DatabaseConfig &config,
                                           const std::function<Result<T>(QSqlDatabase &)> &job)
{
    Result<T> result = job(db);
    detail::afterJob(db);
    if (!result.ok() && result.error().kind == ServiceError::Kind::Unavailable &&
        !QueryWatchdog::cutInThisJob()) {
        // The connection died since its last job (server restart, idle timeout of a proxy): a
        // read is safe to run again, once, on a fresh connection. Not after the watchdog cut it:
        // the server is hung, and a retry would only make the answer later.
        ServiceError reopenError;
        QSqlDatabase fresh = threadConnection(config, &reopenError);
        if (fresh.isOpen()) {
            result = job(fresh);
            detail::afterJob(fresh);
        }
    }
    return result;
}

template <typename T>
QFuture<Result<T>> ConnectionPool::runRead(std::function<Result<T>(QSqlDatabase &)> job) const
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    auto expire = [promise](ServiceError error) {
        promise->addResult(Result<T>(std::move(error)));
        promise->finish();
    };
    startJob(
        [promise, config = m_config, job = std::move(job)]() {
            QueryWatchdog::JobScope watched(detail::watchdogLimitMs(config));
            ServiceError error;
            QSqlDatabase db = threadConnection(config, &error);
            if (!db.isOpen()) {
                promise->addResult(Result<T>(std::move(error)));
                promise->finish();
                return;
            }
            promise->addResult(readRetryingOnce<T>(db, config, job));
            promise->finish();
        },
        std::move(expire));
    return future;
}

} // namespace taskdeck
