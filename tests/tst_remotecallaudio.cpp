// SPDX-License-Identifier: MIT
// A remote desk's call audio (RemoteCallAudio, CONTRACT §7), for real: a server with a fake Telnyx whose media stream
// this test drives, a desk with an agent's token reaching it over a TCP proxy this test can cut, and a real
// AudioEngine on PulseAudio's null sink (speaker) with its microphone fed from a WAV file. Run through
// tests/audio/with-pulseaudio.sh (CTest does); CI sets SWITCHBOARD_REQUIRE_AUDIO=1.
//   1. speech sent as Telnyx inbound media reaches the desk's speaker (correlation >= 0.9);
//   2. the desk's microphone reaches the Telnyx stream through /agent-audio, paced, frame for frame;
//   3. the network drops mid-call: both sockets come back (Reconnecting -> Connected) and audio flows again;
//   4. the call ends: both sockets close, the state is Idle, and nothing reconnects;
//   5. a supervisor's whisper (/whisper) is heard on the desk's speaker (correlation >= 0.9), the customer silent;
//   6. a supervisor's desk (WhisperTalk: its own engine's microphone, talk-only) whispers into the call: frame for
//      frame its microphone reaches the agent's desk, never Telnyx; releasing ends it; a desk on its own call cannot;
//   7. (on PostgreSQL) the call's instance dies: the desk finds the instance that took the call over, and audio flows
//      there both ways.
#include "AudioAnalysis.h"
#include "RemoteCallAudio.h"
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "WhisperTalk.h"
#include "audio/AudioEngine.h"
#include "client/BackendClient.h"
#include "client/ReconnectBackoff.h"
#include "dsp/WavFile.h"
#include "media/G711.h"
#include "streaming/AgentUplinks.h"
#include "users/UserStore.h"

// Qt
#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// C++
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define SB_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define SB_LEAK_CHECK 1
#endif
#endif
#ifdef SB_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

using namespace sb;
using namespace sb::test;

namespace {

constexpr int kFrameBytes = 160;

QByteArray mediaFrame(int chunk, const QByteArray &payload)
{
    return QStringLiteral(
               R"({"event":"media","sequence_number":"%1","stream_id":"remote","media":{"track":"inbound","chunk":"%2","timestamp":"%3","payload":"%4"}})")
        .arg(chunk + 2)
        .arg(chunk)
        .arg(chunk * 20)
        .arg(QString::fromLatin1(payload.toBase64()))
        .toUtf8();
}

// The network between the desk and the server: every connection to listen port is relayed to the server, and cut()
// breaks them all at once, as a dropped link does (the server sees its side close).
class CuttableProxy : public QObject {
public:
    explicit CuttableProxy(quint16 target)
        : m_target(target)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }
    void cut()
    {
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
            if (socket)
                socket->abort();
        }
        m_sockets.clear();
    }

private:
    void relay(QTcpSocket *client)
    {
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        m_sockets << client << upstream;
        // What the client sends before the server's side is up waits here.
        auto pending = std::make_shared<QByteArray>();
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream, pending] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
            else
                pending->append(client->readAll());
        });
        connect(upstream, &QTcpSocket::connected, client, [upstream, pending] {
            upstream->write(*pending);
            pending->clear();
        });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        for (const auto &ends : {std::pair{client, upstream}, std::pair{upstream, client}}) {
            QTcpSocket *from = ends.first;
            QTcpSocket *to = ends.second;
            connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            connect(from, &QTcpSocket::disconnected, from, &QObject::deleteLater);
        }
        upstream->connectToHost(QHostAddress::LocalHost, m_target);
    }

    quint16 m_target;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
};

// The call's Telnyx media stream as the fake Telnyx holds it: what Switchboard sends on it, with arrival times.
struct TelnyxStream {
    std::unique_ptr<QWebSocket> socket;
    QList<QByteArray> payloads;
    QList<qint64> arrivedMs;
    QElapsedTimer clock;

    QList<QByteArray> voice() const // not the uplink pacer's silence
    {
        QList<QByteArray> out;
        for (const QByteArray &p : payloads) {
            if (p != QByteArray(kFrameBytes, char(0xFF)))
                out.append(p);
        }
        return out;
    }
};

} // namespace

