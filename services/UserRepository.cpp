#include "UserRepository.h"

#include "ApiMessages.h"
#include "ConnectionPool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskdeck::userdb {

namespace {

const QString kUserColumns =
    QStringLiteral("id, username, email, role, disabled, password_hash, created_at, token_epoch");

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

/// The user of the current row (columns as kUserColumns, without the hash and epoch).
Result<User> userFromRow(const QSqlQuery &q)
{
    User user;
    user.id = QUuid::fromString(q.value(0).toString());
    user.username = q.value(1).toString();
    if (!q.value(2).isNull())
        user.email = q.value(2).toString();
    const std::optional<Role> role = roleFromName(q.value(3).toString());
    if (!role) {
        qWarning("users row %s has an unknown role", qPrintable(user.username));
        return ServiceError::internal();
    }
    user.role = *role;
    user.disabled = q.value(4).toBool();
    user.createdAt = q.value(6).toLongLong();
    return user;
}

Result<std::optional<UserRecord>> readUser(QSqlQuery &q, const char *context)
{
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), context);
    if (!q.next())
        return std::optional<UserRecord>();
    Result<User> user = userFromRow(q);
    if (!user.ok())
        return user.error();
    UserRecord record;
    record.user = std::move(user).value();
    record.passwordHash = q.value(5).toString();
    record.tokenEpoch = q.value(7).toLongLong();
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
            return ServiceError::conflict(msg::usernameTaken());
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

Result<QList<User>> listUsers(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT ") + kUserColumns +
                QStringLiteral(" FROM users ORDER BY created_at, username")))
        return ConnectionPool::mapSqlError(q.lastError(), "list users");
    QList<User> users;
    while (q.next()) {
        Result<User> user = userFromRow(q);
        if (!user.ok())
            return user.error();
        users.append(std::move(user).value());
    }
    return users;
}

VoidResult lockUserMutations(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("UPDATE app_settings SET value = value WHERE key = 'jwt_secret'")))
        return ConnectionPool::mapSqlError(q.lastError(), "lock users");
    return Done{};
}

Result<qint64> countEnabledAdmins(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = FALSE")) ||
        !q.next())
        return ConnectionPool::mapSqlError(q.lastError(), "count admins");
    return q.value(0).toLongLong();
}

VoidResult updateUser(QSqlDatabase &db, const UserRecord &record, bool passwordChanged,
                      EpochMs nowMs)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("UPDATE users SET email = ?, role = ?, disabled = %1, "
                       "password_hash = ?, token_epoch = ?%2 WHERE id = ?")
            .arg(record.user.disabled ? QLatin1String("TRUE") : QLatin1String("FALSE"),
                 passwordChanged ? QLatin1String(", password_changed_at = ?") : QLatin1String("")));
    q.addBindValue(record.user.email ? QVariant(*record.user.email)
                                     : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(roleName(record.user.role));
    q.addBindValue(record.passwordHash);
    q.addBindValue(record.tokenEpoch);
    if (passwordChanged)
        q.addBindValue(nowMs);
    q.addBindValue(uuidText(record.user.id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "update user");
    return Done{};
}

Result<bool> deleteUser(QSqlDatabase &db, const QUuid &id)
{
    // Explicit deletes of the dependent rows: no reliance on ON DELETE CASCADE being enforced.
    for (const QLatin1String table :
         {QLatin1String("refresh_tokens"), QLatin1String("auth_sessions")}) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE user_id = ?").arg(table));
        q.addBindValue(uuidText(id));
        if (!q.exec())
            return ConnectionPool::mapSqlError(q.lastError(), "delete user sessions");
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM users WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "delete user");
    return q.numRowsAffected() == 1;
}

VoidResult insertSession(QSqlDatabase &db, const QString &sessionId, const QUuid &userId,
                         EpochMs nowMs)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO auth_sessions (id, user_id, created_at) VALUES (?, ?, ?)"));
    q.addBindValue(sessionId);
    q.addBindValue(uuidText(userId));
    q.addBindValue(nowMs);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "insert session");
    return Done{};
}

Result<std::optional<SessionState>> findSession(QSqlDatabase &db, const QString &sessionId,
                                                const QUuid &userId)
{
    const QUuid session = QUuid::fromString(sessionId);
    if (session.isNull())
        return std::optional<SessionState>();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT u.id, u.username, u.email, u.role, u.disabled, "
                             "u.password_hash, u.created_at, u.token_epoch, s.revoked_at "
                             "FROM auth_sessions s JOIN users u ON u.id = s.user_id "
                             "WHERE s.id = ? AND u.id = ?"));
    q.addBindValue(uuidText(session));
    q.addBindValue(uuidText(userId));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "find session");
    if (!q.next())
        return std::optional<SessionState>();
    Result<User> user = userFromRow(q);
    if (!user.ok())
        return user.error();
    return std::optional<SessionState>(
        SessionState{std::move(user).value(), q.value(7).toLongLong(), !q.value(8).isNull()});
}

