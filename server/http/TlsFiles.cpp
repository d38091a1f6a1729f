// SPDX-License-Identifier: MIT
#include "http/TlsFiles.h"

#include <QEventLoop>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

namespace sb {

namespace {

std::optional<QByteArray> readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// Qt asks for the key's algorithm; a PEM file says it in its header only for the traditional formats.
QSslKey readKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// Whether the key belongs to the certificate. Qt has no call for that, and a pair from two different renewals is
// the usual mistake: every handshake would fail while the server looked fine. So one handshake is made here, over
// loopback, with the configuration the listeners will use (a few milliseconds, once, at start).
bool keyMatches(const QSslConfiguration &server, QString *why)
{
    QSslServer listener;
    listener.setSslConfiguration(server);
    if (!listener.listen(QHostAddress::LocalHost))
        return true; // cannot check: the listeners' handshakes will tell
    QSslSocket client;
    QEventLoop loop;
    bool encrypted = false;
    QString failure = QStringLiteral("no handshake within 5 s");
    const auto fail = [&](const QString &text) {
        failure = text;
        loop.quit();
    };
    // QSslServer offers a connection once its handshake is done.
    QObject::connect(&listener, &QTcpServer::pendingConnectionAvailable, &loop, [&] {
        encrypted = true;
        loop.quit();
    });
    QObject::connect(&listener, &QSslServer::errorOccurred, &loop,
                     [&](QSslSocket *socket, QAbstractSocket::SocketError) { fail(socket->errorString()); });
    QObject::connect(&listener, &QSslServer::sslErrors, &loop,
                     [&](QSslSocket *, const QList<QSslError> &errors) { fail(errors.value(0).errorString()); });
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setPeerVerifyMode(QSslSocket::VerifyNone); // only the server's side is under test
    client.setSslConfiguration(trusting);
    QObject::connect(&client, &QAbstractSocket::errorOccurred, &loop, [&] { fail(client.errorString()); });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());
    loop.exec();
    if (!encrypted)
        *why = failure;
    return encrypted;
}

} // namespace

std::optional<QSslConfiguration> loadTlsFiles(const QString &certFile, const QString &keyFile, QString *error)
{
    const auto certPem = readFile(certFile, error);
    if (!certPem)
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certFile);
        return std::nullopt;
    }
    const auto keyPem = readFile(keyFile, error);
    if (!keyPem)
        return std::nullopt;
    const QSslKey key = readKey(*keyPem);
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM private key (RSA or EC)").arg(keyFile);
        return std::nullopt;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens, not certificates
    if (QString why; !keyMatches(config, &why)) {
        *error = QStringLiteral("%1 and %2 do not make a working TLS server (is the key the certificate's?): %3")
                     .arg(certFile, keyFile, why);
        return std::nullopt;
    }
    return config;
}

} // namespace sb
