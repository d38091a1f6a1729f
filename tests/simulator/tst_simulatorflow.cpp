// SPDX-License-Identifier: MIT
// The whole flow: the real Switchboard server dialing the Telnyx simulator, which answers with signed webhooks
// and a media stream into Switchboard's /audio-stream. Checked from outside, as a client would: the
// /call-events feed, the /frontend-audio feed and /api/calls/:id.
#include "ServerHarness.h"
#include "SimulatorTestSupport.h"
#include "simulator/TelnyxSimulator.h"
#include "streaming/MediaGateway.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace sb::test;

namespace {

QJsonObject parse(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

class tst_SimulatorFlow : public QObject {
    Q_OBJECT
private slots:
    void cleanup();

    void scenarios_data();
    void scenarios();
    void mediaReachesFrontendAudioBothWays();
    void duplicateWebhooksAppliedOnce();
    void outOfOrderWebhooksLeaveTheCallEnded();
    void refusedWebhooksAreRetried();
    void droppedMediaSocketLeavesTheCallUp();

private:
    bool startBoth(const std::function<void(SimulatorOptions &)> &adjust = {});
    std::unique_ptr<QWebSocket> openCallEvents();
    QStringList callEventTypes(const QString &callControlId) const;
    QJsonObject record(const QString &callControlId);
    void waitUntilSettled(const QString &callControlId);

    std::unique_ptr<TelnyxSimulator> sim;
    std::unique_ptr<ServerHarness> h;
    QList<QByteArray> events; // /call-events frames, in arrival order
};

void tst_SimulatorFlow::cleanup()
{
    h.reset();
    sim.reset();
    events.clear();
}

bool tst_SimulatorFlow::startBoth(const std::function<void(SimulatorOptions &)> &adjust)
{
    SimulatorOptions options;
    options.ringDelayMs = 150;
    options.noAnswerTimeoutMs = 300;
    options.webhookRetryDelaysMs = {50, 100, 200};
    if (adjust)
        adjust(options);
    sim = startSimulator(options);
    if (!sim)
        return false;
    h = std::make_unique<ServerHarness>();
    const bool started = h->start([this](Config &c) {
        c.apiBase = sim->apiBase();
        c.apiKey = sim->apiKey();
        c.applicationId = sim->applicationId();
        c.publicKey = sim->publicKeyBase64();
    });
    if (!started)
        return false;
    sim->setWebhookUrl(h->url(QStringLiteral("/api/calls/telnyx/webhook")));
    return true;
}

std::unique_ptr<QWebSocket> tst_SimulatorFlow::openCallEvents()
{
    return h->openWebSocket(QStringLiteral("/call-events?token=") + h->token(), &events);
}

QStringList tst_SimulatorFlow::callEventTypes(const QString &callControlId) const
{
    QStringList types;
    for (const QByteArray &text : events) {
        const QJsonObject event = parse(text);
        if (event.value(QLatin1String("payload")).toObject().value(QLatin1String("call_control_id")).toString() ==
            callControlId)
            types.append(event.value(QLatin1String("type")).toString());
    }
    return types;
}

QJsonObject tst_SimulatorFlow::record(const QString &callControlId)
{
    return h->get(QStringLiteral("/api/calls/") + callControlId).json.value(QLatin1String("data")).toObject();
}

void tst_SimulatorFlow::waitUntilSettled(const QString &callControlId)
{
    QTRY_COMPARE_WITH_TIMEOUT(sim->call(callControlId)->state, QStringLiteral("ended"), 5000);
    QTRY_COMPARE(sim->pendingWebhooks(), 0);
}

void tst_SimulatorFlow::scenarios_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<int>("callDurationMs");     // the customer hangs up after this; 0 = the agent ends the call
    QTest::addColumn<QStringList>("callEvents"); // call.* types on /call-events, in order
    QTest::addColumn<QStringList>("streamEvents");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("answered");

    const QStringList full{"call.initiated", "call.answered", "call.hangup"};
    const QStringList unanswered{"call.initiated", "call.hangup"};
    const QStringList streamed{"streaming.started", "streaming.stopped"};
    QTest::newRow("customer hangs up") << "+15551234567" << 1100 << full << streamed << "normal_clearing"
                                       << "callee" << true;
    QTest::newRow("agent hangs up") << "+15551234567" << 0 << full << streamed << "normal_clearing"
                                    << "caller" << true;
    QTest::newRow("busy") << "+15551230486" << 0 << unanswered << QStringList() << "user_busy"
                          << "callee" << false;
    QTest::newRow("no answer") << "+15551230408" << 0 << unanswered << QStringList() << "timeout"
                               << "caller" << false;
    QTest::newRow("rejected") << "+15551230603" << 0 << unanswered << QStringList() << "call_rejected"
                              << "callee" << false;
    QTest::newRow("streaming failed") << "+15551230502" << 0 << full << QStringList{"streaming.failed"}
                                      << "normal_clearing"
                                      << "caller" << true;
    QTest::newRow("long call") << "+15551230777" << 0 << full << streamed << "normal_clearing"
                               << "caller" << true;
}

void tst_SimulatorFlow::scenarios()
{
    QFETCH(QString, number);
    QFETCH(int, callDurationMs);
    QFETCH(QStringList, callEvents);
    QFETCH(QStringList, streamEvents);
    QFETCH(QString, cause);
    QFETCH(QString, source);
    QFETCH(bool, answered);

    QVERIFY(startBoth([callDurationMs](SimulatorOptions &o) { o.callDurationMs = callDurationMs; }));
    auto ws = openCallEvents();
    QVERIFY(ws);
    const QString id = h->dial(number);
    QVERIFY(!id.isEmpty());

    if (answered && callDurationMs == 0) {
        // The agent ends the call through Switchboard once it has been answered (and streams, when it does).
        QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("call.answered")));
        if (streamEvents.contains(QLatin1String("streaming.started")))
            QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("streaming.started")));
        else
            QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("streaming.failed")));
        QCOMPARE(record(id).value(QLatin1String("status")).toString(), QStringLiteral("answered"));
        const auto end =
            h->postJson(QStringLiteral("/api/calls/telnyx/end"), {{QStringLiteral("call_control_id"), id}});
        QCOMPARE(end.status, 200);
    }
    waitUntilSettled(id);
    QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("call.hangup")));

    const QStringList types = callEventTypes(id);
    QStringList calls;
    QStringList streams;
    for (const QString &type : types)
        (type.startsWith(QLatin1String("call.")) ? calls : streams).append(type);
    QCOMPARE(calls, callEvents);
    QCOMPARE(streams, streamEvents);
    // Streaming happens between answer and hangup.
    for (const QString &type : std::as_const(streams)) {
        QVERIFY(types.indexOf(type) > types.indexOf(QLatin1String("call.answered")));
        QVERIFY(types.indexOf(type) < types.indexOf(QLatin1String("call.hangup")));
    }

    const QJsonObject call = record(id);
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ended"));
    QCOMPARE(call.value(QLatin1String("hangupCause")).toString(), cause);
    QCOMPARE(call.value(QLatin1String("hangupSource")).toString(), source);
    QCOMPARE(call.value(QLatin1String("to")).toString(), number);
    QVERIFY(call.value(QLatin1String("durationSeconds")).isDouble());
    if (answered) {
        QVERIFY(call.value(QLatin1String("answeredAt")).isString());
        if (callDurationMs > 0)
            QCOMPARE(call.value(QLatin1String("durationSeconds")).toInt(), callDurationMs / 1000);
    } else {
        QCOMPARE(call.value(QLatin1String("answeredAt")), QJsonValue(QJsonValue::Null));
        QCOMPARE(call.value(QLatin1String("durationSeconds")).toInt(), 0);
    }
    // Every webhook the simulator sent is stored once, in the call's history.
    QCOMPARE(call.value(QLatin1String("events")).toArray().size(), types.size());
}