class tst_RemoteCallAudio : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void speechFromTelnyxReachesTheDesksSpeaker();
    void desksMicrophoneReachesTelnyx();
    void networkDropReconnectsBothSockets();
    void callEndClosesBothSockets();
    void followsTheCallToTheInstanceThatTookItOver();
    void supervisorsWhisperReachesTheDesksSpeaker();
    void supervisorsDeskWhispersFromItsMicrophone();

private:
    // Dials as the agent, has the desk follow the call, and opens its Telnyx stream with a `start`.
    void startCall();
    // Opens the call's Telnyx stream on `on` (as Telnyx does with the call's stream token) and sends its `start`.
    void openStream(ServerHarness &on, const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // Sends speech frames first..first+count-1 as Telnyx inbound media, every 20 ms.
    void sendSpeech(int first, int count);
    int websocketClients(const char *path);

    QTemporaryDir m_dir;
    QByteArray m_speech;                 // 8 kHz mu-law
    std::vector<int16_t> m_speechLinear; // the same, decoded
    QString m_micFile;                   // the same speech as a WAV: the desk's microphone
    std::unique_ptr<ServerHarness> h;
    std::unique_ptr<CuttableProxy> m_proxy;
    std::unique_ptr<BackendClient> m_backend;
    std::unique_ptr<AudioEngine> m_engine;
    std::unique_ptr<RemoteCallAudio> m_remote;
    std::unique_ptr<TelnyxStream> m_stream;
    QString m_token;
    QString m_call;
    QList<QByteArray> m_micFrames; // every frame the engine's microphone made, in order
};

void tst_RemoteCallAudio::initTestCase()
{
    const QString problem = realAudioProblem();
    if (!problem.isEmpty()) {
        if (qEnvironmentVariable("SWITCHBOARD_REQUIRE_AUDIO") == QLatin1String("1"))
            QFAIL(qPrintable(QStringLiteral("SWITCHBOARD_REQUIRE_AUDIO=1 but real audio is unavailable: ") + problem));
        QSKIP(qPrintable(problem));
    }
    QString error;
    m_speech = speechMuLaw(m_dir.path(),
                           QStringLiteral("Hello, I am calling about my order. It has not arrived yet, "
                                          "and I would like to know where it is."),
                           &error);
    QVERIFY2(m_speech.size() > 8000 * 3, qPrintable(error));
    m_speechLinear.clear();
    for (char c : std::as_const(m_speech))
        m_speechLinear.push_back(muLawToLinear(uint8_t(c)));
    m_micFile = m_dir.filePath(QStringLiteral("mic.wav"));
    WavWriter wav;
    QVERIFY(wav.open(m_micFile, 8000, 1));
    QVERIFY(wav.write(m_speechLinear));
    wav.close();
}

void tst_RemoteCallAudio::init()
{
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start());
    QCOMPARE(h->server()->users()->add(QStringLiteral("alice"), Role::Agent, &m_token), UserStore::Outcome::Done);
    m_proxy = std::make_unique<CuttableProxy>(h->server()->port());
    QVERIFY(m_proxy->listen());
    m_backend = std::make_unique<BackendClient>();
    m_backend->setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port())), m_token, true);
    m_backend->start();
    QTRY_VERIFY(m_backend->eventsConnected());

    AudioOptions options;
    options.outputDeviceId = "sb_sink";
    options.micFile = m_micFile;
    options.capture = false; // the file is the microphone
    m_engine = std::make_unique<AudioEngine>(options);
    m_micFrames.clear();
    connect(m_engine.get(), &AudioEngine::microphoneFrame, this,
            [this](const QString &, const QByteArray &pcmu) { m_micFrames.append(pcmu); });
    m_remote = std::make_unique<RemoteCallAudio>(m_backend.get(), m_engine.get());
}

void tst_RemoteCallAudio::cleanup()
{
    m_remote.reset();
    m_engine.reset();
    m_stream.reset();
    m_backend.reset();
    m_proxy.reset();
    h.reset();
}

