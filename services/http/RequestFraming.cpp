#include "RequestFraming.h"

#include <QList>

namespace taskdeck::http {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

/// A field value: visible characters, obs-text, spaces and tabs; no other control characters.
bool isValidFieldValue(QByteArrayView value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isValidTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return false;
    for (const char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    return true;
}

RequestHead error(int status, const char *detail)
{
    RequestHead head;
    head.state = RequestHead::State::Error;
    head.errorStatus = status;
    head.errorDetail = QString::fromLatin1(detail);
    return head;
}

/// Validates what has arrived of an unfinished request line, so garbage is refused at once.
bool plausibleLinePrefix(QByteArrayView prefix)
{
    const qsizetype space = prefix.indexOf(' ');
    const QByteArrayView method = space < 0 ? prefix : prefix.first(space);
    for (const char c : method) {
        if (!isTokenChar(c))
            return false;
    }
    return method.size() <= 32;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArray &item : list.toByteArray().split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

RequestHead scanRequestHead(QByteArrayView data, const FramingLimits &limits)
{
    const qsizetype lineEnd = data.indexOf("\r\n");
    if (lineEnd < 0) {
        if (data.contains('\n'))
            return error(400, "Malformed request line");
        if (data.size() > limits.maxRequestLineBytes)
            return error(414, "Request line too long");
        if (!plausibleLinePrefix(data))
            return error(400, "Malformed request line");
        return {};
    }
    if (lineEnd > limits.maxRequestLineBytes)
        return error(414, "Request line too long");

    const QList<QByteArray> parts = data.first(lineEnd).toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[0].size() > 32 || !isValidTarget(parts[1]))
        return error(400, "Malformed request line");
    RequestHead head;
    head.method = parts[0];
    head.target = parts[1];
    const QByteArray &version = parts[2];
    head.http11 = version == "HTTP/1.1";
    if (version == "HTTP/1.0") {
        head.keepAlive = false;
    } else if (version != "HTTP/1.1") {
        if (version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.')
            return error(505, "HTTP version not supported");
        return error(400, "Malformed request line");
    }

    const qsizetype fieldsStart = lineEnd + 2;
    qsizetype fieldsEnd = -1; // index of the CRLF that ends the last field (or the empty line)
    if (data.sliced(fieldsStart).startsWith("\r\n")) {
        fieldsEnd = fieldsStart;
    } else {
        const qsizetype blank = data.indexOf("\r\n\r\n", fieldsStart);
        if (blank >= 0)
            fieldsEnd = blank + 2;
    }
    if (fieldsEnd < 0) {
        if (data.size() - fieldsStart > limits.maxHeaderBytes)
            return error(431, "Request header fields too large");
        return head; // NeedMore
    }
    if (fieldsEnd - fieldsStart > limits.maxHeaderBytes)
        return error(431, "Request header fields too large");
    head.headerBytes = fieldsEnd + 2;

    bool haveLength = false;
    int count = 0;
    const QByteArrayView fields = data.sliced(fieldsStart, fieldsEnd - fieldsStart);
    qsizetype pos = 0;
    while (pos < fields.size()) {
        const qsizetype end = fields.indexOf("\r\n", pos);
        const QByteArrayView line = fields.sliced(pos, end - pos);
        pos = end + 2;
        if (++count > limits.maxHeaderCount)
            return error(431, "Request header fields too large");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)) || !isValidFieldValue(line.sliced(colon + 1)))
            return error(400, "Malformed header field");
        const QByteArrayView name = line.first(colon);
        const QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = value.size() <= 18 && !value.isEmpty();
            for (const char c : value)
                ok = ok && c >= '0' && c <= '9';
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (haveLength && length != head.contentLength))
                return error(400, "Invalid Content-Length");
            haveLength = true;
            head.contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            return error(411, "Length Required: send the body with a Content-Length");
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            if (hasToken(value, "close"))
                head.keepAlive = false;
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            head.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
    }
    if (head.contentLength > limits.maxBodyBytes)
        return error(413, "Request body too large");
    head.state = RequestHead::State::Complete;
    return head;
}

} // namespace taskdeck::http
