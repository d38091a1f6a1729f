// SPDX-License-Identifier: MIT
// The Telnyx simulator's REST API and webhooks, over real sockets: Telnyx's paths, Bearer check and error shapes,
// signed webhooks in order, their retries, and the webhook faults. The media stream is tst_simulatormedia.
#include "SimulatorTestSupport.h"
#include "simulator/TelnyxSimulator.h"

#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace sb::test;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_TelnyxSimulator : public QObject, private SimulatorFixture {
    Q_OBJECT
private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void scenarioTable_data();
    void scenarioTable();
    void bearerKeyRequired();
    void dialRefusals_data();
    void dialRefusals();
    void dialAnswersLikeTelnyx();
    void dialCommandIdIsIdempotent();
    void actionsOnUnknownAndEndedCalls();
    void actionRefusals_data();
    void actionRefusals();
    void webhooksSignedShapedAndInOrder();
    void busyAndRejectedNeverAnswer();
    void hangupWhileRingingIsOriginatorCancel();
    void webhookRetriedAfterErrorAnswer();
    void webhookRetriedWhenReceiverTooSlow();
    void webhookGivenUpAfterRetries();
    void duplicateAndOutOfOrderFaults();
};

void tst_TelnyxSimulator::scenarioTable_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("scenario");
    QTest::newRow("default") << kTo << "answered";
    QTest::newRow("busy") << "+15551230486"
                          << "busy";
    QTest::newRow("no answer") << "+15551230408"
                               << "no_answer";
    QTest::newRow("rejected") << "+15551230603"
                              << "rejected";
    QTest::newRow("streaming failed") << "+15551230502"
                                      << "streaming_failed";
    QTest::newRow("long call") << "+15551230777"
                               << "long_call";
    QTest::newRow("dtmf suffix ignored") << "+15551230486,12#"
                                         << "busy";
    QTest::newRow("sip uri") << "sip:alice@example.com"
                             << "answered";
}

void tst_TelnyxSimulator::scenarioTable()
{
    QFETCH(QString, number);
    QFETCH(QString, scenario);
    QCOMPARE(simScenarioName(simScenarioForNumber(number)), scenario);
    QCOMPARE(simScenarioFromName(scenario), simScenarioForNumber(number));
}

void tst_TelnyxSimulator::bearerKeyRequired()
{
    QVERIFY(start());
    const QUrl calls(sim->apiBase().toString() + QStringLiteral("/calls"));
    for (const QString &key : {QString(), QStringLiteral("KEY_wrong")}) {
        const Reply r = request(*network, "POST", calls, json(dialBody()), key);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.firstError().value(QLatin1String("code")).toString(), QStringLiteral("10009"));
        QVERIFY(!r.firstError().value(QLatin1String("title")).toString().isEmpty());
    }
    QVERIFY(sim->callIds().isEmpty());
    const Reply unknownPath =
        request(*network, "GET", QUrl(sim->apiBase().toString() + QStringLiteral("/nothing")), {}, sim->apiKey());
    QCOMPARE(unknownPath.status, 404);
    QCOMPARE(unknownPath.firstError().value(QLatin1String("code")).toString(), QStringLiteral("10005"));
}