void tst_RemoteCallAudio::startCall()
{
    const QJsonObject body{{QStringLiteral("to"), QStringLiteral("+15551234567")},
                           {QStringLiteral("from"), QStringLiteral("+15557654321")}};
    const auto r = h->request(
        "POST", QStringLiteral("/api/calls/telnyx/initiate"), QJsonDocument(body).toJson(QJsonDocument::Compact),
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + m_token.toUtf8()}}, false);
    m_call = r.json.value(QLatin1String("data")).toObject().value(QLatin1String("callId")).toString();
    QVERIFY(!m_call.isEmpty());
    const QString streamToken = h->telnyx()
                                    .requestsTo(QStringLiteral("/calls"))
                                    .last()
                                    .body.value(QLatin1String("stream_auth_token"))
                                    .toString();

    m_remote->follow(m_call);
    QCOMPARE(m_remote->state(), RemoteCallAudio::State::Connecting);
    QTRY_COMPARE(m_remote->state(), RemoteCallAudio::State::Connected);
    QCOMPARE(h->server()->uplinks()->count(), 1);
    openStream(*h, QStringLiteral("/audio-stream?token=") + QString::fromLatin1(QUrl::toPercentEncoding(streamToken)));
}

void tst_RemoteCallAudio::openStream(ServerHarness &on, const QString &path,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_stream = std::make_unique<TelnyxStream>();
    m_stream->clock.start();
    m_stream->socket = on.openWebSocket(path, nullptr, headers);
    QVERIFY(m_stream->socket);
    TelnyxStream *s = m_stream.get();
    connect(s->socket.get(), &QWebSocket::textMessageReceived, s->socket.get(), [s](const QString &text) {
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        if (o.value(QLatin1String("event")).toString() != QLatin1String("media"))
            return;
        s->payloads.append(QByteArray::fromBase64(
            o.value(QLatin1String("media")).toObject().value(QLatin1String("payload")).toString().toLatin1()));
        s->arrivedMs.append(s->clock.elapsed());
    });
    s->socket->sendTextMessage(
        QStringLiteral(
            R"({"event":"start","sequence_number":"1","stream_id":"remote","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})")
            .arg(m_call));
    // The start reaches the desk over /frontend-audio and begins the engine's stream there.
    QTRY_COMPARE(m_engine->activeCallId(), m_call);
}

void tst_RemoteCallAudio::sendSpeech(int first, int count)
{
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        const int index = first + i;
        m_stream->socket->sendTextMessage(
            QString::fromUtf8(mediaFrame(index, m_speech.mid(index * kFrameBytes, kFrameBytes))));
        m_stream->socket->flush();
        const qint64 next = qint64(i + 1) * 20;
        while (clock.elapsed() < next)
            QTest::qWait(int(std::max<qint64>(1, next - clock.elapsed())));
    }
}

int tst_RemoteCallAudio::websocketClients(const char *path)
{
    const QByteArray metrics = h->get(QStringLiteral("/metrics")).body;
    const QByteArray key = QByteArray("switchboard_websocket_clients{path=\"") + path + "\"} ";
    const qsizetype at = metrics.indexOf(key);
    if (at < 0)
        return -1;
    const qsizetype end = metrics.indexOf('\n', at);
    return metrics.mid(at + key.size(), end - at - key.size()).trimmed().toInt();
}

