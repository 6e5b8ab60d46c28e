#pragma once

#include <QByteArrayView>
#include <QObject>
#include <QPointer>

#include <array>

class QTcpSocket;
class QWebSocket;

namespace taskdeck::http {

/// Incremental scanner of the frames a WebSocket client sends (RFC 6455 section 5.2): reads
/// only headers, skips payloads, and reports the first frame without the mask bit, which a
/// server must fail with 1002 (section 5.1). Pure, no Qt event loop (fuzzed: fuzz/).
class ClientFrameScanner
{
public:
    /// Feeds the next bytes of the stream; false once a frame without the mask bit was seen
    /// (and for every later call).
    bool feed(QByteArrayView bytes);
    /// Skips `count` bytes known to be payload (count <= payloadRemaining()).
    void skipPayload(quint64 count) { m_payloadRemaining -= count; }
    /// Payload bytes of the current frame still to come (0 while a header is being read).
    quint64 payloadRemaining() const { return m_payloadRemaining; }
    bool unmasked() const { return m_unmasked; }
    /// Complete frames seen so far.
    quint64 frames() const { return m_frames; }

private:
    std::array<unsigned char, 14> m_header{};
    int m_headerBytes = 0;
    quint64 m_payloadRemaining = 0;
    quint64 m_frames = 0;
    bool m_inPayload = false;
    bool m_unmasked = false;
};

/// RFC 6455 section 5.1 for an upgraded connection: Qt 6.4's QWebSocket accepts unmasked client
/// frames; this guard sees every byte the client sends before QWebSocket reads it and fails the
/// connection with close code 1002 (protocol error) at the first unmasked frame, dropping that
/// frame and everything after it unread.
///
/// Its readyRead slot must run before QWebSocket's (connected directly when Qt creates the
/// QWebSocket): it is created by HttpServer::handleRequest() when a handshake is accepted and
/// connects itself in a queued step, which runs after Qt's `socket->disconnect()` and before
/// Qt's (queued) handshake, so its slot is the first receiver. A second slot, connected when the
/// QWebSocket is handed over (attachWebSocket()), runs after QWebSocket's and measures what it
/// consumed, so the guard always knows where the next frame header is.
/// Lives in the HTTP thread as a child of its socket.
class ClientFrameGuard : public QObject
{
    Q_OBJECT
public:
    /// For `socket`, whose buffered input starts with the accepted handshake request.
    explicit ClientFrameGuard(QTcpSocket *socket);

    /// The guard of a socket, or nullptr.
    static ClientFrameGuard *of(QTcpSocket *socket);

    /// Qt handed the QWebSocket over: from now on the guard closes it (1002) on a violation;
    /// a violation seen before (a frame sent with the handshake) closes it now.
    void attachWebSocket(QWebSocket *webSocket);

    /// Whether an unmasked frame was seen.
    bool failed() const { return m_scanner.unmasked(); }

private:
    void attach();
    void beforeWebSocket();
    void afterWebSocket();
    void fail();

    QTcpSocket *m_socket;
    QPointer<QWebSocket> m_webSocket;
    ClientFrameScanner m_scanner;
    /// Stream offsets (bytes since the handshake request's first byte): the socket buffer's
    /// first byte, and how far the scanner has read.
    qint64 m_front = 0;
    qint64 m_parsed = 0;
    qint64 m_headBytes = -1;
    bool m_closing = false;
};

} // namespace taskdeck::http
