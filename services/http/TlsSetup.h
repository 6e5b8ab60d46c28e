#pragma once

#include <QSslConfiguration>
#include <QString>

namespace taskdeck::http {

/// Builds the server's TLS configuration from PEM files: the certificate (chain, leaf first) and
/// an unencrypted private key (RSA, EC or DSA). TLS 1.2 or later; no client certificates asked
/// for. Returns an error text ("cannot read TLS certificate /x: No such file or directory"), or
/// an empty string.
QString loadTlsConfiguration(const QString &certificateFile, const QString &keyFile,
                             QSslConfiguration *configuration);

/// Proves the configuration works (key matches certificate, the TLS backend accepts both) with
/// one TLS handshake over loopback. Needs to run in a thread with no event loop running yet or in
/// an event-loop thread (runs a local QEventLoop for at most a few seconds). Returns an error
/// text, or an empty string.
QString verifyTlsConfiguration(const QSslConfiguration &configuration);

} // namespace taskdeck::http
