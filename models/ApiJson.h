#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace taskdeck::json {

/// Compact JSON text of an API response body or a change-feed event (one writer for both, so a
/// WebSocket message carries exactly the text the HTTP API sends for the same object).
///
/// Like QJsonDocument::Compact, except that members whose value is a float in the API schema
/// (cost, success_rate, avg_execution_time, total_cost, execution_time) are always written with
/// a decimal point: Qt stores 0.0 as the integer 0, but clients of the old FastAPI backend
/// received `0.0` (docs/API.md: "No metric is ever NaN or null"). Non-finite numbers become null.
QByteArray toApiJson(const QJsonValue &value);

} // namespace taskdeck::json