void tst_TelnyxSimulator::dialRefusals_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value"); // undefined = removed
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("pointer");

    const QJsonValue removed(QJsonValue::Undefined);
    QTest::newRow("no connection_id") << "connection_id" << removed << 422 << "10004"
                                      << "/connection_id";
    QTest::newRow("no to") << "to" << removed << 422 << "10004"
                           << "/to";
    QTest::newRow("blank to") << "to" << QJsonValue(QStringLiteral(" ")) << 422 << "10004"
                              << "/to";
    QTest::newRow("no from") << "from" << removed << 422 << "10004"
                             << "/from";
    QTest::newRow("other connection_id") << "connection_id" << QJsonValue(QStringLiteral("123")) << 422 << "10015"
                                         << "/connection_id";
    QTest::newRow("to without plus") << "to" << QJsonValue(QStringLiteral("15551234567")) << 422 << "10016"
                                     << "/to";
    QTest::newRow("to leading zero") << "to" << QJsonValue(QStringLiteral("+05551234567")) << 422 << "10016"
                                     << "/to";
    QTest::newRow("to too long") << "to" << QJsonValue(QStringLiteral("+1234567890123456")) << 422 << "10016"
                                 << "/to";
    QTest::newRow("to number") << "to" << QJsonValue(15551234567.0) << 422 << "10016"
                               << "/to";
    QTest::newRow("from sip") << "from" << QJsonValue(QStringLiteral("sip:a@b.c")) << 422 << "10016"
                              << "/from";
    QTest::newRow("stream_track") << "stream_track" << QJsonValue(QStringLiteral("both")) << 422 << "10032"
                                  << "/stream_track";
    QTest::newRow("mode case") << "stream_bidirectional_mode" << QJsonValue(QStringLiteral("RTP")) << 422 << "10032"
                               << "/stream_bidirectional_mode";
    QTest::newRow("codec case") << "stream_bidirectional_codec" << QJsonValue(QStringLiteral("pcmu")) << 422 << "10032"
                                << "/stream_bidirectional_codec";
    QTest::newRow("stream_codec") << "stream_codec" << QJsonValue(QStringLiteral("G729")) << 422 << "10032"
                                  << "/stream_codec";
    QTest::newRow("sampling rate") << "stream_bidirectional_sampling_rate" << QJsonValue(44100) << 422 << "10032"
                                   << "/stream_bidirectional_sampling_rate";
    QTest::newRow("target legs") << "stream_bidirectional_target_legs" << QJsonValue(QStringLiteral("all")) << 422
                                 << "10032"
                                 << "/stream_bidirectional_target_legs";
    QTest::newRow("stream_url http") << "stream_url" << QJsonValue(QStringLiteral("http://x.example/a")) << 422
                                     << "10015"
                                     << "/stream_url";
    QTest::newRow("client_state") << "client_state" << QJsonValue(QStringLiteral("not base64!")) << 422 << "10015"
                                  << "/client_state";
    QTest::newRow("timeout_secs") << "timeout_secs" << QJsonValue(3) << 422 << "10033"
                                  << "/timeout_secs";
    QTest::newRow("time_limit_secs") << "time_limit_secs" << QJsonValue(20000) << 422 << "10033"
                                     << "/time_limit_secs";
    // Numbers beyond every integer type (fuzz_simulator_requests: they were cast to int, undefined behaviour).
    QTest::newRow("sampling rate huge") << "stream_bidirectional_sampling_rate" << QJsonValue(1.6e24) << 422 << "10032"
                                        << "/stream_bidirectional_sampling_rate";
    QTest::newRow("sampling rate fraction")
        << "stream_bidirectional_sampling_rate" << QJsonValue(8000.5) << 422 << "10032"
        << "/stream_bidirectional_sampling_rate";
    QTest::newRow("timeout_secs huge") << "timeout_secs" << QJsonValue(1e300) << 422 << "10033"
                                       << "/timeout_secs";
    QTest::newRow("timeout_secs fraction") << "timeout_secs" << QJsonValue(30.5) << 422 << "10015"
                                           << "/timeout_secs";
}

void tst_TelnyxSimulator::dialRefusals()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, pointer);
    QVERIFY(start());
    QJsonObject body = dialBody();
    if (value.isUndefined())
        body.remove(field);
    else
        body.insert(field, value);
    const Reply r = post(QStringLiteral("/calls"), body);
    QCOMPARE(r.status, status);
    const QJsonObject error = r.firstError();
    QCOMPARE(error.value(QLatin1String("code")).toString(), code); // a string of digits, as Telnyx sends it
    QVERIFY(!error.value(QLatin1String("title")).toString().isEmpty());
    QVERIFY(!error.value(QLatin1String("detail")).toString().isEmpty());
    QCOMPARE(error.value(QLatin1String("source")).toObject().value(QLatin1String("pointer")).toString(), pointer);
    QVERIFY(sim->callIds().isEmpty());
    QTest::qWait(50);
    QVERIFY(sink->deliveries.isEmpty());
}

