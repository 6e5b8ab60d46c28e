#include "EventsHub.h"

#include "ApiMessages.h"
#include "Async.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "ErrorMapping.h"
#include "QueryParsing.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QSet>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketProtocol>

#include <algorithm>
#include <utility>

namespace taskdeck::http {

namespace {

/// A socket is topped up with the next events only while it has less than this unsent; the rest
/// waits in the feed's buffer, shared by every client.
constexpr qint64 kSocketHighWater = 64 * 1024;
/// Events taken from the feed's buffer per look-up (under its lock).
constexpr qsizetype kPullEvents = 64;
/// The kernel's send buffer of an event socket (Linux doubles it). Without a bound it grows to
/// tcp_wmem's maximum (4 MiB by default) for a client that does not read, outside
/// maxQueueBytes; 256 KiB still carries a fast stream over a WAN (about 5 MB/s at 100 ms round
/// trip).
constexpr int kSocketSendBufferBytes = 256 * 1024;
/// Largest incoming frame/message accepted from a client (clients only answer pings and close).
constexpr quint64 kMaxIncomingBytes = 64 * 1024;
/// QWebSocket's outgoing frame size (Qt 6.4 default) and the largest header of an unmasked
/// server frame: a message's size on the wire is at most payload + 10 bytes per frame.
constexpr qint64 kOutgoingFrameBytes = 512 * 1024;
constexpr qint64 kFrameHeaderBytes = 10;

/// RFC 6455 1013 "Try Again Later" (registered by IANA; Qt 6.4 has no enumerator for it).
constexpr auto kCloseTryAgainLater = QWebSocketProtocol::CloseCode(1013);
/// A since above the feed's known head by at most this much is waited for (another instance was
/// a little ahead); more was never a position of this log (a client of an older version, whose
/// numbers were epoch ms x 1000, or of another database): 409.
constexpr quint64 kMaxSinceAheadOfHead = 100000;

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// A message's size on the wire (UTF-8 payload + frame headers).
qint64 wireBytes(const ChangeEvent &event)
{
    const qint64 size = event.json.size();
    const qint64 frames =
        std::max<qint64>(1, (size + kOutgoingFrameBytes - 1) / kOutgoingFrameBytes);
    return size + frames * kFrameHeaderBytes;
}

void raisePeak(std::atomic<qint64> &peak, qint64 value)
{
    qint64 seen = peak.load();
    while (value > seen && !peak.compare_exchange_weak(seen, value)) {
    }
}

} // namespace

/// One WebSocket client: its socket, token and position in the feed (nothing is queued here).
class EventsHub::Client : public QObject
{
public:
    Client(std::unique_ptr<QWebSocket> socket, QObject *parent)
        : QObject(parent), ws(socket.release())
    {
        ws->setParent(this);
        expiry.setSingleShot(true);
        grace.setSingleShot(true);
    }

