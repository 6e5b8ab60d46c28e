#include "TaskCsv.h"

#include "ApiMessages.h"
#include "TaskJson.h"

#include <QHash>
#include <QStringDecoder>

#include <algorithm>
#include <cstdio>

namespace taskdeck::csv {

namespace {

const QString kId = QStringLiteral("id");
const QString kTitle = QStringLiteral("title");
const QString kDescription = QStringLiteral("description");
const QString kCategory = QStringLiteral("category");
const QString kStatus = QStringLiteral("status");
const QString kPriority = QStringLiteral("priority");
const QString kCost = QStringLiteral("cost");
const QString kResult = QStringLiteral("result");
const QString kErrorMessage = QStringLiteral("error_message");
const QString kCreatedBy = QStringLiteral("created_by");
const QString kCreatedAt = QStringLiteral("created_at");
const QString kUpdatedAt = QStringLiteral("updated_at");
const QString kStartedAt = QStringLiteral("started_at");
const QString kCompletedAt = QStringLiteral("completed_at");
const QString kVersion = QStringLiteral("version");

bool needsQuotes(QStringView field)
{
    for (const QChar c : field) {
        const char16_t u = c.unicode();
        if (u == u',' || u == u'"' || u == u'\r' || u == u'\n')
            return true;
    }
    return false;
}

void appendField(QString &row, QStringView field)
{
    if (!row.isEmpty())
        row += QLatin1Char(',');
    if (!needsQuotes(field)) {
        row += field;
        return;
    }
    row += QLatin1Char('"');
    for (const QChar c : field) {
        if (c == QLatin1Char('"'))
            row += QLatin1Char('"');
        row += c;
    }
    row += QLatin1Char('"');
}

QString optionalText(const std::optional<QString> &value)
{
    return value.value_or(QString());
}

QString optionalTimestamp(std::optional<EpochMs> ms)
{
    return ms ? json::formatTimestamp(*ms) : QString();
}

/// Milliseconds as seconds with exactly 3 decimals ("40.120").
QString secondsText(qint64 ms)
{
    const bool negative = ms < 0;
    const quint64 magnitude = negative ? 0 - static_cast<quint64>(ms) : static_cast<quint64>(ms);
    char buffer[48];
    const int length = std::snprintf(buffer, sizeof buffer, "%s%llu.%03llu", negative ? "-" : "",
                                     static_cast<unsigned long long>(magnitude / 1000),
                                     static_cast<unsigned long long>(magnitude % 1000));
    return QString::fromLatin1(buffer, length);
}

/// 1-based line of the first invalid UTF-8 sequence in `text`.
int firstInvalidUtf8Line(const QByteArray &text)
{
    int line = 1;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = decoder(QByteArrayView(text).sliced(start, end - start));
        if (decoder.hasError())
            return line;
        ++line;
        start = end + 1;
    }
    return 1;
}

QString lineLoc(int lineNumber)
{
    return QStringLiteral("line %1").arg(lineNumber);
}

/// Parses one record's fields into a task, collecting errors.
class RecordReader
{
public:
    RecordReader(const QHash<QString, qsizetype> &columns, const QStringList &record,
                 int lineNumber)
        : m_columns(columns), m_record(record), m_line(lineLoc(lineNumber))
    {}

    FieldErrors &errors() { return m_errors; }

    /// The field's text; empty when the column is absent.
    QString text(const QString &column) const
    {
        const auto it = m_columns.constFind(column);
        return it == m_columns.cend() ? QString() : m_record.at(*it);
    }

    std::optional<QString> nullableText(const QString &column) const
    {
        QString value = text(column);
        if (value.isEmpty())
            return std::nullopt;
        return value;
    }

    /// An empty or absent field gives std::nullopt without an error.
    std::optional<EpochMs> timestamp(const QString &column)
    {
        const QString value = text(column);
        if (value.isEmpty())
            return std::nullopt;
        if (auto ms = json::parseTimestamp(value))
            return ms;
        fail(column,
             QStringLiteral("Input should be an ISO 8601 timestamp such as "
                            "2026-11-29T07:01:05.123Z"),
             QStringLiteral("datetime_parsing"));
        return std::nullopt;
    }

    std::optional<int> integer(const QString &column)
    {
        const QString value = text(column);
        if (value.isEmpty())
            return std::nullopt;
        bool ok = false;
        const int number = value.toInt(&ok);
        if (ok)
            return number;
        fail(column,
             QStringLiteral("Input should be a valid integer, unable to parse string as an "
                            "integer"),
             QStringLiteral("int_parsing"));
        return std::nullopt;
    }

