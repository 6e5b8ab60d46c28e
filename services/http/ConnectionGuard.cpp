#include "ConnectionGuard.h"

#include "ApiResponse.h"
#include "HttpMetrics.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <QDateTime>
#include <QHostAddress>

#include <atomic>

#include <sys/socket.h>
#include <unistd.h>

namespace taskdeck::http {

namespace {

constexpr qint64 kReadBufferSlack = 64 * 1024;
/// Draining: how long an idle connection may still start a request.
constexpr int kDrainIdleMs = 200;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const GuardLimits &limits,
                                 HttpMetrics *metrics)
    : QObject(socket), m_socket(socket), m_limits(limits), m_metrics(metrics)
{
    if (m_metrics)
        m_metrics->connectionOpened();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    // Bounds what one connection can make us buffer: a complete request fits, more waits in the
    // kernel (TCP flow control) until we read.
    m_socket->setReadBufferSize(m_limits.framing.maxBodyBytes +
                                m_limits.framing.maxRequestLineBytes +
                                m_limits.framing.maxHeaderBytes + kReadBufferSlack);
    startTimer(m_limits.idleTimeoutMs);
}

ConnectionGuard::~ConnectionGuard()
{
    if (m_metrics)
        m_metrics->connectionClosed();
}

ConnectionGuard *ConnectionGuard::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void ConnectionGuard::attachBeforeServer()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::beforeServer);
}

void ConnectionGuard::attachAfterServer()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterServer);
}

void ConnectionGuard::startTimer(int ms)
{
    m_timer.start(ms);
}

