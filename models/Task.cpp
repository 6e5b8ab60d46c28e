#include "Task.h"

namespace taskdeck {

namespace {

struct StatusEntry
{
    TaskStatus status;
    QLatin1StringView name;
};

constexpr std::array<StatusEntry, 5> kStatusNames = {{
    {TaskStatus::Pending, QLatin1StringView("pending")},
    {TaskStatus::InProgress, QLatin1StringView("in_progress")},
    {TaskStatus::Completed, QLatin1StringView("completed")},
    {TaskStatus::Failed, QLatin1StringView("failed")},
    {TaskStatus::Cancelled, QLatin1StringView("cancelled")},
}};

struct SortEntry
{
    TaskSortField field;
    QLatin1StringView name;
};

constexpr std::array<SortEntry, 10> kSortNames = {{
    {TaskSortField::CreatedAt, QLatin1StringView("created_at")},
    {TaskSortField::UpdatedAt, QLatin1StringView("updated_at")},
    {TaskSortField::Title, QLatin1StringView("title")},
    {TaskSortField::Status, QLatin1StringView("status")},
    {TaskSortField::Priority, QLatin1StringView("priority")},
    {TaskSortField::Cost, QLatin1StringView("cost")},
    {TaskSortField::Category, QLatin1StringView("category")},
    {TaskSortField::StartedAt, QLatin1StringView("started_at")},
    {TaskSortField::CompletedAt, QLatin1StringView("completed_at")},
    {TaskSortField::ExecutionTime, QLatin1StringView("execution_time")},
}};

} // namespace

QString statusName(TaskStatus status)
{
    for (const auto &entry : kStatusNames) {
        if (entry.status == status)
            return QString(entry.name);
    }
    return {};
}

std::optional<TaskStatus> statusFromName(QStringView name)
{
    for (const auto &entry : kStatusNames) {
        if (name == entry.name)
            return entry.status;
    }
    return std::nullopt;
}

QString sortFieldName(TaskSortField field)
{
    for (const auto &entry : kSortNames) {
        if (entry.field == field)
            return QString(entry.name);
    }
    return {};
}

std::optional<TaskSortField> sortFieldFromName(QStringView name)
{
    for (const auto &entry : kSortNames) {
        if (name == entry.name)
            return entry.field;
    }
    return std::nullopt;
}

std::optional<qint64> Task::executionTimeMs() const
{
    if (!startedAt || !completedAt)
        return std::nullopt;
    return *completedAt - *startedAt;
}

bool TaskPatch::isEmpty() const
{
    return !title && !description && !category && !priority && !costE4 && !status && !result &&
           !errorMessage;
}

} // namespace taskdeck
