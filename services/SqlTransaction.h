#pragma once

#include "ServiceError.h"

#include <QSqlDatabase>

namespace taskdeck {

/// RAII transaction on a pool thread's connection: rolls back unless commit() succeeded.
/// A Read transaction on PostgreSQL is REPEATABLE READ READ ONLY (one snapshot for all its
/// statements, e.g. a page and its total); on SQLite every transaction reads one snapshot.
/// On SQLite a write transaction is BEGIN IMMEDIATE, so it takes the write lock up front (waiting
/// up to the busy timeout) instead of failing with SQLITE_BUSY on its first write after a read.
///
/// Nesting: a transaction begun on a connection that already has an active SqlTransaction (same
/// thread, same connection) joins the outer one: its begin() and commit() run no SQL, and its
/// rollback() (or its destruction uncommitted) makes the outer commit() fail (Internal) after
/// rolling back. This lets a repository function that has its own transaction run inside a larger
/// one (e.g. a create and its Idempotency-Key row, IdempotencyRepository).
class SqlTransaction
{
public:
    enum class Mode
    {
        Read,
        Write,
        /// A write transaction whose statements all read one snapshot (PostgreSQL: REPEATABLE
        /// READ; SQLite: BEGIN IMMEDIATE, which excludes other writers anyway).
        SnapshotWrite,
    };

    explicit SqlTransaction(QSqlDatabase &db) : m_db(db) {}
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    VoidResult begin(Mode mode = Mode::Write);
    /// A COMMIT that fails because the connection broke leaves the outcome unknown: reported as
    /// ServiceError::Kind::OutcomeUnknown (never retried); other failures as mapped.
    VoidResult commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    QSqlDatabase &m_db;
    bool m_active = false;
    bool m_joined = false; ///< runs inside an outer SqlTransaction of the same connection
};

} // namespace taskdeck
