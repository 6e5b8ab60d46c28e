#include "TaskService.h"

#include "ApiMessages.h"
#include "TaskIdempotent.h"

#include "SqlTransaction.h"
#include "TaskRepository.h"
#include "TaskRules.h"
#include "TaskSql_p.h"
#include "WriteOutcome.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QPromise>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <new>

namespace taskdeck {

namespace {

/// Fold the PostgreSQL statistics delta log after this many mutations (see compactStats)...
constexpr quint64 kCompactEvery = 64;
/// ...and at most once per this many milliseconds. A fold costs about 0.5 ms of PostgreSQL
/// time whatever it folds (pg_stat_statements, PATCH load: 628 folds of ~20 rows each took 3% of
/// the server's statement time); a write statement adds a few delta rows, so at thousands of
/// writes a second the readers' sum still covers only a few hundred rows.
constexpr qint64 kCompactGapMs = 100;
std::atomic<quint64> g_mutations{0};
std::atomic<quint64> g_foldedAt{0};  ///< g_mutations when the last fold was claimed
std::atomic<qint64> g_foldedAtMs{0}; ///< steady clock (ms) of that claim

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// After a committed mutation (outside its transaction): now and then, fold the statistics
/// deltas so readers keep summing only a few rows. The change itself is in the change log,
/// written in the mutation's transaction (services/ChangeLog.h). Thread-safe: one caller claims
/// each fold.
void afterCommit(QSqlDatabase &db, quint64 mutations = 1)
{
    const quint64 count = g_mutations.fetch_add(mutations) + mutations;
    if (count - g_foldedAt.load() < kCompactEvery)
        return;
    const qint64 now = steadyMs();
    qint64 last = g_foldedAtMs.load();
    if (now - last < kCompactGapMs || !g_foldedAtMs.compare_exchange_strong(last, now))
        return;
    g_foldedAt.store(count);
    TaskRepository::compactStats(db); // failure only delays folding; totals stay right
}

/// After an import: fold every statistics delta it left (a million rows leave millions), in
/// bounded calls, so that totals and series read few rows again (migration 015).
void afterImport(QSqlDatabase &db)
{
    g_mutations.fetch_add(1);
    TaskRepository::compactAllStats(db); // failure only delays folding; totals stay right
}

/// Most creates written by one statement (TaskRepository::insertMany).
constexpr qsizetype kMaxCreateGroup = 64;

/// Most pool threads writing groups of one kind (creates, PATCHes) at once (GroupWriters; a
/// quarter of the pool when that is fewer, at least one). Measured
/// with bench/wrk/patch.lua, 64 connections, pool of 8, 2 cores: 8 writers (every pool thread)
/// 2,080 PATCH/s, 3 writers 2,430, 2 writers 2,390-2,580; POST 2,960 with 8 and 3,330 with 2.
constexpr int kMaxGroupWriters = 2;
/// Groups one writer job writes before it yields to a new pool job (GroupWriters): bounds how
/// long a lost connection is kept (it is reopened between jobs) and how long other queued pool
/// work waits. One group per job measured 10-15% slower than an unbounded loop.
constexpr int kGroupsPerJob = 8;
/// Most pool threads reading groups of ids at once (GetGroup; half the pool when that is fewer).
constexpr int kMaxGroupReaders = 4;
/// GetGroup starts a reader beside the one at work only when this many reads wait (a full
/// group); below that, what waits is the next group of the reader at work. Measured with
/// bench/wrk/get.lua (get_id), 64 connections, pool of 8, 2 cores, alternating: a second reader
/// for any waiting read (4 at most) 12,400-12,700 GET/s with p50 4.7 ms; one reader 21,300-22,300
/// GET/s with p50 2.6-2.8 ms. More readers made groups of one or two ids, each a round trip and
/// two thread wake-ups.
constexpr qsizetype kExtraReaderAt = kMaxCreateGroup;

using SteadyTime = std::chrono::steady_clock::time_point;

/// Issue 13 item 3: entries queued behind a group stuck on a locked row waited one statement
/// timeout per group (504s at 5, 15, 25 s). Before a group is written, the entries that waited
/// longer than the pool's PoolLimits::waitMs are answered Timeout without running, and the
/// group's statements get only the time its oldest entry has left
/// (ConnectionPool::limitStatementTime). Returns the entries to write.
template <typename Entry, typename Finish>
QList<Entry> dropExpired(QList<Entry> group, QSqlDatabase &db, const ConnectionPool &pool,
                         Finish finish)
{
    const int waitMs = pool.limits().waitMs;
    if (waitMs <= 0 || group.isEmpty())
        return group;
    const SteadyTime now = std::chrono::steady_clock::now();
    qint64 oldest = 0;
    QList<Entry> kept;
    kept.reserve(group.size());
    for (Entry &entry : group) {
        const qint64 waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - entry.queuedAt).count();
        if (waited >= waitMs) {
            finish(entry, ConnectionPool::countError(ServiceError::timeout()));
            continue;
        }
        oldest = std::max(oldest, waited);
        kept.append(std::move(entry));
    }
    const int configured = pool.config().driver == DatabaseConfig::Driver::Sqlite
                               ? ConnectionPool::kSqliteBusyTimeoutMs
                               : pool.config().statementTimeoutMs;
    if (!kept.isEmpty() && configured > 0 && oldest > ConnectionPool::kShortenAfterQueueMs)
        ConnectionPool::limitStatementTime(db, int(std::max<qint64>(100, configured - oldest)));
    return kept;
}

/// Limits how many pool threads write groups of one kind at once. A request queues its entry
/// and starts a writer (a pool job) only when a writer slot is free, claimed under the mutex that
/// queues; otherwise a writer at work takes it. A writer's job writes up to kGroupsPerJob groups;
/// if entries still wait it keeps its slot and schedules the next job (a lost connection is
/// reopened between jobs, the feed is woken per job, and other work queued on the pool gets its
/// turn); the slot is given back only under the queuing mutex
/// when nothing waits, so no entry is ever left without a writer. Fewer writers make bigger
/// groups (fewer statements and commits for the same rows) and leave the other pool threads to
/// reads; most requests cost no pool job at all.
struct GroupWriters
{
    int max = kMaxGroupWriters; // set once, before any write
    /// A writer starts beside one at work only when at least this many entries wait (1: as soon
    /// as one waits); set once, before any write.
    qsizetype extraAt = 1;
    int active = 0; // guarded by the group's mutex

