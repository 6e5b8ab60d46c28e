#include "UserRepository.h"

#include "ConnectionPool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskdeck::userdb {

namespace {

const QString kUserColumns =
    QStringLiteral("id, username, email, role, disabled, password_hash, created_at");

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

bool isUniqueViolation(const QSqlError &error)
{
    // PostgreSQL SQLSTATE 23505; SQLite extended codes 2067 (UNIQUE) / 1555 (PRIMARY KEY).
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("23505") || code == QLatin1String("2067") ||
           code == QLatin1String("1555") ||
           error.databaseText().contains(QLatin1String("UNIQUE constraint failed"));
}

Result<std::optional<UserRecord>> readUser(QSqlQuery &q, const char *context)
{
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), context);
    if (!q.next())
        return std::optional<UserRecord>();
    UserRecord record;
    record.user.id = QUuid::fromString(q.value(0).toString());
    record.user.username = q.value(1).toString();
    if (!q.value(2).isNull())
        record.user.email = q.value(2).toString();
    const std::optional<Role> role = roleFromName(q.value(3).toString());
    if (!role) {
        qWarning("users row %s has an unknown role", qPrintable(record.user.username));
        return ServiceError::internal();
    }
    record.user.role = *role;
    record.user.disabled = q.value(4).toBool();
    record.passwordHash = q.value(5).toString();
    record.user.createdAt = q.value(6).toLongLong();
    return std::optional<UserRecord>(std::move(record));
}

} // namespace

Result<QByteArray> loadOrCreateSecret(QSqlDatabase &db, const QString &key,
                                      const QByteArray &candidate)
{
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"));
    insert.addBindValue(key);
    insert.addBindValue(QString::fromLatin1(candidate.toBase64()));
    if (!insert.exec())
        return ConnectionPool::mapSqlError(insert.lastError(), "create signing secret");

    QSqlQuery select(db);
    select.prepare(QStringLiteral("SELECT value FROM app_settings WHERE key = ?"));
    select.addBindValue(key);
    if (!select.exec())
        return ConnectionPool::mapSqlError(select.lastError(), "load signing secret");
    if (!select.next())
        return ServiceError::internal();
    const auto decoded = QByteArray::fromBase64Encoding(select.value(0).toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < 32) {
        qWarning("app_settings: the signing secret is malformed");
        return ServiceError::internal();
    }
    return decoded.decoded;
}

Result<qint64> countUsers(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !q.next())
        return ConnectionPool::mapSqlError(q.lastError(), "count users");
    return q.value(0).toLongLong();
}

VoidResult insertUser(QSqlDatabase &db, const UserRecord &record, EpochMs nowMs)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO users (id, username, email, role, disabled, "
                             "password_hash, created_at, password_changed_at) "
                             "VALUES (?, ?, ?, ?, %1, ?, ?, ?)")
                  .arg(record.user.disabled ? QLatin1String("TRUE") : QLatin1String("FALSE")));
    q.addBindValue(uuidText(record.user.id));
    q.addBindValue(record.user.username);
    q.addBindValue(record.user.email ? QVariant(*record.user.email)
                                     : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(roleName(record.user.role));
    q.addBindValue(record.passwordHash);
    q.addBindValue(record.user.createdAt);
    q.addBindValue(nowMs);
    if (!q.exec()) {
        if (isUniqueViolation(q.lastError()))
            return ServiceError::conflict(QStringLiteral("Username already exists"));
        return ConnectionPool::mapSqlError(q.lastError(), "insert user");
    }
    return Done{};
}

Result<std::optional<UserRecord>> findUserByName(QSqlDatabase &db, const QString &username)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + kUserColumns +
              QStringLiteral(" FROM users WHERE username = ?"));
    q.addBindValue(username);
    return readUser(q, "find user by name");
}

Result<std::optional<UserRecord>> findUserById(QSqlDatabase &db, const QUuid &id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + kUserColumns +
              QStringLiteral(" FROM users WHERE id = ?"));
    q.addBindValue(uuidText(id));
    return readUser(q, "find user by id");
}

VoidResult insertRefreshToken(QSqlDatabase &db, const QString &tokenHash, const QUuid &userId,
                              const QString &chainId, EpochMs nowMs, EpochMs expiresAt)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO refresh_tokens (token_hash, user_id, chain_id, "
                             "created_at, expires_at, revoked) VALUES (?, ?, ?, ?, ?, FALSE)"));
    q.addBindValue(tokenHash);
    q.addBindValue(uuidText(userId));
    q.addBindValue(chainId);
    q.addBindValue(nowMs);
    q.addBindValue(expiresAt);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "insert refresh token");
    return Done{};
}

Result<std::optional<RefreshTokenRecord>> findRefreshToken(QSqlDatabase &db,
                                                           const QString &tokenHash)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT user_id, chain_id, expires_at, revoked FROM refresh_tokens "
                             "WHERE token_hash = ?"));
    q.addBindValue(tokenHash);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "find refresh token");
    if (!q.next())
        return std::optional<RefreshTokenRecord>();
    RefreshTokenRecord record;
    record.userId = QUuid::fromString(q.value(0).toString());
    record.chainId = QUuid::fromString(q.value(1).toString()).toString(QUuid::WithoutBraces);
    record.expiresAt = q.value(2).toLongLong();
    record.revoked = q.value(3).toBool();
    return std::optional<RefreshTokenRecord>(record);
}

Result<bool> revokeRefreshToken(QSqlDatabase &db, const QString &tokenHash)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE refresh_tokens SET revoked = TRUE "
                             "WHERE token_hash = ? AND revoked = FALSE"));
    q.addBindValue(tokenHash);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "revoke refresh token");
    return q.numRowsAffected() == 1;
}

VoidResult revokeRefreshChain(QSqlDatabase &db, const QString &chainId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE refresh_tokens SET revoked = TRUE WHERE chain_id = ?"));
    q.addBindValue(chainId);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "revoke refresh chain");
    return Done{};
}

} // namespace taskdeck::userdb
