#include "AuthService.h"

#include "AccessToken.h"
#include "ApiMessages.h"
#include "AuditLog.h"
#include "PasswordHasher.h"
#include "UserJson.h"
#include "UserRepository.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QUuid>

namespace taskdeck {

namespace {

const QString kSecretKey = QStringLiteral("jwt_secret");
constexpr int kSecretBytes = 32;
constexpr int kRefreshTokenBytes = 32; // 256 bits
constexpr int kGeneratedPasswordLength = 20;
constexpr int kMinPasswordLength = 12;
constexpr qsizetype kMaxPasswordBytes = 4096; // PBKDF2 input bound (denial of service)

ServiceError badCredentials()
{
    return {ServiceError::Kind::Unauthenticated, msg::invalidCredentials(), {}};
}

EpochMs nowMs();

ServiceError invalidAccessToken()
{
    return {ServiceError::Kind::Unauthenticated, msg::invalidToken(), {}};
}

ServiceError tooManyFailures(qint64 msLeft)
{
    return {ServiceError::Kind::TooManyRequests,
            QStringLiteral("Too many failed logins, try again later"),
            {},
            std::max<qint64>(1, (msLeft + 999) / 1000)};
}

FieldError shortPassword()
{
    return {{QStringLiteral("body"), QStringLiteral("password")},
            QStringLiteral("Password must have at least 12 characters"),
            QStringLiteral("value_error")};
}

FieldError badEmail()
{
    return {{QStringLiteral("body"), QStringLiteral("email")},
            QStringLiteral("Email must contain '@'"),
            QStringLiteral("value_error")};
}

/// A monotonic clock for the session cache (wall-clock jumps must not extend an entry).
qint64 monotonicMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

constexpr qsizetype kMaxCachedSessions = 10000;
/// Access tokens remembered as verified (AuthService::authenticate); cleared when full.
constexpr qsizetype kMaxVerifiedTokens = 10000;

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

VoidResult writeAudit(QSqlDatabase &db, const Principal &actor, const QString &action,
                      const QUuid &target, const std::optional<User> &before,
                      const std::optional<User> &after)
{
    AuditEntry entry;
    entry.at = nowMs();
    entry.username = actor.username;
    entry.action = action;
    entry.target = idText(target);
    if (before)
        entry.before = json::userAccountToJson(*before);
    if (after)
        entry.after = json::userAccountToJson(*after);
    return audit::appendAudit(db, entry);
}

bool isEnabledAdmin(const User &user)
{
    return user.role == Role::Admin && !user.disabled;
}

ServiceError badRefreshToken()
{
    return {ServiceError::Kind::Unauthenticated, QStringLiteral("Invalid refresh token"), {}};
}

EpochMs nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 codePoints(const QString &text)
{
    return text.toUcs4().size();
}

Principal principalOf(const User &user)
{
    return Principal{user.id, user.username, user.role};
}

FieldErrors validateNewUser(const QString &username, const QString &password,
                            const std::optional<QString> &email)
{
    static const QRegularExpression usernamePattern(QStringLiteral("^[A-Za-z0-9._-]{3,64}$"));
    FieldErrors errors;
    if (!usernamePattern.match(username).hasMatch())
        errors.append({{QStringLiteral("body"), QStringLiteral("username")},
                       QStringLiteral("Username must be 3 to 64 characters of A-Z a-z 0-9 . _ -"),
                       QStringLiteral("value_error")});
    if (codePoints(password) < kMinPasswordLength || password.size() > kMaxPasswordBytes)
        errors.append(shortPassword());
    if (email && !email->contains(QLatin1Char('@')))
        errors.append(badEmail());
    return errors;
}

/// Wraps a job so that every statement of it runs in one transaction.
template <typename T, typename Job> Result<T> inTransaction(QSqlDatabase &db, Job &&job)
{
    if (!db.transaction())
        return ConnectionPool::mapSqlError(db.lastError(), "begin transaction");
    Result<T> result = job();
    if (!result.ok()) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const ServiceError error = ConnectionPool::mapSqlError(db.lastError(), "commit");
        db.rollback();
        return error;
    }
    return result;
}

} // namespace

