// SPDX-License-Identifier: MIT
// --tls-cert/--tls-key (docs/interface.md §2): every listener serves TLS, tested with real handshakes against a
// certificate the openssl CLI makes for the test. The client trusts exactly that certificate (as its CA), so
// nothing is "ignored": a wrong certificate would fail these tests.
#include "Metrics.h"
#include "ServerHarness.h"
#include "TlsTestSupport.h"
#include "http/HttpLimits.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sb::test;

namespace {

bool closedByServer(QAbstractSocket *socket, int waitMs)
{
    QElapsedTimer clock;
    clock.start();
    while (socket->state() == QAbstractSocket::ConnectedState && clock.elapsed() < waitMs)
        QTest::qWait(10);
    return socket->state() != QAbstractSocket::ConnectedState;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

QByteArray mediaFrame(int n)
{
    return QStringLiteral(R"({"event":"media","sequence_number":"%1","stream_id":"s-1","media":{"track":"inbound",)"
                          R"("chunk":"%2","timestamp":"%3","payload":"%4"}})")
        .arg(n + 2)
        .arg(n)
        .arg(n * 20)
        .arg(QString::fromLatin1(QByteArray(160, char(n & 0x7F)).toBase64()))
        .toUtf8();
}

} // namespace

class tst_Tls : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void restAndWebhookOverHttps();
    void callEventsOverWss();
    void mediaOverWssReachesListeners();
    void extraPortServesWss();
    void limitsHoldOverTls();
    void plainHttpOnTheTlsPortIsDropped();
    void unfinishedHandshakeIsDropped();
    void badFilesStopStartUp_data();
    void badFilesStopStartUp();

private:
    bool startTls(ServerHarness &h, const std::function<void(sb::Config &)> &more = {});
    QString cert() const { return m_dir.filePath(QStringLiteral("server.pem")); }
    QString key() const { return m_dir.filePath(QStringLiteral("server.key")); }

    QTemporaryDir m_dir;
};

void tst_Tls::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QSKIP("the openssl command is not installed (scripts/install-deps --tests)");
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY(
        makeCertificate(m_dir.path() + QStringLiteral("/server.pem"), m_dir.path() + QStringLiteral("/server.key")));
    QVERIFY(makeCertificate(m_dir.path() + QStringLiteral("/other.pem"), m_dir.path() + QStringLiteral("/other.key")));
}

bool tst_Tls::startTls(ServerHarness &h, const std::function<void(sb::Config &)> &more)
{
    h.setClientTls(trusting(cert()));
    return h.start([this, more](sb::Config &c) {
        c.tlsCertFile = cert();
        c.tlsKeyFile = key();
        if (more)
            more(c);
    });
}