VoidResult revokeSession(QSqlDatabase &db, const QString &sessionId, EpochMs nowMs)
{
    const QUuid session = QUuid::fromString(sessionId);
    if (session.isNull())
        return Done{};
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "UPDATE auth_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    q.addBindValue(nowMs);
    q.addBindValue(uuidText(session));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "revoke session");
    return revokeRefreshChain(db, uuidText(session));
}

VoidResult revokeUserSessions(QSqlDatabase &db, const QUuid &userId, EpochMs nowMs)
{
    QSqlQuery sessions(db);
    sessions.prepare(QStringLiteral(
        "UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"));
    sessions.addBindValue(nowMs);
    sessions.addBindValue(uuidText(userId));
    if (!sessions.exec())
        return ConnectionPool::mapSqlError(sessions.lastError(), "revoke user sessions");
    QSqlQuery tokens(db);
    tokens.prepare(QStringLiteral(
        "UPDATE refresh_tokens SET revoked = TRUE WHERE user_id = ? AND revoked = FALSE"));
    tokens.addBindValue(uuidText(userId));
    if (!tokens.exec())
        return ConnectionPool::mapSqlError(tokens.lastError(), "revoke user refresh tokens");
    return Done{};
}

Result<EpochMs> loginBannedUntil(QSqlDatabase &db, const QString &username, const QString &address)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT MAX(banned_until) FROM login_bans "
                             "WHERE (scope = 'user' AND key = ?) OR (scope = 'addr' AND key = ?)"));
    q.addBindValue(username);
    q.addBindValue(address);
    if (!q.exec() || !q.next())
        return ConnectionPool::mapSqlError(q.lastError(), "read login bans");
    return q.value(0).isNull() ? EpochMs(0) : q.value(0).toLongLong();
}

Result<bool> recordLoginFailure(QSqlDatabase &db, const QString &scope, const QString &key,
                                EpochMs nowMs, qint64 windowMs, int maxFailures, qint64 banMs)
{
    // The ban row is the per-key lock: concurrent failures of one key (on any instance) queue
    // here, so the count below sees every earlier failure.
    QSqlQuery lock(db);
    lock.prepare(
        QStringLiteral("INSERT INTO login_bans (scope, key, banned_until) VALUES (?, ?, 0) "
                       "ON CONFLICT (scope, key) DO UPDATE SET banned_until = "
                       "login_bans.banned_until"));
    lock.addBindValue(scope);
    lock.addBindValue(key);
    if (!lock.exec())
        return ConnectionPool::mapSqlError(lock.lastError(), "lock login failures");

    QSqlQuery prune(db);
    prune.prepare(
        QStringLiteral("DELETE FROM login_failures WHERE scope = ? AND key = ? AND at <= ?"));
    prune.addBindValue(scope);
    prune.addBindValue(key);
    prune.addBindValue(nowMs - windowMs);
    if (!prune.exec())
        return ConnectionPool::mapSqlError(prune.lastError(), "prune login failures");

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)"));
    insert.addBindValue(scope);
    insert.addBindValue(key);
    insert.addBindValue(nowMs);
    if (!insert.exec())
        return ConnectionPool::mapSqlError(insert.lastError(), "record login failure");

    QSqlQuery count(db);
    count.prepare(
        QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE scope = ? AND key = ?"));
    count.addBindValue(scope);
    count.addBindValue(key);
    if (!count.exec() || !count.next())
        return ConnectionPool::mapSqlError(count.lastError(), "count login failures");
    if (count.value(0).toLongLong() < maxFailures)
        return false;

    QSqlQuery ban(db);
    ban.prepare(
        QStringLiteral("UPDATE login_bans SET banned_until = ? WHERE scope = ? AND key = ?"));
    ban.addBindValue(nowMs + banMs);
    ban.addBindValue(scope);
    ban.addBindValue(key);
    if (!ban.exec())
        return ConnectionPool::mapSqlError(ban.lastError(), "ban login");
    const VoidResult cleared = clearLoginFailures(db, scope, key);
    if (!cleared.ok())
        return cleared.error();
    return true;
}

VoidResult clearLoginFailures(QSqlDatabase &db, const QString &scope, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM login_failures WHERE scope = ? AND key = ?"));
    q.addBindValue(scope);
    q.addBindValue(key);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "clear login failures");
    return Done{};
}

} // namespace taskdeck::userdb
