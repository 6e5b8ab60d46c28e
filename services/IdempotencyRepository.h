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

/// A claim left unfinished this long (its instance stopped, or could not store the answer during
/// an outage) is taken over by the next request with the same key and fingerprint: 10 minutes,
/// far above the longest bulk action measured (10,000 tasks, 12-18 s on SQLite).
constexpr qint64 kStaleClaimMs = 10LL * 60 * 1000;

/// For a write made of several transactions (POST /api/tasks/bulk: chunks of its own), which
/// cannot hold the key's row in one transaction like run(). In one committed transaction:
/// a stored answer within kRetentionMs is returned (replayed, or keyReused() for another
/// fingerprint); a key claimed by a run that has not finished gives keyInFlight() (409) unless
/// the claim is older than kStaleClaimMs (then it is taken over); otherwise the key is claimed
/// (a row with status 0, committed) and std::nullopt is returned: run the write, then
/// complete() or release(). Runs inside a pool job (`db` of that job).
Result<std::optional<IdempotentAnswer>> claimForRun(QSqlDatabase &db,
                                                    const IdempotencyClaim &claim);
/// Stores the answer of a claimed run (autocommit).
VoidResult complete(QSqlDatabase &db, const IdempotencyClaim &claim,
                    const StoredResponse &response);
/// Frees a claimed key whose run failed or stopped (nothing stored: a retry runs again).
VoidResult release(QSqlDatabase &db, const IdempotencyClaim &claim);

} // namespace idempotency

} // namespace taskdeck
