#pragma once

#include "ConnectionPool.h"
#include "ServiceError.h"

#include <QFuture>
#include <QString>

namespace taskdeck {

/// `taskdeck --backup FILE` (issue 12, docs/BACKUP.md): writes a consistent copy of the SQLite
/// database to `file` with VACUUM INTO on a pool thread. The copy is one snapshot (one read
/// transaction): every transaction committed before it started is in it, none that commits
/// later; writers (this process, a running server on the same file) go on meanwhile (WAL). The
/// copy is a complete database file (no -wal beside it), compacted. `file` must not exist.
/// Errors: Validation (PostgreSQL: use pg_dump; the file exists), Unavailable, Internal (SQLite
/// could not write the file; the reason is logged, category taskdeck.db).
QFuture<VoidResult> backupSqliteDatabase(const ConnectionPool *pool, QString file);

} // namespace taskdeck
