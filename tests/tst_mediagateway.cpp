// SPDX-License-Identifier: MIT
// Integration: a Telnyx-like media client on /audio-stream and listeners on /frontend-audio, all over
// real sockets against the running server.
#include "ServerHarness.h"
#include "WebSocketTestData.h"
#include "streaming/AudioFanout.h"
#include "streaming/MediaGateway.h"
#include "websocket/WebSocketFrames.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace sb::test;

namespace {

QByteArray startFrame(const QString &callId, const QString &encoding = QStringLiteral("PCMU"),
                      const QString &streamId = QStringLiteral("stream-1"))
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("event"), QStringLiteral("start")},
                             {QStringLiteral("sequence_number"), QStringLiteral("1")},
                             {QStringLiteral("stream_id"), streamId},
                             {QStringLiteral("start"), QJsonObject{{QStringLiteral("call_control_id"), callId},
                                                                   {QStringLiteral("media_format"),
                                                                    QJsonObject{{QStringLiteral("encoding"), encoding},
                                                                                {QStringLiteral("sample_rate"), 8000},
                                                                                {QStringLiteral("channels"), 1}}}}},
                         })
        .toJson(QJsonDocument::Compact);
}

QByteArray mediaFrame(int n, const QString &track = QStringLiteral("inbound"), int bytes = 160)
{
    QByteArray payload(bytes, char(n & 0x7F));
    return QStringLiteral(
               R"({"event":"media","sequence_number":"%1","stream_id":"stream-1","media":{"track":"%2","chunk":"%3","timestamp":"%4","payload":"%5"}})")
        .arg(n + 1)
        .arg(track)
        .arg(n)
        .arg(n * 20)
        .arg(QString::fromLatin1(payload.toBase64()))
        .toUtf8();
}

QByteArray stopFrame(const QString &callId)
{
    return QStringLiteral(
               R"({"event":"stop","sequence_number":"999","stream_id":"stream-1","stop":{"call_control_id":"%1"}})")
        .arg(callId)
        .toUtf8();
}

// The messages in what a server sent after its 101 (never fragmented here).
QList<QByteArray> serverMessages(const QByteArray &bytes)
{
    QList<QByteArray> messages;
    for (const sb::test::ServerFrame &frame : sb::test::serverFrames(bytes))
        messages.append(frame.payload);
    return messages;
}

// A /frontend-audio listener on a raw socket that will read little: Qt stops reading from the kernel once 1 KiB is
// buffered, and the kernel's receive buffer is 4 KiB. The upgrade request is sent; false when it could not connect.
bool connectStuckListener(QTcpSocket &stuck, quint16 port, const QString &token)
{
    stuck.setReadBufferSize(1024);
    stuck.connectToHost(QHostAddress::LocalHost, port);
    if (!stuck.waitForConnected(3000))
        return false;
    stuck.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    stuck.write(sb::test::upgradeRequest((QStringLiteral("/frontend-audio?token=") + token).toUtf8()));
    return true;
}

bool waitClosed(QWebSocket *ws, int ms = 3000)
{
    if (ws->state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy spy(ws, &QWebSocket::disconnected);
    return spy.wait(ms) || ws->state() == QAbstractSocket::UnconnectedState;
}

} // namespace

class tst_MediaGateway : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void headerTokenStreamIsForwardedInOrder();
    void tokenInQueryAndConnectedFrame_data();
    void tokenInQueryAndConnectedFrame();
    void refusedConnections_data();
    void refusedConnections();
    void endedCallTokenRefused();
    void frontendAudioNeedsToken();
    void filtersByCallAndTrack();
    void lateListenerGetsTheStart();
    void malformedFramesCountedConnectionKept();
    void abruptDisconnectEndsStreamForListeners();
    void abruptDisconnectStopKeepsStreamIdAsText();
    void microphoneFramesAndMute();
    void slowListenerDoesNotStallOthers();
    void stuckListenerOfManyStreamsIsDropped();
    void oversizedMessagesClose1009_data();
    void oversizedMessagesClose1009();
    void inboundAudioInPlaybackOrder();
    void mediaIsReadOffTheMainThread();
    void pingsAnsweredOnMediaPaths();
    void protocolErrorClosesTheStream();
    void extraMediaPorts();

