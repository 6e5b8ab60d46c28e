#include "DocsController.h"

#include "ApiMessages.h"
#include <QFile>

namespace taskdeck::http {

namespace {

QByteArray readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        // Not reached: the files are compiled in (services/http/CMakeLists.txt).
        qWarning("HTTP API: resource %s is missing", qPrintable(path));
        return {};
    }
    return file.readAll();
}

HeaderList docsHeaders()
{
    return {{"Content-Security-Policy", kDocsContentSecurityPolicy},
            {"Referrer-Policy", "no-referrer"}};
}

} // namespace

DocsController::DocsController(QObject *parent) : QObject(parent)
{
    m_openApi = readResource(QStringLiteral(":/api/openapi.json"));
    m_page = {"text/html; charset=utf-8", readResource(QStringLiteral(":/api/docs/index.html"))};
    const struct
    {
        const char *name;
        const char *contentType;
    } files[] = {
        {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
        {"swagger-ui.css", "text/css; charset=utf-8"},
        {"docs.js", "text/javascript; charset=utf-8"},
        {"docs.css", "text/css; charset=utf-8"},
    };
    for (const auto &file : files) {
        const QString name = QString::fromLatin1(file.name);
        m_files.insert(name,
                       {file.contentType, readResource(QStringLiteral(":/api/docs/") + name)});
    }
}

void DocsController::registerRoutes(Router &router)
{
    router.add({Method::Get, QStringLiteral("/api/openapi.json"), Access::Public, std::nullopt,
                BodyKind::None, [this](const ApiRequest &, const ReplyPtr &reply) {
                    ApiResponse response;
                    response.body = m_openApi;
                    reply->send(response);
                }});
    router.add({Method::Get, QStringLiteral("/api/docs"), Access::Public, std::nullopt,
                BodyKind::None, [this](const ApiRequest &, const ReplyPtr &reply) {
                    reply->send({200, m_page.contentType, docsHeaders(), m_page.body});
                }});
    router.add({Method::Get, QStringLiteral("/api/docs/{file}"), Access::Public, std::nullopt,
                BodyKind::None, [this](const ApiRequest &request, const ReplyPtr &reply) {
                    const auto it = m_files.constFind(request.pathArgs.value(0));
                    if (it == m_files.cend())
                        return reply->send(ApiResponse::detail(404, msg::notFound()));
                    reply->send({200, it->contentType, docsHeaders(), it->body});
                }});
}

} // namespace taskdeck::http
