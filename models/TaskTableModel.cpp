#include "TaskTableModel.h"

#include "TimeDisplay.h"

#include <QDateTime>
#include <QLocale>
#include <QMetaObject>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <limits>

namespace taskdeck {

namespace {

constexpr int kMaxQueuedBlocks = 8;

} // namespace

TaskTableModel::TaskTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_clock.start();
    // Times are shown in the zone chosen in Preferences: re-format the time columns at once.
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0, CreatedColumn), index(rowCount() - 1, CompletedColumn),
                             {Qt::DisplayRole, Qt::ToolTipRole});
    });
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= rowCount())
        return {};
    touchRow(index.row());
    const Task *task = taskAt(index.row());
    if (!task) {
        if (role == Qt::DisplayRole && index.column() == TitleColumn)
            return QStringLiteral("…");
        if (role == LoadedRole)
            return false;
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return displayData(*task, index.column());
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn) {
            QString tip = task->title;
            if (task->description && !task->description->isEmpty())
                tip += QStringLiteral("\n\n") + *task->description;
            if (task->errorMessage && !task->errorMessage->isEmpty())
                tip += QStringLiteral("\n\n") + tr("Error: %1").arg(*task->errorMessage);
            return tip;
        }
        if (index.column() == StatusColumn && task->errorMessage && !task->errorMessage->isEmpty())
            return tr("Error: %1").arg(*task->errorMessage);
        if (index.column() == CreatedColumn)
            return TimeDisplay::formatExact(task->createdAt);
        if (index.column() == StartedColumn && task->startedAt)
            return TimeDisplay::formatExact(*task->startedAt);
        if (index.column() == CompletedColumn && task->completedAt)
            return TimeDisplay::formatExact(*task->completedAt);
        return {};
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return statusColor(task->status);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case CostColumn:
        case ExecutionTimeColumn:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        }
    case TaskIdRole:
        return task->id;
    case StatusRole:
        return int(task->status);
    case VersionRole:
        return task->version;
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant TaskTableModel::displayData(const Task &task, int column) const
{
    switch (column) {
    case TitleColumn: {
        QString title = task.title;
        title.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return title;
    }
    case StatusColumn:
        return statusText(task.status);
    case CategoryColumn:
        return task.category.value_or(QString());
    case PriorityColumn:
        return priorityText(task.priority);
    case CostColumn:
        return formatCost(task.costE4);
    case CreatedColumn:
        return formatTimestamp(task.createdAt);
    case StartedColumn:
        return task.startedAt ? formatTimestamp(*task.startedAt) : QString();
    case CompletedColumn:
        return task.completedAt ? formatTimestamp(*task.completedAt) : QString();
    case ExecutionTimeColumn: {
        const std::optional<qint64> ms = task.executionTimeMs();
        return ms ? formatDuration(*ms) : QString();
    }
    default:
        return {};
    }
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::InitialSortOrderRole) {
        // First click: text A to Z, numbers and dates largest/newest first.
        const bool text =
            section == TitleColumn || section == StatusColumn || section == CategoryColumn;
        return int(text ? Qt::AscendingOrder : Qt::DescendingOrder);
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case CategoryColumn:
        return tr("Category");
    case PriorityColumn:
        return tr("Priority");
    case CostColumn:
        return tr("Cost (USD)");
    case CreatedColumn:
        return tr("Created");
    case StartedColumn:
        return tr("Started");
    case CompletedColumn:
        return tr("Completed");
    case ExecutionTimeColumn:
        return tr("Execution time");
    default:
        return {};
    }
}

void TaskTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<TaskSortField> field = sortFieldForColumn(column);
    if (!field)
        return;
    TaskFilter next = m_filter;
    next.sort = *field;
    next.order = order == Qt::AscendingOrder ? SortOrder::Ascending : SortOrder::Descending;
    setFilter(next);
}

void TaskTableModel::setFilter(const TaskFilter &filter, bool force)
{
    if (filter == m_filter && !force && m_generation != 0)
        return;
    beginResetModel();
    m_filter = filter;
    startGeneration();
    m_blocks.clear();
    m_total = 0;
    m_totalKnown = false;
    endResetModel();
    requestBlock(0);
    emit totalChanged(m_total);
    emit filterChanged();
}

void TaskTableModel::refresh()
{
    startGeneration();
    if (m_total > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    // The most recently used block is what the view shows; it also brings the new total.
    qint64 newest = 0;
    quint64 newestUse = 0;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
        if (it->lastUsed >= newestUse) {
            newestUse = it->lastUsed;
            newest = it.key();
        }
    }
    if (!m_inFlight.contains(newest))
        requestBlock(newest);
}

