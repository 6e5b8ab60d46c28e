#include "ApiJson.h"

#include "TaskCursor.h"
#include "TaskJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QString>

#include <cmath>

namespace taskdeck::json {

namespace {

bool isFloatMember(QStringView key)
{
    return key == u"cost" || key == u"success_rate" || key == u"avg_execution_time" ||
           key == u"total_cost" || key == u"execution_time";
}

/// The JSON escape of byte `c` of UTF-8 text, or nullptr when it is written as it is.
const char *escapeOf(unsigned char c)
{
    static const char *const kControl[0x20] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
    if (c < 0x20)
        return kControl[c];
    if (c == '"')
        return "\\\"";
    if (c == '\\')
        return "\\\\";
    return nullptr;
}

void writeString(QByteArray &out, QStringView text)
{
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    const char *data = utf8.constData();
    const qsizetype size = utf8.size();
    qsizetype runStart = 0; // bytes written as they are go out in runs, not one by one
    for (qsizetype i = 0; i < size; ++i) {
        if (const char *escape = escapeOf(static_cast<unsigned char>(data[i]))) {
            out.append(data + runStart, i - runStart);
            out.append(escape);
            runStart = i + 1;
        }
    }
    out.append(data + runStart, size - runStart);
    out.append('"');
}

void writeNumber(QByteArray &out, double d, bool asFloat)
{
    if (!std::isfinite(d)) {
        out.append("null");
        return;
    }
    if (d == std::floor(d) && std::fabs(d) < 1e15) {
        out.append(QByteArray::number(qint64(d)));
        if (asFloat)
            out.append(".0");
        return;
    }
    out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
}

void writeValue(QByteArray &out, const QJsonValue &value, bool asFloat, bool userData)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        return;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double:
        writeNumber(out, value.toDouble(), asFloat);
        return;
    case QJsonValue::String:
        writeString(out, value.toString());
        return;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &item : value.toArray()) {
            if (!first)
                out.append(',');
            first = false;
            writeValue(out, item, false, userData);
        }
        out.append(']');
        return;
    }
    case QJsonValue::Object: {
        out.append('{');
        const QJsonObject object = value.toObject();
        bool first = true;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!first)
                out.append(',');
            first = false;
            writeString(out, it.key());
            out.append(':');
            // Inside a task's free-form `result` the client's numbers are kept as they are.
            const bool childUserData = userData || it.key() == u"result";
            writeValue(out, it.value(), !childUserData && isFloatMember(it.key()), childUserData);
        }
        out.append('}');
        return;
    }
    }
}

void writeOptionalString(QByteArray &out, const std::optional<QString> &text)
{
    if (text)
        writeString(out, *text);
    else
        out.append("null");
}

/// formatTimestamp(ms) as a JSON string (ASCII, so no escaping).
void writeTimestamp(QByteArray &out, EpochMs ms)
{
    char buffer[kTimestampBufferSize + 2];
    buffer[0] = '"';
    const int length = formatTimestampTo(buffer + 1, ms);
    buffer[length + 1] = '"';
    out.append(buffer, length + 2);
}

void writeOptionalTimestamp(QByteArray &out, const std::optional<EpochMs> &ms)
{
    if (ms)
        writeTimestamp(out, *ms);
    else
        out.append("null");
}

} // namespace

void appendTaskJson(QByteArray &out, const Task &task)
{
    // The members of taskToJson() sorted by key, as QJsonObject stores and toApiJson writes them.
    out.append("{\"category\":");
    writeOptionalString(out, task.category);
    out.append(",\"completed_at\":");
    writeOptionalTimestamp(out, task.completedAt);
    out.append(",\"cost\":");
    writeNumber(out, moneyToDouble(task.costE4), true);
    out.append(",\"created_at\":");
    writeTimestamp(out, task.createdAt);
    out.append(",\"created_by\":");
    writeOptionalString(out, task.createdBy);
    out.append(",\"description\":");
    writeOptionalString(out, task.description);
    out.append(",\"error_message\":");
    writeOptionalString(out, task.errorMessage);
    out.append(",\"execution_time\":");
    if (const std::optional<qint64> executionMs = task.executionTimeMs())
        writeNumber(out, static_cast<double>(*executionMs) / 1000.0, true);
    else
        out.append("null");
    out.append(",\"id\":\"");
    out.append(task.id.toByteArray(QUuid::WithoutBraces));
    out.append("\",\"priority\":");
    writeNumber(out, static_cast<double>(task.priority), false);
    out.append(",\"result\":");
    writeValue(out, task.result, false, true); // the client's own JSON, numbers as they are
    out.append(",\"started_at\":");
    writeOptionalTimestamp(out, task.startedAt);
    out.append(",\"status\":");
    writeString(out, statusName(task.status));
    out.append(",\"title\":");
    writeString(out, task.title);
    out.append(",\"updated_at\":");
    writeTimestamp(out, task.updatedAt);
    out.append(",\"version\":");
    writeNumber(out, static_cast<double>(task.version), false);
    out.append('}');
}

QByteArray taskToApiJson(const Task &task)
{
    QByteArray out;
    out.reserve(512);
    appendTaskJson(out, task);
    return out;
}

QByteArray taskPageToApiJson(const TaskPage &page, const TaskFilter &filter)
{
    // taskPageToJson()'s members sorted by key: limit, next_cursor, offset, tasks, total.
    QByteArray out;
    out.reserve(128 + 512 * page.tasks.size());
    out.append("{\"limit\":");
    writeNumber(out, static_cast<double>(page.limit), false);
    out.append(",\"next_cursor\":");
    if (page.nextKey)
        writeString(out, cursor::encode(filter, *page.nextKey));
    else
        out.append("null");
    out.append(",\"offset\":");
    if (page.afterKey)
        out.append("null");
    else
        writeNumber(out, static_cast<double>(page.offset), false);
    out.append(",\"tasks\":[");
    for (qsizetype i = 0; i < page.tasks.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendTaskJson(out, page.tasks.at(i));
    }
    out.append("],\"total\":");
    writeNumber(out, static_cast<double>(page.total), false);
    out.append('}');
    return out;
}

QByteArray toApiJson(const QJsonValue &value)
{
    QByteArray out;
    out.reserve(256);
    writeValue(out, value, false, false);
    return out;
}

} // namespace taskdeck::json
