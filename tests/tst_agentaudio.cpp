// SPDX-License-Identifier: MIT
// Integration: /agent-audio (CONTRACT §7), a remote desk's microphone, on the real server over real sockets, a fake
// Telnyx behind it and its media stream opened as Telnyx opens it: frames of known content reach the stream in order
// and paced, never while muted; refusals before anything is used; malformed frames counted; over 64 KiB closes 1009;
// the call's end and a revoked token close the uplink. And /whisper (docs/interface.md §7.2), the same kind of socket
// for a supervisor's voice: its frames reach the call's agent's own /frontend-audio alone, never Telnyx nor another
// listener, the agent is told by events, and only a supervisor or an admin may open one, one per call.
#include "Metrics.h"
#include "ServerHarness.h"
#include "calls/CallStore.h"
#include "streaming/AgentUplinks.h"
#include "streaming/MediaGateway.h"
#include "users/UserStore.h"

// Qt
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

// C++
#include <algorithm>

using namespace sb::test;
using sb::Role;
using sb::UserStore;

namespace {

constexpr int kFrameBytes = 160;

// Frame n of the desk: never all 0xFF (the silence the pacer fills gaps with).
QByteArray deskFrame(int n)
{
    QByteArray f(kFrameBytes, Qt::Uninitialized);
    for (int i = 0; i < kFrameBytes; ++i)
        f[i] = char((n * 31 + i) % 251);
    return f;
}

QByteArray textFrame(const QByteArray &pcmu)
{
    return R"({"event":"media","media":{"payload":")" + pcmu.toBase64() + R"("}})";
}

QByteArray startFrame(const QString &callId)
{
    return QStringLiteral(
               R"({"event":"start","sequence_number":"1","stream_id":"s-%1","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})")
        .arg(callId)
        .toUtf8();
}

bool waitClosed(QWebSocket *ws, int ms = 3000)
{
    if (ws->state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy spy(ws, &QWebSocket::disconnected);
    return spy.wait(ms) || ws->state() == QAbstractSocket::UnconnectedState;
}

// A call's Telnyx media stream as the fake Telnyx holds it: every media frame Switchboard sends, with its arrival.
struct TelnyxStream {
    std::unique_ptr<QWebSocket> socket;
    QList<QByteArray> payloads;
    QList<qint64> arrivedMs;
    QElapsedTimer clock;

    QList<QByteArray> voice() const // the payloads that are not the pacer's silence
    {
        QList<QByteArray> out;
        for (const QByteArray &p : payloads) {
            if (p != QByteArray(kFrameBytes, char(0xFF)))
                out.append(p);
        }
        return out;
    }
};

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())))));
}

} // namespace

class tst_AgentAudio : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void framesReachTelnyxInOrderAndPaced();
    void mutedSendsNothing();
    void refusals_data();
    void refusals();
    void adminMayOpenAnyCall();
    void malformedFramesCountedAndIgnored();
    void oversizedMessageCloses1009();
    void localMicrophoneYieldsToTheUplink();
    void hangupClosesTheUplink();
    void streamStopClosesTheUplink();
    void revokedTokenClosesWithinASecond();
    void whisperReachesTheAgentOnly();
    void whisperRefusals_data();
    void whisperRefusals();
    void whisperEndsWithTheCall();

private:
    QString dialAs(const QString &who);
    QString streamTokenOf(const QString &callId) const;
    std::unique_ptr<TelnyxStream> openStream(const QString &callId);
    std::unique_ptr<QWebSocket> openUplink(const QString &callId, const QString &who,
                                           const QString &path = QStringLiteral("/agent-audio"));
    std::unique_ptr<QWebSocket> openWhisper(const QString &callId, const QString &who)
    {
        return openUplink(callId, who, QStringLiteral("/whisper"));
    }
    // Sends frames first..first+count-1 every 20 ms, as a desk does; binary or text.
    void sendPaced(QWebSocket *uplink, int first, int count, bool binary);
    bool post(const QString &who, const QString &path);
    // The call a refusal row aims at: alice's live call, an unknown one, or one of alice's that has ended.
    QString targetCall(const QString &target);

    std::unique_ptr<ServerHarness> h;
    QHash<QString, QString> m_tokens; // who -> token ("admin": the API token)
    QString m_aliceCall;
    QString m_bobCall;
};

