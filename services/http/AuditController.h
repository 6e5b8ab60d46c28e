#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class AuditService;
}

namespace taskdeck::http {

/// GET /api/audit (docs/API.md; admins only). Lives in the HTTP thread; the query runs on the
/// pool through AuditService.
class AuditController : public QObject
{
    Q_OBJECT
public:
    AuditController(const AuditService *audit, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);

    const AuditService *m_audit;
};

} // namespace taskdeck::http
