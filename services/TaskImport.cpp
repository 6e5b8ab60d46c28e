#include "TaskImport.h"

#include "ApiMessages.h"
#include "TaskCsv.h"
#include "TaskJson.h"
#include "TaskRules.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

namespace taskdeck {

namespace {

QByteArray withoutBom(const QByteArray &data)
{
    if (data.startsWith("\xEF\xBB\xBF"))
        return data.mid(3);
    return data;
}

class JsonTaskReader
{
public:
    JsonTaskReader(const QJsonObject &object, int line, EpochMs nowMs)
        : m_object(object), m_loc(QStringLiteral("line %1").arg(line)), m_now(nowMs)
    {}

    std::optional<Task> read(FieldErrors &errors)
    {
        const QStringList &known = json::taskFieldNames();
        const qsizetype before = errors.size();
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!known.contains(it.key()))
                add(errors, it.key(), msg::extraForbidden(), QStringLiteral("extra_forbidden"));
        }

        Task task;
        const QJsonValue id = m_object.value(QStringLiteral("id"));
        if (id.isUndefined() || id.isNull()) {
            task.id = QUuid::createUuid();
        } else {
            task.id = id.isString() ? QUuid::fromString(id.toString()) : QUuid();
            if (task.id.isNull())
                add(errors, QStringLiteral("id"), msg::notAUuid(), QStringLiteral("uuid_parsing"));
        }

        const QJsonValue title = m_object.value(QStringLiteral("title"));
        if (title.isUndefined())
            add(errors, QStringLiteral("title"), msg::fieldRequired(), QStringLiteral("missing"));
        else if (!title.isString())
            add(errors, QStringLiteral("title"), msg::notAString(), QStringLiteral("string_type"));
        else
            task.title = title.toString();

        task.description = optionalString(QStringLiteral("description"), errors);
        task.category = optionalString(QStringLiteral("category"), errors);
        task.errorMessage = optionalString(QStringLiteral("error_message"), errors);
        task.createdBy = optionalString(QStringLiteral("created_by"), errors);

        const QJsonValue status = m_object.value(QStringLiteral("status"));
        if (!status.isUndefined()) {
            const std::optional<TaskStatus> parsed =
                status.isString() ? statusFromName(status.toString()) : std::nullopt;
            if (parsed)
                task.status = *parsed;
            else
                add(errors, QStringLiteral("status"), msg::statusEnum(), QStringLiteral("enum"));
        }

        if (const auto priority = integer(QStringLiteral("priority"), errors))
            task.priority = int(std::clamp<qint64>(*priority, -1, 1000));
        if (const auto version = integer(QStringLiteral("version"), errors))
            task.version = int(std::clamp<qint64>(*version, 0, 1'000'000'000));

        const QJsonValue cost = m_object.value(QStringLiteral("cost"));
        if (!cost.isUndefined() && !cost.isNull()) {
            if (!cost.isDouble()) {
                add(errors, QStringLiteral("cost"), msg::notANumber(),
                    QStringLiteral("float_type"));
            } else if (const auto e4 = json::moneyFromDouble(cost.toDouble())) {
                task.costE4 = *e4;
            } else {
                add(errors, QStringLiteral("cost"),
                    QStringLiteral("Decimal input should have no more than 4 decimal places"),
                    QStringLiteral("decimal_max_places"));
            }
        }

        const QJsonValue result = m_object.value(QStringLiteral("result"));
        if (!result.isUndefined())
            task.result = result;

        task.createdAt = timestamp(QStringLiteral("created_at"), errors).value_or(m_now);
        task.startedAt = timestamp(QStringLiteral("started_at"), errors);
        task.completedAt = timestamp(QStringLiteral("completed_at"), errors);
        const std::optional<EpochMs> updated = timestamp(QStringLiteral("updated_at"), errors);
        task.updatedAt = updated.value_or(
            std::max({task.createdAt, task.startedAt.value_or(0), task.completedAt.value_or(0)}));

        if (errors.size() != before)
            return std::nullopt;
        return task;
    }

private:
    void add(FieldErrors &errors, const QString &field, const QString &msg, const QString &type)
    {
        errors.append(FieldError{{m_loc, field}, msg, type});
    }

    std::optional<QString> optionalString(const QString &field, FieldErrors &errors)
    {
        const QJsonValue value = m_object.value(field);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isString()) {
            add(errors, field, msg::notAString(), QStringLiteral("string_type"));
            return std::nullopt;
        }
        return value.toString();
    }

