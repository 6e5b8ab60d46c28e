#pragma once

#include "HttpTypes.h"

#include <QByteArray>
#include <QJsonValue>

namespace taskdeck::http {

/// A complete (non-streamed) response before the common headers are added.
struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    HeaderList headers; ///< response-specific headers (ETag, Location, Allow, Retry-After, ...)
    QByteArray body;

    /// A JSON body, written compactly (toApiJson).
    static ApiResponse json(int status, const QJsonValue &body, HeaderList headers = {});
    /// {"detail": "<text>"}.
    static ApiResponse detail(int status, const QString &text, HeaderList headers = {});
    /// No body (204): neither Content-Type nor Content-Length.
    static ApiResponse noContent(HeaderList headers = {});
};

/// The one write path's header rules (docs/API.md "Conventions"): the response's own headers plus
/// Content-Type (when there is a body or it is not 204), Content-Length (unless chunked),
/// `X-Content-Type-Options: nosniff` always, `Cache-Control: no-store` under /api/auth/, and
/// `Connection: close` when the connection closes after this response.
HeaderList finalHeaders(const ApiResponse &response, QStringView path, bool closeConnection,
                        bool chunked);

/// Reason phrase of a status code ("Not Found").
QByteArray reasonPhrase(int status);

/// A whole HTTP/1.1 response as bytes (status line, finalHeaders, body). Used where no
/// QHttpServerResponder exists: answers the connection guard gives before Qt parsed a request.
QByteArray serializeResponse(const ApiResponse &response, QStringView path, bool closeConnection);

} // namespace taskdeck::http
