#include "HttpTypes.h"

#include <QUrl>

namespace taskdeck::http {

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Patch:
        return "PATCH";
    case Method::Delete:
        return "DELETE";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Other:
        break;
    }
    return "OTHER";
}

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

QueryItems parseQueryString(const QByteArray &encodedQuery)
{
    QueryItems items;
    for (const QByteArray &pair : encodedQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        items.emplaceBack(QUrl::fromPercentEncoding(name), QUrl::fromPercentEncoding(value));
    }
    return items;
}

QByteArray ApiRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool ApiRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &item : headers) {
        if (item.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QStringList ApiRequest::queryValues(const QString &name) const
{
    QStringList values;
    for (const auto &[key, value] : query) {
        if (key == name)
            values.append(value);
    }
    return values;
}

bool ApiRequest::hasQuery(const QString &name) const
{
    for (const auto &item : query) {
        if (item.first == name)
            return true;
    }
    return false;
}

} // namespace taskdeck::http
