#pragma once

#include "User.h"

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace taskdeck {

class AuthService;
struct LoginResult;

/// A signed-in GUI session: who, and the tokens of its refresh chain (AuthService::login or
/// refresh). The window works with `principal`; sign-out uses the tokens to revoke the chain.
struct SignedInSession
{
    Principal principal;
    QString accessToken;
    QString refreshToken;

    static SignedInSession fromLogin(const LoginResult &login);
};

/// "Remember me": the refresh token of the last GUI session in
/// QStandardPaths::AppConfigLocation + "/session", owner-only (0600, set before any content is
/// written; Debian's Qt has no keychain module). Only the refresh token is stored.
///
/// Thread affinity: GUI thread.
class RememberedSession
{
public:
    static QString path();
    /// The stored refresh token, or nullopt when there is no (readable, non-empty) file.
    static std::optional<QString> load();
    /// Writes `refreshToken`, replacing the file's content; the file is 0600 before the token is
    /// written. False (and nothing stored) on any I/O error.
    static bool store(const QString &refreshToken);
    /// Deletes the file (no error if it does not exist).
    static void forget();

    /// Silent sign-in: exchanges the stored token with AuthService::refresh (never blocks; the
    /// answer comes through `done` on `context`'s thread). On success the rotated token is
    /// stored and `done` gets the session; on failure (no file, refused token, database error)
    /// the file is deleted and `done` gets nullopt.
    static void resume(AuthService *auth, QObject *context,
                       std::function<void(std::optional<SignedInSession>)> done);
};

} // namespace taskdeck
