// SPDX-License-Identifier: MIT
// The simulator's media-stream client against a small WebSocket server standing in for Switchboard's
// /audio-stream: the handshake token, frame order and content, 20 ms pacing, the echo of what it is sent, DTMF,
// stop, and the media faults (loss, reorder, jitter, a dropped socket, an unreachable stream_url).
#include "SimulatorTestSupport.h"
#include "simulator/CustomerClip.h"
#include "simulator/TelnyxSimulator.h"

#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <algorithm>

using namespace sb;
using namespace sb::test;

class tst_SimulatorMedia : public QObject, private SimulatorFixture {
    Q_OBJECT
private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void mediaStreamAsTelnyxSendsIt();
    void mediaEchoMarkDtmfAndErrors();
    void mediaFaultsLossAndReorder();
    void mediaSocketDroppedMidCall();
    void unreachableStreamFails();
};

void tst_SimulatorMedia::mediaStreamAsTelnyxSendsIt()
{
    QVERIFY(start());
    const QString id = dial(dialBody());
    QTRY_VERIFY(media->socket);
    QTest::qWait(1000);
    QCOMPARE(media->tokenHeader, QByteArray("stream-secret-123"));
    QVERIFY(media->frames.size() >= 2);

    const QJsonObject connected = media->frames.at(0);
    QCOMPARE(connected.value(QLatin1String("event")).toString(), QStringLiteral("connected"));
    QCOMPARE(connected.value(QLatin1String("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(connected.value(QLatin1String("connected"))
                 .toObject()
                 .value(QLatin1String("x-telnyx-streaming-auth-token"))
                 .toString(),
             QStringLiteral("stream-secret-123"));

    const QJsonObject start = media->frames.at(1);
    QCOMPARE(start.value(QLatin1String("event")).toString(), QStringLiteral("start"));
    QCOMPARE(start.value(QLatin1String("sequence_number")).toString(), QStringLiteral("1"));
    const QString streamId = start.value(QLatin1String("stream_id")).toString();
    QVERIFY(!streamId.isEmpty());
    const QJsonObject s = start.value(QLatin1String("start")).toObject();
    QCOMPARE(s.value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(s.value(QLatin1String("from")).toString(), kFrom);
    QCOMPARE(s.value(QLatin1String("to")).toString(), kTo);
    QVERIFY(!s.value(QLatin1String("call_session_id")).toString().isEmpty());
    QCOMPARE(s.value(QLatin1String("media_format")).toObject(),
             QJsonObject({{"encoding", "PCMU"}, {"sample_rate", 8000}, {"channels", 1}}));

    // ~1 s of media: 20 ms frames, counters as digit strings, the clip's bytes in order, no drift.
    const QList<QJsonObject> frames = media->ofEvent(QStringLiteral("media"));
    QVERIFY2(frames.size() >= 40 && frames.size() <= 56, qPrintable(QString::number(frames.size())));
    const CustomerClip clip = CustomerClip::bundled();
    QVERIFY(clip.frameCount() > 100);
    for (int i = 0; i < frames.size(); ++i) {
        const QJsonObject &f = frames.at(i);
        const QJsonObject m = f.value(QLatin1String("media")).toObject();
        QCOMPARE(f.value(QLatin1String("stream_id")).toString(), streamId);
        QCOMPARE(f.value(QLatin1String("sequence_number")), QJsonValue(QString::number(i + 2)));
        QCOMPARE(m.value(QLatin1String("chunk")), QJsonValue(QString::number(i + 1)));
        QCOMPARE(m.value(QLatin1String("timestamp")), QJsonValue(QString::number(i * 20)));
        QCOMPARE(m.value(QLatin1String("track")).toString(), QStringLiteral("inbound"));
        const QByteArray payload = QByteArray::fromBase64(m.value(QLatin1String("payload")).toString().toLatin1());
        QCOMPARE(payload.size(), 160);
        QCOMPARE(payload, clip.frame(quint64(i)));
    }
    const int first = media->frames.indexOf(frames.first());
    const qint64 t0 = media->arrivalMs.at(first);
    const qint64 tLast = media->arrivalMs.at(first + frames.size() - 1);
    const qint64 expected = qint64(frames.size() - 1) * 20;
    QVERIFY2(qAbs(tLast - t0 - expected) <= 60, qPrintable(QStringLiteral("%1 vs %2").arg(tLast - t0).arg(expected)));

    // Hangup: the `stop` frame is the last thing on the socket, then a normal close.
    QCOMPARE(post(QStringLiteral("/calls/%1/actions/hangup").arg(id), {}).status, 200);
    QTRY_VERIFY(media->disconnected);
    const QJsonObject stop = media->frames.constLast();
    QCOMPARE(stop.value(QLatin1String("event")).toString(), QStringLiteral("stop"));
    QCOMPARE(stop.value(QLatin1String("stop")).toObject().value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(stop.value(QLatin1String("stream_id")).toString(), streamId);
    QTRY_COMPARE(sink->types().mid(sink->types().size() - 2), (QStringList{"streaming.stopped", "call.hangup"}));
    QCOMPARE(sink->ofType(QStringLiteral("call.hangup")).at(0).payload().value(QLatin1String("hangup_source")),
             QJsonValue(QStringLiteral("caller")));
}

void tst_SimulatorMedia::mediaEchoMarkDtmfAndErrors()
{
    QVERIFY(start());
    QSignalSpy agentAudio(sim.get(), &TelnyxSimulator::agentAudio);
    const QString id = dial(dialBody());
    QTRY_VERIFY(media->socket);
    QTRY_VERIFY(!media->ofEvent(QStringLiteral("start")).isEmpty());

    // What Switchboard sends back comes back as the outbound track.
    const QByteArray voice(160, char(0x42));
    media->send({{"event", "media"}, {"media", QJsonObject{{"payload", QString::fromLatin1(voice.toBase64())}}}});
    QTRY_VERIFY(!agentAudio.isEmpty());
    QCOMPARE(agentAudio.at(0).at(0).toString(), id);
    QCOMPARE(agentAudio.at(0).at(1).toByteArray(), voice);
    QJsonObject outbound;
    QTRY_VERIFY([&] {
        for (const QJsonObject &f : media->ofEvent(QStringLiteral("media"))) {
            if (f.value(QLatin1String("media")).toObject().value(QLatin1String("track")) == QLatin1String("outbound"))
                outbound = f.value(QLatin1String("media")).toObject();
        }
        return !outbound.isEmpty();
    }());
    QCOMPARE(outbound.value(QLatin1String("payload")).toString(), QString::fromLatin1(voice.toBase64()));
    QCOMPARE(outbound.value(QLatin1String("chunk")).toString(), QStringLiteral("1"));

    media->send({{"event", "mark"}, {"mark", QJsonObject{{"name", "prompt-1"}}}});
    QTRY_COMPARE(media->ofEvent(QStringLiteral("mark")).size(), 1);
    QCOMPARE(media->ofEvent(QStringLiteral("mark")).at(0).value(QLatin1String("mark")).toObject().value("name"),
             QJsonValue(QStringLiteral("prompt-1")));

    media->socket->sendTextMessage(QStringLiteral("{oops"));
    media->send({{"event", "media"}, {"media", QJsonObject{{"payload", "not base64!"}}}});
    QTRY_COMPARE(media->ofEvent(QStringLiteral("error")).size(), 2);
    QCOMPARE(media->ofEvent(QStringLiteral("error")).at(0).value("payload").toObject().value("code").toInt(), 100003);
    QCOMPARE(media->ofEvent(QStringLiteral("error")).at(1).value("payload").toObject().value("code").toInt(), 100004);

    // send_dtmf: the customer presses each digit back, on the socket and as call.dtmf.received.
    QCOMPARE(post(QStringLiteral("/calls/%1/actions/send_dtmf").arg(id), {{"digits", "1w#"}, {"duration_millis", 100}})
                 .status,
             200);
    QTRY_COMPARE(media->ofEvent(QStringLiteral("dtmf")).size(), 2);
    QCOMPARE(media->ofEvent(QStringLiteral("dtmf")).at(0).value("dtmf").toObject().value("digit").toString(), "1");
    QCOMPARE(media->ofEvent(QStringLiteral("dtmf")).at(1).value("dtmf").toObject().value("digit").toString(), "#");
    QTRY_COMPARE(sink->ofType(QStringLiteral("call.dtmf.received")).size(), 2);
    const QJsonObject digit = sink->ofType(QStringLiteral("call.dtmf.received")).at(1).payload();
    QCOMPARE(digit.value(QLatin1String("digit")).toString(), QStringLiteral("#"));
    QCOMPARE(digit.value(QLatin1String("to")).toString(), kTo);

    const auto snapshot = sim->call(id);
    QVERIFY(snapshot->media.outboundReceived >= 1);
    QCOMPARE(snapshot->media.outboundEchoed, snapshot->media.outboundReceived);
    QCOMPARE(snapshot->media.malformedReceived, quint64(2));
}

void tst_SimulatorMedia::mediaFaultsLossAndReorder()
{
    QVERIFY(start([](SimulatorOptions &o) {
        o.faults.mediaLossRate = 0.15;
        o.faults.mediaReorderRate = 0.15;
        o.faults.mediaJitterMs = 5;
        o.faults.seed = 42;
    }));
    const QString id = dial(dialBody());
    QTRY_VERIFY(media->socket);
    QTest::qWait(1200);
    QList<int> chunks;
    for (const QJsonObject &f : media->ofEvent(QStringLiteral("media")))
        chunks.append(f.value(QLatin1String("media")).toObject().value(QLatin1String("chunk")).toString().toInt());
    QVERIFY(chunks.size() > 20);
    int gaps = 0;
    int backwards = 0;
    QSet<int> seen;
    for (int i = 1; i < chunks.size(); ++i) {
        backwards += chunks.at(i) < chunks.at(i - 1) ? 1 : 0;
    }
    for (int c : std::as_const(chunks))
        seen.insert(c);
    const int highest = *std::max_element(chunks.begin(), chunks.end());
    gaps = highest - int(seen.size());
    QCOMPARE(seen.size(), chunks.size()); // nothing duplicated
    QVERIFY2(gaps > 0, "the loss fault skipped no frame");
    QVERIFY2(backwards > 0, "the reorder fault swapped no frame");
    const auto snapshot = sim->call(id);
    QVERIFY(snapshot->media.inboundLost > 0);
}

void tst_SimulatorMedia::mediaSocketDroppedMidCall()
{
    QVERIFY(start([](SimulatorOptions &o) { o.faults.dropMediaSocketAfterMs = 300; }));
    const QString id = dial(dialBody());
    QTRY_VERIFY(media->socket);
    QTRY_VERIFY(media->disconnected);
    QVERIFY(media->ofEvent(QStringLiteral("stop")).isEmpty()); // gone without a word
    QTRY_VERIFY(sink->types().contains(QStringLiteral("streaming.stopped")));
    QCOMPARE(sim->call(id)->state, QStringLiteral("answered")); // the call goes on
    QVERIFY(!sim->call(id)->streaming);
    QCOMPARE(post(QStringLiteral("/calls/%1/actions/hangup").arg(id), {}).status, 200);
    QTRY_COMPARE(sink->types().constLast(), QStringLiteral("call.hangup"));
    QCOMPARE(sink->ofType(QStringLiteral("streaming.stopped")).size(), 1);
}

void tst_SimulatorMedia::unreachableStreamFails()
{
    QVERIFY(start());
    QJsonObject body = dialBody();
    QTcpServer closed; // a port that certainly has no listener once this server is closed
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    body.insert(QStringLiteral("stream_url"), QStringLiteral("ws://127.0.0.1:%1/audio-stream").arg(port));
    QSignalSpy failed(sim.get(), &TelnyxSimulator::streamingFailed);
    dial(body);
    QVERIFY(failed.wait(6000));
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("connection_failed"));
    QTRY_COMPARE(sink->ofType(QStringLiteral("streaming.failed")).size(), 1);
    const QJsonObject p = sink->ofType(QStringLiteral("streaming.failed")).at(0).payload();
    QCOMPARE(p.value(QLatin1String("failure_reason")).toString(), QStringLiteral("connection_failed"));
    QCOMPARE(p.value(QLatin1String("stream_type")).toString(), QStringLiteral("websocket"));
    QCOMPARE(p.value(QLatin1String("stream_params")).toObject().value(QLatin1String("track")).toString(),
             QStringLiteral("both_tracks"));
    QVERIFY(!p.value(QLatin1String("stream_id")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(tst_SimulatorMedia)
#include "tst_simulatormedia.moc"
