// SPDX-License-Identifier: MIT
// desk_latency: what a desk adds between Telnyx and the person, the local desk (the server's own audio) against a
// remote desk (--connect: RemoteCallAudio over the network), both directions, on loopback. A benchmark that prints
// figures, not a test. Needs PulseAudio with the null sinks of tests/audio/with-pulseaudio.sh:
//
//   tests/audio/with-pulseaudio.sh build/bench/desk_latency [--seconds 20]
//
// One process: the central server with the demo simulator as Telnyx (LocalBackend, --demo), whose own AudioEngine
// is the local desk (speaker sb_sink, microphone a noise file), and a remote desk (BackendClient, RemoteCallAudio and
// an AudioEngine of its own on a thread of its own, as in its own process, the same kind of microphone) signed in as an
// agent. One call, dialled by the remote desk; both desks play its customer.
//
//   down, local:  Telnyx frame on the server's media socket -> the speaker buffer (AudioEngine::deviceWriteLatency:
//                 its wait in the jitter buffer) and -> heard (AudioEngine::playoutLatency: the device's queue too);
//   down, remote: the same frame -> the remote desk's socket (hop: the gateway's inboundAudio to a /frontend-audio
//                 listener beside the desk, per chunk), then that desk's playout latency;
//   up:           the engine's microphone frame -> the frame on Telnyx's socket (the simulator's agentAudio), matched
//                 by its bytes (the microphone is noise: every frame differs); first the local desk alone, then the
//                 remote desk's uplink (while it is open it is the call's microphone).

#include "LocalBackend.h"
#include "RemoteCallAudio.h"
#include "SwitchboardServer.h"
#include "audio/AudioEngine.h"
#include "client/BackendClient.h"
#include "dsp/WavFile.h"
#include "simulator/TelnyxSimulator.h"
#include "streaming/MediaGateway.h"
#include "users/UserStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace sb;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(std::lround(p * double(v.size() - 1))))];
}

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