void tst_AgentAudio::init()
{
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start());
    m_tokens.clear();
    m_tokens.insert(QStringLiteral("admin"), h->token());
    m_tokens.insert(QStringLiteral("wrong"), QStringLiteral("not-a-token-0123456789"));
    m_tokens.insert(QStringLiteral("none"), QString());
    const std::pair<const char *, Role> users[] = {
        {"alice", Role::Agent}, {"bob", Role::Agent}, {"sue", Role::Supervisor}, {"ada", Role::Admin}};
    for (const auto &[name, role] : users) {
        QString token;
        QCOMPARE(h->server()->users()->add(QLatin1String(name), role, &token), UserStore::Outcome::Done);
        m_tokens.insert(QLatin1String(name), token);
    }
    m_aliceCall = dialAs(QStringLiteral("alice"));
    m_bobCall = dialAs(QStringLiteral("bob"));
    QVERIFY(!m_aliceCall.isEmpty() && !m_bobCall.isEmpty());
}

void tst_AgentAudio::cleanup()
{
    h.reset();
}

QString tst_AgentAudio::dialAs(const QString &who)
{
    const QJsonObject body{{QStringLiteral("to"), QStringLiteral("+15551234567")},
                           {QStringLiteral("from"), QStringLiteral("+15557654321")}};
    const auto r = h->request(
        "POST", QStringLiteral("/api/calls/telnyx/initiate"), QJsonDocument(body).toJson(QJsonDocument::Compact),
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + m_tokens[who].toUtf8()}}, false);
    return r.json.value(QLatin1String("data")).toObject().value(QLatin1String("callId")).toString();
}

QString tst_AgentAudio::streamTokenOf(const QString &callId) const
{
    // The fake Telnyx answered the dials in order: the n-th dial request made the n-th call id.
    const auto dials = h->telnyx().requestsTo(QStringLiteral("/calls"));
    const int n = callId.section(QLatin1Char('-'), -1).toInt();
    return dials.value(n - 1).body.value(QLatin1String("stream_auth_token")).toString();
}

std::unique_ptr<TelnyxStream> tst_AgentAudio::openStream(const QString &callId)
{
    auto stream = std::make_unique<TelnyxStream>();
    stream->clock.start();
    stream->socket = h->openWebSocket(QStringLiteral("/audio-stream?token=") +
                                      QString::fromLatin1(QUrl::toPercentEncoding(streamTokenOf(callId))));
    if (!stream->socket)
        return nullptr;
    TelnyxStream *s = stream.get();
    QObject::connect(s->socket.get(), &QWebSocket::textMessageReceived, s->socket.get(), [s](const QString &text) {
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        if (o.value(QLatin1String("event")).toString() != QLatin1String("media"))
            return;
        s->payloads.append(QByteArray::fromBase64(
            o.value(QLatin1String("media")).toObject().value(QLatin1String("payload")).toString().toLatin1()));
        s->arrivedMs.append(s->clock.elapsed());
    });
    s->socket->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    QTest::qWait(50); // the gateway takes the start on its media thread
    return stream;
}

std::unique_ptr<QWebSocket> tst_AgentAudio::openUplink(const QString &callId, const QString &who,
                                                       const QString &socketPath)
{
    QString path = socketPath + QStringLiteral("?call=") + QString::fromLatin1(QUrl::toPercentEncoding(callId));
    if (!m_tokens.value(who).isEmpty())
        path += QStringLiteral("&token=") + m_tokens.value(who);
    return h->openWebSocket(path);
}

void tst_AgentAudio::sendPaced(QWebSocket *uplink, int first, int count, bool binary)
{
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        const QByteArray f = deskFrame(first + i);
        if (binary)
            uplink->sendBinaryMessage(f);
        else
            uplink->sendTextMessage(QString::fromLatin1(textFrame(f)));
        uplink->flush();
        const qint64 next = qint64(i + 1) * 20;
        while (clock.elapsed() < next)
            QTest::qWait(int(std::max<qint64>(1, next - clock.elapsed())));
    }
}

QString tst_AgentAudio::targetCall(const QString &target)
{
    if (target == QLatin1String("unknown"))
        return QStringLiteral("v3:unknown");
    if (target != QLatin1String("ended"))
        return m_aliceCall;
    const QString ended = dialAs(QStringLiteral("alice"));
    const auto hangup = ServerHarness::envelope(QStringLiteral("e-hangup"), QStringLiteral("call.hangup"), ended,
                                                QStringLiteral("2026-03-10T14:02:11.000000Z"));
    return h->sendWebhook(hangup).status == 200 ? ended : QString();
}