private:
    // Dials, then opens the call's media stream the way Telnyx does (token in the request header).
    std::unique_ptr<QWebSocket> openStream(QString *callId, QList<QByteArray> *fromServer = nullptr);
    QString streamToken() const;
    std::unique_ptr<ServerHarness> h;
};

void tst_MediaGateway::init()
{
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start());
}

void tst_MediaGateway::cleanup()
{
    h.reset();
}

QString tst_MediaGateway::streamToken() const
{
    return h->telnyx()
        .requestsTo(QStringLiteral("/calls"))
        .last()
        .body.value(QLatin1String("stream_auth_token"))
        .toString();
}

std::unique_ptr<QWebSocket> tst_MediaGateway::openStream(QString *callId, QList<QByteArray> *fromServer)
{
    *callId = h->dial();
    return h->openWebSocket(QStringLiteral("/audio-stream"), fromServer,
                            {{"x-telnyx-streaming-auth-token", streamToken().toUtf8()}});
}

void tst_MediaGateway::headerTokenStreamIsForwardedInOrder()
{
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QVERIFY(listener);
    QTRY_COMPARE(heard.size(), 1);
    const QJsonObject hello = QJsonDocument::fromJson(heard[0]).object();
    QCOMPARE(hello.value(QLatin1String("event")).toString(), QStringLiteral("connected"));
    QCOMPARE(hello.value(QLatin1String("message")).toString(), QStringLiteral("Connected to audio stream"));
    QCOMPARE(hello.value(QLatin1String("config")).toObject(),
             QJsonObject({{QStringLiteral("format"), QStringLiteral("PCMU")},
                          {QStringLiteral("sampleRate"), 8000},
                          {QStringLiteral("channels"), 1}}));

    QString callId;
    auto telnyx = openStream(&callId);
    QVERIFY(telnyx);
    QList<QByteArray> sent{startFrame(callId)};
    for (int i = 0; i < 20; ++i)
        sent.append(mediaFrame(i, QStringLiteral("inbound"), i == 7 ? 792 : 160)); // any length is fine
    sent.append(stopFrame(callId));
    for (const QByteArray &frame : sent)
        telnyx->sendTextMessage(QString::fromUtf8(frame));
    QTRY_COMPARE(heard.size(), 1 + sent.size());
    for (int i = 0; i < sent.size(); ++i)
        QCOMPARE(heard[i + 1], sent[i]); // the very same text, in order
    QVERIFY(h->get(QStringLiteral("/metrics")).body.contains("switchboard_media_frames_in_total 20"));
}

void tst_MediaGateway::tokenInQueryAndConnectedFrame_data()
{
    QTest::addColumn<QString>("where");
    QTest::newRow("query") << QStringLiteral("query");
    QTest::newRow("connected top level") << QStringLiteral("top");
    QTest::newRow("connected object") << QStringLiteral("nested");
}

void tst_MediaGateway::tokenInQueryAndConnectedFrame()
{
    QFETCH(QString, where);
    const QString callId = h->dial();
    const QString token = streamToken();
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    std::unique_ptr<QWebSocket> telnyx;
    if (where == QLatin1String("query")) {
        telnyx = h->openWebSocket(QStringLiteral("/audio-stream?token=") +
                                  QString::fromLatin1(QUrl::toPercentEncoding(token)));
    } else {
        telnyx = h->openWebSocket(QStringLiteral("/audio-stream"));
        QVERIFY(telnyx);
        const QJsonObject connected =
            where == QLatin1String("top")
                ? QJsonObject{{QStringLiteral("event"), QStringLiteral("connected")},
                              {QStringLiteral("version"), QStringLiteral("1.0.0")},
                              {QStringLiteral("x-telnyx-streaming-auth-token"), token}}
                : QJsonObject{{QStringLiteral("event"), QStringLiteral("connected")},
                              {QStringLiteral("connected"),
                               QJsonObject{{QStringLiteral("x-telnyx-streaming-auth-token"), token}}}};
        telnyx->sendTextMessage(QString::fromUtf8(QJsonDocument(connected).toJson(QJsonDocument::Compact)));
    }
    QVERIFY(telnyx);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(heard[1], startFrame(callId));
    QCOMPARE(heard[2], mediaFrame(0));
    QCOMPARE(telnyx->state(), QAbstractSocket::ConnectedState);
}

