#include "HttpServer.h"

#include "ApiKeyService.h"
#include "ApiMessages.h"
#include "Async.h"
#include "AuthService.h"
#include "ClientFrameGuard.h"
#include "ConnectionGuard.h"
#include "ErrorMapping.h"
#include "HttpMetrics.h"
#include "TaskJson.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <utility>

namespace taskdeck::http {

namespace {

Method toMethod(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get:
        return Method::Get;
    case M::Post:
        return Method::Post;
    case M::Put:
        return Method::Put;
    case M::Patch:
        return Method::Patch;
    case M::Delete:
        return Method::Delete;
    case M::Head:
        return Method::Head;
    case M::Options:
        return Method::Options;
    default:
        return Method::Other;
    }
}

/// `application/json`, with no charset or a UTF-8 one (JSON is UTF-8: a body announced in
/// another charset would be misread, so it is refused rather than guessed at).
bool isJsonContentType(const QByteArray &value)
{
    const QList<QByteArray> parts = value.split(';');
    if (parts.first().trimmed().toLower() != "application/json")
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts[i].trimmed();
        const qsizetype eq = parameter.indexOf('=');
        if (eq < 0 || parameter.first(eq).trimmed().toLower() != "charset")
            continue;
        QByteArray charset = parameter.sliced(eq + 1).trimmed().toLower();
        if (charset.size() >= 2 && charset.startsWith('"') && charset.endsWith('"'))
            charset = charset.sliced(1, charset.size() - 2);
        if (charset != "utf-8" && charset != "utf8")
            return false;
    }
    return true;
}

constexpr qsizetype kMaxTextErrors = 10;

/// Appends an error for every string (value or key) of `value` that neither database stores
/// faithfully: one with U+0000 (PostgreSQL refuses it, SQLite cuts text at it) or with an
/// unpaired surrogate (a lone "\ud800" escape, which the drivers turn into '?' or invalid UTF-8).
void findUnstorableText(const QJsonValue &value, const QStringList &loc, FieldErrors &errors)
{
    const auto check = [&errors](const QString &text, const QStringList &where) {
        if (errors.size() >= kMaxTextErrors)
            return;
        if (text.contains(QChar(u'\0')))
            errors.append({where,
                           QStringLiteral("Value error, text must not contain NUL (U+0000) "
                                          "characters"),
                           QStringLiteral("value_error")});
        else if (!QStringView(text).isValidUtf16())
            errors.append({where,
                           QStringLiteral("Input should be a valid string, unable to parse raw "
                                          "data as a unicode string"),
                           QStringLiteral("string_unicode")});
    };
    switch (value.type()) {
    case QJsonValue::String:
        check(value.toString(), loc);
        break;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size() && errors.size() < kMaxTextErrors; ++i)
            findUnstorableText(array.at(i), loc + QStringList{QString::number(i)}, errors);
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end() && errors.size() < kMaxTextErrors; ++it) {
            const QStringList where = loc + QStringList{it.key()};
            const qsizetype before = errors.size();
            check(it.key(), where);
            if (errors.size() == before)
                findUnstorableText(it.value(), where, errors);
        }
        break;
    }
    default:
        break;
    }
}

/// The values of every header field called `name` (case-insensitively).
QList<QByteArray> headerValues(const HeaderList &headers, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[field, value] : headers) {
        if (QByteArrayView(field).compare(name, Qt::CaseInsensitive) == 0)
            values.append(value.trimmed());
    }
    return values;
}

