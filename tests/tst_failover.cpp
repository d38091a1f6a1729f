// SPDX-License-Identifier: MIT
// Three Switchboard processes on one PostgreSQL (tests/postgresql/with-postgresql.sh) and the Telnyx simulator as its
// own process spreading webhooks over them round robin, as CONTRACT §8 has them: calls dialled on the first instance
// stream their media there; the first instance is killed (SIGKILL) while the calls stream and webhooks flow; another
// instance takes the calls over (streaming_start with a fresh token, which the simulator follows as Telnyx does), the
// audio resumes there, and every webhook any instance acknowledged is in the database.
#include "TestDatabase.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

namespace {

const QString kToken = QStringLiteral("failover-admin-token-0123456789abcdef");

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

struct Reply {
    int status = 0;
    QJsonObject json;
    QJsonValue data() const { return json.value(QLatin1String("data")); }
};

} // namespace

class tst_Failover : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void liveCallsSurviveAKilledInstance();

private:
    Reply request(quint16 port, const QByteArray &method, const QString &path, const QJsonObject &body = {});
    bool startInstance(int i, QString *error);
    // Media frames heard on `port`'s /frontend-audio for `call` within `ms`.
    int mediaFrames(quint16 port, const QString &call, int ms);
    QString url(int i) const { return QStringLiteral("http://127.0.0.1:%1").arg(m_ports[i]); }

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    QProcess m_simulator;
    QByteArray m_simulatorOut;
    QHash<QString, QString> m_settings; // TELNYX_* from the simulator's stdout
    QProcess m_instances[3];
    quint16 m_ports[3] = {};
};

void tst_Failover::initTestCase()
{
    SB_REQUIRE_POSTGRESQL_IF_ASKED();
    if (!sb::test::onPostgresql())
        QSKIP("several instances need PostgreSQL (run through tests/postgresql/with-postgresql.sh)");
    for (quint16 &port : m_ports)
        port = freePort();

    QStringList simulate{QStringLiteral("simulate"), QStringLiteral("--print-deliveries")};
    for (int i = 0; i < 3; ++i)
        simulate << QStringLiteral("--webhook-url") << url(i) + QStringLiteral("/api/calls/telnyx/webhook");
    m_simulator.setProcessChannelMode(QProcess::SeparateChannels);
    m_simulator.setStandardErrorFile(m_dir.filePath(QStringLiteral("simulator.log")));
    connect(&m_simulator, &QProcess::readyReadStandardOutput, this,
            [this] { m_simulatorOut += m_simulator.readAllStandardOutput(); });
    m_simulator.start(QStringLiteral(SWITCHBOARD_BINARY), simulate);
    QVERIFY(m_simulator.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_simulatorOut.contains("TELNYX_PUBLIC_KEY="), 10000);
    for (const QByteArray &line : m_simulatorOut.split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (line.startsWith("TELNYX_") && equals > 0)
            m_settings.insert(QString::fromUtf8(line.left(equals)),
                              QString::fromUtf8(line.mid(equals + 1)).remove(QLatin1Char('\'')));
    }
    QVERIFY(!m_settings.value(QStringLiteral("TELNYX_API_BASE")).isEmpty());

    for (int i = 0; i < 3; ++i) {
        QString error;
        QVERIFY2(startInstance(i, &error), qPrintable(error));
    }
    QTRY_COMPARE_WITH_TIMEOUT(request(m_ports[2], "GET", QStringLiteral("/api/instances")).data().toArray().size(), 3,
                              10000);
}

void tst_Failover::cleanupTestCase()
{
    for (QProcess &instance : m_instances) {
        if (instance.state() != QProcess::NotRunning) {
            instance.terminate();
            if (!instance.waitForFinished(10000))
                instance.kill();
        }
    }
    if (m_simulator.state() != QProcess::NotRunning) {
        m_simulator.terminate();
        if (!m_simulator.waitForFinished(5000))
            m_simulator.kill();
    }
}

