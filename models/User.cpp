#include "User.h"

#include <array>

namespace taskdeck {

namespace {

struct RoleEntry
{
    Role role;
    QLatin1StringView name;
};

constexpr std::array<RoleEntry, 3> kRoleNames = {{
    {Role::Admin, QLatin1StringView("admin")},
    {Role::Operator, QLatin1StringView("operator")},
    {Role::Viewer, QLatin1StringView("viewer")},
}};

} // namespace

QString roleName(Role role)
{
    for (const auto &entry : kRoleNames) {
        if (entry.role == role)
            return QString(entry.name);
    }
    return {};
}

std::optional<Role> roleFromName(QStringView name)
{
    for (const auto &entry : kRoleNames) {
        if (name == entry.name)
            return entry.role;
    }
    return std::nullopt;
}

} // namespace taskdeck
