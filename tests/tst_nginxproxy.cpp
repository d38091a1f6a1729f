// SPDX-License-Identifier: MIT
// The documented deployment behind nginx (packaging/nginx/switchboard.conf), tested as shipped: a real nginx, run
// from a temporary prefix on ephemeral ports, terminates TLS in front of the real server. Only ports, the
// certificate paths and the upstream address are changed in the file; everything else (upgrade headers,
// X-Forwarded-For, timeouts) is what an admin installs.
//
// Addresses: the client connects from 127.0.0.3, nginx reaches Switchboard from 127.0.0.2 (proxy_bind), and only
// 127.0.0.2 is a trusted proxy. So the log must name 127.0.0.3, whatever X-Forwarded-For the client makes up.
#include "NginxRunner.h"
#include "ServerHarness.h"
#include "TlsTestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

using namespace sb::test;

namespace {

// What the server logged (the test reads the access log lines of switchboard.http).
QMutex g_logLock;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QLatin1String(context.category) == QLatin1String("switchboard.http")) {
        const QMutexLocker lock(&g_logLock);
        g_log << message;
    }
    g_previous(type, context, message);
}

bool logged(const QString &needle)
{
    const QMutexLocker lock(&g_logLock);
    for (const QString &line : std::as_const(g_log)) {
        if (line.contains(needle))
            return true;
    }
    return false;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

// One request over TLS from 127.0.0.3, the client address the log must name.
QByteArray clientExchange(quint16 port, const QSslConfiguration &config, const QByteArray &request)
{
    return tlsExchange(port, config, request, 8000, QHostAddress(QStringLiteral("127.0.0.3")));
}

} // namespace

class tst_NginxProxy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void restThroughNginx();
    void webhookThroughNginx();
    void callEventsOverWssThroughNginx();
    void clientAddressLoggedFromTrustedProxyOnly();
    void plainHttpRedirects();

private:
    static bool replace(QByteArray &text, const QByteArray &from, const QByteArray &to, int times = 1)
    {
        return NginxRunner::replace(text, from, to, times);
    }

    QTemporaryDir m_dir;
    ServerHarness m_harness;
    NginxRunner m_nginx;
    quint16 m_httpsPort = 0;
    quint16 m_httpPort = 0;
    QSslConfiguration m_client;
};

void tst_NginxProxy::initTestCase()
{
    if (!NginxRunner::installed())
        QSKIP("nginx is not installed (scripts/install-deps --tests installs nginx-light)");
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QSKIP("the openssl command is not installed");
    g_previous = qInstallMessageHandler(recordMessage);

    // The server, trusting only the address nginx connects from.
    QVERIFY(m_harness.start([](sb::Config &c) {
        c.trustedProxies = {{QHostAddress(QStringLiteral("127.0.0.2")), 32}};
    }));

    // A certificate for nginx.
    const QString dir = m_dir.path();
    QVERIFY(makeCertificate(dir + QStringLiteral("/fullchain.pem"), dir + QStringLiteral("/privkey.pem")));
    m_client = trusting(dir + QStringLiteral("/fullchain.pem"));
    m_harness.setClientTls(m_client);

    // The shipped site file, on test ports and paths.
    QFile shipped(QStringLiteral(NGINX_CONF));
    QVERIFY(shipped.open(QIODevice::ReadOnly));
    QByteArray site = shipped.readAll();
    m_httpsPort = freePort();
    m_httpPort = freePort();
    QVERIFY(m_httpPort != m_httpsPort);
    const QByteArray https = QByteArray::number(m_httpsPort);
    QVERIFY(replace(site, "server 127.0.0.1:8000;",
                    "server 127.0.0.1:" + QByteArray::number(m_harness.server()->port()) + ";"));
    QVERIFY(replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + https + " ssl;"));
    QVERIFY(replace(site, "listen [::]:443 ssl;", ""));
    QVERIFY(replace(site, "listen 80;", "listen 127.0.0.1:" + QByteArray::number(m_httpPort) + ";"));
    QVERIFY(replace(site, "listen [::]:80;", ""));
    QVERIFY(replace(site, "/etc/letsencrypt/live/switchboard.example.com/", dir.toUtf8() + "/", 2));
    QString error;
    QVERIFY2(m_nginx.start(dir, site, m_httpsPort, &error), qPrintable(error));
}

void tst_NginxProxy::cleanupTestCase()
{
    m_nginx.stop();
    if (g_previous)
        qInstallMessageHandler(g_previous);
}

