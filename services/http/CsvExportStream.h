#pragma once

#include "HttpReply.h"
#include "ServiceError.h"

#include <QByteArray>
#include <QObject>
#include <QQueue>
#include <QTimer>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace taskdeck::http {

/// Carries a CSV export from TaskService::exportCsv's sink (a pool thread) to the client with
/// chunked transfer encoding, with back-pressure: the sink hands chunks over through a small
/// bounded queue and blocks while it is full; the HTTP thread takes chunks from it only while the
/// socket has less than kHighWaterBytes unsent. A client that disconnects (or a server that
/// stops) closes the queue, which makes the sink return false and so ends the export.
/// The response head is sent with the first chunk, so an export that fails before producing
/// anything still gets its proper error status. Lives in the HTTP thread; deletes itself when
/// the export has finished.
class CsvExportStream : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxQueuedBytes = 256 * 1024;
    static constexpr qint64 kHighWaterBytes = 256 * 1024;

    /// `sendTimeoutMs`: a client that takes nothing for this long while data waits for it is
    /// disconnected (the export stops and gives its database connection back).
    CsvExportStream(ReplyPtr reply, int sendTimeoutMs, QObject *parent);
    ~CsvExportStream() override;

    /// The sink to pass to TaskService::exportCsv (thread-safe; may block).
    std::function<bool(const QByteArray &)> sink();
    /// The export's result: ends the stream (or answers the error) once the queue is drained.
    void finish(const Result<qint64> &result);

private:
    struct Queue
    {
        // std:: rather than QMutex/QWaitCondition: ThreadSanitizer sees these (JobTracker.h).
        std::mutex mutex;
        std::condition_variable notFull;
        QQueue<QByteArray> chunks;
        qint64 bytes = 0;
        bool closed = false;
        CsvExportStream *consumer = nullptr; // guarded by mutex; null once closed
    };

    void drain();
    void close();
    void complete();
    void onBytesWritten();
    void onSendTimeout();

    std::shared_ptr<Queue> m_queue;
    ReplyPtr m_reply;
    Result<qint64> m_result;
    QTimer m_sendTimer;
    bool m_headSent = false;
    bool m_finished = false; ///< the export's future has finished
    bool m_done = false;     ///< the response is complete
};

} // namespace taskdeck::http
