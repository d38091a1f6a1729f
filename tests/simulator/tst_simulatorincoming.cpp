// SPDX-License-Identifier: MIT
// Incoming calls in the Telnyx simulator (PROTOCOL §7), over real sockets: the signed call.initiated of a parked
// call, then answer (with the media stream), reject, transfer, the caller giving up, the actions refused before an
// answer, GET of an ended call, POST /v2/simulator/incoming and the demo's calls every so often.
#include "SimulatorTestSupport.h"
#include "simulator/SimulatorRequests.h"
#include "simulator/TelnyxSimulator.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using namespace sb;
using namespace sb::test;

namespace {

const QString kCustomer = QStringLiteral("+18124040851");
const QString kOurNumber = QStringLiteral("+13057864498");

QString errorCode(const Reply &reply)
{
    return reply.firstError().value(QLatin1String("code")).toString();
}

bool isUuid(const QString &text)
{
    return !QUuid::fromString(text).isNull() && !text.startsWith(QLatin1Char('{'));
}

} // namespace

class tst_SimulatorIncoming : public QObject, private SimulatorFixture {
    Q_OBJECT
private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void callInitiatedIsSignedAndParked();
    void restRoutePlacesACall();
    void restRouteRefusals();
    void answerOpensTheStream();
    void secondAnswerAndEndedCall();
    void reject_data();
    void reject();
    void rejectRefusals();
    void transferHandsTheCallOn();
    void callerGivesUp();
    void actionsBeforeAnswer_data();
    void actionsBeforeAnswer();
    void hangupWhileParkedDeclines();
    void getCarriesEndTime();
    void demoCallsEverySoOften();

private:
    QString ringAndWait(int giveUpAfterMs = 0);
    Reply action(const QString &id, const QString &name, const QJsonObject &body = {});
    Delivery waitFor(const QString &type, int count = 1);
    QJsonObject answerBody() const;
};

QString tst_SimulatorIncoming::ringAndWait(int giveUpAfterMs)
{
    const QString id = sim->placeIncomingCall(kCustomer, kOurNumber, QStringLiteral("Pat Doe"), giveUpAfterMs);
    if (!id.isEmpty())
        waitFor(QStringLiteral("call.initiated"));
    return id;
}

Reply tst_SimulatorIncoming::action(const QString &id, const QString &name, const QJsonObject &body)
{
    return post(QStringLiteral("/calls/%1/actions/%2").arg(id, name), body);
}

Delivery tst_SimulatorIncoming::waitFor(const QString &type, int count)
{
    if (!QTest::qWaitFor([&] { return sink->ofType(type).size() >= count; }, 5000))
        return Delivery(); // empty: the caller's comparisons fail and name what was missing
    return sink->ofType(type).at(count - 1);
}

