// SPDX-License-Identifier: MIT
// The documented deployment of several instances (packaging/nginx/switchboard-instances.conf), tested as shipped:
// three real servers on one PostgreSQL (tests/postgresql/with-postgresql.sh), each with PUBLIC_URL under nginx's own
// path for it (/i1 /i2 /i3), and a real nginx terminating TLS in front. Only ports, the certificate paths and the
// upstream addresses are changed in the file. Webhooks spread over the instances and every event reaches a
// /call-events client, media of a call is refused elsewhere with 409 and the URL it names works through nginx, and a
// stopped instance is passed over.
#include "NginxRunner.h"
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "TlsTestSupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace sb::test;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

double metricValue(const QByteArray &text, const QByteArray &name)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

class tst_NginxInstances : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void webhooksSpreadAndReachEveryClient();
    void mediaIsServedWhereTheCallIs();
    void aStoppedInstanceIsPassedOver();

private:
    QByteArray sendWebhook(const QByteArray &body);
    QByteArray upgrade(const QString &pathAndQuery);

    QTemporaryDir m_dir;
    std::unique_ptr<ServerHarness> m_instances[3];
    NginxRunner m_nginx;
    quint16 m_httpsPort = 0;
    QSslConfiguration m_client;
};

void tst_NginxInstances::initTestCase()
{
    SB_REQUIRE_POSTGRESQL_IF_ASKED();
    if (!onPostgresql())
        QSKIP("several instances need PostgreSQL (run through tests/postgresql/with-postgresql.sh)");
    if (!NginxRunner::installed())
        QSKIP("nginx is not installed (scripts/install-deps --tests installs nginx-light)");
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QSKIP("the openssl command is not installed");

    const QString dir = m_dir.path();
    QVERIFY(makeCertificate(dir + QStringLiteral("/fullchain.pem"), dir + QStringLiteral("/privkey.pem")));
    m_client = trusting(dir + QStringLiteral("/fullchain.pem"));
    m_httpsPort = freePort();
    const quint16 httpPort = freePort();
    QVERIFY(httpPort != m_httpsPort);

    // Three instances on the first one's database, signed by one Telnyx key, each named by its path under nginx.
    QString database;
    QString publicKey;
    for (int i = 0; i < 3; ++i) {
        m_instances[i] = std::make_unique<ServerHarness>();
        const QString publicUrl = QStringLiteral("https://127.0.0.1:%1/i%2").arg(m_httpsPort).arg(i + 1);
        QVERIFY(m_instances[i]->start([&](sb::Config &c) {
            c.publicUrl = publicUrl;
            if (i > 0) {
                c.databaseUrl = database;
                c.publicKey = publicKey;
            }
        }));
        if (i == 0) {
            database = m_instances[0]->databaseUrl();
            publicKey = m_instances[0]->signer().publicKeyBase64();
        }
    }

    QFile shipped(QStringLiteral(NGINX_INSTANCES_CONF));
    QVERIFY(shipped.open(QIODevice::ReadOnly));
    QByteArray site = shipped.readAll();
    for (int i = 0; i < 3; ++i) {
        // In the shared upstream and in the instance's own.
        QVERIFY(NginxRunner::replace(site, "127.0.0.1:800" + QByteArray::number(i + 1),
                                     "127.0.0.1:" + QByteArray::number(m_instances[i]->server()->port()), 2));
    }
    QVERIFY(
        NginxRunner::replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + QByteArray::number(m_httpsPort) + " ssl;"));
    QVERIFY(NginxRunner::replace(site, "listen [::]:443 ssl;", ""));
    QVERIFY(NginxRunner::replace(site, "listen 80;", "listen 127.0.0.1:" + QByteArray::number(httpPort) + ";"));
    QVERIFY(NginxRunner::replace(site, "listen [::]:80;", ""));
    QVERIFY(NginxRunner::replace(site, "/etc/letsencrypt/live/switchboard.example.com/", dir.toUtf8() + "/", 2));
    QString error;
    QVERIFY2(m_nginx.start(dir, site, m_httpsPort, &error), qPrintable(error));
}

void tst_NginxInstances::cleanupTestCase()
{
    m_nginx.stop();
    for (auto &instance : m_instances)
        instance.reset();
}

QByteArray tst_NginxInstances::sendWebhook(const QByteArray &body)
{
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    return tlsExchange(m_httpsPort, m_client,
                       "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: switchboard.example.com\r\n"
                       "Content-Type: application/json\r\ntelnyx-timestamp: " +
                           ts + "\r\ntelnyx-signature-ed25519: " + m_instances[0]->signer().sign(ts, body) +
                           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                           body);
}

QByteArray tst_NginxInstances::upgrade(const QString &pathAndQuery)
{
    return tlsExchange(m_httpsPort, m_client,
                       "GET " + pathAndQuery.toUtf8() +
                           " HTTP/1.1\r\nHost: switchboard.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                           "Authorization: Bearer " +
                           m_instances[0]->token().toUtf8() + "\r\n\r\n",
                       1500);
}

