#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class AuthService;
}

namespace taskdeck::http {

/// /api/auth: POST login and refresh (public; bodies {"username","password"} and
/// {"refresh_token"}, unknown fields 422), POST logout (204: ends the caller's session) and GET
/// me. Responses carry Cache-Control: no-store
/// (added by the write path for every /api/auth/ path). Lives in the HTTP thread.
class AuthController : public QObject
{
    Q_OBJECT
public:
    AuthController(const AuthService *auth, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void login(const ApiRequest &request, const ReplyPtr &reply);
    void refresh(const ApiRequest &request, const ReplyPtr &reply);
    void logout(const ApiRequest &request, const ReplyPtr &reply);
    void me(const ApiRequest &request, const ReplyPtr &reply);

    const AuthService *m_auth;
};

} // namespace taskdeck::http