void ConnectionGuard::beforeServer()
{
    m_hidden = false;
    if (m_phase == Phase::Refused)
        return;
    if (m_socket->isTransactionStarted()) {
        // QHttpServer is inside a request we did not release: our framing and its parser
        // disagree. Never let it continue on input we have not checked.
        refuse(400, QStringLiteral("Malformed request"));
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (m_phase == Phase::InFlight) {
        hideInput(); // answered in order: wait for the pending response
        return;
    }
    if (available == 0)
        return;

    const FramingLimits &limits = m_limits.framing;
    // No more than is there: QIODevice::peek allocates the whole size it is given (24 KiB per
    // request for a 300-byte GET).
    const QByteArray head = m_socket->peek(
        qMin(available, qint64(limits.maxRequestLineBytes + limits.maxHeaderBytes + 8)));
    const RequestHead scan = scanRequestHead(head, limits);
    switch (scan.state) {
    case RequestHead::State::Error:
        refuse(scan.errorStatus, scan.errorDetail);
        return;
    case RequestHead::State::NeedMore:
        if (m_phase != Phase::Head) {
            m_phase = Phase::Head; // the whole head must arrive within the timeout
            startTimer(m_limits.requestTimeoutMs);
        }
        hideInput();
        return;
    case RequestHead::State::Complete:
        break;
    }
    if (available < scan.totalBytes()) {
        if (m_phase != Phase::Body || available > m_lastAvailable) {
            m_phase = Phase::Body; // a body must keep making progress
            startTimer(m_limits.requestTimeoutMs);
        }
        m_lastAvailable = available;
        if (scan.expectContinue && !m_sentContinue) {
            m_sentContinue = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        hideInput();
        return;
    }
    // A complete request: QHttpServer's slot, which runs next, parses and dispatches it.
    m_phase = Phase::InFlight;
    m_keepAlive = scan.keepAlive && !m_draining;
    m_http11 = scan.http11;
    m_sentContinue = false;
    m_lastAvailable = 0;
    m_timer.stop();
}

void ConnectionGuard::hideInput()
{
    // QHttpServer starts no transaction of its own while one is running and so reads nothing;
    // afterServer() rolls ours back, which makes the bytes readable again.
    m_socket->startTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    m_hidden = true;
}

void ConnectionGuard::afterServer()
{
    if (m_hidden) {
        m_hidden = false;
        m_socket->rollbackTransaction();
    }
}

void ConnectionGuard::responseComplete()
{
    if (m_phase != Phase::InFlight)
        return;
    if (!m_keepAlive) {
        m_phase = Phase::Refused;
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        m_socket->disconnectFromHost(); // after the response is flushed
        return;
    }
    m_phase = Phase::Idle;
    startTimer(m_limits.idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0) {
        // Offer the input hidden while the response was pending (queued: not from inside a
        // write, and after QHttpServer's own dispatch returned).
        QMetaObject::invokeMethod(
            m_socket,
            [socket = QPointer<QTcpSocket>(m_socket)] {
                if (socket && socket->bytesAvailable() > 0)
                    Q_EMIT socket->readyRead();
            },
            Qt::QueuedConnection);
    }
}

void ConnectionGuard::detach()
{
    // Called from inside QHttpServer's readyRead handling of the upgrade request: that request
    // was complete, so no input of ours is hidden (Qt's own transaction is Qt's business).
    m_timer.stop();
    QObject::disconnect(m_socket, nullptr, this, nullptr);
    m_phase = Phase::Refused; // inert until deleted
    deleteLater();
}

void ConnectionGuard::awaitUpgrade()
{
    // Qt disconnects every signal of the socket after handleRequest() returns (so the
    // readyRead slots go); the timer is ours and keeps running.
    m_phase = Phase::Upgrading;
    startTimer(m_limits.requestTimeoutMs);
}

void ConnectionGuard::drain()
{
    m_draining = true;
    m_keepAlive = false;
    if (m_phase == Phase::Idle) {
        // A request may be on its way (a connection just accepted, a keep-alive client that
        // sends right after its last answer): it gets a short moment to arrive and is then
        // answered with Connection: close; a connection that stays silent is closed.
        startTimer(qMin(m_limits.idleTimeoutMs, kDrainIdleMs));
    }
}

void ConnectionGuard::onTimeout()
{
    switch (m_phase) {
    case Phase::Head:
    case Phase::Body:
        refuse(408, QStringLiteral("Request timeout"));
        return;
    case Phase::Idle:
        m_phase = Phase::Refused;
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        m_socket->disconnectFromHost();
        return;
    case Phase::Refused:
        m_socket->abort(); // the client did not close within the linger time
        return;
    case Phase::Upgrading:
        // Qt took the handshake but never handed a QWebSocket over: nobody owns the connection.
        // Qt's WebSocket server deletes the socket when it disconnects.
        m_socket->abort();
        return;
    case Phase::InFlight:
        return;
    }
}

void ConnectionGuard::refuse(int status, const QString &detail)
{
    m_phase = Phase::Refused;
    if (m_metrics)
        m_metrics->recordRejected(status);
    if (m_hidden) {
        m_hidden = false;
        m_socket->rollbackTransaction();
    }
    // From now on QHttpServer never reads from this socket: drop every readyRead receiver
    // (also QHttpServer's slot that would run after this one in the current emission).
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::discardInput);
    discardInput();
    m_socket->write(serializeResponse(ApiResponse::detail(status, detail), u"", true));
    // Graceful close: once the answer is flushed, shut our sending side down and keep draining
    // what the client still sends (e.g. the body of a refused upload), so the client reads the
    // answer instead of a connection reset.
    auto *tls = qobject_cast<QSslSocket *>(m_socket);
    const auto shutdownWhenFlushed = [this, tls] {
        if (m_socket->bytesToWrite() == 0 && (!tls || tls->encryptedBytesToWrite() == 0) &&
            m_socket->socketDescriptor() >= 0)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QIODevice::bytesWritten, this, shutdownWhenFlushed);
    if (tls)
        connect(tls, &QSslSocket::encryptedBytesWritten, this, shutdownWhenFlushed);
    startTimer(m_limits.lingerMs);
}

void ConnectionGuard::discardInput()
{
    m_discarded += m_socket->skip(m_socket->bytesAvailable());
    if (m_discarded > 4 * m_limits.framing.maxBodyBytes)
        m_socket->abort();
}

GuardedTcpServer::GuardedTcpServer(const GuardLimits &limits, HttpMetrics *metrics, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_metrics(metrics)
{
    // Qt pauses accepting after a non-temporary accept error (EMFILE, ENFILE, ENOBUFS): resume
    // after a short back-off, so the server neither spins nor stops accepting for good.
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        if (m_acceptBackoff)
            return;
        m_acceptBackoff = true;
        pauseAccepting();
        static std::atomic<qint64> lastLog{0};
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - lastLog.load() > 10'000) {
            lastLog = now;
            qWarning("HTTP: accept failed (%s); retrying in 100 ms", qPrintable(errorString()));
        }
        QTimer::singleShot(100, this, [this] {
            m_acceptBackoff = false;
            if (isListening())
                resumeAccepting();
        });
    });
}