void TaskTableModel::setBlockSize(int rows)
{
    const int size = std::clamp(rows, 1, kMaxPageLimit);
    if (size == m_blockSize)
        return;
    m_blockSize = size;
    if (m_generation != 0)
        setFilter(m_filter, true); // cached blocks have the old size
}

void TaskTableModel::setMaxCachedBlocks(int blocks)
{
    m_maxBlocks = std::max(1, blocks);
}

void TaskTableModel::setMaxRequestsInFlight(int requests)
{
    m_maxInFlight = std::max(1, requests);
}

const Task *TaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= m_total)
        return nullptr;
    const auto it = m_blocks.constFind(row / m_blockSize);
    if (it == m_blocks.cend())
        return nullptr;
    const qsizetype inBlock = row % m_blockSize;
    if (inBlock >= it->tasks.size() || it->tasks[inBlock].id.isNull())
        return nullptr; // not loaded, or a hole left by a shift
    return &it->tasks[inBlock];
}

bool TaskTableModel::isRowLoaded(qint64 row) const
{
    const auto it = m_blocks.constFind(row / m_blockSize);
    if (it == m_blocks.cend())
        return false;
    const qsizetype inBlock = row % m_blockSize;
    return inBlock < it->tasks.size() && !it->tasks[inBlock].id.isNull();
}

bool TaskTableModel::isFullyLoaded() const
{
    if (!m_totalKnown)
        return false;
    for (qint64 first = 0; first < m_total; first += m_blockSize) {
        const auto it = m_blocks.constFind(first / m_blockSize);
        const qint64 rows = std::min<qint64>(m_blockSize, m_total - first);
        if (it == m_blocks.cend() || it->tasks.size() < rows)
            return false;
        for (qint64 i = 0; i < rows; ++i) {
            if (it->tasks[i].id.isNull())
                return false;
        }
    }
    return true;
}

int TaskTableModel::rowOf(const QUuid &id) const
{
    if (id.isNull())
        return -1;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
        for (qsizetype i = 0; i < it->tasks.size(); ++i) {
            if (it->tasks[i].id == id) {
                const qint64 row = it.key() * m_blockSize + i;
                return row < m_total ? int(row) : -1;
            }
        }
    }
    return -1;
}

std::optional<TaskSortField> TaskTableModel::sortFieldForColumn(int column)
{
    switch (column) {
    case TitleColumn:
        return TaskSortField::Title;
    case StatusColumn:
        return TaskSortField::Status;
    case CategoryColumn:
        return TaskSortField::Category;
    case PriorityColumn:
        return TaskSortField::Priority;
    case CostColumn:
        return TaskSortField::Cost;
    case CreatedColumn:
        return TaskSortField::CreatedAt;
    case StartedColumn:
        return TaskSortField::StartedAt;
    case CompletedColumn:
        return TaskSortField::CompletedAt;
    case ExecutionTimeColumn:
        return TaskSortField::ExecutionTime;
    default:
        return std::nullopt;
    }
}

int TaskTableModel::columnForSortField(TaskSortField field)
{
    switch (field) {
    case TaskSortField::Title:
        return TitleColumn;
    case TaskSortField::Status:
        return StatusColumn;
    case TaskSortField::Category:
        return CategoryColumn;
    case TaskSortField::Priority:
        return PriorityColumn;
    case TaskSortField::Cost:
        return CostColumn;
    case TaskSortField::CreatedAt:
    case TaskSortField::UpdatedAt:
        return CreatedColumn;
    case TaskSortField::StartedAt:
        return StartedColumn;
    case TaskSortField::CompletedAt:
        return CompletedColumn;
    case TaskSortField::ExecutionTime:
        return ExecutionTimeColumn;
    }
    return CreatedColumn;
}