    std::optional<qint64> integer(const QString &field, FieldErrors &errors)
    {
        const QJsonValue value = m_object.value(field);
        if (value.isUndefined())
            return std::nullopt;
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number ||
            std::fabs(number) > 9.0e15) {
            add(errors, field, msg::notAnInteger(), QStringLiteral("int_type"));
            return std::nullopt;
        }
        return qint64(number);
    }

    std::optional<EpochMs> timestamp(const QString &field, FieldErrors &errors)
    {
        const QJsonValue value = m_object.value(field);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        const std::optional<EpochMs> parsed =
            value.isString() ? json::parseTimestamp(value.toString()) : std::nullopt;
        if (!parsed)
            add(errors, field, msg::notADatetime(), QStringLiteral("datetime_parsing"));
        return parsed;
    }

    const QJsonObject &m_object;
    QString m_loc;
    EpochMs m_now;
};

constexpr qint64 kReadBlockBytes = 64 * 1024;

QString lineLocation(int line)
{
    return QStringLiteral("line %1").arg(line);
}

FieldError tooLongError(int line, qint64 limit)
{
    return FieldError{
        {lineLocation(line)},
        QStringLiteral("Record is longer than %1 bytes (the import limit); skipped").arg(limit),
        QStringLiteral("record_too_long")};
}

void addValidated(ImportChunk &chunk, Task task, int line)
{
    const FieldErrors errors = rules::validateImportedTask(task, line);
    if (!errors.isEmpty()) {
        ++chunk.rejected;
        chunk.errors += errors;
        return;
    }
    chunk.tasks.append(std::move(task));
    chunk.lineNumbers.append(line);
}

ServiceError badRequest(QString message)
{
    return ServiceError{ServiceError::Kind::BadRequest, std::move(message), {}};
}

ServiceError outOfMemory()
{
    return ServiceError{ServiceError::Kind::Internal,
                        QStringLiteral("Out of memory while reading the import file"),
                        {}};
}

/// Line ends as csv::parseRecords counts them: LF, CRLF, or a CR alone.
int countLineEnds(QByteArrayView text, bool loneCr)
{
    int ends = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text[i];
        if (c == '\n')
            ++ends;
        else if (loneCr && c == '\r' && i + 1 < n && text[i + 1] != '\n')
            ++ends;
    }
    return ends;
}

} // namespace

ImportReader::ImportReader(QIODevice *device, ImportFormat format, EpochMs nowMs,
                           qint64 maxRecordBytes)
    : m_device(device), m_format(format), m_now(nowMs), m_maxRecordBytes(maxRecordBytes)
{}

Result<bool> ImportReader::nextRecord(RawRecord &record)
{
    // A record is a line (JSON Lines) or the lines up to one that leaves no quote open (CSV:
    // a doubled quote inside a quoted field changes nothing, so the count's parity is exact).
    // Text beyond the limit is dropped as it is read: only the line count and quotes are kept.
    const bool csv = m_format == ImportFormat::Csv;
    record.text.clear();
    record.tooLong = false;
    record.firstLine = m_nextLine;
    bool inQuotes = false;
    bool any = false;
    while (true) {
        if (m_pos >= m_block.size()) {
            if (m_eof)
                return any;
            m_block = m_device->read(kReadBlockBytes);
            m_pos = 0;
            if (m_block.isEmpty()) {
                // QIODevice::read returns nothing both at the end and on an error.
                if (!m_device->atEnd())
                    return badRequest(QStringLiteral("Cannot read line %1: %2")
                                          .arg(m_nextLine)
                                          .arg(m_device->errorString()));
                m_eof = true;
                return any;
            }
            if (!m_started) {
                m_started = true;
                if (m_block.startsWith("\xEF\xBB\xBF"))
                    m_pos = 3;
            }
            continue;
        }
        any = true;
        const qsizetype newline = m_block.indexOf('\n', m_pos);
        const qsizetype end = newline < 0 ? m_block.size() : newline + 1;
        const QByteArrayView piece(m_block.constData() + m_pos, end - m_pos);
        m_pos = end;
        if (csv && (std::count(piece.begin(), piece.end(), '"') & 1))
            inQuotes = !inQuotes;
        m_nextLine += countLineEnds(piece, csv);
        if (!record.tooLong) {
            if (record.text.size() + piece.size() > m_maxRecordBytes) {
                record.tooLong = true;
                record.text = QByteArray(); // frees it
            } else {
                record.text.append(piece);
            }
        }
        if (newline >= 0 && !inQuotes)
            return true;
    }
}

