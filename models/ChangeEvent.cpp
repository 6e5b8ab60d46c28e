#include "ChangeEvent.h"

#include "TaskJson.h"

namespace taskdeck {

QString changeTypeName(ChangeType type)
{
    switch (type) {
    case ChangeType::TaskCreated:
        return QStringLiteral("task.created");
    case ChangeType::TaskUpdated:
        return QStringLiteral("task.updated");
    case ChangeType::TaskDeleted:
        return QStringLiteral("task.deleted");
    case ChangeType::MetricsUpdated:
        return QStringLiteral("metrics.updated");
    }
    return {};
}

namespace json {

QJsonObject changeEventToJson(const ChangeEvent &event)
{
    QJsonObject object{
        {QStringLiteral("type"), changeTypeName(event.type)},
        {QStringLiteral("seq"), qint64(event.seq)},
        {QStringLiteral("at"), formatTimestamp(event.at)},
    };
    if (event.type == ChangeType::MetricsUpdated) {
        object.insert(QStringLiteral("metrics"),
                      event.metrics ? metricsToJson(*event.metrics) : QJsonObject());
    } else if (event.task) {
        object.insert(QStringLiteral("task"), taskToJson(*event.task));
    } else {
        object.insert(
            QStringLiteral("task"),
            QJsonObject{{QStringLiteral("id"), event.taskId.toString(QUuid::WithoutBraces)}});
    }
    return object;
}

} // namespace json
} // namespace taskdeck
