#include "TaskTableController.h"

#include "Async.h"
#include "ChangeFeed.h"
#include "TaskService.h"
#include "TaskTableModel.h"

#include <QLoggingCategory>

#include <algorithm>

#include <utility>

namespace taskdeck {

Q_LOGGING_CATEGORY(lcTaskTable, "taskdeck.ui.tasktable")

namespace {

/// Rebuilds of the sparse index wait this long after the change that made one necessary, so a
/// burst of changes costs one rebuild.
constexpr int kAnchorRebuildDelayMs = 1000;
constexpr int kAnchorRetryDelayMs = 5000;

} // namespace

TaskTableController::TaskTableController(TaskService *service, TaskTableModel *model,
                                         ChangeFeed *feed, QObject *parent)
    : QObject(parent), m_service(service), m_model(model)
{
    connect(model, &TaskTableModel::blockRequested, this, &TaskTableController::fetch);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(250);
    connect(&m_coalesce, &QTimer::timeout, this, &TaskTableController::flush);
    m_settle.setSingleShot(true);
    m_settle.setInterval(1000);
    connect(&m_settle, &QTimer::timeout, this, &TaskTableController::requestRefresh);
    m_anchorRebuild.setSingleShot(true);
    connect(&m_anchorRebuild, &QTimer::timeout, this, &TaskTableController::buildAnchors);
    connect(model, &TaskTableModel::filterChanged, this,
            [this] { invalidateAnchors(0, "filter changed"); });
    connect(model, &TaskTableModel::changesAboutToBeApplied, this, [this] { m_applying = true; });
    connect(model, &TaskTableModel::changesApplied, this, [this] { m_applying = false; });
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                if (m_applying)
                    shiftAnchors(first, qint64(last) - first + 1);
            });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                if (m_applying)
                    shiftAnchors(first, -(qint64(last) - first + 1));
            });
    if (feed) {
        connect(feed, &ChangeFeed::published, this, &TaskTableController::onPublished);
        connect(feed, &ChangeFeed::resyncNeeded, this, [this] {
            // Events were missed: what is waiting is incomplete anyway.
            m_pending.clear();
            m_overflow = false;
            invalidateAnchors(kAnchorRebuildDelayMs, "resync");
            requestRefresh();
        });
    }
}

bool TaskTableController::isBusy() const
{
    return !m_pending.isEmpty() || m_overflow || m_placing || m_refreshWanted ||
           m_coalesce.isActive();
}

void TaskTableController::invalidateAnchors(int delayMs, const char *reason)
{
    if (m_anchorsValid)
        qCDebug(lcTaskTable, "sparse index dropped (%s)", reason);
    m_anchorsValid = false;
    m_anchors.clear();
    ++m_anchorEpoch;
    m_anchorRebuild.start(delayMs);
}

void TaskTableController::buildAnchors()
{
    if (!m_model)
        return;
    if (m_anchorsBuilding) {
        m_anchorRebuild.start(kAnchorRebuildDelayMs); // after the one in flight
        return;
    }
    m_anchorsBuilding = true;
    const TaskFilter filter = m_model->filter();
    const quint64 epoch = m_anchorEpoch;
    const int every = m_seekEvery;
    QElapsedTimer timer;
    timer.start();
    whenReady(
        this, m_service->sparseKeys(filter, every),
        [this, filter, epoch, every, timer](const Result<TaskRepository::SparseKeys> &result) {
            m_anchorsBuilding = false;
            if (!m_model || !(m_model->filter() == filter))
                return; // filterChanged() asked for another build
            if (epoch != m_anchorEpoch) {
                // Rows moved while the index was read: its positions may be off.
                m_anchorRebuild.start(kAnchorRebuildDelayMs);
                return;
            }
            if (!result.ok()) {
                qCWarning(lcTaskTable, "sparse index failed: %s",
                          qPrintable(result.error().message));
                m_anchorRebuild.start(kAnchorRetryDelayMs);
                return;
            }
            m_anchors.clear();
            m_anchors.reserve(result.value().keys.size());
            qint64 rowsBefore = 0;
            for (const TaskListKey &key : result.value().keys) {
                rowsBefore += every;
                m_anchors.append({rowsBefore, key});
            }
            m_anchorFilter = filter;
            m_anchorTotal = result.value().total;
            m_anchorsValid = true;
            qCDebug(lcTaskTable, "sparse index: %lld keys for %lld rows in %lld ms",
                    qint64(m_anchors.size()), m_anchorTotal, timer.elapsed());
            emit seekIndexReady();
        });
}

