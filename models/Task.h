#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <array>
#include <optional>

namespace taskdeck {

/// Lifecycle status of a task. The enumerator order is the lifecycle order used when sorting by
/// status (docs/API.md, GET /api/tasks `sort=status`).
enum class TaskStatus
{
    Pending = 0,
    InProgress = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
};

/// All statuses in lifecycle order.
inline constexpr std::array<TaskStatus, 5> kAllStatuses = {
    TaskStatus::Pending, TaskStatus::InProgress, TaskStatus::Completed, TaskStatus::Failed,
    TaskStatus::Cancelled};

/// Wire name of a status: "pending", "in_progress", "completed", "failed", "cancelled".
QString statusName(TaskStatus status);
/// Parses a wire name (exact, lower case); std::nullopt for anything else.
std::optional<TaskStatus> statusFromName(QStringView name);

/// Money in ten-thousandths of a US dollar (docs/API.md: cost kept exactly to 4 decimals).
using MoneyE4 = qint64;
/// A point in time as milliseconds since the Unix epoch, UTC.
using EpochMs = qint64;

/// Limits from docs/API.md, "Tasks".
inline constexpr int kTitleMaxLength = 200;                 ///< code points, after trimming
inline constexpr int kDescriptionMaxLength = 10000;         ///< code points
inline constexpr int kCategoryMaxLength = 64;               ///< code points, after trimming
inline constexpr int kPriorityMin = 0;                      ///< low
inline constexpr int kPriorityMax = 3;                      ///< critical
inline constexpr MoneyE4 kCostMaxE4 = 1'000'000LL * 10'000; ///< USD 1,000,000

/// One task as stored. A value type: copy freely between threads.
struct Task
{
    QUuid id;
    QString title;
    std::optional<QString> description;
    std::optional<QString> category;
    TaskStatus status = TaskStatus::Pending;
    int priority = 1;
    MoneyE4 costE4 = 0;
    QJsonValue result = QJsonValue(QJsonValue::Null); ///< any JSON value; Null when unset
    std::optional<QString> errorMessage;
    std::optional<QString> createdBy;
    EpochMs createdAt = 0;
    EpochMs updatedAt = 0;
    std::optional<EpochMs> startedAt;
    std::optional<EpochMs> completedAt;
    int version = 1;

    /// completedAt - startedAt in milliseconds when both are set, else std::nullopt.
    std::optional<qint64> executionTimeMs() const;

    friend bool operator==(const Task &, const Task &) = default;
};

/// Fields a client may give when creating a task (docs/API.md POST /api/tasks). Values are not
/// yet validated: TaskRules::validateNew() checks them.
struct NewTask
{
    QString title;
    std::optional<QString> description;
    std::optional<QString> category;
    int priority = 1;
    MoneyE4 costE4 = 0;
    TaskStatus status = TaskStatus::Pending;
};

/// A partial update (docs/API.md PATCH /api/tasks/{id}). An empty outer optional means "leave
/// unchanged"; for nullable fields the inner optional being empty means "set to null".
struct TaskPatch
{
    std::optional<QString> title;
    std::optional<std::optional<QString>> description;
    std::optional<std::optional<QString>> category;
    std::optional<int> priority;
    std::optional<MoneyE4> costE4;
    std::optional<TaskStatus> status;
    std::optional<QJsonValue> result; ///< QJsonValue::Null clears it
    std::optional<std::optional<QString>> errorMessage;

    bool isEmpty() const;
};

/// Sort keys of the task list (docs/API.md GET /api/tasks `sort`). Category, StartedAt,
/// CompletedAt and ExecutionTime (completed_at - started_at) put the tasks without a value last
/// in both directions, ordered by id in the list's direction.
enum class TaskSortField
{
    CreatedAt,
    UpdatedAt,
    Title,
    Status,
    Priority,
    Cost,
    Category,
    StartedAt,
    CompletedAt,
    ExecutionTime,
};
QString sortFieldName(TaskSortField field);
std::optional<TaskSortField> sortFieldFromName(QStringView name);

enum class SortOrder
{
    Ascending,
    Descending,
};

/// What the task list shows: filters and order, without paging. Used by the API list and CSV
/// export and by the GUI's task table.
struct TaskFilter
{
    QList<TaskStatus> statuses;      ///< empty: any status
    std::optional<QString> category; ///< exact match on the stored (trimmed) category
    QString search;                  ///< case-insensitive literal substring of title/description
    std::optional<EpochMs> createdAfter;  ///< inclusive
    std::optional<EpochMs> createdBefore; ///< exclusive
    QList<int> priorities;                ///< empty: any priority (kPriorityMin..kPriorityMax)
    std::optional<QString> createdBy;     ///< exact creator username; "" = no creator recorded
    /// completed_at range (the time a task finished: completed, failed or cancelled; tasks
    /// never finished match no range): after inclusive, before exclusive.
    std::optional<EpochMs> completedAfter;
    std::optional<EpochMs> completedBefore;
    TaskSortField sort = TaskSortField::CreatedAt;
    SortOrder order = SortOrder::Descending;

    friend bool operator==(const TaskFilter &, const TaskFilter &) = default;
};

/// Paging limits from docs/API.md: offset >= 0, limit 1..100 (default 10).
inline constexpr int kDefaultPageLimit = 10;
inline constexpr int kMaxPageLimit = 100;

/// A position in the task list, for keyset (seek) paging: the sort-key values of one row and its
/// id. `values` hold the row's key columns for the filter's sort field, in the repository's key
/// order (TaskRepository: created_at, updated_at, status_rank, priority and cost_e4 as one
/// integer; title as [lower-cased title]; category as [0 or 1 (1: no category), lower-cased
/// category or null]; started_at, completed_at and execution_time as [0 or 1 (1: no value),
/// the value in ms or null]). Integers are qlonglong, text QString, a missing category a null
/// QVariant. "After the key" means the rows that list() orders after that row (whether it still
/// exists).
struct TaskListKey
{
    QVariantList values;
    QUuid id;

    friend bool operator==(const TaskListKey &, const TaskListKey &) = default;
};

/// One page of the task list. `total` counts every row that matches the filter.
struct TaskPage
{
    QList<Task> tasks;
    qint64 total = 0;
    qint64 offset = 0;
    int limit = kDefaultPageLimit;
    /// The page started after a key (keyset paging): `offset` counts rows after that key.
    bool afterKey = false;
    /// The key of the page's last row when more rows follow it; nullopt on the last page.
    std::optional<TaskListKey> nextKey;
};

} // namespace taskdeck
