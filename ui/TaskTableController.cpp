#include "TaskTableController.h"

#include "Async.h"
#include "TaskService.h"
#include "TaskTableModel.h"

#include <QLoggingCategory>

namespace taskdeck {

Q_LOGGING_CATEGORY(lcTaskTable, "taskdeck.ui.tasktable")

TaskTableController::TaskTableController(TaskService *service, TaskTableModel *model,
                                         QObject *parent)
    : QObject(parent), m_service(service), m_model(model)
{
    connect(model, &TaskTableModel::blockRequested, this, &TaskTableController::fetch);
}

void TaskTableController::fetch(quint64 generation, qint64 offset, int limit)
{
    if (!m_model)
        return;
    whenReady(
        this, m_service->list(m_model->filter(), offset, limit),
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
        });
}

} // namespace taskdeck
