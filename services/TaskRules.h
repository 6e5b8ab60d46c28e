#pragma once

#include "FieldError.h"
#include "ServiceError.h"
#include "Task.h"

#include <QList>

/// Domain rules of docs/API.md "Tasks", in the one place both the GUI and the API use:
/// validation and normalisation (trimming, lengths in code points, ranges), status transitions
/// and server-managed timestamps. Pure functions, thread-safe.
namespace taskdeck::rules {

/// Statuses reachable from `from` (docs/API.md transition table), excluding `from` itself.
QList<TaskStatus> allowedTransitions(TaskStatus from);
/// True when `to` is `from` (a no-op) or an allowed transition.
bool isTransitionAllowed(TaskStatus from, TaskStatus to);

/// Paging limits of every list (docs/API.md: offset >= 0, limit 1..kMaxPageLimit): errors with
/// loc {"query","offset"|"limit"}, empty when both are in range.
FieldErrors validatePaging(qint64 offset, int limit);

/// Trims title/category, turns an empty category into null and checks every value. Returns the
/// errors (loc {"body", field}); `task` is normalised in place.
FieldErrors validateNewTask(NewTask &task);
/// Same checks for the fields a patch sets; normalises in place.
FieldErrors validatePatch(TaskPatch &patch);

/// Checks and normalises a task read from an import file (ids, statuses and timestamps come from
/// the file): the same field rules as validateNewTask (any of the five statuses allowed), plus
/// consistency of the timestamps (started/completed not before created, completed not before
/// started) and version >= 1. Errors have loc {"line N", field}.
FieldErrors validateImportedTask(Task &task, int lineNumber);

/// Code points in `text` (what the contract's lengths count), not UTF-16 units.
qsizetype codePointCount(const QString &text);

/// A new task as stored: id made here, created/updated = now, started_at when created
/// in_progress, version 1. `task` must be valid. Only pending and in_progress may be created
/// (otherwise Validation with loc {"body","status"}).
Result<Task> makeTask(const NewTask &task, const QString &createdBy, EpochMs nowMs);

/// Applies a validated patch to `current`: transition check (Conflict "Illegal status transition
/// from X to Y"), timestamps, updated_at = now and version + 1. A patch that changes nothing
/// returns `current` unchanged (same version).
Result<Task> applyPatch(const Task &current, const TaskPatch &patch, EpochMs nowMs);

} // namespace taskdeck::rules
