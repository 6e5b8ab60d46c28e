#include "ErrorMapping.h"

#include "ApiMessages.h"
#include "TaskJson.h"
#include "WriteOutcome.h"

#include <QJsonObject>

namespace taskdeck::http {

namespace {

QString orDefault(const QString &message, const QString &fallback)
{
    return message.isEmpty() ? fallback : message;
}

} // namespace

ApiResponse errorResponse(const ServiceError &error)
{
    using Kind = ServiceError::Kind;
    switch (error.kind) {
    case Kind::Validation:
        return ApiResponse::json(422, json::validationErrorBody(error.fields));
    case Kind::BadRequest:
        return ApiResponse::detail(400, orDefault(error.message, QStringLiteral("Bad request")));
    case Kind::NotFound:
        return ApiResponse::detail(404, orDefault(error.message, msg::notFound()));
    case Kind::Conflict:
        return ApiResponse::detail(409, orDefault(error.message, QStringLiteral("Conflict")));
    case Kind::PreconditionFailed:
        return ApiResponse::detail(412,
                                   orDefault(error.message, QStringLiteral("Precondition failed")));
    case Kind::Unauthenticated:
        return ApiResponse::detail(401, orDefault(error.message, msg::notAuthenticated()),
                                   {{"WWW-Authenticate", "Bearer"}});
    case Kind::Forbidden:
        return ApiResponse::detail(403, orDefault(error.message, msg::notEnoughPermissions()));
    case Kind::TooManyRequests:
        return ApiResponse::detail(
            429, orDefault(error.message, QStringLiteral("Too many requests")),
            {{"Retry-After", QByteArray::number(error.retryAfterSeconds > 0
                                                    ? error.retryAfterSeconds
                                                    : kRetryAfterTooManyRequestsSeconds)}});
    case Kind::Unavailable:
        return ApiResponse::detail(
            503, QStringLiteral("Database unavailable"),
            {{"Retry-After", QByteArray::number(kRetryAfterUnavailableSeconds)}});
    case Kind::Timeout:
        return ApiResponse::detail(504, QStringLiteral("Database timeout"));
    case Kind::Internal:
        if (isOutcomeUnknown(error)) {
            // Not 503 + Retry-After: the write may have been committed, a blind retry may
            // repeat it.
            QJsonObject body;
            body.insert(QStringLiteral("detail"), error.message);
            body.insert(QStringLiteral("code"), QStringLiteral("outcome_unknown"));
            return ApiResponse::json(500, body);
        }
        break;
    }
    if (!error.message.isEmpty())
        qWarning("HTTP 500: %s", qPrintable(error.message));
    return ApiResponse::detail(500, QStringLiteral("Internal server error"));
}

} // namespace taskdeck::http
