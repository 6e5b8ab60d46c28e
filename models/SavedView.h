#pragma once

#include "Task.h"

#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// A saved view of the task list (issue 11 item 4; docs/API.md "Saved views"): a name, the list's
/// query string, the visible columns, owned by one user, optionally shared with everyone.
/// Timestamps are ms since the epoch, UTC.
struct SavedView
{
    QUuid id;
    QString name;  ///< 1..100 code points, unique per owner
    QString query; ///< GET /api/tasks query string without '?', e.g. "status=failed&sort=title"
    QStringList columns;    ///< visible columns, task JSON field names in display order; empty: all
    bool shared = false;    ///< visible to everyone (editable by the owner or an admin)
    bool isDefault = false; ///< the owner's default view (at most one per owner)
    QUuid userId;           ///< the owner
    QString username;       ///< the owner's current name
    EpochMs createdAt = 0;
    EpochMs updatedAt = 0;

    friend bool operator==(const SavedView &, const SavedView &) = default;
};

/// The body of POST /api/views after type checks (the query is checked by the HTTP layer with the
/// task list's own parser).
struct NewSavedView
{
    QString name;
    QString query;
    QStringList columns;
    bool shared = false;
    bool isDefault = false;
};

/// The body of PATCH /api/views/{id}: only the members present change.
struct SavedViewPatch
{
    std::optional<QString> name;
    std::optional<QString> query;
    std::optional<QStringList> columns;
    std::optional<bool> shared;
    std::optional<bool> isDefault;
};

/// Longest view name, in code points; longest query string, in characters.
inline constexpr qsizetype kViewMaxNameLength = 100;
inline constexpr qsizetype kViewMaxQueryLength = 2000;

} // namespace taskdeck