void tst_NginxProxy::restThroughNginx()
{
    const QUrl base(QStringLiteral("https://127.0.0.1:%1").arg(m_httpsPort));
    QNetworkAccessManager network;
    const auto get = [&](const QString &path, bool withToken) {
        QNetworkRequest request(base.resolved(QUrl(path)));
        request.setSslConfiguration(m_client);
        if (withToken)
            request.setRawHeader("Authorization", "Bearer " + m_harness.token().toUtf8());
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
        return qMakePair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll());
    };
    const auto health = get(QStringLiteral("/healthz"), false);
    QCOMPARE(health.first, 200);
    QVERIFY(health.second.contains("\"status\":\"ok\""));
    QCOMPARE(get(QStringLiteral("/api/calls"), true).first, 200);
    QCOMPARE(get(QStringLiteral("/api/calls"), false).first, 401);

    // Dial through nginx (the POST body is passed on).
    const QByteArray body = R"({"to":"+15551234567","from":"+15557654321"})";
    const QByteArray dial =
        clientExchange(m_httpsPort, m_client,
                       "POST /api/calls/telnyx/initiate HTTP/1.1\r\nHost: switchboard.example.com\r\n"
                       "Authorization: Bearer " +
                           m_harness.token().toUtf8() + "\r\nContent-Type: application/json\r\nContent-Length: " +
                           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QCOMPARE(statusOf(dial), 200);
    // nginx refuses an oversized body itself.
    const QByteArray huge =
        clientExchange(m_httpsPort, m_client,
                       "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000"
                       "\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(huge), 413);
}

void tst_NginxProxy::webhookThroughNginx()
{
    const QString callId = m_harness.dial(); // straight to the server: the call the webhook is about
    QVERIFY(!callId.isEmpty());
    const QByteArray body = ServerHarness::envelope(QStringLiteral("ev-nginx-1"), QStringLiteral("call.answered"),
                                                    callId, QStringLiteral("2026-01-01T00:00:00Z"));
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray answer = clientExchange(
        m_httpsPort, m_client,
        "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: switchboard.example.com\r\nContent-Type: application/json\r\n"
        "telnyx-timestamp: " +
            ts + "\r\ntelnyx-signature-ed25519: " + m_harness.signer().sign(ts, body) +
            "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QCOMPARE(statusOf(answer), 200);
    QVERIFY(answer.contains("\"received\":true"));
    // The signature still covers the bytes Telnyx sent: a changed body is refused through nginx too.
    QByteArray forged = body;
    forged.replace("call.answered", "call.hangup__");
    const QByteArray refused = clientExchange(
        m_httpsPort, m_client,
        "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\ntelnyx-timestamp: " +
            ts + "\r\ntelnyx-signature-ed25519: " + m_harness.signer().sign(ts, body) +
            "\r\nContent-Length: " + QByteArray::number(forged.size()) + "\r\nConnection: close\r\n\r\n" + forged);
    QCOMPARE(statusOf(refused), 401);
}

void tst_NginxProxy::callEventsOverWssThroughNginx()
{
    QWebSocket ws;
    ws.setSslConfiguration(m_client);
    QList<QByteArray> events;
    connect(&ws, &QWebSocket::textMessageReceived, this, [&events](const QString &t) { events << t.toUtf8(); });
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/call-events?token=%2").arg(m_httpsPort).arg(m_harness.token())));
    QVERIFY2(connected.wait(5000), qPrintable(ws.errorString()));

    const QString callId = m_harness.dial();
    QCOMPARE(m_harness
                 .sendWebhook(ServerHarness::envelope(QStringLiteral("ev-nginx-2"), QStringLiteral("call.hangup"),
                                                      callId, QStringLiteral("2026-01-01T00:00:01Z")))
                 .status,
             200);
    QTRY_VERIFY(events.join('\n').contains("\"type\":\"call.hangup\""));

    // Without a token nginx passes the refusal on.
    QWebSocket anonymous;
    anonymous.setSslConfiguration(m_client);
    QSignalSpy closed(&anonymous, &QWebSocket::disconnected);
    anonymous.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/call-events").arg(m_httpsPort)));
    QVERIFY(closed.wait(5000));
}

void tst_NginxProxy::clientAddressLoggedFromTrustedProxyOnly()
{
    // Through nginx: the client (127.0.0.3) makes up an X-Forwarded-For; nginx appends the address it saw.
    const QByteArray answer =
        clientExchange(m_httpsPort, m_client,
                       "GET /api/calls?via=nginx HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9"
                       "\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(answer), 401);
    QVERIFY2(logged(QStringLiteral("GET /api/calls from 127.0.0.3")), qPrintable(g_log.join(QLatin1Char('\n'))));
    QVERIFY(!logged(QStringLiteral("from 203.0.113.9")));

    // Straight to the server from an untrusted peer: its X-Forwarded-For is ignored.
    QTcpSocket direct;
    QVERIFY(direct.bind(QHostAddress(QStringLiteral("127.0.0.3"))));
    direct.connectToHost(QHostAddress::LocalHost, m_harness.server()->port());
    QVERIFY(direct.waitForConnected(3000));
    direct.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY(logged(QStringLiteral("GET /healthz from 127.0.0.3")));
    QVERIFY(!logged(QStringLiteral("198.51.100.7")));

    // From the trusted proxy's address it is believed.
    QTcpSocket proxy;
    QVERIFY(proxy.bind(QHostAddress(QStringLiteral("127.0.0.2"))));
    proxy.connectToHost(QHostAddress::LocalHost, m_harness.server()->port());
    QVERIFY(proxy.waitForConnected(3000));
    proxy.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.1, 198.51.100.8\r\nConnection: close"
                "\r\n\r\n");
    QTRY_VERIFY(logged(QStringLiteral("GET /metrics from 198.51.100.8")));
}

void tst_NginxProxy::plainHttpRedirects()
{
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, m_httpPort);
    QVERIFY(plain.waitForConnected(3000));
    plain.write("GET /healthz HTTP/1.1\r\nHost: switchboard.example.com\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (plain.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 5000) {
        plain.waitForReadyRead(20);
        answer += plain.readAll();
    }
    QCOMPARE(statusOf(answer), 301);
    QVERIFY(answer.contains("Location: https://switchboard.example.com/healthz"));
}

QTEST_GUILESS_MAIN(tst_NginxProxy)
#include "tst_nginxproxy.moc"
