#include "TaskImport.h"

#include "ApiMessages.h"
#include "TaskCsv.h"
#include "TaskJson.h"
#include "TaskRules.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

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

void addValidated(ParsedImport &parsed, Task task, int line)
{
    const FieldErrors errors = rules::validateImportedTask(task, line);
    if (!errors.isEmpty()) {
        parsed.errors += errors;
        return;
    }
    parsed.tasks.append(std::move(task));
    parsed.lineNumbers.append(line);
}

Result<ParsedImport> parseCsv(const QByteArray &data, EpochMs nowMs)
{
    ParsedImport parsed;
    parsed.format = ImportFormat::Csv;
    QList<int> lines;
    auto records = csv::parseRecords(data, &lines);
    if (const QString *error = std::get_if<QString>(&records))
        return ServiceError{
            ServiceError::Kind::BadRequest, QStringLiteral("Malformed CSV: ") + *error, {}};
    const QList<QStringList> &rows = std::get<QList<QStringList>>(records);
    if (rows.isEmpty())
        return parsed;
    QStringList header = rows.first();
    for (QString &name : header)
        name = name.trimmed();
    const int headerLine = lines.isEmpty() ? 1 : lines.first();
    if (const FieldErrors headerErrors = csv::validateHeader(header, headerLine);
        !headerErrors.isEmpty()) {
        parsed.records = rows.size() - 1;
        parsed.errors = headerErrors; // no record can be read with a broken header
        return parsed;
    }
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &record = rows.at(i);
        if (record.size() == 1 && record.first().isEmpty())
            continue; // blank line
        const int line = i < lines.size() ? lines.at(i) : int(i + 1);
        ++parsed.records;
        auto task = csv::taskFromRecord(header, record, line, nowMs);
        if (FieldErrors *errors = std::get_if<FieldErrors>(&task)) {
            parsed.errors += *errors;
            continue;
        }
        addValidated(parsed, std::get<Task>(std::move(task)), line);
    }
    return parsed;
}

ParsedImport parseJsonLines(const QByteArray &data, EpochMs nowMs)
{
    ParsedImport parsed;
    parsed.format = ImportFormat::JsonLines;
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray text = lines.at(i).trimmed();
        if (text.isEmpty())
            continue;
        const int line = int(i + 1);
        const QString loc = QStringLiteral("line %1").arg(line);
        ++parsed.records;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError) {
            parsed.errors.append(FieldError{{loc},
                                            QStringLiteral("Invalid JSON: %1 at character %2")
                                                .arg(error.errorString())
                                                .arg(error.offset + 1),
                                            QStringLiteral("json_invalid")});
            continue;
        }
        if (!document.isObject()) {
            parsed.errors.append(FieldError{{loc},
                                            QStringLiteral("Input should be a task object"),
                                            QStringLiteral("model_type")});
            continue;
        }
        const QJsonObject object = document.object();
        JsonTaskReader reader(object, line, nowMs);
        if (std::optional<Task> task = reader.read(parsed.errors))
            addValidated(parsed, std::move(*task), line);
    }
    return parsed;
}

} // namespace

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

Result<ParsedImport> parseImportData(const QByteArray &data, ImportFormat format, EpochMs nowMs)
{
    const QByteArray text = withoutBom(data);
    if (format == ImportFormat::JsonLines)
        return parseJsonLines(text, nowMs);
    return parseCsv(text, nowMs);
}

Result<ParsedImport> parseImportFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ServiceError{ServiceError::Kind::BadRequest,
                            QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()),
                            {}};
    const QByteArray data = file.readAll();
    return parseImportData(data, detectImportFormat(path, data),
                           QDateTime::currentMSecsSinceEpoch());
}

} // namespace taskdeck
