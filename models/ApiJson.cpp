#include "ApiJson.h"

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

void writeString(QByteArray &out, const QString &text)
{
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (u < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out.append("\\u00");
                out.append(hex[u >> 4]);
                out.append(hex[u & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

void writeNumber(QByteArray &out, const QJsonValue &value, bool asFloat)
{
    const double d = value.toDouble();
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
        writeNumber(out, value, asFloat);
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

} // namespace

QByteArray toApiJson(const QJsonValue &value)
{
    QByteArray out;
    out.reserve(256);
    writeValue(out, value, false, false);
    return out;
}

} // namespace taskdeck::json
