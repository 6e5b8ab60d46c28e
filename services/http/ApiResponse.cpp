#include "ApiResponse.h"

#include "ApiJson.h"

#include <QJsonObject>

namespace taskdeck::http {

ApiResponse ApiResponse::json(int status, const QJsonValue &body, HeaderList headers)
{
    return ApiResponse{status, "application/json", std::move(headers), json::toApiJson(body)};
}

ApiResponse ApiResponse::detail(int status, const QString &text, HeaderList headers)
{
    return json(status, QJsonObject{{QStringLiteral("detail"), text}}, std::move(headers));
}

ApiResponse ApiResponse::noContent(HeaderList headers)
{
    return ApiResponse{204, QByteArray(), std::move(headers), QByteArray()};
}

HeaderList finalHeaders(const ApiResponse &response, QStringView path, bool closeConnection,
                        bool chunked)
{
    HeaderList headers;
    const bool hasBody = response.status != 204 && response.status != 304;
    if (hasBody && !response.contentType.isEmpty())
        headers.emplaceBack("Content-Type", response.contentType);
    if (chunked)
        headers.emplaceBack("Transfer-Encoding", "chunked");
    else if (hasBody)
        headers.emplaceBack("Content-Length", QByteArray::number(response.body.size()));
    headers.emplaceBack("X-Content-Type-Options", "nosniff");
    if (path.startsWith(u"/api/auth/"))
        headers.emplaceBack("Cache-Control", "no-store");
    if (closeConnection)
        headers.emplaceBack("Connection", "close");
    headers.append(response.headers);
    return headers;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray serializeResponse(const ApiResponse &response, QStringView path, bool closeConnection)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                     reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : finalHeaders(response, path, closeConnection, false))
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    out += response.body;
    return out;
}

} // namespace taskdeck::http