VoidResult ImportReader::readCsvRecord(const RawRecord &record, ImportChunk &chunk)
{
    if (record.tooLong) {
        if (!m_haveHeader)
            return badRequest(
                QStringLiteral("Line %1: the header is longer than %2 bytes (the import limit)")
                    .arg(record.firstLine)
                    .arg(m_maxRecordBytes));
        ++chunk.records;
        ++chunk.rejected;
        chunk.errors.append(tooLongError(record.firstLine, m_maxRecordBytes));
        return {};
    }
    QList<int> lines;
    auto records = csv::parseRecords(record.text, &lines, record.firstLine);
    if (const QString *error = std::get_if<QString>(&records))
        return badRequest(QStringLiteral("Malformed CSV: ") + *error);
    const QList<QStringList> &rows = std::get<QList<QStringList>>(records);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QStringList &fields = rows.at(i);
        const int line = i < lines.size() ? lines.at(i) : record.firstLine;
        if (!m_haveHeader) {
            m_haveHeader = true;
            m_header = fields;
            for (QString &name : m_header)
                name = name.trimmed();
            const FieldErrors headerErrors = csv::validateHeader(m_header, line);
            if (!headerErrors.isEmpty()) {
                m_headerBroken = true; // no record can be read with a broken header
                chunk.errors += headerErrors;
            }
            continue;
        }
        if (fields.size() == 1 && fields.first().isEmpty())
            continue; // blank line
        ++chunk.records;
        if (m_headerBroken) {
            ++chunk.rejected;
            continue;
        }
        auto task = csv::taskFromRecord(m_header, fields, line, m_now);
        if (FieldErrors *errors = std::get_if<FieldErrors>(&task)) {
            ++chunk.rejected;
            chunk.errors += *errors;
            continue;
        }
        addValidated(chunk, std::get<Task>(std::move(task)), line);
    }
    return {};
}

void ImportReader::readJsonRecord(const RawRecord &record, ImportChunk &chunk)
{
    const int line = record.firstLine;
    if (record.tooLong) {
        ++chunk.records;
        ++chunk.rejected;
        chunk.errors.append(tooLongError(line, m_maxRecordBytes));
        return;
    }
    const QByteArray text = record.text.trimmed();
    if (text.isEmpty())
        return;
    const QString loc = lineLocation(line);
    ++chunk.records;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        ++chunk.rejected;
        chunk.errors.append(FieldError{{loc},
                                       QStringLiteral("Invalid JSON: %1 at character %2")
                                           .arg(error.errorString())
                                           .arg(error.offset + 1),
                                       QStringLiteral("json_invalid")});
        return;
    }
    if (!document.isObject()) {
        ++chunk.rejected;
        chunk.errors.append(FieldError{
            {loc}, QStringLiteral("Input should be a task object"), QStringLiteral("model_type")});
        return;
    }
    const QJsonObject object = document.object();
    JsonTaskReader reader(object, line, m_now);
    const qsizetype before = chunk.errors.size();
    if (std::optional<Task> task = reader.read(chunk.errors))
        addValidated(chunk, std::move(*task), line);
    else if (chunk.errors.size() != before)
        ++chunk.rejected;
}

Result<bool> ImportReader::read(ImportChunk &chunk, qsizetype maxRecords)
{
    chunk = ImportChunk{};
    RawRecord record;
    while (chunk.records < maxRecords) {
        Result<bool> more = nextRecord(record);
        if (!more.ok())
            return more.error();
        if (!more.value())
            return false;
        if (m_format == ImportFormat::Csv) {
            if (const VoidResult done = readCsvRecord(record, chunk); !done.ok())
                return done.error();
        } else {
            readJsonRecord(record, chunk);
        }
    }
    return !(m_eof && m_pos >= m_block.size());
}