void tst_Tls::restAndWebhookOverHttps()
{
    ServerHarness h;
    QVERIFY(startTls(h));
    QVERIFY(h.server()->listenUrl().startsWith(QLatin1String("https://127.0.0.1:")));
    QVERIFY(h.server()->streamBaseUrl().startsWith(QLatin1String("wss://127.0.0.1:")));

    const HttpResult health = h.get(QStringLiteral("/healthz"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(h.get(QStringLiteral("/api/calls")).status, 200);
    QCOMPARE(h.request("GET", QStringLiteral("/api/calls"), {}, {}, false).status, 401);

    const QString callId = h.dial();
    QVERIFY(!callId.isEmpty());
    const QByteArray body = ServerHarness::envelope(QStringLiteral("ev-1"), QStringLiteral("call.answered"), callId,
                                                    QStringLiteral("2026-01-01T00:00:00Z"));
    const HttpResult hook = h.sendWebhook(body);
    QCOMPARE(hook.status, 200);
    QCOMPARE(hook.json.value(QLatin1String("received")).toBool(), true);
    // The dial told Telnyx to stream to wss://.
    QVERIFY(h.telnyx()
                .requestsTo(QStringLiteral("/calls"))
                .last()
                .body.value(QLatin1String("stream_url"))
                .toString()
                .startsWith(QLatin1String("wss://127.0.0.1:")));

    // A client that does not trust the certificate does not get through the handshake.
    const QByteArray untrusted = tlsExchange(h.server()->port(), QSslConfiguration::defaultConfiguration(),
                                             "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(untrusted.startsWith("no handshake"), untrusted.constData());
}

void tst_Tls::callEventsOverWss()
{
    ServerHarness h;
    QVERIFY(startTls(h));
    QList<QByteArray> events;
    auto ws = h.openWebSocket(QStringLiteral("/call-events?token=") + h.token(), &events);
    QVERIFY2(ws, "wss:// handshake");
    QVERIFY(ws->sslConfiguration().peerCertificate() == QSslCertificate::fromPath(cert()).value(0));
    const QString callId = h.dial();
    QCOMPARE(h.sendWebhook(ServerHarness::envelope(QStringLiteral("ev-2"), QStringLiteral("call.answered"), callId,
                                                   QStringLiteral("2026-01-01T00:00:00Z")))
                 .status,
             200);
    QTRY_VERIFY(!events.isEmpty());
    const QJsonObject event = QJsonDocument::fromJson(events.last()).object();
    QCOMPARE(event.value(QLatin1String("type")).toString(), QStringLiteral("call.answered"));
    // Without the token, still refused over TLS.
    QList<QByteArray> none;
    auto anonymous = h.openWebSocket(QStringLiteral("/call-events"), &none);
    if (anonymous)
        QTRY_COMPARE(anonymous->state(), QAbstractSocket::UnconnectedState);
}

void tst_Tls::mediaOverWssReachesListeners()
{
    // Over TLS the media connection cannot take the raw (epoll) path, whose reads bypass the decryption: it stays
    // on QWebSocket. Were the raw path taken, it would read TLS records as WebSocket frames and nothing would reach
    // the listener. (Runs with the default media I/O, where plain connections do take the raw path.)
    QVERIFY(qEnvironmentVariableIsEmpty("SWITCHBOARD_MEDIA_IO"));
    ServerHarness h;
    QVERIFY(startTls(h));
    QList<QByteArray> heard;
    auto listener = h.openWebSocket(QStringLiteral("/frontend-audio?token=") + h.token(), &heard);
    QVERIFY(listener);
    QTRY_COMPARE(heard.size(), 1); // the "connected" greeting

    const QString callId = h.dial();
    const QString streamToken = h.telnyx()
                                    .requestsTo(QStringLiteral("/calls"))
                                    .last()
                                    .body.value(QLatin1String("stream_auth_token"))
                                    .toString();
    auto telnyx = h.openWebSocket(QStringLiteral("/audio-stream"), nullptr,
                                  {{"x-telnyx-streaming-auth-token", streamToken.toUtf8()}});
    QVERIFY2(telnyx, "wss:// media handshake");
    QList<QByteArray> sent{QStringLiteral(R"({"event":"start","sequence_number":"1","stream_id":"s-1","start":)"
                                          R"({"call_control_id":"%1","media_format":{"encoding":"PCMU",)"
                                          R"("sample_rate":8000,"channels":1}}})")
                               .arg(callId)
                               .toUtf8()};
    for (int i = 0; i < 50; ++i)
        sent.append(mediaFrame(i));
    // One at a time, as Telnyx paces them (every 20 ms): a burst could overflow the listener's bounded queue, where
    // the oldest media frames give way to the newest (AudioFanout), and this test is about the path, not the queue.
    for (qsizetype i = 0; i < sent.size(); ++i) {
        telnyx->sendTextMessage(QString::fromUtf8(sent[i]));
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 2 + i, 10000);
    }
    for (int i = 0; i < sent.size(); ++i)
        QCOMPARE(heard[i + 1], sent[i]);
    QVERIFY(telnyx->state() == QAbstractSocket::ConnectedState);
}

void tst_Tls::extraPortServesWss()
{
    ServerHarness h;
    const quint16 extra = freePort();
    QVERIFY(startTls(h, [extra](sb::Config &c) { c.callEventsPort = extra; }));
    QWebSocket ws;
    ws.setSslConfiguration(h.clientTls());
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(h.webSocketUrl(QStringLiteral("/call-events?token=") + h.token(), extra));
    QVERIFY(connected.wait(5000));
    QList<QByteArray> events;
    connect(&ws, &QWebSocket::textMessageReceived, this, [&events](const QString &t) { events << t.toUtf8(); });
    const QString callId = h.dial();
    QCOMPARE(h.sendWebhook(ServerHarness::envelope(QStringLiteral("ev-3"), QStringLiteral("call.hangup"), callId,
                                                   QStringLiteral("2026-01-01T00:00:00Z")))
                 .status,
             200);
    QTRY_VERIFY(!events.isEmpty());

    // The extra port also drops a client that never finishes its handshake (QSslServer's deadline).
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, extra);
    QVERIFY(idle.waitForConnected(3000));
    QVERIFY(closedByServer(&idle, sb::HttpLimits{}.headTimeoutMs + 5000));
}

void tst_Tls::limitsHoldOverTls()
{
    // The guard sees the decrypted bytes: the head limit, smuggling shapes and Connection: close work as over TCP.
    ServerHarness h;
    QVERIFY(startTls(h));
    const quint16 port = h.server()->port();
    const QSslConfiguration client = trusting(cert());

    const QByteArray huge = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n";
    const QByteArray tooLarge = tlsExchange(port, client, huge);
    QCOMPARE(statusOf(tooLarge), 431);
    QVERIFY(tooLarge.contains("header_too_large"));

    const QByteArray smuggled =
        tlsExchange(port, client,
                    "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    "Content-Length: 3\r\n\r\n{}");
    QCOMPARE(statusOf(smuggled), 400);

    const QByteArray announced = tlsExchange(port, client,
                                             "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                             "application/json\r\nContent-Length: 5000000\r\n\r\n");
    QCOMPARE(statusOf(announced), 413);

    // Connection: close ends the connection after the answer (tlsExchange returns once the server closed).
    QElapsedTimer clock;
    clock.start();
    const QByteArray closing =
        tlsExchange(port, client, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10000);
    QCOMPARE(statusOf(closing), 200);
    QVERIFY2(clock.elapsed() < 8000, "the server closed the connection");
}

void tst_Tls::plainHttpOnTheTlsPortIsDropped()
{
    ServerHarness h;
    QVERIFY(startTls(h));
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, h.server()->port());
    QVERIFY(plain.waitForConnected(3000));
    plain.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(closedByServer(&plain, 5000));
    QVERIFY(!plain.readAll().startsWith("HTTP/1.1 200")); // never answered in clear text
    QCOMPARE(h.get(QStringLiteral("/healthz")).status, 200);
}

void tst_Tls::unfinishedHandshakeIsDropped()
{
    // The head deadline runs from the connection's opening, so it covers the handshake: a client that opens a
    // connection and sends nothing, or half a ClientHello, is dropped after it.
    QTemporaryDir dir;
    sb::Config c;
    c.port = 0;
    c.apiToken = QStringLiteral("test-token-0123456789");
    c.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("switchboard.sqlite"));
    c.configFile = dir.filePath(QStringLiteral("switchboard.conf"));
    c.tlsCertFile = cert();
    c.tlsKeyFile = key();
    sb::SwitchboardServer server(c);
    sb::HttpLimits limits;
    limits.headTimeoutMs = 400;
    server.setHttpLimits(limits);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(silent.waitForConnected(3000));
    QTcpSocket half;
    half.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(half.waitForConnected(3000));
    half.write(QByteArray::fromHex("160301020001")); // a TLS record header announcing a ClientHello...
    half.write(QByteArray::fromHex("010001fc0303")); // ...whose rest never comes
    QVERIFY(!closedByServer(&silent, 150));          // not at once,
    QVERIFY(closedByServer(&silent, 3000));          // but after the deadline
    QVERIFY(closedByServer(&half, 3000));
    QTRY_COMPARE(server.metrics()->render().contains("switchboard_connections_open 0"), true);
}

void tst_Tls::badFilesStopStartUp_data()
{
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("mentions");
    const QString dir = m_dir.path();
    QTest::newRow("key of another certificate")
        << dir + QStringLiteral("/server.pem") << dir + QStringLiteral("/other.key") << QStringLiteral("other.key");
    QTest::newRow("key given as certificate")
        << dir + QStringLiteral("/server.key") << dir + QStringLiteral("/server.key")
        << QStringLiteral("no PEM certificate");
    QTest::newRow("certificate given as key")
        << dir + QStringLiteral("/server.pem") << dir + QStringLiteral("/server.pem")
        << QStringLiteral("no unencrypted PEM private key");
    QTest::newRow("missing file") << dir + QStringLiteral("/server.pem") << dir + QStringLiteral("/gone.key")
                                  << QStringLiteral("gone.key");
}

void tst_Tls::badFilesStopStartUp()
{
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    sb::Config c;
    c.port = 0;
    c.apiToken = QStringLiteral("test-token-0123456789");
    c.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("switchboard.sqlite"));
    c.configFile = dir.filePath(QStringLiteral("switchboard.conf"));
    c.tlsCertFile = certFile;
    c.tlsKeyFile = keyFile;
    sb::SwitchboardServer server(c);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains(QLatin1String("--tls-cert")) && error.contains(mentions), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), "one line");
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