bool tst_AgentAudio::post(const QString &who, const QString &path)
{
    return h->request("POST", path, {}, {{"Authorization", "Bearer " + m_tokens[who].toUtf8()}}, false).status == 200;
}

void tst_AgentAudio::framesReachTelnyxInOrderAndPaced()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);

    constexpr int kN = 50; // per kind: 1 s of binary frames, then 1 s of text frames
    sendPaced(uplink.get(), 0, kN, true);
    sendPaced(uplink.get(), kN, kN, false);
    QList<QByteArray> expected;
    for (int i = 0; i < 2 * kN; ++i)
        expected.append(deskFrame(i));
    QTRY_COMPARE_WITH_TIMEOUT(stream->voice().size(), 2 * kN, 3000);
    QCOMPARE(stream->voice(), expected);

    // Spacing of everything sent to Telnyx (voice and the silence around it): one frame per 20 ms.
    QList<qint64> gaps;
    for (qsizetype i = 1; i < stream->arrivedMs.size(); ++i)
        gaps.append(stream->arrivedMs.at(i) - stream->arrivedMs.at(i - 1));
    const double p50 = percentile(gaps, 0.50);
    const double p99 = percentile(gaps, 0.99);
    qInfo("uplink -> Telnyx: %lld frames, inter-frame spacing p50 %.0f ms, p99 %.0f ms, max %.0f ms",
          qint64(stream->payloads.size()), p50, p99, percentile(gaps, 1.0));
    QVERIFY2(p50 >= 15 && p50 <= 25, qPrintable(QString::number(p50)));
    // Over the whole run the rate is 50 frames a second: lateness does not accumulate.
    const double span = double(stream->arrivedMs.last() - stream->arrivedMs.first());
    const double rate = double(stream->arrivedMs.size() - 1) * 1000.0 / span;
    qInfo("uplink -> Telnyx: %.1f frames/s over %.0f ms", rate, span);
    QVERIFY2(rate > 47 && rate < 53, qPrintable(QString::number(rate)));

    const sb::Metrics *m = h->server()->metrics();
    QCOMPARE(m->uplinkFramesIn, quint64(2 * kN));
    QCOMPARE(m->uplinkFramesOut, quint64(2 * kN));
    QCOMPARE(m->uplinkFramesMalformed, quint64(0));
    const QByteArray metrics = h->get(QStringLiteral("/metrics")).body;
    QVERIFY(metrics.contains("switchboard_uplinks_open 1"));
    QVERIFY(metrics.contains("switchboard_uplink_frames_received_total 100"));
    QVERIFY(metrics.contains("switchboard_websocket_clients{path=\"/agent-audio\"} 1"));
}

void tst_AgentAudio::mutedSendsNothing()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    sendPaced(uplink.get(), 0, 10, true);
    QTRY_COMPARE(stream->voice().size(), 10);

    QVERIFY(post(QStringLiteral("alice"), QStringLiteral("/api/calls/telnyx/%1/mute").arg(m_aliceCall)));
    QTRY_VERIFY(h->server()->media()->isMuted(m_aliceCall));
    QTest::qWait(50);
    const qsizetype before = stream->payloads.size();
    sendPaced(uplink.get(), 100, 25, true); // the desk keeps talking
    QTest::qWait(200);
    QCOMPARE(stream->payloads.size(), before); // neither voice nor silence while muted

    QVERIFY(post(QStringLiteral("alice"), QStringLiteral("/api/calls/telnyx/%1/unmute").arg(m_aliceCall)));
    QTRY_VERIFY(!h->server()->media()->isMuted(m_aliceCall));
    sendPaced(uplink.get(), 200, 10, true);
    QTRY_COMPARE(stream->voice().size(), 20);
    QCOMPARE(stream->voice().mid(10), [] {
        QList<QByteArray> l;
        for (int i = 200; i < 210; ++i)
            l.append(deskFrame(i));
        return l;
    }());
}

void tst_AgentAudio::refusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("target"); // alice, bob, unknown, ended
    QTest::addColumn<bool>("firstUplink");

    QTest::newRow("no token") << "none"
                              << "alice" << false;
    QTest::newRow("wrong token") << "wrong"
                                 << "alice" << false;
    QTest::newRow("another agent's call") << "bob"
                                          << "alice" << false;
    QTest::newRow("unknown call") << "alice"
                                  << "unknown" << false;
    QTest::newRow("ended call") << "alice"
                                << "ended" << false;
    QTest::newRow("second uplink") << "alice"
                                   << "alice" << true;
    QTest::newRow("second uplink, admin") << "admin"
                                          << "alice" << true;
    QTest::newRow("supervisor (own agent or admin only)") << "sue"
                                                          << "alice" << false;
}