void tst_MediaGateway::refusedConnections_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("wrong header token") << QStringLiteral("header");
    QTest::newRow("wrong query token") << QStringLiteral("query");
    QTest::newRow("media before any token") << QStringLiteral("media-first");
    QTest::newRow("connected without token") << QStringLiteral("connected-no-token");
    QTest::newRow("connected with wrong token") << QStringLiteral("connected-wrong");
    QTest::newRow("garbage first frame") << QStringLiteral("garbage");
    QTest::newRow("silent for 5 s") << QStringLiteral("silent");
    QTest::newRow("start for another call") << QStringLiteral("other-call");
}

void tst_MediaGateway::refusedConnections()
{
    QFETCH(QString, kind);
    const QString callId = h->dial();
    const QString token = streamToken();
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QTRY_COMPARE(heard.size(), 1);

    std::unique_ptr<QWebSocket> telnyx;
    if (kind == QLatin1String("header"))
        telnyx =
            h->openWebSocket(QStringLiteral("/audio-stream"), nullptr, {{"x-telnyx-streaming-auth-token", "nope"}});
    else if (kind == QLatin1String("query"))
        telnyx = h->openWebSocket(QStringLiteral("/audio-stream?token=nope"));
    else if (kind == QLatin1String("other-call"))
        telnyx = h->openWebSocket(QStringLiteral("/audio-stream"), nullptr,
                                  {{"x-telnyx-streaming-auth-token", token.toUtf8()}});
    else
        telnyx = h->openWebSocket(QStringLiteral("/audio-stream"));
    if (telnyx) {
        if (kind == QLatin1String("media-first"))
            telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
        if (kind == QLatin1String("connected-no-token"))
            telnyx->sendTextMessage(QStringLiteral(R"({"event":"connected","version":"1.0.0"})"));
        if (kind == QLatin1String("connected-wrong"))
            telnyx->sendTextMessage(QStringLiteral(R"({"event":"connected","x-telnyx-streaming-auth-token":"nope"})"));
        if (kind == QLatin1String("garbage"))
            telnyx->sendTextMessage(QStringLiteral("{{{{"));
        if (kind == QLatin1String("other-call"))
            telnyx->sendTextMessage(QString::fromUtf8(startFrame(QStringLiteral("v3:someone-else"))));
        // Whatever it sends now must not reach a listener.
        if (kind != QLatin1String("silent")) {
            telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
            telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(1)));
        }
        QVERIFY(waitClosed(telnyx.get(), kind == QLatin1String("silent") ? 7000 : 3000));
        QCOMPARE(telnyx->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
    QTest::qWait(50);
    QCOMPARE(heard.size(), 1);
}