    /// With the group's mutex held, after queuing an entry (`waiting` entries wait now): true
    /// when the caller must start a writer (a slot was free and is now claimed for it).
    bool claimSlot(qsizetype waiting)
    {
        if (active >= max || (active > 0 && waiting < extraAt))
            return false;
        ++active;
        return true;
    }

    /// After a writer wrote its group: true when entries still wait (the writer keeps its slot
    /// and must schedule its next job), false when it gave the slot back.
    template <typename WaitingEmpty> bool keepSlot(QMutex &mutex, WaitingEmpty waitingEmpty)
    {
        QMutexLocker lock(&mutex);
        if (!waitingEmpty())
            return true;
        --active;
        return false;
    }

    /// The writer's job could not open its connection: every waiting entry gets `fail` (they
    /// would all meet the same error), and the slot is given back. Entries queued later start a
    /// writer of their own.
    template <typename Entry, typename Fail>
    void abandon(QMutex &mutex, QList<Entry> &waiting, Fail fail)
    {
        QList<Entry> failed;
        {
            QMutexLocker lock(&mutex);
            failed.swap(waiting);
            --active;
        }
        for (const Entry &entry : failed)
            fail(entry);
    }
};

/// Schedules one writer job of `group` (CreateGroup, PatchGroup or GetGroup) on `pool`: it
/// writes (or reads) one group and, while entries wait, schedules the next one (GroupWriters).
/// A group's write() returns false when its connection died: the job ends there, so the next one
/// runs on a reopened connection.
template <typename Group>
void startWriter(const ConnectionPool *pool, const std::shared_ptr<Group> &group)
{
    pool->run(
        [pool, group](QSqlDatabase &db) -> VoidResult {
            // Up to kGroupsPerJob groups, then the next job (keeping the slot) if entries wait.
            for (int i = 0; i < kGroupsPerJob; ++i) {
                const bool connectionAlive = group->write(db, *pool);
                if (!group->writers.keepSlot(group->mutex,
                                             [&] { return group->waiting.isEmpty(); }))
                    return Done{};
                if (!connectionAlive)
                    break;
            }
            startWriter(pool, group);
            return Done{};
        },
        [group](const ServiceError &error) {
            group->writers.abandon(group->mutex, group->waiting,
                                   [&](const auto &entry) { Group::finish(entry, error); });
        },
        Group::kJobKind);
}

template <typename T> QFuture<Result<T>> ready(Result<T> result)
{
    QPromise<Result<T>> promise;
    QFuture<Result<T>> future = promise.future();
    promise.start();
    promise.addResult(std::move(result));
    promise.finish();
    return future;
}

ServiceError forbidden()
{
    return ServiceError{
        ServiceError::Kind::Forbidden, QStringLiteral("Not enough permissions"), {}};
}

EpochMs now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

/// What CreateGroup, PatchGroup and GetGroup share: the entries waiting for a pool thread (in
/// arrival order, guarded by `mutex`) and the writer slots. Every entry has a `promise` for a
/// Result<Task>.
namespace {

/// The entries of CreateGroup, PatchGroup and GetGroup.
struct CreateEntry
{
    Task task;
    QString username;
    std::shared_ptr<QPromise<Result<Task>>> promise;
    SteadyTime queuedAt = std::chrono::steady_clock::now();
};

struct PatchEntry
{
    TaskRepository::PatchRequest request;
    std::shared_ptr<QPromise<Result<Task>>> promise;
    SteadyTime queuedAt = std::chrono::steady_clock::now();
};

struct GetEntry
{
    QUuid id;
    std::shared_ptr<QPromise<Result<Task>>> promise;
    SteadyTime queuedAt = std::chrono::steady_clock::now();
    bool retried = false; ///< read once more after its connection died
};

template <typename EntryT> struct GroupQueue
{
    QMutex mutex;
    QList<EntryT> waiting;
    GroupWriters writers;

    /// Queues `entry`; true when the caller must start a writer (startWriter).
    bool enqueue(EntryT entry)
    {
        QMutexLocker lock(&mutex);
        waiting.append(std::move(entry));
        return writers.claimSlot(waiting.size());
    }

    /// The first `max` waiting entries.
    QList<EntryT> takeFirst(qsizetype max)
    {
        QMutexLocker lock(&mutex);
        const qsizetype count = qMin(max, waiting.size());
        QList<EntryT> taken = waiting.mid(0, count);
        waiting.remove(0, count);
        return taken;
    }

    static void finish(const EntryT &entry, Result<Task> result)
    {
        entry.promise->addResult(std::move(result));
        entry.promise->finish();
    }
};

/// Queues `entry` on `group` (its promise started) and starts a writer when a slot is free;
/// returns the entry's future.
template <typename Group>
QFuture<Result<Task>> submit(const ConnectionPool *pool, const std::shared_ptr<Group> &group,
                             typename Group::Entry entry)
{
    QFuture<Result<Task>> future = entry.promise->future();
    entry.promise->start();
    if (group->enqueue(std::move(entry)))
        startWriter(pool, group);
    return future;
}

} // namespace

/// Group commit at the application level (PostgreSQL): a create queues its task here; at most
/// GroupWriters::max writers write what waits, up to kGroupsPerJob groups per pool job, each group
/// every task waiting at that moment (up to kMaxCreateGroup) with TaskRepository::insertMany (one
/// statement, one commit), until nothing waits. Under load tasks queue while a group is written, so
/// the groups form by themselves; alone, a create is a group of one. Each task still has its own
/// audit entry and change-log row; a group that fails on a conflict is retried task by task so each
/// caller gets its own answer. A writer whose connection cannot be opened fails every waiting
/// task with that error (GroupWriters::abandon), so none is left behind.
struct TaskService::CreateGroup : GroupQueue<CreateEntry>
{
    using Entry = CreateEntry;

