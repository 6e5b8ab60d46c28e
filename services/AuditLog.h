#pragma once

#include "AuditEntry.h"
#include "ServiceError.h"
#include "Task.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// The audit trail: SQL for the audit_log table (migration 003_audit). Functions take the calling
/// pool thread's connection; appendAudit() must be called inside the mutation's own transaction
/// so the entry commits or rolls back with the change.
namespace audit {

/// The eleven actions: docs/API.md's six, api_key.create, api_key.revoke, then view.create,
/// view.update and view.delete (saved views, migration 011).
const QStringList &auditActions();
/// Validation errors (loc {"query", offset|limit|action|to}) for a listAudit() request; empty
/// when it is valid.
FieldErrors validateQuery(const AuditFilter &filter, qint64 offset, int limit);

/// Inserts `entry` (`seq` is ignored; a null `id` gets a random UUID; `at` is used as given).
/// Internal/Unavailable on failure: the caller rolls its transaction back.
VoidResult appendAudit(QSqlDatabase &db, const AuditEntry &entry);
/// Filtered, paged list, newest first (ties by id descending). offset >= 0, limit 1..100.
Result<AuditPage> listAudit(QSqlDatabase &db, const AuditFilter &filter, qint64 offset, int limit);

} // namespace audit
} // namespace taskdeck
