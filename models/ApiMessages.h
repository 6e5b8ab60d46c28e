#pragma once

#include <QString>

/// The stable English messages of the API's error bodies, spelled out once: the FastAPI/pydantic
/// v2 texts of validation errors (FieldError::msg) and the `detail` texts of other errors that
/// clients (and the GUI's ErrorMessages) recognise. Changing one changes the API contract
/// (docs/API.md). Pure functions, thread-safe.
namespace taskdeck::msg {

// Validation (422) messages, FieldError::msg; the matching `type` is named in each comment.

/// type "missing".
inline QString fieldRequired()
{
    return QStringLiteral("Field required");
}
/// type "extra_forbidden".
inline QString extraForbidden()
{
    return QStringLiteral("Extra inputs are not permitted");
}
/// type "string_type".
inline QString notAString()
{
    return QStringLiteral("Input should be a valid string");
}
/// type "bool_type".
inline QString notABoolean()
{
    return QStringLiteral("Input should be a valid boolean");
}
/// type "int_type".
inline QString notAnInteger()
{
    return QStringLiteral("Input should be a valid integer");
}
/// type "float_type".
inline QString notANumber()
{
    return QStringLiteral("Input should be a valid number");
}
/// type "uuid_parsing".
inline QString notAUuid()
{
    return QStringLiteral("Input should be a valid UUID");
}
/// type "datetime_parsing" / "datetime_type".
inline QString notADatetime()
{
    return QStringLiteral("Input should be a valid datetime");
}
/// type "enum": the three roles (users and API keys).
inline QString roleEnum()
{
    return QStringLiteral("Input should be 'admin', 'operator' or 'viewer'");
}
/// type "enum": the five task statuses (bodies, filters, CSV and JSON imports).
inline QString statusEnum()
{
    return QStringLiteral("Input should be 'pending', 'in_progress', 'completed', 'failed' or "
                          "'cancelled'");
}

/// type "enum": the actions of POST /api/tasks/bulk.
inline QString bulkActionEnum()
{
    return QStringLiteral("Input should be 'retry', 'cancel', 'delete', 'set_status', "
                          "'set_category' or 'set_priority'");
}
/// type "too_long": a list with more than `max` items (`actual` given).
inline QString listTooLong(qsizetype max, qsizetype actual)
{
    return QStringLiteral("List should have at most %1 items after validation, not %2")
        .arg(max)
        .arg(actual);
}
/// type "too_short": an empty list where one item is needed.
inline QString listTooShort()
{
    return QStringLiteral("List should have at least 1 item after validation, not 0");
}
/// type "list_type".
inline QString notAList()
{
    return QStringLiteral("Input should be a valid list");
}
/// type "dict_type".
inline QString notAnObject()
{
    return QStringLiteral("Input should be a valid dictionary");
}
/// type "greater_than_equal" with 0.
inline QString notNegative()
{
    return QStringLiteral("Input should be greater than or equal to 0");
}
/// type "value_error", loc {"query","cursor"}: a list cursor that is not one the server made
/// (malformed, edited, or for another version).
inline QString invalidCursor()
{
    return QStringLiteral("Invalid cursor");
}
/// type "value_error", loc {"query","cursor"}: a valid cursor sent with another sort, order or
/// filter than the list it came from.
inline QString cursorMismatch()
{
    return QStringLiteral("Cursor does not match this sort, order and filter");
}
/// type "value_error", loc {"query","offset"}: offset > 0 together with a cursor.
inline QString offsetWithCursor()
{
    return QStringLiteral("offset cannot be combined with cursor");
}

// `detail` texts of non-validation errors.

/// 401 without usable credentials.
inline QString notAuthenticated()
{
    return QStringLiteral("Not authenticated");
}
/// 401 for a bad, expired or revoked access/refresh token or API key.
inline QString invalidToken()
{
    return QStringLiteral("Invalid or expired token");
}
/// 401 of POST /api/auth/login (also unknown or disabled user).
inline QString invalidCredentials()
{
    return QStringLiteral("Invalid username or password");
}
/// 403 when the caller's role (or a read-only key) does not allow the operation.
inline QString notEnoughPermissions()
{
    return QStringLiteral("Not enough permissions");
}
/// 404 of an unknown path or resource without a more specific text.
inline QString notFound()
{
    return QStringLiteral("Not Found");
}
/// 404 of /api/users/{id}.
inline QString userNotFound()
{
    return QStringLiteral("User not found");
}
/// 409 of POST /api/users.
inline QString usernameTaken()
{
    return QStringLiteral("Username already exists");
}
/// 409 of DELETE /api/users/{id} (the last-admin rule).
inline QString cannotDeleteLastAdmin()
{
    return QStringLiteral("Cannot delete the last enabled admin");
}
/// 409 of PATCH /api/users/{id} (the last-admin rule).
inline QString cannotDemoteLastAdmin()
{
    return QStringLiteral("Cannot demote or disable the last enabled admin");
}

} // namespace taskdeck::msg