    static constexpr ConnectionPool::JobKind kJobKind = ConnectionPool::JobKind::Write;

    bool write(QSqlDatabase &db, const ConnectionPool &pool)
    {
        const QList<Entry> group = dropExpired(takeFirst(kMaxCreateGroup), db, pool, &finish);
        if (group.isEmpty())
            return true;
        QList<Task> tasks;
        QList<QString> users;
        tasks.reserve(group.size());
        users.reserve(group.size());
        for (const Entry &entry : group) {
            tasks << entry.task;
            users << entry.username;
        }
        const VoidResult written = TaskRepository::insertMany(db, tasks, users);
        if (written.ok()) {
            for (const Entry &entry : group)
                finish(entry, entry.task);
            afterCommit(db, quint64(group.size()));
        } else if (written.error().kind == ServiceError::Kind::Conflict && group.size() > 1) {
            // Which one? One by one, each with its own answer (the group rolled back).
            for (const Entry &entry : group) {
                Result<Task> inserted = TaskRepository::insert(db, entry.task, entry.username);
                if (inserted.ok())
                    afterCommit(db);
                else // autocommit: a broken connection leaves the outcome unknown
                    inserted = afterCommitAttempt(inserted.error());
                finish(entry, std::move(inserted));
            }
        } else {
            // One autocommit statement: a connection that broke under it may have committed.
            const ServiceError error = afterCommitAttempt(written.error());
            for (const Entry &entry : group)
                finish(entry, error);
        }
        return true;
    }
};

/// The same grouping for PATCH (PostgreSQL): the PATCHes waiting for a pool thread, at most one
/// per task, are read in one query and written in one statement (TaskRepository::updateMany);
/// a second PATCH of a task already in the group waits for the next group, so each task's
/// changes keep their order. One that lost its compare-and-set is retried alone
/// (TaskRepository::update), as a single PATCH would be.
struct TaskService::PatchGroup : GroupQueue<PatchEntry>
{
    using Entry = PatchEntry;