void tst_TelnyxSimulator::dialAnswersLikeTelnyx()
{
    QVERIFY(start());
    const Reply r = post(QStringLiteral("/calls"), dialBody());
    QCOMPARE(r.status, 200);
    const QJsonObject data = r.data();
    const QString id = data.value(QLatin1String("call_control_id")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^v3:[A-Za-z0-9_-]{43}$")).match(id).hasMatch(), qPrintable(id));
    const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    QVERIFY(uuid.match(data.value(QLatin1String("call_leg_id")).toString()).hasMatch());
    QVERIFY(uuid.match(data.value(QLatin1String("call_session_id")).toString()).hasMatch());
    QCOMPARE(data.value(QLatin1String("is_alive")), QJsonValue(false));
    QCOMPARE(data.value(QLatin1String("record_type")).toString(), QStringLiteral("call"));
    QCOMPARE(sim->callIds(), QStringList{id});

    // Bad JSON is refused before anything else is looked at.
    QUrl calls(sim->apiBase().toString() + QStringLiteral("/calls"));
    const Reply bad = request(*network, "POST", calls, "{not json", sim->apiKey());
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.firstError().value(QLatin1String("code")).toString(), QStringLiteral("10015"));

    // The call's status can be read back.
    const Reply status = request(*network, "GET", QUrl(calls.toString() + QLatin1Char('/') + id), {}, sim->apiKey());
    QCOMPARE(status.status, 200);
    QCOMPARE(status.data().value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(status.data().value(QLatin1String("is_alive")), QJsonValue(true));
}

void tst_TelnyxSimulator::dialCommandIdIsIdempotent()
{
    QVERIFY(start());
    QJsonObject body = dialBody();
    body.insert(QStringLiteral("command_id"), QStringLiteral("9b0f3c52-1111-4c7e-9a51-0d2f3b7c8e11"));
    const QString first = dial(body);
    const QString second = dial(body);
    QVERIFY(!first.isEmpty());
    QCOMPARE(second, first);
    QCOMPARE(sim->callIds().size(), 1);
    body.insert(QStringLiteral("command_id"), QStringLiteral("9b0f3c52-2222-4c7e-9a51-0d2f3b7c8e11"));
    QVERIFY(dial(body) != first);
}

void tst_TelnyxSimulator::actionsOnUnknownAndEndedCalls()
{
    QVERIFY(start());
    const QString id = dial(dialBody());
    QVERIFY(!id.isEmpty());

    Reply r = post(QStringLiteral("/calls/v3:nobody/actions/hangup"), {});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.firstError().value(QLatin1String("code")).toString(), QStringLiteral("90015"));

    r = post(QStringLiteral("/calls/%1/actions/bridge").arg(id), {{QStringLiteral("call_control_id"), id}});
    QCOMPARE(r.status, 404); // not simulated
    // A dialed call nobody has answered has nothing to hand on (incoming calls: tst_simulatorincoming).
    r = post(QStringLiteral("/calls/%1/actions/transfer").arg(id), {{QStringLiteral("to"), kTo}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.firstError().value(QLatin1String("code")).toString(), QStringLiteral("90034"));

    r = post(QStringLiteral("/calls/%1/actions/suppression_start").arg(id), {{QStringLiteral("direction"), "both"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json, QJsonObject({{QStringLiteral("data"), QJsonObject{{QStringLiteral("result"), "ok"}}}}));
    QCOMPARE(sim->call(id)->noiseSuppression, QStringLiteral("both"));

    // The id percent-encoded in the path, as Telnyx's SDKs may send it.
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(id));
    QVERIFY(encoded.contains(QLatin1String("%3A")));
    r = post(QStringLiteral("/calls/%1/actions/hangup").arg(encoded), {});
    QCOMPARE(r.status, 200);
    QCOMPARE(sim->call(id)->state, QStringLiteral("ended"));
    QCOMPARE(sim->call(id)->hangupCause, QStringLiteral("originator_cancel")); // still ringing

    for (const QString &action : {QStringLiteral("hangup"), QStringLiteral("suppression_stop"),
                                  QStringLiteral("send_dtmf"), QStringLiteral("streaming_stop")}) {
        r = post(QStringLiteral("/calls/%1/actions/%2").arg(id, action), {{QStringLiteral("digits"), "1"}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.firstError().value(QLatin1String("code")).toString(), QStringLiteral("90018"));
    }
}

void tst_TelnyxSimulator::actionRefusals_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<bool>("answered");
    QTest::addColumn<QString>("code");
    QTest::newRow("suppression direction")
        << "suppression_start" << QJsonObject{{"direction", "sideways"}} << false << "10032";
    QTest::newRow("dtmf missing") << "send_dtmf" << QJsonObject{} << true << "10004";
    QTest::newRow("dtmf bad digit") << "send_dtmf" << QJsonObject{{"digits", "12x"}} << true << "10015";
    QTest::newRow("dtmf duration") << "send_dtmf" << QJsonObject{{"digits", "1"}, {"duration_millis", 50}} << true
                                   << "10033";
    QTest::newRow("dtmf before answer") << "send_dtmf" << QJsonObject{{"digits", "1"}} << false << "90034";
    QTest::newRow("stream no url") << "streaming_start" << QJsonObject{} << true << "10004";
    QTest::newRow("stream track") << "streaming_start"
                                  << QJsonObject{{"stream_url", "ws://127.0.0.1:1/x"}, {"stream_track", "all"}} << true
                                  << "10032";
    QTest::newRow("client_state") << "suppression_stop" << QJsonObject{{"client_state", "%%%"}} << false << "10015";
}

void tst_TelnyxSimulator::actionRefusals()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, body);
    QFETCH(bool, answered);
    QFETCH(QString, code);
    QVERIFY(start());
    QJsonObject dialRequest = dialBody();
    dialRequest.remove(QStringLiteral("stream_url"));
    const QString id = dial(dialRequest);
    if (answered)
        QTRY_COMPARE(sim->call(id)->state, QStringLiteral("answered"));
    const Reply r = post(QStringLiteral("/calls/%1/actions/%2").arg(id, action), body);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.firstError().value(QLatin1String("code")).toString(), code);
}