    QWebSocket *ws;
    QPointer<QTcpSocket> tcp; ///< the socket under ws (owned by the HttpServer)
    QByteArray token;
    qint64 expiresAtMs = 0;
    quint64 cursor = 0;      ///< the last seq sent (before the first: the client's since)
    qint64 aheadUntilMs = 0; ///< see Admission::aheadUntilMs
    bool live = false;       ///< the session check passed: events flow
    bool replayed = false;   ///< the first look-up is done: from now on a lost event is too slow
    bool closing = false;    ///< closed by us: nothing more is sent
    bool pumping = false;
    bool awaitingPong = false;
    QTimer expiry; ///< the access token's exp (in steps of at most a day)
    QTimer grace;  ///< after our close frame: abort
};

EventsHub::EventsHub(ChangeFeed *feed, const AuthService *auth, EventsLimits limits,
                     std::shared_ptr<EventsCounters> counters, QObject *parent)
    : QObject(parent), m_feed(feed), m_auth(auth), m_limits(limits), m_counters(std::move(counters))
{
    if (m_feed) {
        // Queued into this (the HTTP) thread, in order; connected before any since() call.
        connect(m_feed, &ChangeFeed::published, this, &EventsHub::publish);
    }
    connect(&m_pingTimer, &QTimer::timeout, this, &EventsHub::pingAll);
    m_pingTimer.start(m_limits.pingIntervalMs);
    m_verifiedGeneration = m_auth->revocationGeneration();
    connect(&m_sessionTimer, &QTimer::timeout, this, [this] { startSessionRound(false); });
    m_sessionTimer.start(m_limits.sessionCheckIntervalMs);
}

EventsHub::~EventsHub()
{
    const QList<Client *> clients = m_clients;
    for (Client *client : clients) {
        if (client->closing)
            continue; // closed already (slow, expired): its close frame is queued
        client->closing = true;
        client->ws->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("Server shutting down"));
    }
    // The event loop no longer runs: write the close frames out now, at most kShutdownFlushMs in
    // all (a peer that does not read would otherwise hold the shutdown).
    const QDeadlineTimer deadline(kShutdownFlushMs);
    for (Client *client : clients) {
        client->ws->flush();
        QTcpSocket *tcp = client->tcp;
        // close() already began disconnecting: a socket with queued data is in ClosingState
        // until it is written, so wait for any state but Unconnected.
        while (tcp && tcp->state() != QAbstractSocket::UnconnectedState &&
               tcp->bytesToWrite() > 0 && !deadline.hasExpired()) {
            if (!tcp->waitForBytesWritten(int(deadline.remainingTime())))
                break;
        }
    }
    qDeleteAll(clients); // before the HttpServer, which owns the TCP sockets
    m_clients.clear();
    m_counters->clients = 0;
}

void EventsHub::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/events"), Access::Authenticated, Role::Viewer,
                BodyKind::None, [](const ApiRequest &, const ReplyPtr &reply) {
                    reply->send(ApiResponse::detail(
                        426,
                        QStringLiteral("Upgrade Required: /api/events is a WebSocket endpoint "
                                       "(send Upgrade: websocket)"),
                        {{"Upgrade", "websocket"}}));
                }});
}

std::optional<ApiResponse> EventsHub::admit(const ApiRequest &request, QTcpSocket *socket)
{
    const auto unauthenticated = [](const QString &detail) {
        return errorResponse({ServiceError::Kind::Unauthenticated, detail, {}});
    };
    QByteArray token;
    if (request.hasHeader("authorization")) {
        const std::optional<QByteArray> bearer = bearerToken(request.header("authorization"));
        if (!bearer)
            return unauthenticated(msg::notAuthenticated());
        token = *bearer;
    } else if (request.hasQuery(QStringLiteral("access_token"))) {
        token = request.queryValues(QStringLiteral("access_token")).last().toUtf8();
    }
    if (token.isEmpty())
        return unauthenticated(msg::notAuthenticated());
    // Signature, exp and claims inline (no pool here); the session check follows the upgrade.
    const Result<auth::AccessClaims> claims = m_auth->verifyAccessClaims(token);
    if (!claims.ok())
        return errorResponse(claims.error());

    if (!m_feed)
        return ApiResponse::detail(503, QStringLiteral("Live events unavailable"));
    const std::variant<query::EventsQuery, FieldErrors> parsed = query::parseEvents(request);
    if (const auto *errors = std::get_if<FieldErrors>(&parsed))
        return errorResponse(ServiceError::validation(*errors));
    const std::optional<quint64> since = std::get<query::EventsQuery>(parsed).since;

    purgeAdmissions();
    if (m_clients.size() + m_admissions.size() >= m_limits.maxClients)
        return ApiResponse::detail(
            503, QStringLiteral("Too many event clients"),
            {{"Retry-After", QByteArray::number(kRetryAfterUnavailableSeconds)}});

    Admission admission;
    admission.token = token;
    admission.expiresAtMs = claims.value().expiresAt * 1000;
    // Without since: from the next event. seq is the change log's position, the same on every
    // instance, so a since from another instance or from before a restart resumes here. A since
    // beyond the highest position this server knows of was never in the log (a client of an
    // older version, or of another database): refused, the client reloads.
    const quint64 last = m_feed->lastSeq();
    const quint64 head = m_feed->headSeq();
    if (since && *since > head && *since - head <= kMaxSinceAheadOfHead) {
        // Another instance may have sent this seq a few milliseconds before this one read the
        // log that far (a client hopping instances behind a load balancer): wait for the log
        // instead of refusing; pump() closes the stream if it does not get there in time.
        admission.aheadUntilMs = nowMs() + m_limits.sinceAheadWaitMs;
    } else if (since && *since > head)
        return ApiResponse::detail(
            409, QStringLiteral("since is ahead of this server's change log (another database, "
                                "or a client of an older version): reload, then connect without "
                                "since"));
    admission.cursor = since ? *since : last;
    admission.deadlineMs = nowMs() + m_limits.handshakeTimeoutMs;
    admission.socket = socket;
    socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, kSocketSendBufferBytes);
    m_admissions.insert(peerKey(socket->peerAddress(), socket->peerPort()), admission);
    return std::nullopt;
}

