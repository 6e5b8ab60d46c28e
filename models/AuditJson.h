#pragma once

#include "AuditEntry.h"

#include <QJsonObject>

/// The JSON shape of audit entries (docs/API.md GET /api/audit): the one definition the HTTP API,
/// the OpenAPI test and the GUI read. Pure functions, thread-safe.
namespace taskdeck::json {

/// {"id","at","username","action","target","before","after"} (`id` the UUID string, lowercase,
/// without braces, as every id in the API; `at` ISO 8601 UTC with milliseconds, as task
/// timestamps; `seq` is internal and never written).
QJsonObject auditEntryToJson(const AuditEntry &entry);
/// GET /api/audit body: {"entries": [auditEntryToJson, ...], "total", "offset", "limit"}.
QJsonObject auditPageToJson(const AuditPage &page);

} // namespace taskdeck::json
