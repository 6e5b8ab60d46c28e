#include "TransportPolicy.h"

#include <QRegularExpression>
#include <QUrl>

namespace taskdeck::http {

namespace {

/// Splits "name", "name:port", "[v6]" or "[v6]:port". False when malformed.
bool splitHostPort(QStringView text, QString *host, std::optional<quint16> *port)
{
    QStringView name = text;
    QStringView portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return false;
        name = text.sliced(1, close - 1);
        const QStringView rest = text.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return false;
            portText = rest.sliced(1);
            if (portText.isEmpty())
                return false;
        }
        if (QHostAddress(name.toString()).protocol() != QAbstractSocket::IPv6Protocol)
            return false;
    } else {
        const qsizetype colon = text.indexOf(u':');
        if (colon >= 0) {
            if (text.indexOf(u':', colon + 1) >= 0)
                return false; // a bare IPv6 literal needs brackets
            name = text.first(colon);
            portText = text.sliced(colon + 1);
            if (portText.isEmpty())
                return false;
        }
        static const QRegularExpression hostName(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.-]*)$"));
        if (!hostName.match(name).hasMatch())
            return false;
    }
    if (name.isEmpty())
        return false;
    *host = name.toString().toLower();
    if (name.endsWith(u'.'))
        host->chop(1); // "example.com." is "example.com"
    port->reset();
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint value = portText.toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return false;
        *port = quint16(value);
    }
    return true;
}

QHostAddress unmapped(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

QString TransportPolicy::parseOrigin(const QString &origin, QString *normalized)
{
    const QString bad = QStringLiteral("invalid origin (expected scheme://host[:port]): ") + origin;
    const QUrl url(origin, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty() ||
        !url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/") ||
        url.hasQuery() || url.hasFragment())
        return bad;
    const int defaultPort = scheme == u"https" ? 443 : 80;
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    QString result = scheme + QStringLiteral("://") + host;
    if (url.port() >= 0 && url.port() != defaultPort)
        result += QLatin1Char(':') + QString::number(url.port());
    *normalized = result;
    return {};
}

QString TransportPolicy::parseHostPattern(const QString &pattern, HostPattern *parsed)
{
    if (!splitHostPort(pattern.trimmed(), &parsed->host, &parsed->port))
        return QStringLiteral("invalid host (expected HOST or HOST:PORT): ") + pattern;
    return {};
}

QString TransportPolicy::parseSubnet(const QString &cidr, QPair<QHostAddress, int> *subnet)
{
    const QString text = cidr.trimmed();
    QPair<QHostAddress, int> value = QHostAddress::parseSubnet(text);
    if (value.first.isNull() || value.second < 0 || text.isEmpty())
        return QStringLiteral("invalid subnet (expected ADDRESS or ADDRESS/PREFIX): ") + cidr;
    *subnet = value;
    return {};
}

QString TransportPolicy::configure(const QStringList &corsOrigins, const QStringList &allowedHosts,
                                   const QStringList &trustedProxies)
{
    m_origins.clear();
    m_hosts.clear();
    m_proxies.clear();
    for (const QString &origin : corsOrigins) {
        QString normalized;
        if (QString error = parseOrigin(origin, &normalized); !error.isEmpty())
            return error;
        m_origins.append(normalized);
    }
    for (const QString &host : allowedHosts) {
        HostPattern pattern;
        if (QString error = parseHostPattern(host, &pattern); !error.isEmpty())
            return error;
        m_hosts.append(pattern);
    }
    for (const QString &proxy : trustedProxies) {
        QPair<QHostAddress, int> subnet;
        if (QString error = parseSubnet(proxy, &subnet); !error.isEmpty())
            return error;
        m_proxies.append(subnet);
    }
    return {};
}

bool TransportPolicy::originAllowed(const QByteArray &origin) const
{
    if (m_origins.isEmpty() || origin.isEmpty())
        return false;
    QString normalized;
    if (!parseOrigin(QString::fromLatin1(origin), &normalized).isEmpty())
        return false;
    return m_origins.contains(normalized);
}

HeaderList TransportPolicy::corsResponseHeaders(const QByteArray &origin) const
{
    if (!originAllowed(origin))
        return {};
    return {{"Access-Control-Allow-Origin", origin},
            {"Vary", "Origin"},
            {"Access-Control-Expose-Headers", "ETag, Location, Retry-After"}};
}

HeaderList TransportPolicy::preflightHeaders(const QByteArray &origin,
                                             const QByteArray &allowMethods)
{
    return {{"Access-Control-Allow-Origin", origin},
            {"Access-Control-Allow-Methods", allowMethods},
            {"Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match"},
            {"Access-Control-Max-Age", "600"},
            {"Vary", "Origin"}};
}

bool TransportPolicy::hostAllowed(const QByteArray &host) const
{
    if (m_hosts.isEmpty())
        return true;
    QString name;
    std::optional<quint16> port;
    if (!splitHostPort(QString::fromLatin1(host.trimmed()), &name, &port))
        return false;
    for (const HostPattern &pattern : m_hosts) {
        if (pattern.host == name && (!pattern.port || pattern.port == port))
            return true;
    }
    return false;
}

bool TransportPolicy::trusted(const QHostAddress &address) const
{
    for (const auto &subnet : m_proxies) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

QString TransportPolicy::clientAddress(const QHostAddress &peer,
                                       const QByteArray &forwardedFor) const
{
    QHostAddress client = unmapped(peer);
    if (m_proxies.isEmpty() || !trusted(client))
        return client.toString();
    const QList<QByteArray> chain = forwardedFor.split(',');
    for (qsizetype i = chain.size() - 1; i >= 0; --i) {
        QString text = QString::fromLatin1(chain[i].trimmed());
        if (text.startsWith(QLatin1Char('[')) && text.endsWith(QLatin1Char(']')))
            text = text.sliced(1, text.size() - 2);
        const QHostAddress hop(text);
        if (hop.isNull())
            break; // garbage: keep the last address a trusted proxy vouched for
        client = unmapped(hop);
        if (!trusted(client))
            break;
    }
    return client.toString();
}

} // namespace taskdeck::http
