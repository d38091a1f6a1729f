// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "ServerHarness.h"
#include "client/BackendClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

// The current call's states as an agent sees them, driven by a real server and signed webhooks.
class tst_ActiveCallController : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void fullCall();
    void webhookOvertakesDial();
    void telnyxRefuses();
    void notConfigured();
    void backendUnreachable();
    void hangupWhileDialing();
    void adoptAndResync();

private:
    void webhook(const QString &type, const QString &id, const QJsonObject &extra = {})
    {
        const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        QCOMPARE(
            m_harness->sendWebhook(ServerHarness::envelope(QStringLiteral("evt-%1").arg(++m_seq), type, id, at, extra))
                .status,
            200);
    }
    bool startBackend()
    {
        m_backend = std::make_unique<BackendClient>();
        m_backend->setEndpoint(m_harness->url(QString()), m_harness->token());
        m_backend->start();
        return QTest::qWaitFor([this] { return m_backend->eventsConnected(); }, 5000);
    }
    std::unique_ptr<ServerHarness> m_harness;
    std::unique_ptr<BackendClient> m_backend;
    int m_seq = 0;
};

void tst_ActiveCallController::init()
{
    m_harness = std::make_unique<ServerHarness>();
    QVERIFY(m_harness->start());
    QVERIFY(startBackend());
}

void tst_ActiveCallController::cleanup()
{
    m_backend.reset();
    m_harness.reset();
}

void tst_ActiveCallController::fullCall()
{
    ActiveCallController call;
    call.setBackend(m_backend.get());
    QSignalSpy ended(&call, &ActiveCallController::callEnded);
    QCOMPARE(call.state(), ActiveCallController::Idle);
    QCOMPARE(call.stateText(), QStringLiteral("Ready"));

    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"), QStringLiteral("agent-7"));
    QCOMPARE(call.state(), ActiveCallController::Dialing);
    QVERIFY(call.inCall());
    QTRY_COMPARE(call.state(), ActiveCallController::Calling);
    const QString id = m_harness->telnyx().lastCallControlId();
    QCOMPARE(call.callControlId(), id);
    QCOMPARE(call.remoteNumber(), QStringLiteral("+15551234567"));

    webhook(QStringLiteral("call.initiated"), id);
    webhook(QStringLiteral("call.ringing"), id);
    QTRY_COMPARE(call.state(), ActiveCallController::Ringing);
    webhook(QStringLiteral("call.answered"), id);
    QTRY_COMPARE(call.state(), ActiveCallController::Connected);
    QCOMPARE(call.stateText(), QStringLiteral("Connected"));
    QCOMPARE(call.elapsedText(), QStringLiteral("0:00"));
    QTRY_COMPARE_WITH_TIMEOUT(call.elapsedSeconds(), 1, 3000);

    call.setMuted(true);
    QTRY_VERIFY(call.isMuted());
    call.toggleMute();
    QTRY_VERIFY(!call.isMuted());

    // A supervisor (here the admin token) whispers: the panel is told who, and when it is over.
    QSignalSpy whisperer(&call, &ActiveCallController::whispererChanged);
    auto whisper =
        m_harness->openWebSocket(QStringLiteral("/whisper?call=%1&token=%2")
                                     .arg(QString::fromLatin1(QUrl::toPercentEncoding(id)), m_harness->token()));
    QVERIFY(whisper);
    QTRY_COMPARE(call.whisperer(), QStringLiteral("admin"));
    whisper->close();
    QTRY_VERIFY(call.whisperer().isEmpty());
    QCOMPARE(whisperer.count(), 2);

    // DTMF: the digit is recorded; the backend either sends it to Telnyx or says it cannot yet.
    call.sendDtmf(QStringLiteral("5"));
    QCOMPARE(call.digitsSent(), QStringLiteral("5"));
    QTRY_VERIFY(!m_harness->telnyx().requestsTo(QStringLiteral("/actions/send_dtmf")).isEmpty() ||
                !call.problem().isEmpty());
    call.sendDtmf(QStringLiteral("x")); // not a key
    QCOMPARE(call.digitsSent(), QStringLiteral("5"));

    // A stray event of another call changes nothing.
    webhook(QStringLiteral("call.hangup"), QStringLiteral("v3:someone-else"), {{"hangup_cause", "user_busy"}});

    call.hangUp();
    QTRY_VERIFY(!m_harness->telnyx().requestsTo(QStringLiteral("/actions/hangup")).isEmpty());
    webhook(QStringLiteral("call.hangup"), id, {{"hangup_cause", "normal_clearing"}, {"hangup_source", "caller"}});
    QTRY_COMPARE(call.state(), ActiveCallController::Ended);
    QCOMPARE(call.endReason(), QStringLiteral("You hung up."));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.at(0).at(1).toString(), QStringLiteral("You hung up."));
    QVERIFY(!call.inCall());

    // Never backwards: a late answer does not revive it.
    webhook(QStringLiteral("call.answered"), id);
    QTest::qWait(200);
    QCOMPARE(call.state(), ActiveCallController::Ended);

    call.reset();
    QCOMPARE(call.state(), ActiveCallController::Idle);
    QCOMPARE(call.callControlId(), QString());
}

