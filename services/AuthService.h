#pragma once

#include "AccessToken.h"
#include "ConnectionPool.h"
#include "JobTracker.h"
#include "ServiceError.h"
#include "User.h"
#include "UserRepository.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QMutexLocker>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace taskdeck {

/// Settings of the authentication service.
struct AuthOptions
{
    qint64 accessTokenLifetimeSeconds = 15 * 60; ///< docs/API.md: 15 minutes by default
    /// PBKDF2-HMAC-SHA256 rounds, tuned to ~100 ms per hash. Measured 2026-11-29 on the
    /// development machine (2 cores, QPasswordDigestor::deriveKeyPbkdf2, 32-byte key, CPU time
    /// of one derivation, best of 5): 100,000 rounds 154-160 ms, 64,000 rounds 97-100 ms. Wall
    /// time was 3-5x that while parallel builds loaded the machine (load average ~5).
    int pbkdf2Iterations = 64000;
    qint64 refreshTokenLifetimeSeconds = 14 * 24 * 3600; ///< one refresh chain link
    /// Login bans (docs/API.md): `loginMaxFailures` failed logins for one user name or one client
    /// address within `loginFailureWindowSeconds` ban that name/address for `loginBanSeconds`
    /// after the last of them (429 with Retry-After, even with the right password).
    int loginMaxFailures = 5;
    qint64 loginBanSeconds = 15 * 60;
    qint64 loginFailureWindowSeconds = 15 * 60;
    /// How long one instance may reuse a session check (revocation reaches other instances
    /// within this time). At most 1000 (docs/API.md: "within a second").
    int sessionCacheMs = 1000;
};

/// What a successful login returns (docs/API.md POST /api/auth/login).
struct LoginResult
{
    QString accessToken;
    qint64 expiresInSeconds = 0;
    QString refreshToken;
    User user;
};

/// What login() counted on this instance since it started (Prometheus `taskdeck_login_*`).
struct LoginStats
{
    quint64 failures = 0;    ///< wrong password, unknown or disabled user (each a 401)
    quint64 userBans = 0;    ///< bans a failure started for a user name
    quint64 addressBans = 0; ///< bans a failure started for a client address
    quint64 refused = 0;     ///< logins refused because a ban was in force (each a 429)
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
/// password hashing run on the connection pool; verifyAccessToken() is CPU-only and cheap (it
/// checks no revocation: protected requests use authenticate()).
class AuthService : public QObject
{
    Q_OBJECT
public:
    AuthService(ConnectionPool *pool, AuthOptions options, QObject *parent = nullptr);
    /// Waits until its pool jobs (which use this object: secret, session cache) have finished:
    /// destroying it with a job queued or running was a use-after-free (a session re-check of
    /// the event stream crashed a test at shutdown).
    ~AuthService() override;

    /// Loads (or creates) the token signing secret. Must finish before tokens are issued or
    /// verified.
    QFuture<VoidResult> initialize();
    /// With an empty user table, creates `admin` (role admin) with `password` or, when not given,
    /// a random 20-character one that is returned once. Validation if `password` is shorter
    /// than 12 code points.
    QFuture<Result<AdminBootstrap>> bootstrapAdmin(std::optional<QString> password);

    /// Checks credentials. Unknown user, wrong password and disabled user all give the same
    /// Unauthenticated "Invalid username or password". Each failure counts against the user name
    /// and the client address; while either is banned (AuthOptions::loginMaxFailures), every
    /// login gets TooManyRequests "Too many failed logins, try again later" with
    /// retryAfterSeconds, before the password is looked at. A success resets the user name's
    /// count. Starts a session (the refresh chain; access tokens carry its id).
    QFuture<Result<LoginResult>> login(QString username, QString password,
                                       QString clientAddress) const;
    /// Counters of login() on this instance. Thread-safe.
    LoginStats loginStats() const;
    /// Verifies signature (HS256 only; alg none and other keys refused), `exp` (a token whose exp
    /// is now or past is refused) and claims. Unauthenticated on any failure.
    Result<Principal> verifyAccessToken(QByteArrayView token) const;
    /// verifyAccessToken() with the token's expiry (claim exp, seconds since the epoch), for
    /// streams that must end when the token does (GET /api/events).
    Result<auth::AccessClaims> verifyAccessClaims(QByteArrayView token) const;
    /// The user behind a principal (GET /api/auth/me); NotFound/Unauthenticated if gone/disabled.
    QFuture<Result<User>> user(QUuid id) const;
    /// Exchanges a refresh token for a new pair (POST /api/auth/refresh). The presented token stops
    /// working; presenting an already rotated token revokes its whole chain. Unauthenticated
    /// "Invalid refresh token" for unknown, expired, revoked or re-used tokens and disabled users.
    QFuture<Result<LoginResult>> refresh(QString refreshToken, QString clientAddress) const;

