#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

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

} // namespace taskdeck
