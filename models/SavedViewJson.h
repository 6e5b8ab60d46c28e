#pragma once

#include "FieldError.h"
#include "SavedView.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <variant>

/// The JSON shapes of saved views (docs/API.md "Saved views"): the one definition the HTTP API,
/// the OpenAPI document and the GUI read. Pure functions, thread-safe.
namespace taskdeck::json {

/// {"id", "name", "query", "columns", "shared", "is_default", "user_id", "username",
/// "created_at", "updated_at"}.
QJsonObject savedViewToJson(const SavedView &view);
/// GET /api/views: {"views": [savedViewToJson, ...]}.
QJsonObject savedViewListToJson(const QList<SavedView> &views);
/// The body members POST and PATCH /api/views accept, in documentation order.
const QStringList &savedViewFieldNames();
/// The column names a view may list: the task JSON fields, in the API's order.
const QStringList &savedViewColumnNames();
/// POST /api/views body: `name` (string, required, 1..100 code points, not only spaces), `query`
/// (string, required, at most 2000 characters, a leading '?' dropped), `shared`, `is_default`
/// (booleans), `columns` (array of distinct savedViewColumnNames()). Every type error and unknown
/// member is reported (loc {"body", field}).
std::variant<NewSavedView, FieldErrors> parseNewSavedView(const QJsonObject &body);
/// PATCH /api/views/{id} body: the same members, all optional, none null.
std::variant<SavedViewPatch, FieldErrors> parseSavedViewPatch(const QJsonObject &body);

} // namespace taskdeck::json
