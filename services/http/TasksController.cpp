#include "TasksController.h"

#include "TaskRules.h"

#include "ApiJson.h"
#include "ApiMessages.h"
#include "Async.h"
#include "CsvExportStream.h"
#include "ErrorMapping.h"
#include "Idempotency.h"
#include "QueryParsing.h"
#include "TaskBulk.h"
#include "TaskIdempotent.h"
#include "TaskJson.h"
#include "TaskService.h"

#include <QJsonArray>
#include <QUuid>

namespace taskdeck::http {

namespace {

constexpr int kRetryAfterBusyExportSeconds = 5;

ServiceError taskNotFound()
{
    return ServiceError::notFound(QStringLiteral("Task not found"));
}

/// A task id from the path: canonical UUID text (braces or not); null when malformed.
QUuid parseTaskId(const QString &text)
{
    if (text.size() != 36)
        return {};
    return QUuid::fromString(text);
}

QByteArray etagOf(const Task &task)
{
    return '"' + QByteArray::number(task.version) + '"';
}

/// A body's errors all at once (docs/API.md): `parseErrors` (types, unknown or read-only
/// fields) and the value rules' errors (TaskRules) of the fields that parsed, in the order of the
/// task's fields, unknown fields last (as pydantic lists them).
FieldErrors withValueErrors(FieldErrors parseErrors, const FieldErrors &valueErrors)
{
    const qsizetype parsedCount = parseErrors.size();
    for (const FieldError &error : valueErrors) {
        const auto sameField = [&error](const FieldError &other) { return other.loc == error.loc; };
        if (std::none_of(parseErrors.cbegin(), parseErrors.cbegin() + parsedCount, sameField))
            parseErrors.append(error);
    }
    static const QStringList order{QStringLiteral("title"),    QStringLiteral("description"),
                                   QStringLiteral("category"), QStringLiteral("status"),
                                   QStringLiteral("priority"), QStringLiteral("cost"),
                                   QStringLiteral("result"),   QStringLiteral("error_message")};
    const auto rank = [](const FieldError &error) {
        const qsizetype i = error.loc.size() > 1 ? order.indexOf(error.loc.at(1)) : -1;
        return i < 0 ? order.size() : i;
    };
    std::stable_sort(
        parseErrors.begin(), parseErrors.end(),
        [&rank](const FieldError &a, const FieldError &b) { return rank(a) < rank(b); });
    return parseErrors;
}

ApiResponse taskResponse(int status, const Task &task, HeaderList headers = {})
{
    headers.emplaceBack("ETag", etagOf(task));
    return ApiResponse{status, "application/json", std::move(headers), json::taskToApiJson(task)};
}

/// 201 with the task, its ETag and Location (also what an Idempotency-Key stores).
ApiResponse createdResponse(const Task &task)
{
    const QByteArray location = "/api/tasks/" + task.id.toByteArray(QUuid::WithoutBraces);
    return taskResponse(201, task, {{"Location", location}});
}

/// If-Match: absent -> no condition; `*` -> any existing version; `"<n>"` -> version n.
/// Anything else (empty, weak tags, lists, "01", garbage): a condition nothing satisfies.
struct IfMatch
{
    bool present = false;
    bool valid = true;
    std::optional<int> version;
};

IfMatch parseIfMatch(bool present, const QByteArray &value)
{
    IfMatch result;
    if (!present)
        return result;
    result.present = true;
    const QByteArray trimmed = value.trimmed();
    if (trimmed == "*")
        return result;
    bool ok = trimmed.size() >= 3 && trimmed.size() <= 11 && trimmed.startsWith('"') &&
              trimmed.endsWith('"');
    const QByteArray digits = ok ? trimmed.sliced(1, trimmed.size() - 2) : QByteArray();
    ok = ok && !digits.startsWith('0'); // the tag is "1", not "01"
    for (const char c : digits)
        ok = ok && c >= '0' && c <= '9';
    const int version = ok ? digits.toInt(&ok) : 0;
    if (!ok || version < 1) {
        result.valid = false;
        return result;
    }
    result.version = version;
    return result;
}

/// A bulk body's `filter` object, parsed as GET /api/tasks parses its query string (`status`
/// may also be a list of strings). Errors with loc {"body","filter",name}.
std::variant<TaskFilter, FieldErrors> parseBulkFilter(const QJsonObject &object)
{
    FieldErrors errors;
    ApiRequest synthetic;
    const auto fail = [&errors](const QString &name, const QString &message, const char *type) {
        errors << FieldError{{QStringLiteral("body"), QStringLiteral("filter"), name},
                             message,
                             QString::fromLatin1(type)};
    };
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!query::taskFilterParameterNames().contains(it.key())) {
            fail(it.key(), msg::extraForbidden(), "extra_forbidden");
            continue;
        }
        const QJsonValue value = it.value();
        if (value.isString()) {
            synthetic.query.append({it.key(), value.toString()});
        } else if (value.isArray() && it.key() == QLatin1String("status")) {
            for (const QJsonValue &item : value.toArray()) {
                if (!item.isString()) {
                    fail(it.key(), msg::notAString(), "string_type");
                    break;
                }
                synthetic.query.append({it.key(), item.toString()});
            }
        } else {
            fail(it.key(), msg::notAString(), "string_type");
        }
    }
    if (!errors.isEmpty())
        return errors;
    auto parsed = query::parseTaskList(synthetic, false);
    if (auto *queryErrors = std::get_if<FieldErrors>(&parsed)) {
        for (FieldError error : *queryErrors) {
            error.loc =
                QStringList{QStringLiteral("body"), QStringLiteral("filter")} + error.loc.mid(1);
            errors << error;
        }
        return errors;
    }
    return std::get<query::TaskListQuery>(parsed).filter;
}

} // namespace

