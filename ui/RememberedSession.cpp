#include "RememberedSession.h"

#include "Async.h"
#include "AuthService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace taskdeck {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

SignedInSession SignedInSession::fromLogin(const LoginResult &login)
{
    SignedInSession session;
    session.principal.userId = login.user.id;
    session.principal.username = login.user.username;
    session.principal.role = login.user.role;
    session.accessToken = login.accessToken;
    session.refreshToken = login.refreshToken;
    return session;
}

QString RememberedSession::path()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/session");
}

std::optional<QString> RememberedSession::load()
{
    QFile file(path());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QString token = QString::fromUtf8(file.readAll()).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

bool RememberedSession::store(const QString &refreshToken)
{
    const QString target = path();
    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        return false;
    QFile file(target);
    // A new file is created 0600; an existing one is made 0600 before it is truncated and written.
    if (file.exists() && !file.setPermissions(kOwnerOnly))
        return false;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, kOwnerOnly))
        return false;
    if (!file.setPermissions(kOwnerOnly)) {
        file.close();
        file.remove();
        return false;
    }
    const QByteArray content = refreshToken.toUtf8();
    if (file.write(content) != content.size() || !file.flush()) {
        file.close();
        file.remove();
        return false;
    }
    return true;
}

void RememberedSession::forget()
{
    QFile::remove(path());
}

void RememberedSession::resume(AuthService *auth, QObject *context,
                               std::function<void(std::optional<SignedInSession>)> done)
{
    const std::optional<QString> token = load();
    if (!token) {
        forget();
        done(std::nullopt);
        return;
    }
    whenReady(context, auth->refresh(*token, QStringLiteral("local")),
              [done = std::move(done)](const Result<LoginResult> &refreshed) {
                  if (!refreshed.ok()) {
                      forget();
                      done(std::nullopt);
                      return;
                  }
                  SignedInSession session = SignedInSession::fromLogin(refreshed.value());
                  if (!store(session.refreshToken))
                      forget();
                  done(std::move(session));
              });
}

} // namespace taskdeck
