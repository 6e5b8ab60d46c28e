#pragma once

#include "FieldError.h"
#include "User.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <variant>

/// The JSON shapes of users and of the authentication bodies (docs/API.md "Authentication and
/// roles", "Users"): the one definition the HTTP API, the OpenAPI test and the GUI read. The
/// accepted member lists are BodyFields.h's. Pure functions, thread-safe.
namespace taskdeck::json {

/// {"id","username","email","role"} (GET /api/auth/me); `email` null when unset.
QJsonObject userToJson(const User &user);
/// {"id","username","email","role","disabled","created_at"} (GET /api/users entries, the
/// before/after of user.* audit entries); `created_at` formatTimestamp() text.
QJsonObject userAccountToJson(const User &user);
/// GET /api/users body: {"users": [userAccountToJson, ...]}.
QJsonObject userListToJson(const QList<User> &users);

/// POST /api/users body: `username`, `password` (strings, required), `email` (string or null),
/// `role` ('admin' | 'operator' | 'viewer', required). Errors (loc {"body", field}) in that order,
/// then unknown members sorted (extra_forbidden). Lengths and formats are checked by the service.
std::variant<NewUser, FieldErrors> parseNewUser(const QJsonObject &body);
/// PATCH /api/users/{id} body: `email` (string or null), `role`, `password` (string),
/// `disabled` (boolean), all optional; same error rules as parseNewUser.
std::variant<UserUpdate, FieldErrors> parseUserPatch(const QJsonObject &body);

/// POST /api/auth/login body.
struct LoginRequest
{
    QString username;
    QString password;
};
/// POST /api/auth/login body: exactly `username` and `password`, both strings.
std::variant<LoginRequest, FieldErrors> parseLogin(const QJsonObject &body);
/// POST /api/auth/refresh body: exactly `refresh_token` (string); returns the token.
std::variant<QString, FieldErrors> parseRefresh(const QJsonObject &body);

/// Body of a successful login or refresh: {"access_token", "token_type": "bearer",
/// "expires_in" (seconds), "refresh_token"}.
QJsonObject tokenPairToJson(const QString &accessToken, qint64 expiresInSeconds,
                            const QString &refreshToken);

} // namespace taskdeck::json
