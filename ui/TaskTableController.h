#pragma once

#include "ChangeEvent.h"
#include "ServiceError.h"
#include "Task.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace taskdeck {

class ChangeFeed;
class TaskService;
class TaskTableModel;

/// Connects the passive TaskTableModel to TaskService and the change feed:
///
/// - Loading: answers each blockRequested() with TaskService::list() for the model's current
///   filter, delivered on the GUI thread through whenReady(). The generation travels with the
///   request, so the model drops answers that arrive after the filter changed.
/// - Live changes: task events of `feed` are collected for coalesceMs() (250 ms) and applied as
///   one batch. A task.updated for a loaded row whose filter fields and sort key are unchanged
///   replaces the row in place. Events can arrive out of version order (a row read back for an
///   id-only notification may be newer than a full event queued behind it): an event whose task
///   `version` is lower than the loaded row's (or than an event already waiting for the task) is
///   ignored; an equal version still replaces (a plain-SQL UPDATE may keep the version). Creates,
///   deletes and updates that may move a row or change its membership ask the database where the
///   tasks are now (TaskService::rowPositions, one query for the batch) and the model
///   removes/inserts exactly those rows. What cannot be placed (an update or delete of a task that
///   is not loaded), a batch of more than refreshThreshold() tasks (200), a row count that
///   disagrees with the database's, or a listener resync reload the visible rows instead
///   (TaskTableModel::refresh(): selection and scroll position stay). One position query at a time;
///   refreshes wait for the blocks in flight, so a burst of thousands of changes costs a few
///   batches a second.
/// - After every applied batch (in place, removed or placed), once the feed has been quiet for
///   settleMs() (1 s), the visible rows are read once more: a block query and a commit can cross
///   (the block already shows a change whose event is still on its way), and this read makes the
///   table exactly list() again.
///
/// - Seeking instead of deep offsets: a sparse index of the list order (the key of every
///   seekEvery()-th row, TaskService::sparseKeys(), one background pass over the sort index) is
///   built for each filter and sort, and rebuilt in the background when the table was reloaded
///   for changes it could not place. A block at row r is then read after the nearest indexed key
///   at or before r (at most seekEvery() rows skipped, whatever r), so dragging the scrollbar or
///   Ctrl+End at a million rows costs the same as the first page. Rows the live changes insert
///   or remove shift the indexed positions (rowsInserted/rowsRemoved of applyChanges()); a total
///   that disagrees with the index's drops it until it is rebuilt. Until an index is ready,
///   blocks are read by offset.
///
/// Never waits on a future. Thread affinity: GUI thread.
class TaskTableController : public QObject
{
    Q_OBJECT
public:
    /// `feed` may be null (no live updates).
    TaskTableController(TaskService *service, TaskTableModel *model, ChangeFeed *feed,
                        QObject *parent = nullptr);

    int coalesceMs() const { return m_coalesce.interval(); }
    void setCoalesceMs(int ms) { m_coalesce.setInterval(ms); }
    int refreshThreshold() const { return m_refreshThreshold; }
    void setRefreshThreshold(int tasks) { m_refreshThreshold = tasks; }
    int settleMs() const { return m_settle.interval(); }
    void setSettleMs(int ms) { m_settle.setInterval(ms); }

    /// Statistics for tests and logs: batches applied in place / refreshes done.
    int batchesApplied() const { return m_batchesApplied; }
    int refreshes() const { return m_refreshes; }
    /// True while events wait or a batch is being placed.
    bool isBusy() const;

    /// Rows between two keys of the sparse index (default 500); takes effect at the next build.
    int seekEvery() const { return m_seekEvery; }
    void setSeekEvery(int rows) { m_seekEvery = qMax(1, rows); }
    /// True when blocks are read by seeking from the sparse index (for the current filter).
    bool isSeekIndexReady() const { return m_anchorsValid; }
    /// The largest number of rows a block read has skipped (OFFSET) since the last reset of
    /// this statistic (tests and logs).
    qint64 largestSkip() const { return m_largestSkip; }
    void resetLargestSkip() { m_largestSkip = 0; }

public slots:
    /// Reloads the visible rows (now, or as soon as the blocks in flight have arrived).
    void requestRefresh();

signals:
    /// The sparse index for the current filter is built (blocks are read by seeking from now on).
    void seekIndexReady();
    /// A block could not be loaded (the model retries it when it is shown again).
    void loadFailed(const taskdeck::ServiceError &error);
    /// A batch of live changes was applied (in place or by a refresh).
    void liveChangesApplied();

private:
    struct Pending
    {
        ChangeEvent event;
        bool createdInBatch = false; ///< the first event for the task in this batch was a create
    };

    /// A position to seek from: the rows of the list before it and the key of the last of them.
    struct Anchor
    {
        qint64 rowsBefore = 0;
        TaskListKey key;
    };

    void fetch(quint64 generation, qint64 offset, int limit);
    /// Drops the sparse index; a rebuild follows after `delayMs`.
    void invalidateAnchors(int delayMs, const char *reason);
    void buildAnchors();
    void shiftAnchors(qint64 row, qint64 delta);
    void afterBlockAnswer();
    void onPublished(const QList<ChangeEvent> &events);
    void flush();
    void finishBatch();
    bool stays(const Task &before, const Task &after) const;
    /// `event` carries an older version of the task than `than` does.
    static bool isOlder(const ChangeEvent &event, const ChangeEvent &than);

    TaskService *m_service;
    QPointer<TaskTableModel> m_model;
    QTimer m_coalesce;
    QTimer m_settle;
    QHash<QUuid, Pending> m_pending;
    bool m_overflow = false; ///< more than m_refreshThreshold tasks waiting: refresh instead
    bool m_placing = false;  ///< a rowPositions() query is in flight
    bool m_refreshWanted = false;
    int m_refreshThreshold = 200;
    // Sparse index (see class comment).
    QList<Anchor> m_anchors; ///< ascending rowsBefore
    TaskFilter m_anchorFilter;
    qint64 m_anchorTotal = 0; ///< the list's total as the index knows it (shifts included)
    bool m_anchorsValid = false;
    bool m_anchorsBuilding = false;
    bool m_applying = false;   ///< inside applyChanges(): row inserts/removes are exact shifts
    quint64 m_anchorEpoch = 0; ///< bumped by every shift and invalidation: a build that
                               ///< overlapped one is discarded
    int m_seekEvery = 500;
    qint64 m_largestSkip = 0;
    QTimer m_anchorRebuild;
    int m_batchesApplied = 0;
    int m_refreshes = 0;
};

} // namespace taskdeck