void tst_MediaGateway::endedCallTokenRefused()
{
    const QString callId = h->dial();
    const QString token = streamToken();
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(QStringLiteral("e-hangup"), QStringLiteral("call.hangup"), callId,
                                                    QStringLiteral("2026-03-10T14:02:11.000000Z")))
                 .status,
             200);
    auto telnyx =
        h->openWebSocket(QStringLiteral("/audio-stream"), nullptr, {{"x-telnyx-streaming-auth-token", token.toUtf8()}});
    if (telnyx) {
        QVERIFY(waitClosed(telnyx.get()));
        QCOMPARE(telnyx->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
}

void tst_MediaGateway::frontendAudioNeedsToken()
{
    for (const QString &path : {QStringLiteral("/frontend-audio"), QStringLiteral("/frontend-audio?token=wrong")}) {
        QList<QByteArray> heard;
        auto ws = h->openWebSocket(path, &heard);
        if (ws) {
            QVERIFY(waitClosed(ws.get()));
            QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        }
        QVERIFY(heard.isEmpty());
    }
    auto ws = h->openWebSocket(QStringLiteral("/frontend-audio"), nullptr,
                               {{"Authorization", "Bearer " + h->token().toUtf8()}});
    QVERIFY(ws);
    QTest::qWait(100);
    QCOMPARE(ws->state(), QAbstractSocket::ConnectedState);
}

void tst_MediaGateway::filtersByCallAndTrack()
{
    QString callA;
    auto telnyxA = openStream(&callA);
    QString callB;
    auto telnyxB = openStream(&callB);
    QVERIFY(telnyxA && telnyxB);

    QList<QByteArray> all, onlyA, bothA;
    auto lAll = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &all);
    auto lA = h->openWebSocket(QStringLiteral("/frontend-audio?token=%1&call=%2").arg(h->token(), callA), &onlyA);
    auto lBoth =
        h->openWebSocket(QStringLiteral("/frontend-audio?token=%1&call=%2&tracks=both").arg(h->token(), callA), &bothA);
    QTRY_VERIFY(all.size() == 1 && onlyA.size() == 1 && bothA.size() == 1);

    telnyxA->sendTextMessage(QString::fromUtf8(startFrame(callA)));
    telnyxB->sendTextMessage(QString::fromUtf8(startFrame(callB)));
    telnyxA->sendTextMessage(QString::fromUtf8(mediaFrame(0, QStringLiteral("inbound"))));
    telnyxA->sendTextMessage(QString::fromUtf8(mediaFrame(1, QStringLiteral("outbound_track"))));
    telnyxB->sendTextMessage(QString::fromUtf8(mediaFrame(2, QStringLiteral("inbound_track"))));
    telnyxA->sendTextMessage(QString::fromUtf8(mediaFrame(3, QStringLiteral("outbound"))));

    QTRY_COMPARE(all.size(), 1 + 2 + 2);   // two starts, inbound of A and B
    QTRY_COMPARE(onlyA.size(), 1 + 1 + 1); // A's start and inbound
    QTRY_COMPARE(bothA.size(), 1 + 1 + 3); // A's start, inbound and both outbound frames
    QTest::qWait(50);
    QCOMPARE(onlyA.size(), 3);
    QCOMPARE(onlyA[2], mediaFrame(0, QStringLiteral("inbound")));
    QCOMPARE(bothA[3], mediaFrame(1, QStringLiteral("outbound_track")));
    QCOMPARE(bothA[4], mediaFrame(3, QStringLiteral("outbound")));
    QCOMPARE(h->server()->fanout()->listenerCount(callA), 3);
    QCOMPARE(h->server()->fanout()->listenerCount(callB), 1);
    // Supervisors see the count in the API.
    QCOMPARE(h->get(QStringLiteral("/api/calls/") + callA)
                 .json.value(QLatin1String("data"))
                 .toObject()
                 .value(QLatin1String("listeners"))
                 .toInt(),
             3);
}

void tst_MediaGateway::lateListenerGetsTheStart()
{
    QString callId;
    auto telnyx = openStream(&callId);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
    QTRY_COMPARE(h->server()->media()->streamCount(), 1);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QTRY_COMPARE(heard.size(), 2);
    QCOMPARE(heard[1], startFrame(callId));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(1)));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(heard[2], mediaFrame(1));
}

void tst_MediaGateway::malformedFramesCountedConnectionKept()
{
    QString callId;
    auto telnyx = openStream(&callId);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    const QStringList bad{QStringLiteral("not json"), QStringLiteral("[]"), QStringLiteral(R"({"event":"media"})"),
                          QStringLiteral(R"({"event":"media","media":{"track":"inbound","payload":"***"}})"),
                          QStringLiteral(R"({"event":"teleport"})"),
                          // Switchboard's own whisper track (a supervisor to the agent): never Telnyx's to send
                          QStringLiteral(R"({"event":"media","media":{"track":"whisper","payload":"/w=="}})"),
                          QString(70000, QLatin1Char('['))};
    for (const QString &frame : bad)
        telnyx->sendTextMessage(frame);
    telnyx->sendBinaryMessage(QByteArray(160, '\xff'));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(5)));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(heard[2], mediaFrame(5));
    QCOMPARE(telnyx->state(), QAbstractSocket::ConnectedState);
    QVERIFY(h->get(QStringLiteral("/metrics")).body.contains("switchboard_media_frames_malformed_total 8"));
}