// What Switchboard sends (CONTRACT §9): the per-call secret in the stream URL's query, no stream_auth_token.
QJsonObject tst_SimulatorIncoming::answerBody() const
{
    return QJsonObject{{QStringLiteral("stream_url"), media->url().toString() + QStringLiteral("?token=per-call-1")},
                       {QStringLiteral("stream_track"), QStringLiteral("both_tracks")},
                       {QStringLiteral("stream_codec"), QStringLiteral("PCMU")},
                       {QStringLiteral("stream_bidirectional_mode"), QStringLiteral("rtp")},
                       {QStringLiteral("stream_bidirectional_codec"), QStringLiteral("PCMU")},
                       {QStringLiteral("client_state"), QStringLiteral("eyJhZ2VudElkIjoiYm9iIn0=")},
                       {QStringLiteral("command_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
}

void tst_SimulatorIncoming::callInitiatedIsSignedAndParked()
{
    QVERIFY(start());
    QSignalSpy placed(sim.get(), &TelnyxSimulator::incomingCallPlaced);
    QSignalSpy started(sim.get(), &TelnyxSimulator::callStarted);
    const QString id = ringAndWait();
    QVERIFY(id.startsWith(QLatin1String("v3:")));
    QCOMPARE(placed.size(), 1);
    QCOMPARE(placed.at(0).at(0).toString(), id);
    QCOMPARE(placed.at(0).at(1).toString(), kCustomer);
    QCOMPARE(started.size(), 0); // that signal is for dialed calls

    QTest::qWait(100);
    QCOMPARE(sink->types(), QStringList{QStringLiteral("call.initiated")}); // nothing more until the app acts
    const Delivery d = sink->deliveries.at(0);
    QVERIFY(signatureValid(d, sim->publicKeyBase64()));
    QCOMPARE(d.json.keys(), (QStringList{"data", "meta"}));
    QCOMPARE(d.data().value(QLatin1String("record_type")).toString(), QStringLiteral("event"));
    QVERIFY(isUuid(d.id()));
    QCOMPARE(d.attempt(), 1);

    const QRegularExpression isoMicros(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$)"));
    const QJsonObject p = d.payload();
    QCOMPARE(p.value(QLatin1String("call_control_id")).toString(), id);
    QVERIFY(isUuid(p.value(QLatin1String("call_leg_id")).toString()));
    QVERIFY(isUuid(p.value(QLatin1String("call_session_id")).toString()));
    QCOMPARE(p.value(QLatin1String("connection_id")).toString(), sim->applicationId());
    QCOMPARE(p.value(QLatin1String("client_state")), QJsonValue(QJsonValue::Null));
    QCOMPARE(p.value(QLatin1String("direction")).toString(), QStringLiteral("incoming"));
    QCOMPARE(p.value(QLatin1String("state")).toString(), QStringLiteral("parked"));
    QCOMPARE(p.value(QLatin1String("from")).toString(), kCustomer);
    QCOMPARE(p.value(QLatin1String("to")).toString(), kOurNumber);
    QCOMPARE(p.value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Pat Doe"));
    QVERIFY(isoMicros.match(p.value(QLatin1String("start_time")).toString()).hasMatch());
    QVERIFY(p.value(QLatin1String("offered_codecs")).toString().contains(QLatin1String("PCMU")));
    QVERIFY(p.value(QLatin1String("connection_codecs")).isString());
    QVERIFY(p.value(QLatin1String("custom_headers")).isArray());
    QVERIFY(p.value(QLatin1String("sip_headers")).isArray());
    QVERIFY(p.value(QLatin1String("tags")).isArray());

    const auto snapshot = sim->call(id);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->direction, QStringLiteral("incoming"));
    QCOMPARE(snapshot->state, QStringLiteral("ringing"));
    QCOMPARE(snapshot->from, kCustomer);
    QCOMPARE(snapshot->to, kOurNumber);
    QCOMPARE(snapshot->callerIdName, QStringLiteral("Pat Doe"));
    QVERIFY(snapshot->lastAnswerBody.isEmpty());
}

void tst_SimulatorIncoming::restRoutePlacesACall()
{
    QVERIFY(start());
    // Every field left out: a random customer number, the demo's own number, "Demo Customer".
    const Reply r = post(QStringLiteral("/simulator/incoming"), {});
    QCOMPARE(r.status, 200);
    const QString id = r.data().value(QLatin1String("call_control_id")).toString();
    QVERIFY(id.startsWith(QLatin1String("v3:")));
    const QJsonObject p = waitFor(QStringLiteral("call.initiated")).payload();
    QCOMPARE(p.value(QLatin1String("call_control_id")).toString(), id);
    QVERIFY(QRegularExpression(QStringLiteral(R"(^\+1555\d{7}$)"))
                .match(p.value(QLatin1String("from")).toString())
                .hasMatch());
    QCOMPARE(p.value(QLatin1String("to")).toString(), kDemoInboundNumber);
    QCOMPARE(p.value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Demo Customer"));

    // Given fields, and a caller who gives up after 0.3 s.
    const Reply given =
        post(QStringLiteral("/simulator/incoming"), {{QStringLiteral("from"), kCustomer},
                                                     {QStringLiteral("to"), kOurNumber},
                                                     {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")},
                                                     {QStringLiteral("give_up_after_s"), 0.3}});
    QCOMPARE(given.status, 200);
    const QString second = given.data().value(QLatin1String("call_control_id")).toString();
    const QJsonObject p2 = waitFor(QStringLiteral("call.initiated"), 2).payload();
    QCOMPARE(p2.value(QLatin1String("from")).toString(), kCustomer);
    QCOMPARE(p2.value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Pat Doe"));
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("call_control_id")).toString(), second);
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("originator_cancel"));
    QCOMPARE(sim->call(id)->state, QStringLiteral("ringing")); // the first caller waits on
}

void tst_SimulatorIncoming::restRouteRefusals()
{
    QVERIFY(start());
    QUrl url = sim->apiBase();
    url.setPath(url.path() + QStringLiteral("/simulator/incoming"));
    QCOMPARE(request(*network, "POST", url, "{}", QString()).status, 401);
    QCOMPARE(request(*network, "GET", url, {}, sim->apiKey()).status, 404);
    const Reply badFrom = post(QStringLiteral("/simulator/incoming"), {{QStringLiteral("from"), QStringLiteral("42")}});
    QCOMPARE(badFrom.status, 422);
    QCOMPARE(errorCode(badFrom), QStringLiteral("10016"));
    const Reply badWait =
        post(QStringLiteral("/simulator/incoming"), {{QStringLiteral("give_up_after_s"), QStringLiteral("soon")}});
    QCOMPARE(badWait.status, 422);
    QVERIFY(sim->callIds().isEmpty());

    // Without a webhook URL nobody would hear of the call: refused, nothing placed.
    sim->setWebhookUrl(QUrl());
    const Reply noHook = post(QStringLiteral("/simulator/incoming"), {});
    QCOMPARE(noHook.status, 422);
    QCOMPARE(sim->placeIncomingCall(), QString());
    QVERIFY(sim->callIds().isEmpty());
}

void tst_SimulatorIncoming::answerOpensTheStream()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    QSignalSpy answered(sim.get(), &TelnyxSimulator::callAnswered);
    QSignalSpy streaming(sim.get(), &TelnyxSimulator::streamingStarted);
    QSignalSpy agentAudio(sim.get(), &TelnyxSimulator::agentAudio);
    const QJsonObject body = answerBody();
    const Reply r = action(id, QStringLiteral("answer"), body);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json, QJsonObject({{QStringLiteral("data"), QJsonObject{{QStringLiteral("result"), "ok"}}}}));
    QCOMPARE(answered.size(), 1); // at once: the next command (suppression_start) must find the call answered
    QCOMPARE(sim->call(id)->state, QStringLiteral("answered"));

    const QJsonObject callAnswered = waitFor(QStringLiteral("call.answered")).payload();
    QCOMPARE(callAnswered.value(QLatin1String("state")).toString(), QStringLiteral("answered"));
    QCOMPARE(callAnswered.value(QLatin1String("client_state")), body.value(QLatin1String("client_state")));
    const Delivery started = waitFor(QStringLiteral("streaming.started"));
    QVERIFY(signatureValid(started, sim->publicKeyBase64()));
    QCOMPARE(started.payload().value(QLatin1String("stream_url")).toString(),
             body.value(QLatin1String("stream_url")).toString());
    QCOMPARE(streaming.size(), 1);
    QCOMPARE(sink->types(), (QStringList{"call.initiated", "call.answered", "streaming.started"}));

    // The media socket: the URL with its query kept, no auth header (AnswerRequest has no stream_auth_token), and
    // the customer's speech as PCMU media frames on the inbound track.
    QVERIFY(media->socket);
    QCOMPARE(QUrlQuery(media->socket->requestUrl()).queryItemValue(QStringLiteral("token")),
             QStringLiteral("per-call-1"));
    QVERIFY(media->tokenHeader.isEmpty());
    QTRY_VERIFY(media->ofEvent(QStringLiteral("media")).size() >= 10);
    const QJsonObject start = media->ofEvent(QStringLiteral("start")).value(0);
    QCOMPARE(start.value(QLatin1String("start")).toObject().value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(start.value(QLatin1String("start")).toObject().value(QLatin1String("from")).toString(), kCustomer);
    const QJsonObject frame = media->ofEvent(QStringLiteral("media")).first();
    QCOMPARE(frame.value(QLatin1String("media")).toObject().value(QLatin1String("track")).toString(),
             QStringLiteral("inbound"));
    QCOMPARE(QByteArray::fromBase64(
                 frame.value(QLatin1String("media")).toObject().value(QLatin1String("payload")).toString().toLatin1())
                 .size(),
             160);

    // The agent's voice on the stream reaches the far end.
    const QByteArray voice(160, char(0x5A));
    media->send(
        {{QStringLiteral("event"), QStringLiteral("media")},
         {QStringLiteral("media"), QJsonObject{{QStringLiteral("payload"), QString::fromLatin1(voice.toBase64())}}}});
    QTRY_VERIFY(!agentAudio.isEmpty());
    QCOMPARE(agentAudio.at(0).at(0).toString(), id);
    QCOMPARE(agentAudio.at(0).at(1).toByteArray(), voice);

    // Now answered, the other actions work; the snapshot keeps what the answer asked for.
    QCOMPARE(action(id, QStringLiteral("suppression_start"), {{QStringLiteral("direction"), "both"}}).status, 200);
    const auto snapshot = sim->call(id);
    QCOMPARE(snapshot->lastAnswerBody, body);
    QVERIFY(snapshot->streaming);
    QCOMPARE(snapshot->noiseSuppression, QStringLiteral("both"));
}

void tst_SimulatorIncoming::secondAnswerAndEndedCall()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    QCOMPARE(action(id, QStringLiteral("answer"), answerBody()).status, 200);
    const Reply again = action(id, QStringLiteral("answer"), answerBody());
    QCOMPARE(again.status, 422);
    QCOMPARE(errorCode(again), QStringLiteral("90061"));
    QVERIFY(!again.firstError().value(QLatin1String("title")).toString().isEmpty());
    QCOMPARE(action(id, QStringLiteral("reject"), {{QStringLiteral("cause"), "USER_BUSY"}}).status, 422);
    waitFor(QStringLiteral("streaming.started"));

    // The application hangs up: it is the callee of an incoming call.
    QCOMPARE(action(id, QStringLiteral("hangup")).status, 200);
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("normal_clearing"));
    QCOMPARE(hangup.value(QLatin1String("hangup_source")).toString(), QStringLiteral("callee"));
    QCOMPARE(hangup.value(QLatin1String("sip_hangup_cause")).toString(), QStringLiteral("200"));
    QVERIFY(!sink->ofType(QStringLiteral("streaming.stopped")).isEmpty());
    const Reply late = action(id, QStringLiteral("answer"), answerBody());
    QCOMPARE(late.status, 422);
    QCOMPARE(errorCode(late), QStringLiteral("90018"));

    // Answering a dialed call is refused the same way: only a parked incoming call can be answered.
    const QString dialed = dial(dialBody());
    QCOMPARE(errorCode(action(dialed, QStringLiteral("answer"), answerBody())), QStringLiteral("90061"));
}

