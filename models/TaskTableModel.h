#pragma once

#include "Task.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// A batch of changes to a TaskTableModel whose positions the database decided (see
/// TaskTableModel::applyChanges and ui/TaskTableController).
struct TaskTableChanges
{
    /// Tasks that leave the table (deleted, or no longer matching the filter).
    QList<QUuid> removed;
    /// Tasks whose row stays where it is (filter membership and sort key unchanged): new data.
    QList<Task> replaced;
    /// Tasks that enter the table or move, with the row each has afterwards (list() order).
    QList<QPair<qint64, Task>> placed;
    /// The filter's total afterwards, read in the same snapshot as the rows (-1: unknown).
    qint64 total = -1;
};

/// A passive, lazily loaded table of tasks for QTableView: it knows the current TaskFilter (with
/// its sort), the filter's total row count and a bounded LRU cache of row blocks, but it never
/// talks to a service. Whoever owns it (ui/TaskTableController) answers its requests:
///
///  - blockRequested(generation, offset, limit) asks for rows [offset, offset + limit) of filter();
///  - receiveBlock(generation, offset, tasks, total) delivers them together with the total count;
///  - receiveError(generation, offset) reports a failed request: after a short back-off the
///    block's rows are repainted (dataChanged), so a block that is still visible is asked again.
///
/// Blocks are requested when data() touches a row that is not loaded (the view paints only the
/// visible rows, so a table of a million tasks opens at once); until a block arrives its rows show
/// a placeholder ("…" in the title column). Every filter or sort change starts a new generation:
/// answers for an older generation are dropped. refresh() also starts a new generation but keeps
/// showing the cached rows, marks them stale and reloads only the blocks that are touched again
/// (the visible ones), so selection and scroll position survive a reload.
///
/// Live changes: applyChanges() updates rows in place (dataChanged for a row whose position
/// stays) and removes/inserts single rows where the database says they are, shifting the loaded
/// rows. A row whose content became unknown by a shift (its neighbour block is not loaded) is a
/// hole: it shows the placeholder and its block is requested again when touched.
///
/// Thread affinity: GUI thread (like every item model). Uses QtCore/QtGui only.
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TitleColumn,
        StatusColumn,
        CategoryColumn,
        PriorityColumn,
        CostColumn,
        CreatedColumn,
        StartedColumn,
        CompletedColumn,
        ExecutionTimeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        TaskIdRole = Qt::UserRole + 1, ///< QUuid of the row's task (invalid while loading)
        StatusRole,                    ///< int(TaskStatus)
        VersionRole,                   ///< int
        LoadedRole,                    ///< bool: the row's data is present (possibly stale)
    };

    explicit TaskTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// Sorting happens in SQL: a sortable column changes filter().sort/order and reloads; other
    /// columns (started, completed, execution time) are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    const TaskFilter &filter() const { return m_filter; }
    /// Resets the model to `filter` (new generation, nothing cached, total unknown) and requests
    /// the first block. Does nothing when `filter` equals the current one, unless `force`.
    void setFilter(const TaskFilter &filter, bool force = false);
    /// Reloads with the same filter without clearing the table (see class comment).
    void refresh();

    quint64 generation() const { return m_generation; }
    /// Rows matching the filter as last reported; 0 until the first answer of a filter arrives.
    qint64 total() const { return m_total; }
    bool isTotalKnown() const { return m_totalKnown; }

    int blockSize() const { return m_blockSize; }
    /// 1..kMaxPageLimit; a change after the first setFilter() reloads from scratch.
    void setBlockSize(int rows);
    int maxCachedBlocks() const { return m_maxBlocks; }
    void setMaxCachedBlocks(int blocks);
    int cachedBlockCount() const { return int(m_blocks.size()); }
    /// Requests sent but not answered yet (current generation), at most maxRequestsInFlight().
    int requestsInFlight() const { return int(m_inFlight.size()); }
    int maxRequestsInFlight() const { return m_maxInFlight; }
    void setMaxRequestsInFlight(int requests);
    /// How long a failed block waits before it is requested again when touched (ms).
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }

    /// The task shown in `row`, or nullptr when that row is not loaded.
    const Task *taskAt(int row) const;
    /// The row of the task with `id` among the loaded rows, or -1.
    int rowOf(const QUuid &id) const;
    /// True when every row is loaded (no block missing, no hole): a task not found by rowOf()
    /// is then certainly not in the table.
    bool isFullyLoaded() const;

    /// Applies a batch of live changes (one task at most once): replaces the data of `replaced`
    /// rows that are loaded (dataChanged per row; a task whose `version` is lower than the loaded
    /// row's is ignored, an equal version replaces), removes the loaded rows of `removed` and
    /// `placed` tasks (highest row first), then inserts every `placed` task at its final row
    /// (lowest first), so the loaded rows end where list() has them. Emits
    /// changesAboutToBeApplied() before and changesApplied() after. Returns false when the row
    /// count afterwards differs from `changes.total` (rows the batch does not know about changed
    /// too: the caller should refresh()).
    bool applyChanges(const TaskTableChanges &changes);

    static std::optional<TaskSortField> sortFieldForColumn(int column);
    static int columnForSortField(TaskSortField field);

    /// Display helpers shared with the widgets (translated through this class's context).
    static QString statusText(TaskStatus status);
    static QString priorityText(int priority);
    static QColor statusColor(TaskStatus status);
    static QString formatCost(MoneyE4 costE4);
    /// "yyyy-MM-dd HH:mm:ss" in the zone chosen in Preferences (TimeDisplay::format).
    static QString formatTimestamp(EpochMs ms);
    static QString formatDuration(qint64 ms);