AuthService::AuthService(ConnectionPool *pool, AuthOptions options, QObject *parent)
    : QObject(parent), m_pool(pool), m_options(options)
{}

AuthService::~AuthService()
{
    m_jobs.waitIdle();
}

QByteArray AuthService::secret() const
{
    QMutexLocker locker(&m_secretMutex);
    return m_secret;
}

QFuture<VoidResult> AuthService::initialize()
{
    return runJob<Done>([this](QSqlDatabase &db) -> VoidResult {
        Result<QByteArray> loaded =
            userdb::loadOrCreateSecret(db, kSecretKey, auth::randomBytes(kSecretBytes));
        if (!loaded.ok())
            return loaded.error();
        QMutexLocker locker(&m_secretMutex);
        m_secret = loaded.value();
        return Done{};
    });
}

QFuture<Result<AdminBootstrap>> AuthService::bootstrapAdmin(std::optional<QString> password)
{
    const int iterations = m_options.pbkdf2Iterations;
    return runJob<AdminBootstrap>([password,
                                   iterations](QSqlDatabase &db) -> Result<AdminBootstrap> {
        if (password &&
            (codePoints(*password) < kMinPasswordLength || password->size() > kMaxPasswordBytes))
            return ServiceError::validation({shortPassword()});
        const Result<qint64> count = userdb::countUsers(db);
        if (!count.ok())
            return count.error();
        if (count.value() > 0)
            return AdminBootstrap{};

        AdminBootstrap outcome;
        outcome.created = true;
        const QString chosen =
            password ? *password : auth::randomPassword(kGeneratedPasswordLength);
        if (!password)
            outcome.generatedPassword = chosen;
        userdb::UserRecord record;
        record.user.id = QUuid::createUuid();
        record.user.username = QStringLiteral("admin");
        record.user.role = Role::Admin;
        record.user.createdAt = nowMs();
        record.passwordHash = auth::hashPassword(chosen, iterations);
        const VoidResult inserted = userdb::insertUser(db, record, record.user.createdAt);
        if (!inserted.ok()) {
            // Another instance bootstrapped at the same moment: it created the admin.
            if (inserted.error().kind == ServiceError::Kind::Conflict)
                return AdminBootstrap{};
            return inserted.error();
        }
        return outcome;
    });
}

