// TaskService::bulk: bulk actions in chunks, one pool job per chunk (docs/API.md "Bulk actions").
#include "TaskService.h"

#include "ApiMessages.h"
#include "TaskRepository.h"
#include "TaskRules.h"

#include <QDateTime>
#include <QHash>
#include <QPromise>
#include <QSet>

#include <utility>
#include <variant>

#include <atomic>

namespace taskdeck {

namespace {

/// Tasks per pool job: one getMany() read, then (PostgreSQL) one updateMany() statement. Small
/// enough that a job holds its connection for tens of milliseconds, not for the whole batch.
constexpr qsizetype kBulkChunk = 200;
/// A task whose compare-and-set keeps losing against other writers is read and decided again at
/// most this many times, then reported precondition_failed.
constexpr int kBulkAttempts = 3;

EpochMs nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QFuture<Result<BulkResult>> readyBulk(Result<BulkResult> result)
{
    QPromise<Result<BulkResult>> promise;
    QFuture<Result<BulkResult>> future = promise.future();
    promise.start();
    promise.addResult(std::move(result));
    promise.finish();
    return future;
}

/// What to do with one task, decided from its current row.
struct Decision
{
    enum class Kind
    {
        Write,  ///< apply `patch` (compare-and-set on the version read)
        Delete, ///< remove the task
        Done,   ///< nothing to write: `result` is the answer
    };
    Kind kind = Kind::Done;
    TaskPatch patch;
    BulkItemResult result;
};

Decision done(const QUuid &id, BulkOutcome outcome, QString detail)
{
    Decision decision;
    decision.result = {id, outcome, std::move(detail)};
    return decision;
}

Decision statusChange(const Task &current, TaskStatus to)
{
    if (current.status == to)
        return done(current.id, BulkOutcome::Ok, QStringLiteral("unchanged"));
    if (!rules::isTransitionAllowed(current.status, to))
        return done(current.id, BulkOutcome::Conflict,
                    QStringLiteral("Illegal status transition from %1 to %2")
                        .arg(statusName(current.status), statusName(to)));
    Decision decision;
    decision.kind = Decision::Kind::Write;
    decision.patch.status = to;
    return decision;
}

/// The decision for `current`. With a filter, a task that no longer matches what the filter
/// asked of its status or category (the user saw it matching) is left alone.
Decision decide(const BulkRequest &request, const Task &current)
{
    if (request.filter) {
        const TaskFilter &filter = *request.filter;
        if (!filter.statuses.isEmpty() && !filter.statuses.contains(current.status))
            return done(current.id, BulkOutcome::PreconditionFailed,
                        QStringLiteral("No longer matches the filter (status is now %1)")
                            .arg(statusName(current.status)));
        if (filter.category && current.category.value_or(QString()) != *filter.category)
            return done(current.id, BulkOutcome::PreconditionFailed,
                        QStringLiteral("No longer matches the filter (category changed)"));
    }
    Decision decision;
    switch (request.action) {
    case BulkAction::Retry:
        if (current.status != TaskStatus::Failed && current.status != TaskStatus::Cancelled)
            return done(current.id, BulkOutcome::Conflict,
                        QStringLiteral("Only failed or cancelled tasks can be retried (status is "
                                       "%1)")
                            .arg(statusName(current.status)));
        return statusChange(current, TaskStatus::Pending);
    case BulkAction::Cancel:
        return statusChange(current, TaskStatus::Cancelled);
    case BulkAction::SetStatus:
        return statusChange(current, request.status.value_or(current.status));
    case BulkAction::Delete:
        decision.kind = Decision::Kind::Delete;
        return decision;
    case BulkAction::SetCategory:
        if (current.category == request.category)
            return done(current.id, BulkOutcome::Ok, QStringLiteral("unchanged"));
        decision.kind = Decision::Kind::Write;
        decision.patch.category = request.category;
        return decision;
    case BulkAction::SetPriority:
        if (current.priority == request.priority)
            return done(current.id, BulkOutcome::Ok, QStringLiteral("unchanged"));
        decision.kind = Decision::Kind::Write;
        decision.patch.priority = request.priority;
        return decision;
    }
    return done(current.id, BulkOutcome::Conflict, QStringLiteral("Unknown action"));
}

/// A database error that stops the run (the rest of the items would meet it too).
bool isFatal(const ServiceError &error)
{
    switch (error.kind) {
    case ServiceError::Kind::Unavailable:
    case ServiceError::Kind::Timeout:
    case ServiceError::Kind::Internal:
    case ServiceError::Kind::TooManyRequests:
        return true;
    default:
        return false;
    }
}

/// The state of one bulk run, shared by its chunk jobs (one at a time: no lock needed).
struct BulkRun
{
    const ConnectionPool *pool = nullptr;
    BulkRequest request;
    QString username;
    BulkControl control;
    QList<QUuid> ids; ///< the targets, in order
    qsizetype next = 0;
    BulkResult result;
    bool resolved = false; ///< `ids` known (a filter is resolved by the first job)
    /// Runs once, first thing in the first job (the Idempotency-Key claim); false: the request
    /// is answered already, the run ends without touching a task. May be empty.
    std::function<bool(QSqlDatabase &)> before;
    /// Receives the answer, once: with the job's database, or null when no connection could be
    /// had.
    std::function<void(Result<BulkResult>, QSqlDatabase *)> deliver;

