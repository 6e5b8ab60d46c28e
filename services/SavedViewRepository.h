#pragma once

#include "SavedView.h"
#include "ServiceError.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <optional>

/// SQL of saved views (table saved_views, migration 011_saved_views). Every function runs on a
/// connection-pool thread with that thread's connection and maps driver errors through
/// ConnectionPool::mapSqlError (a unique violation becomes Conflict).
namespace taskdeck::viewdb {

/// Views `userId` owns and every shared view, with their owners' names: own views first, then by
/// name and id.
Result<QList<SavedView>> listVisible(QSqlDatabase &db, const QUuid &userId);
Result<std::optional<SavedView>> findView(QSqlDatabase &db, const QUuid &id);
/// Whether `ownerId` has a view called `name` other than `exceptId`.
Result<bool> nameTaken(QSqlDatabase &db, const QUuid &ownerId, const QString &name,
                       const QUuid &exceptId);
/// Clears is_default on every view of `ownerId` (before another becomes the default).
VoidResult clearDefault(QSqlDatabase &db, const QUuid &ownerId);
/// Inserts all fields but username.
VoidResult insertView(QSqlDatabase &db, const SavedView &view);
/// Writes name, query, columns, shared, is_default and updated_at of `view.id`.
VoidResult updateView(QSqlDatabase &db, const SavedView &view);
/// Deletes a view; returns whether it existed.
Result<bool> deleteView(QSqlDatabase &db, const QUuid &id);

} // namespace taskdeck::viewdb
