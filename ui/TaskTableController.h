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

public slots:
    /// Reloads the visible rows (now, or as soon as the blocks in flight have arrived).
    void requestRefresh();

signals:
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

    void fetch(quint64 generation, qint64 offset, int limit);
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
    int m_batchesApplied = 0;
    int m_refreshes = 0;
};

} // namespace taskdeck