void tst_SimulatorIncoming::reject_data()
{
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("hangupCause");
    QTest::addColumn<QString>("sipCause");
    QTest::newRow("busy") << "USER_BUSY"
                          << "user_busy"
                          << "486";
    QTest::newRow("rejected") << "CALL_REJECTED"
                              << "call_rejected"
                              << "603";
}

void tst_SimulatorIncoming::reject()
{
    QFETCH(QString, cause);
    QFETCH(QString, hangupCause);
    QFETCH(QString, sipCause);
    QVERIFY(start());
    const QString id = ringAndWait();
    QSignalSpy ended(sim.get(), &TelnyxSimulator::callEnded);
    const QJsonObject body{{QStringLiteral("cause"), cause}};
    QCOMPARE(action(id, QStringLiteral("reject"), body).status, 200);
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), hangupCause);
    QCOMPARE(hangup.value(QLatin1String("hangup_source")).toString(), QStringLiteral("callee"));
    QCOMPARE(hangup.value(QLatin1String("sip_hangup_cause")).toString(), sipCause);
    QCOMPARE(hangup.value(QLatin1String("state")).toString(), QStringLiteral("hangup"));
    QCOMPARE(hangup.value(QLatin1String("call_quality_stats")), QJsonValue(QJsonValue::Null)); // never answered
    QCOMPARE(sink->types(), (QStringList{"call.initiated", "call.hangup"}));
    QCOMPARE(ended.size(), 1);
    const auto snapshot = sim->call(id);
    QCOMPARE(snapshot->state, QStringLiteral("ended"));
    QCOMPARE(snapshot->hangupCause, hangupCause);
    QCOMPARE(snapshot->lastRejectBody, body);
    QCOMPARE(errorCode(action(id, QStringLiteral("reject"), body)), QStringLiteral("90018"));
}