void tst_RemoteCallAudio::speechFromTelnyxReachesTheDesksSpeaker()
{
    startCall();
    // An idle null sink starts a new stream only after up to 2 s (tst_endtoendaudio); speech starts once it pulls.
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->framesPlayed() >= 10, 5000);

    QElapsedTimer clock;
    clock.start();
    Capture capture(QStringLiteral("sb_sink.monitor"), m_dir.filePath(QStringLiteral("played.raw")));
    QTest::qWait(300);
    const int frames = int(m_speech.size() / kFrameBytes);
    const quint64 underrunsBefore = m_engine->outputUnderruns();
    const quint64 jitterUnderrunsBefore = m_engine->jitterStats().underruns;
    sendSpeech(0, frames);
    QTest::qWait(700);
    const quint64 underruns = m_engine->outputUnderruns() - underrunsBefore;
    qint64 captureStartMs = 0;
    const std::vector<int16_t> played = capture.stop(clock, &captureStartMs);

    const std::vector<int16_t> &sent = m_speechLinear;
    const Match m = bestMatch(sent, played);
    const auto stats = m_engine->jitterStats();
    const PlayoutShifts shifts{stats.drainedMs, stats.underruns - jitterUnderrunsBefore, underruns};
    const double windowed = windowedCorrelation(sent, played, m.lag, shifts.searchSamples());
    qInfo("remote desk speaker: correlation %.4f at the best lag, %.4f per half-second window; %llu of %d frames "
          "reached the speaker; concealed %llu ms (the wait for speech included), drained %llu ms; the jitter buffer "
          "ran dry %llu times, the device %llu times",
          m.correlation, windowed, m_remote->framesToSpeaker(), frames, stats.concealedMs, stats.drainedMs,
          shifts.jitterUnderruns, underruns);
    QCOMPARE(m_remote->framesToSpeaker(), quint64(frames));
    // As tst_endtoendaudio: one lag fits the whole clip unless the jitter buffer shortened its latency mid-clip (a
    // "drain"), ran dry and re-buffered, or the device ran dry; then each window has its own lag.
    if (shifts.none())
        QVERIFY2(m.correlation >= 0.9, qPrintable(QString::number(m.correlation)));
    QVERIFY2(windowed >= 0.9, qPrintable(QString::number(windowed)));
}

void tst_RemoteCallAudio::supervisorsWhisperReachesTheDesksSpeaker()
{
    startCall();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->framesPlayed() >= 10, 5000);
    QString sueToken;
    QCOMPARE(h->server()->users()->add(QStringLiteral("sue"), Role::Supervisor, &sueToken), UserStore::Outcome::Done);
    auto whisper = h->openWebSocket(QStringLiteral("/whisper?call=%1&token=%2")
                                        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_call)), sueToken));
    QVERIFY(whisper);
    QTRY_COMPARE(h->server()->uplinks()->count(AgentUplinks::Kind::Whisper), 1);

    QElapsedTimer clock;
    clock.start();
    Capture capture(QStringLiteral("sb_sink.monitor"), m_dir.filePath(QStringLiteral("whisper.raw")));
    QTest::qWait(300);
    const int frames = int(m_speech.size() / kFrameBytes);
    const quint64 underrunsBefore = m_engine->outputUnderruns();
    bool audible = false;
    for (int i = 0; i < frames; ++i) { // the supervisor's desk: a 20 ms frame every 20 ms; Telnyx sends nothing
        whisper->sendBinaryMessage(m_speech.mid(i * kFrameBytes, kFrameBytes));
        whisper->flush();
        while (clock.elapsed() < 300 + qint64(i + 1) * 20)
            QTest::qWait(1);
        audible = audible || m_engine->isWhisperAudible();
    }
    QTest::qWait(700);
    const quint64 underruns = m_engine->outputUnderruns() - underrunsBefore;
    qint64 captureStartMs = 0;
    const std::vector<int16_t> played = capture.stop(clock, &captureStartMs);

    const std::vector<int16_t> &sent = m_speechLinear;
    const Match m = bestMatch(sent, played);
    const PlayoutShifts shifts{0, 0, underruns};
    const double windowed = windowedCorrelation(sent, played, m.lag, shifts.searchSamples());
    qInfo("whisper on the remote desk's speaker: correlation %.4f at the best lag, %.4f per half-second window; %llu "
          "of %d frames reached the engine; the device ran dry %llu times",
          m.correlation, windowed, m_remote->whisperFrames(), frames, underruns);
    QVERIFY(audible);
    QCOMPARE(m_remote->whisperFrames(), quint64(frames));
    QVERIFY2(windowed >= 0.9, qPrintable(QString::number(windowed)));
    QCOMPARE(m_remote->framesToSpeaker(), quint64(0)); // the customer said nothing: all that was heard is the whisper
}