void tst_MediaGateway::abruptDisconnectEndsStreamForListeners()
{
    QString callId;
    auto telnyx = openStream(&callId);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QSignalSpy stopped(h->server()->media(), &sb::MediaGateway::streamStopped);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
    QTRY_COMPARE(heard.size(), 3);
    telnyx->abort();
    QTRY_COMPARE(stopped.size(), 1);
    QTRY_COMPARE(heard.size(), 4);
    QCOMPARE(QJsonDocument::fromJson(heard[3]).object().value(QLatin1String("event")).toString(),
             QStringLiteral("stop"));
    QCOMPARE(h->server()->media()->streamCount(), 0);
}

void tst_MediaGateway::abruptDisconnectStopKeepsStreamIdAsText()
{
    // A stream_id that would close the string and add a member if it were spliced into the stop frame.
    const QString streamId = QStringLiteral(R"(s"," injected":"yes\)");
    QString callId;
    auto telnyx = openStream(&callId);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId, QStringLiteral("PCMU"), streamId)));
    QTRY_COMPARE(heard.size(), 2);
    telnyx->abort();
    QTRY_COMPARE(heard.size(), 3);
    QJsonParseError error;
    const QJsonObject stop = QJsonDocument::fromJson(heard[2], &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(stop.value(QLatin1String("event")).toString(), QStringLiteral("stop"));
    QCOMPARE(stop.value(QLatin1String("stream_id")).toString(), streamId);
    QCOMPARE(stop.value(QLatin1String("stop")).toObject(), QJsonObject({{QStringLiteral("call_control_id"), callId}}));
    QCOMPARE(stop.keys(), QStringList({QStringLiteral("event"), QStringLiteral("stop"), QStringLiteral("stream_id")}));
}

void tst_MediaGateway::microphoneFramesAndMute()
{
    QString callId;
    QList<QByteArray> toTelnyx;
    auto telnyx = openStream(&callId, &toTelnyx);
    sb::MediaGateway *media = h->server()->media();
    const QByteArray pcmu(160, '\x55');
    QVERIFY(!media->sendMicrophone(callId, pcmu)); // no stream started yet
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    QTRY_COMPARE(media->streamCount(), 1);
    QVERIFY(media->sendMicrophone(callId, pcmu));
    QTRY_COMPARE(toTelnyx.size(), 1);
    QCOMPARE(toTelnyx[0], QByteArray(R"({"event":"media","media":{"payload":")") + pcmu.toBase64() + "\"}}");

    QCOMPARE(h->request("POST", QStringLiteral("/api/calls/telnyx/%1/mute").arg(callId)).status, 200);
    QVERIFY(!media->sendMicrophone(callId, pcmu));
    QTest::qWait(100);
    QCOMPARE(toTelnyx.size(), 1); // nothing while muted
    QCOMPARE(h->request("POST", QStringLiteral("/api/calls/telnyx/%1/unmute").arg(callId)).status, 200);
    QVERIFY(media->sendMicrophone(callId, pcmu));
    QTRY_COMPARE(toTelnyx.size(), 2);
}