    void finish(Result<BulkResult> answer, QSqlDatabase *db) { deliver(std::move(answer), db); }

    void record(const BulkItemResult &item)
    {
        result.results << item;
        ++result.counts[static_cast<int>(item.outcome)];
    }

    /// First job with a filter: the ids it matches now, checked against what the user saw.
    std::optional<ServiceError> resolve(QSqlDatabase &db)
    {
        const Result<QList<QUuid>> ids =
            TaskRepository::matchingIds(db, *request.filter, kMaxBulkItems + 1);
        if (!ids.ok())
            return ids.error();
        qint64 matched = ids.value().size();
        if (matched > kMaxBulkItems) {
            const Result<qint64> counted = TaskRepository::count(db, *request.filter);
            if (!counted.ok())
                return counted.error();
            matched = std::max<qint64>(counted.value(), kMaxBulkItems + 1);
        }
        if (matched != request.expectedTotal)
            return ServiceError{ServiceError::Kind::PreconditionFailed,
                                QStringLiteral("The filter now matches %1 tasks, not the %2 of "
                                               "expected_total: review the list and try again")
                                    .arg(matched)
                                    .arg(request.expectedTotal),
                                {}};
        if (matched > kMaxBulkItems)
            return ServiceError::validation(
                {{{QStringLiteral("body"), QStringLiteral("filter")},
                  QStringLiteral("The filter matches %1 tasks; a bulk action takes at most %2")
                      .arg(matched)
                      .arg(kMaxBulkItems),
                  QStringLiteral("too_long")}});
        this->ids = ids.value();
        result.total = this->ids.size();
        resolved = true;
        return std::nullopt;
    }

    /// Decides and writes one chunk; false when a database error stopped the run.
    bool runChunk(QSqlDatabase &db, const QList<QUuid> &chunk)
    {
        QHash<QUuid, BulkItemResult> answers;
        QList<QUuid> pending = chunk; // ids still to read and decide
        const bool postgres = db.driverName() == QLatin1String("QPSQL");
        for (int attempt = 0; attempt < kBulkAttempts && !pending.isEmpty(); ++attempt) {
            const Result<QList<Task>> rows = TaskRepository::getMany(db, pending);
            if (!rows.ok())
                return stop(chunk, answers, rows.error());
            QHash<QUuid, Task> current;
            for (const Task &task : rows.value())
                current.insert(task.id, task);
            QList<QUuid> again;
            QList<TaskRepository::PatchRequest> writes;
            const EpochMs now = nowMs();
            for (const QUuid &id : std::as_const(pending)) {
                const auto found = current.constFind(id);
                if (found == current.constEnd()) {
                    answers.insert(id,
                                   {id, BulkOutcome::NotFound, QStringLiteral("Task not found")});
                    continue;
                }
                Decision decision = decide(request, *found);
                if (decision.kind == Decision::Kind::Done) {
                    answers.insert(id, decision.result);
                } else if (decision.kind == Decision::Kind::Delete) {
                    const Result<Done> removed = TaskRepository::remove(db, id, username, now);
                    if (removed.ok())
                        answers.insert(id, {id, BulkOutcome::Ok, {}});
                    else if (removed.error().kind == ServiceError::Kind::NotFound)
                        answers.insert(
                            id, {id, BulkOutcome::NotFound, QStringLiteral("Task not found")});
                    else if (isFatal(removed.error()))
                        return stop(chunk, answers, removed.error());
                    else
                        answers.insert(id, {id, BulkOutcome::Conflict, removed.error().message});
                } else if (postgres) {
                    writes.append({id, std::move(decision.patch), found->version, username});
                } else {
                    const auto updated = TaskRepository::update(db, id, decision.patch,
                                                                found->version, now, username);
                    if (!updated.ok() && isFatal(updated.error()))
                        return stop(chunk, answers, updated.error());
                    if (!answer(id, updated, answers))
                        again << id;
                }
            }
            if (!writes.isEmpty()) {
                const auto written = TaskRepository::updateMany(db, writes, now);
                if (!written.ok())
                    return stop(chunk, answers, written.error());
                for (qsizetype i = 0; i < writes.size(); ++i) {
                    const auto &one = written.value().at(i);
                    if (!one || !answer(writes.at(i).id, *one, answers))
                        again << writes.at(i).id; // lost the compare-and-set: read again
                }
            }
            pending = again;
        }
        for (const QUuid &id : std::as_const(pending))
            answers.insert(id, {id, BulkOutcome::PreconditionFailed,
                                QStringLiteral("The task kept changing during the action")});
        for (const QUuid &id : chunk)
            record(answers.value(id));
        TaskRepository::compactStats(db); // failure only delays folding; totals stay right
        return true;
    }

