#pragma once

#include "ApiKey.h"
#include "ServiceError.h"
#include "User.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <optional>

/// SQL of API keys (table api_keys, migration 008_api_keys). Every function runs on a
/// connection-pool thread with that thread's connection and maps driver errors through
/// ConnectionPool::mapSqlError (no SQL text reaches callers). Keys are found by the hex SHA-256
/// of the secret (`keyHash`); the secret itself never reaches this layer.
namespace taskdeck::keydb {

/// What authenticating with a key needs: the key and its owner's current state.
struct KeyOwnerState
{
    ApiKey key;
    bool userDisabled = false;
    Role userRole = Role::Viewer; ///< the owner's current role (a key never acts above it)
};

/// Inserts `key` (all fields but username, lastUsedAt) with its hash.
VoidResult insertKey(QSqlDatabase &db, const ApiKey &key, const QString &keyHash);
/// Keys with their owners' names, oldest first (created_at, then id); only `userId`'s when given.
Result<QList<ApiKey>> listKeys(QSqlDatabase &db, std::optional<QUuid> userId);
Result<std::optional<ApiKey>> findKey(QSqlDatabase &db, const QUuid &id);
/// The key with this hash and its owner; none for an unknown hash.
Result<std::optional<KeyOwnerState>> findKeyByHash(QSqlDatabase &db, const QString &keyHash);
/// Deletes a key; returns whether it existed.
Result<bool> deleteKey(QSqlDatabase &db, const QUuid &id);
/// Sets last_used_at to `usedAt` unless it is already at or after it.
VoidResult touchKey(QSqlDatabase &db, const QUuid &id, EpochMs usedAt);

} // namespace taskdeck::keydb