void tst_SimulatorIncoming::rejectRefusals()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    const Reply badCause = action(id, QStringLiteral("reject"), {{QStringLiteral("cause"), "NORMAL_CLEARING"}});
    QCOMPARE(badCause.status, 422);
    QCOMPARE(errorCode(badCause), QStringLiteral("10032"));
    QCOMPARE(badCause.firstError().value(QLatin1String("source")).toObject().value(QLatin1String("pointer")).toString(),
             QStringLiteral("/cause"));
    QCOMPARE(errorCode(action(id, QStringLiteral("reject"), {{QStringLiteral("cause"), "user_busy"}})),
             QStringLiteral("10032")); // Telnyx's enums are case-sensitive
    QCOMPARE(errorCode(action(id, QStringLiteral("reject"))), QStringLiteral("10004"));
    QTest::qWait(100);
    QCOMPARE(sim->call(id)->state, QStringLiteral("ringing")); // still parked
    QCOMPARE(sink->types(), QStringList{QStringLiteral("call.initiated")});
}

void tst_SimulatorIncoming::transferHandsTheCallOn()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    QCOMPARE(errorCode(action(id, QStringLiteral("transfer"))), QStringLiteral("10004"));
    QCOMPARE(errorCode(action(id, QStringLiteral("transfer"), {{QStringLiteral("to"), "15559876543"}})),
             QStringLiteral("10016"));
    QCOMPARE(action(id, QStringLiteral("transfer"), {{QStringLiteral("to"), "+15559876543"}}).status, 200);
    QCOMPARE(sim->call(id)->transferredTo, QStringLiteral("+15559876543"));
    QCOMPARE(errorCode(action(id, QStringLiteral("answer"), answerBody())), QStringLiteral("90018")); // handed on
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("normal_clearing"));
    QCOMPARE(sim->call(id)->state, QStringLiteral("ended"));
    QCOMPARE(sim->call(id)->transferredTo, QStringLiteral("+15559876543"));
    QCOMPARE(sink->types(), (QStringList{"call.initiated", "call.hangup"}));
}