    QList<Entry> take(qsizetype max)
    {
        QMutexLocker lock(&mutex);
        QList<Entry> taken;
        QSet<QUuid> ids;
        for (qsizetype i = 0; i < waiting.size() && taken.size() < max;) {
            if (ids.contains(waiting.at(i).request.id)) {
                ++i;
                continue;
            }
            ids.insert(waiting.at(i).request.id);
            taken.append(waiting.takeAt(i));
        }
        return taken;
    }

    static void single(QSqlDatabase &db, const Entry &entry, EpochMs at)
    {
        const auto outcome =
            TaskRepository::update(db, entry.request.id, entry.request.patch,
                                   entry.request.expectedVersion, at, entry.request.auditUser);
        if (!outcome.ok())
            return finish(entry, outcome.error());
        if (outcome.value().changed)
            afterCommit(db);
        finish(entry, outcome.value().task);
    }

    static constexpr ConnectionPool::JobKind kJobKind = ConnectionPool::JobKind::Write;

    bool write(QSqlDatabase &db, const ConnectionPool &pool)
    {
        const QList<Entry> group = dropExpired(take(kMaxCreateGroup), db, pool, &finish);
        if (group.isEmpty())
            return true;
        const EpochMs at = now();
        if (group.size() == 1) {
            single(db, group.first(), at);
            return true;
        }
        QList<TaskRepository::PatchRequest> requests;
        requests.reserve(group.size());
        for (const Entry &entry : group)
            requests << entry.request;
        const auto answers = TaskRepository::updateMany(db, requests, at);
        if (!answers.ok()) {
            for (const Entry &entry : group) {
                if (answers.error().kind == ServiceError::Kind::Conflict)
                    single(db, entry, at);
                else
                    finish(entry, answers.error());
            }
            return true;
        }
        quint64 changed = 0;
        for (qsizetype i = 0; i < group.size(); ++i) {
            const auto &answer = answers.value().at(i);
            if (!answer) {
                single(db, group.at(i), at); // lost the compare-and-set: read again
            } else if (!answer->ok()) {
                finish(group.at(i), answer->error());
            } else {
                changed += answer->value().changed ? 1 : 0;
                finish(group.at(i), answer->value().task);
            }
        }
        if (changed > 0)
            afterCommit(db, changed);
        return true;
    }
};

/// Reads by id grouped the same way (PostgreSQL): the GET /api/tasks/{id} requests waiting for a
/// pool thread are read with one query (TaskRepository::getMany) by at most GroupWriters::max
/// jobs at once; a second one starts only when a full group waits (kExtraReaderAt). A reader takes
/// what waits when it runs, so every read starts after its request arrived (a client reads its own
/// writes). A group whose read fails because the connection died is read once more on a reopened
/// connection by the next job, as ConnectionPool::runRead does for one read; after that, or after
/// the query watchdog cut a hung read, it gets the error.
struct TaskService::GetGroup : GroupQueue<GetEntry>
{
    using Entry = GetEntry;

    static constexpr ConnectionPool::JobKind kJobKind = ConnectionPool::JobKind::Read;

    bool write(QSqlDatabase &db, const ConnectionPool &pool)
    {
        QList<Entry> group = dropExpired(takeFirst(kMaxCreateGroup), db, pool, &finish);
        if (group.isEmpty())
            return true;
        QList<QUuid> ids;
        ids.reserve(group.size());
        for (const Entry &entry : std::as_const(group))
            ids << entry.id;
        const Result<QList<Task>> rows = TaskRepository::getMany(db, ids);
        if (!rows.ok()) {
            const bool retry = rows.error().kind == ServiceError::Kind::Unavailable &&
                               !QueryWatchdog::cutInThisJob() &&
                               std::none_of(group.cbegin(), group.cend(),
                                            [](const Entry &e) { return e.retried; });
            if (!retry) {
                for (const Entry &entry : std::as_const(group))
                    finish(entry, rows.error());
                return true;
            }
            ConnectionPool::reopenBeforeNextJob(db);
            QMutexLocker lock(&mutex);
            for (qsizetype i = group.size() - 1; i >= 0; --i) {
                group[i].retried = true;
                waiting.prepend(std::move(group[i]));
            }
            return false;
        }
        QHash<QUuid, qsizetype> found;
        for (qsizetype i = 0; i < rows.value().size(); ++i)
            found.insert(rows.value().at(i).id, i);
        for (const Entry &entry : std::as_const(group)) {
            const qsizetype i = found.value(entry.id, -1);
            if (i < 0)
                finish(entry, ServiceError::notFound(QStringLiteral("Task not found")));
            else
                finish(entry, rows.value().at(i));
        }
        return true;
    }
};

/// Request coalescing for list() (both databases): a read waits in `waiting` until its pool job
/// starts; a list() equal to a waiting read adds its promise to it instead of queuing a read of
/// its own. When the job starts, the read leaves `waiting` (start()), so no request that arrives
/// later is answered by it. The job reads as ConnectionPool::runRead does
/// (ConnectionPool::readRetryingOnce).
struct TaskService::ListReads
{
    struct Request
    {
        TaskFilter filter;
        qint64 offset = 0;
        int limit = kDefaultPageLimit;
        bool withTotal = true;
        std::optional<TaskListKey> after;