void pause(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

// What leaves a microphone, timed, and what reaches Telnyx, matched by its bytes.
struct UplinkTiming {
    QHash<QByteArray, qint64> sentAt;
    std::vector<double> latencyMs;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Local desk against remote desk: added latency both ways."));
    parser.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Seconds measured per phase."),
                                        QStringLiteral("S"), QStringLiteral("15"));
    parser.addOption(secondsOpt);
    parser.process(app);
    const int seconds = std::max(3, parser.value(secondsOpt).toInt());

    QTemporaryDir dir;
    // The microphones: 60 s of noise at a speaking level, so that every 20 ms frame is unique.
    const QString micFile = dir.filePath(QStringLiteral("noise.wav"));
    {
        std::vector<int16_t> noise(8000 * 60);
        QRandomGenerator rng(2026);
        for (int16_t &s : noise)
            s = int16_t(int(rng.bounded(6000)) - 3000);
        WavWriter wav;
        if (!wav.open(micFile, 8000, 1) || !wav.write(noise)) {
            std::fprintf(stderr, "desk_latency: cannot write %s\n", qPrintable(micFile));
            return 1;
        }
        wav.close();
    }

    Config config;
    config.demo = true;
    config.port = 0;
    config.configFile = dir.filePath(QStringLiteral("switchboard.conf"));
    config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("bench.sqlite"));
    config.apiToken = QStringLiteral("desk-latency-admin-token-0123456789");
    config.outputDevice = "sb_sink";
    config.micFile = micFile;
    LocalBackend central(config);
    QString error;
    if (!central.start(&error)) {
        std::fprintf(stderr, "desk_latency: %s\n", qPrintable(error));
        return 1;
    }
    QString token;
    central.server()->users()->add(QStringLiteral("alice"), Role::Agent, &token);

    // Arrival of each inbound chunk at the server (the media thread), for the hop to the remote desk.
    QMutex arrivalsMutex;
    QHash<quint64, qint64> arrivedAt;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(
        central.server()->media(), &MediaGateway::inboundAudio, &app,
        [&](const QString &, quint64 order, const QByteArray &) {
            QMutexLocker lock(&arrivalsMutex);
            arrivedAt.insert(order, clock.nsecsElapsed());
        },
        Qt::DirectConnection);
    UplinkTiming local, remote;
    QMutex remoteMutex; // remote.sentAt: written on the remote desk's thread, read on this one
    UplinkTiming *measuring = &local;
    QObject::connect(central.engine(), &AudioEngine::microphoneFrame, &app,
                     [&](const QString &, const QByteArray &pcmu) { local.sentAt.insert(pcmu, clock.nsecsElapsed()); });
    QObject::connect(central.simulator(), &TelnyxSimulator::agentAudio, &app,
                     [&](const QString &, const QByteArray &pcmu) {
                         const qint64 now = clock.nsecsElapsed();
                         QMutexLocker lock(&remoteMutex);
                         if (const auto it = measuring->sentAt.constFind(pcmu); it != measuring->sentAt.cend())
                             measuring->latencyMs.push_back(double(now - it.value()) / 1e6);
                     });

    // The remote desk, on a thread of its own as in its own process: its sockets, engine and RemoteCallAudio never wait
    // behind the server's and the simulator's work on this thread (a real desk's main thread is its GUI).
    QThread deskThread;
    deskThread.setObjectName(QStringLiteral("remote-desk"));
    deskThread.start();
    QObject deskContext;
    deskContext.moveToThread(&deskThread);
    struct Desk {
        BackendClient client;
        std::unique_ptr<AudioEngine> engine;
        std::unique_ptr<RemoteCallAudio> call;
    };
    std::unique_ptr<Desk> remoteDesk;
    const auto onDesk = [&deskContext](const std::function<void()> &work) {
        QMetaObject::invokeMethod(&deskContext, work, Qt::BlockingQueuedConnection);
    };
    onDesk([&] {
        remoteDesk = std::make_unique<Desk>();
        remoteDesk->client.setEndpoint(QUrl(central.server()->listenUrl()), token, true);
        remoteDesk->client.start();
        AudioOptions deskAudio;
        // The same null sink as the local desk's: with-pulseaudio.sh's sb_micsink has a remap source recording it,
        // which makes PulseAudio run that sink with a larger latency (the remote desk measured p50 120 ms there
        // against 40 ms here): the figure would be the test rig's, not the desk's.
        deskAudio.outputDeviceId = "sb_sink";
        deskAudio.micFile = micFile;
        deskAudio.capture = false;
        remoteDesk->engine = std::make_unique<AudioEngine>(deskAudio);
        remoteDesk->call = std::make_unique<RemoteCallAudio>(&remoteDesk->client, remoteDesk->engine.get());
        QObject::connect(
            remoteDesk->engine.get(), &AudioEngine::microphoneFrame, &deskContext,
            [&](const QString &, const QByteArray &pcmu) {
                const qint64 now = clock.nsecsElapsed();
                QMutexLocker lock(&remoteMutex);
                remote.sentAt.insert(pcmu, now);
            },
            Qt::DirectConnection);
    });
    BackendClient &desk = remoteDesk->client;
    AudioEngine &deskEngine = *remoteDesk->engine;
    RemoteCallAudio &deskCall = *remoteDesk->call;
    const auto deskState = [&] {
        RemoteCallAudio::State state{};
        onDesk([&] { state = deskCall.state(); });
        return state;
    };
    waitFor(
        [&] {
            bool connected = false;
            onDesk([&] { connected = desk.eventsConnected(); });
            return connected;
        },
        5000);

    QString callId;
    QMutex callIdMutex;
    onDesk([&] {
        desk.initiate(QStringLiteral("+15553330777"), QStringLiteral("+15557654321"), QString(), &deskContext,
                      [&](const ApiReply &reply) {
                          QMutexLocker lock(&callIdMutex);
                          callId = reply.data().toObject().value(QLatin1String("callId")).toString();
                      });
    });
    waitFor(
        [&] {
            QMutexLocker lock(&callIdMutex);
            return !callId.isEmpty();
        },
        5000);
    if (callId.isEmpty()) {
        std::fprintf(stderr, "desk_latency: the dial failed\n");
        return 1;
    }
    // The desk's own speaker first (downlink both desks); its uplink opens with it, so the local uplink is measured
    // before: the remote desk follows the call once the local phase is done.
    waitFor([&] { return central.engine()->playoutLatency().count > 50; }, 10000);
    std::printf("desk_latency: call %s, %d s per phase\n", qPrintable(callId), seconds);
    pause(seconds * 1000);
    const LatencyHistogram::Summary localDown = central.engine()->playoutLatency();
    const LatencyHistogram::Summary localWrite = central.engine()->deviceWriteLatency();
    const UplinkTiming localUp = local;

    // The remote desk joins: its sockets, a listener beside it for the hop.
    QWebSocket hopListener;
    std::vector<double> hopMs;
    static const QRegularExpression chunkRx(QStringLiteral(R"re("chunk":"(\d+)")re"));
    QObject::connect(&hopListener, &QWebSocket::textMessageReceived, &app, [&](const QString &text) {
        const auto m = chunkRx.match(text);
        if (!m.hasMatch() || !text.contains(QLatin1String("\"inbound\"")))
            return;
        const qint64 now = clock.nsecsElapsed();
        QMutexLocker lock(&arrivalsMutex);
        if (const auto it = arrivedAt.constFind(m.captured(1).toULongLong()); it != arrivedAt.cend())
            hopMs.push_back(double(now - it.value()) / 1e6);
    });
    QUrl hopUrl(central.server()->listenUrl().replace(QLatin1String("http"), QLatin1String("ws")) +
                QStringLiteral("/frontend-audio?call=%1&token=%2").arg(callId, token));
    hopListener.open(hopUrl);
    {
        QMutexLocker lock(&remoteMutex);
        measuring = &remote;
    }
    onDesk([&] { deskCall.follow(callId); });
    waitFor([&] { return deskState() == RemoteCallAudio::State::Connected; }, 10000);
    pause(2000); // past the start: the desk's jitter buffer settles
    pause(seconds * 1000);
    LatencyHistogram::Summary remoteDown;
    JitterBuffer::Stats jitter;
    onDesk([&] {
        remoteDown = deskEngine.playoutLatency();
        jitter = deskEngine.jitterStats();
    });

    std::printf("  down, local desk   Telnyx frame -> device    p50 %4d ms  p99 %4d ms  (%llu frames; the jitter "
                "buffer's wait)\n",
                localWrite.p50, localWrite.p99, static_cast<unsigned long long>(localWrite.count));
    std::printf("  down, local desk   Telnyx frame -> speaker   p50 %4d ms  p99 %4d ms  (%llu frames; + the device's "
                "queue)\n",
                localDown.p50, localDown.p99, static_cast<unsigned long long>(localDown.count));
    std::printf("  down, hop          server -> remote desk     p50 %6.1f ms  p99 %6.1f ms  (%zu frames)\n",
                percentile(hopMs, 0.5), percentile(hopMs, 0.99), hopMs.size());
    std::printf("  down, remote desk  desk's socket -> speaker  p50 %4d ms  p99 %4d ms  (%llu frames; jitter target %d "
                "ms, drained %llu ms, concealed %llu ms)\n",
                remoteDown.p50, remoteDown.p99, static_cast<unsigned long long>(remoteDown.count), jitter.targetMs,
                static_cast<unsigned long long>(jitter.drainedMs), static_cast<unsigned long long>(jitter.concealedMs));
    std::printf("  down, added by the remote desk: ~%.1f ms p99 (hop p99 + remote p99 - local p99)\n",
                percentile(hopMs, 0.99) + remoteDown.p99 - localDown.p99);
    std::printf("  up, local desk     microphone -> Telnyx      p50 %6.1f ms  p99 %6.1f ms  (%zu frames)\n",
                percentile(localUp.latencyMs, 0.5), percentile(localUp.latencyMs, 0.99), localUp.latencyMs.size());
    std::printf("  up, remote desk    microphone -> Telnyx      p50 %6.1f ms  p99 %6.1f ms  (%zu frames)\n",
                percentile(remote.latencyMs, 0.5), percentile(remote.latencyMs, 0.99), remote.latencyMs.size());
    std::printf("  up, added by the remote desk: %.1f ms p99\n",
                percentile(remote.latencyMs, 0.99) - percentile(localUp.latencyMs, 0.99));
    onDesk([&] { remoteDesk.reset(); });
    deskThread.quit();
    deskThread.wait();
    return 0;
}