    void fail(const QString &column, const QString &msg, const QString &type)
    {
        m_errors.append(FieldError{{m_line, column}, msg, type});
    }

private:
    const QHash<QString, qsizetype> &m_columns;
    const QStringList &m_record;
    QString m_line;
    FieldErrors m_errors;
};

/// True when `text` looks like a plain decimal number (sign, digits, optional fraction).
bool isDecimalText(QStringView text)
{
    if (text.startsWith(u'-') || text.startsWith(u'+'))
        text = text.sliced(1);
    const qsizetype dot = text.indexOf(u'.');
    const QStringView integerPart = dot < 0 ? text : text.first(dot);
    const QStringView fractionPart = dot < 0 ? QStringView() : text.sliced(dot + 1);
    const auto allDigits = [](QStringView part) {
        return !part.isEmpty() && std::all_of(part.begin(), part.end(), [](QChar c) {
            return c.unicode() >= u'0' && c.unicode() <= u'9';
        });
    };
    return allDigits(integerPart) && (dot < 0 || allDigits(fractionPart));
}

QHash<QString, qsizetype> columnIndex(const QStringList &header)
{
    QHash<QString, qsizetype> columns;
    for (qsizetype i = 0; i < header.size(); ++i)
        columns.insert(header.at(i).trimmed(), i);
    return columns;
}

} // namespace

QByteArray exportHeader()
{
    return json::taskFieldNames().join(QLatin1Char(',')).toUtf8() + "\r\n";
}

QByteArray exportRow(const Task &task)
{
    const std::optional<qint64> executionMs = task.executionTimeMs();
    const bool hasResult = !task.result.isNull() && !task.result.isUndefined();
    QString row;
    row.reserve(256);
    appendField(row, task.id.toString(QUuid::WithoutBraces));
    appendField(row, task.title);
    appendField(row, optionalText(task.description));
    appendField(row, optionalText(task.category));
    appendField(row, statusName(task.status));
    appendField(row, QString::number(task.priority));
    appendField(row, json::moneyToText(task.costE4));
    appendField(row, hasResult ? QString::fromUtf8(json::toCompactJson(task.result)) : QString());
    appendField(row, optionalText(task.errorMessage));
    appendField(row, optionalText(task.createdBy));
    appendField(row, json::formatTimestamp(task.createdAt));
    appendField(row, json::formatTimestamp(task.updatedAt));
    appendField(row, optionalTimestamp(task.startedAt));
    appendField(row, optionalTimestamp(task.completedAt));
    appendField(row, executionMs ? secondsText(*executionMs) : QString());
    appendField(row, QString::number(task.version));
    return row.toUtf8() + "\r\n";
}