void tst_MediaGateway::slowListenerDoesNotStallOthers()
{
    QString callId;
    auto telnyx = openStream(&callId);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));

    // A listener that completes the handshake and then stops reading, with a tiny receive buffer.
    QTcpSocket stuck;
    QVERIFY(connectStuckListener(stuck, h->server()->port(), h->token()));
    QTRY_COMPARE(h->server()->fanout()->listenerCount(), 1);

    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QVERIFY(listener);
    QTRY_COMPARE(heard.size(), 2); // connected, and the live stream's start
    // 60 s of audio, sent much faster than real time in bursts of 10 frames; the healthy listener
    // keeps up with each burst while the stuck one falls behind.
    constexpr int kFrames = 3000;
    for (int i = 0; i < kFrames; i += 10) {
        for (int j = i; j < i + 10; ++j)
            telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(j)));
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 2 + i + 10, 2000);
    }
    for (int i = 0; i < kFrames; i += 499)
        QCOMPARE(heard[2 + i], mediaFrame(i)); // every frame, in order
    QVERIFY2(h->server()->fanout()->droppedFrames() > 0, "the stuck listener's oldest frames were dropped");
    QVERIFY(!h->get(QStringLiteral("/metrics")).body.contains("switchboard_media_frames_dropped_total 0\n"));

    // The stream stops while the listener is stuck, and it stays stuck a while longer.
    telnyx->sendTextMessage(QString::fromUtf8(stopFrame(callId)));
    QTRY_COMPARE(heard.size(), 2 + kFrames + 1);
    QTest::qWait(1500);
    // It reads again: after what the kernel buffers held from before, it gets the newest audio, up to the last
    // frame, then the stop (CONTRACT §4: the oldest are dropped, the newest kept).
    // (Slowly: with its 4 KiB receive buffer, its window stays under one loopback MSS, so the server's TCP sends on
    // its persist timer.)
    stuck.setReadBufferSize(0);
    QByteArray bytes;
    QList<QByteArray> got;
    QTRY_VERIFY_WITH_TIMEOUT(
        (got = serverMessages(bytes += stuck.readAll())).size() >= 2 && got.last() == stopFrame(callId), 20000);
    QCOMPARE(
        got[0],
        QByteArray(
            R"({"event":"connected","message":"Connected to audio stream","config":{"format":"PCMU","sampleRate":8000,"channels":1}})"));
    QCOMPARE(got[1], startFrame(callId));
    QCOMPARE(got[got.size() - 2], mediaFrame(kFrames - 1));
    QVERIFY2(got.size() < kFrames, "the stuck listener did not get everything");
    // And then everything live.
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    for (int j = 0; j < 10; ++j)
        telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(kFrames + j)));
    const qsizetype before = got.size();
    QTRY_COMPARE_WITH_TIMEOUT((got = serverMessages(bytes += stuck.readAll())).size(), before + 11, 20000);
    QCOMPARE(got[before], startFrame(callId));
    for (int j = 0; j < 10; ++j)
        QCOMPARE(got[before + 1 + j], mediaFrame(kFrames + j));
}

