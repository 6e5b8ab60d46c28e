#include "AuditJson.h"

#include "TaskJson.h"

#include <QJsonArray>

namespace taskdeck::json {

QJsonObject auditEntryToJson(const AuditEntry &entry)
{
    return QJsonObject{
        {QStringLiteral("id"), entry.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("at"), formatTimestamp(entry.at)},
        {QStringLiteral("username"), entry.username},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("target"), entry.target},
        {QStringLiteral("before"), entry.before},
        {QStringLiteral("after"), entry.after},
    };
}

QJsonObject auditPageToJson(const AuditPage &page)
{
    QJsonArray entries;
    for (const AuditEntry &entry : page.entries)
        entries.append(auditEntryToJson(entry));
    return QJsonObject{
        {QStringLiteral("entries"), entries},
        {QStringLiteral("total"), page.total},
        {QStringLiteral("offset"), page.offset},
        {QStringLiteral("limit"), page.limit},
    };
}

} // namespace taskdeck::json