QString TaskTableModel::statusText(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return tr("Pending");
    case TaskStatus::InProgress:
        return tr("In progress");
    case TaskStatus::Completed:
        return tr("Completed");
    case TaskStatus::Failed:
        return tr("Failed");
    case TaskStatus::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString TaskTableModel::priorityText(int priority)
{
    switch (priority) {
    case 0:
        return tr("Low");
    case 1:
        return tr("Normal");
    case 2:
        return tr("High");
    case 3:
        return tr("Critical");
    default:
        return QString::number(priority);
    }
}

QColor TaskTableModel::statusColor(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return QColor(0x8a, 0x94, 0xa6);
    case TaskStatus::InProgress:
        return QColor(0x2f, 0x80, 0xed);
    case TaskStatus::Completed:
        return QColor(0x27, 0xae, 0x60);
    case TaskStatus::Failed:
        return QColor(0xeb, 0x57, 0x57);
    case TaskStatus::Cancelled:
        return QColor(0xc9, 0x9a, 0x2e);
    }
    return {};
}

QString TaskTableModel::formatCost(MoneyE4 costE4)
{
    // Display only: every value up to kCostMaxE4 is exact in a double at 4 decimals.
    return QLocale().toString(double(costE4) / 10000.0, 'f', 4);
}

QString TaskTableModel::formatTimestamp(EpochMs ms)
{
    return TimeDisplay::format(ms);
}

