#pragma once

#include "Task.h"

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

/// toApiJson(taskToJson(task)), byte for byte, written straight into `out` without building a
/// QJsonObject (members in the order QJsonObject keeps them: sorted by key). Building the object
/// and then writing it was half of the HTTP thread's time for GET /api/tasks?limit=10 (perf,
/// bench/run.sh list_failed). tst_taskjson compares both writers over many tasks.
void appendTaskJson(QByteArray &out, const Task &task);
/// toApiJson(taskToJson(task)).
QByteArray taskToApiJson(const Task &task);
/// toApiJson(taskPageToJson(page, filter)), byte for byte, written directly.
QByteArray taskPageToApiJson(const TaskPage &page, const TaskFilter &filter = {});

} // namespace taskdeck::json
