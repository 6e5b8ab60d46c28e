#include "RememberedSession.h"

#include "Async.h"
#include "AuthService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

namespace taskdeck {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
const QString kKey = QStringLiteral("refresh-token");
constexpr int kKeychainTimeoutMs = 60'000;

RememberedSession::KeychainState g_state = RememberedSession::KeychainState::Unknown;
QString g_problem;

void noteKeychain(bool available, const QString &problem = QString())
{
    g_state = available ? RememberedSession::KeychainState::Available
                        : RememberedSession::KeychainState::Unavailable;
    g_problem = available ? QString() : problem;
}

/// "The keychain works" for a finished job: no error, or no entry for a read.
bool keychainAnswered(QKeychain::Error error)
{
    return error == QKeychain::NoError || error == QKeychain::EntryNotFound;
}

/// Starts `job` and calls `finished(error, errorString)` once on `context`: when the job
/// finishes, or with OtherError when it does not answer in time.
void runJob(QKeychain::Job *job, QObject *context,
            std::function<void(QKeychain::Error, const QString &)> finished)
{
    auto answered = std::make_shared<bool>(false);
    auto callback = std::make_shared<std::function<void(QKeychain::Error, const QString &)>>(
        std::move(finished));
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [answered, callback](QKeychain::Job *done) {
                         if (std::exchange(*answered, true))
                             return;
                         (*callback)(done->error(), done->errorString());
                     });
    QTimer::singleShot(kKeychainTimeoutMs, context, [answered, callback] {
        if (std::exchange(*answered, true))
            return;
        (*callback)(QKeychain::OtherError,
                    QCoreApplication::translate("RememberedSession",
                                                "the keychain did not answer in time"));
    });
    job->setAutoDelete(true);
    job->start();
}

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

QString RememberedSession::keychainService()
{
    return QCoreApplication::organizationName() + QLatin1Char('/') +
           QCoreApplication::applicationName();
}

RememberedSession::KeychainState RememberedSession::keychainState()
{
    return g_state;
}

QString RememberedSession::keychainProblem()
{
    return g_problem;
}

void RememberedSession::load(QObject *context, std::function<void(std::optional<QString>)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(keychainService());
    job->setKey(kKey);
    runJob(job, context,
           [job = QPointer<QKeychain::ReadPasswordJob>(job),
            done = std::move(done)](QKeychain::Error error, const QString &problem) {
               noteKeychain(keychainAnswered(error), problem);
               if (error == QKeychain::NoError && job) {
                   const QString token = job->textData().trimmed();
                   if (!token.isEmpty()) {
                       forgetFile(); // the keychain's token is the current one
                       done(token);
                       return;
                   }
               }
               done(loadFile());
           });
}

void RememberedSession::store(const QString &refreshToken, QObject *context,
                              std::function<void(RememberStorage)> done)
{
    auto *job = new QKeychain::WritePasswordJob(keychainService());
    job->setKey(kKey);
    job->setTextData(refreshToken);
    runJob(job, context,
           [refreshToken, done = std::move(done)](QKeychain::Error error, const QString &problem) {
               RememberStorage where = RememberStorage::Keychain;
               if (error == QKeychain::NoError) {
                   noteKeychain(true);
                   forgetFile(); // moved into the keychain
               } else {
                   noteKeychain(false, problem);
                   where = storeFile(refreshToken) ? RememberStorage::File : RememberStorage::None;
                   if (where == RememberStorage::None)
                       forgetFile();
               }
               if (done)
                   done(where);
           });
}

void RememberedSession::forget()
{
    forgetFile();
    auto *job = new QKeychain::DeletePasswordJob(keychainService());
    job->setKey(kKey);
    job->setAutoDelete(true);
    job->start(); // nothing to report: no entry or no keychain both mean "forgotten"
}

void RememberedSession::resume(AuthService *auth, QObject *context,
                               std::function<void(std::optional<SignedInSession>)> done)
{
    load(context, [auth, context, done = std::move(done)](const std::optional<QString> &token) {
        if (!token) {
            forget();
            done(std::nullopt);
            return;
        }
        whenReady(context, auth->refresh(*token, QStringLiteral("local")),
                  [context, done](const Result<LoginResult> &refreshed) {
                      if (!refreshed.ok()) {
                          forget();
                          done(std::nullopt);
                          return;
                      }
                      SignedInSession session = SignedInSession::fromLogin(refreshed.value());
                      // The old token is spent: store the rotated one, then answer (the caller
                      // sees where it went through keychainState()).
                      store(session.refreshToken, context,
                            [done, session](RememberStorage) { done(session); });
                  });
    });
}

QString RememberedSession::path()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/session");
}

std::optional<QString> RememberedSession::loadFile()
{
    QFile file(path());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QString token = QString::fromUtf8(file.readAll()).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

bool RememberedSession::storeFile(const QString &refreshToken)
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

void RememberedSession::forgetFile()
{
    QFile::remove(path());
}

} // namespace taskdeck
