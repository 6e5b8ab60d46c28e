#include "IdempotencyRepository.h"

#include "SqlTransaction.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

namespace taskdeck::idempotency {

namespace {

constexpr qint64 kPruneEveryMs = 10LL * 60 * 1000;
std::atomic<qint64> g_lastPrune{0};

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

QString headersText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonArray{QString::fromLatin1(name), QString::fromLatin1(value)});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<QPair<QByteArray, QByteArray>> headersFromText(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &pair : array)
        headers.append({pair.toArray().at(0).toString().toLatin1(),
                        pair.toArray().at(1).toString().toLatin1()});
    return headers;
}

struct Row
{
    QByteArray fingerprint;
    StoredResponse response;
    qint64 createdAt = 0;
};

/// The stored row of (user, key), if any.
Result<std::optional<Row>> find(QSqlDatabase &db, const IdempotencyClaim &claim)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT fingerprint, status, headers, body, created_at FROM "
                                 "idempotency_keys WHERE user_id = ? AND idem_key = ?"));
    query.addBindValue(claim.userId);
    query.addBindValue(claim.key);
    if (!query.exec())
        return ConnectionPool::mapSqlError(query.lastError(), "select idempotency key");
    if (!query.next())
        return std::optional<Row>();
    Row row;
    row.fingerprint = query.value(0).toString().toLatin1();
    row.response.status = query.value(1).toInt();
    row.response.headers = headersFromText(query.value(2).toString());
    row.response.body = query.value(3).toString().toUtf8();
    row.createdAt = query.value(4).toLongLong();
    return std::optional<Row>(std::move(row));
}

enum class Claimed
{
    Yes,
    Taken,    ///< a committed row exists (read it)
    InFlight, ///< an unfinished transaction holds the key
};

/// Inserts the key's row (status 0 until the answer is stored).
Result<Claimed> claimKey(QSqlDatabase &db, const IdempotencyClaim &claim, qint64 now)
{
    const bool postgres = isPostgres(db);
    QSqlQuery query(db);
    // PostgreSQL: an INSERT of a key another open transaction inserted waits for that
    // transaction; wait only briefly, then answer "in flight" (SQLite: BEGIN IMMEDIATE already
    // serialises writers, so there is nothing to wait for here).
    if (postgres && !query.exec(QStringLiteral("SET LOCAL lock_timeout = 100")))
        return ConnectionPool::mapSqlError(query.lastError(), "set lock_timeout");
    query.prepare(QStringLiteral(
        "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, status, headers, body, "
        "created_at) VALUES (?, ?, ?, 0, '[]', '', ?) ON CONFLICT (user_id, idem_key) DO NOTHING"));
    query.addBindValue(claim.userId);
    query.addBindValue(claim.key);
    query.addBindValue(QString::fromLatin1(claim.fingerprint));
    query.addBindValue(now);
    if (!query.exec()) {
        if (query.lastError().nativeErrorCode() == QLatin1String("55P03"))
            return Claimed::InFlight;
        return ConnectionPool::mapSqlError(query.lastError(), "claim idempotency key");
    }
    const int inserted = query.numRowsAffected();
    if (postgres) {
        QSqlQuery reset(db);
        if (!reset.exec(QStringLiteral("SET LOCAL lock_timeout TO DEFAULT")))
            return ConnectionPool::mapSqlError(reset.lastError(), "reset lock_timeout");
    }
    return inserted == 1 ? Claimed::Yes : Claimed::Taken;
}

VoidResult store(QSqlDatabase &db, const IdempotencyClaim &claim, const StoredResponse &response)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE idempotency_keys SET status = ?, headers = ?, body = ? "
                                 "WHERE user_id = ? AND idem_key = ?"));
    query.addBindValue(response.status);
    query.addBindValue(headersText(response.headers));
    query.addBindValue(QString::fromUtf8(response.body));
    query.addBindValue(claim.userId);
    query.addBindValue(claim.key);
    if (!query.exec())
        return ConnectionPool::mapSqlError(query.lastError(), "store idempotent answer");
    return Done{};
}

VoidResult removeExpired(QSqlDatabase &db, const IdempotencyClaim &claim, qint64 before)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND created_at < ?"));
    query.addBindValue(claim.userId);
    query.addBindValue(claim.key);
    query.addBindValue(before);
    if (!query.exec())
        return ConnectionPool::mapSqlError(query.lastError(), "delete expired idempotency key");
    return Done{};
}

Result<IdempotentAnswer> answerFrom(const Row &row, const IdempotencyClaim &claim)
{
    if (row.fingerprint != claim.fingerprint)
        return keyReused();
    if (row.response.status == 0) // not reached: status 0 rows are never committed
        return keyInFlight();
    return IdempotentAnswer{row.response, true};
}

