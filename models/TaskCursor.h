#pragma once

#include "Task.h"

#include <QString>
#include <QStringView>

#include <variant>

/// The opaque `cursor` of GET /api/tasks (docs/API.md "Keyset paging"): base64url (no padding) of
/// a compact JSON object {"v": 1, "s": sort, "o": "asc"|"desc", "f": filter fingerprint,
/// "k": key values, "i": id, "c": check}. "f" is a hash of the filter (statuses as a set,
/// category, q, created_after, created_before, priorities as a set, created_by, completed_after,
/// completed_before), so a cursor only
/// continues the list it came from; "c" is a checksum over the rest, so an edited cursor is
/// refused. Neither is secret: a forged cursor can only name a position in a list the caller may
/// read anyway (its values are bound parameters, and the request's own filter still applies). Pure
/// functions, thread-safe.
namespace taskdeck::cursor {

/// Longest cursor text decode() reads (a 200-character title key fits easily).
inline constexpr qsizetype kMaxCursorLength = 4096;

/// The cursor continuing `filter`'s list after `key`.
QString encode(const TaskFilter &filter, const TaskListKey &key);

enum class DecodeError
{
    Malformed, ///< not a cursor the server made (encoding, JSON, checksum, version, value types)
    Mismatch,  ///< a valid cursor of another sort, order or filter
};

/// The key of a cursor made by encode() for the same sort, order and filter. The key's shape is
/// not checked against the sort here (TaskRepository::isValidKey does).
std::variant<TaskListKey, DecodeError> decode(QStringView text, const TaskFilter &filter);

/// 16 hex digits identifying the filter part of `filter` (not its sort or order).
QString filterFingerprint(const TaskFilter &filter);

} // namespace taskdeck::cursor