bool tst_Failover::startInstance(int i, QString *error)
{
    const QString home = m_dir.filePath(QStringLiteral("instance-%1").arg(i));
    QDir().mkpath(home);
    const QString config = home + QStringLiteral("/switchboard.conf");
    QFile(config).open(QIODevice::WriteOnly);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"TELNYX_API_KEY", "TELNYX_APPLICATION_ID", "TELNYX_PUBLIC_KEY", "TELNYX_STREAM_URL", "TELNYX_API_BASE",
          "HOST", "PORT", "API_TOKEN", "DATABASE_URL", "PUBLIC_URL", "http_proxy", "HTTP_PROXY"})
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    QProcess &p = m_instances[i];
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(home + QStringLiteral("/out.log"));
    p.setStandardErrorFile(home + QStringLiteral("/server.log"));
    p.start(QStringLiteral(SWITCHBOARD_BINARY),
            {QStringLiteral("--headless"),       QStringLiteral("--no-audio"),
             QStringLiteral("--host"),           QStringLiteral("127.0.0.1"),
             QStringLiteral("--port"),           QString::number(m_ports[i]),
             QStringLiteral("--database"),       qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRESQL"),
             QStringLiteral("--public-url"),     url(i),
             QStringLiteral("--config"),         config,
             QStringLiteral("--api-token"),      kToken,
             QStringLiteral("--api-key"),        m_settings.value(QStringLiteral("TELNYX_API_KEY")),
             QStringLiteral("--application-id"), m_settings.value(QStringLiteral("TELNYX_APPLICATION_ID")),
             QStringLiteral("--api-base"),       m_settings.value(QStringLiteral("TELNYX_API_BASE")),
             QStringLiteral("--public-key"),     m_settings.value(QStringLiteral("TELNYX_PUBLIC_KEY"))});
    if (!p.waitForStarted(5000)) {
        *error = p.errorString();
        return false;
    }
    for (int tries = 0; tries < 100; ++tries) {
        if (request(m_ports[i], "GET", QStringLiteral("/healthz")).status == 200)
            return true;
        QTest::qWait(100);
    }
    QFile log(home + QStringLiteral("/server.log"));
    log.open(QIODevice::ReadOnly);
    *error = QStringLiteral("instance %1 did not answer /healthz:\n%2").arg(i).arg(QString::fromUtf8(log.readAll()));
    return false;
}

