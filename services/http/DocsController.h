#pragma once

#include "Router.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

namespace taskdeck::http {

/// The API's own description (docs/API.md "Description of the API"), all public:
/// - GET /api/openapi.json: the OpenAPI 3.1 document, resources/api/openapi.json served as it is
///   (to describe a new route, add its path there; tst_apiopenapi fails for a registered route
///   the document lacks);
/// - GET /api/docs: Swagger UI (third_party/swagger-ui) with resources/api/docs/ (page, init
///   script, style), all from Qt resources, no CDN;
/// - GET /api/docs/{file}: the page's scripts and style sheets.
/// The page and its files carry a Content-Security-Policy (kDocsContentSecurityPolicy) that
/// allows only this server's scripts, styles and requests. Lives in the HTTP thread.
class DocsController : public QObject
{
    Q_OBJECT
public:
    /// Reads the resources (about 2 MB) once.
    explicit DocsController(QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    struct Asset
    {
        QByteArray contentType;
        QByteArray body;
    };
    QByteArray m_openApi;
    Asset m_page;
    QHash<QString, Asset> m_files; ///< by file name (swagger-ui.css, docs.js, ...)
};

/// The docs page's policy: scripts, styles and images only from this origin (images also as
/// data: URIs, which Swagger UI's style sheet uses), requests only to this origin, no inline
/// script, no frames, no forms, no plugins.
inline constexpr char kDocsContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

} // namespace taskdeck::http
