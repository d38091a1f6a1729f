// SPDX-License-Identifier: MIT
// A contact center on one Switchboard (issue #13, CONTRACT §6-§7), for real and end to end:
//
//   central server: `--demo --headless` (LocalBackend: the Telnyx simulator in front, no desk audio of its own)
//   two agent desks: the QML console offscreen (remote, each with its user's token), each with its AudioEngine on a
//                    PulseAudio null sink of its own (desk_a, desk_b) and a microphone fed from a speech WAV of its
//                    own, joined to the server by RemoteCallAudio, as `switchboard --connect` wires them
//   a supervisor:    /frontend-audio?tracks=both of every call, with the supervisor's token
//
// Each agent dials from the console and talks: the far end (the simulator) receives each agent's speech (windowed
// correlation >= 0.9 with what that agent said), each agent's speaker plays the customer (the simulator's clip),
// and the supervisor hears both sides of both calls. Then an agent tries the other's call: refused on every route and
// socket, and nothing changes. Run through tests/audio/with-pulseaudio.sh (CTest does).
#include "ActiveCallController.h"
#include "AudioAnalysis.h"
#include "Dashboard.h"
#include "LocalBackend.h"
#include "RemoteCallAudio.h"
#include "SwitchboardServer.h"
#include "WhisperTalk.h"
#include "audio/AudioEngine.h"
#include "calls/CallStore.h"
#include "client/BackendClient.h"
#include "dsp/WavFile.h"
#include "media/G711.h"
#include "media/MediaFrame.h"
#include "simulator/CustomerClip.h"
#include "simulator/TelnyxSimulator.h"
#include "users/UserStore.h"

// Qt
#include <QDir>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

// C++
#include <memory>
#include <vector>

using namespace sb;
using namespace sb::test;

namespace {

std::vector<int16_t> linear(const QByteArray &pcmu)
{
    std::vector<int16_t> out;
    out.reserve(std::size_t(pcmu.size()));
    for (char c : pcmu)
        out.push_back(muLawToLinear(uint8_t(c)));
    return out;
}

// One agent's desk, wired as DesktopRunner wires a --connect desk.
struct Desk {
    QString name;
    QString sink;
    std::unique_ptr<Dashboard> dashboard;
    std::unique_ptr<AudioEngine> engine;
    std::unique_ptr<RemoteCallAudio> audio;
};

// A /frontend-audio listener: media payloads by call and track.
struct Listener {
    std::unique_ptr<QWebSocket> socket;
    QHash<QString, QByteArray> inbound; // call -> customer's audio (PCMU)
    QHash<QString, QByteArray> outbound;
    QHash<QString, QString> callOf; // stream_id -> call, from the `start` frames
    quint16 closeCode = 0;
};

} // namespace

class tst_Team : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void twoAgentsTalkSupervisorHearsBoth();

private:
    bool addSink(const QString &name);
    std::unique_ptr<Desk> openDesk(const QString &name, const QString &token, const QString &sink,
                                   const QString &micFile);
    std::unique_ptr<Listener> listen(const QString &query);
    int request(const QByteArray &method, const QString &path, const QString &token, const QByteArray &body = {});

    QTemporaryDir m_dir;
    QStringList m_modules; // pactl module ids to unload
    QByteArray m_speechA, m_speechB;
    QString m_micA, m_micB;
    std::unique_ptr<LocalBackend> m_central;
    QHash<QString, QString> m_tokens;
    QNetworkAccessManager m_net;
};

bool tst_Team::addSink(const QString &name)
{
    bool ok = false;
    const QString id =
        runProgram(QStringLiteral("pactl"),
                   {QStringLiteral("load-module"), QStringLiteral("module-null-sink"),
                    QStringLiteral("sink_name=") + name, QStringLiteral("sink_properties=device.description=") + name},
                   &ok)
            .trimmed();
    if (ok)
        m_modules << id;
    return ok;
}