/// Whether a comma-separated header list (e.g. `Connection: keep-alive, Upgrade`) holds `token`.
bool listHasToken(const QList<QByteArray> &values, QByteArrayView token)
{
    for (const QByteArray &value : values) {
        for (const QByteArray &item : value.split(',')) {
            if (QByteArrayView(item.trimmed()).compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

/// Whether the request is meant as a WebSocket handshake in any form, valid or not: an Upgrade
/// header naming websocket anywhere, or any Upgrade header on a WebSocket path. Such a request
/// is answered by the handshake rules (a 400 for anything but one valid upgrade), never routed.
bool looksLikeWebSocket(const HeaderList &headers, bool webSocketPath)
{
    const QList<QByteArray> upgrades = headerValues(headers, "upgrade");
    return listHasToken(upgrades, "websocket") || (webSocketPath && !upgrades.isEmpty());
}

/// A connection's peer "address|port": how a QWebSocket is matched to the QTcpSocket under it.
template <typename Socket> QString peerKey(const Socket *socket)
{
    return socket->peerAddress().toString() + QLatin1Char('|') +
           QString::number(socket->peerPort());
}

ApiResponse unauthenticated(const QString &detail)
{
    return errorResponse({ServiceError::Kind::Unauthenticated, detail, {}});
}

} // namespace

HttpServer::HttpServer(const AuthService *auth, const ApiKeyService *keys, QObject *parent)
    : QAbstractHttpServer(parent), m_auth(auth), m_keys(keys)
{
    // Connected always: Qt 6.4 upgrades a handshake only while this signal has a receiver (and
    // handleRequest() returned true).
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::takeWebSockets);
}

void HttpServer::addWebSocketEndpoint(const QString &path, WebSocketEndpoint *endpoint)
{
    m_webSockets.insert(path, endpoint);
}

void HttpServer::takeWebSockets()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            continue;
        // Only now is the connection no longer HTTP: the guard's timeouts stop here.
        if (const QPointer<QTcpSocket> tcp = m_upgrading.take(peerKey(socket.get())).socket) {
            if (ConnectionGuard *guard = ConnectionGuard::of(tcp))
                guard->detach();
            if (ClientFrameGuard *frames = ClientFrameGuard::of(tcp))
                frames->attachWebSocket(socket.get());
        }
        WebSocketEndpoint *endpoint =
            m_webSockets.value(socket->requestUrl().path(QUrl::FullyDecoded));
        if (!endpoint) {
            // Not reached: only admitted handshakes are upgraded. Never keep one we did not admit.
            socket->abort();
            socket.release()->deleteLater();
            continue;
        }
        endpoint->accepted(std::move(socket));
    }
}

std::optional<ApiResponse> HttpServer::admitUpgrade(const ApiRequest &request, QTcpSocket *socket,
                                                    bool qtUpgrades)
{
    const auto bad = [](const QString &why) {
        return ApiResponse::detail(400, QStringLiteral("Bad WebSocket handshake: ") + why);
    };
    // RFC 6455 section 4.2.1, checked here because Qt 6.4 upgrades on our word alone and answers
    // a handshake its own server then refuses with nothing (or a bare 400).
    const ConnectionGuard *guard = ConnectionGuard::of(socket);
    if (guard && !guard->requestIsHttp11())
        return bad(QStringLiteral("HTTP/1.1 required"));
    if (headerValues(request.headers, "host").size() != 1)
        return bad(QStringLiteral("expected one Host header"));
    if (!m_transport.hostAllowed(request.header("host")))
        return ApiResponse::detail(421, QStringLiteral("Misdirected request: host not allowed"));
    WebSocketEndpoint *endpoint = m_webSockets.value(request.path);
    if (!endpoint) {
        if (!m_router.match(request.method, request.path).pathKnown)
            return ApiResponse::detail(404, msg::notFound());
        return ApiResponse::detail(400,
                                   QStringLiteral("WebSocket upgrade is not offered on this path"));
    }
    if (request.method != Method::Get)
        return ApiResponse::detail(405, QStringLiteral("Method Not Allowed"), {{"Allow", "GET"}});
    const QList<QByteArray> upgrades = headerValues(request.headers, "upgrade");
    if (upgrades.size() != 1 || upgrades.first().compare("websocket", Qt::CaseInsensitive) != 0)
        return bad(QStringLiteral("expected exactly one Upgrade: websocket"));
    if (!listHasToken(headerValues(request.headers, "connection"), "upgrade"))
        return bad(QStringLiteral("expected Connection: Upgrade"));
    // Qt hands the socket over after the headers: a body would be read as WebSocket frames.
    const QList<QByteArray> lengths = headerValues(request.headers, "content-length");
    if (!request.body.isEmpty() || !headerValues(request.headers, "transfer-encoding").isEmpty() ||
        (!lengths.isEmpty() && lengths.first().trimmed() != "0"))
        return bad(QStringLiteral("a body is not allowed"));
    const QList<QByteArray> keys = headerValues(request.headers, "sec-websocket-key");
    const auto decodedKey =
        keys.size() == 1
            ? QByteArray::fromBase64Encoding(keys.first(), QByteArray::AbortOnBase64DecodingErrors)
            : QByteArray::FromBase64Result{};
    if (!decodedKey || decodedKey.decoded.size() != 16)
        return bad(QStringLiteral("Sec-WebSocket-Key must be the base64 encoding of 16 bytes"));
    const QList<QByteArray> versions = headerValues(request.headers, "sec-websocket-version");
    if (versions.isEmpty())
        return bad(QStringLiteral("missing Sec-WebSocket-Version"));
    if (versions.size() != 1 || versions.first() != "13")
        return ApiResponse::detail(
            426, QStringLiteral("Unsupported WebSocket version: this server speaks version 13"),
            {{"Sec-WebSocket-Version", "13"}});
    // Browsers send Origin; other clients usually do not (and are let in). With CORS origins
    // configured, a page from any other origin may not open the stream.
    const QList<QByteArray> origins = headerValues(request.headers, "origin");
    if (m_transport.corsEnabled() && !origins.isEmpty() &&
        (origins.size() != 1 || !m_transport.originAllowed(origins.first())))
        return ApiResponse::detail(403, QStringLiteral("Origin not allowed"));
    if (!qtUpgrades) {
        // Valid by the rules above, yet Qt's parser did not take its upgrade path (it would not
        // hand the socket over): refuse rather than hold a connection nobody answers.
        return bad(QStringLiteral("not recognised as an upgrade"));
    }
    return endpoint->admit(request, socket);
}

