#pragma once

#include "ServiceError.h"

#include <QSqlDatabase>

namespace taskdeck {

/// RAII transaction on a pool thread's connection: rolls back unless commit() succeeded.
/// A Read transaction on PostgreSQL is REPEATABLE READ READ ONLY (one snapshot for all its
/// statements, e.g. a page and its total); on SQLite every transaction reads one snapshot.
/// On SQLite a write transaction is BEGIN IMMEDIATE, so it takes the write lock up front (waiting
/// up to the busy timeout) instead of failing with SQLITE_BUSY on its first write after a read.
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
    /// A failed COMMIT leaves the outcome unknown to the caller: reported as an error, never
    /// retried.
    VoidResult commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    QSqlDatabase &m_db;
    bool m_active = false;
};

} // namespace taskdeck