        friend bool operator==(const Request &, const Request &) = default;
    };
    using Promise = std::shared_ptr<QPromise<Result<TaskPage>>>;
    struct Read
    {
        Request request;
        QList<Promise> promises; ///< guarded by ListReads::mutex while the read waits
    };

    QMutex mutex;
    QList<std::shared_ptr<Read>> waiting;
    std::atomic<quint64> shared = 0;

    /// Adds `promise` to the waiting read of `request` and returns nullptr, or, when none
    /// waits, a new read holding it (already in `waiting`) that the caller must start.
    std::shared_ptr<Read> join(const Request &request, const Promise &promise)
    {
        QMutexLocker lock(&mutex);
        // The newest kMaxCreateGroup waiting reads only: under a flood of different lists the
        // scan stays short (an older identical read is then missed, which costs a query only).
        const qsizetype oldest = std::max<qsizetype>(0, waiting.size() - kMaxCreateGroup);
        for (qsizetype i = waiting.size() - 1; i >= oldest; --i) {
            const std::shared_ptr<Read> &read = waiting.at(i);
            if (read->request == request) {
                read->promises.append(promise);
                shared.fetch_add(1, std::memory_order_relaxed);
                return nullptr;
            }
        }
        auto read = std::make_shared<Read>(Read{request, {promise}});
        waiting.append(read);
        return read;
    }

    /// The read's job started (or will never run): nobody joins it from now on; its promises.
    QList<Promise> start(const std::shared_ptr<Read> &read)
    {
        QMutexLocker lock(&mutex);
        waiting.removeOne(read);
        return read->promises;
    }

    static void finish(const QList<Promise> &promises, const Result<TaskPage> &result)
    {
        for (const Promise &promise : promises) {
            promise->addResult(result);
            promise->finish();
        }
    }