QString HttpServer::routeLabel(Method method, const QString &path) const
{
    if (m_webSockets.contains(path))
        return path;
    const Router::Match match = m_router.match(method, path);
    return match.pathKnown ? match.pattern : HttpMetrics::kUnmatchedRoute;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QElapsedTimer started;
    started.start();
    // Copy everything now: Qt reuses `request` for the connection's next request.
    ApiRequest api;
    api.method = toMethod(request.method());
    const QUrl url = request.url();
    api.path = url.path(QUrl::FullyDecoded);
    api.query = parseQueryString(url.query(QUrl::FullyEncoded).toUtf8(), &api.invalidQueryNames);
    api.headers = request.headers();
    api.body = request.body();
    QByteArray forwardedFor;
    for (const auto &[name, value] : api.headers) {
        if (name.compare("x-forwarded-for", Qt::CaseInsensitive) == 0)
            forwardedFor += (forwardedFor.isEmpty() ? "" : ",") + value;
    }
    api.clientAddress = m_transport.clientAddress(socket->peerAddress(), forwardedFor);
    if (m_observer)
        m_observer(api.path, api.clientAddress);
    // Qt 6.4.2 calls this from two places. In its WebSocket path (its parser saw an upgrade and
    // request.value("upgrade") is websocket) the request is still inside Qt's read transaction,
    // and our return value decides at once: true hands the socket to Qt's QWebSocketServer
    // (newWebSocketConnection follows, later), false calls missingHandler() and closes. In the
    // normal path the transaction is committed before this call.
    const bool qtUpgrades = socket->isTransactionStarted();
    if (qtUpgrades || looksLikeWebSocket(api.headers, m_webSockets.contains(api.path))) {
        std::optional<ApiResponse> refusal = admitUpgrade(api, socket, qtUpgrades);
        if (!refusal) {
            // Still HTTP until Qt hands the QWebSocket over (takeWebSockets()): the guard's
            // request timeout aborts a handshake Qt never completes.
            m_upgrading.removeIf([](const QHash<QString, Upgrading>::iterator it) {
                return !it->socket || it->socket->state() != QAbstractSocket::ConnectedState;
            });
            m_upgrading.insert(peerKey(socket), Upgrading{socket});
            if (ConnectionGuard *guard = ConnectionGuard::of(socket))
                guard->awaitUpgrade();
            // RFC 6455 5.1: an unmasked client frame fails the connection (1002).
            new ClientFrameGuard(socket);
            if (m_metrics)
                m_metrics->recordRequest(api.method, api.path, 101,
                                         double(started.nsecsElapsed()) / 1e9);
            return true;
        }
        Refusal answer{std::move(*refusal), m_transport.corsResponseHeaders(api.header("origin")),
                       api.method, routeLabel(api.method, api.path), started};
        if (qtUpgrades) {
            m_refusal = std::move(answer);
            return false;
        }
        // Qt's normal path (e.g. two Upgrade headers, the last not websocket): answer and close
        // (Qt's parser stops reading a connection it saw an upgrade on).
        sendRefusal(answer, makeResponder(request, socket), socket, api.path);
        return true;
    }
    auto reply = std::make_shared<HttpReply>(makeResponder(request, socket), socket, api.path,
                                             api.method == Method::Head);
    if (m_metrics)
        reply->observe(m_metrics, api.method, started);
    dispatch(std::move(api), reply);
    return true;
}

