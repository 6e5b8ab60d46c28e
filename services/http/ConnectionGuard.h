#pragma once

#include "RequestFraming.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

class QTcpSocket;

namespace taskdeck::http {

class HttpMetrics;

/// Limits and timeouts the guard enforces on every connection.
struct GuardLimits
{
    FramingLimits framing;
    int requestTimeoutMs = 10'000; ///< head: from its first byte; body: without progress
    int idleTimeoutMs = 60'000;    ///< keep-alive connection with no request
    int lingerMs = 2'000;          ///< after a refusal: read and drop input this long at most
    /// Admission (GuardedTcpServer): connections open at once (HTTP and WebSocket); more are
    /// answered 503 and closed at once.
    int maxConnections = 1000;
    /// Connections open at once from one client address (the TCP peer); more: 429 and closed.
    int maxConnectionsPerClient = 64;
};

/// Socket-level hardening in front of QHttpServer 6.4's parser (QT64-NOTES.md "no hardening").
///
/// Its slot runs first on every readyRead (connected before QHttpServer's), peeks at the buffered
/// input and lets QHttpServer see a request only once it is complete and within limits, and only
/// when no earlier request of the connection is still being answered:
/// - oversized request line 414, header fields 431, body 413 (decided from Content-Length before
///   the body is buffered), Transfer-Encoding 411, malformed 400: answered by the guard itself,
///   after which QHttpServer never reads from the socket again, the write side is shut down and
///   further input is discarded for a short while;
/// - a request that stalls (head not complete within the request timeout, or a body without
///   progress for that long): 408 and close; idle keep-alive connections are closed;
/// - pipelined requests: input that arrives while a response is pending is hidden from
///   QHttpServer (read inside a QIODevice transaction that is rolled back after the readyRead
///   emission), so requests are answered strictly in order; hidden input is offered again when
///   the response is complete (responseComplete()).
/// Lives in the HTTP thread as a child of its socket.
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    /// `metrics` (optional, must outlive the guard) counts the connection while the guard lives
    /// and every request the guard refuses.
    ConnectionGuard(QTcpSocket *socket, const GuardLimits &limits, HttpMetrics *metrics = nullptr);
    ~ConnectionGuard() override;

    /// The guard of a socket made by GuardedTcpServer, or nullptr.
    static ConnectionGuard *of(QTcpSocket *socket);

    /// Connects the slot that must run before QHttpServer's (call before the socket is handed to
    /// QHttpServer) and the one that must run after it (call after).
    void attachBeforeServer();
    void attachAfterServer();

    /// Whether the connection closes after the current response (HTTP/1.0, Connection: close).
    bool closeAfterResponse() const { return !m_keepAlive; }
    /// The current response has been written completely: closes the connection if asked to,
    /// otherwise offers buffered input again and waits for the next request.
    void responseComplete();
    /// The connection closes after the current response whatever the client asked for (a refused
    /// WebSocket handshake: Qt closes the socket after it).
    void closeAfterThisResponse() { m_keepAlive = false; }
    /// The socket stops being an HTTP connection (upgraded to a WebSocket): stops the timers,
    /// drops every connection to the socket and deletes the guard (later), so no HTTP idle or
    /// request timeout ever closes the upgraded connection.
    void detach();
    /// Whether the request being answered was HTTP/1.1 (a WebSocket handshake must be).
    bool requestIsHttp11() const { return m_http11; }
    /// Qt takes the socket for a WebSocket handshake (handleRequest() returned true): until the
    /// QWebSocket is handed over (detach()), the request timeout still applies, after which the
    /// connection is aborted (a handshake Qt never completes holds no socket).
    void awaitUpgrade();
    /// Graceful shutdown: an idle keep-alive connection is closed now; a request being received
    /// or answered is still answered, with `Connection: close`, after which the connection
    /// closes.
    void drain();

private:
    enum class Phase
    {
        Idle,
        Head,
        Body,
        InFlight,
        Refused,
        Upgrading,
    };

    void beforeServer();
    void afterServer();
    void hideInput();
    void onTimeout();
    void refuse(int status, const QString &detail);
    void discardInput();
    void startTimer(int ms);

    QTcpSocket *m_socket;
    GuardLimits m_limits;
    HttpMetrics *m_metrics;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;
    bool m_hidden = false;
    bool m_keepAlive = true;
    bool m_draining = false;
    bool m_http11 = false;
    bool m_sentContinue = false;
    qint64 m_lastAvailable = 0;
    qint64 m_discarded = 0;
};

/// The QTcpServer given to QHttpServer through bind(): attaches a ConnectionGuard to every
/// connection before QHttpServer sees it. With a TLS configuration every connection is a
/// QSslSocket in server mode (the guard then sees the decrypted stream, so its limits hold).
///
/// Admission control: at most GuardLimits::maxConnections open connections (HTTP and upgraded
/// WebSockets, counted until their socket is destroyed) and maxConnectionsPerClient per peer
/// address; a connection over a limit is answered at once on its raw descriptor (503 or 429,
/// `Connection: close`, `Retry-After: 1`; with TLS just closed) and closed, costing no Qt object.
/// A failing accept() (e.g. EMFILE: out of file descriptors) pauses accepting for 100 ms
/// instead of retrying in a busy loop.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    /// `metrics`: given to every connection's guard (see ConnectionGuard).
    explicit GuardedTcpServer(const GuardLimits &limits, HttpMetrics *metrics = nullptr,
                              QObject *parent = nullptr);
    /// Closes the listening socket and deletes the connections not yet taken.
    ~GuardedTcpServer() override;

    /// Serve TLS on every later connection (set before listen()).
    void setTlsConfiguration(const QSslConfiguration &configuration);

    /// Graceful shutdown: stops listening (new connections are refused by the kernel) and tells
    /// every HTTP connection's guard to drain (ConnectionGuard::drain()).
    void drain();
    /// HTTP connections (not upgraded) still open.
    int openHttpConnections() const;
    /// Connections open now (HTTP and WebSocket), as admission control counts them.
    int openConnections() const { return m_open; }
    /// Connections refused by admission control so far.
    quint64 refusedConnections() const { return m_refused; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    /// Answers `status` on the raw descriptor (plain HTTP only) and closes it.
    void refuseRaw(qintptr socketDescriptor, int status, const QString &detail);

    GuardLimits m_limits;
    HttpMetrics *m_metrics;
    std::optional<QSslConfiguration> m_tls;
    int m_open = 0;
    quint64 m_refused = 0;
    QHash<QString, int> m_perClient;
    QList<QPointer<ConnectionGuard>> m_guards;
    bool m_acceptBackoff = false;
};

} // namespace taskdeck::http
