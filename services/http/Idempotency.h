#pragma once

#include "HttpReply.h"
#include "HttpTypes.h"
#include "IdempotencyRepository.h"

#include <QFuture>
#include <QObject>

#include <functional>

namespace taskdeck::http {

/// The response to store for an Idempotency-Key (StoredResponse) from an ApiResponse, and back.
StoredResponse toStored(const ApiResponse &response);
ApiResponse fromStored(const StoredResponse &stored, bool replayed);

/// The Idempotency-Key rule of every POST that creates something (docs/API.md "Safe retries"),
/// in one place, so POST /api/tasks and POST /api/tasks/bulk behave alike. Call from a route
/// handler (HTTP thread) after the body is validated:
/// - without an Idempotency-Key header: calls `plain()` (the handler's ordinary path);
/// - with one: checks it (1..255 visible ASCII characters; otherwise 422 with loc
///   ["header","Idempotency-Key"]), computes the claim (the principal's user id, the key and a
///   SHA-256 fingerprint of method, path and canonical JSON body), answers 409 while a request
///   with the same user and key is in flight in this process, else calls `start(claim)` (the
///   service's idempotent variant, which must use idempotency::run) and answers with its result:
///   the stored answer, with `Idempotent-Replayed: true` when it is a replay; errors as usual
///   (keyReused() 422, keyInFlight() 409, OutcomeUnknown 500 + "code": "outcome_unknown").
/// `context` owns the callback (as whenReady()).
void respondIdempotent(
    QObject *context, const ApiRequest &request, const ReplyPtr &reply,
    const std::function<QFuture<Result<IdempotentAnswer>>(IdempotencyClaim)> &start,
    const std::function<void()> &plain);

} // namespace taskdeck::http
