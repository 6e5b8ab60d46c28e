#pragma once

#include "FieldError.h"
#include "Task.h"

#include <QByteArray>
#include <QStringList>

#include <variant>

/// CSV codec (RFC 4180: quoted when needed, CRLF line ends, UTF-8 without BOM). Export writes the
/// task object's fields in docs/API.md order; import reads the layout of
/// shared/data/make_sample.py (id,title,description,category,status,priority,cost,created_by,
/// created_at,started_at,completed_at,error_message) or any header naming task fields (so an
/// export re-imports).
///
/// Formats: cost as fixed 4 decimals ("0.3000", as the sample data has it); execution_time as
/// seconds with 3 decimals ("40.120"); timestamps as in JSON; result as compact JSON text; null
/// as an empty field. A field is quoted when it holds a comma, quote, CR or LF.
namespace taskdeck::csv {

/// The header row of an export, with CRLF.
QByteArray exportHeader();
/// One exported row with CRLF; null as an empty field; result as compact JSON text.
QByteArray exportRow(const Task &task);

/// Splits CSV text into records of fields (handles quotes, doubled quotes, embedded newlines,
/// CRLF or LF, a trailing line end, a leading UTF-8 BOM). Blank lines are skipped. `lineNumbers`
/// receives each record's starting line (1-based). The error text names the line, e.g.
/// "Line 7: unterminated quoted field" (the line where the quote opened), "Line 3: unexpected
/// text after a closing quote", "Line 2: the file is not valid UTF-8".
/// `firstLine`: the line number of the text's first line, for a piece of a file read record by
/// record (line numbers and errors then count from it; a BOM is dropped only when it is 1).
std::variant<QList<QStringList>, QString>
parseRecords(const QByteArray &text, QList<int> *lineNumbers = nullptr, int firstLine = 1);

/// Checks an import header (names trimmed): every column must be a task field (taskFieldNames()),
/// none twice, and `title` present. Errors have loc {"line N", column}, N = `lineNumber`.
FieldErrors validateHeader(const QStringList &header, int lineNumber = 1);

/// Builds a task from an imported record given the header. Keeps id and timestamps from the file
/// (missing id: a new one; missing created_at: `nowMs`). Errors have loc {"line N", field}.
/// Header errors (validateHeader, line 1) come back for every record: check the header once first.
/// Empty fields: null for nullable fields; title empty is an error; status "pending",
/// priority 1, cost 0, version 1; updated_at the latest of created/started/completed.
/// execution_time is derived and ignored. A record with another field count than the header:
/// loc {"line N", "record"}. Value ranges (lengths, priority, cost) are checked by TaskRules.
std::variant<Task, FieldErrors> taskFromRecord(const QStringList &header, const QStringList &record,
                                               int lineNumber, EpochMs nowMs);

} // namespace taskdeck::csv