void tst_TelnyxSimulator::webhooksSignedShapedAndInOrder()
{
    QVERIFY(start([](SimulatorOptions &o) { o.callDurationMs = 400; }));
    QSignalSpy ended(sim.get(), &TelnyxSimulator::callEnded);
    const QJsonObject body = dialBody();
    const QString id = dial(body);
    QVERIFY(ended.wait(3000));
    QTRY_COMPARE(sim->pendingWebhooks(), 0);
    QCOMPARE(sink->types(),
             (QStringList{"call.initiated", "call.answered", "streaming.started", "streaming.stopped", "call.hangup"}));

    const QRegularExpression isoMicros(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$)"));
    QSet<QString> ids;
    for (const Delivery &d : std::as_const(sink->deliveries)) {
        QVERIFY2(signatureValid(d, sim->publicKeyBase64()), qPrintable(d.type()));
        QVERIFY(qAbs(d.timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) <= 5);
        QCOMPARE(d.contentType, QByteArray("application/json"));
        QCOMPARE(d.json.keys(), (QStringList{"data", "meta"}));
        QCOMPARE(d.data().value(QLatin1String("record_type")).toString(), QStringLiteral("event"));
        QVERIFY(isoMicros.match(d.data().value(QLatin1String("occurred_at")).toString()).hasMatch());
        QCOMPARE(d.attempt(), 1);
        QCOMPARE(d.json.value(QLatin1String("meta")).toObject().value(QLatin1String("delivered_to")).toString(),
                 sink->url().toString());
        const QJsonObject p = d.payload();
        QCOMPARE(p.value(QLatin1String("call_control_id")).toString(), id);
        QCOMPARE(p.value(QLatin1String("connection_id")).toString(), sim->applicationId());
        QCOMPARE(p.value(QLatin1String("client_state")), body.value(QLatin1String("client_state")));
        QVERIFY(!p.value(QLatin1String("call_leg_id")).toString().isEmpty());
        QVERIFY(!p.value(QLatin1String("call_session_id")).toString().isEmpty());
        ids.insert(d.id());
    }
    QCOMPARE(ids.size(), sink->deliveries.size()); // one fresh UUID per event

    const QJsonObject initiated = sink->deliveries.at(0).payload();
    QCOMPARE(initiated.value(QLatin1String("direction")).toString(), QStringLiteral("outgoing"));
    QCOMPARE(initiated.value(QLatin1String("state")).toString(), QStringLiteral("bridging"));
    QCOMPARE(initiated.value(QLatin1String("to")).toString(), kTo);
    QCOMPARE(initiated.value(QLatin1String("from")).toString(), kFrom);
    QVERIFY(isoMicros.match(initiated.value(QLatin1String("start_time")).toString()).hasMatch());
    QCOMPARE(sink->deliveries.at(1).payload().value(QLatin1String("state")).toString(), QStringLiteral("answered"));
    QCOMPARE(sink->deliveries.at(2).payload().value(QLatin1String("stream_url")).toString(), media->url().toString());

    const QJsonObject hangup = sink->deliveries.at(4).payload();
    QCOMPARE(hangup.value(QLatin1String("state")).toString(), QStringLiteral("hangup"));
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("normal_clearing"));
    QCOMPARE(hangup.value(QLatin1String("hangup_source")).toString(), QStringLiteral("callee"));
    QCOMPARE(hangup.value(QLatin1String("sip_hangup_cause")).toString(), QStringLiteral("200"));
    QVERIFY(isoMicros.match(hangup.value(QLatin1String("end_time")).toString()).hasMatch());
    const QJsonObject stats = hangup.value(QLatin1String("call_quality_stats")).toObject();
    const QJsonObject inbound = stats.value(QLatin1String("inbound")).toObject();
    QVERIFY(inbound.value(QLatin1String("packet_count")).toString().toInt() >= 10); // ~400 ms of 20 ms frames
    QCOMPARE(inbound.value(QLatin1String("skip_packet_count")).toString(), QStringLiteral("0"));
    QCOMPARE(inbound.value(QLatin1String("mos")).toString(), QStringLiteral("4.50"));
    QVERIFY(stats.value(QLatin1String("outbound")).toObject().value(QLatin1String("packet_count")).isString());
}

