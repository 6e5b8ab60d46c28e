#include "SavedViewService.h"

#include "ApiMessages.h"
#include "AuditLog.h"
#include "SavedViewJson.h"
#include "SavedViewRepository.h"
#include "SqlTransaction.h"

#include <QDateTime>

#include <algorithm>

namespace taskdeck {

namespace {

ServiceError viewNotFound()
{
    return ServiceError::notFound(QStringLiteral("View not found"));
}

ServiceError nameConflict()
{
    return ServiceError::conflict(QStringLiteral("A view with this name already exists"));
}

VoidResult writeAudit(QSqlDatabase &db, const Principal &actor, const QString &action,
                      const std::optional<SavedView> &before, const std::optional<SavedView> &after)
{
    AuditEntry entry;
    entry.at = QDateTime::currentMSecsSinceEpoch();
    entry.username = actor.username;
    entry.action = action;
    entry.target = (before ? before->id : after->id).toString(QUuid::WithoutBraces);
    if (before)
        entry.before = json::savedViewToJson(*before);
    if (after)
        entry.after = json::savedViewToJson(*after);
    return audit::appendAudit(db, entry);
}

/// The view `id` as `actor` may see it: own or shared; NotFound otherwise.
Result<SavedView> visibleView(QSqlDatabase &db, const QUuid &id, const Principal &actor)
{
    const auto found = viewdb::findView(db, id);
    if (!found.ok())
        return found.error();
    if (!found.value() || (found.value()->userId != actor.userId && !found.value()->shared))
        return viewNotFound();
    return *found.value();
}

/// Whether `actor` may change or delete `view` (visible to them already).
VoidResult mayChange(const SavedView &view, const Principal &actor)
{
    if (view.userId == actor.userId || actor.isAdmin())
        return Done{};
    return ServiceError{ServiceError::Kind::Forbidden, msg::notEnoughPermissions(), {}};
}

} // namespace

SavedViewService::SavedViewService(ConnectionPool *pool, QObject *parent)
    : QObject(parent), m_pool(pool)
{}

QFuture<Result<QList<SavedView>>> SavedViewService::list(Principal actor) const
{
    return m_pool->runRead<QList<SavedView>>(
        [actor](QSqlDatabase &db) { return viewdb::listVisible(db, actor.userId); });
}

QFuture<Result<SavedView>> SavedViewService::create(NewSavedView request, Principal actor) const
{
    return m_pool->run<SavedView>([request, actor](QSqlDatabase &db) -> Result<SavedView> {
        SavedView view;
        view.id = QUuid::createUuid();
        view.name = request.name;
        view.query = request.query;
        view.columns = request.columns;
        view.shared = request.shared;
        view.isDefault = request.isDefault;
        view.userId = actor.userId;
        view.username = actor.username;
        view.createdAt = view.updatedAt = QDateTime::currentMSecsSinceEpoch();
        SqlTransaction transaction(db);
        if (VoidResult begun = transaction.begin(); !begun.ok())
            return begun.error();
        const Result<bool> taken = viewdb::nameTaken(db, actor.userId, view.name, view.id);
        if (!taken.ok())
            return taken.error();
        if (taken.value())
            return nameConflict();
        if (view.isDefault) {
            if (VoidResult cleared = viewdb::clearDefault(db, actor.userId); !cleared.ok())
                return cleared.error();
        }
        if (VoidResult inserted = viewdb::insertView(db, view); !inserted.ok()) {
            if (inserted.error().kind == ServiceError::Kind::Conflict)
                return nameConflict();
            return inserted.error();
        }
        if (VoidResult audited =
                writeAudit(db, actor, QStringLiteral("view.create"), std::nullopt, view);
            !audited.ok())
            return audited.error();
        if (VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
        return view;
    });
}

QFuture<Result<SavedView>> SavedViewService::update(QUuid id, SavedViewPatch patch,
                                                    Principal actor) const
{
    return m_pool->run<SavedView>([id, patch, actor](QSqlDatabase &db) -> Result<SavedView> {
        SqlTransaction transaction(db);
        if (VoidResult begun = transaction.begin(); !begun.ok())
            return begun.error();
        const Result<SavedView> found = visibleView(db, id, actor);
        if (!found.ok())
            return found.error();
        const SavedView before = found.value();
        if (VoidResult allowed = mayChange(before, actor); !allowed.ok())
            return allowed.error();
        if (patch.isDefault && *patch.isDefault != before.isDefault &&
            before.userId != actor.userId)
            return ServiceError{ServiceError::Kind::Forbidden,
                                QStringLiteral("Only the owner chooses their default view"),
                                {}};
        SavedView after = before;
        after.name = patch.name.value_or(before.name);
        after.query = patch.query.value_or(before.query);
        after.columns = patch.columns.value_or(before.columns);
        after.shared = patch.shared.value_or(before.shared);
        after.isDefault = patch.isDefault.value_or(before.isDefault);
        if (after.name != before.name) {
            const Result<bool> taken = viewdb::nameTaken(db, before.userId, after.name, id);
            if (!taken.ok())
                return taken.error();
            if (taken.value())
                return nameConflict();
        }
        if (after == before)
            return before; // nothing changes: no write, no audit entry
        after.updatedAt = std::max(QDateTime::currentMSecsSinceEpoch(), before.updatedAt);
        if (after.isDefault && !before.isDefault) {
            if (VoidResult cleared = viewdb::clearDefault(db, before.userId); !cleared.ok())
                return cleared.error();
        }
        if (VoidResult updated = viewdb::updateView(db, after); !updated.ok()) {
            if (updated.error().kind == ServiceError::Kind::Conflict)
                return nameConflict();
            return updated.error();
        }
        if (VoidResult audited =
                writeAudit(db, actor, QStringLiteral("view.update"), before, after);
            !audited.ok())
            return audited.error();
        if (VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
        return after;
    });
}

QFuture<VoidResult> SavedViewService::remove(QUuid id, Principal actor) const
{
    return m_pool->run<Done>([id, actor](QSqlDatabase &db) -> VoidResult {
        SqlTransaction transaction(db);
        if (VoidResult begun = transaction.begin(); !begun.ok())
            return begun.error();
        const Result<SavedView> found = visibleView(db, id, actor);
        if (!found.ok())
            return found.error();
        if (VoidResult allowed = mayChange(found.value(), actor); !allowed.ok())
            return allowed.error();
        const Result<bool> deleted = viewdb::deleteView(db, id);
        if (!deleted.ok())
            return deleted.error();
        if (!deleted.value())
            return viewNotFound();
        if (VoidResult audited =
                writeAudit(db, actor, QStringLiteral("view.delete"), found.value(), std::nullopt);
            !audited.ok())
            return audited.error();
        if (VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
        return Done{};
    });
}

} // namespace taskdeck
