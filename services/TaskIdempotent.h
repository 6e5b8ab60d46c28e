#pragma once

#include "ConnectionPool.h"
#include "IdempotencyRepository.h"
#include "Task.h"
#include "User.h"

#include <QFuture>

#include <functional>

namespace taskdeck {

/// TaskService::create() for a request with an Idempotency-Key (idempotency::run): the task, its
/// audit entry and its change-log row, and the key with the answer `render` makes of the task
/// (called on the pool thread; must be thread-safe), commit in one transaction. A retry with the
/// same claim replays that answer; see idempotency::run for 409/422 and OutcomeUnknown.
/// Validation and permissions as create(). Thread-safe.
QFuture<Result<IdempotentAnswer>>
createTaskIdempotent(const ConnectionPool *pool, NewTask task, Principal actor,
                     IdempotencyClaim claim, std::function<StoredResponse(const Task &)> render);

} // namespace taskdeck
