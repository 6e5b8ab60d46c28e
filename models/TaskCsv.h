#pragma once

#include "FieldError.h"
#include "Task.h"

#include <QByteArray>
#include <QStringList>

#include <variant>

/// CSV codec (RFC 4180: quoted when needed, CRLF line ends, UTF-8 without BOM). Export writes the
/// task object's fields in CONTRACT.md order; import reads the layout of
/// shared/data/make_sample.py (id,title,description,category,status,priority,cost,created_by,
/// created_at,started_at,completed_at,error_message) or any header naming task fields.
namespace taskdeck::csv {

/// The header row of an export, with CRLF.
QByteArray exportHeader();
/// One exported row with CRLF; null as an empty field; result as compact JSON text.
QByteArray exportRow(const Task &task);

/// Splits CSV text into records of fields (handles quotes, doubled quotes, embedded newlines,
/// CRLF or LF). `lineNumbers` receives each record's starting line (1-based).
std::variant<QList<QStringList>, QString> parseRecords(const QByteArray &text,
                                                       QList<int> *lineNumbers = nullptr);

/// Builds a task from an imported record given the header. Keeps id and timestamps from the file
/// (missing id: a new one; missing created_at: `nowMs`). Errors have loc {"line N", field}.
std::variant<Task, FieldErrors> taskFromRecord(const QStringList &header, const QStringList &record,
                                               int lineNumber, EpochMs nowMs);

} // namespace taskdeck::csv
