#include "CsvExportStream.h"

#include <QTcpSocket>

namespace taskdeck::http {

CsvExportStream::CsvExportStream(ReplyPtr reply, int sendTimeoutMs, QObject *parent)
    : QObject(parent), m_queue(std::make_shared<Queue>()), m_reply(std::move(reply))
{
    m_queue->consumer = this;
    m_sendTimer.setSingleShot(true);
    m_sendTimer.setInterval(sendTimeoutMs);
    connect(&m_sendTimer, &QTimer::timeout, this, &CsvExportStream::onSendTimeout);
    if (QTcpSocket *socket = m_reply->socket()) {
        connect(socket, &QIODevice::bytesWritten, this, &CsvExportStream::onBytesWritten);
        connect(socket, &QAbstractSocket::disconnected, this, &CsvExportStream::close);
        connect(socket, &QObject::destroyed, this, &CsvExportStream::close);
    }
}

CsvExportStream::~CsvExportStream()
{
    close();
}

void CsvExportStream::close()
{
    std::unique_lock<std::mutex> locker(m_queue->mutex);
    m_queue->closed = true;
    m_queue->consumer = nullptr;
    m_queue->chunks.clear();
    m_queue->bytes = 0;
    m_queue->notFull.notify_all();
}

std::function<bool(const QByteArray &)> CsvExportStream::sink()
{
    return [queue = m_queue](const QByteArray &chunk) {
        std::unique_lock<std::mutex> locker(queue->mutex);
        while (!queue->closed && queue->bytes >= kMaxQueuedBytes)
            queue->notFull.wait(locker);
        if (queue->closed)
            return false;
        queue->chunks.enqueue(chunk);
        queue->bytes += chunk.size();
        // Posted under the lock: the consumer cannot be destroyed in between (its destructor
        // takes the lock first); pending events die with it.
        QMetaObject::invokeMethod(queue->consumer, &CsvExportStream::drain, Qt::QueuedConnection);
        return true;
    };
}

void CsvExportStream::onBytesWritten()
{
    m_sendTimer.stop(); // the client is taking data; drain() restarts the clock if some waits
    drain();
}

void CsvExportStream::onSendTimeout()
{
    if (m_done || m_reply->pendingBytes() == 0)
        return;
    // The client has taken nothing for the whole timeout: a dead or hostile reader. Cut the
    // response off (never ended as if complete) so that the export ends and frees its
    // connection; the export's result then completes the stream.
    qWarning("HTTP: CSV export client read nothing for %d ms; disconnected",
             m_sendTimer.interval());
    m_reply->abortStream();
    close();
    if (m_finished)
        complete();
}

void CsvExportStream::drain()
{
    if (m_done)
        return;
    if (!m_reply->isConnected()) {
        close();
        if (m_finished)
            complete();
        return;
    }
    while (m_reply->pendingBytes() < kHighWaterBytes) {
        QByteArray chunk;
        {
            std::unique_lock<std::mutex> locker(m_queue->mutex);
            if (m_queue->chunks.isEmpty())
                break;
            chunk = m_queue->chunks.dequeue();
            m_queue->bytes -= chunk.size();
            m_queue->notFull.notify_all();
        }
        if (!m_headSent) {
            m_headSent = true;
            ApiResponse head;
            head.contentType = "text/csv; charset=utf-8";
            if (!m_reply->beginChunked(head)) {
                close();
                return;
            }
        }
        m_reply->writeChunk(chunk);
    }
    if (m_reply->pendingBytes() > 0 && !m_sendTimer.isActive())
        m_sendTimer.start();
    if (!m_finished)
        return;
    std::unique_lock<std::mutex> locker(m_queue->mutex);
    const bool empty = m_queue->chunks.isEmpty();
    locker.unlock();
    if (empty)
        complete();
}

void CsvExportStream::complete()
{
    m_done = true;
    if (!m_result.ok()) {
        if (m_headSent)
            m_reply->abortStream(); // the client sees a truncated body, never a bogus end
        else
            m_reply->sendError(m_result.error());
    } else {
        if (!m_headSent) {
            ApiResponse head;
            head.contentType = "text/csv; charset=utf-8";
            m_headSent = m_reply->beginChunked(head);
        }
        m_reply->endChunked();
    }
    deleteLater();
}

void CsvExportStream::finish(const Result<qint64> &result)
{
    m_result = result;
    m_finished = true;
    drain();
}

} // namespace taskdeck::http