void HttpServer::sendRefusal(const Refusal &refusal, QHttpServerResponder &&responder,
                             QTcpSocket *socket, const QString &path)
{
    if (ConnectionGuard *guard = ConnectionGuard::of(socket))
        guard->closeAfterThisResponse();
    HttpReply reply(std::move(responder), socket, path);
    if (m_metrics) {
        reply.setRoute(refusal.route);
        reply.observe(m_metrics, refusal.method, refusal.started);
    }
    reply.addHeaders(refusal.extraHeaders);
    reply.send(refusal.response);
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (std::optional<Refusal> refusal = std::exchange(m_refusal, std::nullopt)) {
        // A refused WebSocket handshake: Qt closes the connection after this answer
        // (disconnectFromHost() flushes it first).
        sendRefusal(*refusal, makeResponder(request, socket), socket, request.url().path());
        return;
    }
    // Not reached otherwise: handleRequest() answers every other request.
    HttpReply reply(makeResponder(request, socket), socket, request.url().path());
    if (m_metrics) {
        QElapsedTimer started;
        started.start();
        reply.observe(m_metrics, toMethod(request.method()), started);
    }
    reply.send(ApiResponse::detail(404, msg::notFound()));
}

void HttpServer::setTransportPolicy(TransportPolicy policy,
                                    std::function<void(const QString &, const QString &)> observer)
{
    m_transport = std::move(policy);
    m_observer = std::move(observer);
}

void HttpServer::dispatch(ApiRequest request, const ReplyPtr &reply)
{
    // DNS rebinding: a page on another name must not reach us through a name we do not serve.
    if (!m_transport.hostAllowed(request.header("host"))) {
        reply->send(
            ApiResponse::detail(421, QStringLiteral("Misdirected request: host not allowed")));
        return;
    }
    const Router::Match match = m_router.match(request.method, request.path);
    if (match.pathKnown)
        reply->setRoute(match.pattern);
    const QByteArray origin = request.header("origin");
    if (request.method == Method::Options && match.pathKnown && !match.route &&
        m_transport.originAllowed(origin)) {
        // CORS preflight: public, whatever the route's access rule.
        reply->send(ApiResponse::noContent(TransportPolicy::preflightHeaders(origin, match.allow)));
        return;
    }
    reply->addHeaders(m_transport.corsResponseHeaders(origin));
    if (!match.pathKnown) {
        reply->send(ApiResponse::detail(404, msg::notFound()));
        return;
    }
    if (!match.route) {
        reply->send(ApiResponse::detail(405, QStringLiteral("Method Not Allowed"),
                                        {{"Allow", match.allow}}));
        return;
    }
    const Route &route = *match.route;
    request.pathArgs = match.args;

    if (route.access == Access::Authenticated) {
        // An access token or an API key ("tdk_..."), as `Authorization: Bearer`, or an API key
        // as `X-API-Key` when there is no Authorization header.
        const bool hasAuthorization = request.hasHeader("authorization");
        std::optional<QByteArray> credential = bearerToken(request.header("authorization"));
        bool apiKey = credential && m_keys && ApiKeyService::isApiKey(*credential);
        if (!hasAuthorization && request.hasHeader("x-api-key") && m_keys) {
            credential = request.header("x-api-key");
            apiKey = true;
        }
        if (!credential) {
            reply->send(unauthenticated(msg::notAuthenticated()));
            return;
        }
        // The one credential check of every protected route. Access tokens: signature and claims
        // inline, then on the pool (never here) that the session is not revoked and the user
        // enabled, same epoch. API keys: on the pool, the key's hash is known, not expired, its
        // user enabled. Both then go through the same role checks below.
        const Route *matched = &route; // the route table is fixed once the server listens
        QFuture<Result<Principal>> checked =
            apiKey ? m_keys->authenticate(*credential) : m_auth->authenticate(*credential);
        auto onPrincipal = [this, request = std::move(request), matched,
                            reply](const Result<Principal> &principal) mutable {
            if (!principal.ok()) {
                reply->sendError(principal.error());
                return;
            }
            if (matched->minRole && int(principal.value().role) < int(*matched->minRole)) {
                reply->send(ApiResponse::detail(403, msg::notEnoughPermissions()));
                return;
            }
            // A read-only API key reads whatever its role may read and writes nothing.
            if (principal.value().readOnly && matched->method != Method::Get &&
                matched->method != Method::Head) {
                reply->send(ApiResponse::detail(
                    403, QStringLiteral("Not enough permissions: the API key is read-only")));
                return;
            }
            request.principal = principal.value();
            handleAuthorized(std::move(request), *matched, reply);
        };
        if (checked.isFinished() && checked.resultCount() > 0) {
            // A session checked within the last second is answered at once (AuthService's
            // cache): handled here, as an unprotected route is, instead of through a
            // QFutureWatcher and two posted events.
            onPrincipal(checked.result());
            return;
        }
        whenReady(this, std::move(checked), std::move(onPrincipal));
        return;
    }
    handleAuthorized(std::move(request), route, reply);
}