void tst_AgentAudio::refusals()
{
    QFETCH(QString, who);
    QFETCH(QString, target);
    QFETCH(bool, firstUplink);

    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    const QString callId = targetCall(target);
    QVERIFY(!callId.isEmpty());
    std::unique_ptr<QWebSocket> first;
    if (firstUplink) {
        first = openUplink(m_aliceCall, QStringLiteral("alice"));
        QVERIFY(first);
        QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    }

    auto ws = openUplink(callId, who);
    if (ws) {
        // What it sends at once is never used.
        for (int i = 0; i < 5; ++i)
            ws->sendBinaryMessage(deskFrame(i));
        QVERIFY(waitClosed(ws.get()));
        QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
    QTest::qWait(200);
    QCOMPARE(h->server()->uplinks()->count(), firstUplink ? 1 : 0);
    QCOMPARE(stream->voice().size(), 0);
    if (!firstUplink)
        QCOMPARE(stream->payloads.size(), 0); // not even silence
    QCOMPARE(h->server()->metrics()->uplinkFramesIn, quint64(0));
}

void tst_AgentAudio::adminMayOpenAnyCall()
{
    for (const QString &who : {QStringLiteral("admin"), QStringLiteral("ada")}) {
        auto stream = openStream(m_bobCall);
        QVERIFY(stream);
        auto uplink = openUplink(m_bobCall, who);
        QVERIFY(uplink);
        QTRY_COMPARE(h->server()->uplinks()->count(), 1);
        sendPaced(uplink.get(), 0, 5, true);
        QTRY_COMPARE(stream->voice().size(), 5);
        uplink->close();
        QTRY_COMPARE(h->server()->uplinks()->count(), 0);
    }
}

void tst_AgentAudio::malformedFramesCountedAndIgnored()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);

    uplink->sendBinaryMessage(QByteArray(159, 'x'));                                           // wrong size
    uplink->sendBinaryMessage(QByteArray(320, 'x'));                                           // two frames' worth
    uplink->sendTextMessage(QStringLiteral("not json"));                                       // bad JSON
    uplink->sendTextMessage(QStringLiteral(R"({"event":"media","media":{"payload":"!!!"}})")); // bad base64
    uplink->sendTextMessage(QString::fromLatin1(textFrame(QByteArray(80, 'x'))));              // wrong size, as text
    uplink->sendTextMessage(QStringLiteral(R"({"event":"stop"})"));                            // another event
    uplink->sendTextMessage(QStringLiteral(R"({"event":"media"})"));                           // no payload
    QTRY_COMPARE(h->server()->metrics()->uplinkFramesMalformed, quint64(7));
    QVERIFY(h->get(QStringLiteral("/metrics")).body.contains("switchboard_uplink_frames_malformed_total 7"));

    // The connection stays and good frames still go through.
    QCOMPARE(uplink->state(), QAbstractSocket::ConnectedState);
    sendPaced(uplink.get(), 0, 5, false);
    QTRY_COMPARE(stream->voice().size(), 5);
    QCOMPARE(h->server()->metrics()->uplinkFramesIn, quint64(5));
}

void tst_AgentAudio::oversizedMessageCloses1009()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    uplink->sendBinaryMessage(QByteArray(64 * 1024 + 1, char(0x12)));
    QVERIFY(waitClosed(uplink.get()));
    QCOMPARE(uplink->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE(h->server()->uplinks()->count(), 0);
    QCOMPARE(stream->voice().size(), 0);
}

void tst_AgentAudio::localMicrophoneYieldsToTheUplink()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    sb::MediaGateway *gateway = h->server()->media();
    const QByteArray local(kFrameBytes, char(0x42));
    QTRY_VERIFY(gateway->streamingCalls().contains(m_aliceCall));
    QVERIFY(gateway->sendMicrophone(m_aliceCall, local)); // no uplink: the local microphone speaks

    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    QVERIFY(gateway->hasUplink(m_aliceCall));
    QVERIFY(!gateway->sendMicrophone(m_aliceCall, local)); // the uplink is the call's microphone

    uplink->close();
    QTRY_COMPARE(h->server()->uplinks()->count(), 0);
    QVERIFY(!gateway->hasUplink(m_aliceCall));
    QVERIFY(gateway->sendMicrophone(m_aliceCall, local)); // and it resumes
    QTRY_COMPARE(stream->voice().count(local), 2);
}

