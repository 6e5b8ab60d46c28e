#pragma once

#include "FieldError.h"
#include "ServiceError.h"
#include "Task.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace taskdeck {

/// Import file formats (`taskdeck --import FILE`).
enum class ImportFormat
{
    Csv,       ///< RFC 4180 with a header row naming task fields (TaskCsv.h)
    JsonLines, ///< one task object per line, field names as in the task object (docs/API.md)
};

/// Longest record an import reads, in bytes (CSV: one record, quoted line ends included; JSON
/// Lines: one line). 4x the API's request body limit (ApiServer.h, 1 MiB), so every task the API
/// can store comes back through export and import. A longer record is rejected as a row error
/// (type "record_too_long") and skipped without being held in memory; a longer CSV header ends
/// the import (BadRequest).
inline constexpr qint64 kMaxImportRecordBytes = 4 * 1024 * 1024;

/// Records an import parses and writes at a time: with one record's text, this bounds what an
/// import holds in memory (about 2,000 tasks, under 2 MB for the sample data).
inline constexpr qsizetype kImportChunkRecords = 2000;

/// Errors an import keeps to report (the first ones, in file order); all are counted.
inline constexpr qsizetype kMaxImportErrorsKept = 100;

/// A parsed import file: the rows that parsed and passed TaskRules, with their line numbers, and
/// every error by line (loc {"line N", field}). Import only when `errors` is empty
/// (TaskService::importTasks writes all or nothing and checks again).
struct ParsedImport
{
    ImportFormat format = ImportFormat::Csv;
    QList<Task> tasks;
    QList<int> lineNumbers; ///< 1-based line where each task's record starts
    qint64 records = 0;     ///< data records seen (valid or not)
    qint64 rejected = 0;    ///< records with at least one error (a row with 3 errors counts once)
    FieldErrors errors;
};

/// One chunk of an import file, as ImportReader::read fills it.
struct ImportChunk
{
    QList<Task> tasks;      ///< the records that parsed and passed TaskRules
    QList<int> lineNumbers; ///< 1-based line where each task's record starts
    qint64 records = 0;     ///< data records read (valid or not)
    qint64 rejected = 0;    ///< records with at least one error
    FieldErrors errors;     ///< every error of the rejected records (and of a broken CSV header)
};

/// Reads an import file record by record from a device, a chunk at a time, so memory stays
/// bounded by one chunk and one record (kMaxImportRecordBytes) whatever the file's size.
/// Line ends are LF or CRLF (a CSV file with CR-only line ends is one record to the reader, so
/// it must fit the record limit). A leading UTF-8 BOM is skipped.
///
/// CSV: the first record is the header (checked once by csv::validateHeader; when it is broken,
/// its errors are reported once and every record is counted as rejected). JSON Lines: see
/// parseImportData. Not thread-safe; the device is not owned and must stay open while reading.
class ImportReader
{
public:
    ImportReader(QIODevice *device, ImportFormat format, EpochMs nowMs,
                 qint64 maxRecordBytes = kMaxImportRecordBytes);

    /// Clears `chunk` and reads records into it until it holds `maxRecords` (or the input ends).
    /// Result: true when more input may follow, false once the input is exhausted (the chunk can
    /// still hold the last records). BadRequest when the file cannot be read on: a read error,
    /// malformed CSV ("Malformed CSV: Line 7: unterminated quoted field", not valid UTF-8, ...)
    /// or a CSV header longer than the record limit.
    Result<bool> read(ImportChunk &chunk, qsizetype maxRecords = kImportChunkRecords);

    ImportFormat format() const { return m_format; }

private:
    struct RawRecord
    {
        QByteArray text;
        bool tooLong = false;
        int firstLine = 1;
    };
    Result<bool> nextRecord(RawRecord &record);
    VoidResult readCsvRecord(const RawRecord &record, ImportChunk &chunk);
    void readJsonRecord(const RawRecord &record, ImportChunk &chunk);

    QIODevice *m_device;
    ImportFormat m_format;
    EpochMs m_now;
    qint64 m_maxRecordBytes;
    QByteArray m_block;
    qsizetype m_pos = 0;
    bool m_started = false;
    bool m_eof = false;
    int m_nextLine = 1;
    bool m_haveHeader = false;
    bool m_headerBroken = false;
    QStringList m_header;
};

/// What a first pass over an import file found (checkImportFile), before anything is written.
struct ImportCheck
{
    ImportFormat format = ImportFormat::Csv;
    qint64 records = 0;  ///< data records (valid or not)
    qint64 valid = 0;    ///< records that parsed and passed TaskRules
    qint64 rejected = 0; ///< records with at least one error
    FieldErrors errors;  ///< the first kMaxImportErrorsKept errors, loc {"line N", field}
    qint64 errorCount = 0;
    /// When the file holds no rejected record but repeats an id: Conflict "Line 9: task id X
    /// appears again (first on line 4)" for the earliest repetition (as TaskService::importTasks).
    std::optional<ServiceError> conflict;
};

/// First pass of a streamed import: reads and validates the whole file a chunk at a time without
/// writing anything, and finds ids repeated in the file (a sorted list of 20 bytes per valid row:
/// 20 MB for 1M rows, the one part that grows with the file). `nowMs` stands for a missing
/// created_at (pass the same value to the second pass). BadRequest when the file cannot be read
/// or is malformed (ImportReader::read). Runs on any thread; never throws (std::bad_alloc comes
/// back as an Internal error naming the memory).
Result<ImportCheck> checkImportFile(const QString &path, EpochMs nowMs);

/// By extension (.csv; .jsonl / .ndjson), else by content (a first '{' means JSON Lines).
ImportFormat detectImportFormat(const QString &path, const QByteArray &data);

/// Parses `data`. JSON Lines: ids, timestamps (ISO 8601) and version are kept when given (a
/// missing id gets a new one, a missing created_at is `nowMs`); `execution_time` is accepted and
/// ignored (it is derived); unknown fields are errors. Blank lines are skipped. A leading UTF-8
/// BOM is ignored. BadRequest when the CSV text cannot be split into records at all.
Result<ParsedImport> parseImportData(const QByteArray &data, ImportFormat format, EpochMs nowMs);

/// Reads and parses a whole file into memory (format by detectImportFormat): for small files and
/// tests; `taskdeck --import` streams instead (checkImportFile, TaskService::importFile).
/// BadRequest when it cannot be read.
Result<ParsedImport> parseImportFile(const QString &path);

} // namespace taskdeck