TasksController::TasksController(const TaskService *tasks, const ConnectionPool *pool,
                                 ExportLimits exportLimits, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_pool(pool), m_exportLimits(exportLimits)
{}

void TasksController::registerRoutes(Router &router)
{
    const auto bind =
        [this](void (TasksController::*method)(const ApiRequest &, const ReplyPtr &)) {
            return [this, method](const ApiRequest &request, const ReplyPtr &reply) {
                (this->*method)(request, reply);
            };
        };
    using A = Access;
    router.add({Method::Get, QStringLiteral("/api/tasks"), A::Authenticated, Role::Viewer,
                BodyKind::None, bind(&TasksController::list)});
    router.add({Method::Post, QStringLiteral("/api/tasks"), A::Authenticated, Role::Operator,
                BodyKind::JsonObject, bind(&TasksController::create)});
    router.add({Method::Get, QStringLiteral("/api/tasks/export.csv"), A::Authenticated,
                Role::Viewer, BodyKind::None, bind(&TasksController::exportCsv)});
    router.add({Method::Post, QStringLiteral("/api/tasks/bulk"), A::Authenticated, Role::Operator,
                BodyKind::JsonObject, bind(&TasksController::bulk)});
    router.add({Method::Get, QStringLiteral("/api/tasks/{id}"), A::Authenticated, Role::Viewer,
                BodyKind::None, bind(&TasksController::get)});
    router.add({Method::Patch, QStringLiteral("/api/tasks/{id}"), A::Authenticated, Role::Operator,
                BodyKind::JsonObject, bind(&TasksController::update)});
    router.add({Method::Delete, QStringLiteral("/api/tasks/{id}"), A::Authenticated, Role::Operator,
                BodyKind::None, bind(&TasksController::remove)});
}

void TasksController::list(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = query::parseTaskList(request, true);
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(ServiceError::validation(*errors));
        return;
    }
    const auto &q = std::get<query::TaskListQuery>(parsed);
    whenReady(
        this, m_tasks->list(q.filter, q.offset, q.limit, true, q.after),
        [reply, filter = q.filter](const Result<TaskPage> &result) {
            if (!result.ok())
                return reply->sendError(result.error());
            reply->send(ApiResponse{
                200, "application/json", {}, json::taskPageToApiJson(result.value(), filter)});
        });
}

void TasksController::create(const ApiRequest &request, const ReplyPtr &reply)
{
    NewTask partial;
    auto parsed = json::parseNewTask(request.json, &partial);
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(
            ServiceError::validation(withValueErrors(*errors, rules::validateNewTask(partial))));
        return;
    }
    NewTask task = std::get<NewTask>(std::move(parsed));
    const Principal principal = *request.principal;
    respondIdempotent(
        this, request, reply,
        [this, task, principal](IdempotencyClaim claim) {
            return createTaskIdempotent(
                m_pool, task, principal, std::move(claim),
                [](const Task &created) { return toStored(createdResponse(created)); });
        },
        [this, task, principal, reply] {
            whenReady(this, m_tasks->create(task, principal), [reply](const Result<Task> &result) {
                if (!result.ok())
                    return reply->sendError(result.error());
                reply->send(createdResponse(result.value()));
            });
        });
}

