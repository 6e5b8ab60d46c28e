#pragma once

#include "Task.h"

#include <QString>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// Roles from docs/API.md "Authentication and roles".
enum class Role
{
    Viewer = 0,   ///< read only
    Operator = 1, ///< read and write tasks
    Admin = 2,    ///< everything, including users
};
QString roleName(Role role);
std::optional<Role> roleFromName(QStringView name);

/// A user account without its password hash (never leaves services/).
struct User
{
    QUuid id;
    QString username;
    std::optional<QString> email;
    Role role = Role::Viewer;
    bool disabled = false;
    EpochMs createdAt = 0;
};

/// A change to a user (PATCH /api/users/{id}); unset fields stay as they are.
struct UserUpdate
{
    std::optional<std::optional<QString>> email; ///< set to nullopt inside: clear the email
    std::optional<Role> role;
    std::optional<QString> password;
    std::optional<bool> disabled;
};

/// A new user account (POST /api/users, the Users page); the password in clear text.
struct NewUser
{
    QString username;
    QString password;
    std::optional<QString> email;
    Role role = Role::Viewer;
};

/// The authenticated caller of an operation: who it is and what it may do. An empty username is
/// the local desktop user before sign-in. A caller authenticated with an API key carries the
/// key's id and read-only flag; its role is the key's, never above its user's current role.
struct Principal
{
    QUuid userId;
    QString username;
    Role role = Role::Viewer;
    bool readOnly = false; ///< a read-only API key: no write whatever the role
    QUuid apiKeyId = {};   ///< null unless authenticated with an API key

    bool canWriteTasks() const
    {
        return !readOnly && (role == Role::Operator || role == Role::Admin);
    }
    bool isAdmin() const { return role == Role::Admin; }
    bool isApiKey() const { return !apiKeyId.isNull(); }
};

} // namespace taskdeck
