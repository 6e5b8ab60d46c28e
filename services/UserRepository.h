#pragma once

#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <optional>

/// SQL of the authentication service (users, app_settings, refresh_tokens; migration
/// 002_users). Every function runs on a connection-pool thread with that thread's connection and
/// maps driver errors through ConnectionPool::mapSqlError (no SQL text reaches callers).
namespace taskdeck::userdb {

/// A user with its password hash (never leaves services/).
struct UserRecord
{
    User user;
    QString passwordHash;
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

} // namespace taskdeck::userdb