void tst_AgentAudio::hangupClosesTheUplink()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(QStringLiteral("e-hangup"), QStringLiteral("call.hangup"),
                                                    m_aliceCall, QStringLiteral("2026-03-10T14:02:11.000000Z")))
                 .status,
             200);
    QVERIFY(waitClosed(uplink.get()));
    QCOMPARE(uplink->closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(h->server()->uplinks()->count(), 0);
    QVERIFY(!h->server()->media()->hasUplink(m_aliceCall));
}

void tst_AgentAudio::streamStopClosesTheUplink()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    stream->socket->sendTextMessage(
        QStringLiteral(R"({"event":"stop","sequence_number":"9","stream_id":"s-%1","stop":{"call_control_id":"%1"}})")
            .arg(m_aliceCall));
    QVERIFY(waitClosed(uplink.get()));
    QCOMPARE(uplink->closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(h->server()->uplinks()->count(), 0);
}

void tst_AgentAudio::revokedTokenClosesWithinASecond()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    QVERIFY(uplink);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    QSignalSpy closed(uplink.get(), &QWebSocket::disconnected);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(post(QStringLiteral("admin"), QStringLiteral("/api/users/alice/token")));
    QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty(), 1000);
    qInfo("revoked uplink closed after %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(uplink->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTRY_COMPARE(h->server()->uplinks()->count(), 0);
}

namespace {

// The whisper frames' payloads among what a /frontend-audio listener received, in order.
QList<QByteArray> whispers(const QList<QByteArray> &received)
{
    QList<QByteArray> out;
    for (const QByteArray &text : received) {
        const QJsonObject media = QJsonDocument::fromJson(text).object().value(QLatin1String("media")).toObject();
        if (media.value(QLatin1String("track")).toString() == QLatin1String("whisper"))
            out.append(QByteArray::fromBase64(media.value(QLatin1String("payload")).toString().toLatin1()));
    }
    return out;
}

// The events of `type` among what a /call-events client received.
QList<QJsonObject> eventsOf(const QList<QByteArray> &received, const QString &type)
{
    QList<QJsonObject> out;
    for (const QByteArray &text : received) {
        const QJsonObject event = QJsonDocument::fromJson(text).object();
        if (event.value(QLatin1String("type")).toString() == type)
            out.append(event);
    }
    return out;
}

} // namespace

void tst_AgentAudio::whisperReachesTheAgentOnly()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    const QString call = QString::fromLatin1(QUrl::toPercentEncoding(m_aliceCall));
    QList<QByteArray> aliceHears, sueHears, aliceEvents, bobEvents;
    auto aliceDesk =
        h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(call, m_tokens["alice"]), &aliceHears);
    auto sueListens = h->openWebSocket(
        QStringLiteral("/frontend-audio?call=%1&tracks=both&token=%2").arg(call, m_tokens["sue"]), &sueHears);
    auto aliceEventsSocket = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens["alice"], &aliceEvents);
    auto bobEventsSocket = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens["bob"], &bobEvents);
    QVERIFY(aliceDesk && sueListens && aliceEventsSocket && bobEventsSocket);
    // Alice talks to the customer while Sue whispers to her.
    auto uplink = openUplink(m_aliceCall, QStringLiteral("alice"));
    auto whisper = openWhisper(m_aliceCall, QStringLiteral("sue"));
    QVERIFY(uplink && whisper);
    QTRY_COMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), 1);
    QCOMPARE(h->server()->uplinks()->count(), 1);
    QTRY_COMPARE(eventsOf(aliceEvents, QStringLiteral("call.whisper_started")).size(), 1);
    const QJsonObject started = eventsOf(aliceEvents, QStringLiteral("call.whisper_started")).first();
    QCOMPARE(started.value(QLatin1String("payload")).toObject().value(QLatin1String("supervisor")).toString(),
             QStringLiteral("sue"));

    constexpr int kN = 25;
    QList<QByteArray> said, whispered;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kN; ++i) {
        said.append(deskFrame(100 + i));
        whispered.append(deskFrame(i));
        uplink->sendBinaryMessage(said.last());
        whisper->sendBinaryMessage(whispered.last());
        while (clock.elapsed() < qint64(i + 1) * 20)
            QTest::qWait(1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(whispers(aliceHears).size(), kN, 3000);
    QCOMPARE(whispers(aliceHears), whispered);
    QTRY_COMPARE(stream->voice().size(), kN);
    QCOMPARE(stream->voice(), said); // the customer hears Alice, never Sue
    QCOMPARE(whispers(sueHears).size(), 0);
    const QByteArray metrics = h->get(QStringLiteral("/metrics")).body;
    QVERIFY(metrics.contains("switchboard_whispers_open 1"));
    QVERIFY(metrics.contains("switchboard_whisper_frames_sent_total 25"));
    QVERIFY(metrics.contains("switchboard_websocket_clients{path=\"/whisper\"} 1"));

    whisper->close();
    QTRY_COMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), 0);
    QTRY_COMPARE(eventsOf(aliceEvents, QStringLiteral("call.whisper_ended")).size(), 1);
    QCOMPARE(h->server()->uplinks()->count(), 1);                                   // Alice's own uplink goes on
    QVERIFY(eventsOf(bobEvents, QStringLiteral("call.whisper_started")).isEmpty()); // not Bob's call
    // In the call's history, for whoever looks later.
    const auto events = h->server()->store()->events(m_aliceCall);
    QVERIFY(std::any_of(events.begin(), events.end(),
                        [](const sb::CallEvent &e) { return e.type == QLatin1String("call.whisper_ended"); }));
}

