#include "Router.h"

namespace taskdeck::http {

namespace {

bool isPlaceholder(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

/// Literal segments matched, or -1 when the pattern does not match the path.
int matchSegments(const QStringList &pattern, const QList<QStringView> &path, QStringList *args)
{
    if (pattern.size() != path.size())
        return -1;
    int literals = 0;
    QStringList captured;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (isPlaceholder(pattern[i])) {
            if (path[i].isEmpty())
                return -1;
            captured.append(path[i].toString());
        } else if (pattern[i] == path[i]) {
            ++literals;
        } else {
            return -1;
        }
    }
    if (args)
        *args = captured;
    return literals;
}

} // namespace

void Router::add(Route route)
{
    m_segments.append(route.pattern.split(QLatin1Char('/')));
    m_routes.append(std::move(route));
}

Router::Match Router::match(Method method, QStringView path) const
{
    const QList<QStringView> segments = path.split(QLatin1Char('/'));
    int best = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i)
        best = std::max(best, matchSegments(m_segments[i], segments, nullptr));
    Match result;
    if (best < 0)
        return result;
    result.pathKnown = true;
    QList<QByteArray> allowed;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        QStringList args;
        if (matchSegments(m_segments[i], segments, &args) != best)
            continue;
        allowed.append(methodName(m_routes[i].method));
        if (result.pattern.isEmpty())
            result.pattern = m_routes[i].pattern;
        if (m_routes[i].method == method && !result.route) {
            result.route = &m_routes[i];
            result.args = args;
        }
    }
    result.allow = allowed.join(", ");
    return result;
}

} // namespace taskdeck::http