void tst_RemoteCallAudio::supervisorsDeskWhispersFromItsMicrophone()
{
    startCall();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->framesPlayed() >= 10, 5000);
    // The supervisor's desk: its own client and engine (microphone: a file of silence and a tone, unlike the agent's).
    QString sueToken;
    QCOMPARE(h->server()->users()->add(QStringLiteral("sue"), Role::Supervisor, &sueToken), UserStore::Outcome::Done);
    BackendClient sueClient;
    sueClient.setEndpoint(QUrl(h->server()->listenUrl()), sueToken, true);
    const QString toneFile = m_dir.filePath(QStringLiteral("tone.wav"));
    {
        std::vector<int16_t> tone(8000 * 10);
        for (std::size_t i = 0; i < tone.size(); ++i)
            tone[i] = int16_t(8000 * std::sin(double(i) * 2 * M_PI * (300 + std::floor(double(i) / 1600) * 37) / 8000));
        WavWriter wav;
        QVERIFY(wav.open(toneFile, 8000, 1) && wav.write(tone));
        wav.close();
    }
    AudioOptions options;
    options.outputDeviceId = "sb_sink";
    options.micFile = toneFile;
    options.capture = false;
    AudioEngine sueEngine(options);
    QList<QByteArray> sueMicrophone;
    connect(&sueEngine, &AudioEngine::microphoneFrame, this,
            [&](const QString &, const QByteArray &pcmu) { sueMicrophone.append(pcmu); });
    WhisperTalk talk(&sueClient, &sueEngine);

    // What reaches the agent's desk as a whisper: on its own /frontend-audio, beside the one RemoteCallAudio holds.
    QList<QByteArray> aliceHears;
    auto aliceListens = h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2")
                                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_call)), m_token),
                                         &aliceHears);
    QVERIFY(aliceListens);
    const qsizetype telnyxBefore = m_stream->payloads.size();
    QVERIFY(talk.start(m_call));
    QCOMPARE(talk.callControlId(), m_call);
    QTRY_VERIFY(talk.isConnected());
    QTRY_VERIFY_WITH_TIMEOUT(m_remote->whisperFrames() >= 50, 5000);
    QTRY_VERIFY(m_engine->isWhisperAudible());
    talk.stop();
    QVERIFY(talk.callControlId().isEmpty());
    QVERIFY(talk.problem().isEmpty());
    QTRY_COMPARE(h->server()->uplinks()->count(AgentUplinks::Kind::Whisper), 0);
    QVERIFY(sueEngine.activeCallId().isEmpty());

    QList<QByteArray> whispers;
    for (const QByteArray &text : std::as_const(aliceHears)) {
        const QJsonObject media = QJsonDocument::fromJson(text).object().value(QLatin1String("media")).toObject();
        if (media.value(QLatin1String("track")).toString() == QLatin1String("whisper"))
            whispers.append(QByteArray::fromBase64(media.value(QLatin1String("payload")).toString().toLatin1()));
    }
    qInfo("supervisor's microphone -> agent's desk: %llu frames sent, %lld heard as a whisper, %llu handed to the "
          "agent's engine",
          talk.framesSent(), qint64(whispers.size()), m_remote->whisperFrames());
    QVERIFY(whispers.size() >= 50);
    qsizetype at = 0; // frame for frame the supervisor's microphone, in order
    for (qsizetype i = 0; i < whispers.size(); ++i) {
        const qsizetype found = sueMicrophone.indexOf(whispers.at(i), at);
        QVERIFY2(found >= 0, qPrintable(QStringLiteral("whisper frame %1 is not the microphone's next").arg(i)));
        at = found + 1;
    }
    // Telnyx got the agent's microphone meanwhile, never the supervisor's.
    for (const QByteArray &sent : m_stream->payloads.mid(telnyxBefore))
        QVERIFY(!sueMicrophone.contains(sent));

    // A desk on a call of its own cannot whisper: its microphone is that call's.
    WhisperTalk busy(&sueClient, m_engine.get());
    QVERIFY(!busy.start(m_call));
    QVERIFY(!busy.problem().isEmpty());
    QVERIFY(busy.callControlId().isEmpty());
}

