#pragma once

#include "Task.h"

#include <QString>

/// A task list filter as the query string of GET /api/tasks (what a saved view stores), and back.
/// Pure functions, thread-safe.
namespace taskdeck::json {

/// `status=a,b&category=...&q=...&created_after=...&created_before=...&priority=0,3&
/// created_by=...&completed_after=...&completed_before=...&sort=...&order=...`,
/// members only when they differ from an empty filter (sort and order always), values
/// percent-encoded. The HTTP API's view validation accepts every string this returns.
QString taskFilterToQuery(const TaskFilter &filter);
/// The filter a query string describes, leniently: unknown parameters and invalid values are
/// skipped (the API refuses them when the view is saved), offset and limit ignored. '+' is a
/// space, as in GET /api/tasks.
TaskFilter taskFilterFromQuery(const QString &query);

} // namespace taskdeck::json