void tst_TelnyxSimulator::busyAndRejectedNeverAnswer()
{
    QVERIFY(start());
    QSignalSpy ended(sim.get(), &TelnyxSimulator::callEnded);
    dial(dialBody(QStringLiteral("+15551230486")));
    dial(dialBody(QStringLiteral("+15551230603")));
    QTRY_COMPARE(ended.size(), 2);
    QTRY_COMPARE(sim->pendingWebhooks(), 0);
    QCOMPARE(sink->ofType(QStringLiteral("call.answered")).size(), 0);
    QCOMPARE(sink->ofType(QStringLiteral("streaming.started")).size(), 0);
    QStringList causes;
    for (const Delivery &d : sink->ofType(QStringLiteral("call.hangup"))) {
        const QJsonObject p = d.payload();
        causes.append(p.value(QLatin1String("hangup_cause")).toString() + QLatin1Char('/') +
                      p.value(QLatin1String("hangup_source")).toString() + QLatin1Char('/') +
                      p.value(QLatin1String("sip_hangup_cause")).toString());
        QCOMPARE(p.value(QLatin1String("call_quality_stats")), QJsonValue(QJsonValue::Null));
    }
    causes.sort();
    QCOMPARE(causes, (QStringList{"call_rejected/callee/603", "user_busy/callee/486"}));
    QVERIFY(media->frames.isEmpty());
}

void tst_TelnyxSimulator::hangupWhileRingingIsOriginatorCancel()
{
    QVERIFY(start([](SimulatorOptions &o) {
        o.scenario = SimScenario::NoAnswer;
        o.noAnswerTimeoutMs = 0; // the dial's timeout_secs
    }));
    QJsonObject body = dialBody();
    body.insert(QStringLiteral("timeout_secs"), 5);
    const QString id = dial(body);
    QTest::qWait(150);
    QCOMPARE(sim->call(id)->state, QStringLiteral("ringing"));
    QCOMPARE(post(QStringLiteral("/calls/%1/actions/hangup").arg(id), {}).status, 200);
    QTRY_COMPARE(sink->types(), (QStringList{"call.initiated", "call.hangup"}));
    const QJsonObject p = sink->deliveries.at(1).payload();
    QCOMPARE(p.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("originator_cancel"));
    QCOMPARE(p.value(QLatin1String("hangup_source")).toString(), QStringLiteral("caller"));
}