void tst_ActiveCallController::webhookOvertakesDial()
{
    // Telnyx answers the dial slowly; its webhooks arrive first.
    m_harness->telnyx().respondNext(
        QStringLiteral("/calls"), 200,
        R"({"data":{"call_control_id":"v3:early","call_leg_id":"leg-early","call_session_id":"s-early"}})", 800);
    ActiveCallController call;
    call.setBackend(m_backend.get());
    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"));
    QTRY_VERIFY(!m_harness->telnyx().requestsTo(QStringLiteral("/calls")).isEmpty());
    webhook(QStringLiteral("call.initiated"), QStringLiteral("v3:early"));
    webhook(QStringLiteral("call.answered"), QStringLiteral("v3:early"));
    QCOMPARE(call.state(), ActiveCallController::Dialing);
    QTRY_COMPARE(call.state(), ActiveCallController::Connected);
    QCOMPARE(call.callControlId(), QStringLiteral("v3:early"));
}

void tst_ActiveCallController::telnyxRefuses()
{
    m_harness->telnyx().respondNext(
        QStringLiteral("/calls"), 422,
        R"({"errors":[{"code":"10015","title":"Invalid destination","detail":"The destination number is not allowed."}]})");
    ActiveCallController call;
    call.setBackend(m_backend.get());
    QSignalSpy failed(&call, &ActiveCallController::callFailed);
    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"));
    QTRY_COMPARE(call.state(), ActiveCallController::Failed);
    QCOMPARE(call.problem(), QStringLiteral("The call could not be placed."));
    QVERIFY2(call.advice().startsWith(QLatin1String("Telnyx refused")), qPrintable(call.advice()));
    QVERIFY2(call.advice().contains(QLatin1String("not allowed")), qPrintable(call.advice()));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!call.inCall());
}

void tst_ActiveCallController::notConfigured()
{
    m_backend.reset();
    QVERIFY(m_harness->start([](Config &c) { c.apiKey.clear(); }));
    QVERIFY(startBackend());
    ActiveCallController call;
    call.setBackend(m_backend.get());
    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"));
    QTRY_COMPARE(call.state(), ActiveCallController::Failed);
    QVERIFY2(call.advice().contains(QLatin1String("API key")), qPrintable(call.advice()));
}

void tst_ActiveCallController::backendUnreachable()
{
    BackendClient nowhere;
    nowhere.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("t"));
    ActiveCallController call;
    call.setBackend(&nowhere);
    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"));
    QTRY_COMPARE(call.state(), ActiveCallController::Failed);
    QVERIFY2(call.advice().contains(QLatin1String("cannot be reached")), qPrintable(call.advice()));
}

void tst_ActiveCallController::hangupWhileDialing()
{
    m_harness->telnyx().respondNext(
        QStringLiteral("/calls"), 200,
        R"({"data":{"call_control_id":"v3:quick","call_leg_id":"leg-q","call_session_id":"s-q"}})", 300);
    ActiveCallController call;
    call.setBackend(m_backend.get());
    call.dial(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"));
    call.hangUp(); // before Telnyx named the call
    QTRY_VERIFY(!m_harness->telnyx().requestsTo(QStringLiteral("/actions/hangup")).isEmpty());
}

void tst_ActiveCallController::adoptAndResync()
{
    const QString id = m_harness->dial(QStringLiteral("+15559998888"));
    webhook(QStringLiteral("call.answered"), id);
    ActiveCallController call;
    call.setBackend(m_backend.get());
    call.adopt(id, QStringLiteral("+15559998888"));
    // Adopting reads the stored record: the call is already answered.
    QTRY_COMPARE(call.state(), ActiveCallController::Connected);
    webhook(QStringLiteral("streaming.failed"), id, {{"failure_reason", "connection_failed"}});
    QTRY_VERIFY(call.problem().contains(QLatin1String("connection_failed")));
    QVERIFY(!call.advice().isEmpty());
}

QTEST_MAIN(tst_ActiveCallController)
#include "tst_activecallcontroller.moc"