void tst_Team::initTestCase()
{
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("SWITCHBOARD_KEEP_TEST_FILES"));
    qInfo("files in %s", qPrintable(m_dir.path()));
    const QString problem = realAudioProblem();
    if (!problem.isEmpty()) {
        if (qEnvironmentVariable("SWITCHBOARD_REQUIRE_AUDIO") == QLatin1String("1"))
            QFAIL(qPrintable(QStringLiteral("SWITCHBOARD_REQUIRE_AUDIO=1 but real audio is unavailable: ") + problem));
        QSKIP(qPrintable(problem));
    }
    QVERIFY(addSink(QStringLiteral("desk_a")));
    QVERIFY(addSink(QStringLiteral("desk_b")));

    // Each agent says something of their own (about 3 s), looped by the desk as its microphone.
    QString error;
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("a")) && QDir(m_dir.path()).mkpath(QStringLiteral("b")));
    m_speechA = speechMuLaw(m_dir.filePath(QStringLiteral("a")),
                            QStringLiteral("Good morning, this is Alice from the support team."), &error);
    QVERIFY2(m_speechA.size() > 8000, qPrintable(error));
    m_speechB = speechMuLaw(m_dir.filePath(QStringLiteral("b")),
                            QStringLiteral("Hello there, Bob speaking, how can I help you today?"), &error);
    QVERIFY2(m_speechB.size() > 8000, qPrintable(error));
    for (const auto &[speech, file] : {std::pair{&m_speechA, &m_micA}, std::pair{&m_speechB, &m_micB}}) {
        *file = m_dir.filePath(QStringLiteral("mic-%1.wav").arg(file == &m_micA ? 'a' : 'b'));
        WavWriter wav;
        QVERIFY(wav.open(*file, 8000, 1));
        QVERIFY(wav.write(linear(*speech)));
        wav.close();
    }

    // The central server, as `switchboard --demo --headless --no-audio` runs it.
    Config config;
    config.demo = true;
    config.headless = true;
    config.noAudio = true;
    config.port = 0;
    config.configFile = m_dir.filePath(QStringLiteral("switchboard.conf"));
    config.databaseUrl = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("central.sqlite"));
    config.apiToken = QStringLiteral("team-test-admin-token-0123456789abcdef");
    m_central = std::make_unique<LocalBackend>(config);
    QVERIFY2(m_central->start(&error), qPrintable(error));
    QVERIFY(m_central->simulator());
    for (const auto &[name, role] :
         {std::pair{"alice", Role::Agent}, std::pair{"bob", Role::Agent}, std::pair{"sue", Role::Supervisor}}) {
        QString token;
        QCOMPARE(m_central->server()->users()->add(QLatin1String(name), role, &token), UserStore::Outcome::Done);
        m_tokens.insert(QLatin1String(name), token);
    }
}

void tst_Team::cleanupTestCase()
{
    m_central.reset();
    for (const QString &id : std::as_const(m_modules))
        runProgram(QStringLiteral("pactl"), {QStringLiteral("unload-module"), id});
}

std::unique_ptr<Desk> tst_Team::openDesk(const QString &name, const QString &token, const QString &sink,
                                         const QString &micFile)
{
    auto desk = std::make_unique<Desk>();
    desk->name = name;
    desk->sink = sink;
    Dashboard::Options options;
    options.backendUrl = QUrl(m_central->server()->listenUrl());
    options.token = token;
    options.remote = true;
    options.settingsFile = m_dir.filePath(name + QStringLiteral("-console.conf"));
    options.language = QStringLiteral("en");
    desk->dashboard = std::make_unique<Dashboard>(options);
    QString error;
    if (!desk->dashboard->load(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    desk->dashboard->window()->show();
    AudioOptions audio;
    audio.outputDeviceId = sink.toUtf8();
    audio.micFile = micFile;
    audio.capture = false; // the file is the microphone
    desk->engine = std::make_unique<AudioEngine>(audio);
    desk->audio = std::make_unique<RemoteCallAudio>(desk->dashboard->backend(), desk->engine.get());
    ActiveCallController *call = desk->dashboard->activeCall();
    RemoteCallAudio *remote = desk->audio.get();
    const auto follow = [call, remote] {
        const bool live =
            call->state() >= ActiveCallController::Calling && call->state() <= ActiveCallController::Connected;
        if (live && !call->callControlId().isEmpty())
            remote->follow(call->callControlId());
        else
            remote->leave();
    };
    connect(call, &ActiveCallController::stateChanged, remote, follow);
    connect(call, &ActiveCallController::callChanged, remote, follow);
    return desk;
}

std::unique_ptr<Listener> tst_Team::listen(const QString &query)
{
    auto l = std::make_unique<Listener>();
    l->socket = std::make_unique<QWebSocket>();
    Listener *raw = l.get();
    connect(l->socket.get(), &QWebSocket::textMessageReceived, this, [raw](const QString &text) {
        // Telnyx's own frames: `start` names the stream's call, `media` only its stream.
        const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString event = frame.value(QLatin1String("event")).toString();
        const QString stream = frame.value(QLatin1String("stream_id")).toString();
        if (event == QLatin1String("start"))
            raw->callOf.insert(
                stream,
                frame.value(QLatin1String("start")).toObject().value(QLatin1String("call_control_id")).toString());
        if (event != QLatin1String("media"))
            return;
        const QJsonObject media = frame.value(QLatin1String("media")).toObject();
        const QString call = raw->callOf.value(stream);
        const QByteArray payload = QByteArray::fromBase64(media.value(QLatin1String("payload")).toString().toLatin1());
        (media.value(QLatin1String("track")).toString() == QLatin1String("outbound") ? raw->outbound
                                                                                     : raw->inbound)[call] += payload;
    });
    connect(l->socket.get(), &QWebSocket::disconnected, this,
            [raw] { raw->closeCode = quint16(raw->socket->closeCode()); });
    QSignalSpy connected(l->socket.get(), &QWebSocket::connected);
    l->socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_central->server()->port()).arg(query)));
    connected.wait(5000);
    return l;
}

