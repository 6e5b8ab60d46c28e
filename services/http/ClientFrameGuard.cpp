#include "ClientFrameGuard.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketProtocol>

#include <algorithm>

namespace taskdeck::http {

namespace {

/// After the 1002 close frame: how long the client has to close before the connection is
/// aborted.
constexpr int kCloseGraceMs = 2000;

} // namespace

bool ClientFrameScanner::feed(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (!m_unmasked && at < bytes.size()) {
        if (m_inPayload) {
            const quint64 take = std::min<quint64>(m_payloadRemaining, quint64(bytes.size() - at));
            m_payloadRemaining -= take;
            at += qsizetype(take);
            if (m_payloadRemaining == 0) {
                m_inPayload = false;
                ++m_frames;
            }
            continue;
        }
        m_header[size_t(m_headerBytes++)] = static_cast<unsigned char>(bytes[at++]);
        if (m_headerBytes == 2 && (m_header[1] & 0x80) == 0) {
            m_unmasked = true;
            break;
        }
        if (m_headerBytes < 2)
            continue;
        const int length7 = m_header[1] & 0x7f;
        const int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        if (m_headerBytes < 2 + extended + 4)
            continue;
        quint64 length = quint64(length7);
        if (extended > 0) {
            length = 0;
            for (int i = 0; i < extended; ++i)
                length = (length << 8) | m_header[size_t(2 + i)];
        }
        m_headerBytes = 0;
        m_payloadRemaining = length;
        m_inPayload = length > 0;
        if (!m_inPayload)
            ++m_frames;
    }
    return !m_unmasked;
}

ClientFrameGuard::ClientFrameGuard(QTcpSocket *socket) : QObject(socket), m_socket(socket)
{
    // Qt disconnects every signal of the socket after handleRequest() returned, then posts its
    // handshake step; this runs first.
    QMetaObject::invokeMethod(this, &ClientFrameGuard::attach, Qt::QueuedConnection);
}

ClientFrameGuard *ClientFrameGuard::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<ClientFrameGuard *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void ClientFrameGuard::attach()
{
    const QByteArray buffered = m_socket->peek(m_socket->bytesAvailable());
    const qsizetype end = buffered.indexOf("\r\n\r\n");
    if (end < 0) {
        // Not reached: the handshake request was complete (ConnectionGuard) and Qt's parser
        // did not consume it (its upgrade path rolls its transaction back).
        return;
    }
    m_headBytes = end + 4;
    m_front = 0;
    m_parsed = m_headBytes;
    connect(m_socket, &QIODevice::readyRead, this, &ClientFrameGuard::beforeWebSocket);
    beforeWebSocket(); // frames sent together with the handshake
}

void ClientFrameGuard::beforeWebSocket()
{
    const qint64 available = m_socket->bytesAvailable();
    // Before the QWebSocket is handed over, the only input consumed is the handshake request
    // (Qt's handshake step skips it, then QWebSocket reads what follows in the same step).
    if (!m_webSocket && m_front == 0 && available < m_parsed)
        m_front = m_headBytes;
    const bool headPending = !m_webSocket && m_front == 0;
    const qint64 end = m_front + available;
    if (!failed() && end > m_parsed) {
        const qint64 fresh = end - m_parsed;
        if (m_scanner.payloadRemaining() >= quint64(fresh)) {
            m_scanner.skipPayload(quint64(fresh)); // no header among the new bytes
        } else {
            const QByteArray buffered = m_socket->peek(available);
            m_scanner.feed(QByteArrayView(buffered).sliced(qsizetype(m_parsed - m_front)));
        }
    }
    m_parsed = std::max(m_parsed, end);
    if (failed()) {
        // Never seen by QWebSocket (the handshake request itself is left to Qt).
        if (!headPending)
            m_socket->skip(available);
        fail();
    }
}

void ClientFrameGuard::afterWebSocket()
{
    if (!failed())
        m_front = m_parsed - m_socket->bytesAvailable();
}

void ClientFrameGuard::attachWebSocket(QWebSocket *webSocket)
{
    m_webSocket = webSocket;
    connect(m_socket, &QIODevice::readyRead, this, &ClientFrameGuard::afterWebSocket);
    afterWebSocket();
    if (failed())
        fail();
}

void ClientFrameGuard::fail()
{
    if (!m_webSocket || m_closing)
        return; // closed once the QWebSocket is handed over (attachWebSocket())
    m_closing = true;
    // Not from inside the socket's readyRead emission (QWebSocket's slot still runs after us).
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_webSocket)
                return;
            m_webSocket->close(QWebSocketProtocol::CloseCodeProtocolError,
                               QStringLiteral("unmasked client frame"));
            QTimer::singleShot(kCloseGraceMs, this, [this] { m_socket->abort(); });
        },
        Qt::QueuedConnection);
}

} // namespace taskdeck::http