void TaskTableController::shiftAnchors(qint64 row, qint64 delta)
{
    ++m_anchorEpoch; // a build in flight may or may not have seen this change
    if (!m_anchorsValid)
        return;
    m_anchorTotal += delta;
    // An anchor's seek point has `rowsBefore` rows before it: a row inserted or removed at a
    // position before the seek point shifts it.
    for (Anchor &anchor : m_anchors) {
        if (row < anchor.rowsBefore)
            anchor.rowsBefore += delta;
    }
}

void TaskTableController::fetch(quint64 generation, qint64 offset, int limit)
{
    if (!m_model)
        return;
    const TaskFilter filter = m_model->filter();
    std::optional<TaskListKey> after;
    qint64 skip = offset;
    if (m_anchorsValid && filter == m_anchorFilter && !m_anchors.isEmpty() &&
        offset >= m_anchors.first().rowsBefore) {
        const auto next = std::upper_bound(
            m_anchors.cbegin(), m_anchors.cend(), offset,
            [](qint64 value, const Anchor &anchor) { return value < anchor.rowsBefore; });
        const Anchor &anchor = *(next - 1);
        after = anchor.key;
        skip = offset - anchor.rowsBefore;
    }
    m_largestSkip = std::max(m_largestSkip, skip);
    whenReady(
        this, m_service->list(filter, skip, limit, true, after),
        [this, generation, offset](const Result<TaskPage> &page) {
            if (!m_model)
                return;
            if (page.ok()) {
                m_model->receiveBlock(generation, offset, page.value().tasks, page.value().total);
            } else {
                qCWarning(lcTaskTable, "loading rows %lld..%lld failed: %s", offset,
                          offset + m_model->blockSize() - 1, qPrintable(page.error().message));
                m_model->receiveError(generation, offset);
                emit loadFailed(page.error());
            }
            afterBlockAnswer();
        });
}

void TaskTableController::afterBlockAnswer()
{
    if (m_refreshWanted && m_model && m_model->requestsInFlight() == 0)
        requestRefresh();
}

void TaskTableController::requestRefresh()
{
    if (!m_model)
        return;
    if (m_model->requestsInFlight() > 0) {
        // A refresh now would drop the answers on their way and ask again: during a burst the
        // table would never finish loading. Refresh when they are in.
        m_refreshWanted = true;
        return;
    }
    m_refreshWanted = false;
    m_settle.stop();
    ++m_refreshes;
    m_model->refresh();
}

void TaskTableController::onPublished(const QList<ChangeEvent> &events)
{
    bool anyTaskEvent = false;
    // published() delivers each event once, in order: no bookkeeping of sequence numbers here.
    for (const ChangeEvent &event : events) {
        if (!event.isTaskEvent() || event.taskId.isNull())
            continue;
        anyTaskEvent = true;
        if (m_overflow)
            continue;
        const auto it = m_pending.find(event.taskId);
        if (it == m_pending.end())
            m_pending.insert(event.taskId, {event, event.type == ChangeType::TaskCreated});
        else if (!isOlder(event, it->event))
            it->event = event; // the latest state wins; createdInBatch stays
        if (m_pending.size() > m_refreshThreshold) {
            m_overflow = true; // one refresh instead of per-row work
            m_pending.clear();
        }
    }
    if (anyTaskEvent && !m_placing && !m_coalesce.isActive())
        m_coalesce.start();
}

bool TaskTableController::isOlder(const ChangeEvent &event, const ChangeEvent &than)
{
    // Equal versions are not older: a plain-SQL UPDATE may keep the version.
    return event.task && than.task && event.task->version < than.task->version;
}

bool TaskTableController::stays(const Task &before, const Task &after) const
{
    // `before` is in the table, so it matched. Membership is re-checked only where that is
    // exact without the database (set and equality tests, no ordering of text): a changed search
    // text or description goes to the database.
    const TaskFilter &filter = m_model->filter();
    if (!filter.statuses.isEmpty() && !filter.statuses.contains(after.status))
        return false;
    if (filter.category && before.category != after.category)
        return false;
    if (!filter.search.isEmpty() &&
        (before.title != after.title || before.description != after.description))
        return false;
    if ((filter.createdAfter || filter.createdBefore) && before.createdAt != after.createdAt)
        return false;
    if (!filter.priorities.isEmpty() && !filter.priorities.contains(after.priority))
        return false;
    if (filter.createdBy && before.createdBy != after.createdBy)
        return false;
    if ((filter.completedAfter || filter.completedBefore) &&
        before.completedAt != after.completedAt)
        return false;
    switch (filter.sort) {
    case TaskSortField::CreatedAt:
        return before.createdAt == after.createdAt;
    case TaskSortField::UpdatedAt:
        return before.updatedAt == after.updatedAt;
    case TaskSortField::Title:
        return before.title == after.title;
    case TaskSortField::Status:
        return before.status == after.status;
    case TaskSortField::Priority:
        return before.priority == after.priority;
    case TaskSortField::Cost:
        return before.costE4 == after.costE4;
    case TaskSortField::Category:
        return before.category == after.category;
    case TaskSortField::StartedAt:
        return before.startedAt == after.startedAt;
    case TaskSortField::CompletedAt:
        return before.completedAt == after.completedAt;
    case TaskSortField::ExecutionTime:
        return before.executionTimeMs() == after.executionTimeMs();
    }
    return false;
}

