#pragma once

#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/// HS256 JSON Web Tokens (RFC 7519) for API access: header {"alg":"HS256","typ":"JWT"}, claims
/// sub (user id), username, role, iat, exp (seconds since the epoch) and jti; base64url without
/// padding; HMAC-SHA256 via QMessageAuthenticationCode. Pure functions, thread-safe.
namespace taskdeck::auth {

struct IssuedToken
{
    QString token;
    QString jti;
    qint64 expiresAt = 0; ///< seconds since the epoch
};

/// Signs a token for `principal` valid from `nowSecs` for `lifetimeSecs` seconds.
IssuedToken issueAccessToken(const QByteArray &secret, const Principal &principal, qint64 nowSecs,
                             qint64 lifetimeSecs);

/// Verifies structure (exactly three base64url parts), header (alg must be HS256), signature
/// (constant-time), expiry (exp must be later than `nowSecs`) and the claims' presence and types.
/// Unauthenticated "Invalid or expired token" on any failure.
Result<Principal> verifyAccessToken(const QByteArray &secret, QByteArrayView token, qint64 nowSecs);

} // namespace taskdeck::auth
