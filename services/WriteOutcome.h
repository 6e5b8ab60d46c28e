#pragma once

#include "ServiceError.h"

namespace taskdeck {

/// A write whose commit outcome is unknown: the connection broke while it committed (COMMIT, or
/// an autocommit write statement), so it may or may not have taken effect. Carried as
/// ServiceError::Kind::Internal with exactly this message (isOutcomeUnknown()); answered 500 with
/// `"code": "outcome_unknown"` and never with Retry-After (services/http/ErrorMapping.cpp): a
/// blind retry may do the write twice (use an Idempotency-Key, or read before writing again).
inline const QString &outcomeUnknownMessage()
{
    static const QString message =
        QStringLiteral("The connection to the database broke while the write was being "
                       "committed: it may or may not have taken effect");
    return message;
}

inline ServiceError outcomeUnknown()
{
    return {ServiceError::Kind::Internal, outcomeUnknownMessage(), {}};
}

inline bool isOutcomeUnknown(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Internal && error.message == outcomeUnknownMessage();
}

/// `error` of a failed COMMIT or autocommit write: a lost connection (Unavailable) leaves the
/// outcome unknown; anything else (a constraint, a serialization failure, a busy database) means
/// the write did not happen and stays as it is.
inline ServiceError afterCommitAttempt(ServiceError error)
{
    return error.kind == ServiceError::Kind::Unavailable ? outcomeUnknown() : std::move(error);
}

} // namespace taskdeck
