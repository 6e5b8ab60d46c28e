#pragma once

#include "ConnectionPool.h"
#include "ServiceError.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace taskdeck {

/// An answer as it is stored for an Idempotency-Key and replayed (docs/API.md "Safe retries").
struct StoredResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; ///< response-specific headers (ETag, Location)
    QByteArray body;                              ///< JSON text; empty: no body
};

/// Who asked with which key for what: the principal's user id (the user, or an API key's owner),
/// the client's key, and a fingerprint of the request (hex SHA-256 of method, path and the
/// canonical body; the HTTP layer computes it).
struct IdempotencyClaim
{
    QString userId;
    QString key;
    QByteArray fingerprint;
};

/// What an idempotent write did: ran now (`replayed` false), or answered from the stored first
/// answer (`replayed` true).
struct IdempotentAnswer
{
    StoredResponse response;
    bool replayed = false;
};

/// SQL of the idempotency_keys table (migration 010). Functions run inside pool jobs.
namespace idempotency {

/// How long a key is kept (and honoured): 24 h, in milliseconds.
constexpr qint64 kRetentionMs = 24LL * 60 * 60 * 1000;

/// The 422 of a key reused for another request, the 409 of a key whose first request is still
/// being answered (stable English; docs/API.md).
ServiceError keyReused();
ServiceError keyInFlight();

/// Deletes keys created before `before` (ms since the epoch). Returns how many.
Result<qint64> prune(QSqlDatabase &db, qint64 before);

/// Runs `write` exactly once per (claim.userId, claim.key) within kRetentionMs, on a pool thread:
/// in ONE write transaction it claims the key (a row no other transaction can claim meanwhile),
/// runs `write` (whose own SqlTransaction joins this one), stores the answer `write` returns with
/// the key, and commits - so a committed write always has its key and a rolled-back one never
/// has. A key already stored: its answer is replayed (`replayed`) if the fingerprint matches,
/// else keyReused() (422). A key claimed by a transaction that has not finished (another instance
/// on PostgreSQL; waits at most 100 ms): keyInFlight() (409). A failing `write` rolls everything
/// back (the key stays free: the client may retry); a COMMIT that loses the connection is
/// OutcomeUnknown. `afterCommit` (optional) runs after a successful commit of a new write.
/// Keys older than kRetentionMs are ignored and pruned (at most every 10 minutes per process).
/// Thread-safe; the future is delivered like every service future (whenReady()).
QFuture<Result<IdempotentAnswer>> run(const ConnectionPool *pool, IdempotencyClaim claim,
                                      std::function<Result<StoredResponse>(QSqlDatabase &)> write,
                                      std::function<void(QSqlDatabase &)> afterCommit = nullptr);

} // namespace idempotency

} // namespace taskdeck
