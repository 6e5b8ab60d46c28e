#include "AuditService.h"

#include "ApiMessages.h"
#include <QPromise>

namespace taskdeck {

namespace {

QFuture<Result<AuditPage>> ready(Result<AuditPage> result)
{
    QPromise<Result<AuditPage>> promise;
    QFuture<Result<AuditPage>> future = promise.future();
    promise.start();
    promise.addResult(std::move(result));
    promise.finish();
    return future;
}

} // namespace

AuditService::AuditService(ConnectionPool *pool, QObject *parent) : QObject(parent), m_pool(pool) {}

QFuture<Result<AuditPage>> AuditService::list(AuditFilter filter, qint64 offset, int limit,
                                              Principal actor) const
{
    if (!actor.isAdmin())
        return ready(ServiceError{ServiceError::Kind::Forbidden, msg::notEnoughPermissions(), {}});
    if (const FieldErrors errors = audit::validateQuery(filter, offset, limit); !errors.isEmpty())
        return ready(ServiceError::validation(errors));
    return m_pool->run<AuditPage>([filter = std::move(filter), offset, limit](QSqlDatabase &db) {
        return audit::listAudit(db, filter, offset, limit);
    });
}

} // namespace taskdeck
