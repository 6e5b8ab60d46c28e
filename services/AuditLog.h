#pragma once

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

/// One audit entry (docs/API.md GET /api/audit). `before`/`after` are whole objects as the API
/// shows them (json::taskToJson / json::userAccountToJson; never a password hash), JSON null on
/// the side that does not exist.
struct AuditEntry
{
    QUuid id;         ///< the entry's id in the API (random UUID; audit_log.public_id);
                      ///< appendAudit() makes one when it is null
    qint64 seq = 0;   ///< database order (audit_log.id identity); internal, never in the API
    EpochMs at = 0;   ///< when the change committed (ms since epoch, UTC)
    QString username; ///< who made it (the principal's username)
    QString action;   ///< task.create | task.update | task.delete | user.create | user.update |
                      ///< user.delete | api_key.create | api_key.revoke
    QString target;   ///< the changed object's id
    QJsonValue before = QJsonValue(QJsonValue::Null);
    QJsonValue after = QJsonValue(QJsonValue::Null);
};

/// Filters of GET /api/audit; all optional. Newest first.
struct AuditFilter
{
    std::optional<QString> username;
    std::optional<QString> action;
    std::optional<QString> target;
    std::optional<EpochMs> from; ///< inclusive
    std::optional<EpochMs> to;   ///< exclusive
};

struct AuditPage
{
    QList<AuditEntry> entries;
    qint64 total = 0;
    qint64 offset = 0;
    int limit = 50;
};

/// The audit trail: SQL for the audit_log table (migration 003_audit). Functions take the calling
/// pool thread's connection; appendAudit() must be called inside the mutation's own transaction
/// so the entry commits or rolls back with the change.
namespace audit {

/// The eight actions: docs/API.md's six, then api_key.create and api_key.revoke.
const QStringList &auditActions();
/// Validation errors (loc {"query", offset|limit|action|to}) for a listAudit() request; empty
/// when it is valid.
FieldErrors validateQuery(const AuditFilter &filter, qint64 offset, int limit);

/// {"id","at","username","action","target","before","after"} (`id` the UUID string, lowercase,
/// without braces, as every id in the API; `at` ISO 8601 UTC with milliseconds, as task
/// timestamps).
QJsonObject entryToJson(const AuditEntry &entry);
/// GET /api/audit body: {"entries": [...], "total", "offset", "limit"}.
QJsonObject pageToJson(const AuditPage &page);

/// Inserts `entry` (`seq` is ignored; a null `id` gets a random UUID; `at` is used as given).
/// Internal/Unavailable on failure: the caller rolls its transaction back.
VoidResult appendAudit(QSqlDatabase &db, const AuditEntry &entry);
/// Filtered, paged list, newest first (ties by id descending). offset >= 0, limit 1..100.
Result<AuditPage> listAudit(QSqlDatabase &db, const AuditFilter &filter, qint64 offset, int limit);

} // namespace audit
} // namespace taskdeck
