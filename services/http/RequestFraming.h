#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace taskdeck::http {

/// Size limits checked before QHttpServer buffers a request (it enforces none in Qt 6.4).
struct FramingLimits
{
    qint64 maxBodyBytes = 1024 * 1024;
    qsizetype maxRequestLineBytes = 8 * 1024;
    qsizetype maxHeaderBytes = 16 * 1024; ///< the header fields, without the request line
    int maxHeaderCount = 100;
};

/// What the bytes at the front of a connection's input say about the next request.
struct RequestHead
{
    enum class State
    {
        NeedMore, ///< request line or headers not complete yet (within limits)
        Complete, ///< request line and headers complete and acceptable
        Error,    ///< answer `errorStatus` with {"detail": errorDetail} and close
    };
    State state = State::NeedMore;
    int errorStatus = 0;
    QString errorDetail;
    qsizetype headerBytes = 0; ///< request line + headers + the empty line
    qint64 contentLength = 0;  ///< body bytes that follow the head
    bool keepAlive = true;     ///< false for HTTP/1.0 and `Connection: close`
    bool http11 = false;       ///< HTTP/1.1 (else HTTP/1.0)
    bool expectContinue = false;
    QByteArray method;
    QByteArray target;

    qint64 totalBytes() const { return headerBytes + contentLength; }
};

/// Parses the request line and header fields at the start of `data` (RFC 9112): a method token,
/// an origin-form target, HTTP/1.0 or HTTP/1.1, CRLF line ends, `name: value` fields. Errors:
/// 400 malformed, 414 request line too long, 431 header fields too large, 411 a
/// Transfer-Encoding (request bodies must have a Content-Length), 413 Content-Length above the
/// limit, 505 another HTTP version.
RequestHead scanRequestHead(QByteArrayView data, const FramingLimits &limits);

} // namespace taskdeck::http
