#include "AuditLog.h"

#include "TaskRules.h"

#include "ConnectionPool.h"
#include "SqlTransaction.h"
#include "TaskJson.h"
#include "TaskSql_p.h"

#include <QJsonArray>

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace taskdeck::audit {

using namespace tasksql;

namespace {

bool isKnownAction(const QString &action)
{
    return auditActions().contains(action);
}

} // namespace

const QStringList &auditActions()
{
    static const QStringList actions{
        QStringLiteral("task.create"),    QStringLiteral("task.update"),
        QStringLiteral("task.delete"),    QStringLiteral("user.create"),
        QStringLiteral("user.update"),    QStringLiteral("user.delete"),
        QStringLiteral("api_key.create"), QStringLiteral("api_key.revoke"),
        QStringLiteral("view.create"),    QStringLiteral("view.update"),
        QStringLiteral("view.delete"),
    };
    return actions;
}

FieldErrors validateQuery(const AuditFilter &filter, qint64 offset, int limit)
{
    FieldErrors errors;
    errors.append(rules::validatePaging(offset, limit));
    if (filter.action && !isKnownAction(*filter.action))
        errors.append({{QStringLiteral("query"), QStringLiteral("action")},
                       QStringLiteral("Input should be %1")
                           .arg(QStringLiteral("'") + auditActions().join(QStringLiteral("', '")) +
                                QStringLiteral("'")),
                       QStringLiteral("enum")});
    if (filter.from && filter.to && *filter.from >= *filter.to)
        errors.append({{QStringLiteral("query"), QStringLiteral("to")},
                       QStringLiteral("'to' must be later than 'from'"),
                       QStringLiteral("value_error")});
    return errors;
}

VoidResult appendAudit(QSqlDatabase &db, const AuditEntry &entry)
{
    if (!isKnownAction(entry.action) || entry.target.isEmpty()) {
        qWarning("taskdeck.audit: refusing an entry with action '%s' and target '%s'",
                 qPrintable(entry.action), qPrintable(entry.target));
        return ServiceError::internal();
    }
    static const QString sql =
        QStringLiteral("INSERT INTO audit_log (public_id, at, username, action, target, "
                       "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)");
    ServiceError error;
    const std::shared_ptr<QSqlQuery> query = ConnectionPool::cachedQuery(db, sql, &error);
    if (!query)
        return error;
    Finisher finisher{query};
    Binder(*query) << idText(entry.id.isNull() ? QUuid::createUuid() : entry.id)
                   << qlonglong(entry.at) << text(entry.username) << text(entry.action)
                   << text(entry.target) << resultText(entry.before) << resultText(entry.after);
    if (!query->exec())
        return ConnectionPool::mapSqlError(query->lastError(), "insert audit entry");
    return Done{};
}

Result<AuditPage> listAudit(QSqlDatabase &db, const AuditFilter &filter, qint64 offset, int limit)
{
    if (const FieldErrors errors = validateQuery(filter, offset, limit); !errors.isEmpty())
        return ServiceError::validation(errors);

    QStringList parts;
    QVariantList params;
    if (filter.username) {
        parts << QStringLiteral("username = ?");
        params << text(*filter.username);
    }
    if (filter.action) {
        parts << QStringLiteral("action = ?");
        params << text(*filter.action);
    }
    if (filter.target) {
        parts << QStringLiteral("target = ?");
        params << text(*filter.target);
    }
    if (filter.from) {
        parts << QStringLiteral("at >= ?");
        params << qlonglong(*filter.from);
    }
    if (filter.to) {
        parts << QStringLiteral("at < ?");
        params << qlonglong(*filter.to);
    }
    const QString where = parts.isEmpty()
                              ? QString()
                              : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));

    // One snapshot for the page and its total.
    SqlTransaction transaction(db);
    if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
        return begun.error();

    AuditPage page;
    page.offset = offset;
    page.limit = limit;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(QStringLiteral("SELECT id, public_id, at, username, action, target, "
                                          "before_json, after_json FROM audit_log") +
                           where + QStringLiteral(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?")))
            return ConnectionPool::mapSqlError(query.lastError(), "prepare audit list");
        QVariantList pageParams = params;
        pageParams << limit << qlonglong(offset);
        if (!bindAndExec(query, pageParams))
            return ConnectionPool::mapSqlError(query.lastError(), "list audit");
        while (query.next()) {
            AuditEntry entry;
            entry.seq = query.value(0).toLongLong();
            entry.id = QUuid::fromString(query.value(1).toString());
            entry.at = query.value(2).toLongLong();
            entry.username = query.value(3).toString();
            entry.action = query.value(4).toString();
            entry.target = query.value(5).toString();
            entry.before = resultFromText(query.value(6));
            entry.after = resultFromText(query.value(7));
            page.entries.append(entry);
        }
    }
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(QStringLiteral("SELECT COUNT(*) FROM audit_log") + where))
            return ConnectionPool::mapSqlError(query.lastError(), "prepare audit count");
        if (!bindAndExec(query, params) || !query.next())
            return ConnectionPool::mapSqlError(query.lastError(), "count audit");
        page.total = query.value(0).toLongLong();
    }
    if (const VoidResult committed = transaction.commit(); !committed.ok())
        return committed.error();
    return page;
}

} // namespace taskdeck::audit
