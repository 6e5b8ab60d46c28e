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

/// Where a remembered refresh token ended up.
enum class RememberStorage
{
    None,     ///< not stored (no keychain and the file could not be written)
    Keychain, ///< the system keychain (Secret Service, KWallet) through QtKeychain
    File,     ///< the 0600 file: no keychain was available
};

/// "Remember me" (issue 11 item 9): the refresh token of the last GUI session, kept in the
/// system keychain through QtKeychain (service keychainService(), key "refresh-token"). Only when
/// no keychain answers (no Secret Service or KWallet: headless sessions, Xvfb, CI) it falls back
/// to QStandardPaths::AppConfigLocation + "/session", owner-only (0600, set before any content is
/// written); keychainState() then says so (the sign-in dialog and the status bar tell the user).
/// A token found in the file while the keychain works is moved into the keychain at the next
/// store (resume() stores the rotated token) and the file is deleted. Only the refresh token is
/// stored.
///
/// Keychain calls are asynchronous (QKeychain jobs, run one after another in call order): the
/// answers come through callbacks on `context`'s thread; nothing blocks the GUI thread. A
/// keychain that does not answer within 60 s (e.g. an unlock prompt left open) counts as
/// unavailable for that call.
///
/// Thread affinity: GUI thread.
class RememberedSession
{
public:
    enum class KeychainState
    {
        Unknown,     ///< not asked yet in this process
        Available,   ///< the last keychain call worked (or found no entry)
        Unavailable, ///< the last keychain call failed: the file is used
    };

    /// The keychain's service name: "<organization>/<application>" of QCoreApplication (e.g.
    /// "Taskdeck/taskdeck"), so tests with their own names never touch the user's entry.
    static QString keychainService();
    static KeychainState keychainState();
    /// Why the keychain was unavailable (QtKeychain's errorString()); empty otherwise.
    static QString keychainProblem();

    /// Reads the token: from the keychain, else (no entry, or no keychain) from the file.
    /// `done` gets nullopt when neither has one.
    static void load(QObject *context, std::function<void(std::optional<QString>)> done);
    /// Stores `refreshToken` in the keychain and deletes the file; without a keychain writes
    /// the file instead. `done` (optional) gets where it went.
    static void store(const QString &refreshToken, QObject *context,
                      std::function<void(RememberStorage)> done = {});
    /// Deletes the file and the keychain entry (the deletion runs asynchronously, before any
    /// later store()).
    static void forget();

    /// Silent sign-in: exchanges the stored token with AuthService::refresh (never blocks; the
    /// answer comes through `done` on `context`'s thread). On success the rotated token is
    /// stored and `done` gets the session; on failure (no token, refused token, database error)
    /// the token is forgotten and `done` gets nullopt.
    static void resume(AuthService *auth, QObject *context,
                       std::function<void(std::optional<SignedInSession>)> done);

    /// The fallback file.
    static QString path();
    /// The file's token, or nullopt when there is no (readable, non-empty) file.
    static std::optional<QString> loadFile();
    /// Writes `refreshToken` to the file, replacing its content; the file is 0600 before the
    /// token is written. False (and nothing stored) on any I/O error.
    static bool storeFile(const QString &refreshToken);
    /// Deletes the file (no error if it does not exist).
    static void forgetFile();
};

} // namespace taskdeck
