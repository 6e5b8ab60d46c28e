#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class AuthService;
}

namespace taskdeck::http {

/// /api/users (admin only, docs/API.md "Users"): GET list, POST create, PATCH /{id} and
/// DELETE /{id}. Bodies are validated here (types, unknown fields 422); the rules (user name,
/// password length, email, last enabled admin, revocation, audit entry) are AuthService's.
/// Lives in the HTTP thread.
class UsersController : public QObject
{
    Q_OBJECT
public:
    UsersController(const AuthService *auth, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);
    void create(const ApiRequest &request, const ReplyPtr &reply);
    void update(const ApiRequest &request, const ReplyPtr &reply);
    void remove(const ApiRequest &request, const ReplyPtr &reply);

    const AuthService *m_auth;
};

} // namespace taskdeck::http