void tst_SimulatorIncoming::callerGivesUp()
{
    QVERIFY(start());
    QSignalSpy ended(sim.get(), &TelnyxSimulator::callEnded);
    QElapsedTimer clock;
    clock.start();
    const QString id = ringAndWait(300);
    QVERIFY(ended.wait(3000));
    QVERIFY(clock.elapsed() >= 250);
    QCOMPARE(ended.at(0).at(0).toString(), id);
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("originator_cancel"));
    QCOMPARE(hangup.value(QLatin1String("hangup_source")).toString(), QStringLiteral("caller"));
    QCOMPARE(hangup.value(QLatin1String("sip_hangup_cause")).toString(), QStringLiteral("487"));
    QCOMPARE(sink->types(), (QStringList{"call.initiated", "call.hangup"}));
    QCOMPARE(errorCode(action(id, QStringLiteral("answer"), answerBody())), QStringLiteral("90018"));

    // Answered in time, the caller stays.
    const QString kept = ringAndWait(300);
    QCOMPARE(action(kept, QStringLiteral("answer"), {}).status, 200);
    QTest::qWait(500);
    QCOMPARE(sim->call(kept)->state, QStringLiteral("answered"));
}

void tst_SimulatorIncoming::actionsBeforeAnswer_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("streaming_start") << "streaming_start"
                                     << QJsonObject{{QStringLiteral("stream_url"), "ws://127.0.0.1:9/audio-stream"}};
    QTest::newRow("streaming_stop") << "streaming_stop" << QJsonObject();
    QTest::newRow("suppression_start") << "suppression_start" << QJsonObject();
    QTest::newRow("suppression_stop") << "suppression_stop" << QJsonObject();
    QTest::newRow("send_dtmf") << "send_dtmf" << QJsonObject{{QStringLiteral("digits"), "12"}};
}