    static Result<TaskPage> read(QSqlDatabase &db, const DatabaseConfig &config,
                                 const Request &request)
    {
        return ConnectionPool::readRetryingOnce<TaskPage>(
            db, config, [&request](QSqlDatabase &connection) {
                return TaskRepository::list(connection, request.filter, request.offset,
                                            request.limit, request.withTotal, request.after);
            });
    }
};

TaskService::TaskService(ConnectionPool *pool, QObject *parent)
    : QObject(parent), m_pool(pool), m_createGroup(std::make_shared<CreateGroup>()),
      m_patchGroup(std::make_shared<PatchGroup>()), m_getGroup(std::make_shared<GetGroup>()),
      m_listReads(std::make_shared<ListReads>())
{
    // A quarter of the pool per kind, at least one: a small pool keeps threads for reads.
    const int writers = qBound(1, pool->size() / 4, kMaxGroupWriters);
    m_createGroup->writers.max = writers;
    m_patchGroup->writers.max = writers;
    m_getGroup->writers.max = qBound(1, pool->size() / 2, kMaxGroupReaders);
    m_getGroup->writers.extraAt = kExtraReaderAt;
}

QFuture<Result<TaskPage>> TaskService::list(TaskFilter filter, qint64 offset, int limit,
                                            bool withTotal, std::optional<TaskListKey> after) const
{
    FieldErrors errors;
    errors.append(rules::validatePaging(offset, limit));
    if (after && !TaskRepository::isValidKey(filter.sort, *after))
        errors.append(FieldError{{QStringLiteral("query"), QStringLiteral("cursor")},
                                 msg::invalidCursor(),
                                 QStringLiteral("value_error")});
    if (!errors.isEmpty())
        return ready<TaskPage>(ServiceError::validation(errors));
    auto promise = std::make_shared<QPromise<Result<TaskPage>>>();
    QFuture<Result<TaskPage>> future = promise->future();
    promise->start();
    const std::shared_ptr<ListReads::Read> read =
        m_listReads->join({std::move(filter), offset, limit, withTotal, std::move(after)}, promise);
    if (!read)
        return future; // an identical read waits: its answer is ours
    m_pool->run(
        [reads = m_listReads, read, config = m_pool->config()](QSqlDatabase &db) -> VoidResult {
            const QList<ListReads::Promise> promises = reads->start(read);
            ListReads::finish(promises, ListReads::read(db, config, read->request));
            return Done{};
        },
        [reads = m_listReads, read](const ServiceError &error) {
            ListReads::finish(reads->start(read), error);
        },
        ConnectionPool::JobKind::Read);
    return future;
}

quint64 TaskService::sharedListReads() const
{
    return m_listReads->shared.load(std::memory_order_relaxed);
}

QFuture<Result<TaskRepository::SparseKeys>> TaskService::sparseKeys(TaskFilter filter,
                                                                    int every) const
{
    return m_pool->runRead<TaskRepository::SparseKeys>(
        [filter = std::move(filter), every](QSqlDatabase &db) {
            return TaskRepository::sparseKeys(db, filter, every);
        });
}

QFuture<Result<Task>> TaskService::get(QUuid id) const
{
    if (id.isNull())
        return ready<Task>(ServiceError::notFound(QStringLiteral("Task not found")));
    if (m_pool->config().driver == DatabaseConfig::Driver::Postgres) {
        return submit(m_pool, m_getGroup,
                      GetEntry{id, std::make_shared<QPromise<Result<Task>>>(),
                               std::chrono::steady_clock::now()});
    }
    return m_pool->runRead<Task>([id](QSqlDatabase &db) { return TaskRepository::get(db, id); });
}

QFuture<Result<Task>> TaskService::create(NewTask task, Principal actor) const
{
    if (!actor.canWriteTasks())
        return ready<Task>(forbidden());
    if (const FieldErrors errors = rules::validateNewTask(task); !errors.isEmpty())
        return ready<Task>(ServiceError::validation(errors));
    Result<Task> made = rules::makeTask(task, actor.username, now());
    if (!made.ok())
        return ready<Task>(made.error());
    if (m_pool->config().driver == DatabaseConfig::Driver::Postgres) {
        return submit(m_pool, m_createGroup,
                      CreateEntry{std::move(made).value(), actor.username,
                                  std::make_shared<QPromise<Result<Task>>>(),
                                  std::chrono::steady_clock::now()});
    }
    return m_pool->run<Task>([made = std::move(made).value(),
                              username = std::optional<QString>(actor.username)](QSqlDatabase &db) {
        Result<Task> inserted = TaskRepository::insert(db, made, username);
        if (inserted.ok())
            afterCommit(db);
        return inserted;
    });
}

QFuture<Result<Task>> TaskService::update(QUuid id, TaskPatch patch,
                                          std::optional<int> expectedVersion, Principal actor) const
{
    if (!actor.canWriteTasks())
        return ready<Task>(forbidden());
    if (const FieldErrors errors = rules::validatePatch(patch); !errors.isEmpty())
        return ready<Task>(ServiceError::validation(errors));
    if (id.isNull())
        return ready<Task>(ServiceError::notFound(QStringLiteral("Task not found")));
    if (m_pool->config().driver == DatabaseConfig::Driver::Postgres) {
        return submit(m_pool, m_patchGroup,
                      PatchEntry{{id, std::move(patch), expectedVersion, actor.username},
                                 std::make_shared<QPromise<Result<Task>>>(),
                                 std::chrono::steady_clock::now()});
    }
    return m_pool->run<Task>(
        [id, patch = std::move(patch), expectedVersion,
         username = std::optional<QString>(actor.username)](QSqlDatabase &db) -> Result<Task> {
            const auto outcome =
                TaskRepository::update(db, id, patch, expectedVersion, now(), username);
            if (!outcome.ok())
                return outcome.error();
            if (outcome.value().changed)
                afterCommit(db);
            return outcome.value().task;
        });
}

QFuture<VoidResult> TaskService::remove(QUuid id, Principal actor) const
{
    if (!actor.canWriteTasks())
        return ready<Done>(forbidden());
    if (id.isNull())
        return ready<Done>(ServiceError::notFound(QStringLiteral("Task not found")));
    return m_pool->run<Done>(
        [id, username = std::optional<QString>(actor.username)](QSqlDatabase &db) {
            Result<Done> removed = TaskRepository::remove(db, id, username, now());
            if (removed.ok())
                afterCommit(db);
            return removed;
        });
}

QFuture<Result<MetricsSnapshot>> TaskService::metrics() const
{
    return m_pool->runRead<MetricsSnapshot>(
        [](QSqlDatabase &db) { return TaskRepository::metrics(db); });
}

QFuture<Result<Timeseries>> TaskService::timeseries(TimeBucket bucket, EpochMs from,
                                                    EpochMs to) const
{
    if (from >= to)
        return ready<Timeseries>(
            ServiceError::validation({{{QStringLiteral("query"), QStringLiteral("to")},
                                       QStringLiteral("'to' must be later than 'from'"),
                                       QStringLiteral("value_error")}}));
    const qint64 buckets = bucketCount(bucket, from, to);
    if (buckets > kMaxTimeseriesBuckets)
        return ready<Timeseries>(ServiceError::validation(
            {{{QStringLiteral("query"), QStringLiteral("bucket")},
              QStringLiteral("The range spans %1 buckets; at most %2 are allowed")
                  .arg(buckets)
                  .arg(kMaxTimeseriesBuckets),
              QStringLiteral("value_error")}}));
    return m_pool->runRead<Timeseries>([bucket, from, to](QSqlDatabase &db) {
        return TaskRepository::timeseries(db, bucket, from, to);
    });
}

QFuture<Result<AuditPage>> TaskService::history(QUuid id, qint64 offset, int limit) const
{
    AuditFilter filter;
    filter.target = tasksql::idText(id);
    if (const FieldErrors errors = audit::validateQuery(filter, offset, limit); !errors.isEmpty())
        return ready<AuditPage>(ServiceError::validation(errors));
    return m_pool->runRead<AuditPage>(
        [filter = std::move(filter), offset, limit](QSqlDatabase &db) {
            return audit::listAudit(db, filter, offset, limit);
        });
}

QFuture<Result<QStringList>> TaskService::categories() const
{
    return m_pool->runRead<QStringList>(
        [](QSqlDatabase &db) { return TaskRepository::categories(db); });
}

QFuture<Result<qint64>>
TaskService::exportCsv(TaskFilter filter, std::function<bool(const QByteArray &chunk)> sink) const
{
    return m_pool->run<qint64>(
        [filter = std::move(filter), sink = std::move(sink)](QSqlDatabase &db) {
            return TaskRepository::exportCsv(db, filter, sink);
        });
}

QFuture<Result<ImportSummary>>
TaskService::importTasks(QList<Task> tasks, QList<int> lineNumbers, Principal actor,
                         std::function<void(qint64, qint64)> progress) const
{
    if (!actor.canWriteTasks())
        return ready<ImportSummary>(forbidden());

    ImportSummary summary;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const int line = i < lineNumbers.size() ? lineNumbers.at(i) : int(i + 1);
        Task &task = tasks[i];
        if (!task.createdBy && !actor.username.isEmpty())
            task.createdBy = actor.username;
        const FieldErrors errors = rules::validateImportedTask(task, line);
        if (errors.isEmpty())
            continue;
        ++summary.rejected;
        for (const FieldError &error : errors) {
            if (summary.errors.size() < kMaxImportErrorsKept)
                summary.errors.append(error);
        }
    }
    if (summary.rejected > 0)
        return ready<ImportSummary>(summary); // all or nothing: nothing written

