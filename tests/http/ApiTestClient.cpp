#include "ApiTestClient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrl>

namespace taskdeck::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ApiTestClient::ApiTestClient(ApiServerOptions options, ConnectionPool *taskPool,
                             std::optional<AuthOptions> customAuthOptions,
                             std::optional<ChangeFeed::Options> feedOptions)
{
    if (!m_db.isValid()) {
        m_skipReason = m_db.skipReason();
        return;
    }
    ConnectionPool *pool = m_db.pool();
    if (!taskPool)
        taskPool = pool;
    m_tasks = std::make_unique<TaskService>(taskPool);
    AuthOptions authOptions;
    authOptions.pbkdf2Iterations = 1000; // fast tests; production uses the default
    if (customAuthOptions)
        authOptions = *customAuthOptions;
    m_auth = std::make_unique<AuthService>(pool, authOptions);
    const VoidResult initialized = await(m_auth->initialize());
    if (!initialized.ok())
        qFatal("AuthService::initialize failed: %s", qPrintable(initialized.error().message));
    const Result<AdminBootstrap> admin = await(m_auth->bootstrapAdmin(kAdminPassword));
    if (!admin.ok() || !admin.value().created)
        qFatal("bootstrapAdmin failed");
    options.bindAddress = QStringLiteral("127.0.0.1");
    options.port = 0;
    if (feedOptions)
        m_feed = std::make_unique<ChangeFeed>(taskPool, *feedOptions);
    m_keys = std::make_unique<ApiKeyService>(pool);
    m_server = std::make_unique<ApiServer>(m_tasks.get(), m_auth.get(), m_keys.get(), taskPool,
                                           m_feed.get(), options);
    if (!m_server->start())
        qFatal("ApiServer::start failed: %s", qPrintable(m_server->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_valid = true;
}

ApiTestClient::~ApiTestClient()
{
    m_network.reset();
    if (m_server)
        m_server->stop();
    m_server.reset();
    m_feed.reset();
}

HttpResult ApiTestClient::postLogin(const QString &username, const QString &password)
{
    const QJsonObject body{{QStringLiteral("username"), username},
                           {QStringLiteral("password"), password}};
    return sendJson("POST", QStringLiteral("/api/auth/login"), {},
                    QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResult ApiTestClient::postRefresh(const QString &refreshToken)
{
    const QJsonObject body{{QStringLiteral("refresh_token"), refreshToken}};
    return sendJson("POST", QStringLiteral("/api/auth/refresh"), {},
                    QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString ApiTestClient::login(const QString &username, const QString &password)
{
    const HttpResult result = postLogin(username, password);
    if (result.status != 200)
        return {};
    return result.object().value(QLatin1String("access_token")).toString();
}

QString ApiTestClient::adminToken()
{
    if (m_adminToken.isEmpty())
        m_adminToken = login(QStringLiteral("admin"), kAdminPassword);
    return m_adminToken;
}

QString ApiTestClient::tokenForNewUser(const QString &username, Role role)
{
    const QString password = QStringLiteral("password-of-") + username;
    const Result<User> user = await(m_auth->createUser(username, password, role, std::nullopt));
    if (!user.ok())
        return {};
    return login(username, password);
}

HttpResult ApiTestClient::request(const QByteArray &method, const QString &pathAndQuery,
                                  const QString &token, const QByteArray &body,
                                  const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return requestUrl(method, QUrl(m_server->address() + pathAndQuery), token, body, headers);
}

HttpResult ApiTestClient::requestUrl(const QByteArray &method, const QUrl &url,
                                     const QString &token, const QByteArray &body,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = body.isNull() && method != "POST" && method != "PATCH"
                               ? m_network->sendCustomRequest(request, method)
                               : m_network->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

HttpResult ApiTestClient::get(const QString &pathAndQuery, const QString &token)
{
    return request("GET", pathAndQuery, token);
}

HttpResult ApiTestClient::sendJson(const QByteArray &method, const QString &pathAndQuery,
                                   const QString &token, const QByteArray &json)
{
    return request(method, pathAndQuery, token, json, {{"Content-Type", "application/json"}});
}

QByteArray ApiTestClient::raw(const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(bytes);
    socket.flush();
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(50);
        received += socket.readAll();
    }
    received += socket.readAll();
    return received;
}

int rawStatus(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return 0;
    return response.mid(9, 3).toInt();
}

QByteArray rawBody(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : response.mid(end + 4);
}

} // namespace taskdeck::test