GuardedTcpServer::~GuardedTcpServer()
{
    // QTcpServer's destructor deletes the connections nobody has taken yet (close()), and their
    // destroyed() handlers update m_open and m_perClient, which are gone by then (heap corruption:
    // seen with the TLS self-check of verifyTlsConfiguration(), whose one connection is never
    // taken). Delete them now, while the members live, and let no other socket call back.
    close();
    const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : sockets)
        disconnect(socket, &QObject::destroyed, this, nullptr);
}

void GuardedTcpServer::drain()
{
    // Take what the kernel has accepted already (its backlog) before closing the listening
    // socket, which would reset those connections: their requests are answered too.
    for (int round = 0; round < 1000 && isListening(); ++round) {
        bool timedOut = false;
        if (!waitForNewConnection(0, &timedOut) || timedOut)
            break;
    }
    close();
    for (const QPointer<ConnectionGuard> &guard : std::as_const(m_guards)) {
        if (guard)
            guard->drain();
    }
}

int GuardedTcpServer::openHttpConnections() const
{
    int open = 0;
    for (const QPointer<ConnectionGuard> &guard : m_guards)
        open += guard ? 1 : 0;
    return open;
}

void GuardedTcpServer::refuseRaw(qintptr socketDescriptor, int status, const QString &detail)
{
    ++m_refused;
    if (m_metrics)
        m_metrics->recordRejected(status);
    const int fd = int(socketDescriptor);
    if (!m_tls) {
        const QByteArray answer = serializeResponse(
            ApiResponse::detail(status, detail, {{"Retry-After", "1"}}), u"", true);
        // Best effort, never blocking: a fresh socket's send buffer takes this small answer.
        (void)::send(fd, answer.constData(), size_t(answer.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        ::shutdown(fd, SHUT_WR);
    }
    ::close(fd);
}

void GuardedTcpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QString client;
    {
        sockaddr_storage peer{};
        socklen_t length = sizeof(peer);
        if (::getpeername(int(socketDescriptor), reinterpret_cast<sockaddr *>(&peer), &length) ==
            0) {
            QHostAddress address(reinterpret_cast<const sockaddr *>(&peer));
            bool v4 = false;
            const quint32 ipv4 = address.toIPv4Address(&v4); // ::ffff:a.b.c.d counts as a.b.c.d
            client = v4 ? QHostAddress(ipv4).toString() : address.toString();
        }
    }
    if (m_open >= m_limits.maxConnections) {
        refuseRaw(socketDescriptor, 503, QStringLiteral("Too many connections, retry later"));
        return;
    }
    if (m_perClient.value(client) >= m_limits.maxConnectionsPerClient) {
        refuseRaw(socketDescriptor, 429,
                  QStringLiteral("Too many connections from this address, retry later"));
        return;
    }
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    ++m_open;
    ++m_perClient[client];
    // Counted until the socket object goes (QHttpServer deletes it after the disconnect; an
    // upgraded one lives as long as its QWebSocket), i.e. as long as it holds a descriptor.
    connect(socket, &QObject::destroyed, this, [this, client] {
        --m_open;
        if (--m_perClient[client] <= 0)
            m_perClient.remove(client);
    });
    if (m_tls) {
        auto *tls = static_cast<QSslSocket *>(socket);
        tls->setSslConfiguration(*m_tls);
        // A failed handshake (e.g. plain HTTP on the TLS port): drop the connection.
        connect(tls, &QAbstractSocket::errorOccurred, tls, [tls](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::SslHandshakeFailedError ||
                e == QAbstractSocket::SslInternalError ||
                e == QAbstractSocket::SslInvalidUserDataError)
                QMetaObject::invokeMethod(tls, &QAbstractSocket::abort, Qt::QueuedConnection);
        });
        tls->startServerEncryption();
    }
    auto *guard = new ConnectionGuard(socket, m_limits, m_metrics);
    m_guards.removeIf([](const QPointer<ConnectionGuard> &g) { return g.isNull(); });
    m_guards.append(guard);
    guard->attachBeforeServer();
    addPendingConnection(socket); // QHttpServer connects its readyRead slot here
    guard->attachAfterServer();
}

} // namespace taskdeck::http
