#pragma once

#include "FieldError.h"
#include "Metrics.h"
#include "Task.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <variant>

/// JSON codecs shared by the HTTP API, the GUI and (later) the event feed: the one place that
/// defines what a task, a metrics object and a time series look like on the wire (docs/API.md).
/// Pure functions, thread-safe.
namespace taskdeck::json {

/// "2026-11-29T07:01:05.123Z" (UTC, milliseconds, Z).
QString formatTimestamp(EpochMs ms);
/// Size of a buffer that holds any formatTimestampTo() text and its terminating NUL.
inline constexpr int kTimestampBufferSize = 64;
/// formatTimestamp(ms) as ASCII into `out` (kTimestampBufferSize bytes), NUL-terminated; returns
/// its length (24 for years 0-9999). For writers that append bytes (json::appendTaskJson).
int formatTimestampTo(char *out, EpochMs ms);
/// Accepts ISO 8601 with `Z` or a numeric offset (fraction optional), or a bare date
/// (YYYY-MM-DD = midnight UTC). std::nullopt when not parseable.
/// Grammar: YYYY-MM-DD | YYYY-MM-DD"T"hh:mm:ss[.f{1,9}](Z | ±hh:mm | ±hhmm | ±hh); `t`/`z` may be
/// lower case; fractions are truncated to milliseconds. Rejected: a date-time without a zone
/// (ambiguous), a space instead of T, invalid dates (2025-02-29), 24:00, leap second 60, offsets
/// of 24 h or more, surrounding spaces, trailing text.
std::optional<EpochMs> parseTimestamp(QStringView text);

/// formatTimestamp() text for a set timestamp, JSON null otherwise.
QJsonValue timestampToJson(std::optional<EpochMs> ms);

/// A cost in USD as a JSON number; exact for 4 decimals (e.g. 3000 -> 0.3): the double nearest
/// to e4/10000, which QJsonDocument prints in its shortest form ("0.3").
double moneyToDouble(MoneyE4 e4);
/// Converts a JSON number to ten-thousandths; std::nullopt when it has more than 4 decimals or is
/// not finite. Exact rule: `value` is accepted iff it is the double nearest to some decimal with
/// at most 4 places (moneyToDouble(round(value * 10000)) == value), i.e. iff its shortest decimal
/// form has at most 4 decimals: 0.1 -> 1000, 0.3 -> 3000, 0.30000000000000004 -> nullopt,
/// 0.30000003 -> nullopt. Negative values give negative e4 (rules reject them). |value| > 1e11
/// (beyond exact double arithmetic) -> nullopt.
std::optional<MoneyE4> moneyFromDouble(double value);
/// "0.3000"-style fixed text with 4 decimals (CSV), "-0.5000" when negative.
QString moneyToText(MoneyE4 e4);
/// Parses decimal text with at most 4 decimals ("12", "0.3", "1.2345", "-1", "0.30000": zeros
/// past the 4th decimal are fine); nullopt otherwise (no exponent, no spaces, <= 14 integer
/// digits).
std::optional<MoneyE4> moneyFromText(QStringView text);

/// Any JSON value (also a scalar) as compact JSON text, e.g. `"ok"`, `42`, `{"a":1}`, `null`.
QByteArray toCompactJson(const QJsonValue &value);
/// Parses JSON text holding any one value (also a scalar); nullopt when malformed.
std::optional<QJsonValue> parseJsonValue(const QByteArray &text);

/// The task object of docs/API.md, fields in the contract's order.
QJsonObject taskToJson(const Task &task);
/// Reads back what taskToJson() wrote (the change feed's NOTIFY payloads): every field but
/// `execution_time` (derived) must be present with its type; `cost` must have at most 4
/// decimals. std::nullopt otherwise.
std::optional<Task> taskFromJson(const QJsonObject &object);
/// Fields of the task object, in the contract's order (also the CSV header).
const QStringList &taskFieldNames();
/// GET /api/tasks body: {"tasks": [...], "total", "offset", "limit", "next_cursor"}.
/// `next_cursor` is cursor::encode(filter, page.nextKey), null on the last page; `offset` is null
/// on a page read after a cursor (its position is not counted).
QJsonObject taskPageToJson(const TaskPage &page, const TaskFilter &filter = {});

/// Parses a POST /api/tasks body. Unknown and server-owned fields, wrong types, a missing title
/// and costs with more than 4 decimals are reported with loc {"body", field}; value ranges are
/// checked later by TaskRules. Every error is collected (field order: title, description,
/// category, status, priority, cost, result, error_message; then other keys, sorted).
/// Error types (pydantic v2 names): "missing" ("Field required"), "string_type", "int_type",
/// "int_from_float" (1.5; 2.0 is accepted as 2), "float_type", "decimal_max_places", "enum"
/// (status), "extra_forbidden" ("Extra inputs are not permitted"; server-owned fields such as
/// id/version/created_at: "Field is set by the server and cannot be written"). Integers and
/// costs far outside any valid range saturate (INT_MAX, INT64_MAX, ...) so TaskRules rejects
/// them with its range message.
/// `parsed` (optional) receives the fields that did parse, also when others failed, so that a
/// caller can check their values too and answer every error at once.
std::variant<NewTask, FieldErrors> parseNewTask(const QJsonObject &body, NewTask *parsed = nullptr);
/// Parses a PATCH /api/tasks/{id} body; same error rules as parseNewTask.
std::variant<TaskPatch, FieldErrors> parseTaskPatch(const QJsonObject &body,
                                                    TaskPatch *parsed = nullptr);

/// docs/API.md GET /api/metrics object.
QJsonObject metricsToJson(const MetricsSnapshot &metrics);
/// docs/API.md GET /api/tasks/metrics/summary object.
QJsonObject metricsSummaryToJson(const MetricsSnapshot &metrics);
/// docs/API.md GET /api/metrics/timeseries object.
QJsonObject timeseriesToJson(const Timeseries &series);

/// FastAPI-style 422 body: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}.
QJsonObject validationErrorBody(const FieldErrors &errors);
/// {"detail": "text"}: every non-validation error body.
QJsonObject errorBody(const QString &detail);

} // namespace taskdeck::json