void EventsHub::purgeAdmissions()
{
    const qint64 now = nowMs();
    m_admissions.removeIf([now](const QHash<QString, Admission>::iterator it) {
        const Admission &admission = it.value();
        return !admission.socket || admission.socket->state() != QAbstractSocket::ConnectedState ||
               admission.deadlineMs < now;
    });
}

void EventsHub::accepted(std::unique_ptr<QWebSocket> socket)
{
    const auto found = m_admissions.constFind(peerKey(socket->peerAddress(), socket->peerPort()));
    if (found == m_admissions.cend()) {
        // Not reached: HttpServer upgrades only what admit() accepted.
        socket->abort();
        socket.release()->deleteLater();
        return;
    }
    const Admission admission = found.value();
    m_admissions.erase(found);

    auto *client = new Client(std::move(socket), this);
    client->tcp = admission.socket;
    client->token = admission.token;
    client->expiresAtMs = admission.expiresAtMs;
    client->cursor = admission.cursor;
    client->aheadUntilMs = admission.aheadUntilMs;
    QWebSocket *ws = client->ws;
    ws->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    ws->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    m_clients.append(client);
    m_counters->clients = int(m_clients.size());

    const QPointer<Client> guarded(client);
    connect(ws, &QWebSocket::disconnected, this, [this, guarded] {
        // Gone: no more pumping (a published() already queued would otherwise walk the whole
        // buffer into a dead socket). Not deleted from inside the socket's own signal: later.
        if (guarded) {
            guarded->closing = true;
            guarded->live = false;
        }
        QMetaObject::invokeMethod(
            this,
            [this, guarded] {
                if (guarded)
                    removeClient(guarded);
            },
            Qt::QueuedConnection);
    });
    connect(ws, &QWebSocket::bytesWritten, client, [this, client] { pump(client); });
    connect(ws, &QWebSocket::pong, client, [client] { client->awaitingPong = false; });
    connect(&client->grace, &QTimer::timeout, client, [client] { client->ws->abort(); });
    connect(&client->expiry, &QTimer::timeout, client, [this, client] {
        if (client->expiresAtMs > nowMs()) {
            armExpiry(client); // a step of a long lifetime, or a coarse timer firing early
            return;
        }
        closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("token expired"));
    });
    armExpiry(client);
    checkSession(client);
}

int EventsHub::expiryStepMs(qint64 remainingMs)
{
    return int(std::clamp<qint64>(remainingMs, 0, kMaxExpiryStepMs));
}

void EventsHub::armExpiry(Client *client)
{
    client->expiry.start(expiryStepMs(client->expiresAtMs - nowMs()));
}

