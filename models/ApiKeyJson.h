#pragma once

#include "ApiKey.h"
#include "FieldError.h"

#include <QJsonObject>
#include <QList>

#include <variant>

/// The JSON shapes of API keys (docs/HTTP-SERVER.md "API keys"): the one definition the HTTP
/// API, the OpenAPI document and the GUI read. Pure functions, thread-safe.
namespace taskdeck::json {

/// {"id", "name", "prefix", "role", "read_only", "user_id", "username", "created_at",
/// "last_used_at", "expires_at"}; ids are UUID strings, times formatTimestamp() text or null.
QJsonObject apiKeyToJson(const ApiKey &key);
/// GET /api/keys: {"keys": [apiKeyToJson, ...]}.
QJsonObject apiKeyListToJson(const QList<ApiKey> &keys);
/// The body members POST /api/keys accepts, in documentation order.
const QStringList &newApiKeyFieldNames();
/// POST /api/keys body: `name` (string, required, 1..100 code points, not only spaces), `role`
/// ('admin' | 'operator' | 'viewer'), `read_only` (boolean), `expires_at` (ISO 8601 as
/// parseTimestamp(), or null). Every type error and unknown member is reported, FastAPI style
/// (loc {"body", field}).
std::variant<NewApiKey, FieldErrors> parseNewApiKey(const QJsonObject &body);

} // namespace taskdeck::json
