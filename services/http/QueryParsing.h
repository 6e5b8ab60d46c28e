#pragma once

#include "AuditLog.h"
#include "FieldError.h"
#include "HttpTypes.h"
#include "Metrics.h"
#include "Task.h"

#include <QStringList>
#include <optional>

#include <variant>

/// Query-string parsing of the task and metrics routes (docs/API.md), with FastAPI-style errors
/// (loc {"query", name}). Values are echoed in messages only as what the client sent; never SQL.
/// Unknown query parameters are ignored, as FastAPI does.
namespace taskdeck::http::query {

struct TaskListQuery
{
    TaskFilter filter;
    qint64 offset = 0;
    int limit = kDefaultPageLimit;
    /// From `cursor` (keyset paging): the page starts after this key.
    std::optional<TaskListKey> after;
};

/// offset (>= 0, default 0), limit (1..100, default 10), status (repeatable or
/// comma-separated), category, q, created_after, created_before, priority, created_by,
/// completed_after, completed_before, sort, order, cursor (decoded
/// with cursor::decode for this sort, order and filter: "Invalid cursor" / "Cursor does not
/// match ..." errors; offset > 0 with a cursor is an error).
/// With `paging` false (CSV export) offset and limit are ignored.
std::variant<TaskListQuery, FieldErrors> parseTaskList(const ApiRequest &request, bool paging);

/// The filter and sort parameters parseTaskList() reads (without `offset`, `limit`, `cursor`):
/// what a bulk request's filter and a saved view's query may hold.
const QStringList &taskFilterParameterNames();

struct TimeseriesQuery
{
    TimeBucket bucket = TimeBucket::Hour;
    EpochMs from = 0;
    EpochMs to = 0;
};

/// bucket (minute|hour|day, default hour), from (inclusive), to (exclusive). Defaults: the last
/// 24 hours, `to` being the end of the current bucket. from >= to or more than
/// kMaxTimeseriesBuckets buckets: errors.
std::variant<TimeseriesQuery, FieldErrors> parseTimeseries(const ApiRequest &request,
                                                           EpochMs nowMs);

struct AuditListQuery
{
    AuditFilter filter;
    qint64 offset = 0;
    int limit = 50;
};

/// GET /api/audit: offset (>= 0, default 0), limit (1..100, default 50), username, action (one of
/// audit::auditActions()), target, from (inclusive), to (exclusive; timestamps as
/// created_after). from >= to is an error.
std::variant<AuditListQuery, FieldErrors> parseAuditList(const ApiRequest &request);

struct EventsQuery
{
    std::optional<quint64> since; ///< replay buffered events with a greater seq
};

/// GET /api/events: since (an integer 0..18446744073709551615, the last value when repeated;
/// absent: start with the next event). The access token
/// (`access_token`) is the router's business, not checked here.
std::variant<EventsQuery, FieldErrors> parseEvents(const ApiRequest &request);

} // namespace taskdeck::http::query
