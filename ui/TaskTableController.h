#pragma once

#include "ServiceError.h"

#include <QObject>
#include <QPointer>

namespace taskdeck {

class TaskService;
class TaskTableModel;

/// Connects the passive TaskTableModel to TaskService: answers each blockRequested() with
/// TaskService::list() for the model's current filter, delivered on the GUI thread through
/// whenReady(). The generation travels with the request, so the model drops answers that
/// arrive after the filter changed. Never waits on a future.
///
/// Thread affinity: GUI thread.
class TaskTableController : public QObject
{
    Q_OBJECT
public:
    TaskTableController(TaskService *service, TaskTableModel *model, QObject *parent = nullptr);

signals:
    /// A block could not be loaded (the model retries it when it is shown again).
    void loadFailed(const taskdeck::ServiceError &error);

private:
    void fetch(quint64 generation, qint64 offset, int limit);

    TaskService *m_service;
    QPointer<TaskTableModel> m_model;
};

} // namespace taskdeck
