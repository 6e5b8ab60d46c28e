#pragma once

#include "ApiResponse.h"
#include "ServiceError.h"

namespace taskdeck::http {

/// Seconds a client should wait before retrying after 503 (database unavailable) or 429.
inline constexpr int kRetryAfterUnavailableSeconds = 5;
inline constexpr int kRetryAfterTooManyRequestsSeconds = 60;

/// THE mapping of service errors to HTTP (DESIGN.md "Errors"): status, body and headers.
/// Validation 422 (FastAPI shape), BadRequest 400, NotFound 404, Conflict 409,
/// PreconditionFailed 412, Unauthenticated 401 + WWW-Authenticate, Forbidden 403,
/// TooManyRequests 429 + Retry-After, Unavailable 503 + Retry-After, Timeout 504, Internal 500.
/// Bodies never carry SQL, driver text or stack traces.
ApiResponse errorResponse(const ServiceError &error);

} // namespace taskdeck::http