QString TaskTableModel::formatDuration(qint64 ms)
{
    const QLocale locale;
    if (ms < 60'000)
        return tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    const qint64 minutes = seconds / 60;
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

void TaskTableModel::receiveBlock(quint64 generation, qint64 offset, const QList<Task> &tasks,
                                  qint64 total)
{
    if (generation != m_generation || offset < 0 || offset % m_blockSize != 0)
        return; // stale answer (the filter changed or a refresh started since)
    const qint64 blockIndex = offset / m_blockSize;
    m_inFlight.remove(blockIndex);
    m_failedAt.remove(blockIndex);
    setTotal(std::max<qint64>(0, total));
    if (offset < m_total && !tasks.isEmpty()) {
        storeBlock(blockIndex, tasks);
        const qint64 last = std::min<qint64>(offset + tasks.size(), m_total) - 1;
        emit dataChanged(index(int(offset), 0), index(int(last), ColumnCount - 1));
        emit blockLoaded(offset, int(last - offset + 1));
    }
    flushRequests();
}

void TaskTableModel::receiveError(quint64 generation, qint64 offset)
{
    if (generation != m_generation || offset < 0)
        return;
    const qint64 blockIndex = offset / m_blockSize;
    m_inFlight.remove(blockIndex);
    m_failedAt.insert(blockIndex, m_clock.elapsed());
    // After the back-off, repaint the block's rows: if they are still visible, data() asks again.
    QTimer::singleShot(m_retryDelayMs, this, [this, generation, blockIndex] {
        if (generation != m_generation || !m_failedAt.contains(blockIndex))
            return;
        const qint64 first = blockIndex * m_blockSize;
        const qint64 last = std::min<qint64>(first + m_blockSize, m_total) - 1;
        if (first <= last)
            emit dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
    });
    flushRequests();
}

void TaskTableModel::startGeneration()
{
    ++m_generation;
    m_queue.clear();
    m_inFlight.clear();
    m_failedAt.clear();
}

void TaskTableModel::setTotal(qint64 total)
{
    const bool wasKnown = m_totalKnown;
    m_totalKnown = true;
    if (total == m_total) {
        if (!wasKnown)
            emit totalChanged(m_total);
        return;
    }
    const int oldRows = rowCount();
    const int newRows = int(std::min<qint64>(total, std::numeric_limits<int>::max()));
    if (newRows > oldRows) {
        beginInsertRows(QModelIndex(), oldRows, newRows - 1);
        m_total = total;
        endInsertRows();
    } else if (newRows < oldRows) {
        beginRemoveRows(QModelIndex(), newRows, oldRows - 1);
        m_total = total;
        for (auto it = m_blocks.begin(); it != m_blocks.end();) {
            if (it.key() * m_blockSize >= m_total)
                it = m_blocks.erase(it);
            else
                ++it;
        }
        endRemoveRows();
    } else {
        m_total = total;
    }
    emit totalChanged(m_total);
}

void TaskTableModel::storeBlock(qint64 blockIndex, const QList<Task> &tasks)
{
    Block &block = m_blocks[blockIndex];
    block.tasks = tasks;
    block.generation = m_generation;
    block.lastUsed = ++m_tick;
    while (m_blocks.size() > m_maxBlocks) {
        auto oldest = m_blocks.end();
        for (auto it = m_blocks.begin(); it != m_blocks.end(); ++it) {
            if (it.key() != blockIndex &&
                (oldest == m_blocks.end() || it->lastUsed < oldest->lastUsed))
                oldest = it;
        }
        if (oldest == m_blocks.end())
            break;
        m_blocks.erase(oldest);
    }
}

void TaskTableModel::touchRow(int row) const
{
    const qint64 blockIndex = row / m_blockSize;
    const auto it = m_blocks.find(blockIndex);
    if (it != m_blocks.end()) {
        it->lastUsed = ++m_tick;
        if (it->generation == m_generation && isRowLoaded(row))
            return; // fresh
    }
    if (m_inFlight.contains(blockIndex))
        return;
    const auto failed = m_failedAt.constFind(blockIndex);
    if (failed != m_failedAt.cend() && m_clock.elapsed() - *failed < m_retryDelayMs)
        return;
    requestBlock(blockIndex);
}

void TaskTableModel::requestBlock(qint64 blockIndex) const
{
    const qsizetype queued = m_queue.indexOf(blockIndex);
    if (queued >= 0) {
        if (queued == m_queue.size() - 1)
            return;
        m_queue.remove(queued); // move to the back: most recently wanted
    }
    m_queue.append(blockIndex);
    while (m_queue.size() > kMaxQueuedBlocks)
        m_queue.removeFirst(); // long scrolled past; requested again if touched again
    scheduleFlush();
}

void TaskTableModel::scheduleFlush() const
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Never emit from inside data(): a directly connected receiver could answer synchronously.
    auto *self = const_cast<TaskTableModel *>(this);
    QMetaObject::invokeMethod(
        self, [self] { self->flushRequests(); }, Qt::QueuedConnection);
}

void TaskTableModel::flushRequests()
{
    m_flushScheduled = false;
    while (!m_queue.isEmpty() && m_inFlight.size() < m_maxInFlight) {
        const qint64 blockIndex = m_queue.takeLast();
        if (m_inFlight.contains(blockIndex))
            continue;
        const auto it = m_blocks.constFind(blockIndex);
        if (it != m_blocks.cend() && it->generation == m_generation) {
            const qint64 first = blockIndex * m_blockSize;
            const qint64 last = std::min<qint64>(first + m_blockSize, m_total) - 1;
            bool complete = true;
            for (qint64 row = first; row <= last && complete; ++row)
                complete = isRowLoaded(row);
            if (complete)
                continue; // fresh and without holes
        }
        if (m_totalKnown && blockIndex * m_blockSize >= m_total && blockIndex != 0)
            continue;
        m_inFlight.insert(blockIndex);
        emit blockRequested(m_generation, blockIndex * m_blockSize, m_blockSize);
    }
}

bool TaskTableModel::applyChanges(const TaskTableChanges &changes)
{
    emit changesAboutToBeApplied();
    const qint64 totalBefore = m_total;

    for (const Task &task : changes.replaced) {
        const int row = rowOf(task.id);
        if (row < 0 || task.version < taskAt(row)->version)
            continue; // not loaded, or older than the row shown (equal versions replace)
        Block &block = m_blocks[row / m_blockSize];
        block.tasks[row % m_blockSize] = task;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }

    // Every loaded row of a task that leaves or moves goes first, highest row first...
    QSet<QUuid> leaving(changes.removed.cbegin(), changes.removed.cend());
    for (const auto &placed : changes.placed)
        leaving.insert(placed.second.id);
    QList<qint64> rows;
    QHash<QUuid, Task> loaded; // the rows of moving tasks as shown (maybe newer than `placed`)
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
        for (qsizetype i = 0; i < it->tasks.size(); ++i) {
            const qint64 row = it.key() * m_blockSize + i;
            if (row < m_total && leaving.contains(it->tasks[i].id)) {
                rows.append(row);
                loaded.insert(it->tasks[i].id, it->tasks[i]);
            }
        }
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const qint64 row : std::as_const(rows)) {
        beginRemoveRows(QModelIndex(), int(row), int(row));
        shiftOutRow(row);
        --m_total;
        for (auto it = m_blocks.begin(); it != m_blocks.end();) {
            const qint64 first = it.key() * m_blockSize;
            if (first >= m_total) {
                it = m_blocks.erase(it);
                continue;
            }
            if (first + it->tasks.size() > m_total)
                it->tasks.resize(m_total - first);
            ++it;
        }
        endRemoveRows();
    }

    // ... then each (re)entering task at its final row, lowest first: every row before it is
    // then already where it ends.
    QList<QPair<qint64, Task>> placed = changes.placed;
    std::stable_sort(placed.begin(), placed.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[finalRow, task] : std::as_const(placed)) {
        const qint64 row = std::clamp<qint64>(finalRow, 0, m_total);
        if (row >= std::numeric_limits<int>::max() - 1)
            continue;
        // Never an older version than the row shown before (equal versions: the new data).
        const auto shown = loaded.constFind(task.id);
        const Task &newest =
            shown != loaded.cend() && shown->version > task.version ? *shown : task;
        beginInsertRows(QModelIndex(), int(row), int(row));
        shiftInRow(row, newest);
        ++m_total;
        endInsertRows();
    }

    if (m_total != totalBefore)
        emit totalChanged(m_total);
    emit changesApplied();
    return changes.total < 0 || changes.total == m_total;
}

