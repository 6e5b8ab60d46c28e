#pragma once

#include "AuditLog.h"
#include "ConnectionPool.h"
#include "ServiceError.h"
#include "User.h"

#include <QFuture>
#include <QObject>

namespace taskdeck {

/// Reading the audit trail (GET /api/audit and the GUI's Audit page). Entries are written by the
/// mutations themselves (TaskService through TaskRepository; user changes through the auth
/// service), each in its own transaction, so this service only reads.
///
/// Thread affinity: like TaskService, lives on the main thread; list() only captures values and
/// schedules a pool job. Consume the future with whenReady() (Async.h).
class AuditService : public QObject
{
    Q_OBJECT
public:
    explicit AuditService(ConnectionPool *pool, QObject *parent = nullptr);

    /// Admins only (Forbidden "Not enough permissions" otherwise). Validation (loc {"query",
    /// offset|limit|action|to}) before any SQL: offset >= 0, limit 1..100, action one of
    /// audit::auditActions(), to later than from. Newest first (at, then id, descending);
    /// `total` counts every match of the filter.
    QFuture<Result<AuditPage>> list(AuditFilter filter, qint64 offset, int limit,
                                    Principal actor) const;

private:
    ConnectionPool *m_pool;
};

} // namespace taskdeck
