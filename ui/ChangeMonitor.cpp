#include "ChangeMonitor.h"

#include "Async.h"
#include "TaskService.h"

namespace taskdeck {

ChangeMonitor::ChangeMonitor(TaskService *service, QObject *parent)
    : QObject(parent), m_service(service)
{
    m_timer.setInterval(1200);
    connect(&m_timer, &QTimer::timeout, this, &ChangeMonitor::poll);
    connect(service, &TaskService::tasksChanged, this, &ChangeMonitor::pollNow);
}

void ChangeMonitor::start()
{
    m_timer.start();
    poll();
}

void ChangeMonitor::pollNow()
{
    if (m_polling)
        m_pollAgain = true;
    else
        poll();
}

void ChangeMonitor::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    whenReady(this, m_service->metrics(), [this](const Result<MetricsSnapshot> &metrics) {
        if (!metrics.ok()) {
            m_polling = false;
            emit pollFailed(metrics.error());
            return;
        }
        // The most recently updated task catches edits that leave the totals unchanged.
        TaskFilter newest;
        newest.sort = TaskSortField::UpdatedAt;
        newest.order = SortOrder::Descending;
        whenReady(this, m_service->list(newest, 0, 1),
                  [this, snapshot = metrics.value()](const Result<TaskPage> &page) {
                      finishPoll(snapshot, page);
                  });
    });
}

void ChangeMonitor::finishPoll(const MetricsSnapshot &metrics, const Result<TaskPage> &newest)
{
    m_polling = false;
    if (!newest.ok()) {
        emit pollFailed(newest.error());
        return;
    }
    Fingerprint current{metrics, {}, 0, 0};
    if (!newest.value().tasks.isEmpty()) {
        const Task &task = newest.value().tasks.constFirst();
        current.newestId = task.id;
        current.newestUpdatedAt = task.updatedAt;
        current.newestVersion = task.version;
    }
    m_metrics = metrics;
    const bool differs = !m_last || !(*m_last == current);
    m_last = current;
    if (differs)
        emit changed(metrics);
    if (m_pollAgain) {
        m_pollAgain = false;
        poll();
    }
}

} // namespace taskdeck
