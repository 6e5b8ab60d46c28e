#pragma once

#include "FieldError.h"
#include "ServiceError.h"
#include "Task.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace taskdeck {

/// Import file formats (`taskdeck --import FILE`).
enum class ImportFormat
{
    Csv,       ///< RFC 4180 with a header row naming task fields (TaskCsv.h)
    JsonLines, ///< one task object per line, field names as in the task object (docs/API.md)
};

/// A parsed import file: the rows that parsed and passed TaskRules, with their line numbers, and
/// every error by line (loc {"line N", field}). Import only when `errors` is empty
/// (TaskService::importTasks writes all or nothing and checks again).
struct ParsedImport
{
    ImportFormat format = ImportFormat::Csv;
    QList<Task> tasks;
    QList<int> lineNumbers; ///< 1-based line where each task's record starts
    qint64 records = 0;     ///< data records seen (valid or not)
    FieldErrors errors;
};

/// By extension (.csv; .jsonl / .ndjson), else by content (a first '{' means JSON Lines).
ImportFormat detectImportFormat(const QString &path, const QByteArray &data);

/// Parses `data`. JSON Lines: ids, timestamps (ISO 8601) and version are kept when given (a
/// missing id gets a new one, a missing created_at is `nowMs`); `execution_time` is accepted and
/// ignored (it is derived); unknown fields are errors. Blank lines are skipped. A leading UTF-8
/// BOM is ignored. BadRequest when the CSV text cannot be split into records at all.
Result<ParsedImport> parseImportData(const QByteArray &data, ImportFormat format, EpochMs nowMs);

/// Reads and parses a file (format by detectImportFormat). BadRequest when it cannot be read.
Result<ParsedImport> parseImportFile(const QString &path);

} // namespace taskdeck