void tst_SimulatorFlow::mediaReachesFrontendAudioBothWays()
{
    QVERIFY(startBoth());
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?tracks=both&token=") + h->token(), &heard);
    QVERIFY(listener);
    const QString id = h->dial();
    QTRY_VERIFY(h->server()->media()->streamingCalls().contains(id));

    // The agent's microphone goes back on the stream; the simulator echoes it as the outbound track.
    const QByteArray voice(160, char(0x5A));
    QSignalSpy agentAudio(sim.get(), &TelnyxSimulator::agentAudio);
    QVERIFY(h->server()->media()->sendMicrophone(id, voice));
    QTRY_VERIFY(!agentAudio.isEmpty());
    QCOMPARE(agentAudio.at(0).at(1).toByteArray(), voice);
    QTest::qWait(500);

    const auto end = h->postJson(QStringLiteral("/api/calls/telnyx/end"), {{QStringLiteral("call_control_id"), id}});
    QCOMPARE(end.status, 200);
    waitUntilSettled(id);

    QStringList kinds;
    int inbound = 0;
    int outbound = 0;
    for (const QByteArray &text : std::as_const(heard)) {
        const QJsonObject frame = parse(text);
        const QString event = frame.value(QLatin1String("event")).toString();
        if (event == QLatin1String("media")) {
            const QString track =
                frame.value(QLatin1String("media")).toObject().value(QLatin1String("track")).toString();
            inbound += track == QLatin1String("inbound") ? 1 : 0;
            if (track == QLatin1String("outbound")) {
                ++outbound;
                QCOMPARE(frame.value(QLatin1String("media")).toObject().value(QLatin1String("payload")).toString(),
                         QString::fromLatin1(voice.toBase64()));
            }
        } else if (kinds.isEmpty() || kinds.constLast() != event) {
            kinds.append(event);
        }
    }
    QTRY_VERIFY(!heard.isEmpty());
    QCOMPARE(kinds.first(), QStringLiteral("connected")); // the fan-out's own greeting
    QVERIFY2(kinds.contains(QLatin1String("start")), qPrintable(kinds.join(',')));
    QTRY_VERIFY([&] {
        for (const QByteArray &text : std::as_const(heard)) {
            if (parse(text).value(QLatin1String("event")).toString() == QLatin1String("stop"))
                return true;
        }
        return false;
    }());
    QVERIFY2(inbound >= 20, qPrintable(QString::number(inbound))); // over half a second of the customer
    QCOMPARE(outbound, 1);
}