QString EventsHub::refusalReason(const Client *client, const ServiceError &error)
{
    // The token's exp reached: the same reason whether the expiry timer or a session check
    // (which finds the token invalid from that millisecond on) notices first; on a busy event
    // loop either may run first.
    if (client->expiresAtMs > 0 && nowMs() >= client->expiresAtMs)
        return QStringLiteral("token expired");
    return error.message;
}

void EventsHub::checkSession(Client *client)
{
    // The first check, right after the upgrade: nothing is sent before it passed.
    whenReady(client, m_auth->authenticate(client->token),
              [this, client](const Result<Principal> &principal) {
                  if (client->closing)
                      return;
                  if (!principal.ok()) {
                      const ServiceError::Kind kind = principal.error().kind;
                      if (kind == ServiceError::Kind::Unavailable ||
                          kind == ServiceError::Kind::Timeout)
                          closeClient(client, kCloseTryAgainLater,
                                      QStringLiteral("Database unavailable"));
                      else
                          closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                                      refusalReason(client, principal.error()));
                      return;
                  }
                  startStreaming(client);
              });
}

void EventsHub::startSessionRound(bool again)
{
    if (m_roundPending > 0) {
        // A round whose answers never came (not expected: every authenticate() answers) does
        // not hold the stream forever.
        if (nowMs() - m_roundStartedMs < 10 * m_limits.sessionCheckIntervalMs + 10'000) {
            m_roundAgain = m_roundAgain || again;
            return;
        }
    }
    ++m_round;
    m_roundAgain = false;
    m_roundStartedMs = nowMs();
    m_roundGeneration = m_auth->revocationGeneration();
    QSet<QByteArray> tokens;
    for (const Client *client : std::as_const(m_clients)) {
        if (!client->closing)
            tokens.insert(client->token);
    }
    m_roundPending = int(tokens.size());
    if (m_roundPending == 0) {
        finishSessionRound();
        return;
    }
    const quint64 round = m_round;
    for (const QByteArray &token : std::as_const(tokens)) {
        whenReady(this, m_auth->authenticate(token),
                  [this, round, token](const Result<Principal> &principal) {
                      if (round != m_round)
                          return; // abandoned round
                      const bool revoked =
                          !principal.ok() &&
                          principal.error().kind != ServiceError::Kind::Unavailable &&
                          principal.error().kind != ServiceError::Kind::Timeout;
                      if (revoked) {
                          const QList<Client *> clients = m_clients;
                          for (Client *client : clients) {
                              if (client->token == token)
                                  closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                                              refusalReason(client, principal.error()));
                          }
                      }
                      if (--m_roundPending == 0)
                          finishSessionRound();
                  });
    }
}

void EventsHub::finishSessionRound()
{
    m_verifiedGeneration = m_roundGeneration;
    if (m_roundAgain || m_verifiedGeneration != m_auth->revocationGeneration()) {
        startSessionRound(false);
        return;
    }
    if (m_heldBack) {
        m_heldBack = false;
        const QList<Client *> clients = m_clients;
        for (Client *client : clients)
            pump(client);
    }
}

bool EventsHub::revocationPending()
{
    if (m_heldBack)
        return true;
    if (m_auth->revocationGeneration() == m_verifiedGeneration)
        return false;
    m_heldBack = true;
    // Not from inside pump(): the round closes clients.
    QMetaObject::invokeMethod(
        this, [this] { startSessionRound(true); }, Qt::QueuedConnection);
    return true;
}

void EventsHub::startStreaming(Client *client)
{
    client->live = true;
    pump(client);
}

QString EventsHub::text(const ChangeEvent &event)
{
    if (!m_publishing || event.seq < m_freshFrom)
        return QString::fromUtf8(event.json);
    // Every idle client sends the events just published: decode each once.
    auto it = m_freshTexts.find(event.seq);
    if (it == m_freshTexts.end())
        it = m_freshTexts.insert(event.seq, QString::fromUtf8(event.json));
    return it.value();
}

