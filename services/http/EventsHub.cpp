#include "EventsHub.h"

#include "Async.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "ErrorMapping.h"
#include "QueryParsing.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketProtocol>

#include <algorithm>
#include <limits>
#include <utility>

namespace taskdeck::http {

namespace {

/// Messages are handed to a socket only while it has less than this unsent: the rest waits in
/// the client's queue, where the text is shared with every other client.
constexpr qint64 kSocketHighWater = 64 * 1024;
/// The kernel's send buffer of an event socket (Linux doubles it). Without a bound it grows to
/// tcp_wmem's maximum (4 MiB by default) for a client that does not read, outside the queue
/// limit; 256 KiB still carries a fast stream over a WAN (about 5 MB/s at 100 ms round trip).
constexpr int kSocketSendBufferBytes = 256 * 1024;
/// Largest incoming frame/message accepted from a client (clients only answer pings and close).
constexpr quint64 kMaxIncomingBytes = 64 * 1024;
/// QWebSocket's outgoing frame size (Qt 6.4 default) and the largest header of an unmasked
/// server frame: a message's size on the wire is at most payload + 10 bytes per frame.
constexpr qint64 kOutgoingFrameBytes = 512 * 1024;
constexpr qint64 kFrameHeaderBytes = 10;

/// RFC 6455 1013 "Try Again Later" (registered by IANA; Qt 6.4 has no enumerator for it).
constexpr auto kCloseTryAgainLater = QWebSocketProtocol::CloseCode(1013);

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void raisePeak(std::atomic<qint64> &peak, qint64 value)
{
    qint64 seen = peak.load();
    while (value > seen && !peak.compare_exchange_weak(seen, value)) {
    }
}

} // namespace

/// One WebSocket client: its socket, token, position in the feed and queue of messages.
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
    QByteArray token;
    quint64 cursor = 0;   ///< the last seq queued (or skipped, before the stream started)
    bool live = false;    ///< the session check passed: events flow
    bool closing = false; ///< closed by us: nothing more is sent
    bool awaitingPong = false;
    bool checking = false; ///< a session check is running
    QList<Message> queue;
    qint64 queuedBytes = 0;
    QTimer expiry; ///< the access token's exp
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
}

EventsHub::~EventsHub()
{
    for (Client *client : std::as_const(m_clients)) {
        client->closing = true;
        client->ws->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("Server shutting down"));
    }
    qDeleteAll(m_clients); // before the HttpServer, which owns the TCP sockets
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
            return unauthenticated(QStringLiteral("Not authenticated"));
        token = *bearer;
    } else if (request.hasQuery(QStringLiteral("access_token"))) {
        token = request.queryValues(QStringLiteral("access_token")).last().toUtf8();
    }
    if (token.isEmpty())
        return unauthenticated(QStringLiteral("Not authenticated"));
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
    // Without since: from the next event. A since beyond the last seq (a client of an earlier
    // run of the process) also starts with the next event; the client sees seq restart.
    const quint64 last = m_feed->lastSeq();
    admission.cursor = since && *since <= last ? *since : last;
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
    client->token = admission.token;
    client->cursor = admission.cursor;
    QWebSocket *ws = client->ws;
    ws->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    ws->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    m_clients.append(client);
    m_counters->clients = int(m_clients.size());

    const QPointer<Client> guarded(client);
    connect(ws, &QWebSocket::disconnected, this, [this, guarded] {
        // Not from inside the socket's own signal: delete it from the event loop.
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
        closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("token expired"));
    });
    client->expiry.start(int(
        std::clamp<qint64>(admission.expiresAtMs - nowMs(), 0, std::numeric_limits<int>::max())));
    checkSession(client, true);
}

void EventsHub::checkSession(Client *client, bool initial)
{
    if (client->checking || client->closing)
        return;
    client->checking = true;
    whenReady(client, m_auth->authenticate(client->token),
              [this, client, initial](const Result<Principal> &principal) {
                  client->checking = false;
                  if (client->closing)
                      return;
                  if (!principal.ok()) {
                      const ServiceError::Kind kind = principal.error().kind;
                      const bool transient = kind == ServiceError::Kind::Unavailable ||
                                             kind == ServiceError::Kind::Timeout;
                      if (!transient) {
                          closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                                      principal.error().message);
                      } else if (initial) {
                          closeClient(client, kCloseTryAgainLater,
                                      QStringLiteral("Database unavailable"));
                      }
                      // A recheck that cannot reach the database keeps streaming; the next
                      // ping retries.
                      return;
                  }
                  if (initial)
                      startStreaming(client);
              });
}

void EventsHub::startStreaming(Client *client)
{
    client->live = true;
    // published() is already connected: whatever since() misses arrives through publish(),
    // and what both deliver is dropped there by seq.
    const QList<ChangeEvent> missed = m_feed->since(client->cursor);
    for (const ChangeEvent &event : missed) {
        if (client->closing)
            return;
        if (event.seq > client->cursor)
            enqueue(client, message(event));
    }
}

EventsHub::Message EventsHub::message(const ChangeEvent &event) const
{
    const qint64 size = event.json.size();
    const qint64 frames =
        std::max<qint64>(1, (size + kOutgoingFrameBytes - 1) / kOutgoingFrameBytes);
    return Message{event.seq, QString::fromUtf8(event.json), size + frames * kFrameHeaderBytes};
}

void EventsHub::publish(const QList<ChangeEvent> &events)
{
    for (const ChangeEvent &event : events) {
        std::optional<Message> shared; // made once per event, for every client
        for (Client *client : std::as_const(m_clients)) {
            if (!client->live || client->closing || event.seq <= client->cursor)
                continue;
            if (!shared)
                shared = message(event);
            enqueue(client, *shared);
        }
    }
}

void EventsHub::enqueue(Client *client, const Message &message)
{
    const qint64 backlog = client->queuedBytes + client->ws->bytesToWrite();
    if (backlog > 0 && backlog + message.bytes > m_limits.maxQueueBytes) {
        ++m_counters->slowClientsClosed;
        closeClient(client, kCloseTryAgainLater, QStringLiteral("client too slow"));
        return;
    }
    client->queue.append(message);
    client->queuedBytes += message.bytes;
    client->cursor = message.seq;
    raisePeak(m_counters->peakQueuedBytes, backlog + message.bytes);
    pump(client);
}

void EventsHub::pump(Client *client)
{
    while (!client->closing && !client->queue.isEmpty() &&
           client->ws->bytesToWrite() < kSocketHighWater) {
        const Message message = client->queue.takeFirst();
        client->queuedBytes -= message.bytes;
        client->ws->sendTextMessage(message.text);
        ++m_counters->messagesSent;
    }
}

void EventsHub::closeClient(Client *client, QWebSocketProtocol::CloseCode code,
                            const QString &reason)
{
    if (client->closing)
        return;
    client->closing = true;
    client->live = false;
    client->queue.clear();
    client->queuedBytes = 0;
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
        if (client->live)
            checkSession(client, false); // a revoked session stops streaming
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
