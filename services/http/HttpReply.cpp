#include "HttpReply.h"

#include "ConnectionGuard.h"
#include "ErrorMapping.h"
#include "HttpMetrics.h"

#include <QHttpServerResponder>
#include <QTcpSocket>

#include <utility>

namespace taskdeck::http {

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket, QString path,
                     bool headRequest)
    : m_responder(std::make_shared<QHttpServerResponder>(std::move(responder))), m_socket(socket),
      m_path(std::move(path)), m_headRequest(headRequest)
{}

HttpReply::~HttpReply()
{
    if (!m_finished && isConnected()) {
        // A handler dropped its reply without answering: a bug, but never leave the client
        // hanging.
        qWarning("HTTP: request to %s was not answered", qPrintable(m_path));
        if (m_started)
            abortStream();
        else
            send(errorResponse(ServiceError::internal()));
    }
}

void HttpReply::observe(HttpMetrics *metrics, Method method, const QElapsedTimer &started)
{
    m_metrics = metrics;
    m_method = method;
    m_startTime = started;
    if (m_route.isEmpty())
        m_route = HttpMetrics::kUnmatchedRoute;
}

void HttpReply::markFinished()
{
    m_finished = true;
    HttpMetrics *metrics = std::exchange(m_metrics, nullptr);
    if (metrics && m_status != 0) // 0: a stream aborted before its head (nothing was answered)
        metrics->recordRequest(m_method, m_route, m_status,
                               double(m_startTime.nsecsElapsed()) / 1e9);
}

QTcpSocket *HttpReply::socket() const
{
    return m_socket;
}

bool HttpReply::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 HttpReply::pendingBytes() const
{
    return isConnected() ? m_socket->bytesToWrite() : 0;
}

void HttpReply::writeHead(const ApiResponse &response, bool chunked)
{
    ConnectionGuard *guard = ConnectionGuard::of(m_socket);
    const bool close = guard && guard->closeAfterResponse();
    m_responder->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    for (const auto &[name, value] : finalHeaders(response, m_path, close, chunked))
        m_responder->writeHeader(name, value);
    for (const auto &[name, value] : m_extraHeaders)
        m_responder->writeHeader(name, value);
}

void HttpReply::send(const ApiResponse &response)
{
    if (m_finished || m_started) {
        qWarning("HTTP: second answer to %s ignored", qPrintable(m_path));
        return;
    }
    m_started = true;
    m_status = response.status;
    if (!isConnected()) {
        markFinished();
        return;
    }
    writeHead(response, false);
    // writeBody() also ends the head with its empty line.
    m_responder->writeBody(m_headRequest ? QByteArray() : response.body);
    finish();
}

void HttpReply::sendError(const ServiceError &error)
{
    send(errorResponse(error));
}

bool HttpReply::beginChunked(const ApiResponse &head)
{
    if (m_finished || m_started)
        return false;
    m_started = true;
    m_status = head.status;
    if (!isConnected()) {
        markFinished();
        return false;
    }
    writeHead(head, true);
    m_responder->writeBody(QByteArray());
    return true;
}

bool HttpReply::writeChunk(const QByteArray &data)
{
    if (!m_started || m_finished || !isConnected())
        return false;
    if (data.isEmpty())
        return true; // a zero-length chunk would end the body
    m_responder->writeBody(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    return true;
}

void HttpReply::endChunked()
{
    if (!m_started || m_finished)
        return;
    if (!isConnected()) {
        markFinished();
        return;
    }
    m_responder->writeBody(QByteArrayLiteral("0\r\n\r\n"));
    finish();
}

void HttpReply::abortStream()
{
    markFinished();
    if (isConnected())
        m_socket->abort();
}

void HttpReply::finish()
{
    markFinished();
    if (ConnectionGuard *guard = ConnectionGuard::of(m_socket))
        guard->responseComplete();
}

} // namespace taskdeck::http
