#include "TlsSetup.h"

#include "ConnectionGuard.h"

#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

namespace taskdeck::http {

namespace {

QString readFile(const QString &path, const QString &what, QByteArray *data)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1 %2: %3").arg(what, path, file.errorString());
    *data = file.readAll();
    return {};
}

} // namespace

QString loadTlsConfiguration(const QString &certificateFile, const QString &keyFile,
                             QSslConfiguration *configuration)
{
    if (!QSslSocket::supportsSsl())
        return QStringLiteral("TLS is not available (no TLS backend: %1)")
            .arg(QSslSocket::sslLibraryVersionString());
    QByteArray certData;
    QByteArray keyData;
    if (QString error = readFile(certificateFile, QStringLiteral("TLS certificate"), &certData);
        !error.isEmpty())
        return error;
    if (QString error = readFile(keyFile, QStringLiteral("TLS key"), &keyData); !error.isEmpty())
        return error;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certData, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return QStringLiteral("no PEM certificate in %1").arg(certificateFile);
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyData, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return QStringLiteral("no unencrypted PEM private key in %1").arg(keyFile);

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    *configuration = conf;
    return {};
}

QString verifyTlsConfiguration(const QSslConfiguration &configuration)
{
    GuardedTcpServer server(GuardLimits{});
    server.setTlsConfiguration(configuration);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return QStringLiteral("cannot check the TLS setup: %1").arg(server.errorString());
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone); // only the server's own key is checked
    QEventLoop loop;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QAbstractSocket::errorOccurred, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    loop.exec();
    if (client.isEncrypted()) {
        client.abort();
        return {};
    }
    return QStringLiteral("TLS handshake with the given certificate and key failed (does the key "
                          "belong to the certificate?)");
}

} // namespace taskdeck::http
