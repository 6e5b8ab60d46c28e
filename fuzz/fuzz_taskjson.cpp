// libFuzzer target: the JSON body codecs: a body parsed as JSON, then as a POST /api/tasks and a
// PATCH /api/tasks/{id} body and as a change feed payload (TaskJson.h); an accepted task is
// written back and must read back the same.
#include "TaskJson.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

using namespace taskdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)json::parseJsonValue(body);
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return 0;
    const QJsonObject object = document.object();
    (void)json::parseNewTask(object);
    (void)json::parseTaskPatch(object);
    if (const std::optional<Task> task = json::taskFromJson(object)) {
        const std::optional<Task> again = json::taskFromJson(json::taskToJson(*task));
        if (!again || json::taskToJson(*again) != json::taskToJson(*task))
            abort();
    }
    return 0;
}
