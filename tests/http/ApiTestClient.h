#pragma once

#include "ApiKeyService.h"
#include "ApiServer.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace taskdeck::test {

/// A response as a client sees it.
struct HttpResult
{
    int status = 0; ///< 0: no HTTP response (connection error or timeout)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
};

/// An ApiServer on 127.0.0.1 (any free port) against a TestDatabase, with an admin whose
/// password is kAdminPassword, and helpers that talk to it over real sockets. Main thread.
class ApiTestClient
{
public:
    static inline const QString kAdminPassword = QStringLiteral("correct horse battery staple");

    /// Users and tokens always live in the TestDatabase; `taskPool` (tasks, metrics, health)
    /// defaults to it too.
    /// `authOptions` replaces the default test settings (1000 PBKDF2 rounds) when given.
    /// With `feedOptions` a ChangeFeed on the task pool serves GET /api/events (without: 503).
    explicit ApiTestClient(ApiServerOptions options = {}, ConnectionPool *taskPool = nullptr,
                           std::optional<AuthOptions> authOptions = std::nullopt,
                           std::optional<ChangeFeed::Options> feedOptions = std::nullopt);
    ~ApiTestClient();

    bool isValid() const { return m_valid; }
    QString skipReason() const { return m_skipReason; }
    TestDatabase &database() { return m_db; }
    TaskService &tasks() { return *m_tasks; }
    AuthService &auth() { return *m_auth; }
    ApiKeyService &keys() { return *m_keys; }
    ApiServer &server() { return *m_server; }
    /// The change feed (null unless `feedOptions` were given).
    ChangeFeed *feed() { return m_feed.get(); }
    quint16 port() const { return m_server->port(); }

    /// POST /api/auth/login with {"username","password"}: the whole answer.
    HttpResult postLogin(const QString &username, const QString &password);
    /// POST /api/auth/refresh with {"refresh_token"}: the whole answer.
    HttpResult postRefresh(const QString &refreshToken);
    /// Logs in and returns the access token (empty on failure).
    QString login(const QString &username, const QString &password);
    /// An admin token (logged in once).
    QString adminToken();
    /// Creates a user through AuthService and returns a token for it.
    QString tokenForNewUser(const QString &username, Role role);

    /// One request through QNetworkAccessManager. `token` empty: no Authorization header.
    HttpResult request(const QByteArray &method, const QString &pathAndQuery,
                       const QString &token = {}, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {});
    /// request() to any server (e.g. a second instance on the same database).
    HttpResult requestUrl(const QByteArray &method, const QUrl &url, const QString &token = {},
                          const QByteArray &body = {},
                          const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult get(const QString &pathAndQuery, const QString &token = {});
    /// POST/PATCH with a JSON body (Content-Type: application/json).
    HttpResult sendJson(const QByteArray &method, const QString &pathAndQuery, const QString &token,
                        const QByteArray &json);

    /// Sends raw bytes over a fresh connection and returns everything received until the server
    /// closes the connection or `timeoutMs` passes.
    QByteArray raw(const QByteArray &bytes, int timeoutMs = 3000);

private:
    TestDatabase m_db;
    bool m_valid = false;
    QString m_skipReason;
    std::unique_ptr<TaskService> m_tasks;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<ApiKeyService> m_keys;
    std::unique_ptr<ChangeFeed> m_feed; // outlives the server, dies before the pool
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QString m_adminToken;
};

/// Status code of a raw HTTP response ("HTTP/1.1 413 ..." -> 413), 0 if none.
int rawStatus(const QByteArray &response);
/// The body of a raw response (after the first empty line).
QByteArray rawBody(const QByteArray &response);

template <typename T> T await(QFuture<T> future)
{
    future.waitForFinished(); // tests may block
    return future.result();
}

} // namespace taskdeck::test

/// In a QtTest slot, after creating the client: skips the test when its database is unusable.
/// QSKIP must run in the slot itself: inside a helper function it only returns from the helper,
/// and the slot goes on with an unusable client (it crashed when PostgreSQL was not configured).
#define TASKDECK_REQUIRE_API(api)                                                                  \
    do {                                                                                           \
        if (!(api)->isValid())                                                                     \
            TASKDECK_SKIP_DB((api)->skipReason());                                                 \
    } while (false)
