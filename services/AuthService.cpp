#include "AuthService.h"

#include "AccessToken.h"
#include "PasswordHasher.h"
#include "UserRepository.h"

#include <QDateTime>
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
    return {
        ServiceError::Kind::Unauthenticated, QStringLiteral("Invalid username or password"), {}};
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
        errors.append({{QStringLiteral("body"), QStringLiteral("password")},
                       QStringLiteral("Password must have at least 12 characters"),
                       QStringLiteral("value_error")});
    if (email && !email->contains(QLatin1Char('@')))
        errors.append({{QStringLiteral("body"), QStringLiteral("email")},
                       QStringLiteral("Email must contain '@'"),
                       QStringLiteral("value_error")});
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

QByteArray AuthService::secret() const
{
    QMutexLocker locker(&m_secretMutex);
    return m_secret;
}

QFuture<VoidResult> AuthService::initialize()
{
    return m_pool->run<Done>([this](QSqlDatabase &db) -> VoidResult {
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
    return m_pool->run<AdminBootstrap>(
        [password, iterations](QSqlDatabase &db) -> Result<AdminBootstrap> {
            if (password && codePoints(*password) < kMinPasswordLength)
                return ServiceError::validation(
                    {{{QStringLiteral("body"), QStringLiteral("password")},
                      QStringLiteral("Password must have at least 12 characters"),
                      QStringLiteral("value_error")}});
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

Result<LoginResult> AuthService::issueTokens(QSqlDatabase &db, const User &user,
                                             const QString &chainId) const
{
    const QByteArray key = secret();
    if (key.isEmpty()) {
        qWarning("AuthService: tokens requested before initialize() finished");
        return ServiceError::internal();
    }
    const EpochMs now = nowMs();
    const auth::IssuedToken access = auth::issueAccessToken(key, principalOf(user), now / 1000,
                                                            m_options.accessTokenLifetimeSeconds);
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
    const int iterations = m_options.pbkdf2Iterations;
    return m_pool->run<LoginResult>([this, username, password, clientAddress,
                                     iterations](QSqlDatabase &db) -> Result<LoginResult> {
        if (password.size() > kMaxPasswordBytes || username.size() > 256)
            return badCredentials();
        const Result<std::optional<userdb::UserRecord>> found =
            userdb::findUserByName(db, username);
        if (!found.ok())
            return found.error();
        if (!found.value()) {
            auth::burnDummyVerification(password, iterations);
            qInfo("login failed for unknown user from %s", qPrintable(clientAddress));
            return badCredentials();
        }
        const userdb::UserRecord &record = *found.value();
        const bool passwordOk = auth::verifyPassword(password, record.passwordHash);
        if (!passwordOk || record.user.disabled) {
            qInfo("login failed for %s from %s", qPrintable(record.user.username),
                  qPrintable(clientAddress));
            return badCredentials();
        }
        return inTransaction<LoginResult>(db, [&] {
            return issueTokens(db, record.user, QUuid::createUuid().toString(QUuid::WithoutBraces));
        });
    });
}

QFuture<Result<LoginResult>> AuthService::refresh(QString refreshToken, QString clientAddress) const
{
    return m_pool->run<LoginResult>([this, refreshToken,
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
            return issueTokens(db, user.value()->user, token.chainId);
        });
        if (reuse) {
            qWarning("refresh token re-used from %s: revoking its chain",
                     qPrintable(clientAddress));
            const VoidResult revoked = inTransaction<Done>(
                db, [&] { return userdb::revokeRefreshChain(db, reusedChain); });
            if (!revoked.ok())
                return revoked.error();
        }
        return result;
    });
}

QFuture<Result<User>> AuthService::createUser(QString username, QString password, Role role,
                                              std::optional<QString> email) const
{
    const int iterations = m_options.pbkdf2Iterations;
    return m_pool->run<User>(
        [username, password, role, email, iterations](QSqlDatabase &db) -> Result<User> {
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
            const VoidResult inserted = userdb::insertUser(db, record, record.user.createdAt);
            if (!inserted.ok())
                return inserted.error();
            return record.user;
        });
}

Result<Principal> AuthService::verifyAccessToken(QByteArrayView token) const
{
    return auth::verifyAccessToken(secret(), token, QDateTime::currentSecsSinceEpoch());
}

QFuture<Result<User>> AuthService::user(QUuid id) const
{
    return m_pool->run<User>([id](QSqlDatabase &db) -> Result<User> {
        const auto found = userdb::findUserById(db, id);
        if (!found.ok())
            return found.error();
        if (!found.value())
            return ServiceError::notFound(QStringLiteral("User not found"));
        if (found.value()->user.disabled)
            return ServiceError{
                ServiceError::Kind::Unauthenticated, QStringLiteral("User is disabled"), {}};
        return found.value()->user;
    });
}

QFuture<Result<Principal>> AuthService::localPrincipal(QString username) const
{
    return m_pool->run<Principal>([username](QSqlDatabase &db) -> Result<Principal> {
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