namespace {

struct IdLine
{
    QUuid id;
    int line;
};

/// The earliest line whose id appeared on an earlier line, as TaskRepository::importTasks names
/// it: sorted by (id, line), each repeated id's second line is a candidate; the smallest wins.
std::optional<ServiceError> repeatedId(std::vector<IdLine> &ids)
{
    std::sort(ids.begin(), ids.end(), [](const IdLine &a, const IdLine &b) {
        return a.id == b.id ? a.line < b.line : a.id < b.id;
    });
    const IdLine *again = nullptr;
    const IdLine *first = nullptr;
    for (size_t i = 1; i < ids.size(); ++i) {
        if (ids[i].id == ids[i - 1].id && (i < 2 || ids[i - 2].id != ids[i].id) &&
            (!again || ids[i].line < again->line)) {
            again = &ids[i];
            first = &ids[i - 1];
        }
    }
    if (!again)
        return std::nullopt;
    return ServiceError::conflict(QStringLiteral("Line %1: task id %2 appears again (first on "
                                                 "line %3)")
                                      .arg(again->line)
                                      .arg(again->id.toString(QUuid::WithoutBraces))
                                      .arg(first->line));
}

Result<ImportCheck> checkFile(const QString &path, EpochMs nowMs)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badRequest(QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    ImportCheck check;
    check.format = detectImportFormat(path, file.peek(4096));
    ImportReader reader(&file, check.format, nowMs);
    std::vector<IdLine> ids;
    ImportChunk chunk;
    bool more = true;
    while (more) {
        const Result<bool> read = reader.read(chunk);
        if (!read.ok())
            return read.error();
        more = read.value();
        check.records += chunk.records;
        check.rejected += chunk.rejected;
        check.valid += chunk.tasks.size();
        check.errorCount += chunk.errors.size();
        for (const FieldError &error : std::as_const(chunk.errors)) {
            if (check.errors.size() >= kMaxImportErrorsKept)
                break;
            check.errors.append(error);
        }
        if (check.errorCount == 0) {
            for (qsizetype i = 0; i < chunk.tasks.size(); ++i)
                ids.push_back(IdLine{chunk.tasks.at(i).id, chunk.lineNumbers.at(i)});
        } else if (!ids.empty()) {
            std::vector<IdLine>().swap(ids); // errors: nothing will be written, ids not needed
        }
    }
    if (check.errorCount == 0)
        check.conflict = repeatedId(ids);
    return check;
}

} // namespace

Result<ImportCheck> checkImportFile(const QString &path, EpochMs nowMs)
{
    try {
        return checkFile(path, nowMs);
    } catch (const std::bad_alloc &) {
        return outOfMemory();
    }
}

ImportFormat detectImportFormat(const QString &path, const QByteArray &data)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return ImportFormat::Csv;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return ImportFormat::JsonLines;
    const QByteArray start = withoutBom(data.left(4096)).trimmed();
    return start.startsWith('{') ? ImportFormat::JsonLines : ImportFormat::Csv;
}

namespace {

Result<ParsedImport> parseAll(QIODevice *device, ImportFormat format, EpochMs nowMs)
{
    ParsedImport parsed;
    parsed.format = format;
    ImportReader reader(device, format, nowMs);
    ImportChunk chunk;
    bool more = true;
    while (more) {
        const Result<bool> read = reader.read(chunk);
        if (!read.ok())
            return read.error();
        more = read.value();
        parsed.records += chunk.records;
        parsed.rejected += chunk.rejected;
        parsed.errors += chunk.errors;
        parsed.tasks += chunk.tasks;
        parsed.lineNumbers += chunk.lineNumbers;
    }
    return parsed;
}

} // namespace

Result<ParsedImport> parseImportData(const QByteArray &data, ImportFormat format, EpochMs nowMs)
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    return parseAll(&buffer, format, nowMs);
}

Result<ParsedImport> parseImportFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badRequest(QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    return parseAll(&file, detectImportFormat(path, file.peek(4096)),
                    QDateTime::currentMSecsSinceEpoch());
}

} // namespace taskdeck
