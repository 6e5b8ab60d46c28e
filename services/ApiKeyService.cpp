#include "ApiKeyService.h"

#include "ApiKeyJson.h"
#include "ApiKeyRepository.h"
#include "AuditLog.h"
#include "PasswordHasher.h"
#include "SqlTransaction.h"
#include "UserRepository.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutexLocker>

#include <limits>

namespace taskdeck {

namespace {

constexpr int kSecretBytes = 32; // 256 bits
/// "tdk_" + base64url of 32 bytes without padding (43 characters).
constexpr qsizetype kKeyLength = 4 + 43;
constexpr qsizetype kMaxCachedKeys = 10000;

ServiceError invalidKey()
{
    return {ServiceError::Kind::Unauthenticated, QStringLiteral("Invalid or expired API key"), {}};
}

ServiceError keyNotFound()
{
    return ServiceError::notFound(QStringLiteral("API key not found"));
}

EpochMs nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 monotonicMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

/// Whether every character after the marker is base64url.
bool wellFormed(QByteArrayView key)
{
    if (key.size() != kKeyLength || !key.startsWith(QByteArrayView(kApiKeyMarker.data(), 4)))
        return false;
    for (char c : key.sliced(4)) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

VoidResult writeAudit(QSqlDatabase &db, const Principal &actor, const QString &action,
                      const ApiKey &key, bool created)
{
    AuditEntry entry;
    entry.at = nowMs();
    entry.username = actor.username;
    entry.action = action;
    entry.target = key.id.toString(QUuid::WithoutBraces);
    (created ? entry.after : entry.before) = json::apiKeyToJson(key);
    return audit::appendAudit(db, entry);
}

} // namespace

ApiKeyService::ApiKeyService(ConnectionPool *pool, ApiKeyOptions options, QObject *parent)
    : QObject(parent), m_pool(pool), m_options(options)
{}

ApiKeyService::~ApiKeyService()
{
    m_jobs.waitIdle();
}

template <typename T>
QFuture<Result<T>> ApiKeyService::runJob(std::function<Result<T>(QSqlDatabase &)> job,
                                         bool read) const
{
    // Counted down when the pool is done with the job, whether its body ran or not.
    std::function<Result<T>(QSqlDatabase &)> wrapped =
        [token = m_jobs.begin(), job = std::move(job)](QSqlDatabase &db) -> Result<T> {
        return job(db);
    };
    return read ? m_pool->runRead<T>(std::move(wrapped)) : m_pool->run<T>(std::move(wrapped));
}

bool ApiKeyService::isApiKey(QByteArrayView credential)
{
    return credential.startsWith(QByteArrayView(kApiKeyMarker.data(), kApiKeyMarker.size()));
}

QFuture<Result<CreatedApiKey>> ApiKeyService::create(NewApiKey request, Principal actor) const
{
    if (actor.isApiKey())
        return QtFuture::makeReadyFuture(Result<CreatedApiKey>(ServiceError{
            ServiceError::Kind::Forbidden, QStringLiteral("API keys cannot create API keys"), {}}));
    FieldErrors errors;
    const Role role = request.role.value_or(actor.role);
    if (int(role) > int(actor.role))
        errors.append({{QStringLiteral("body"), QStringLiteral("role")},
                       QStringLiteral("Value error, role must not be higher than your own (%1)")
                           .arg(roleName(actor.role)),
                       QStringLiteral("value_error")});
    const EpochMs now = nowMs();
    if (request.expiresAt && *request.expiresAt <= now)
        errors.append({{QStringLiteral("body"), QStringLiteral("expires_at")},
                       QStringLiteral("Value error, expires_at must be in the future"),
                       QStringLiteral("value_error")});
    if (!errors.isEmpty())
        return QtFuture::makeReadyFuture(
            Result<CreatedApiKey>(ServiceError::validation(std::move(errors))));

    CreatedApiKey created;
    created.secret =
        kApiKeyMarker + QString::fromLatin1(auth::randomBytes(kSecretBytes)
                                                .toBase64(QByteArray::Base64UrlEncoding |
                                                          QByteArray::OmitTrailingEquals));
    ApiKey &key = created.key;
    key.id = QUuid::createUuid();
    key.name = request.name;
    key.prefix = created.secret.left(kApiKeyPrefixLength);
    key.role = role;
    key.readOnly = request.readOnly;
    key.userId = actor.userId;
    key.username = actor.username;
    key.createdAt = now;
    key.expiresAt = request.expiresAt;
    const QString hash = auth::sha256Hex(created.secret.toLatin1());
    return runJob<CreatedApiKey>(
        [created, hash, actor](QSqlDatabase &db) -> Result<CreatedApiKey> {
            SqlTransaction transaction(db);
            if (VoidResult begun = transaction.begin(); !begun.ok())
                return begun.error();
            const auto owner = userdb::findUserById(db, actor.userId);
            if (!owner.ok())
                return owner.error();
            if (!owner.value() || owner.value()->user.disabled)
                return ServiceError{ServiceError::Kind::Unauthenticated,
                                    QStringLiteral("Unknown or disabled user"),
                                    {}};
            CreatedApiKey stored = created;
            stored.key.username = owner.value()->user.username;
            if (VoidResult inserted = keydb::insertKey(db, stored.key, hash); !inserted.ok())
                return inserted.error();
            if (VoidResult audited =
                    writeAudit(db, actor, QStringLiteral("api_key.create"), stored.key, true);
                !audited.ok())
                return audited.error();
            if (VoidResult committed = transaction.commit(); !committed.ok())
                return committed.error();
            return stored;
        },
        false);
}

QFuture<Result<QList<ApiKey>>> ApiKeyService::list(Principal actor) const
{
    return runJob<QList<ApiKey>>(
        [actor](QSqlDatabase &db) -> Result<QList<ApiKey>> {
            return keydb::listKeys(db, actor.isAdmin() ? std::nullopt
                                                       : std::optional<QUuid>(actor.userId));
        },
        true);
}

QFuture<VoidResult> ApiKeyService::revoke(QUuid id, Principal actor) const
{
    return runJob<Done>(
        [this, id, actor](QSqlDatabase &db) -> VoidResult {
            SqlTransaction transaction(db);
            if (VoidResult begun = transaction.begin(); !begun.ok())
                return begun.error();
            const auto found = keydb::findKey(db, id);
            if (!found.ok())
                return found.error();
            if (!found.value() || (!actor.isAdmin() && found.value()->userId != actor.userId))
                return keyNotFound();
            const Result<bool> deleted = keydb::deleteKey(db, id);
            if (!deleted.ok())
                return deleted.error();
            if (!deleted.value())
                return keyNotFound();
            if (VoidResult audited =
                    writeAudit(db, actor, QStringLiteral("api_key.revoke"), *found.value(), false);
                !audited.ok())
                return audited.error();
            if (VoidResult committed = transaction.commit(); !committed.ok())
                return committed.error();
            forgetCachedKeys();
            return Done{};
        },
        false);
}

void ApiKeyService::forgetCachedKeys() const
{
    QMutexLocker locker(&m_cacheMutex);
    m_cache.clear();
    ++m_generation;
}

Result<Principal> ApiKeyService::evaluate(const CachedKey &entry) const
{
    const ApiKey &key = entry.key;
    if (entry.userDisabled || (key.expiresAt && *key.expiresAt <= nowMs()))
        return invalidKey();
    Principal principal;
    principal.userId = key.userId;
    principal.username = key.username;
    principal.role = int(entry.userRole) < int(key.role) ? entry.userRole : key.role;
    principal.readOnly = key.readOnly;
    principal.apiKeyId = key.id;
    noteUse(key);
    return principal;
}

void ApiKeyService::noteUse(const ApiKey &key) const
{
    const EpochMs now = nowMs();
    {
        QMutexLocker locker(&m_cacheMutex);
        qint64 last = key.lastUsedAt.value_or(std::numeric_limits<qint64>::min());
        if (const auto written = m_lastUsedWritten.constFind(key.id);
            written != m_lastUsedWritten.cend())
            last = std::max(last, *written);
        if (last != std::numeric_limits<qint64>::min() && now - last < m_options.lastUsedIntervalMs)
            return;
        if (m_lastUsedWritten.size() >= kMaxCachedKeys)
            m_lastUsedWritten.clear();
        m_lastUsedWritten.insert(key.id, now);
    }
    // Nobody waits for this: the request that used the key is not held up by a write.
    const QUuid id = key.id;
    runJob<Done>([id, now](QSqlDatabase &db) { return keydb::touchKey(db, id, now); }, false);
}

QFuture<Result<Principal>> ApiKeyService::authenticate(QByteArray key) const
{
    if (!wellFormed(key))
        return QtFuture::makeReadyFuture(Result<Principal>(invalidKey()));
    const QString hash = auth::sha256Hex(key);
    quint64 generation = 0;
    {
        QMutexLocker locker(&m_cacheMutex);
        const auto cached = m_cache.constFind(hash);
        if (cached != m_cache.cend() && monotonicMs() - cached->checkedAtMs < m_options.cacheMs) {
            const CachedKey entry = *cached;
            locker.unlock();
            return QtFuture::makeReadyFuture(evaluate(entry));
        }
        generation = m_generation;
    }
    return runJob<Principal>(
        [this, hash, generation](QSqlDatabase &db) -> Result<Principal> {
            const qint64 checkedAt = monotonicMs();
            const auto found = keydb::findKeyByHash(db, hash);
            if (!found.ok())
                return found.error();
            if (!found.value())
                return invalidKey();
            const CachedKey entry{checkedAt, found.value()->key, found.value()->userDisabled,
                                  found.value()->userRole};
            if (m_options.cacheMs > 0) {
                QMutexLocker locker(&m_cacheMutex);
                // A revocation here since the query started: its answer may be stale.
                if (generation == m_generation) {
                    if (m_cache.size() >= kMaxCachedKeys)
                        m_cache.clear();
                    m_cache.insert(hash, entry);
                }
            }
            return evaluate(entry);
        },
        true);
}

} // namespace taskdeck
