#pragma once

#include "FieldError.h"
#include "Task.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

/// Bulk actions on tasks (POST /api/tasks/bulk, the window's Bulk menu): the request, the
/// per-item outcomes and their JSON. Value types, thread-safe to copy.
namespace taskdeck {

/// Most tasks one bulk action takes (ids given, or matched by a filter). docs/API.md.
inline constexpr qsizetype kMaxBulkItems = 10000;

enum class BulkAction
{
    Retry,       ///< failed|cancelled -> pending; any other status: conflict
    Cancel,      ///< -> cancelled (pending, in_progress; cancelled already: ok, unchanged)
    Delete,      ///< removes the task (any status)
    SetStatus,   ///< -> `status`, by the transition table (same status: ok, unchanged)
    SetCategory, ///< category := `category` (null clears it)
    SetPriority, ///< priority := `priority` (1..10 as in PATCH)
};
/// "retry", "cancel", "delete", "set_status", "set_category", "set_priority".
QString bulkActionName(BulkAction action);
std::optional<BulkAction> bulkActionFromName(QStringView name);

/// What one bulk action does and to which tasks.
struct BulkRequest
{
    BulkAction action = BulkAction::Retry;
    std::optional<TaskStatus> status; ///< SetStatus
    std::optional<QString> category;  ///< SetCategory; nullopt clears the category
    int priority = 0;                 ///< SetPriority
    QList<QUuid> ids;                 ///< the targets (distinct), unless `filter` is set
    std::optional<TaskFilter> filter; ///< the targets: every task matching it
    qint64 expectedTotal = -1;        ///< with `filter`: the count the user saw
};

enum class BulkOutcome
{
    Ok,                 ///< done (or nothing to change: detail "unchanged")
    NotFound,           ///< no such task (anymore)
    Conflict,           ///< the action is not allowed from the task's status
    PreconditionFailed, ///< the task changed under the action, or left the filter
};
inline constexpr int kBulkOutcomeCount = 4;
/// "ok", "not_found", "conflict", "precondition_failed".
QString bulkOutcomeName(BulkOutcome outcome);

struct BulkItemResult
{
    QUuid id;
    BulkOutcome outcome = BulkOutcome::Ok;
    QString detail; ///< empty for a plain "ok"
};

/// The answer of a bulk action: one result per target processed, in target order.
struct BulkResult
{
    QList<BulkItemResult> results;
    std::array<qint64, kBulkOutcomeCount> counts{}; ///< by BulkOutcome
    qint64 total = 0;                               ///< targets (processed or not)
    bool cancelled = false; ///< stopped by BulkControl::cancel; later targets untouched
    /// Stopped by a database error (e.g. "Database unavailable"); later targets untouched.
    QString stoppedBy;

    qint64 count(BulkOutcome outcome) const { return counts[static_cast<int>(outcome)]; }
};

/// How the caller follows and stops a running bulk action.
struct BulkControl
{
    /// Called on a pool thread after each chunk: (targets processed, total). May be empty.
    std::function<void(qint64 done, qint64 total)> progress;
    /// Set (from any thread) to stop before the next chunk. May be null.
    std::shared_ptr<std::atomic_bool> cancel;
};

namespace json {

/// POST /api/tasks/bulk body before the filter is parsed: `filter` stays the raw object of list
/// query parameters (the controller parses it like GET /api/tasks' query string).
struct BulkBody
{
    BulkRequest request;
    std::optional<QJsonObject> filter;
};
/// {"action", "value", "ids" | "filter", "expected_total"}: errors with loc {"body", field}
/// (value errors at {"body","value"}, id errors at {"body","ids",index}). Duplicate ids are
/// kept once (first position). More than kMaxBulkItems ids: 422.
std::variant<BulkBody, FieldErrors> parseBulkBody(const QJsonObject &body);
/// The request fields, in order (OpenAPI schema TaskBulkRequest).
const QStringList &taskBulkFieldNames();
/// {"results": [{"id","outcome","detail"}], "counts": {outcome: N}, "total", "cancelled",
/// "stopped_by"}; "detail" is null for a plain "ok", "stopped_by" null unless stopped.
QJsonObject bulkResultToJson(const BulkResult &result);

} // namespace json

} // namespace taskdeck