std::variant<QList<QStringList>, QString> parseRecords(const QByteArray &text,
                                                       QList<int> *lineNumbers, int firstLine)
{
    // The default decoder drops a leading UTF-8 BOM: only at the start of a file.
    QStringDecoder decoder(QStringDecoder::Utf8, firstLine == 1
                                                     ? QStringDecoder::Flag::Default
                                                     : QStringDecoder::Flag::ConvertInitialBom);
    const QString s = decoder(text);
    if (decoder.hasError())
        return QStringLiteral("Line %1: the file is not valid UTF-8")
            .arg(firstInvalidUtf8Line(text) + firstLine - 1);

    QList<QStringList> records;
    QList<int> lines;
    QStringList fields;
    QString field;
    int line = firstLine;
    int recordLine = firstLine;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (true) {
        bool quoted = false;
        field.clear();
        if (i < n && s[i] == QLatin1Char('"')) {
            quoted = true;
            const int quoteLine = line;
            ++i;
            while (true) {
                if (i >= n)
                    return QStringLiteral("Line %1: unterminated quoted field").arg(quoteLine);
                const QChar c = s[i];
                if (c == QLatin1Char('"')) {
                    if (i + 1 < n && s[i + 1] == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (c == QLatin1Char('\n') ||
                    (c == QLatin1Char('\r') && !(i + 1 < n && s[i + 1] == QLatin1Char('\n'))))
                    ++line;
                field += c;
                ++i;
            }
            if (i < n && s[i] != QLatin1Char(',') && s[i] != QLatin1Char('\r') &&
                s[i] != QLatin1Char('\n'))
                return QStringLiteral("Line %1: unexpected text after a closing quote").arg(line);
        } else {
            const qsizetype start = i;
            while (i < n && s[i] != QLatin1Char(',') && s[i] != QLatin1Char('\r') &&
                   s[i] != QLatin1Char('\n'))
                ++i;
            field = s.sliced(start, i - start);
        }
        fields.append(field);
        if (i < n && s[i] == QLatin1Char(',')) {
            ++i;
            continue;
        }
        // End of a record: a line end or the end of the text. A blank line is no record.
        const bool blankLine = fields.size() == 1 && fields.first().isEmpty() && !quoted;
        if (!blankLine) {
            records.append(fields);
            lines.append(recordLine);
        }
        fields.clear();
        if (i >= n)
            break;
        if (s[i] == QLatin1Char('\r') && i + 1 < n && s[i + 1] == QLatin1Char('\n'))
            ++i;
        ++i;
        ++line;
        recordLine = line;
        if (i >= n)
            break;
    }
    if (lineNumbers)
        *lineNumbers = lines;
    return records;
}

FieldErrors validateHeader(const QStringList &header, int lineNumber)
{
    const QString loc = lineLoc(lineNumber);
    FieldErrors errors;
    QStringList seen;
    for (const QString &rawName : header) {
        const QString name = rawName.trimmed();
        if (!json::taskFieldNames().contains(name)) {
            errors.append(FieldError{{loc, name},
                                     QStringLiteral("Unknown column \"%1\"; known columns: %2")
                                         .arg(name, json::taskFieldNames().join(QLatin1Char(','))),
                                     QStringLiteral("extra_forbidden")});
        } else if (seen.contains(name)) {
            errors.append(FieldError{{loc, name},
                                     QStringLiteral("Duplicate column \"%1\"").arg(name),
                                     QStringLiteral("value_error")});
        }
        seen.append(name);
    }
    if (!seen.contains(kTitle)) {
        errors.append(FieldError{{loc, kTitle},
                                 QStringLiteral("Column \"title\" is required"),
                                 QStringLiteral("missing")});
    }
    return errors;
}

std::variant<Task, FieldErrors> taskFromRecord(const QStringList &header, const QStringList &record,
                                               int lineNumber, EpochMs nowMs)
{
    if (FieldErrors headerErrors = validateHeader(header); !headerErrors.isEmpty())
        return headerErrors;
    if (record.size() != header.size()) {
        return FieldErrors{
            FieldError{{lineLoc(lineNumber), QStringLiteral("record")},
                       QStringLiteral("Expected %1 fields as in the header, found %2")
                           .arg(header.size())
                           .arg(record.size()),
                       QStringLiteral("value_error")}};
    }

    const QHash<QString, qsizetype> columns = columnIndex(header);
    RecordReader reader(columns, record, lineNumber);
    Task task;

    const QString id = reader.text(kId);
    if (id.isEmpty()) {
        task.id = QUuid::createUuid();
    } else {
        task.id = QUuid::fromString(id);
        if (task.id.isNull())
            reader.fail(kId, msg::notAUuid(), QStringLiteral("uuid_parsing"));
    }

    task.title = reader.text(kTitle);
    if (task.title.isEmpty())
        reader.fail(kTitle, msg::fieldRequired(), QStringLiteral("missing"));
    task.description = reader.nullableText(kDescription);
    task.category = reader.nullableText(kCategory);

    if (const QString status = reader.text(kStatus); !status.isEmpty()) {
        if (auto value = statusFromName(status)) {
            task.status = *value;
        } else {
            reader.fail(kStatus, msg::statusEnum(), QStringLiteral("enum"));
        }
    }

    task.priority = reader.integer(kPriority).value_or(1);

    if (const QString cost = reader.text(kCost); !cost.isEmpty()) {
        if (auto e4 = json::moneyFromText(cost)) {
            task.costE4 = *e4;
        } else if (isDecimalText(cost) && cost.contains(QLatin1Char('.'))) {
            reader.fail(kCost,
                        QStringLiteral("Decimal input should have no more than 4 decimal places"),
                        QStringLiteral("decimal_max_places"));
        } else {
            reader.fail(kCost, QStringLiteral("Input should be a valid decimal"),
                        QStringLiteral("decimal_parsing"));
        }
    }

    if (const QString result = reader.text(kResult); !result.isEmpty()) {
        if (auto value = json::parseJsonValue(result.toUtf8()))
            task.result = *value;
        else
            reader.fail(kResult, QStringLiteral("Invalid JSON"), QStringLiteral("json_invalid"));
    }

    task.errorMessage = reader.nullableText(kErrorMessage);
    task.createdBy = reader.nullableText(kCreatedBy);
    task.createdAt = reader.timestamp(kCreatedAt).value_or(nowMs);
    task.startedAt = reader.timestamp(kStartedAt);
    task.completedAt = reader.timestamp(kCompletedAt);
    const EpochMs latest = std::max({task.createdAt, task.startedAt.value_or(task.createdAt),
                                     task.completedAt.value_or(task.createdAt)});
    task.updatedAt = reader.timestamp(kUpdatedAt).value_or(latest);

    if (auto version = reader.integer(kVersion)) {
        if (*version >= 1) {
            task.version = *version;
        } else {
            reader.fail(kVersion, QStringLiteral("Input should be greater than or equal to 1"),
                        QStringLiteral("greater_than_equal"));
        }
    }
    // execution_time is derived from started_at/completed_at: read-only, ignored on import.

    if (!reader.errors().isEmpty())
        return reader.errors();
    return task;
}

} // namespace taskdeck::csv