    return m_pool->run<ImportSummary>(
        [tasks = std::move(tasks), lineNumbers = std::move(lineNumbers),
         progress = std::move(progress)](QSqlDatabase &db) -> Result<ImportSummary> {
            const Result<qint64> written =
                TaskRepository::importTasks(db, tasks, lineNumbers, progress);
            if (!written.ok())
                return written.error();
            if (written.value() > 0)
                afterImport(db);
            ImportSummary done;
            done.imported = written.value();
            return done;
        });
}

namespace {

ServiceError fileChanged(const QString &what)
{
    return ServiceError{ServiceError::Kind::BadRequest,
                        QStringLiteral("The file changed during the import (%1); nothing "
                                       "imported")
                            .arg(what),
                        {}};
}

Result<qint64> importFromFile(QSqlDatabase &db, const QString &path, const ImportCheck &check,
                              EpochMs nowMs, const QString &importer,
                              const std::function<void(qint64, qint64)> &progress)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ServiceError{ServiceError::Kind::BadRequest,
                            QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()),
                            {}};
    ImportReader reader(&file, check.format, nowMs);
    qint64 records = 0;
    ImportChunk chunk;
    const TaskRepository::ImportChunkSource next = [&](QList<Task> &tasks,
                                                       QList<int> &lineNumbers) -> Result<bool> {
        const Result<bool> more = reader.read(chunk);
        if (!more.ok())
            return more.error();
        records += chunk.records;
        if (chunk.rejected > 0)
            return fileChanged(chunk.errors.isEmpty()
                                   ? QStringLiteral("a row now fails validation")
                                   : chunk.errors.first().loc.join(QLatin1Char(' ')) +
                                         QStringLiteral(": ") + chunk.errors.first().msg);
        for (qsizetype i = 0; i < chunk.tasks.size(); ++i) {
            Task &task = chunk.tasks[i];
            if (!task.createdBy && !importer.isEmpty())
                task.createdBy = importer;
            if (const FieldErrors errors =
                    rules::validateImportedTask(task, chunk.lineNumbers.at(i));
                !errors.isEmpty())
                return ServiceError::validation(errors);
        }
        if (!more.value() && records != check.records)
            return fileChanged(
                QStringLiteral("%1 rows now, %2 before").arg(records).arg(check.records));
        tasks = std::move(chunk.tasks);
        lineNumbers = std::move(chunk.lineNumbers);
        return more.value();
    };
    return TaskRepository::importTaskStream(db, check.valid, next, progress);
}

} // namespace

