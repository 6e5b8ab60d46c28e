#include "ApiKeyRepository.h"

#include "ConnectionPool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskdeck::keydb {

namespace {

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant optionalMs(const std::optional<EpochMs> &ms)
{
    return ms ? QVariant(*ms) : QVariant(QMetaType::fromType<qint64>());
}

std::optional<EpochMs> msOrNone(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

/// Columns read by keyFromRow(), `k` the key and `u` its owner.
const QString kKeyColumns =
    QStringLiteral("k.id, k.name, k.prefix, k.role, k.read_only, k.user_id, u.username, "
                   "k.created_at, k.last_used_at, k.expires_at, u.disabled, u.role");

Result<KeyOwnerState> keyFromRow(const QSqlQuery &q)
{
    KeyOwnerState state;
    ApiKey &key = state.key;
    key.id = QUuid::fromString(q.value(0).toString());
    key.name = q.value(1).toString();
    key.prefix = q.value(2).toString();
    const std::optional<Role> role = roleFromName(q.value(3).toString());
    const std::optional<Role> userRole = roleFromName(q.value(11).toString());
    if (!role || !userRole) {
        qWarning("api_keys row %s has an unknown role", qPrintable(key.prefix));
        return ServiceError::internal();
    }
    key.role = *role;
    key.readOnly = q.value(4).toBool();
    key.userId = QUuid::fromString(q.value(5).toString());
    key.username = q.value(6).toString();
    key.createdAt = q.value(7).toLongLong();
    key.lastUsedAt = msOrNone(q.value(8));
    key.expiresAt = msOrNone(q.value(9));
    state.userDisabled = q.value(10).toBool();
    state.userRole = *userRole;
    return state;
}

} // namespace

VoidResult insertKey(QSqlDatabase &db, const ApiKey &key, const QString &keyHash)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO api_keys (id, user_id, name, prefix, key_hash, role, "
                             "read_only, created_at, last_used_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, %1, ?, NULL, ?)")
                  .arg(key.readOnly ? QLatin1String("TRUE") : QLatin1String("FALSE")));
    q.addBindValue(uuidText(key.id));
    q.addBindValue(uuidText(key.userId));
    q.addBindValue(key.name);
    q.addBindValue(key.prefix);
    q.addBindValue(keyHash);
    q.addBindValue(roleName(key.role));
    q.addBindValue(key.createdAt);
    q.addBindValue(optionalMs(key.expiresAt));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "insert api key");
    return Done{};
}

Result<QList<ApiKey>> listKeys(QSqlDatabase &db, std::optional<QUuid> userId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM api_keys k JOIN users u ON u.id = k.user_id %2 "
                             "ORDER BY k.created_at, k.id")
                  .arg(kKeyColumns, userId ? QStringLiteral("WHERE k.user_id = ?") : QString()));
    if (userId)
        q.addBindValue(uuidText(*userId));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "list api keys");
    QList<ApiKey> keys;
    while (q.next()) {
        Result<KeyOwnerState> row = keyFromRow(q);
        if (!row.ok())
            return row.error();
        keys.append(std::move(row).value().key);
    }
    return keys;
}

Result<std::optional<ApiKey>> findKey(QSqlDatabase &db, const QUuid &id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM api_keys k JOIN users u ON u.id = k.user_id "
                             "WHERE k.id = ?")
                  .arg(kKeyColumns));
    q.addBindValue(uuidText(id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "find api key");
    if (!q.next())
        return std::optional<ApiKey>();
    Result<KeyOwnerState> row = keyFromRow(q);
    if (!row.ok())
        return row.error();
    return std::optional<ApiKey>(std::move(row).value().key);
}

Result<std::optional<KeyOwnerState>> findKeyByHash(QSqlDatabase &db, const QString &keyHash)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM api_keys k JOIN users u ON u.id = k.user_id "
                             "WHERE k.key_hash = ?")
                  .arg(kKeyColumns));
    q.addBindValue(keyHash);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "find api key by hash");
    if (!q.next())
        return std::optional<KeyOwnerState>();
    Result<KeyOwnerState> row = keyFromRow(q);
    if (!row.ok())
        return row.error();
    return std::optional<KeyOwnerState>(std::move(row).value());
}

Result<bool> deleteKey(QSqlDatabase &db, const QUuid &id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM api_keys WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "delete api key");
    return q.numRowsAffected() > 0;
}

VoidResult touchKey(QSqlDatabase &db, const QUuid &id, EpochMs usedAt)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE api_keys SET last_used_at = ? "
                             "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)"));
    q.addBindValue(usedAt);
    q.addBindValue(uuidText(id));
    q.addBindValue(usedAt);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "touch api key");
    return Done{};
}

} // namespace taskdeck::keydb
