#pragma once

#include "HttpReply.h"
#include "HttpTypes.h"
#include "User.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace taskdeck::http {

/// Who may call a route.
enum class Access
{
    Public,        ///< no token needed
    Authenticated, ///< a valid access token; `minRole` if set
};

/// What a route's request body must be.
enum class BodyKind
{
    None,       ///< ignored
    JsonObject, ///< application/json holding an object: 415 / 400 / 422 otherwise
    /// No body (POST /api/auth/logout): none, or an ignored application/json one; a body of any
    /// other media type is a 415 (docs/API.md: a POST that takes no body needs no content type).
    NoneOrJson,
};

using Handler = std::function<void(const ApiRequest &, const ReplyPtr &)>;

/// One route: path pattern, method, access rule and handler, declared together.
/// Patterns are literal segments and `{name}` placeholders: "/api/tasks/{id}".
struct Route
{
    Method method = Method::Get;
    QString pattern;
    Access access = Access::Authenticated;
    std::optional<Role> minRole; ///< e.g. Role::Operator for task writes (403 below it)
    BodyKind body = BodyKind::None;
    Handler handler;
};

/// The route table. A path is matched against every pattern; the most specific match (most
/// literal segments) names the resource, so /api/tasks/export.csv is not /api/tasks/{id}.
class Router
{
public:
    struct Match
    {
        const Route *route = nullptr; ///< null: see `pathKnown`
        bool pathKnown = false;       ///< true with route null: 405
        QByteArray allow;             ///< "GET, PATCH" for the 405's Allow header
        QString pattern; ///< with `pathKnown`: the path's route template ("/api/tasks/{id}")
        QStringList args;
    };

    void add(Route route);
    Match match(Method method, QStringView path) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    QList<Route> m_routes;
    QList<QStringList> m_segments; // parallel to m_routes
};

} // namespace taskdeck::http