    /// Verifies an access token completely, for every protected request (the HTTP router's auth
    /// step): signature, expiry and claims inline, then on the pool that its session (claim sid)
    /// is not revoked and its user exists, is enabled and has the token's epoch (claim tep). The
    /// principal carries the user's current name and role. The database answer is reused for at
    /// most AuthOptions::sessionCacheMs; a ready future when cached or invalid.
    /// Unauthenticated "Invalid or expired token" on any failure.
    QFuture<Result<Principal>> authenticate(QByteArray token) const;
    /// Revokes the session of `token` (POST /api/auth/logout): its refresh chain and every access
    /// token issued from it. Unauthenticated if the token does not verify.
    QFuture<VoidResult> logout(QByteArray token) const;
    /// Increases with every revocation made on this instance (logout, password change, disabling,
    /// deletion, re-used refresh token), before the call that made it reports success: a stream
    /// that saw another value re-checks its sessions before it sends anything more.
    quint64 revocationGeneration() const
    {
        QMutexLocker locker(&m_cacheMutex);
        return m_cacheGeneration;
    }

    /// Creates a user (admin tools, tests; POST /api/users with `actor`, which also writes the
    /// user.create audit entry in the same transaction).
    /// Validation: username 3..64 of A-Za-z0-9._-, password >= 12 code points, email with '@'
    /// (loc {"body", field}); Conflict "Username already exists" when taken.
    QFuture<Result<User>> createUser(QString username, QString password, Role role,
                                     std::optional<QString> email,
                                     std::optional<Principal> actor = std::nullopt) const;
    /// Every user, oldest first (GET /api/users).
    QFuture<Result<QList<User>>> listUsers() const;
    /// Changes a user (PATCH /api/users/{id}) and writes a user.update audit entry by `actor`.
    /// A password change or disabling revokes every session and access token of the user.
    /// NotFound "User not found"; Validation for a short password or an email without '@';
    /// Conflict "Cannot demote or disable the last enabled admin".
    QFuture<Result<User>> updateUser(QUuid id, UserUpdate update, Principal actor) const;
    /// Deletes a user with its sessions (DELETE /api/users/{id}); user.delete audit entry.
    /// NotFound; Conflict "Cannot delete the last enabled admin".
    QFuture<VoidResult> deleteUser(QUuid id, Principal actor) const;

    /// The principal of a local desktop session acting as `username` (GUI before sign-in comes
    /// with the accounts issue); Unauthenticated if no such enabled user.
    QFuture<Result<Principal>> localPrincipal(QString username) const;

private:
    QByteArray secret() const;
    Result<LoginResult> issueTokens(QSqlDatabase &db, const userdb::UserRecord &user,
                                    const QString &chainId) const;
    /// Forgets every cached session check (after a local revocation: effective at once here).
    void clearSessionCache() const;
    /// m_pool->run() for jobs that use this object, counted so the destructor can wait for them.
    template <typename T>
    QFuture<Result<T>> runJob(std::function<Result<T>(QSqlDatabase &)> job) const;

    struct CachedSession
    {
        qint64 checkedAtMs = 0; ///< QDeadlineTimer/monotonic clock
        std::optional<userdb::SessionState> state;
    };

    ConnectionPool *m_pool;
    AuthOptions m_options;
    mutable QMutex m_secretMutex;
    QByteArray m_secret; // written once by initialize() before use (guarded by m_secretMutex)
    mutable QMutex m_cacheMutex;
    mutable QHash<QString, CachedSession> m_sessionCache; // by session id (guarded)
    mutable quint64 m_cacheGeneration = 0;                // bumped by clearSessionCache() (guarded)
    /// Access tokens already verified (signature, header, claims), by their bytes; an entry is
    /// used only before its exp (guarded).
    mutable QHash<QByteArray, auth::AccessClaims> m_verifiedTokens;
    mutable JobTracker m_jobs; ///< scheduled by runJob() and not finished
    /// loginStats(), counted by login()'s pool jobs.
    mutable std::atomic<quint64> m_loginFailures{0};
    mutable std::atomic<quint64> m_userBans{0};
    mutable std::atomic<quint64> m_addressBans{0};
    mutable std::atomic<quint64> m_loginsRefused{0};
};

template <typename T>
QFuture<Result<T>> AuthService::runJob(std::function<Result<T>(QSqlDatabase &)> job) const
{
    // The count drops when the pool is done with the job, whether its body ran or not (a count
    // kept inside the body made an orderly quit wait forever after a database outage).
    return m_pool->run<T>([token = m_jobs.begin(), job = std::move(job)](
                              QSqlDatabase &db) -> Result<T> { return job(db); });
}

} // namespace taskdeck
