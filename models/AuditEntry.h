#pragma once

#include "Task.h"

#include <QJsonValue>
#include <QList>
#include <QString>
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
                      ///< user.delete | api_key.create | api_key.revoke | view.create |
                      ///< view.update | view.delete
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

/// One page of GET /api/audit (json::auditPageToJson).
struct AuditPage
{
    QList<AuditEntry> entries;
    qint64 total = 0;
    qint64 offset = 0;
    int limit = 50;
};

} // namespace taskdeck