void tst_NginxInstances::webhooksSpreadAndReachEveryClient()
{
    QWebSocket events;
    events.setSslConfiguration(m_client);
    QList<QByteArray> received;
    connect(&events, &QWebSocket::textMessageReceived, this, [&received](const QString &t) { received << t.toUtf8(); });
    QSignalSpy connected(&events, &QWebSocket::connected);
    events.open(
        QUrl(QStringLiteral("wss://127.0.0.1:%1/call-events?token=%2").arg(m_httpsPort).arg(m_instances[0]->token())));
    QVERIFY2(connected.wait(5000), qPrintable(events.errorString()));

    double before[3];
    for (int i = 0; i < 3; ++i)
        before[i] =
            metricValue(m_instances[i]->get(QStringLiteral("/metrics")).body, "switchboard_webhooks_accepted_total");
    const QString callId = m_instances[0]->dial();
    QVERIFY(!callId.isEmpty());
    for (int n = 0; n < 6; ++n) {
        const QString type = n == 0 ? QStringLiteral("call.answered") : QStringLiteral("call.dtmf.received");
        const QByteArray body = ServerHarness::envelope(QStringLiteral("ev-spread-%1").arg(n), type, callId,
                                                        QStringLiteral("2026-01-01T00:00:0%1Z").arg(n));
        QCOMPARE(statusOf(sendWebhook(body)), 200);
    }
    // Round robin: every instance took some, and the one client heard all six.
    for (int i = 0; i < 3; ++i) {
        const double after =
            metricValue(m_instances[i]->get(QStringLiteral("/metrics")).body, "switchboard_webhooks_accepted_total");
        QVERIFY2(after > before[i], qPrintable(QStringLiteral("instance %1 took no webhook").arg(i + 1)));
    }
    for (int n = 0; n < 6; ++n) {
        const QByteArray id = "\"id\":\"ev-spread-" + QByteArray::number(n) + '"';
        QTRY_VERIFY2(received.join('\n').contains(id), id.constData());
    }
    // Stored once, whoever took it: the same history through any instance.
    for (int i = 0; i < 3; ++i) {
        const HttpResult r = m_instances[i]->get(QStringLiteral("/api/calls/%1").arg(callId));
        QCOMPARE(r.status, 200);
        const QJsonArray stored = r.json[QLatin1String("data")][QLatin1String("events")].toArray();
        int spread = 0;
        for (const auto &event : stored)
            spread += event.toObject().value(QLatin1String("id")).toString().startsWith(QLatin1String("ev-spread-"));
        QCOMPARE(spread, 6);
    }
}

void tst_NginxInstances::mediaIsServedWhereTheCallIs()
{
    const QString callId = m_instances[1]->dial(); // its media is on instance 2
    QVERIFY(!callId.isEmpty());
    const QString there = QStringLiteral("https://127.0.0.1:%1/i2").arg(m_httpsPort);
    QCOMPARE(m_instances[0]
                 ->get(QStringLiteral("/api/calls/%1").arg(callId))
                 .json[QLatin1String("data")][QLatin1String("instance")]
                 .toString(),
             there);
    QCOMPARE(sendWebhook(ServerHarness::envelope(QStringLiteral("ev-media-1"), QStringLiteral("call.answered"), callId,
                                                 QStringLiteral("2026-01-01T00:01:00Z")))
                 .left(12),
             QByteArray("HTTP/1.1 200"));

    // Through the shared path: the instances other than the call's answer 409 with the call's URL.
    int refused = 0;
    const QString expected =
        QStringLiteral("wss://127.0.0.1:%1/i2/frontend-audio?call=%2").arg(m_httpsPort).arg(callId);
    for (int n = 0; n < 3; ++n) {
        const QByteArray answer = upgrade(QStringLiteral("/frontend-audio?call=%1").arg(callId));
        const int status = statusOf(answer);
        QVERIFY2(status == 101 || status == 409, answer.left(200).constData());
        if (status == 409) {
            ++refused;
            QVERIFY2(answer.contains("\"wrong_instance\""), answer.constData());
            QVERIFY2(answer.contains(expected.toUtf8()), answer.constData());
        }
    }
    QVERIFY2(refused >= 1, "round robin never reached another instance");

    // The named URL works through nginx: its own path, the prefix cut.
    QWebSocket listener;
    listener.setSslConfiguration(m_client);
    QSignalSpy connected(&listener, &QWebSocket::connected);
    QUrl url(expected);
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("token"), m_instances[0]->token());
    url.setQuery(query);
    listener.open(url);
    QVERIFY2(connected.wait(5000), qPrintable(listener.errorString()));
    QCOMPARE(statusOf(upgrade(QStringLiteral("/i2/frontend-audio?call=%1").arg(callId))), 101);
}

void tst_NginxInstances::aStoppedInstanceIsPassedOver()
{
    const QString callId = m_instances[0]->dial();
    QVERIFY(!callId.isEmpty());
    m_instances[2]->stop();
    // Every webhook still lands, on the two left: nginx passes over the refused connections.
    for (int n = 0; n < 6; ++n) {
        const QByteArray body =
            ServerHarness::envelope(QStringLiteral("ev-down-%1").arg(n), QStringLiteral("call.dtmf.received"), callId,
                                    QStringLiteral("2026-01-01T00:02:0%1Z").arg(n));
        QCOMPARE(statusOf(sendWebhook(body)), 200);
    }
    const HttpResult listed = m_instances[0]->get(QStringLiteral("/api/instances"));
    QCOMPARE(listed.json.value(QLatin1String("data")).toArray().size(), 2);
}

QTEST_MAIN(tst_NginxInstances)
#include "tst_nginxinstances.moc"