void tst_TelnyxSimulator::webhookRetriedAfterErrorAnswer()
{
    // A long ring: no call.answered may arrive while the retries of call.initiated are counted.
    QVERIFY(start([](SimulatorOptions &o) { o.ringDelayMs = 5000; }));
    sink->scriptAnswer(500);
    sink->scriptAnswer(503);
    QSignalSpy failed(sim.get(), &TelnyxSimulator::webhookAttemptFailed);
    QSignalSpy delivered(sim.get(), &TelnyxSimulator::webhookDelivered);
    QJsonObject body = dialBody();
    body.remove(QStringLiteral("stream_url"));
    dial(body);
    QTRY_VERIFY(!delivered.isEmpty());
    QCOMPARE(failed.size(), 2);
    QCOMPARE(failed.at(0).at(3).toInt(), 500);
    QCOMPARE(failed.at(1).at(3).toInt(), 503);
    QCOMPARE(delivered.at(0).at(0).toString(), QStringLiteral("call.initiated"));
    QCOMPARE(delivered.at(0).at(2).toInt(), 3);

    // Three deliveries of one event: the same id, attempt 1, 2, 3, each signed anew.
    QCOMPARE(sink->deliveries.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const Delivery &d = sink->deliveries.at(i);
        QCOMPARE(d.type(), QStringLiteral("call.initiated"));
        QCOMPARE(d.id(), sink->deliveries.at(0).id());
        QCOMPARE(d.attempt(), i + 1);
        QVERIFY(signatureValid(d, sim->publicKeyBase64()));
    }
    // The call's later events wait their turn behind the retried one (the ring alone lasts 5 s).
    QTRY_COMPARE_WITH_TIMEOUT(sink->types().mid(3), (QStringList{"call.answered"}), 10000);
}

void tst_TelnyxSimulator::webhookRetriedWhenReceiverTooSlow()
{
    QVERIFY(start([](SimulatorOptions &o) { o.webhookTimeoutMs = 150; }));
    sink->scriptAnswer(200, 600); // answers, but after the deadline
    QSignalSpy failed(sim.get(), &TelnyxSimulator::webhookAttemptFailed);
    QSignalSpy delivered(sim.get(), &TelnyxSimulator::webhookDelivered);
    QJsonObject body = dialBody();
    body.remove(QStringLiteral("stream_url"));
    dial(body);
    QTRY_VERIFY(!delivered.isEmpty());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(3).toInt(), 0); // no answer in time
    QCOMPARE(delivered.at(0).at(2).toInt(), 2);
    QCOMPARE(sink->deliveries.at(1).attempt(), 2);
}

void tst_TelnyxSimulator::webhookGivenUpAfterRetries()
{
    QVERIFY(start([](SimulatorOptions &o) { o.webhookRetryDelaysMs = {20, 20}; }));
    sink->setAlwaysAnswer(500);
    QSignalSpy gaveUp(sim.get(), &TelnyxSimulator::webhookGaveUp);
    QJsonObject body = dialBody();
    body.remove(QStringLiteral("stream_url"));
    dial(body);
    QTRY_VERIFY(!gaveUp.isEmpty());
    QCOMPARE(gaveUp.at(0).at(0).toString(), QStringLiteral("call.initiated"));
    QCOMPARE(gaveUp.at(0).at(2).toInt(), 3);
    sink->setAlwaysAnswer(200);
    QTRY_VERIFY(sink->types().contains(QStringLiteral("call.answered"))); // the lane moved on
}

void tst_TelnyxSimulator::duplicateAndOutOfOrderFaults()
{
    QVERIFY(start([](SimulatorOptions &o) {
        o.callDurationMs = 200;
        o.faults.duplicateWebhooks = true;
        o.faults.outOfOrderWebhooks = true;
    }));
    QJsonObject body = dialBody();
    body.remove(QStringLiteral("stream_url"));
    dial(body);
    QSignalSpy ended(sim.get(), &TelnyxSimulator::callEnded);
    QVERIFY(ended.wait(3000));
    QTRY_COMPARE(sim->pendingWebhooks(), 0);
    // Newest first, each twice with the same data.id.
    QCOMPARE(sink->types(), (QStringList{"call.hangup", "call.hangup", "call.answered", "call.answered",
                                         "call.initiated", "call.initiated"}));
    for (int i = 0; i < 6; i += 2)
        QCOMPARE(sink->deliveries.at(i).id(), sink->deliveries.at(i + 1).id());
}

QTEST_GUILESS_MAIN(tst_TelnyxSimulator)
#include "tst_telnyxsimulator.moc"