void tst_SimulatorFlow::duplicateWebhooksAppliedOnce()
{
    QVERIFY(startBoth([](SimulatorOptions &o) {
        o.callDurationMs = 400;
        o.faults.duplicateWebhooks = true;
    }));
    auto ws = openCallEvents();
    QVERIFY(ws);
    QSignalSpy delivered(sim.get(), &TelnyxSimulator::webhookDelivered);
    const QString id = h->dial();
    waitUntilSettled(id);
    QTest::qWait(100);

    // Each event was delivered (and acknowledged) twice, but stored and broadcast once.
    QSet<QString> ids;
    for (const auto &args : std::as_const(delivered))
        ids.insert(args.at(1).toString());
    QCOMPARE(delivered.size(), 2 * int(ids.size()));
    const QStringList types = callEventTypes(id);
    QCOMPARE(types.size(), ids.size());
    QCOMPARE(types.count(QStringLiteral("call.answered")), 1);
    const QJsonObject call = record(id);
    QCOMPARE(call.value(QLatin1String("events")).toArray().size(), ids.size());
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ended"));
}

void tst_SimulatorFlow::outOfOrderWebhooksLeaveTheCallEnded()
{
    QVERIFY(startBoth([](SimulatorOptions &o) {
        o.callDurationMs = 1100;
        o.faults.outOfOrderWebhooks = true;
    }));
    auto ws = openCallEvents();
    QVERIFY(ws);
    const QString id = h->dial();
    waitUntilSettled(id);
    QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("call.initiated")));

    const QStringList types = callEventTypes(id);
    QCOMPARE(types.first(), QStringLiteral("call.hangup")); // newest first
    QVERIFY(types.indexOf(QLatin1String("call.answered")) > 0);
    const QJsonObject call = record(id);
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ended")); // never back to answered
    QCOMPARE(call.value(QLatin1String("hangupCause")).toString(), QStringLiteral("normal_clearing"));
    QCOMPARE(call.value(QLatin1String("durationSeconds")).toInt(), 1); // the late `answered` still counts
}

void tst_SimulatorFlow::refusedWebhooksAreRetried()
{
    QVERIFY(startBoth([](SimulatorOptions &o) {
        o.callDurationMs = 300;
        o.faults.badSignatureAttempts = 1;
    }));
    auto ws = openCallEvents();
    QVERIFY(ws);
    QSignalSpy failed(sim.get(), &TelnyxSimulator::webhookAttemptFailed);
    QSignalSpy delivered(sim.get(), &TelnyxSimulator::webhookDelivered);
    const QString id = h->dial();
    waitUntilSettled(id);

    // Switchboard refused every first attempt (bad signature: 401) and accepted the retry.
    QVERIFY(!delivered.isEmpty());
    QCOMPARE(failed.size(), delivered.size());
    for (const auto &args : std::as_const(failed))
        QCOMPARE(args.at(3).toInt(), 401);
    for (const auto &args : std::as_const(delivered))
        QCOMPARE(args.at(2).toInt(), 2);
    QTRY_COMPARE(callEventTypes(id).size(), int(delivered.size()));
    const QJsonObject call = record(id);
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ended"));
    QCOMPARE(call.value(QLatin1String("events")).toArray().size(), delivered.size());
}

void tst_SimulatorFlow::droppedMediaSocketLeavesTheCallUp()
{
    QVERIFY(startBoth([](SimulatorOptions &o) { o.faults.dropMediaSocketAfterMs = 300; }));
    auto ws = openCallEvents();
    QVERIFY(ws);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QVERIFY(listener);
    const QString id = h->dial();
    QTRY_VERIFY(callEventTypes(id).contains(QLatin1String("streaming.stopped")));
    QTRY_VERIFY(!h->server()->media()->streamingCalls().contains(id));
    QCOMPARE(record(id).value(QLatin1String("status")).toString(), QStringLiteral("answered"));

    const auto end = h->postJson(QStringLiteral("/api/calls/telnyx/end"), {{QStringLiteral("call_control_id"), id}});
    QCOMPARE(end.status, 200);
    waitUntilSettled(id);
    QTRY_COMPARE(record(id).value(QLatin1String("status")).toString(), QStringLiteral("ended"));
    QCOMPARE(callEventTypes(id).count(QStringLiteral("streaming.stopped")), 1);
}

QTEST_GUILESS_MAIN(tst_SimulatorFlow)
#include "tst_simulatorflow.moc"
