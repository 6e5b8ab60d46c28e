#pragma once

#include "Metrics.h"
#include "Task.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// What a change-feed event reports (docs/API.md GET /api/events, field `type`).
enum class ChangeType
{
    TaskCreated,    ///< "task.created"
    TaskUpdated,    ///< "task.updated"
    TaskDeleted,    ///< "task.deleted"
    MetricsUpdated, ///< "metrics.updated"
};
/// "task.created", "task.updated", "task.deleted", "metrics.updated".
QString changeTypeName(ChangeType type);

/// One event of the change feed (services/ChangeFeed.h). A value type: copy freely between
/// threads (every member is implicitly shared or trivially copyable).
///
/// Before the feed publishes it (as produced by a repository or the PostgreSQL listener), `seq`
/// is 0 and `json` is empty; ChangeFeed assigns `seq` and fills `json`.
struct ChangeEvent
{
    ChangeType type = ChangeType::TaskUpdated;
    /// Position in this process's feed: 1 for the first event, +1 for each following one, so a
    /// gap tells a consumer it missed events. Not shared between processes.
    quint64 seq = 0;
    /// When the change committed (ms since the Unix epoch, UTC); for metrics.updated, when the
    /// totals were read.
    EpochMs at = 0;
    /// The task concerned (task events); null for metrics.updated.
    QUuid taskId;
    /// task.created / task.updated: the task after the change. Empty for task.deleted and
    /// metrics.updated.
    std::optional<Task> task;
    /// metrics.updated: the totals (the /api/metrics object).
    std::optional<MetricsSnapshot> metrics;
    /// The wire form: json::toApiJson(json::changeEventToJson(*this)), the writer of the HTTP
    /// API's bodies (so `0.0` stays `0.0`).
    QByteArray json;

    bool isTaskEvent() const { return type != ChangeType::MetricsUpdated; }
};

namespace json {
/// The WebSocket message of docs/API.md: {"type", "seq", "at" (timestamp text), "task" (full
/// object via taskToJson; {"id"} alone for task.deleted)} or {"type", "seq", "at", "metrics"
/// (metricsToJson)}.
QJsonObject changeEventToJson(const ChangeEvent &event);
} // namespace json

} // namespace taskdeck

Q_DECLARE_METATYPE(taskdeck::ChangeEvent)