void TaskTableController::flush()
{
    if (!m_model || m_placing)
        return; // finishBatch() comes back here
    if (m_overflow) {
        m_overflow = false;
        m_pending.clear();
        invalidateAnchors(kAnchorRebuildDelayMs, "overflow");
        requestRefresh();
        emit liveChangesApplied();
        return;
    }
    if (m_pending.isEmpty())
        return;
    const QHash<QUuid, Pending> pending = std::exchange(m_pending, {});
    const bool fullyLoaded = m_model->isFullyLoaded();
    TaskTableChanges now; // needs no query: in place, and loaded rows that go
    QList<QUuid> toPlace; // the database says where (or whether) these go
    QHash<QUuid, Task> placeTasks;
    for (const Pending &entry : pending) {
        const ChangeEvent &event = entry.event;
        const int row = m_model->rowOf(event.taskId);
        if (event.type == ChangeType::TaskDeleted || !event.task) {
            if (row >= 0)
                now.removed.append(event.taskId);
            else if (!entry.createdInBatch && !fullyLoaded) {
                // Somewhere among the rows that are not loaded, or not in the table at all: its
                // position is unknown.
                invalidateAnchors(kAnchorRebuildDelayMs, "unplaced delete");
                requestRefresh();
                emit liveChangesApplied();
                return;
            }
            continue;
        }
        const Task &task = *event.task;
        if (row >= 0 && task.version < m_model->taskAt(row)->version) {
            // Older than the row shown (events can arrive out of version order), or the task was
            // deleted and re-inserted with the same id by plain SQL (its version restarts):
            // the settle re-read decides which.
            m_settle.start();
            continue;
        }
        if (row >= 0 && stays(*m_model->taskAt(row), task)) {
            now.replaced.append(task);
        } else if (row >= 0 || entry.createdInBatch || fullyLoaded) {
            toPlace.append(task.id);
            placeTasks.insert(task.id, task);
        } else {
            // An update of a task that is not loaded: it may have been in an unloaded row.
            invalidateAnchors(kAnchorRebuildDelayMs, "unplaced update");
            requestRefresh();
            emit liveChangesApplied();
            return;
        }
    }
    if (!now.replaced.isEmpty() || !now.removed.isEmpty()) {
        m_model->applyChanges(now);
        m_settle.start(); // in place too: a block and a commit may have crossed
    }
    if (toPlace.isEmpty()) {
        ++m_batchesApplied;
        emit liveChangesApplied();
        return;
    }
    m_placing = true;
    const TaskFilter filter = m_model->filter();
    whenReady(this, m_service->rowPositions(filter, toPlace),
              [this, filter, toPlace, placeTasks](const Result<TaskService::RowPositions> &result) {
                  m_placing = false;
                  if (!m_model)
                      return;
                  if (!(m_model->filter() == filter)) {
                      finishBatch(); // the table was reset and loads afresh
                      return;
                  }
                  if (!result.ok()) {
                      qCWarning(lcTaskTable, "placing %lld changed rows failed: %s",
                                qint64(toPlace.size()), qPrintable(result.error().message));
                      emit loadFailed(result.error());
                      invalidateAnchors(kAnchorRebuildDelayMs, "placing failed");
                      requestRefresh();
                      finishBatch();
                      return;
                  }
                  TaskTableChanges changes;
                  for (const QUuid &id : toPlace) {
                      const auto row = result.value().rows.constFind(id);
                      if (row != result.value().rows.cend())
                          changes.placed.append({*row, placeTasks.value(id)});
                      else
                          changes.removed.append(id); // no longer matches the filter
                  }
                  changes.total = result.value().total;
                  if (!m_model->applyChanges(changes)) {
                      // Rows outside this batch changed too (events still on their way).
                      qCDebug(lcTaskTable, "%lld rows after a batch, the database has %lld",
                              m_model->total(), changes.total);
                      invalidateAnchors(kAnchorRebuildDelayMs, "row count differs");
                      requestRefresh();
                  } else {
                      m_settle.start();
                  }
                  ++m_batchesApplied;
                  emit liveChangesApplied();
                  finishBatch();
              });
}

void TaskTableController::finishBatch()
{
    if ((!m_pending.isEmpty() || m_overflow) && !m_coalesce.isActive())
        m_coalesce.start(); // the next batch, no sooner than one interval from now
}

} // namespace taskdeck
