#include "HttpServer.h"

#include "AuthService.h"
#include "ErrorMapping.h"
#include "TaskJson.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTcpSocket>
#include <QUrl>

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

bool isJsonContentType(const QByteArray &value)
{
    const QByteArray mediaType = value.split(';').first().trimmed().toLower();
    return mediaType == "application/json";
}

ApiResponse unauthenticated(const QString &detail)
{
    return errorResponse({ServiceError::Kind::Unauthenticated, detail, {}});
}

/// The bearer token of an Authorization header ("Bearer <token>", scheme case-insensitive).
std::optional<QByteArray> bearerToken(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space <= 0 || value.first(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QByteArray token = value.sliced(space + 1).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

} // namespace

HttpServer::HttpServer(const AuthService *auth, QObject *parent)
    : QAbstractHttpServer(parent), m_auth(auth)
{}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Copy everything now: Qt reuses `request` for the connection's next request.
    ApiRequest api;
    api.method = toMethod(request.method());
    const QUrl url = request.url();
    api.path = url.path(QUrl::FullyDecoded);
    api.query = parseQueryString(url.query(QUrl::FullyEncoded).toUtf8());
    api.headers = request.headers();
    api.body = request.body();
    api.clientAddress = socket->peerAddress().toString();
    auto reply = std::make_shared<HttpReply>(makeResponder(request, socket), socket, api.path,
                                             api.method == Method::Head);
    dispatch(std::move(api), reply);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() answers every request. Kept correct all the same.
    HttpReply reply(makeResponder(request, socket), socket, request.url().path());
    reply.send(ApiResponse::detail(404, QStringLiteral("Not Found")));
}

void HttpServer::dispatch(ApiRequest request, const ReplyPtr &reply)
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.pathKnown) {
        reply->send(ApiResponse::detail(404, QStringLiteral("Not Found")));
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
        const QByteArray authorization = request.header("authorization");
        const std::optional<QByteArray> token = bearerToken(authorization);
        if (!token) {
            reply->send(unauthenticated(QStringLiteral("Not authenticated")));
            return;
        }
        Result<Principal> principal = m_auth->verifyAccessToken(*token);
        if (!principal.ok()) {
            reply->send(unauthenticated(principal.error().message));
            return;
        }
        if (route.minRole && int(principal.value().role) < int(*route.minRole)) {
            reply->send(ApiResponse::detail(403, QStringLiteral("Not enough permissions")));
            return;
        }
        request.principal = std::move(principal).value();
    }

    if (route.body == BodyKind::JsonObject) {
        if (!isJsonContentType(request.header("content-type"))) {
            reply->send(ApiResponse::detail(
                415, QStringLiteral("Unsupported media type: expected application/json")));
            return;
        }
        if (request.body.trimmed().isEmpty()) {
            reply->sendError(ServiceError::validation({{{QStringLiteral("body")},
                                                        QStringLiteral("Field required"),
                                                        QStringLiteral("missing")}}));
            return;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        // QJsonDocument takes only objects and arrays; a valid scalar is JSON all the same (422).
        const bool scalar =
            error.error != QJsonParseError::NoError && json::parseJsonValue(request.body);
        if (error.error != QJsonParseError::NoError && !scalar) {
            reply->send(
                ApiResponse::detail(400, QStringLiteral("Malformed JSON: ") + error.errorString()));
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
        request.json = document.object();
    }
    route.handler(request, reply);
}

} // namespace taskdeck::http
