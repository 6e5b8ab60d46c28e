#pragma once

#include "ConnectionPool.h"
#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QString>

#include <optional>

namespace taskdeck {

/// Settings of the authentication service.
struct AuthOptions
{
    qint64 accessTokenLifetimeSeconds = 15 * 60; ///< CONTRACT.md: 15 minutes by default
    int pbkdf2Iterations = 100000; ///< PBKDF2-HMAC-SHA256; ~170 ms here (QT64-NOTES: 310k ~530 ms)
    qint64 refreshTokenLifetimeSeconds = 14 * 24 * 3600; ///< one refresh chain link
};

/// What a successful login returns (CONTRACT.md POST /api/auth/login).
struct LoginResult
{
    QString accessToken;
    qint64 expiresInSeconds = 0;
    QString refreshToken;
    User user;
};

/// Outcome of the first-start admin bootstrap.
struct AdminBootstrap
{
    bool created = false;      ///< false: users already existed, nothing changed
    QString generatedPassword; ///< set only when created with a random password
};

/// Users, password hashes (salted PBKDF2-HMAC-SHA256 via QPasswordDigestor, constant-time
/// comparison) and HS256 access tokens (JWT signed with QMessageAuthenticationCode; the secret is
/// random, made on first start and kept in the database, never logged).
///
/// Thread affinity: lives on the main thread; every method is thread-safe. Database work and
/// password hashing run on the connection pool; verifyAccessToken() is CPU-only and cheap.
class AuthService : public QObject
{
    Q_OBJECT
public:
    AuthService(ConnectionPool *pool, AuthOptions options, QObject *parent = nullptr);

    /// Loads (or creates) the token signing secret. Must finish before tokens are issued or
    /// verified.
    QFuture<VoidResult> initialize();
    /// With an empty user table, creates `admin` (role admin) with `password` or, when not given,
    /// a random 20-character one that is returned once. Validation if `password` is shorter
    /// than 12 code points.
    QFuture<Result<AdminBootstrap>> bootstrapAdmin(std::optional<QString> password);

    /// Checks credentials. Unknown user, wrong password and disabled user all give the same
    /// Unauthenticated "Invalid username or password".
    QFuture<Result<LoginResult>> login(QString username, QString password,
                                       QString clientAddress) const;
    /// Verifies signature (HS256 only; alg none and other keys refused), `exp` (a token whose exp
    /// is now or past is refused) and claims. Unauthenticated on any failure.
    Result<Principal> verifyAccessToken(QByteArrayView token) const;
    /// The user behind a principal (GET /api/auth/me); NotFound/Unauthenticated if gone/disabled.
    QFuture<Result<User>> user(QUuid id) const;
    /// Exchanges a refresh token for a new pair (POST /api/auth/refresh). The presented token stops
    /// working; presenting an already rotated token revokes its whole chain. Unauthenticated
    /// "Invalid refresh token" for unknown, expired, revoked or re-used tokens and disabled users.
    QFuture<Result<LoginResult>> refresh(QString refreshToken, QString clientAddress) const;

    /// Creates a user (admin tools, tests; POST /api/users comes with the accounts issue).
    /// Validation: username 3..64 of A-Za-z0-9._-, password >= 12 code points, email with '@'
    /// (loc {"body", field}); Conflict "Username already exists" when taken.
    QFuture<Result<User>> createUser(QString username, QString password, Role role,
                                     std::optional<QString> email) const;

    /// The principal of a local desktop session acting as `username` (GUI before sign-in comes
    /// with the accounts issue); Unauthenticated if no such enabled user.
    QFuture<Result<Principal>> localPrincipal(QString username) const;

private:
    QByteArray secret() const;
    Result<LoginResult> issueTokens(QSqlDatabase &db, const User &user,
                                    const QString &chainId) const;

    ConnectionPool *m_pool;
    AuthOptions m_options;
    mutable QMutex m_secretMutex;
    QByteArray m_secret; // written once by initialize() before use (guarded by m_secretMutex)
};

} // namespace taskdeck
