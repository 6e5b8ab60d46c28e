#pragma once

#include "User.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace taskdeck::http {

/// HTTP request methods the router knows.
enum class Method
{
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Other,
};
QByteArray methodName(Method method);

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// A decoded query string: every `name=value` pair in order ('+' is a space, percent-decoded).
using QueryItems = QList<QPair<QString, QString>>;
/// Decodes `encodedQuery`. A name or value whose percent-decoded bytes are not valid UTF-8
/// (e.g. %C3%28, %FF) is decoded with U+FFFD in their place and its (decoded) name appended to
/// `invalidUtf8` when given: the server refuses such a request (422) rather than searching for
/// something the client did not send.
QueryItems parseQueryString(const QByteArray &encodedQuery, QStringList *invalidUtf8 = nullptr);

/// The bearer token of an Authorization header ("Bearer <token>", scheme case-insensitive).
std::optional<QByteArray> bearerToken(const QByteArray &authorization);

/// What a controller sees of a request: no sockets, no Qt HTTP server types. A copy, so it stays
/// valid while the handler waits for a service future.
struct ApiRequest
{
    Method method = Method::Get;
    QString path;         ///< decoded path, e.g. "/api/tasks/3f2c..."
    QStringList pathArgs; ///< values of the route's {placeholders}, in order
    QueryItems query;
    QStringList invalidQueryNames; ///< parameters whose name or value is not valid UTF-8
    HeaderList headers;            ///< names as received
    QByteArray body;
    QJsonObject json;                   ///< the parsed body of routes that take a JSON object
    std::optional<Principal> principal; ///< set on authenticated routes
    QString clientAddress;

    /// First value of a header (name compared case-insensitively); null when absent.
    QByteArray header(QByteArrayView name) const;
    /// Whether the header is present at all (also with an empty value).
    bool hasHeader(QByteArrayView name) const;
    /// Values of a query parameter in order (repeated parameters).
    QStringList queryValues(const QString &name) const;
    bool hasQuery(const QString &name) const;
};

} // namespace taskdeck::http