Result<IdempotentAnswer> runJob(QSqlDatabase &db, const IdempotencyClaim &claim,
                                const std::function<Result<StoredResponse>(QSqlDatabase &)> &write,
                                const std::function<void(QSqlDatabase &)> &afterCommit)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 last = g_lastPrune.load();
    if (now - last >= kPruneEveryMs && g_lastPrune.compare_exchange_strong(last, now)) {
        // Failure only delays pruning: expired keys are ignored anyway.
        (void)prune(db, now - kRetentionMs);
    }

    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    const Result<std::optional<Row>> existing = find(db, claim);
    if (!existing.ok())
        return existing.error();
    if (existing.value()) {
        if (existing.value()->createdAt >= now - kRetentionMs)
            return answerFrom(*existing.value(), claim);
        if (const VoidResult removed = removeExpired(db, claim, now - kRetentionMs); !removed.ok())
            return removed.error();
    }
    const Result<Claimed> claimed = claimKey(db, claim, now);
    if (!claimed.ok())
        return claimed.error();
    if (claimed.value() == Claimed::InFlight)
        return keyInFlight();
    if (claimed.value() == Claimed::Taken) {
        // Committed by another transaction after our read (PostgreSQL, READ COMMITTED: this
        // statement sees it).
        const Result<std::optional<Row>> row = find(db, claim);
        if (!row.ok())
            return row.error();
        if (!row.value())
            return keyInFlight();
        return answerFrom(*row.value(), claim);
    }
    const Result<StoredResponse> written = write(db);
    if (!written.ok())
        return written.error(); // rolls back, key included
    if (const VoidResult stored = store(db, claim, written.value()); !stored.ok())
        return stored.error();
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    if (afterCommit)
        afterCommit(db);
    return IdempotentAnswer{written.value(), false};
}

} // namespace

ServiceError keyReused()
{
    return ServiceError::validation(
        {{{QStringLiteral("header"), QStringLiteral("Idempotency-Key")},
          QStringLiteral("This Idempotency-Key was already used for a different request (another "
                         "method, path or body); use a new key for a new request"),
          QStringLiteral("idempotency_key_reused")}});
}

ServiceError keyInFlight()
{
    return ServiceError::conflict(
        QStringLiteral("A request with this Idempotency-Key is still being processed; retry "
                       "once it has been answered"));
}

Result<qint64> prune(QSqlDatabase &db, qint64 before)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM idempotency_keys WHERE created_at < ?"));
    query.addBindValue(before);
    if (!query.exec())
        return ConnectionPool::mapSqlError(query.lastError(), "prune idempotency keys");
    return qint64(query.numRowsAffected());
}

Result<std::optional<IdempotentAnswer>> claimForRun(QSqlDatabase &db, const IdempotencyClaim &claim)
{
    using Answer = std::optional<IdempotentAnswer>;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Write); !begun.ok())
        return begun.error();
    for (int attempt = 0; attempt < 2; ++attempt) {
        const Result<std::optional<Row>> existing = find(db, claim);
        if (!existing.ok())
            return existing.error();
        if (const std::optional<Row> &row = existing.value()) {
            if (row->createdAt < now - kRetentionMs) {
                if (const VoidResult removed = removeExpired(db, claim, now - kRetentionMs);
                    !removed.ok())
                    return removed.error();
            } else if (row->fingerprint != claim.fingerprint) {
                return keyReused();
            } else if (row->response.status != 0) {
                return Answer(IdempotentAnswer{row->response, true});
            } else if (row->createdAt >= now - kStaleClaimMs) {
                return keyInFlight();
            } else {
                // An abandoned claim: take it over (the run starts again).
                QSqlQuery query(db);
                query.prepare(QStringLiteral("UPDATE idempotency_keys SET created_at = ? WHERE "
                                             "user_id = ? AND idem_key = ? AND status = 0"));
                query.addBindValue(now);
                query.addBindValue(claim.userId);
                query.addBindValue(claim.key);
                if (!query.exec())
                    return ConnectionPool::mapSqlError(query.lastError(),
                                                       "take over idempotency key");
                if (const VoidResult committed = transaction.commit(); !committed.ok())
                    return committed.error();
                return Answer();
            }
        }
        const Result<Claimed> claimed = claimKey(db, claim, now);
        if (!claimed.ok())
            return claimed.error();
        if (claimed.value() == Claimed::InFlight)
            return keyInFlight();
        if (claimed.value() == Claimed::Yes) {
            if (const VoidResult committed = transaction.commit(); !committed.ok())
                return committed.error();
            return Answer();
        }
        // Claimed::Taken: committed by another transaction after our read; read it again.
    }
    return keyInFlight();
}

VoidResult complete(QSqlDatabase &db, const IdempotencyClaim &claim, const StoredResponse &response)
{
    return store(db, claim, response);
}

VoidResult release(QSqlDatabase &db, const IdempotencyClaim &claim)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND status = 0"));
    query.addBindValue(claim.userId);
    query.addBindValue(claim.key);
    if (!query.exec())
        return ConnectionPool::mapSqlError(query.lastError(), "release idempotency key");
    return Done{};
}

QFuture<Result<IdempotentAnswer>> run(const ConnectionPool *pool, IdempotencyClaim claim,
                                      std::function<Result<StoredResponse>(QSqlDatabase &)> write,
                                      std::function<void(QSqlDatabase &)> afterCommit)
{
    return pool->run<IdempotentAnswer>([claim = std::move(claim), write = std::move(write),
                                        afterCommit = std::move(afterCommit)](QSqlDatabase &db) {
        return runJob(db, claim, write, afterCommit);
    });
}

} // namespace taskdeck::idempotency
