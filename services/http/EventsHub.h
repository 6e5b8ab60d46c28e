#pragma once

#include "ApiResponse.h"
#include "HttpServer.h"
#include "Router.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocketProtocol>

#include <atomic>
#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocket;

namespace taskdeck {
class AuthService;
class ChangeFeed;
struct ChangeEvent;
} // namespace taskdeck

namespace taskdeck::http {

/// Limits of the live event stream (ApiServerOptions).
struct EventsLimits
{
    int maxClients = 256; ///< WebSocket clients at once; more: 503 at handshake
    /// Per client: unsent bytes its socket may hold. The hub tops a socket up only while it holds
    /// less than min(64 KiB, this), and never above this unless one message alone is larger.
    qint64 maxQueueBytes = 8 * 1024 * 1024;
    int pingIntervalMs = 30'000;     ///< ping; no pong by the next ping: closed
    int closeGraceMs = 2'000;        ///< after a close frame: aborted if still open
    int handshakeTimeoutMs = 10'000; ///< an admitted handshake not completed: forgotten
    /// Every connected client's session is re-checked this often (one AuthService::authenticate
    /// per distinct token; it caches answers for at most a second): a logout, disabling or
    /// password change on another instance ends the stream within about this plus a second.
    int sessionCheckIntervalMs = 500;
    /// A since a little ahead of this server's change log (another instance read further) is
    /// waited for this long, then the stream is closed (1008, "reload").
    int sinceAheadWaitMs = 2'000;
};

/// Counters of the event stream, readable from any thread (tests, monitoring).
struct EventsCounters
{
    std::atomic<int> clients{0};            ///< open WebSocket clients
    std::atomic<qint64> peakQueuedBytes{0}; ///< highest unsent bytes of one client's socket
    std::atomic<quint64> slowClientsClosed{0};
    std::atomic<quint64> messagesSent{0};
};

/// GET /api/events (docs/API.md "Health, live events"): the WebSocket clients of the change feed.
///
/// Handshake (admit(), synchronous, from HttpServer::handleRequest): token from
/// `?access_token=` or `Authorization: Bearer`, signature and expiry checked inline (401), `since`
/// (422), the feed present (503) and the client cap (503). After the upgrade the session check
/// (AuthService::authenticate, on the pool) runs before the first message: failure closes with
/// 1008. Then the events after `since` go out, oldest first, each as one text frame holding
/// ChangeEvent::json: what the feed's ring buffer still holds, then every later event.
///
/// Sequence numbers: a client is never sent an event twice nor out of order (each seq is above
/// the previous one). A gap is the contract's signal to reload, and happens only when (1) `since`
/// is older than the buffer (the replay starts with the oldest event held; nothing is invented
/// for what was lost) or (2) the feed itself skipped a number (ChangeFeed::resyncNeeded). A
/// client that falls so far behind that events it was not yet sent leave the buffer is closed
/// (1013 "client too slow") rather than sent a gap.
///
/// Pull by cursor: a client holds only its cursor (the last seq sent). Whenever its socket has
/// less than 64 KiB unsent (bytesWritten) and whenever the feed publishes (the wake-up for idle
/// clients), the hub takes the next events after the cursor from the feed's buffer
/// (ChangeFeed::since with a limit) and writes them. Memory per client is O(1) plus the socket's
/// bounded buffer (EventsLimits::maxQueueBytes), whatever the replay or burst size; a slow client
/// is closed (1013) when it falls out of the buffer, and aborted after the grace time. Pings every
/// pingIntervalMs; no pong by the next ping: aborted (so a socket whose unsent bytes stay put, a
/// peer that stopped reading, goes within two intervals). The token's expiry closes the client
/// (1008 "token expired"; the timer is re-armed in steps of at most a day, so any lifetime works).
///
/// Revocation (docs/API.md: logout, disabling and password changes take effect at once): every
/// sessionCheckIntervalMs the sessions of all clients are re-checked, one authenticate() per
/// distinct token; a failed one closes its clients with 1008 "Invalid or expired token". A
/// revocation made on this instance (AuthService::revocationGeneration() moved) also holds every
/// client's events back until a re-check round that started after it has finished, so a revoked
/// stream is never sent an event committed after the revocation. A re-check that cannot reach
/// the database keeps the client streaming (the next round retries).
///
/// Shutdown: the destructor sends every client a close frame (1001 "Server shutting down") and
/// gives the sockets a bounded moment (kShutdownFlushMs in total) to write it out.
///
/// Lives in the HTTP thread; must be destroyed before the HttpServer (which owns the sockets).
class EventsHub : public QObject, public WebSocketEndpoint
{
    Q_OBJECT
public:
    EventsHub(ChangeFeed *feed, const AuthService *auth, EventsLimits limits,
              std::shared_ptr<EventsCounters> counters, QObject *parent = nullptr);
    ~EventsHub() override;

