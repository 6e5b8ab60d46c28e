#pragma once

#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/// HS256 JSON Web Tokens (RFC 7519) for API access: header {"alg":"HS256","typ":"JWT"}, claims
/// sub (user id), username, role, iat, exp (seconds since the epoch), jti and, for tokens of a
/// login session, sid (the session = refresh chain id) and tep (the user's token epoch); base64url
/// without padding; HMAC-SHA256 via QMessageAuthenticationCode. Pure functions, thread-safe.
namespace taskdeck::auth {

struct IssuedToken
{
    QString token;
    QString jti;
    qint64 expiresAt = 0; ///< seconds since the epoch
};

/// The login session a token belongs to (claims sid and tep).
struct TokenSession
{
    QString sessionId; ///< empty: no sid/tep claims
    qint64 tokenEpoch = 0;
};

/// What a verified token says.
struct AccessClaims
{
    Principal principal;
    TokenSession session; ///< sessionId empty when the token has no sid
    qint64 expiresAt = 0; ///< claim exp: seconds since the Unix epoch
};

/// Tokens issued more than this far in the future (clock skew between instances) are refused.
constexpr qint64 kMaxIssuedAtSkewSecs = 30;

/// Signs a token for `principal` valid from `nowSecs` for `lifetimeSecs` seconds.
IssuedToken issueAccessToken(const QByteArray &secret, const Principal &principal, qint64 nowSecs,
                             qint64 lifetimeSecs, const TokenSession &session = {});

/// Verifies structure (exactly three base64url parts), header (alg must be HS256, no `crit`:
/// this implementation understands no extension), signature (constant-time), expiry (exp must be
/// later than `nowSecs`), iat (not more than kMaxIssuedAtSkewSecs after `nowSecs`) and the
/// claims' presence and types (sid a string and tep an integer when present).
/// Unauthenticated "Invalid or expired token" on any failure.
Result<AccessClaims> verifyAccessClaims(const QByteArray &secret, QByteArrayView token,
                                        qint64 nowSecs);
/// verifyAccessClaims() without the session.
Result<Principal> verifyAccessToken(const QByteArray &secret, QByteArrayView token, qint64 nowSecs);

} // namespace taskdeck::auth