void EventsHub::publish(const QList<ChangeEvent> &events)
{
    // Only a wake-up: the events are in the feed's buffer already, where each client takes them
    // from its own cursor (events that clients pulled before this signal arrived are skipped).
    if (events.isEmpty())
        return;
    m_publishing = true;
    m_freshFrom = events.first().seq;
    const QList<Client *> clients = m_clients;
    for (Client *client : clients)
        pump(client);
    m_publishing = false;
    m_freshTexts.clear();
}

void EventsHub::pump(Client *client)
{
    if (!client->live || client->closing || client->pumping || revocationPending())
        return;
    if (client->aheadUntilMs > 0) {
        if (client->cursor <= m_feed->headSeq()) {
            client->aheadUntilMs = 0; // the log got there
        } else if (nowMs() > client->aheadUntilMs) {
            closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                        QStringLiteral("since is ahead of this server's change log: reload"));
            return;
        } else {
            QTimer::singleShot(50, client, [this, client] { pump(client); });
            return;
        }
    }
    client->pumping = true;
    const qint64 highWater = std::min(kSocketHighWater, m_limits.maxQueueBytes);
    for (;;) {
        // A full socket still looks (without taking events): a client that stopped reading is
        // noticed when its events leave the buffer, not only once it drains.
        const bool room = client->ws->bytesToWrite() < highWater;
        bool complete = true;
        const QList<ChangeEvent> events =
            m_feed->since(client->cursor, room ? kPullEvents : 0, &complete);
        if (!complete && client->replayed) {
            // Events this client was not sent have left the buffer: it cannot keep up.
            ++m_counters->slowClientsClosed;
            closeClient(client, kCloseTryAgainLater, QStringLiteral("client too slow"));
            break;
        }
        if (!room)
            break; // the rest when the socket has drained (bytesWritten)
        // The first look-up may start after a gap (since older than the buffer, e.g. from an
        // earlier run of the server): the client sees it in the seqs and reloads. Until the
        // first event after that gap is sent, a missing tail is not the client's slowness.
        if (complete || !events.isEmpty())
            client->replayed = true;
        bool full = false;
        for (const ChangeEvent &event : events) {
            const qint64 unsent = client->ws->bytesToWrite();
            if (unsent >= highWater ||
                (unsent > 0 && unsent + wireBytes(event) > m_limits.maxQueueBytes)) {
                full = true;
                break;
            }
            client->ws->sendTextMessage(text(event));
            client->cursor = event.seq;
            ++m_counters->messagesSent;
            raisePeak(m_counters->peakQueuedBytes, client->ws->bytesToWrite());
        }
        if (full || events.size() < kPullEvents)
            break; // full, or nothing more for now (published() wakes the client)
    }
    client->pumping = false;
}

void EventsHub::closeClient(Client *client, QWebSocketProtocol::CloseCode code,
                            const QString &reason)
{
    if (client->closing)
        return;
    client->closing = true;
    client->live = false;
    client->expiry.stop();
    // The close frame waits behind unsent data; a client that does not read never gets it, so
    // the connection is aborted after the grace time, freeing its buffers.
    client->grace.start(m_limits.closeGraceMs);
    client->ws->close(code, reason);
}

void EventsHub::pingAll()
{
    for (Client *client : std::as_const(m_clients)) {
        if (client->closing)
            continue;
        if (client->awaitingPong) {
            // No pong since the last ping: the peer is gone (a close frame would not arrive).
            client->closing = true;
            client->ws->abort();
            continue;
        }
        client->awaitingPong = true;
        client->ws->ping();
    }
}

void EventsHub::removeClient(Client *client)
{
    if (!m_clients.removeOne(client))
        return;
    m_counters->clients = int(m_clients.size());
    delete client;
}

} // namespace taskdeck::http
