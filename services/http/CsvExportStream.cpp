#include "CsvExportStream.h"

#include <QMutexLocker>
#include <QTcpSocket>

namespace taskdeck::http {

CsvExportStream::CsvExportStream(ReplyPtr reply, QObject *parent)
    : QObject(parent), m_queue(std::make_shared<Queue>()), m_reply(std::move(reply))
{
    m_queue->consumer = this;
    if (QTcpSocket *socket = m_reply->socket()) {
        connect(socket, &QIODevice::bytesWritten, this, &CsvExportStream::drain);
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
    QMutexLocker locker(&m_queue->mutex);
    m_queue->closed = true;
    m_queue->consumer = nullptr;
    m_queue->chunks.clear();
    m_queue->bytes = 0;
    m_queue->notFull.wakeAll();
}

std::function<bool(const QByteArray &)> CsvExportStream::sink()
{
    return [queue = m_queue](const QByteArray &chunk) {
        QMutexLocker locker(&queue->mutex);
        while (!queue->closed && queue->bytes >= kMaxQueuedBytes)
            queue->notFull.wait(&queue->mutex);
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
            QMutexLocker locker(&m_queue->mutex);
            if (m_queue->chunks.isEmpty())
                break;
            chunk = m_queue->chunks.dequeue();
            m_queue->bytes -= chunk.size();
            m_queue->notFull.wakeAll();
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
    if (!m_finished)
        return;
    QMutexLocker locker(&m_queue->mutex);
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