void TaskTableModel::shiftOutRow(qint64 row)
{
    const qint64 removedBlock = row / m_blockSize;
    const auto it = m_blocks.find(removedBlock);
    if (it != m_blocks.end() && row % m_blockSize < it->tasks.size())
        it->tasks.removeAt(row % m_blockSize);
    // Every later block hands its first row to the block before it (if that one was full up to
    // the removed row; a shorter block does not know its last rows anyway).
    QList<qint64> later;
    for (auto block = m_blocks.cbegin(); block != m_blocks.cend(); ++block) {
        if (block.key() > removedBlock)
            later.append(block.key());
    }
    std::sort(later.begin(), later.end());
    for (const qint64 key : std::as_const(later)) {
        Block &block = m_blocks[key];
        const Task first = block.tasks.isEmpty() ? Task() : block.tasks.takeFirst();
        const auto previous = m_blocks.find(key - 1);
        if (previous != m_blocks.end() && previous->tasks.size() == m_blockSize - 1)
            previous->tasks.append(first); // a null id (unknown row) stays a hole
    }
}

void TaskTableModel::shiftInRow(qint64 row, const Task &task)
{
    enum class Spill
    {
        Nothing, ///< the shifted rows ended: nothing moves into the next block
        Unknown, ///< a row nobody has loaded moves into the next block
        Known,   ///< `carry` moves into the next block
    };
    const qint64 oldTotal = m_total;
    const qint64 insertBlock = row / m_blockSize;
    const qsizetype inBlock = row % m_blockSize;
    const auto coversEnd = [&](qint64 key, const Block &block) {
        return key * m_blockSize + block.tasks.size() >= oldTotal;
    };
    Spill spill = Spill::Unknown;
    Task carry;
    const auto it = m_blocks.find(insertBlock);
    if (it != m_blocks.end()) {
        const bool atEnd = coversEnd(insertBlock, *it);
        if (inBlock <= it->tasks.size()) {
            it->tasks.insert(inBlock, task);
            if (it->tasks.size() > m_blockSize) {
                carry = it->tasks.takeLast();
                spill = Spill::Known;
            } else {
                spill = atEnd ? Spill::Nothing : Spill::Unknown;
            }
        }
    } else if (row == oldTotal) {
        spill = Spill::Nothing;
        if (inBlock == 0) {
            Block &block = m_blocks[insertBlock]; // a new last block that starts with the row
            block.tasks = {task};
            block.generation = m_generation;
            block.lastUsed = ++m_tick;
        }
    }
    qint64 lastKey = insertBlock;
    for (auto block = m_blocks.cbegin(); block != m_blocks.cend(); ++block)
        lastKey = std::max(lastKey, block.key());
    for (qint64 key = insertBlock + 1; key <= lastKey + 1 && spill != Spill::Nothing; ++key) {
        const auto next = m_blocks.find(key);
        if (next == m_blocks.end()) {
            if (spill == Spill::Known) {
                // Keep the row that moves out of a loaded block: it starts a block of its own
                // (the rest of that block is not loaded and is asked for when shown).
                Block &block = m_blocks[key];
                block.tasks = {carry};
                block.generation = m_generation;
                block.lastUsed = ++m_tick;
            }
            // The block's own last row (if it had one) moves on: nobody knows it.
            spill = (key + 1) * m_blockSize <= oldTotal ? Spill::Unknown : Spill::Nothing;
            continue;
        }
        Block &block = *next;
        const bool atEnd = coversEnd(key, block);
        block.tasks.prepend(spill == Spill::Known ? carry : Task());
        if (block.tasks.size() > m_blockSize) {
            carry = block.tasks.takeLast();
            spill = Spill::Known;
        } else {
            spill = atEnd ? Spill::Nothing : Spill::Unknown;
        }
    }
}

} // namespace taskdeck
