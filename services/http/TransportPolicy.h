#pragma once

#include "HttpTypes.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace taskdeck::http {

/// Browser and transport safety rules (docs/API.md "Conventions": CORS; DNS rebinding; proxies).
/// Built once from ApiServerOptions; pure functions of the request, usable from any thread.
///
/// - CORS (allowed origins; empty: off): a preflight `OPTIONS` from an allowed origin on a known
///   path is answered 204 without a token; every other response to an allowed origin carries
///   Access-Control-Allow-Origin (the origin itself), Vary: Origin and
///   Access-Control-Expose-Headers. A disallowed origin gets no CORS headers at all; its
///   preflight is answered as without CORS (405 + Allow).
/// - Allowed hosts (empty: any): a request whose Host header is not listed gets 421.
/// - Trusted proxies (empty: none): X-Forwarded-For is believed only from a peer inside a trusted
///   subnet; the client is the right-most address of the chain that is not a trusted proxy.
class TransportPolicy
{
public:
    struct HostPattern
    {
        QString host; ///< lower case; an IPv6 literal without brackets
        std::optional<quint16> port;
    };

    /// Parses the options; returns an error text naming the bad value, or an empty string.
    /// (The same checks the command line uses.)
    static QString parseOrigin(const QString &origin, QString *normalized);
    static QString parseHostPattern(const QString &pattern, HostPattern *parsed);
    static QString parseSubnet(const QString &cidr, QPair<QHostAddress, int> *subnet);

    /// Builds a policy; returns an error text for the first invalid value, or an empty string.
    QString configure(const QStringList &corsOrigins, const QStringList &allowedHosts,
                      const QStringList &trustedProxies);

    bool corsEnabled() const { return !m_origins.isEmpty(); }
    /// Whether `origin` (the request's Origin header) is an allowed CORS origin.
    bool originAllowed(const QByteArray &origin) const;
    /// Headers of an actual (non-preflight) response to an allowed origin; empty otherwise.
    HeaderList corsResponseHeaders(const QByteArray &origin) const;
    /// Headers of a preflight answer (204) to an allowed origin for a path with `allowMethods`.
    static HeaderList preflightHeaders(const QByteArray &origin, const QByteArray &allowMethods);

    /// Whether the Host header value is acceptable (always true without allowed hosts).
    bool hostAllowed(const QByteArray &host) const;

    /// The client's address: the socket peer, unless the peer is a trusted proxy, in which case
    /// the right-most untrusted address of X-Forwarded-For (`forwardedFor` may hold several
    /// header values joined by ","). IPv4-mapped IPv6 addresses are given as IPv4.
    QString clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor) const;

private:
    bool trusted(const QHostAddress &address) const;

    QStringList m_origins;
    QList<HostPattern> m_hosts;
    QList<QPair<QHostAddress, int>> m_proxies;
};

} // namespace taskdeck::http