Reply tst_Failover::request(quint16 port, const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    r.setRawHeader("Authorization", "Bearer " + kToken.toUtf8());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setTransferTimeout(5000);
    QNetworkReply *reply =
        m_network.sendCustomRequest(r, method, method == "GET" ? QByteArray() : QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(6000);
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return result;
}

int tst_Failover::mediaFrames(quint16 port, const QString &call, int ms)
{
    QWebSocket listener;
    int frames = 0;
    connect(&listener, &QWebSocket::textMessageReceived, this,
            [&frames](const QString &text) { frames += text.contains(QLatin1String("\"event\":\"media\"")); });
    listener.open(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/frontend-audio?call=%2&token=%3").arg(port).arg(call, kToken)));
    QTest::qWait(ms);
    listener.close();
    return frames;
}

void tst_Failover::liveCallsSurviveAKilledInstance()
{
    // Two calls dialled on the first instance: their media streams there.
    QStringList calls;
    for (const QString &to : {QStringLiteral("+15551230001"), QStringLiteral("+15551230002")}) {
        const Reply dialled =
            request(m_ports[0], "POST", QStringLiteral("/api/calls/telnyx/initiate"),
                    {{QStringLiteral("to"), to}, {QStringLiteral("from"), QStringLiteral("+15557654321")}});
        QCOMPARE(dialled.status, 200);
        calls << dialled.data()[QLatin1String("callId")].toString();
        QCOMPARE(dialled.data()[QLatin1String("dbRecord")][QLatin1String("instance")].toString(), url(0));
    }
    for (const QString &call : calls) {
        QTRY_COMPARE_WITH_TIMEOUT(
            request(m_ports[1], "GET", QStringLiteral("/api/calls/") + call).data()[QLatin1String("status")].toString(),
            QStringLiteral("answered"), 15000);
    }
    QVERIFY(mediaFrames(m_ports[0], calls[0], 1000) > 10);
    // Its media is refused elsewhere, with its URL.
    QCOMPARE(mediaFrames(m_ports[1], calls[0], 300), 0);

    // Webhooks keep coming (DTMF on both calls, through the other instances) while the first one is killed.
    for (const QString &call : calls) {
        QCOMPARE(request(m_ports[1], "POST", QStringLiteral("/api/calls/telnyx/%1/dtmf").arg(call),
                         {{QStringLiteral("digits"), QStringLiteral("123")}})
                     .status,
                 200);
    }
    // Round robin: every instance has taken some of the webhooks so far.
    for (int i = 0; i < 3; ++i) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(url(i) + QStringLiteral("/metrics"))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        const QByteArray metrics = reply->readAll();
        reply->deleteLater();
        double accepted = 0;
        for (const QByteArray &line : metrics.split('\n')) {
            if (line.startsWith("switchboard_webhooks_accepted_total "))
                accepted = line.split(' ').value(1).toDouble();
        }
        QVERIFY2(accepted > 0, qPrintable(QStringLiteral("instance %1 accepted no webhook").arg(i)));
    }
    m_instances[0].kill(); // SIGKILL: no clean stop, its heartbeat just ends
    QVERIFY(m_instances[0].waitForFinished(5000));
    QElapsedTimer sinceKill;
    sinceKill.start();

    // Within 5 s of its last heartbeat another instance holds each call, and the audio goes on there.
    QString takenBy;
    for (const QString &call : calls) {
        QTRY_VERIFY_WITH_TIMEOUT(request(m_ports[1], "GET", QStringLiteral("/api/calls/") + call)
                                         .data()[QLatin1String("instance")]
                                         .toString() != url(0),
                                 12000);
        takenBy = request(m_ports[2], "GET", QStringLiteral("/api/calls/") + call)
                      .data()[QLatin1String("instance")]
                      .toString();
        QVERIFY2(takenBy == url(1) || takenBy == url(2), qPrintable(takenBy));
    }
    qInfo("both calls taken over %lld ms after the kill", static_cast<long long>(sinceKill.elapsed()));
    QVERIFY(sinceKill.elapsed() < 8000);
    const quint16 newPort = takenBy == url(1) ? m_ports[1] : m_ports[2];
    const QString lastCall = calls.last();
    int resumed = 0;
    QTRY_VERIFY_WITH_TIMEOUT((resumed = mediaFrames(newPort, lastCall, 500)) > 10, 10000);
    QCOMPARE(request(m_ports[1], "GET", QStringLiteral("/api/instances")).data().toArray().size(), 2);

    // The calls end through any instance.
    for (const QString &call : calls)
        QCOMPARE(request(m_ports[2], "POST", QStringLiteral("/api/calls/telnyx/end"),
                         {{QStringLiteral("call_control_id"), call}})
                     .status,
                 200);
    for (const QString &call : calls) {
        QTRY_COMPARE_WITH_TIMEOUT(
            request(m_ports[1], "GET", QStringLiteral("/api/calls/") + call).data()[QLatin1String("status")].toString(),
            QStringLiteral("ended"), 15000);
    }

    // Every webhook an instance acknowledged is stored, the killed one's included.
    QTest::qWait(1500); // the last acknowledgements reach the simulator's stdout
    QSet<QString> stored;
    for (const QString &call : calls) {
        for (const auto &event :
             request(m_ports[1], "GET", QStringLiteral("/api/calls/") + call).data()[QLatin1String("events")].toArray())
            stored.insert(event.toObject().value(QLatin1String("id")).toString());
    }
    int delivered = 0;
    QStringList missing;
    for (const QByteArray &line : m_simulatorOut.split('\n')) {
        if (!line.startsWith("delivered "))
            continue;
        ++delivered;
        const QString id = QString::fromUtf8(line.split(' ').value(1));
        if (!stored.contains(id))
            missing << QString::fromUtf8(line);
    }
    qInfo("%d webhooks acknowledged, %lld events stored", delivered, static_cast<long long>(stored.size()));
    QVERIFY(delivered >= 10);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(tst_Failover)
#include "tst_failover.moc"