void TasksController::get(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = parseTaskId(request.pathArgs.value(0));
    if (id.isNull())
        return reply->sendError(taskNotFound());
    whenReady(this, m_tasks->get(id), [reply](const Result<Task> &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(taskResponse(200, result.value()));
    });
}

void TasksController::update(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = parseTaskId(request.pathArgs.value(0));
    if (id.isNull())
        return reply->sendError(taskNotFound());
    const IfMatch ifMatch = parseIfMatch(request.hasHeader("if-match"), request.header("if-match"));
    if (!ifMatch.valid)
        return reply->sendError(
            {ServiceError::Kind::PreconditionFailed, QStringLiteral("Precondition failed"), {}});
    TaskPatch partial;
    auto parsed = json::parseTaskPatch(request.json, &partial);
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(
            ServiceError::validation(withValueErrors(*errors, rules::validatePatch(partial))));
        return;
    }
    whenReady(this,
              m_tasks->update(id, std::get<TaskPatch>(std::move(parsed)), ifMatch.version,
                              *request.principal),
              [reply](const Result<Task> &result) {
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(taskResponse(200, result.value()));
              });
}

void TasksController::remove(const ApiRequest &request, const ReplyPtr &reply)
{
    const QUuid id = parseTaskId(request.pathArgs.value(0));
    if (id.isNull())
        return reply->sendError(taskNotFound());
    whenReady(this, m_tasks->remove(id, *request.principal), [reply](const VoidResult &result) {
        if (!result.ok())
            return reply->sendError(result.error());
        reply->send(ApiResponse::noContent());
    });
}

void TasksController::exportCsv(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = query::parseTaskList(request, false);
    if (auto *errors = std::get_if<FieldErrors>(&parsed)) {
        reply->sendError(ServiceError::validation(*errors));
        return;
    }
    if (m_runningExports >= m_exportLimits.maxConcurrent) {
        reply->send(ApiResponse::detail(
            503, QStringLiteral("Too many CSV exports running, retry later"),
            {{"Retry-After", QByteArray::number(kRetryAfterBusyExportSeconds)}}));
        return;
    }
    auto *stream = new CsvExportStream(reply, m_exportLimits.sendTimeoutMs, this);
    // The stream deletes itself only after the export's database work has finished.
    ++m_runningExports;
    connect(stream, &QObject::destroyed, this, [this] { --m_runningExports; });
    whenReady(stream,
              m_tasks->exportCsv(std::get<query::TaskListQuery>(parsed).filter, stream->sink()),
              [stream](const Result<qint64> &result) { stream->finish(result); });
}

void TasksController::bulk(const ApiRequest &request, const ReplyPtr &reply)
{
    auto parsed = json::parseBulkBody(request.json);
    if (auto *errors = std::get_if<FieldErrors>(&parsed))
        return reply->sendError(ServiceError::validation(*errors));
    json::BulkBody body = std::get<json::BulkBody>(std::move(parsed));
    if (body.filter) {
        auto filter = parseBulkFilter(*body.filter);
        if (auto *errors = std::get_if<FieldErrors>(&filter))
            return reply->sendError(ServiceError::validation(*errors));
        body.request.filter = std::get<TaskFilter>(std::move(filter));
    }
    const Principal principal = *request.principal;
    BulkRequest bulkRequest = std::move(body.request);
    respondIdempotent(
        this, request, reply,
        [this, bulkRequest, principal](IdempotencyClaim claim) {
            return m_tasks->bulkIdempotent(
                bulkRequest, principal, std::move(claim), [](const BulkResult &result) {
                    return toStored(ApiResponse::json(200, json::bulkResultToJson(result)));
                });
        },
        [this, bulkRequest, principal, reply] {
            whenReady(this, m_tasks->bulk(bulkRequest, principal),
                      [reply](const Result<BulkResult> &result) {
                          if (!result.ok())
                              return reply->sendError(result.error());
                          reply->send(
                              ApiResponse::json(200, json::bulkResultToJson(result.value())));
                      });
        });
}

} // namespace taskdeck::http