Result<LoginResult> AuthService::issueTokens(QSqlDatabase &db, const userdb::UserRecord &record,
                                             const QString &chainId) const
{
    const User &user = record.user;
    const QByteArray key = secret();
    if (key.isEmpty()) {
        qWarning("AuthService: tokens requested before initialize() finished");
        return ServiceError::internal();
    }
    const EpochMs now = nowMs();
    const auth::IssuedToken access =
        auth::issueAccessToken(key, principalOf(user), now / 1000,
                               m_options.accessTokenLifetimeSeconds, {chainId, record.tokenEpoch});
    const QByteArray refreshRaw = auth::randomBytes(kRefreshTokenBytes);
    const QString refreshToken = QString::fromLatin1(
        refreshRaw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const VoidResult stored =
        userdb::insertRefreshToken(db, auth::sha256Hex(refreshToken.toLatin1()), user.id, chainId,
                                   now, now + m_options.refreshTokenLifetimeSeconds * 1000);
    if (!stored.ok())
        return stored.error();
    return LoginResult{access.token, m_options.accessTokenLifetimeSeconds, refreshToken, user};
}

QFuture<Result<LoginResult>> AuthService::login(QString username, QString password,
                                                QString clientAddress) const
{
    const AuthOptions options = m_options;
    return runJob<LoginResult>([this, username, password, clientAddress,
                                options](QSqlDatabase &db) -> Result<LoginResult> {
        const QString userKey = username.left(256);
        const Result<EpochMs> bannedUntil = userdb::loginBannedUntil(db, userKey, clientAddress);
        if (!bannedUntil.ok())
            return bannedUntil.error();
        const EpochMs started = nowMs();
        if (bannedUntil.value() > started) {
            m_loginsRefused.fetch_add(1, std::memory_order_relaxed);
            return tooManyFailures(bannedUntil.value() - started);
        }

        std::optional<userdb::UserRecord> record;
        bool passwordOk = false;
        if (password.size() <= kMaxPasswordBytes && username.size() <= 256) {
            Result<std::optional<userdb::UserRecord>> found = userdb::findUserByName(db, username);
            if (!found.ok())
                return found.error();
            record = std::move(found).value();
            if (record)
                passwordOk = auth::verifyPassword(password, record->passwordHash);
            else
                auth::burnDummyVerification(password, options.pbkdf2Iterations);
        }
        if (!passwordOk || record->user.disabled) {
            m_loginFailures.fetch_add(1, std::memory_order_relaxed);
            qInfo("login failed for %s from %s",
                  record ? qPrintable(record->user.username) : "an unknown user",
                  qPrintable(clientAddress));
            const VoidResult recorded = inTransaction<Done>(db, [&]() -> VoidResult {
                const EpochMs now = nowMs();
                const QList<std::pair<QString, QString>> keys{
                    {userdb::kScopeUser, userKey}, {userdb::kScopeAddress, clientAddress}};
                for (const auto &[scope, key] : keys) {
                    if (key.isEmpty())
                        continue;
                    const Result<bool> banned = userdb::recordLoginFailure(
                        db, scope, key, now, options.loginFailureWindowSeconds * 1000,
                        options.loginMaxFailures, options.loginBanSeconds * 1000);
                    if (!banned.ok())
                        return banned.error();
                    if (banned.value()) {
                        (scope == userdb::kScopeUser ? m_userBans : m_addressBans)
                            .fetch_add(1, std::memory_order_relaxed);
                        qWarning("login: %d failures for %s %s: banned for %lld s",
                                 options.loginMaxFailures,
                                 scope == userdb::kScopeUser ? "user name" : "address",
                                 qPrintable(key), options.loginBanSeconds);
                    }
                }
                return Done{};
            });
            if (!recorded.ok())
                return recorded.error();
            return badCredentials();
        }
        return inTransaction<LoginResult>(db, [&]() -> Result<LoginResult> {
            const VoidResult cleared = userdb::clearLoginFailures(db, userdb::kScopeUser, userKey);
            if (!cleared.ok())
                return cleared.error();
            const QString sessionId = idText(QUuid::createUuid());
            const VoidResult session =
                userdb::insertSession(db, sessionId, record->user.id, nowMs());
            if (!session.ok())
                return session.error();
            return issueTokens(db, *record, sessionId);
        });
    });
}

LoginStats AuthService::loginStats() const
{
    return {m_loginFailures.load(std::memory_order_relaxed),
            m_userBans.load(std::memory_order_relaxed),
            m_addressBans.load(std::memory_order_relaxed),
            m_loginsRefused.load(std::memory_order_relaxed)};
}

QFuture<Result<LoginResult>> AuthService::refresh(QString refreshToken, QString clientAddress) const
{
    return runJob<LoginResult>([this, refreshToken,
                                clientAddress](QSqlDatabase &db) -> Result<LoginResult> {
        if (refreshToken.isEmpty() || refreshToken.size() > 256)
            return badRefreshToken();
        const QString hash = auth::sha256Hex(refreshToken.toUtf8());
        bool reuse = false;
        QString reusedChain;
        Result<LoginResult> result = inTransaction<LoginResult>(db, [&]() -> Result<LoginResult> {
            const auto found = userdb::findRefreshToken(db, hash);
            if (!found.ok())
                return found.error();
            if (!found.value())
                return badRefreshToken();
            const userdb::RefreshTokenRecord token = *found.value();
            // A session already ended (logout, an earlier re-use, password change, disabling):
            // every token of it is dead, and presenting one is no new attack.
            const auto session = userdb::findSession(db, token.chainId, token.userId);
            if (!session.ok())
                return session.error();
            if (!session.value() || session.value()->revoked)
                return badRefreshToken();
            if (token.revoked) {
                reuse = true;
                reusedChain = token.chainId;
                return badRefreshToken();
            }
            if (token.expiresAt <= nowMs())
                return badRefreshToken();
            const Result<bool> revoked = userdb::revokeRefreshToken(db, hash);
            if (!revoked.ok())
                return revoked.error();
            if (!revoked.value()) { // a concurrent refresh rotated it first: a re-use
                reuse = true;
                reusedChain = token.chainId;
                return badRefreshToken();
            }
            const auto user = userdb::findUserById(db, token.userId);
            if (!user.ok())
                return user.error();
            if (!user.value() || user.value()->user.disabled)
                return badRefreshToken();
            return issueTokens(db, *user.value(), token.chainId);
        });
        if (reuse) {
            qWarning("refresh token re-used from %s: revoking its chain",
                     qPrintable(clientAddress));
            const VoidResult revoked = inTransaction<Done>(
                db, [&] { return userdb::revokeSession(db, reusedChain, nowMs()); });
            if (!revoked.ok())
                return revoked.error();
            clearSessionCache();
        }
        return result;
    });
}

QFuture<Result<User>> AuthService::createUser(QString username, QString password, Role role,
                                              std::optional<QString> email,
                                              std::optional<Principal> actor) const
{
    const int iterations = m_options.pbkdf2Iterations;
    return runJob<User>([username, password, role, email, actor,
                         iterations](QSqlDatabase &db) -> Result<User> {
        const FieldErrors errors = validateNewUser(username, password, email);
        if (!errors.isEmpty())
            return ServiceError::validation(errors);
        userdb::UserRecord record;
        record.user.id = QUuid::createUuid();
        record.user.username = username;
        record.user.email = email;
        record.user.role = role;
        record.user.createdAt = nowMs();
        record.passwordHash = auth::hashPassword(password, iterations);
        return inTransaction<User>(db, [&]() -> Result<User> {
            const VoidResult inserted = userdb::insertUser(db, record, record.user.createdAt);
            if (!inserted.ok())
                return inserted.error();
            if (actor) {
                const VoidResult audited = writeAudit(db, *actor, QStringLiteral("user.create"),
                                                      record.user.id, std::nullopt, record.user);
                if (!audited.ok())
                    return audited.error();
            }
            return record.user;
        });
    });
}

QFuture<Result<QList<User>>> AuthService::listUsers() const
{
    return runJob<QList<User>>(
        [](QSqlDatabase &db) -> Result<QList<User>> { return userdb::listUsers(db); });
}

QFuture<Result<User>> AuthService::updateUser(QUuid id, UserUpdate update, Principal actor) const
{
    const int iterations = m_options.pbkdf2Iterations;
    return runJob<User>([this, id, update, actor, iterations](QSqlDatabase &db) -> Result<User> {
        FieldErrors errors;
        if (update.email && *update.email && !(*update.email)->contains(QLatin1Char('@')))
            errors.append(badEmail());
        if (update.password && (codePoints(*update.password) < kMinPasswordLength ||
                                update.password->size() > kMaxPasswordBytes))
            errors.append(shortPassword());
        if (!errors.isEmpty())
            return ServiceError::validation(errors);
        // Hashing takes ~100 ms: before the transaction, so no lock is held meanwhile.
        const QString newHash =
            update.password ? auth::hashPassword(*update.password, iterations) : QString();
        Result<User> result = inTransaction<User>(db, [&]() -> Result<User> {
            const VoidResult locked = userdb::lockUserMutations(db);
            if (!locked.ok())
                return locked.error();
            const auto found = userdb::findUserById(db, id);
            if (!found.ok())
                return found.error();
            if (!found.value())
                return ServiceError::notFound(msg::userNotFound());
            const userdb::UserRecord before = *found.value();
            userdb::UserRecord after = before;
            if (update.email)
                after.user.email = *update.email;
            if (update.role)
                after.user.role = *update.role;
            if (update.disabled)
                after.user.disabled = *update.disabled;
            if (update.password)
                after.passwordHash = newHash;
            if (isEnabledAdmin(before.user) && !isEnabledAdmin(after.user)) {
                const Result<qint64> admins = userdb::countEnabledAdmins(db);
                if (!admins.ok())
                    return admins.error();
                if (admins.value() <= 1)
                    return ServiceError::conflict(msg::cannotDemoteLastAdmin());
            }
            const bool revoke = update.password || (!before.user.disabled && after.user.disabled);
            if (revoke) {
                ++after.tokenEpoch;
                const VoidResult revoked = userdb::revokeUserSessions(db, id, nowMs());
                if (!revoked.ok())
                    return revoked.error();
            }
            const VoidResult written =
                userdb::updateUser(db, after, update.password.has_value(), nowMs());
            if (!written.ok())
                return written.error();
            const VoidResult audited =
                writeAudit(db, actor, QStringLiteral("user.update"), id, before.user, after.user);
            if (!audited.ok())
                return audited.error();
            return after.user;
        });
        if (result.ok())
            clearSessionCache();
        return result;
    });
}

QFuture<VoidResult> AuthService::deleteUser(QUuid id, Principal actor) const
{
    return runJob<Done>([this, id, actor](QSqlDatabase &db) -> VoidResult {
        VoidResult result = inTransaction<Done>(db, [&]() -> VoidResult {
            const VoidResult locked = userdb::lockUserMutations(db);
            if (!locked.ok())
                return locked.error();
            const auto found = userdb::findUserById(db, id);
            if (!found.ok())
                return found.error();
            if (!found.value())
                return ServiceError::notFound(msg::userNotFound());
            const User before = found.value()->user;
            if (isEnabledAdmin(before)) {
                const Result<qint64> admins = userdb::countEnabledAdmins(db);
                if (!admins.ok())
                    return admins.error();
                if (admins.value() <= 1)
                    return ServiceError::conflict(msg::cannotDeleteLastAdmin());
            }
            const Result<bool> deleted = userdb::deleteUser(db, id);
            if (!deleted.ok())
                return deleted.error();
            if (!deleted.value())
                return ServiceError::notFound(msg::userNotFound());
            return writeAudit(db, actor, QStringLiteral("user.delete"), id, before, std::nullopt);
        });
        if (result.ok())
            clearSessionCache();
        return result;
    });
}

void AuthService::clearSessionCache() const
{
    QMutexLocker locker(&m_cacheMutex);
    m_sessionCache.clear();
    m_verifiedTokens.clear();
    ++m_cacheGeneration;
}

QFuture<Result<Principal>> AuthService::authenticate(QByteArray token) const
{
    // A token verified before is not verified again until it expires (the signature, header and
    // claims of the same bytes cannot change): base64, HMAC-SHA256 and JSON parsing were ~5% of
    // the CPU of a PATCH under load. The session check below still runs as before.
    const qint64 nowSecs = QDateTime::currentSecsSinceEpoch();
    std::optional<auth::AccessClaims> known;
    {
        QMutexLocker locker(&m_cacheMutex);
        const auto found = m_verifiedTokens.constFind(token);
        if (found != m_verifiedTokens.cend() && nowSecs < found->expiresAt)
            known = *found;
    }
    if (!known) {
        const Result<auth::AccessClaims> verified =
            auth::verifyAccessClaims(secret(), token, nowSecs);
        if (!verified.ok())
            return QtFuture::makeReadyFuture(Result<Principal>(verified.error()));
        known = verified.value();
        QMutexLocker locker(&m_cacheMutex);
        if (m_verifiedTokens.size() >= kMaxVerifiedTokens)
            m_verifiedTokens.clear();
        m_verifiedTokens.insert(token, *known);
    }
    const auth::AccessClaims claims = *known;
    if (claims.session.sessionId.isEmpty())
        return QtFuture::makeReadyFuture(Result<Principal>(invalidAccessToken()));
    const auto evaluate =
        [claims](const std::optional<userdb::SessionState> &state) -> Result<Principal> {
        if (!state || state->revoked || state->user.disabled ||
            state->user.id != claims.principal.userId ||
            state->tokenEpoch != claims.session.tokenEpoch)
            return invalidAccessToken();
        return principalOf(state->user);
    };
    const QString sessionId = claims.session.sessionId;
    quint64 generation = 0;
    {
        QMutexLocker locker(&m_cacheMutex);
        const auto cached = m_sessionCache.constFind(sessionId);
        if (cached != m_sessionCache.cend() &&
            monotonicMs() - cached->checkedAtMs < m_options.sessionCacheMs)
            return QtFuture::makeReadyFuture(evaluate(cached->state));
        generation = m_cacheGeneration;
    }
    return runJob<Principal>(
        [this, claims, evaluate, sessionId, generation](QSqlDatabase &db) -> Result<Principal> {
            const qint64 checkedAt = monotonicMs();
            const auto found = userdb::findSession(db, sessionId, claims.principal.userId);
            if (!found.ok())
                return found.error();
            if (m_options.sessionCacheMs > 0) {
                QMutexLocker locker(&m_cacheMutex);
                // A revocation on this instance since the query started: its answer may be stale.
                if (generation == m_cacheGeneration) {
                    if (m_sessionCache.size() >= kMaxCachedSessions)
                        m_sessionCache.clear();
                    m_sessionCache.insert(sessionId, CachedSession{checkedAt, found.value()});
                }
            }
            return evaluate(found.value());
        });
}

QFuture<VoidResult> AuthService::logout(QByteArray token) const
{
    const Result<auth::AccessClaims> verified =
        auth::verifyAccessClaims(secret(), token, QDateTime::currentSecsSinceEpoch());
    if (!verified.ok() || verified.value().session.sessionId.isEmpty())
        return QtFuture::makeReadyFuture(VoidResult(invalidAccessToken()));
    const QString sessionId = verified.value().session.sessionId;
    return runJob<Done>([this, sessionId](QSqlDatabase &db) -> VoidResult {
        const VoidResult revoked =
            inTransaction<Done>(db, [&] { return userdb::revokeSession(db, sessionId, nowMs()); });
        clearSessionCache();
        return revoked;
    });
}

Result<Principal> AuthService::verifyAccessToken(QByteArrayView token) const
{
    return auth::verifyAccessToken(secret(), token, QDateTime::currentSecsSinceEpoch());
}

Result<auth::AccessClaims> AuthService::verifyAccessClaims(QByteArrayView token) const
{
    return auth::verifyAccessClaims(secret(), token, QDateTime::currentSecsSinceEpoch());
}

QFuture<Result<User>> AuthService::user(QUuid id) const
{
    return runJob<User>([id](QSqlDatabase &db) -> Result<User> {
        const auto found = userdb::findUserById(db, id);
        if (!found.ok())
            return found.error();
        if (!found.value())
            return ServiceError::notFound(msg::userNotFound());
        if (found.value()->user.disabled)
            return ServiceError{
                ServiceError::Kind::Unauthenticated, QStringLiteral("User is disabled"), {}};
        return found.value()->user;
    });
}

QFuture<Result<Principal>> AuthService::localPrincipal(QString username) const
{
    return runJob<Principal>([username](QSqlDatabase &db) -> Result<Principal> {
        const auto found = userdb::findUserByName(db, username);
        if (!found.ok())
            return found.error();
        if (!found.value() || found.value()->user.disabled)
            return ServiceError{ServiceError::Kind::Unauthenticated,
                                QStringLiteral("Unknown or disabled user"),
                                {}};
        return principalOf(found.value()->user);
    });
}

} // namespace taskdeck