void tst_RemoteCallAudio::desksMicrophoneReachesTelnyx()
{
    startCall();
    constexpr int kWanted = 100; // 2 s of voice
    QTRY_VERIFY_WITH_TIMEOUT(m_stream->voice().size() >= kWanted, 10000);

    // Frame for frame what the desk's microphone made, in its order (those made before the uplink took them, and the
    // file's silent frames, which equal the pacer's silence, are not there).
    const QList<QByteArray> voice = m_stream->voice();
    qsizetype at = 0;
    for (qsizetype i = 0; i < voice.size(); ++i) {
        const qsizetype found = m_micFrames.indexOf(voice.at(i), at);
        QVERIFY2(found >= 0, qPrintable(QStringLiteral("voice frame %1 is not the microphone's next").arg(i)));
        at = found + 1;
    }
    QVERIFY(m_remote->framesFromMicrophone() >= quint64(kWanted));

    // Paced: Telnyx gets a frame per 20 ms, not bursts (generous bounds: a loaded machine passes).
    const QList<qint64> &arrived = m_stream->arrivedMs;
    const double span = double(arrived.last() - arrived.first());
    const double rate = double(arrived.size() - 1) * 1000.0 / span;
    qInfo("desk microphone -> Telnyx: %lld frames (%lld voice) over %.0f ms, %.1f frames/s; %llu sent, %llu dropped",
          qint64(arrived.size()), qint64(voice.size()), span, rate, m_remote->framesFromMicrophone(),
          m_remote->microphoneFramesDropped());
    QVERIFY2(rate > 25 && rate < 75, qPrintable(QString::number(rate)));
}

void tst_RemoteCallAudio::networkDropReconnectsBothSockets()
{
    startCall();
    const int frames = int(m_speech.size() / kFrameBytes);
    sendSpeech(0, 50);
    QTRY_VERIFY(m_remote->framesToSpeaker() >= 50);
    QTRY_VERIFY(m_stream->voice().size() >= 25);

    QList<RemoteCallAudio::State> states;
    const QObject watching; // ends the connection with this function, whatever way it leaves
    connect(m_remote.get(), &RemoteCallAudio::stateChanged, &watching,
            [&states](RemoteCallAudio::State state) { states.append(state); });
    m_proxy->cut();
    QTRY_VERIFY(states.contains(RemoteCallAudio::State::Reconnecting));
    // Back within the backoff: the first retry comes after 250 ms; a refusal (the server has not seen the old uplink
    // go yet) waits 500 ms, then 1 s...
    QTRY_COMPARE_WITH_TIMEOUT(m_remote->state(), RemoteCallAudio::State::Connected, 8000);
    QCOMPARE(states.last(), RemoteCallAudio::State::Connected);
    QVERIFY(!states.contains(RemoteCallAudio::State::Idle)); // the call was never left
    QCOMPARE(m_remote->callControlId(), m_call);
    QTRY_COMPARE(h->server()->uplinks()->count(), 1);
    QVERIFY(m_remote->reconnects() >= 1);

    // Audio flows again both ways.
    const quint64 heard = m_remote->framesToSpeaker();
    const qsizetype spoken = m_stream->voice().size();
    sendSpeech(50, std::min(100, frames - 50));
    QTRY_VERIFY(m_remote->framesToSpeaker() >= heard + 90);
    QTRY_VERIFY_WITH_TIMEOUT(m_stream->voice().size() >= spoken + 50, 5000);
    QCOMPARE(m_engine->activeCallId(), m_call); // the stream went on through the drop
    qInfo("after the drop: %d reconnect(s); %llu frames heard, %lld spoken since", m_remote->reconnects(),
          m_remote->framesToSpeaker() - heard, qint64(m_stream->voice().size() - spoken));
}

void tst_RemoteCallAudio::callEndClosesBothSockets()
{
    startCall();
    sendSpeech(0, 10);
    QTRY_COMPARE(websocketClients("/frontend-audio"), 1);
    QTRY_COMPARE(websocketClients("/agent-audio"), 1);

    int changes = 0;
    const QObject watching; // ends the connection with this function, whatever way it leaves
    connect(m_remote.get(), &RemoteCallAudio::stateChanged, &watching, [&changes] { ++changes; });
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(QStringLiteral("e-hangup"), QStringLiteral("call.hangup"), m_call,
                                                    QStringLiteral("2026-03-10T14:02:11.000000Z")))
                 .status,
             200);
    QTRY_COMPARE(m_remote->state(), RemoteCallAudio::State::Idle);
    QVERIFY(m_remote->callControlId().isEmpty());
    QTRY_COMPARE(websocketClients("/frontend-audio"), 0);
    QTRY_COMPARE(websocketClients("/agent-audio"), 0);
    QTRY_VERIFY(m_engine->activeCallId().isEmpty());

    // Nothing reconnects: several backoff delays later, still nothing open and no state change.
    const int changesAtIdle = changes;
    QTest::qWait(1500);
    QCOMPARE(websocketClients("/frontend-audio"), 0);
    QCOMPARE(websocketClients("/agent-audio"), 0);
    QCOMPARE(h->server()->uplinks()->count(), 0);
    QCOMPARE(changes, changesAtIdle);
    QCOMPARE(m_remote->state(), RemoteCallAudio::State::Idle);
}

