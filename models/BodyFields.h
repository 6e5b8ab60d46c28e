#pragma once

#include <QStringList>

/// The fields each JSON request body of the API accepts, in the order the parsers read them: the
/// one list the parser refuses every other field by (422 extra_forbidden) and the OpenAPI
/// document's schema is checked against (tests/http/tst_apiopenapi.cpp). Thread-safe.
namespace taskdeck::json {

/// POST /api/tasks (parseNewTask): schema TaskCreate.
const QStringList &taskCreateFieldNames();
/// PATCH /api/tasks/{id} (parseTaskPatch): schema TaskPatch.
const QStringList &taskPatchFieldNames();
/// POST /api/users: schema UserCreate.
const QStringList &userCreateFieldNames();
/// PATCH /api/users/{id}: schema UserPatch.
const QStringList &userPatchFieldNames();
/// POST /api/auth/login: {"username","password"}, in this order (both required).
const QStringList &loginFieldNames();
/// POST /api/auth/refresh: {"refresh_token"}.
const QStringList &refreshFieldNames();

} // namespace taskdeck::json
