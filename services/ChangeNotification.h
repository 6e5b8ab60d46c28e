#pragma once

#include "ChangeEvent.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace taskdeck::changes {

/// The PostgreSQL channel every instance LISTENs on (migration 005 and TaskRepository NOTIFY it).
inline constexpr char kChannel[] = "taskdeck_changes";
/// PostgreSQL: a NOTIFY payload must be shorter than 8000 bytes (docs of NOTIFY, "The payload
/// ... must be shorter than 8000 bytes" in the default configuration).
inline constexpr qsizetype kMaxPayloadBytes = 7999;

/// The NOTIFY payload of a task event: compact JSON
/// `{"op": "created"|"updated"|"deleted", "id": uuid, "at": epoch ms, "task": taskToJson}`.
/// `task` is left out for deletions, and when the payload would exceed kMaxPayloadBytes (the
/// receiver then reads the row). The migration-005 trigger writes the same shape without `task`.
QByteArray encodeNotification(const ChangeEvent &event);
/// Reads a payload of encodeNotification() or of the trigger. std::nullopt when it is not one
/// (logged by the caller). A present but unreadable `task` is treated as absent (row re-read).
std::optional<ChangeEvent> decodeNotification(const QByteArray &payload);
/// Whether `payload` is the migration-005 TRUNCATE trigger's `{"op": "reset", "at"}`: every
/// task may have changed, consumers reload.
bool isResetNotification(const QByteArray &payload);

} // namespace taskdeck::changes
