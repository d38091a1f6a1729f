// SPDX-License-Identifier: MIT
#include "TlsTestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTest>

namespace sb::test {

bool makeCertificate(const QString &certFile, const QString &keyFile)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), keyFile,
                   QStringLiteral("-out"), certFile});
    return openssl.waitForFinished(20000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

QSslConfiguration trusting(const QString &certFile)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(certFile));
    return config;
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray tlsExchange(quint16 port, const QSslConfiguration &config, const QByteArray &request, int waitMs,
                       const QHostAddress &from)
{
    QSslSocket socket;
    socket.setSslConfiguration(config);
    if (!from.isNull() && !socket.bind(from))
        return "cannot bind " + from.toString().toUtf8();
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    QElapsedTimer clock;
    clock.start();
    while (!socket.isEncrypted() && socket.state() != QAbstractSocket::UnconnectedState && clock.elapsed() < 5000)
        QTest::qWait(5);
    if (!socket.isEncrypted())
        return "no handshake: " + socket.errorString().toUtf8();
    socket.write(request);
    QByteArray answer;
    clock.restart();
    while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < waitMs) {
        QTest::qWait(5);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

} // namespace sb::test