void tst_MediaGateway::stuckListenerOfManyStreamsIsDropped()
{
    // Start and stop frames are never dropped for a slow listener, so they have a bound of their own: a listener
    // that reads none of them while streams come and go is dropped; the others get every one.
    QString callId;
    auto telnyx = openStream(&callId);
    QTcpSocket stuck;
    QVERIFY(connectStuckListener(stuck, h->server()->port(), h->token()));
    QTRY_COMPARE(h->server()->fanout()->listenerCount(), 1);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QVERIFY(listener);
    QTRY_COMPARE(heard.size(), 1);
    // Each start and stop is ~330 bytes: 1,500 of each are ~1 MB, more than both kernels and the bound hold.
    constexpr int kStreams = 1500;
    for (int i = 0; i < kStreams; i += 10) {
        for (int j = 0; j < 10; ++j) {
            telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
            telnyx->sendTextMessage(QString::fromUtf8(stopFrame(callId)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 1 + 2 * (i + 10), 2000);
    }
    QTRY_COMPARE(h->server()->fanout()->listenerCount(), 1);
    QCOMPARE(listener->state(), QAbstractSocket::ConnectedState);
}

void tst_MediaGateway::oversizedMessagesClose1009_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("accepted"); // a message this long is taken
    QTest::addColumn<int>("refused");  // and one this long closes the connection with 1009
    QTest::newRow("frontend-audio") << QStringLiteral("/frontend-audio") << 64 * 1024 << 64 * 1024 + 1;
    // Telnyx's media frames may be of any length: far more room there.
    QTest::newRow("audio-stream") << QStringLiteral("/audio-stream") << 512 * 1024 << 1024 * 1024 + 1;
}

void tst_MediaGateway::oversizedMessagesClose1009()
{
    QFETCH(QString, path);
    QFETCH(int, accepted);
    QFETCH(int, refused);
    QString callId;
    std::unique_ptr<QWebSocket> ws;
    if (path == QLatin1String("/audio-stream"))
        ws = openStream(&callId);
    else
        ws = h->openWebSocket(path + QStringLiteral("?token=") + h->token());
    QVERIFY(ws);
    ws->sendTextMessage(QString(accepted, QLatin1Char('x')));
    QSignalSpy pong(ws.get(), &QWebSocket::pong);
    ws->ping("still there");
    QVERIFY(pong.wait(3000));
    ws->sendTextMessage(QString(refused, QLatin1Char('x')));
    QVERIFY(waitClosed(ws.get(), 5000));
    QCOMPARE(int(ws->closeCode()), int(sb::ws::CloseTooBig));
}

void tst_MediaGateway::inboundAudioInPlaybackOrder()
{
    QString callId;
    auto telnyx = openStream(&callId);
    QSignalSpy started(h->server()->media(), &sb::MediaGateway::streamStarted);
    QSignalSpy audio(h->server()->media(), &sb::MediaGateway::inboundAudio);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId, QStringLiteral("PCMA"))));
    for (int i : {0, 2, 1})
        telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(i)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(3, QStringLiteral("outbound"))));
    QTRY_COMPARE(audio.size(), 3); // inbound only
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0][1].value<sb::G711Law>(), sb::G711Law::ALaw);
    QCOMPARE(audio[1][1].toULongLong(), 2ULL); // the chunk number, for the jitter buffer to reorder
    QCOMPARE(audio[1][2].toByteArray(), QByteArray(160, char(2)));
}

void tst_MediaGateway::mediaIsReadOffTheMainThread()
{
    // On every path (the raw sockets and the portable QWebSocket one, tst_mediagateway_qtio), Telnyx's frames are read
    // and parsed on the gateway's media thread: a busy main thread (the QML scene) does not delay the call's audio.
    QString callId;
    auto telnyx = openStream(&callId);
    std::atomic<QThread *> readOn = nullptr;
    connect(
        h->server()->media(), &sb::MediaGateway::inboundAudio, this,
        [&readOn](const QString &, quint64, const QByteArray &) { readOn = QThread::currentThread(); },
        Qt::DirectConnection);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
    QTRY_VERIFY(readOn.load());
    QVERIFY(readOn.load() != QThread::currentThread());
    QCOMPARE(readOn.load()->objectName(), QStringLiteral("switchboard-media"));
    // And the stream works both ways from there.
    QList<QByteArray> toTelnyx;
    connect(telnyx.get(), &QWebSocket::textMessageReceived, this,
            [&toTelnyx](const QString &text) { toTelnyx.append(text.toUtf8()); });
    // The main thread learns of the stream from the media thread's queued signal, which may come after the frame
    // was read there: a send before it is refused (nothing sent), so try until it is taken.
    QElapsedTimer waited;
    waited.start();
    bool taken = false;
    while (!(taken = h->server()->media()->sendMicrophone(callId, QByteArray(160, '\x55'))) && waited.elapsed() < 5000)
        QTest::qWait(10);
    QVERIFY(taken);
    QTRY_COMPARE(toTelnyx.size(), 1);
}

void tst_MediaGateway::pingsAnsweredOnMediaPaths()
{
    QString callId;
    auto telnyx = openStream(&callId);
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token());
    QVERIFY(telnyx && listener);
    for (QWebSocket *socket : {telnyx.get(), listener.get()}) {
        QSignalSpy pong(socket, &QWebSocket::pong);
        socket->ping("are you there");
        QVERIFY(pong.wait(3000));
        QCOMPARE(pong[0][1].toByteArray(), QByteArray("are you there"));
    }
}

