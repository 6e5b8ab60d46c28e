#pragma once

#include "ApiResponse.h"
#include "ServiceError.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QString>

#include <memory>

class QHttpServerResponder;
class QTcpSocket;

namespace taskdeck::http {

class ConnectionGuard;
class HttpMetrics;

/// The asynchronous reply of one request: what controllers answer through. Keeps Qt's responder
/// in a shared_ptr plus a QPointer to the socket, and writes only while the socket is connected
/// (QT64-NOTES.md: writing after the client left crashed). Every byte of every response goes
/// through here (or, for requests Qt never parsed, ConnectionGuard + serializeResponse), so the
/// common headers of finalHeaders() are always present.
///
/// HTTP thread only. Answering twice is ignored (and logged).
class HttpReply
{
public:
    /// `headRequest`: answers carry headers only (RFC 9110: no body after HEAD).
    HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket, QString path,
              bool headRequest = false);
    ~HttpReply();
    HttpReply(const HttpReply &) = delete;
    HttpReply &operator=(const HttpReply &) = delete;

    /// Counts this request in `metrics` (which must outlive the reply) once it is answered:
    /// `method`, the route label (setRoute(); HttpMetrics::kUnmatchedRoute until then), the
    /// status and the time since `started`. Also counted: an answer whose client had gone, and
    /// a stream cut off after its head (with the head's status).
    void observe(HttpMetrics *metrics, Method method, const QElapsedTimer &started);
    /// The route template this request matched ("/api/tasks/{id}").
    void setRoute(const QString &route) { m_route = route; }

    /// Headers added to whatever answer is given (e.g. CORS headers); call before answering.
    void addHeaders(const HeaderList &headers) { m_extraHeaders.append(headers); }

    void send(const ApiResponse &response);
    void sendError(const ServiceError &error);

    /// Streaming with chunked transfer encoding: `head` gives status, content type and headers
    /// (its body is ignored). Returns false when the client is gone.
    bool beginChunked(const ApiResponse &head);
    bool writeChunk(const QByteArray &data);
    /// The terminating zero-length chunk: the response is complete.
    void endChunked();
    /// Ends a stream that failed after its head was sent: the client sees a truncated body.
    void abortStream();

    bool isConnected() const;
    bool isFinished() const { return m_finished; }
    /// Bytes the socket has not sent yet (back-pressure of streams); 0 when gone.
    qint64 pendingBytes() const;
    QTcpSocket *socket() const;

private:
    void writeHead(const ApiResponse &response, bool chunked);
    void finish();
    /// Marks the reply finished and counts it (observe()).
    void markFinished();

    std::shared_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    QString m_path;
    HeaderList m_extraHeaders;
    bool m_headRequest = false;
    bool m_started = false;
    bool m_finished = false;
    // observe()
    HttpMetrics *m_metrics = nullptr;
    Method m_method = Method::Other;
    QString m_route;
    QElapsedTimer m_startTime;
    int m_status = 0;
};

using ReplyPtr = std::shared_ptr<HttpReply>;

} // namespace taskdeck::http