QFuture<Result<ImportSummary>>
TaskService::importFile(QString path, ImportCheck check, EpochMs nowMs, Principal actor,
                        std::function<void(qint64, qint64)> progress) const
{
    if (!actor.canWriteTasks())
        return ready<ImportSummary>(forbidden());
    if (check.rejected > 0 || check.conflict) {
        // The first pass found errors: nothing to write (the caller reports them).
        ImportSummary summary;
        summary.rejected = check.rejected;
        summary.errors = check.errors;
        if (check.conflict)
            return ready<ImportSummary>(*check.conflict);
        return ready<ImportSummary>(summary);
    }
    return m_pool->run<ImportSummary>(
        [path = std::move(path), check = std::move(check), nowMs, importer = actor.username,
         progress = std::move(progress)](QSqlDatabase &db) -> Result<ImportSummary> {
            Result<qint64> written = ServiceError::internal();
            try {
                written = importFromFile(db, path, check, nowMs, importer, progress);
            } catch (const std::bad_alloc &) {
                // Under a memory limit: the transaction is rolled back as the stack unwinds.
                written = ServiceError{ServiceError::Kind::Internal,
                                       QStringLiteral("Out of memory while importing; nothing "
                                                      "imported"),
                                       {}};
            }
            if (!written.ok())
                return written.error();
            if (written.value() > 0)
                afterImport(db);
            ImportSummary done;
            done.imported = written.value();
            return done;
        });
}

QFuture<Result<std::optional<qint64>>> TaskService::rowPosition(TaskFilter filter, QUuid id) const
{
    return m_pool->runRead<std::optional<qint64>>(
        [filter = std::move(filter), id](QSqlDatabase &db) {
            return TaskRepository::rowPosition(db, filter, id);
        });
}

QFuture<Result<TaskService::RowPositions>> TaskService::rowPositions(TaskFilter filter,
                                                                     QList<QUuid> ids) const
{
    return m_pool->runRead<RowPositions>([filter = std::move(filter), ids = std::move(ids)](
                                             QSqlDatabase &db) -> Result<RowPositions> {
        // One snapshot: the positions and the total agree with each other.
        SqlTransaction transaction(db);
        if (const VoidResult begun = transaction.begin(SqlTransaction::Mode::Read); !begun.ok())
            return begun.error();
        RowPositions positions;
        const Result<qint64> total = TaskRepository::count(db, filter);
        if (!total.ok())
            return total.error();
        positions.total = total.value();
        const Result<QHash<QUuid, qint64>> rows = TaskRepository::rowPositions(db, filter, ids);
        if (!rows.ok())
            return rows.error();
        positions.rows = rows.value();
        if (const VoidResult committed = transaction.commit(); !committed.ok())
            return committed.error();
        return positions;
    });
}

QFuture<Result<IdempotentAnswer>>
createTaskIdempotent(const ConnectionPool *pool, NewTask task, Principal actor,
                     IdempotencyClaim claim, std::function<StoredResponse(const Task &)> render)
{
    if (!actor.canWriteTasks())
        return ready<IdempotentAnswer>(forbidden());
    if (const FieldErrors errors = rules::validateNewTask(task); !errors.isEmpty())
        return ready<IdempotentAnswer>(ServiceError::validation(errors));
    Result<Task> made = rules::makeTask(task, actor.username, now());
    if (!made.ok())
        return ready<IdempotentAnswer>(made.error());
    // Not through the PostgreSQL create group: the insert must share the key's transaction.
    return idempotency::run(
        pool, std::move(claim),
        [made = std::move(made).value(), username = std::optional<QString>(actor.username),
         render = std::move(render)](QSqlDatabase &db) -> Result<StoredResponse> {
            Result<Task> inserted = TaskRepository::insert(db, made, username);
            if (!inserted.ok())
                return inserted.error();
            return render(inserted.value());
        },
        [](QSqlDatabase &db) { afterCommit(db); });
}

} // namespace taskdeck