int tst_Team::request(const QByteArray &method, const QString &path, const QString &token, const QByteArray &body)
{
    QNetworkRequest r(QUrl(m_central->server()->listenUrl() + path));
    r.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = m_net.sendCustomRequest(r, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

void tst_Team::twoAgentsTalkSupervisorHearsBoth()
{
    TelnyxSimulator *telnyx = m_central->simulator();
    QHash<QString, QByteArray> heardByTelnyx; // call -> what the far end received from the agent
    connect(telnyx, &TelnyxSimulator::agentAudio, this,
            [&heardByTelnyx](const QString &call, const QByteArray &pcmu) { heardByTelnyx[call] += pcmu; });

    std::unique_ptr<Desk> alice =
        openDesk(QStringLiteral("alice"), m_tokens.value(QStringLiteral("alice")), QStringLiteral("desk_a"), m_micA);
    std::unique_ptr<Desk> bob =
        openDesk(QStringLiteral("bob"), m_tokens.value(QStringLiteral("bob")), QStringLiteral("desk_b"), m_micB);
    QVERIFY(alice && bob);
    QTRY_VERIFY(alice->dashboard->backend()->eventsConnected() && bob->dashboard->backend()->eventsConnected());

    // Each desk's speaker is recorded from the moment it dials: the customer's clip starts with the answer.
    QElapsedTimer clock;
    clock.start();
    Capture hearA(QStringLiteral("desk_a.monitor"), m_dir.filePath(QStringLiteral("heard-a.raw")));
    Capture hearB(QStringLiteral("desk_b.monitor"), m_dir.filePath(QStringLiteral("heard-b.raw")));
    alice->dashboard->activeCall()->dial(QStringLiteral("+15551110001"), QStringLiteral("+15557654321"));
    bob->dashboard->activeCall()->dial(QStringLiteral("+15552220002"), QStringLiteral("+15557654321"));
    QTRY_VERIFY_WITH_TIMEOUT(!alice->dashboard->activeCall()->callControlId().isEmpty() &&
                                 !bob->dashboard->activeCall()->callControlId().isEmpty(),
                             10000);
    const QString callA = alice->dashboard->activeCall()->callControlId();
    const QString callB = bob->dashboard->activeCall()->callControlId();
    QVERIFY(callA != callB);
    QCOMPARE(m_central->server()->store()->call(callA)->agentId, QStringLiteral("alice"));
    QCOMPARE(m_central->server()->store()->call(callB)->agentId, QStringLiteral("bob"));

    // The supervisor listens to every call, both sides.
    std::unique_ptr<Listener> sue =
        listen(QStringLiteral("/frontend-audio?tracks=both&token=") + m_tokens.value(QStringLiteral("sue")));
    QVERIFY(sue->socket->state() == QAbstractSocket::ConnectedState);

    QTRY_VERIFY_WITH_TIMEOUT(alice->dashboard->activeCall()->state() == ActiveCallController::Connected &&
                                 bob->dashboard->activeCall()->state() == ActiveCallController::Connected,
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT(alice->audio->state() == RemoteCallAudio::State::Connected &&
                                 bob->audio->state() == RemoteCallAudio::State::Connected,
                             10000);

    // Talk for a while: long enough for the whole customer clip (6 s) and two turns of each agent's sentence.
    QTest::qWait(9000);
    for (const Desk *desk : {alice.get(), bob.get()}) {
        const auto j = desk->engine->jitterStats();
        const auto l = desk->engine->playoutLatency();
        qInfo(
            "%s: jitter target %d ms, underruns %llu, late %llu, lost %llu, concealed %llu ms, drained %llu ms, device "
            "ran dry %llu times; playout p50 %d ms p99 %d ms",
            qPrintable(desk->name), j.targetMs, j.underruns, j.late, j.lost, j.concealedMs, j.drainedMs,
            desk->engine->outputUnderruns(), l.p50, l.p99);
    }
    qInfo("alice plays on %s (%llu frames to the speaker), bob on %s (%llu)",
          qPrintable(alice->engine->outputDeviceName()), alice->audio->framesToSpeaker(),
          qPrintable(bob->engine->outputDeviceName()), bob->audio->framesToSpeaker());
    qint64 startA = 0, startB = 0;
    const std::vector<int16_t> playedA = hearA.stop(clock, &startA);
    const std::vector<int16_t> playedB = hearB.stop(clock, &startB);

    // 1. The far end received each agent's own speech, on that agent's call.
    for (const auto &[call, speech, who] :
         {std::tuple{callA, &m_speechA, "alice"}, std::tuple{callB, &m_speechB, "bob"}}) {
        const std::vector<int16_t> received = linear(heardByTelnyx.value(call));
        QVERIFY2(qsizetype(received.size()) > speech->size(), who);
        const Match m = bestMatch(linear(*speech), received);
        const double windowed = windowedCorrelation(linear(*speech), received, m.lag);
        qInfo("%s -> Telnyx: %zu samples received, correlation %.4f, windowed %.4f", who, received.size(),
              m.correlation, windowed);
        QVERIFY2(windowed >= 0.9, who);
    }
    // 2. Each agent's speaker played the customer: 3 s of what it played, once the start's backlog has been drained,
    // found in the customer's looped clip. Here the simulator, the server and both desks share one thread (the
    // simulator paces its frames with timers there, and the desks read their sockets there), so the customer's frames
    // come in bursts and each desk's jitter buffer cuts them back to its target in 20 ms steps mid-stretch: each
    // half-second window may sit up to 600 ms off the stretch's lag, and a window with a cut in it correlates less.
    // 0.8 tells the customer's speech from what else a speaker could play (silence and noise score below 0.2);
    // tst_remotecallaudio and tst_endtoendaudio, with Telnyx on a thread of its own, hold the 0.9 figures.
    const QByteArray clip = CustomerClip::bundled().pcmu();
    const std::vector<int16_t> customerLoop = linear(clip + clip);
    for (const auto &[played, who] : {std::pair{&playedA, "alice"}, std::pair{&playedB, "bob"}}) {
        constexpr std::size_t kSkip = 8000 * 3, kLength = 8000 * 3;
        QVERIFY2(played->size() >= kSkip + kLength, who);
        const std::vector<int16_t> heard(played->begin() + kSkip, played->begin() + kSkip + kLength);
        const Match m = bestMatch(heard, customerLoop);
        const double windowed = windowedCorrelation(heard, customerLoop, m.lag, 4800);
        qInfo("customer -> %s's speaker: correlation %.4f, windowed %.4f (%zu samples played, rms %.0f)", who,
              m.correlation, windowed, played->size(), rms(*played));
        QVERIFY2(windowed >= 0.8, who);
    }
    // 3. The supervisor heard both sides of both calls: the customer (inbound) and the agent (outbound, as Telnyx
    // echoes what it sends the customer).
    for (const auto &[call, speech, who] :
         {std::tuple{callA, &m_speechA, "alice"}, std::tuple{callB, &m_speechB, "bob"}}) {
        QVERIFY2(sue->inbound.value(call).size() >= 8000 * 5, who); // 5 s and more of the customer
        const std::vector<int16_t> agentSide = linear(sue->outbound.value(call));
        QVERIFY2(qsizetype(agentSide.size()) > speech->size(), who);
        const Match m = bestMatch(linear(*speech), agentSide);
        const double windowed = windowedCorrelation(linear(*speech), agentSide, m.lag);
        qInfo("supervisor hears %s: %lld bytes of the customer, agent's side windowed correlation %.4f", who,
              qint64(sue->inbound.value(call).size()), windowed);
        QVERIFY2(windowed >= 0.9, who);
    }

    // 4. alice cannot touch bob's call: not listed, not heard, not muted, not ended; nothing changes.
    const QJsonObject bobBefore = m_central->server()->store()->call(callB)->toJson();
    const QString aliceToken = m_tokens.value(QStringLiteral("alice"));
    QCOMPARE(request("GET", QStringLiteral("/api/calls/%1").arg(callB), aliceToken), 404);
    QCOMPARE(request("POST", QStringLiteral("/api/calls/telnyx/%1/mute").arg(callB), aliceToken), 403);
    QCOMPARE(request("POST", QStringLiteral("/api/calls/telnyx/end"), aliceToken,
                     QStringLiteral(R"({"call_control_id":"%1"})").arg(callB).toUtf8()),
             403);
    std::unique_ptr<Listener> snoop = listen(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(callB, aliceToken));
    QTRY_COMPARE(snoop->closeCode, quint16(1008));
    QVERIFY(snoop->inbound.isEmpty() && snoop->outbound.isEmpty());
    std::unique_ptr<Listener> hijack = listen(QStringLiteral("/agent-audio?call=%1&token=%2").arg(callB, aliceToken));
    QTRY_COMPARE(hijack->closeCode, quint16(1008));
    QCOMPARE(m_central->server()->store()->call(callB)->toJson().value(QLatin1String("muted")),
             bobBefore.value(QLatin1String("muted")));
    QCOMPARE(m_central->server()->store()->call(callB)->status, CallStatus::Answered);

    // 5. Sue whispers to alice (her desk's push-to-talk: her own engine's microphone, here bob's sentence from a file):
    // alice's desk takes it in and her call panel says who; the customer never receives it; bob hears nothing of it.
    BackendClient sueClient;
    sueClient.setEndpoint(QUrl(m_central->server()->listenUrl()), m_tokens.value(QStringLiteral("sue")), true);
    AudioOptions sueAudio;
    sueAudio.micFile = m_micB;
    sueAudio.capture = false;
    AudioEngine sueEngine(sueAudio);
    QList<QByteArray> sueSaid;
    connect(&sueEngine, &AudioEngine::microphoneFrame, this,
            [&sueSaid](const QString &, const QByteArray &pcmu) { sueSaid.append(pcmu); });
    WhisperTalk whisper(&sueClient, &sueEngine);
    const qsizetype telnyxHeardA = heardByTelnyx.value(callA).size();
    QVERIFY(whisper.start(callA));
    QTRY_VERIFY(whisper.isConnected());
    QTRY_COMPARE(alice->dashboard->activeCall()->whisperer(), QStringLiteral("sue"));
    QQuickItem *label = alice->dashboard->window()->findChild<QQuickItem *>(QStringLiteral("whispererLabel"));
    QVERIFY(label);
    QTRY_VERIFY(label->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(alice->audio->whisperFrames() >= 50, 5000);
    QTRY_VERIFY(alice->engine->isWhisperAudible());
    whisper.stop();
    QTRY_VERIFY(alice->dashboard->activeCall()->whisperer().isEmpty());
    QCOMPARE(bob->audio->whisperFrames(), quint64(0));
    const QByteArray sentToCustomer = heardByTelnyx.value(callA).mid(telnyxHeardA);
    qInfo("sue whispered %llu frames: alice's desk took %llu, the customer got none of them (%lld bytes of alice)",
          whisper.framesSent(), alice->audio->whisperFrames(), qint64(sentToCustomer.size()));
    int spoken = 0;
    for (const QByteArray &frame : std::as_const(sueSaid)) {
        if (rms(linear(frame)) < 500)
            continue; // silence and breath: alike in anyone's sentence
        ++spoken;
        QVERIFY(!sentToCustomer.contains(frame));
    }
    QVERIFY(spoken > 20);

    // Both hang up from their desks; the sockets close and nothing is left open.
    alice->dashboard->activeCall()->hangUp();
    bob->dashboard->activeCall()->hangUp();
    QTRY_VERIFY_WITH_TIMEOUT(m_central->server()->store()->call(callA)->status == CallStatus::Ended &&
                                 m_central->server()->store()->call(callB)->status == CallStatus::Ended,
                             10000);
    QTRY_VERIFY(alice->audio->state() == RemoteCallAudio::State::Idle &&
                bob->audio->state() == RemoteCallAudio::State::Idle);
}

QTEST_MAIN(tst_Team)
#include "tst_team.moc"