void tst_AgentAudio::whisperRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("target"); // alice, unknown, ended
    QTest::addColumn<bool>("firstWhisper");

    QTest::newRow("no token") << "none"
                              << "alice" << false;
    QTest::newRow("the call's own agent") << "alice"
                                          << "alice" << false;
    QTest::newRow("another agent") << "bob"
                                   << "alice" << false;
    QTest::newRow("unknown call") << "sue"
                                  << "unknown" << false;
    QTest::newRow("ended call") << "sue"
                                << "ended" << false;
    QTest::newRow("second whisper") << "ada"
                                    << "alice" << true;
}

void tst_AgentAudio::whisperRefusals()
{
    QFETCH(QString, who);
    QFETCH(QString, target);
    QFETCH(bool, firstWhisper);

    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    QList<QByteArray> aliceHears;
    auto aliceDesk =
        h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_aliceCall)), m_tokens["alice"]),
                         &aliceHears);
    QVERIFY(aliceDesk);
    const QString callId = targetCall(target);
    QVERIFY(!callId.isEmpty());
    std::unique_ptr<QWebSocket> first;
    if (firstWhisper) {
        first = openWhisper(m_aliceCall, QStringLiteral("sue"));
        QVERIFY(first);
        QTRY_COMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), 1);
    }
    auto ws = openWhisper(callId, who);
    if (ws) {
        for (int i = 0; i < 5; ++i)
            ws->sendBinaryMessage(deskFrame(i)); // never used
        QVERIFY(waitClosed(ws.get()));
        QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
    QTest::qWait(200);
    QCOMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), firstWhisper ? 1 : 0);
    QCOMPARE(whispers(aliceHears).size(), 0);
    QCOMPARE(stream->payloads.size(), 0);
    QCOMPARE(h->server()->metrics()->uplinkFramesIn, quint64(0));
}

void tst_AgentAudio::whisperEndsWithTheCall()
{
    auto stream = openStream(m_aliceCall);
    QVERIFY(stream);
    QList<QByteArray> aliceEvents;
    auto events = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens["alice"], &aliceEvents);
    auto whisper = openWhisper(m_aliceCall, QStringLiteral("admin"));
    QVERIFY(events && whisper);
    QTRY_COMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), 1);
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(QStringLiteral("e-hangup"), QStringLiteral("call.hangup"),
                                                    m_aliceCall, QStringLiteral("2026-03-10T14:02:11.000000Z")))
                 .status,
             200);
    QVERIFY(waitClosed(whisper.get()));
    QCOMPARE(whisper->closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(h->server()->uplinks()->count(sb::AgentUplinks::Kind::Whisper), 0);
    QTRY_COMPARE(eventsOf(aliceEvents, QStringLiteral("call.whisper_ended")).size(), 1);
}

QTEST_GUILESS_MAIN(tst_AgentAudio)
#include "tst_agentaudio.moc"
