#pragma once

#include "ConnectionPool.h"
#include "SavedView.h"
#include "ServiceError.h"
#include "User.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QUuid>

namespace taskdeck {

/// Saved views of the task list (issue 11 item 4; docs/API.md "Saved views"), shared by the HTTP
/// API (/api/views) and the window.
///
/// Rules: every signed-in user (viewers too) keeps their own views; a shared view is visible to
/// everyone and may be changed or deleted by its owner or an admin; another user's private view
/// does not exist for anyone else (NotFound "View not found"); a view name is unique per owner
/// (Conflict "A view with this name already exists"); at most one default per owner: making a
/// view the default clears the owner's previous one, in the same transaction; only the owner
/// changes which of their views is the default (Forbidden otherwise). Every change is audited
/// (view.create / view.update / view.delete, `before`/`after` the view JSON) in its transaction.
///
/// The query string is stored as given: callers validate it (the HTTP layer with the task list's
/// own parser; the window writes it from its filter).
///
/// Thread affinity: lives on the main thread; every method only captures values and schedules a
/// pool job. Consume the futures with whenReady() (Async.h).
class SavedViewService : public QObject
{
    Q_OBJECT
public:
    explicit SavedViewService(ConnectionPool *pool, QObject *parent = nullptr);

    /// The actor's views and every shared one: own first, then by name (GET /api/views).
    QFuture<Result<QList<SavedView>>> list(Principal actor) const;
    /// Creates a view owned by the actor (POST /api/views).
    QFuture<Result<SavedView>> create(NewSavedView view, Principal actor) const;
    /// Changes the members present in `patch` (PATCH /api/views/{id}); the stored view after it.
    QFuture<Result<SavedView>> update(QUuid id, SavedViewPatch patch, Principal actor) const;
    /// Deletes a view (DELETE /api/views/{id}).
    QFuture<VoidResult> remove(QUuid id, Principal actor) const;

private:
    ConnectionPool *m_pool;
};

} // namespace taskdeck