    /// The plain-HTTP side of the route: GET /api/events without an upgrade answers 426.
    void registerRoutes(Router &router);

    std::optional<ApiResponse> admit(const ApiRequest &request, QTcpSocket *socket) override;
    void accepted(std::unique_ptr<QWebSocket> socket) override;

    /// The longest single wait of the token-expiry timer (one day): a later expiry re-arms it.
    static constexpr qint64 kMaxExpiryStepMs = 24LL * 60 * 60 * 1000;
    /// The next expiry-timer interval for a token expiring in `remainingMs`: the remaining time,
    /// at most kMaxExpiryStepMs, never negative (0: expired now).
    static int expiryStepMs(qint64 remainingMs);
    /// At shutdown: how long, in total, the sockets get to write out their close frames.
    static constexpr int kShutdownFlushMs = 250;

private:
    class Client;
    struct Admission
    {
        QByteArray token;
        qint64 expiresAtMs = 0;
        quint64 cursor = 0; ///< events up to this seq are not sent
        qint64 deadlineMs = 0;
        /// since was above the feed's known head (another instance published it a few ms
        /// before this one read it): the stream waits for the log until then, else closes.
        qint64 aheadUntilMs = 0;
        QPointer<QTcpSocket> socket;
    };
    void publish(const QList<taskdeck::ChangeEvent> &events);
    void startStreaming(Client *client);
    void pump(Client *client);
    QString text(const ChangeEvent &event);
    void armExpiry(Client *client);
    void closeClient(Client *client, QWebSocketProtocol::CloseCode code, const QString &reason);
    void checkSession(Client *client);
    /// The close reason for a client whose token a session check refused: "token expired" once
    /// the token's exp has passed, else the check's message.
    static QString refusalReason(const Client *client, const ServiceError &error);
    /// Starts a re-check round of every open client's session (unless one is running: then
    /// another round follows it when `again`).
    void startSessionRound(bool again);
    void finishSessionRound();
    /// Whether events must be held back: a local revocation not covered by a finished round.
    bool revocationPending();
    void pingAll();
    void removeClient(Client *client);
    void purgeAdmissions();

    ChangeFeed *m_feed;
    const AuthService *m_auth;
    EventsLimits m_limits;
    std::shared_ptr<EventsCounters> m_counters;
    QHash<QString, Admission> m_admissions; ///< by peer "address|port"
    QList<Client *> m_clients;
    QTimer m_pingTimer;
    QTimer m_sessionTimer;
    quint64 m_round = 0;    ///< the current session round's number
    int m_roundPending = 0; ///< its authenticate() calls not answered yet
    qint64 m_roundStartedMs = 0;
    quint64 m_roundGeneration = 0;    ///< the revocation generation when it started
    bool m_roundAgain = false;        ///< start another round when this one ends
    quint64 m_verifiedGeneration = 0; ///< covered by a finished round
    bool m_heldBack = false;          ///< events held back until a round covers the generation
    /// During publish(): texts decoded once for every client that sends the new events at once.
    QHash<quint64, QString> m_freshTexts;
    quint64 m_freshFrom = 0; ///< the first seq of the batch being published
    bool m_publishing = false;
};

} // namespace taskdeck::http
