#pragma once

#include "ApiKey.h"
#include "ConnectionPool.h"
#include "JobTracker.h"
#include "ServiceError.h"
#include "User.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

namespace taskdeck {

/// Settings of the API key service.
struct ApiKeyOptions
{
    /// How long one instance may reuse a key check (the key's row and its owner's state). A
    /// revocation, disabling or deletion made on another instance sharing the database takes
    /// effect here within this time; on this instance at once. Well under the contract's "within
    /// a second" (docs/HTTP-SERVER.md "API keys").
    int cacheMs = 250;
    /// last_used_at is written at most once per this interval per key and instance, by a pool job
    /// of its own that no request waits for.
    qint64 lastUsedIntervalMs = 60'000;
};

/// What POST /api/keys returns: the key and, only this once, its secret.
struct CreatedApiKey
{
    ApiKey key;
    QString secret; ///< "tdk_" + 43 characters of base64url (256 random bits)
};

/// API keys for scripts (docs/HTTP-SERVER.md "API keys"): create, list, revoke, and the check of
/// every request that presents a key (the HTTP router's auth step, next to
/// AuthService::authenticate() for access tokens).
///
/// A key is "tdk_" + base64url of 32 random bytes from QRandomGenerator::system(). Only its
/// lower-case hex SHA-256 (QCryptographicHash) is stored, and looked up by that hash. A fast
/// unsalted hash is right here, unlike for passwords: the input has 256 bits of entropy, so
/// neither dictionaries nor brute force nor precomputed tables can recover a key from its hash
/// (salt and work factor exist to protect low-entropy secrets), while a slow hash would cost
/// ~100 ms of CPU on every request and a salted one could not be found by an index lookup. A
/// server-side pepper (HMAC) would add nothing that the key's entropy does not give already and
/// would have to be shared by every instance.
///
/// Creation and revocation are audited (api_key.create / api_key.revoke, `before`/`after` the
/// key object, never the secret) in the same transaction as the change.
///
/// Thread affinity: lives on the main thread; every method is thread-safe and schedules pool
/// jobs. The destructor waits for the jobs it scheduled.
class ApiKeyService : public QObject
{
    Q_OBJECT
public:
    ApiKeyService(ConnectionPool *pool, ApiKeyOptions options = {}, QObject *parent = nullptr);
    ~ApiKeyService() override;

    /// Whether `credential` claims to be an API key (starts with "tdk_"); JWTs never do.
    static bool isApiKey(QByteArrayView credential);

    /// Creates a key owned by `actor` (POST /api/keys). `key.role` defaults to the actor's role.
    /// Validation (loc {"body", field}): role above the actor's ("role"), expiry not in the future
    /// ("expires_at"). Forbidden "API keys cannot create API keys" when the actor authenticated
    /// with a key (a key could otherwise outlive its own expiry). Unauthenticated when the actor's
    /// user no longer exists.
    QFuture<Result<CreatedApiKey>> create(NewApiKey key, Principal actor) const;
    /// The actor's keys, or every user's for an admin, oldest first (GET /api/keys).
    QFuture<Result<QList<ApiKey>>> list(Principal actor) const;
    /// Deletes a key (DELETE /api/keys/{id}): the actor's own, or any for an admin. NotFound
    /// "API key not found" for an unknown key or another user's (so ids of others' keys are not
    /// revealed). Effective at once on this instance, within ApiKeyOptions::cacheMs on others.
    QFuture<VoidResult> revoke(QUuid id, Principal actor) const;

    /// Checks a presented key for a protected request: known (by its hash), not expired, owner
    /// enabled. The principal is the owner with the key's role, lowered to the owner's current
    /// role if that is lower, the key's read-only flag and id. Unauthenticated "Invalid or
    /// expired API key" otherwise. A ready future when the check is cached or the key malformed.
    QFuture<Result<Principal>> authenticate(QByteArray key) const;

private:
    struct CachedKey
    {
        qint64 checkedAtMs = 0; ///< monotonic clock
        ApiKey key;
        bool userDisabled = false;
        Role userRole = Role::Viewer;
    };
    Result<Principal> evaluate(const CachedKey &entry) const;
    /// Schedules the last_used_at write when due (see ApiKeyOptions::lastUsedIntervalMs).
    void noteUse(const ApiKey &key) const;
    void forgetCachedKeys() const;
    template <typename T>
    QFuture<Result<T>> runJob(std::function<Result<T>(QSqlDatabase &)> job, bool read) const;

    ConnectionPool *m_pool;
    ApiKeyOptions m_options;
    mutable QMutex m_cacheMutex;
    mutable QHash<QString, CachedKey> m_cache;      ///< by key hash (guarded)
    mutable QHash<QUuid, qint64> m_lastUsedWritten; ///< wall-clock ms of our last write (guarded)
    mutable quint64 m_generation = 0;               ///< bumped by every revocation here (guarded)
    mutable JobTracker m_jobs;                      ///< scheduled by runJob() and not finished
};

} // namespace taskdeck