void HttpServer::handleAuthorized(ApiRequest request, const Route &route, const ReplyPtr &reply)
{
    if (!request.invalidQueryNames.isEmpty()) {
        // Decoding with U+FFFD would search for (or filter by) something the client never sent.
        FieldErrors errors;
        for (const QString &name : std::as_const(request.invalidQueryNames))
            errors.append({{QStringLiteral("query"), name},
                           QStringLiteral("Input should be a valid string, unable to parse raw "
                                          "data as a unicode string"),
                           QStringLiteral("string_unicode")});
        reply->sendError(ServiceError::validation(errors));
        return;
    }
    if (route.body == BodyKind::NoneOrJson && !request.body.isEmpty() &&
        !isJsonContentType(request.header("content-type"))) {
        reply->send(ApiResponse::detail(
            415, QStringLiteral("Unsupported media type: expected application/json")));
        return;
    }
    if (route.body == BodyKind::JsonObject) {
        if (!isJsonContentType(request.header("content-type"))) {
            reply->send(ApiResponse::detail(
                415, QStringLiteral("Unsupported media type: expected application/json")));
            return;
        }
        if (request.body.trimmed().isEmpty()) {
            reply->sendError(ServiceError::validation(
                {{{QStringLiteral("body")}, msg::fieldRequired(), QStringLiteral("missing")}}));
            return;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        // QJsonDocument takes only objects and arrays; a valid scalar is JSON all the same (422).
        const bool scalar =
            error.error != QJsonParseError::NoError && json::parseJsonValue(request.body);
        if (error.error != QJsonParseError::NoError && !scalar) {
            // Qt's message names what it found, not always what is wrong ("unterminated object"
            // for {'title': 1}): the byte offset shows where.
            reply->send(ApiResponse::detail(400, QStringLiteral("Malformed JSON: %1 at byte %2")
                                                     .arg(error.errorString())
                                                     .arg(error.offset)));
            return;
        }
        if (scalar || !document.isObject()) {
            reply->sendError(ServiceError::validation(
                {{{QStringLiteral("body")},
                  QStringLiteral("Input should be a valid dictionary or object to extract "
                                 "fields from"),
                  QStringLiteral("model_attributes_type")}}));
            return;
        }
        FieldErrors textErrors;
        findUnstorableText(document.object(), {QStringLiteral("body")}, textErrors);
        if (!textErrors.isEmpty()) {
            reply->sendError(ServiceError::validation(textErrors));
            return;
        }
        request.json = document.object();
    }
    route.handler(request, reply);
}

} // namespace taskdeck::http