void tst_RemoteCallAudio::followsTheCallToTheInstanceThatTookItOver()
{
    SB_REQUIRE_POSTGRESQL_IF_ASKED();
    if (!onPostgresql())
        QSKIP("several instances need PostgreSQL");
    // B shares A's database; the desk is connected to B; the call is dialled on A, where its media is.
    ServerHarness b;
    QVERIFY(b.startBeside(*h));
    m_backend->setEndpoint(b.url(QString()), m_token, true);
    QTRY_VERIFY(m_backend->eventsConnected());
    startCall(); // B refuses the media sockets (409); the call's record names A, where they open
    QCOMPARE(m_backend->callInstances().of(m_call), QUrl(h->server()->publicUrl()));
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(QStringLiteral("e-answered"), QStringLiteral("call.answered"),
                                                    m_call, QStringLiteral("2026-03-10T14:02:01.000000Z")))
                 .status,
             200);
    sendSpeech(0, 25);
    QTRY_VERIFY(m_remote->framesToSpeaker() >= 25);

    h->stop(); // A dies with the call's media; B takes the call over within 5 s
    QTRY_COMPARE(m_remote->state(), RemoteCallAudio::State::Reconnecting);
    const QString startPath = m_call + QStringLiteral("/actions/streaming_start");
    QTRY_COMPARE_WITH_TIMEOUT(b.telnyx().requestsTo(startPath).size(), 1, 7000);
    const QString token =
        b.telnyx().requestsTo(startPath).first().body.value(QLatin1String("stream_auth_token")).toString();
    openStream(b, QStringLiteral("/audio-stream"), {{"x-telnyx-streaming-auth-token", token.toUtf8()}});

    // The desk's sockets find the call at B (backoff at most 5 s between attempts) and the audio goes on both ways.
    QTRY_COMPARE_WITH_TIMEOUT(m_remote->state(), RemoteCallAudio::State::Connected, ReconnectBackoff::kMaxMs + 3000);
    QCOMPARE(m_backend->callInstances().of(m_call), QUrl(b.server()->publicUrl()));
    QTRY_COMPARE(b.server()->uplinks()->count(), 1);
    QCOMPARE(m_remote->callControlId(), m_call);
    const quint64 heard = m_remote->framesToSpeaker();
    sendSpeech(25, 50);
    QTRY_VERIFY(m_remote->framesToSpeaker() >= heard + 45);
    QTRY_VERIFY_WITH_TIMEOUT(m_stream->voice().size() >= 25, 5000);
    qInfo("after the takeover: %d reconnect(s); %llu frames heard, %lld spoken at the new instance",
          m_remote->reconnects(), m_remote->framesToSpeaker() - heard, qint64(m_stream->voice().size()));
    m_remote->leave();
}

// Qt Multimedia 6.4 tears its PulseAudio context down in a static destructor at exit, where libpulse sometimes aborts
// (`m->io_events_please_scan == 0`, mainloop.c:518) after every test has passed and reported: a failed run of a test
// that did not fail. So this test ends its own process once the results are out: LeakSanitizer's check first (in the
// sanitizer build), then _Exit, without the static destructors.
int main(int argc, char *argv[])
{
    QTEST_MAIN_SETUP()
    tst_RemoteCallAudio tc;
    QTEST_SET_MAIN_SOURCE_PATH
    const int result = QTest::qExec(&tc, argc, argv);
    std::fflush(nullptr);
#ifdef SB_LEAK_CHECK
    __lsan_do_leak_check(); // reports and fails the process if anything leaked
#endif
    std::_Exit(result);
}

#include "tst_remotecallaudio.moc"