void tst_MediaGateway::protocolErrorClosesTheStream()
{
    bool portablePath = qgetenv("SWITCHBOARD_MEDIA_IO") == "qt";
#ifndef SWITCHBOARD_HAVE_RAW_SOCKETS
    portablePath = true; // the only path this build has
#endif
    if (portablePath)
        QSKIP("on the portable path QWebSocket handles protocol errors its own way");
    QString callId;
    auto telnyx = openStream(&callId);
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + h->token(), &heard);
    QSignalSpy stopped(h->server()->media(), &sb::MediaGateway::streamStopped);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    QTRY_COMPARE(heard.size(), 2);

    // Unmasked frames are not allowed from a client (RFC 6455 section 5.1): a raw client sends one.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, h->server()->port());
    QVERIFY(raw.waitForConnected(3000));
    raw.write(sb::test::upgradeRequest((QStringLiteral("/audio-stream?token=") + streamToken()).toUtf8()));
    QTRY_VERIFY(raw.bytesAvailable() > 0);
    QVERIFY(raw.readAll().startsWith("HTTP/1.1 101"));
    raw.write(sb::ws::encodeFrame(sb::ws::Opcode::Text, mediaFrame(0)));
    QTRY_VERIFY(raw.bytesAvailable() >= 4);
    const QByteArray closeFrame = raw.readAll();
    QCOMPARE(quint8(closeFrame[0]), quint8(0x88)); // FIN + close
    QCOMPARE(quint16(quint8(closeFrame[2]) << 8 | quint8(closeFrame[3])), quint16(sb::ws::CloseProtocolError));
    QTRY_COMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    // Nothing of it reached the listener, and the first stream is untouched.
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(1)));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(heard[2], mediaFrame(1));
    QCOMPARE(stopped.size(), 0);
}

void tst_MediaGateway::extraMediaPorts()
{
    // docs/interface.md §2.2: optional ports of their own for /audio-stream and /frontend-audio, serving their path
    // at the root too.
    quint16 ports[2];
    for (quint16 &port : ports) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start([&ports](sb::Config &c) {
        c.audioStreamPort = ports[0];
        c.frontendAudioPort = ports[1];
    }));
    const auto openOn = [](quint16 port, const QString &pathAndQuery, QList<QByteArray> *received,
                           const QByteArray &streamToken = {}) {
        auto ws = std::make_unique<QWebSocket>();
        QObject::connect(ws.get(), &QWebSocket::textMessageReceived,
                         [received](const QString &text) { received->append(text.toUtf8()); });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
        if (!streamToken.isEmpty())
            request.setRawHeader("x-telnyx-streaming-auth-token", streamToken);
        QSignalSpy connected(ws.get(), &QWebSocket::connected);
        ws->open(request);
        return connected.wait(3000) ? std::move(ws) : nullptr;
    };
    const QString callId = h->dial();
    QList<QByteArray> heard, toTelnyx;
    auto listener = openOn(ports[1], QStringLiteral("/?token=") + h->token(), &heard);
    auto telnyx = openOn(ports[0], QStringLiteral("/audio-stream"), &toTelnyx, streamToken().toUtf8());
    QVERIFY(listener && telnyx);
    telnyx->sendTextMessage(QString::fromUtf8(startFrame(callId)));
    telnyx->sendTextMessage(QString::fromUtf8(mediaFrame(0)));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(heard[1], startFrame(callId));
    QCOMPARE(heard[2], mediaFrame(0));
    QVERIFY(h->server()->media()->sendMicrophone(callId, QByteArray(160, '\x55')));
    QTRY_COMPARE(toTelnyx.size(), 1);
    QSignalSpy pong(listener.get(), &QWebSocket::pong);
    listener->ping("extra");
    QVERIFY(pong.wait(3000));
}

QTEST_GUILESS_MAIN(tst_MediaGateway)
#include "tst_mediagateway.moc"
