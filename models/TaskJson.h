#pragma once

#include "FieldError.h"
#include "Metrics.h"
#include "Task.h"
#include "User.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

/// JSON codecs shared by the HTTP API, the GUI and (later) the event feed: the one place that
/// defines what a task, a metrics object and a time series look like on the wire (CONTRACT.md).
/// Pure functions, thread-safe.
namespace taskdeck::json {

/// "2026-11-29T07:01:05.123Z" (UTC, milliseconds, Z).
QString formatTimestamp(EpochMs ms);
/// Accepts ISO 8601 with `Z` or a numeric offset (fraction optional), or a bare date
/// (YYYY-MM-DD = midnight UTC). std::nullopt when not parseable.
std::optional<EpochMs> parseTimestamp(QStringView text);

/// A cost in USD as a JSON number; exact for 4 decimals (e.g. 3000 -> 0.3).
double moneyToDouble(MoneyE4 e4);
/// Converts a JSON number to ten-thousandths; std::nullopt when it has more than 4 decimals or is
/// not finite.
std::optional<MoneyE4> moneyFromDouble(double value);
/// "0.3000"-style fixed text with 4 decimals (CSV).
QString moneyToText(MoneyE4 e4);
/// Parses decimal text with at most 4 decimals ("12", "0.3", "1.2345"); nullopt otherwise.
std::optional<MoneyE4> moneyFromText(QStringView text);

/// The task object of CONTRACT.md, fields in the contract's order.
QJsonObject taskToJson(const Task &task);
/// Fields of the task object, in the contract's order (also the CSV header).
const QStringList &taskFieldNames();

/// Parses a POST /api/tasks body. Unknown and server-owned fields, wrong types, a missing title
/// and costs with more than 4 decimals are reported with loc {"body", field}; value ranges are
/// checked later by TaskRules.
std::variant<NewTask, FieldErrors> parseNewTask(const QJsonObject &body);
/// Parses a PATCH /api/tasks/{id} body; same error rules as parseNewTask.
std::variant<TaskPatch, FieldErrors> parseTaskPatch(const QJsonObject &body);

/// CONTRACT.md GET /api/metrics object.
QJsonObject metricsToJson(const MetricsSnapshot &metrics);
/// CONTRACT.md GET /api/tasks/metrics/summary object.
QJsonObject metricsSummaryToJson(const MetricsSnapshot &metrics);
/// CONTRACT.md GET /api/metrics/timeseries object.
QJsonObject timeseriesToJson(const Timeseries &series);
/// {"id","username","email","role"} (GET /api/auth/me).
QJsonObject userToJson(const User &user);

/// FastAPI-style 422 body: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}.
QJsonObject validationErrorBody(const FieldErrors &errors);

} // namespace taskdeck::json
