#include "ChangeNotification.h"

#include "TaskJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace taskdeck::changes {

namespace {

QString opName(ChangeType type)
{
    switch (type) {
    case ChangeType::TaskCreated:
        return QStringLiteral("created");
    case ChangeType::TaskDeleted:
        return QStringLiteral("deleted");
    case ChangeType::TaskUpdated:
    case ChangeType::MetricsUpdated:
        break;
    }
    return QStringLiteral("updated");
}

std::optional<ChangeType> opFromName(const QString &name)
{
    if (name == QLatin1String("created"))
        return ChangeType::TaskCreated;
    if (name == QLatin1String("updated"))
        return ChangeType::TaskUpdated;
    if (name == QLatin1String("deleted"))
        return ChangeType::TaskDeleted;
    return std::nullopt;
}

} // namespace

QByteArray encodeNotification(const ChangeEvent &event)
{
    QJsonObject object{
        {QStringLiteral("op"), opName(event.type)},
        {QStringLiteral("id"), event.taskId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("at"), qint64(event.at)},
    };
    const QByteArray idOnly = json::toCompactJson(object);
    if (event.type == ChangeType::TaskDeleted || !event.task)
        return idOnly;
    object.insert(QStringLiteral("task"), json::taskToJson(*event.task));
    QByteArray full = json::toCompactJson(object);
    return full.size() <= kMaxPayloadBytes ? full : idOnly;
}

std::optional<ChangeEvent> decodeNotification(const QByteArray &payload)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    const std::optional<ChangeType> type =
        opFromName(object.value(QStringLiteral("op")).toString());
    const QUuid id = QUuid::fromString(object.value(QStringLiteral("id")).toString());
    const QJsonValue at = object.value(QStringLiteral("at"));
    if (!type || id.isNull() || !at.isDouble())
        return std::nullopt;
    ChangeEvent event;
    event.type = *type;
    event.taskId = id;
    event.at = EpochMs(at.toDouble());
    if (*type != ChangeType::TaskDeleted && object.value(QStringLiteral("task")).isObject()) {
        event.task = json::taskFromJson(object.value(QStringLiteral("task")).toObject());
        if (event.task && event.task->id != id)
            event.task.reset();
    }
    return event;
}

bool isResetNotification(const QByteArray &payload)
{
    const QJsonDocument document = QJsonDocument::fromJson(payload);
    return document.isObject() &&
           document.object().value(QStringLiteral("op")).toString() == QLatin1String("reset");
}

} // namespace taskdeck::changes
