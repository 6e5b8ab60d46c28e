#include "HttpTypes.h"

#include <QStringDecoder>

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

QueryItems parseQueryString(const QByteArray &encodedQuery, QStringList *invalidUtf8)
{
    QueryItems items;
    const auto decode = [](QByteArray encoded, bool *valid) {
        encoded.replace('+', ' ');
        const QByteArray bytes = QByteArray::fromPercentEncoding(encoded);
        // Stateless: a sequence cut at the end is an error; ConvertInitialBom: a leading
        // U+FEFF is kept as sent, not dropped.
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                      QStringDecoder::Flag::ConvertInitialBom);
        QString text = utf8(bytes);
        *valid = *valid && !utf8.hasError();
        return text;
    };
    for (const QByteArray &pair : encodedQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        bool valid = true;
        QString name = decode(eq < 0 ? pair : pair.left(eq), &valid);
        QString value = decode(eq < 0 ? QByteArray() : pair.mid(eq + 1), &valid);
        if (!valid && invalidUtf8)
            invalidUtf8->append(name);
        items.emplaceBack(std::move(name), std::move(value));
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