public slots:
    void receiveBlock(quint64 generation, qint64 offset, const QList<taskdeck::Task> &tasks,
                      qint64 total);
    void receiveError(quint64 generation, qint64 offset);

signals:
    /// Asks for rows [offset, offset + limit) of filter() for `generation`.
    void blockRequested(quint64 generation, qint64 offset, int limit);
    void totalChanged(qint64 total);
    /// A block arrived and is shown (rows [offset, offset + count)).
    void blockLoaded(qint64 offset, int count);
    /// setFilter() changed the filter (after the reset).
    void filterChanged();
    /// applyChanges() is about to insert/remove/change rows (a view may want to keep its
    /// selection by task id until changesApplied()).
    void changesAboutToBeApplied();
    void changesApplied();

private:
    struct Block
    {
        QList<Task> tasks;
        quint64 generation = 0;
        quint64 lastUsed = 0;
    };

    void startGeneration();
    void setTotal(qint64 total);
    void storeBlock(qint64 blockIndex, const QList<Task> &tasks);
    void touchRow(int row) const;
    /// Row-level shifts of the block cache for one removed/inserted row (m_total unchanged).
    void shiftOutRow(qint64 row);
    void shiftInRow(qint64 row, const Task &task);
    bool isRowLoaded(qint64 row) const;
    void requestBlock(qint64 blockIndex) const;
    void scheduleFlush() const;
    void flushRequests();
    QVariant displayData(const Task &task, int column) const;

    TaskFilter m_filter;
    quint64 m_generation = 0;
    qint64 m_total = 0;
    bool m_totalKnown = false;
    int m_blockSize = kMaxPageLimit;
    int m_maxBlocks = 64;
    int m_maxInFlight = 3;
    int m_retryDelayMs = 2000;

    // Caches and request bookkeeping change from const data(): mutable by design.
    mutable QHash<qint64, Block> m_blocks;
    mutable quint64 m_tick = 0;
    mutable QList<qint64> m_queue;            // blocks to request, most recently touched last
    mutable QSet<qint64> m_inFlight;          // requested, not answered (current generation)
    mutable QHash<qint64, qint64> m_failedAt; // block -> m_clock time of the last failure
    mutable bool m_flushScheduled = false;
    QElapsedTimer m_clock;
};

} // namespace taskdeck
