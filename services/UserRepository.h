#pragma once

#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <optional>

/// SQL of the authentication service (users, app_settings, refresh_tokens; migration
/// 002_users; auth_sessions, login_failures, login_bans, users.token_epoch: 004_auth_hardening).
/// Every function runs on a connection-pool thread with that thread's connection and maps driver
/// errors through ConnectionPool::mapSqlError (no SQL text reaches callers).
namespace taskdeck::userdb {

/// A user with its password hash (never leaves services/).
struct UserRecord
{
    User user;
    QString passwordHash;
    qint64 tokenEpoch = 0; ///< bumped when the user is disabled or changes password
};

/// A login session (refresh chain) and the state of its user, as token verification needs it.
struct SessionState
{
    User user;
    qint64 tokenEpoch = 0;
    bool revoked = false;
};

/// A stored refresh token (looked up by the SHA-256 of the token).
struct RefreshTokenRecord
{
    QUuid userId;
    QString chainId;
    EpochMs expiresAt = 0;
    bool revoked = false;
};

/// The base64 JWT signing secret under `key`, created from `candidate` when absent (several
/// processes starting at once agree on the first one written).
Result<QByteArray> loadOrCreateSecret(QSqlDatabase &db, const QString &key,
                                      const QByteArray &candidate);

Result<qint64> countUsers(QSqlDatabase &db);
/// Conflict "Username already exists" on a duplicate user name.
VoidResult insertUser(QSqlDatabase &db, const UserRecord &record, EpochMs nowMs);
Result<std::optional<UserRecord>> findUserByName(QSqlDatabase &db, const QString &username);
Result<std::optional<UserRecord>> findUserById(QSqlDatabase &db, const QUuid &id);

VoidResult insertRefreshToken(QSqlDatabase &db, const QString &tokenHash, const QUuid &userId,
                              const QString &chainId, EpochMs nowMs, EpochMs expiresAt);
Result<std::optional<RefreshTokenRecord>> findRefreshToken(QSqlDatabase &db,
                                                           const QString &tokenHash);
/// Marks one token revoked if it was not yet; returns whether this call revoked it.
Result<bool> revokeRefreshToken(QSqlDatabase &db, const QString &tokenHash);
/// Revokes every token of a chain.
VoidResult revokeRefreshChain(QSqlDatabase &db, const QString &chainId);

/// Every user, oldest first (ties by user name).
Result<QList<User>> listUsers(QSqlDatabase &db);
/// Takes the lock that serialises user mutations across instances (a row lock on the signing
/// secret's app_settings row in PostgreSQL, the write lock in SQLite). Inside a transaction.
VoidResult lockUserMutations(QSqlDatabase &db);
Result<qint64> countEnabledAdmins(QSqlDatabase &db);
/// Writes email, role, disabled, password_hash and token_epoch of `record.user.id`; sets
/// password_changed_at to `nowMs` when `passwordChanged`.
VoidResult updateUser(QSqlDatabase &db, const UserRecord &record, bool passwordChanged,
                      EpochMs nowMs);
/// Whether a row was deleted (its sessions and refresh tokens go with it).
Result<bool> deleteUser(QSqlDatabase &db, const QUuid &id);

/// Starts a login session (its id is the refresh chain id).
VoidResult insertSession(QSqlDatabase &db, const QString &sessionId, const QUuid &userId,
                         EpochMs nowMs);
/// The session `sessionId` of `userId` with its user; empty when either is gone.
Result<std::optional<SessionState>> findSession(QSqlDatabase &db, const QString &sessionId,
                                                const QUuid &userId);
/// Revokes a session and every refresh token of its chain.
VoidResult revokeSession(QSqlDatabase &db, const QString &sessionId, EpochMs nowMs);
/// Revokes every session and refresh token of a user.
VoidResult revokeUserSessions(QSqlDatabase &db, const QUuid &userId, EpochMs nowMs);

/// Login failure scopes.
inline const QString kScopeUser = QStringLiteral("user");
inline const QString kScopeAddress = QStringLiteral("addr");
/// The latest end of a ban on the user name or the address (0: none).
Result<EpochMs> loginBannedUntil(QSqlDatabase &db, const QString &username, const QString &address);
/// Records one failure of `key` in `scope` (inside a transaction); when it is the
/// `maxFailures`th within `windowMs`, bans the key until `nowMs + banMs` and returns true.
Result<bool> recordLoginFailure(QSqlDatabase &db, const QString &scope, const QString &key,
                                EpochMs nowMs, qint64 windowMs, int maxFailures, qint64 banMs);
/// Forgets the failures of `key` in `scope` (a successful login).
VoidResult clearLoginFailures(QSqlDatabase &db, const QString &scope, const QString &key);

} // namespace taskdeck::userdb