    /// Files the answer of one write; false when the version changed since the read.
    static bool answer(const QUuid &id, const Result<TaskRepository::UpdateOutcome> &updated,
                       QHash<QUuid, BulkItemResult> &answers)
    {
        if (updated.ok()) {
            answers.insert(id, {id, BulkOutcome::Ok,
                                updated.value().changed ? QString() : QStringLiteral("unchanged")});
            return true;
        }
        switch (updated.error().kind) {
        case ServiceError::Kind::PreconditionFailed:
            return false;
        case ServiceError::Kind::NotFound:
            answers.insert(id, {id, BulkOutcome::NotFound, QStringLiteral("Task not found")});
            return true;
        default:
            answers.insert(id, {id, BulkOutcome::Conflict, updated.error().message});
            return true;
        }
    }

    /// A database error: the answers known so far (in target order) stay, the run stops.
    bool stop(const QList<QUuid> &chunk, const QHash<QUuid, BulkItemResult> &answers,
              const ServiceError &error)
    {
        for (const QUuid &id : chunk)
            if (answers.contains(id))
                record(answers.value(id));
        result.stoppedBy = error.message;
        return false;
    }
};

/// Schedules the next chunk of `run` as a pool job of its own.
void scheduleChunk(const std::shared_ptr<BulkRun> &run)
{
    run->pool->run(
        [run](QSqlDatabase &db) -> VoidResult {
            if (run->before) {
                const auto before = std::exchange(run->before, nullptr);
                if (!before(db))
                    return Done{};
            }
            if (!run->resolved) {
                if (const std::optional<ServiceError> error = run->resolve(db)) {
                    run->finish(*error, &db);
                    return Done{};
                }
            }
            if (run->control.cancel && run->control.cancel->load()) {
                run->result.cancelled = run->next < run->ids.size();
                run->finish(run->result, &db);
                return Done{};
            }
            if (run->next >= run->ids.size()) {
                run->finish(run->result, &db);
                return Done{};
            }
            const QList<QUuid> chunk = run->ids.mid(run->next, kBulkChunk);
            run->next += chunk.size();
            const bool going = run->runChunk(db, chunk);
            if (run->control.progress)
                run->control.progress(run->result.results.size(), run->result.total);
            if (!going || run->next >= run->ids.size()) {
                run->finish(run->result, &db);
                return Done{};
            }
            scheduleChunk(run);
            return Done{};
        },
        [run](const ServiceError &error) {
            if (run->before) { // the claim never ran: nothing to free
                run->before = nullptr;
                run->finish(error, nullptr);
                return;
            }
            if (!run->resolved) {
                run->finish(error, nullptr);
                return;
            }
            run->result.stoppedBy = error.message;
            run->finish(run->result, nullptr);
        });
}

/// bulk()'s checks and its run, or the error to answer at once (nothing claimed, nothing run).
std::variant<std::shared_ptr<BulkRun>, ServiceError> prepareBulk(const ConnectionPool *pool,
                                                                 BulkRequest request,
                                                                 const Principal &actor,
                                                                 BulkControl control)
{
    if (!actor.canWriteTasks())
        return ServiceError{ServiceError::Kind::Forbidden, msg::notEnoughPermissions(), {}};
    // The value, checked and normalised as PATCH would (category trimmed, "" -> null).
    if (request.action == BulkAction::SetCategory || request.action == BulkAction::SetPriority) {
        TaskPatch patch;
        if (request.action == BulkAction::SetCategory)
            patch.category = request.category;
        else
            patch.priority = request.priority;
        FieldErrors errors = rules::validatePatch(patch);
        if (!errors.isEmpty()) {
            for (FieldError &error : errors)
                error.loc = {QStringLiteral("body"), QStringLiteral("value")};
            return ServiceError::validation(errors);
        }
        if (patch.category)
            request.category = *patch.category;
    }
    if (request.action == BulkAction::SetStatus && !request.status)
        return ServiceError::validation({{{QStringLiteral("body"), QStringLiteral("value")},
                                          msg::fieldRequired(),
                                          QStringLiteral("missing")}});
    if (!request.filter && request.ids.size() > kMaxBulkItems)
        return ServiceError::validation({{{QStringLiteral("body"), QStringLiteral("ids")},
                                          msg::listTooLong(kMaxBulkItems, request.ids.size()),
                                          QStringLiteral("too_long")}});

    auto run = std::make_shared<BulkRun>();
    run->pool = pool;
    run->username = actor.username;
    run->control = std::move(control);
    if (!request.filter) {
        // Distinct, in first-seen order.
        QSet<QUuid> seen;
        for (const QUuid &id : std::as_const(request.ids))
            if (!seen.contains(id)) {
                seen.insert(id);
                run->ids << id;
            }
        run->result.total = run->ids.size();
        run->resolved = true;
    }
    run->request = std::move(request);
    return run;
}

} // namespace

QFuture<Result<BulkResult>> TaskService::bulk(BulkRequest request, Principal actor,
                                              BulkControl control) const
{
    auto prepared = prepareBulk(m_pool, std::move(request), actor, std::move(control));
    if (auto *error = std::get_if<ServiceError>(&prepared))
        return readyBulk(*error);
    auto run = std::get<std::shared_ptr<BulkRun>>(std::move(prepared));
    auto promise = std::make_shared<QPromise<Result<BulkResult>>>();
    QFuture<Result<BulkResult>> future = promise->future();
    promise->start();
    run->deliver = [promise](Result<BulkResult> answer, QSqlDatabase *) {
        promise->addResult(std::move(answer));
        promise->finish();
    };
    scheduleChunk(run);
    return future;
}

QFuture<Result<IdempotentAnswer>>
TaskService::bulkIdempotent(BulkRequest request, Principal actor, IdempotencyClaim claim,
                            std::function<StoredResponse(const BulkResult &)> render) const
{
    auto promise = std::make_shared<QPromise<Result<IdempotentAnswer>>>();
    QFuture<Result<IdempotentAnswer>> future = promise->future();
    promise->start();
    const auto answer = [promise](Result<IdempotentAnswer> result) {
        promise->addResult(std::move(result));
        promise->finish();
    };
    auto prepared = prepareBulk(m_pool, std::move(request), actor, {});
    if (auto *error = std::get_if<ServiceError>(&prepared)) {
        answer(*error);
        return future;
    }
    auto run = std::get<std::shared_ptr<BulkRun>>(std::move(prepared));
    auto claimed = std::make_shared<bool>(false);
    run->before = [claim, answer, claimed](QSqlDatabase &db) {
        const Result<std::optional<IdempotentAnswer>> stored = idempotency::claimForRun(db, claim);
        if (!stored.ok()) {
            answer(stored.error());
            return false;
        }
        if (stored.value()) {
            answer(*stored.value());
            return false;
        }
        *claimed = true;
        return true;
    };
    const ConnectionPool *pool = m_pool;
    run->deliver = [pool, claim, answer, claimed,
                    render = std::move(render)](Result<BulkResult> result, QSqlDatabase *db) {
        const bool keep = result.ok() && result.value().stoppedBy.isEmpty();
        if (!*claimed) {
            answer(result.ok()
                       ? Result<IdempotentAnswer>(IdempotentAnswer{render(result.value()), false})
                       : Result<IdempotentAnswer>(result.error()));
            return;
        }
        if (keep) {
            const StoredResponse response = render(result.value());
            if (db) {
                // A failure to store leaves the claim to go stale (kStaleClaimMs): the user still
                // gets the answer of what was done.
                if (const VoidResult stored = idempotency::complete(*db, claim, response);
                    !stored.ok())
                    qWarning("bulk action: could not store the Idempotency-Key answer: %s",
                             qPrintable(stored.error().message));
            }
            answer(IdempotentAnswer{response, false});
            return;
        }
        if (db)
            (void)idempotency::release(*db, claim); // else the claim goes stale
        else
            pool->run<Done>(
                [claim](QSqlDatabase &later) { return idempotency::release(later, claim); });
        answer(result.ok()
                   ? Result<IdempotentAnswer>(IdempotentAnswer{render(result.value()), false})
                   : Result<IdempotentAnswer>(result.error()));
    };
    scheduleChunk(run);
    return future;
}

} // namespace taskdeck