void tst_SimulatorIncoming::actionsBeforeAnswer()
{
    QFETCH(QString, name);
    QFETCH(QJsonObject, body);
    QVERIFY(start());
    const QString id = ringAndWait();
    const Reply r = action(id, name, body);
    QCOMPARE(r.status, 422);
    QCOMPARE(errorCode(r), QStringLiteral("90034"));
    QCOMPARE(r.firstError().value(QLatin1String("title")).toString(), QStringLiteral("Call not answered yet"));
    QCOMPARE(sim->call(id)->state, QStringLiteral("ringing"));
    QVERIFY(sim->call(id)->noiseSuppression.isEmpty());
}

void tst_SimulatorIncoming::hangupWhileParkedDeclines()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    QCOMPARE(action(id, QStringLiteral("hangup")).status, 200);
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    QCOMPARE(hangup.value(QLatin1String("hangup_cause")).toString(), QStringLiteral("call_rejected"));
    QCOMPARE(hangup.value(QLatin1String("hangup_source")).toString(), QStringLiteral("callee"));
    QCOMPARE(hangup.value(QLatin1String("sip_hangup_cause")).toString(), QStringLiteral("603"));
}

void tst_SimulatorIncoming::getCarriesEndTime()
{
    QVERIFY(start());
    const QString id = ringAndWait();
    QUrl url = sim->apiBase();
    url.setPath(url.path() + QStringLiteral("/calls/") + id);
    const Reply up = request(*network, "GET", url, {}, sim->apiKey());
    QCOMPARE(up.status, 200);
    QCOMPARE(up.data().value(QLatin1String("is_alive")).toBool(), true);
    QCOMPARE(up.data().value(QLatin1String("record_type")).toString(), QStringLiteral("call"));
    QCOMPARE(up.data().value(QLatin1String("start_time")).toString(),
             sink->deliveries.at(0).payload().value(QLatin1String("start_time")).toString());
    QVERIFY(!up.data().contains(QLatin1String("end_time")));

    QCOMPARE(action(id, QStringLiteral("answer"), answerBody()).status, 200);
    QCOMPARE(action(id, QStringLiteral("hangup")).status, 200);
    const QJsonObject hangup = waitFor(QStringLiteral("call.hangup")).payload();
    const Reply ended = request(*network, "GET", url, {}, sim->apiKey());
    QCOMPARE(ended.status, 200);
    const QJsonObject data = ended.data();
    QCOMPARE(data.value(QLatin1String("is_alive")).toBool(), false);
    QCOMPARE(data.value(QLatin1String("end_time")).toString(), hangup.value(QLatin1String("end_time")).toString());
    QVERIFY(data.value(QLatin1String("start_time")).toString() < data.value(QLatin1String("end_time")).toString());
    QCOMPARE(data.value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(data.value(QLatin1String("call_leg_id")).toString(),
             hangup.value(QLatin1String("call_leg_id")).toString());
    QCOMPARE(data.value(QLatin1String("client_state")), answerBody().value(QLatin1String("client_state")));
    QVERIFY(data.value(QLatin1String("call_duration")).isDouble());
}

void tst_SimulatorIncoming::demoCallsEverySoOften()
{
    QVERIFY(start([](SimulatorOptions &o) {
        o.incomingEveryMs = 150;
        o.incomingGiveUpAfterMs = 100;
    }));
    QSignalSpy placed(sim.get(), &TelnyxSimulator::incomingCallPlaced);
    QTRY_VERIFY(placed.size() >= 3);
    QTRY_VERIFY(sink->ofType(QStringLiteral("call.hangup")).size() >= 2);
    for (const Delivery &d : sink->ofType(QStringLiteral("call.hangup")))
        QCOMPARE(d.payload().value(QLatin1String("hangup_cause")).toString(), QStringLiteral("originator_cancel"));
    for (const Delivery &d : sink->ofType(QStringLiteral("call.initiated"))) {
        QCOMPARE(d.payload().value(QLatin1String("direction")).toString(), QStringLiteral("incoming"));
        QCOMPARE(d.payload().value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Demo Customer"));
    }

    // No webhook URL, no calls.
    sim->setWebhookUrl(QUrl());
    QTest::qWait(50);
    const qsizetype before = placed.size();
    QTest::qWait(400);
    QCOMPARE(placed.size(), before);
}

QTEST_GUILESS_MAIN(tst_SimulatorIncoming)
#include "tst_simulatorincoming.moc"
