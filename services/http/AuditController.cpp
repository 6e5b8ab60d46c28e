#include "AuditController.h"

#include "Async.h"
#include "AuditJson.h"
#include "AuditService.h"
#include "QueryParsing.h"

namespace taskdeck::http {

AuditController::AuditController(const AuditService *audit, QObject *parent)
    : QObject(parent), m_audit(audit)
{}

void AuditController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/audit"), Access::Authenticated, Role::Admin,
                BodyKind::None, [this](const ApiRequest &request, const ReplyPtr &reply) {
                    list(request, reply);
                }});
}

void AuditController::list(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = query::parseAuditList(request);
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(ServiceError::validation(*errors));
        return;
    }
    auto &q = std::get<query::AuditListQuery>(parsed);
    whenReady(this, m_audit->list(std::move(q.filter), q.offset, q.limit, *request.principal),
              [reply](const Result<AuditPage> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(ApiResponse::json(200, json::auditPageToJson(result.value())));
              });
}

} // namespace taskdeck::http
