#pragma once

#include "FieldError.h"
#include "Router.h"

#include <QObject>
#include <QString>

namespace taskdeck {
class SavedViewService;
}

namespace taskdeck::http {

/// /api/views (docs/API.md "Saved views"): GET (the caller's views and every shared one), POST
/// (201), PATCH /{id}, DELETE /{id} (204). Any authenticated caller, viewers included (read-only
/// API keys cannot write, as everywhere). Bodies are checked by json::parseNewSavedView() /
/// parseSavedViewPatch(); the view's `query` by validateViewQuery(); ownership, sharing, the
/// default and the audit are SavedViewService's. Lives in the HTTP thread.
class ViewsController : public QObject
{
    Q_OBJECT
public:
    ViewsController(const SavedViewService *views, QObject *parent = nullptr);
    void registerRoutes(Router &router);

    /// Checks a view's query string with GET /api/tasks' own parser (query::parseTaskList).
    /// Errors have loc {"body", "query", parameter}; a parameter GET /api/tasks does not know
    /// (e.g. a misspelt "sort_by") is an error here, unlike on GET /api/tasks, so that a saved
    /// view never silently drops part of what was saved.
    static FieldErrors validateViewQuery(const QString &query);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);
    void create(const ApiRequest &request, const ReplyPtr &reply);
    void update(const ApiRequest &request, const ReplyPtr &reply);
    void remove(const ApiRequest &request, const ReplyPtr &reply);

    const SavedViewService *m_views;
};

} // namespace taskdeck::http
