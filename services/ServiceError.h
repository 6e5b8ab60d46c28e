#pragma once

#include "FieldError.h"

#include <QString>

#include <utility>
#include <variant>

namespace taskdeck {

/// The one error type of the service layer. Mapped to HTTP in exactly one function
/// (services/http/ErrorMapping) and to user-facing text in exactly one place in ui/.
/// `message` is stable English (never tr()), never contains SQL or driver text.
struct ServiceError
{
    enum class Kind
    {
        Validation,         ///< 422, `fields` says what
        BadRequest,         ///< 400
        NotFound,           ///< 404
        Conflict,           ///< 409 (e.g. illegal status transition)
        PreconditionFailed, ///< 412 (stale If-Match)
        Unauthenticated,    ///< 401
        Forbidden,          ///< 403
        TooManyRequests,    ///< 429
        Unavailable,        ///< 503: database unreachable
        Timeout,            ///< 504: statement timeout
        Internal,           ///< 500: a bug; details go to the log only
    };

    Kind kind = Kind::Internal;
    QString message;
    FieldErrors fields;
    /// TooManyRequests: seconds until the client may retry (the Retry-After header); 0: default.
    qint64 retryAfterSeconds = 0;

    static ServiceError validation(FieldErrors fields)
    {
        return {Kind::Validation, QStringLiteral("Validation failed"), std::move(fields)};
    }
    static ServiceError notFound(QString message)
    {
        return {Kind::NotFound, std::move(message), {}};
    }
    static ServiceError conflict(QString message)
    {
        return {Kind::Conflict, std::move(message), {}};
    }
    static ServiceError unavailable()
    {
        return {Kind::Unavailable, QStringLiteral("Database unavailable"), {}};
    }
    static ServiceError timeout()
    {
        return {Kind::Timeout, QStringLiteral("Database timeout"), {}};
    }
    static ServiceError internal()
    {
        return {Kind::Internal, QStringLiteral("Internal server error"), {}};
    }
};

/// A value or a ServiceError: what every service QFuture carries.
template <typename T> class Result
{
public:
    Result() = default; // needed by QFuture's result store; holds a default T
    Result(T value) : m_data(std::move(value)) {}
    Result(ServiceError error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const ServiceError &error() const { return std::get<ServiceError>(m_data); }

private:
    std::variant<T, ServiceError> m_data;
};

/// Result of an operation that returns nothing.
struct Done
{
};
using VoidResult = Result<Done>;

} // namespace taskdeck
