#pragma once

#include <QException>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <exception>
#include <utility>

namespace taskdeck {

/// Delivers a future's result to `callback` on `context`'s thread once it finishes, through a
/// QFutureWatcher parented to `context`: if `context` is destroyed first, the callback is dropped.
/// The one way consumers (GUI, HTTP) receive service results; QFuture::then() crashes under load
/// in Qt 6.4.2 (shared/QT64-NOTES.md). Must be called on `context`'s thread.
/// `callback` is invoked as callback(T) with the future's result.
template <typename T, typename Callback>
void whenReady(QObject *context, QFuture<T> future, Callback &&callback)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, cb = std::forward<Callback>(callback)]() mutable {
                         watcher->deleteLater();
                         if (watcher->future().isCanceled() || watcher->future().resultCount() == 0)
                             return;
                         cb(watcher->future().result());
                     });
    watcher->setFuture(std::move(future));
}

/// Why a finished future holds no result: the text of the exception its job threw (a
/// QtConcurrent job's std::bad_alloc under a memory limit arrives as a QUnhandledException
/// wrapping it) or "cancelled". Call only on a finished future without a result; never throws.
template <typename T> QString futureFailure(const QFuture<T> &future)
{
    QFuture<T> copy = future;
    try {
        copy.waitForFinished(); // finished already: does not block; rethrows a stored exception
    } catch (const QUnhandledException &unhandled) {
        try {
            if (unhandled.exception())
                std::rethrow_exception(unhandled.exception());
        } catch (const std::bad_alloc &) {
            return QStringLiteral("out of memory");
        } catch (const std::exception &inner) {
            return QString::fromLocal8Bit(inner.what());
        } catch (...) {
        }
        return QStringLiteral("an unknown exception");
    } catch (const std::bad_alloc &) {
        return QStringLiteral("out of memory");
    } catch (const std::exception &e) {
        return QString::fromLocal8Bit(e.what());
    } catch (...) {
        return QStringLiteral("an unknown exception");
    }
    return QStringLiteral("cancelled");
}

/// As whenReady(), and when the future finishes without a result (its job threw, e.g.
/// std::bad_alloc under `ulimit -v`, or it was cancelled) calls `onFailure(reason)` on
/// `context`'s thread instead of dropping it silently (futureFailure gives the reason). For
/// callers that must always end, such as the command-line import: a dropped result would
/// leave them waiting forever.
template <typename T, typename Callback, typename Failure>
void whenReady(QObject *context, QFuture<T> future, Callback &&callback, Failure &&onFailure)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, cb = std::forward<Callback>(callback),
                      failed = std::forward<Failure>(onFailure)]() mutable {
                         watcher->deleteLater();
                         const QFuture<T> done = watcher->future();
                         if (done.isCanceled() || done.resultCount() == 0) {
                             failed(futureFailure(done));
                             return;
                         }
                         cb(done.result());
                     });
    watcher->setFuture(std::move(future));
}

} // namespace taskdeck
