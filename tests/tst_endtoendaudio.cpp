// SPDX-License-Identifier: MIT
// End to end, for real: speech sent as Telnyx media frames over a WebSocket to the running server, played
// by Switchboard on a PulseAudio null sink, recorded from the sink's monitor and compared with what was sent.
// Run through tests/audio/with-pulseaudio.sh (CTest does); CI sets SWITCHBOARD_REQUIRE_AUDIO=1.
//
// The simulated Telnyx paces its frames from a thread of its own, as the real one does from afar: the server's
// thread (this test's main thread) only receives. The "two busy cores" row runs the same call with a busy loop
// pinned to each of the first two CPUs for its whole length (a desktop beside a browser, a loaded CI machine).
#include "AudioAnalysis.h"
#include "CallAudioBridge.h"
#include "ServerHarness.h"
#include "audio/AudioEngine.h"
#include "media/G711.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QtEndian>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sched.h>

using namespace sb;
using namespace sb::test;

namespace {
QByteArray mediaFrame(int chunk, const QByteArray &payload)
{
    return QStringLiteral(
               R"({"event":"media","sequence_number":"%1","stream_id":"e2e","media":{"track":"inbound","chunk":"%2","timestamp":"%3","payload":"%4"}})")
        .arg(chunk + 2)
        .arg(chunk)
        .arg(chunk * 20)
        .arg(QString::fromLatin1(payload.toBase64()))
        .toUtf8();
}

// The simulated Telnyx: a WebSocket client on a thread of its own. open() and send() are called from the test's
// thread and block it only until the sender's thread has done them; pace() returns at once and sends the frames at
// their times on a steady clock, whatever the test's thread is doing.
class TelnyxSender {
public:
    TelnyxSender()
    {
        m_context.moveToThread(&m_thread);
        m_thread.setObjectName(QStringLiteral("simulated-telnyx"));
        m_thread.start();
    }
    ~TelnyxSender()
    {
        QMetaObject::invokeMethod(
            &m_context, [this] { m_socket.reset(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    TelnyxSender(const TelnyxSender &) = delete;
    TelnyxSender &operator=(const TelnyxSender &) = delete;

    // Connects, without blocking the calling thread (the server's, which answers the handshake). False after 5 s.
    bool open(const QUrl &url, const QByteArray &token)
    {
        std::atomic<int> state{0}; // 1 connected, -1 failed
        QMetaObject::invokeMethod(
            &m_context,
            [&, url, token] {
                m_socket = std::make_unique<QWebSocket>();
                QNetworkRequest request(url);
                request.setRawHeader("x-telnyx-streaming-auth-token", token);
                QObject::connect(m_socket.get(), &QWebSocket::connected, &m_context, [&state] { state = 1; });
                QObject::connect(m_socket.get(), &QWebSocket::disconnected, &m_context, [&state] {
                    if (state == 0)
                        state = -1;
                });
                m_socket->open(request);
            },
            Qt::QueuedConnection);
        const bool ok = QTest::qWaitFor([&state] { return state != 0; }, 5000) && state == 1;
        // The handlers above refer to `state`: gone with this frame.
        QMetaObject::invokeMethod(
            &m_context, [this] { m_socket->disconnect(&m_context); }, Qt::BlockingQueuedConnection);
        return ok;
    }

    void send(const QByteArray &text)
    {
        QMetaObject::invokeMethod(
            &m_context,
            [this, text] {
                m_socket->sendTextMessage(QString::fromUtf8(text));
                m_socket->flush();
            },
            Qt::BlockingQueuedConnection);
    }

    // Sends `frames` (milliseconds after the first, text), then sets done(). firstSentAt(): the first one's time,
    // as QElapsedTimer::msecsSinceReference() counts.
    void pace(std::vector<std::pair<qint64, QByteArray>> frames)
    {
        QMetaObject::invokeMethod(
            &m_context,
            [this, frames = std::move(frames)] {
                using Clock = std::chrono::steady_clock;
                QElapsedTimer reference;
                reference.start();
                const Clock::time_point start = Clock::now();
                m_firstSentAt = reference.msecsSinceReference();
                for (const auto &[at, text] : frames) {
                    std::this_thread::sleep_until(start + std::chrono::milliseconds(at));
                    m_socket->sendTextMessage(QString::fromUtf8(text));
                    m_socket->flush();
                }
                m_done = true;
            },
            Qt::QueuedConnection);
    }
    bool done() const { return m_done; }
    qint64 firstSentAt() const { return m_firstSentAt; }

private:
    QThread m_thread;
    QObject m_context;                    // lives on m_thread: what the calls above run in
    std::unique_ptr<QWebSocket> m_socket; // created, used and deleted on m_thread
    std::atomic<bool> m_done{false};
    std::atomic<qint64> m_firstSentAt{0};
};

// Busy loops, each pinned to one CPU, for as long as the object lives: other work on every core the test may use.
class BusyCores {
public:
    explicit BusyCores(int cores)
    {
        for (int cpu = 0; cpu < cores; ++cpu) {
            m_threads.emplace_back([this, cpu] {
                cpu_set_t set;
                CPU_ZERO(&set);
                CPU_SET(cpu % std::max(1, int(std::thread::hardware_concurrency())), &set);
                pthread_setaffinity_np(pthread_self(), sizeof set, &set);
                volatile quint64 spins = 0;
                while (!m_stop.load(std::memory_order_relaxed))
                    spins = spins + 1;
            });
        }
    }
    ~BusyCores()
    {
        m_stop = true;
        for (std::thread &thread : m_threads)
            thread.join();
    }
    BusyCores(const BusyCores &) = delete;
    BusyCores &operator=(const BusyCores &) = delete;

private:
    std::atomic<bool> m_stop{false};
    std::vector<std::thread> m_threads;
};
} // namespace

class tst_EndToEndAudio : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void speechFromTelnyxReachesTheSpeaker_data();
    void speechFromTelnyxReachesTheSpeaker();

private:
    QTemporaryDir m_dir;
    QByteArray m_speech;
};

void tst_EndToEndAudio::initTestCase()
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
}

void tst_EndToEndAudio::speechFromTelnyxReachesTheSpeaker_data()
{
    QTest::addColumn<int>("busyCores");
    QTest::newRow("idle") << 0;
    QTest::newRow("two busy cores") << 2;
}

void tst_EndToEndAudio::speechFromTelnyxReachesTheSpeaker()
{
    QFETCH(int, busyCores);
    ServerHarness h;
    QVERIFY(h.start());
    AudioOptions options;
    options.outputDeviceId = "sb_sink";
    options.recordDir = m_dir.filePath(QStringLiteral("recordings"));
    AudioEngine engine(options);
    CallAudioBridge bridge(h.server()->media(), &engine, h.server()->calls(), h.server()->store());

    const QString callId = h.dial();
    const QString token = h.telnyx()
                              .requestsTo(QStringLiteral("/calls"))
                              .last()
                              .body.value(QLatin1String("stream_auth_token"))
                              .toString();
    TelnyxSender telnyx;
    QVERIFY(
        telnyx.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/audio-stream").arg(h.server()->port())), token.toUtf8()));
    const BusyCores load(busyCores);

    QElapsedTimer clock;
    clock.start();
    Capture capture(QStringLiteral("sb_sink.monitor"), m_dir.filePath(QStringLiteral("played.raw")));
    QTest::qWait(300);
    telnyx.send(R"({"event":"connected","version":"1.0.0"})");
    telnyx.send(
        QStringLiteral(
            R"({"event":"start","sequence_number":"1","stream_id":"e2e","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})")
            .arg(callId)
            .toUtf8());
    QTRY_COMPARE(bridge.activeCall(), callId);
    // An idle null sink starts a new stream only after up to 2 s (PulseAudio renders it in blocks); a real call
    // rings first. Speech starts once the device pulls audio.
    QTRY_VERIFY_WITH_TIMEOUT(engine.framesPlayed() >= 10, 5000);

    // 20 ms frames, each up to 30 ms late (seeded), and three pairs swapped: what TCP and Telnyx really do.
    const int frames = int(m_speech.size() / 160);
    QRandomGenerator rng(20261127);
    std::vector<std::pair<qint64, int>> schedule;
    schedule.reserve(std::size_t(frames));
    for (int i = 0; i < frames; ++i)
        schedule.emplace_back(qint64(i) * 20 + rng.bounded(31), i);
    for (int swap : {30, 80, 130})
        std::swap(schedule[std::size_t(swap)].first, schedule[std::size_t(swap) + 1].first);
    std::stable_sort(schedule.begin(), schedule.end());
    std::vector<std::pair<qint64, QByteArray>> frameTexts;
    frameTexts.reserve(schedule.size());
    for (const auto &[at, index] : schedule)
        frameTexts.emplace_back(at, mediaFrame(index, m_speech.mid(index * 160, 160)));
    const quint64 underrunsBefore = engine.outputUnderruns();
    telnyx.pace(std::move(frameTexts));
    QTRY_VERIFY_WITH_TIMEOUT(telnyx.done(), 60000);
    const qint64 firstSendMs = telnyx.firstSentAt() - clock.msecsSinceReference();
    QTest::qWait(700);
    const auto stats = engine.jitterStats();
    const LatencyHistogram::Summary playout = engine.playoutLatency();
    const LatencyHistogram::Summary toDevice = engine.deviceWriteLatency();
    const quint64 underruns = engine.outputUnderruns() - underrunsBefore;
    qint64 captureStartMs = 0;
    const std::vector<int16_t> played = capture.stop(clock, &captureStartMs);
    telnyx.send(
        QStringLiteral(R"({"event":"stop","sequence_number":"9999","stream_id":"e2e","stop":{"call_control_id":"%1"}})")
            .arg(callId)
            .toUtf8());
    QTRY_VERIFY(bridge.activeCall().isEmpty());

    std::vector<int16_t> sent;
    for (char c : m_speech)
        sent.push_back(muLawToLinear(uint8_t(c)));
    const Match m = bestMatch(sent, played);
    // Each window's lag within 50 ms of the clip's, plus whatever the jitter buffer cut (a drain shifts all that
    // follows by the audio cut; a machine busy enough to make Telnyx's frames come in bursts makes it cut more) and
    // 80 ms per dry spell of the jitter buffer or the device (each shifts what follows the other way).
    const PlayoutShifts shifts{stats.drainedMs, stats.underruns, underruns};
    const double windowed = windowedCorrelation(sent, played, m.lag, shifts.searchSamples());
    const double addedMs = double(captureStartMs) + double(m.lag) / 8.0 - double(firstSendMs);
    qInfo("end to end (%d busy cores): correlation %.4f at the best lag, %.4f per half-second window; added latency "
          "~%.0f ms "
          "(first frame sent to the speaker); jitter target %d ms, reordered %llu, late %llu, concealed %llu ms, "
          "drained %llu ms; %llu frames reached the speaker; the device ran dry %llu times; playout latency per "
          "frame p50 %d ms, p99 %d ms over %llu frames (to the device's buffer: p50 %d ms, p99 %d ms)",
          busyCores, m.correlation, windowed, addedMs, stats.targetMs, stats.reordered, stats.late, stats.concealedMs,
          stats.drainedMs, bridge.framesToSpeaker(), underruns, playout.p50, playout.p99, playout.count, toDevice.p50,
          toDevice.p99);
    // Measured per frame the same way: within what the whole clip's lag shows, give or take the device's own.
    QVERIFY(playout.count > quint64(frames) / 2);
    QVERIFY2(playout.p50 > 0 && playout.p50 < 400, qPrintable(QString::number(playout.p50)));
    // The jitter buffer's wait is part of it: the device's queue (20-40 ms) comes on top.
    QCOMPARE(toDevice.count, playout.count);
    QVERIFY2(toDevice.p50 < playout.p50 && toDevice.p99 <= playout.p99, qPrintable(QStringLiteral("%1/%2 against %3/%4")
                                                                                       .arg(toDevice.p50)
                                                                                       .arg(toDevice.p99)
                                                                                       .arg(playout.p50)
                                                                                       .arg(playout.p99)));
    QCOMPARE(bridge.framesToSpeaker(), quint64(frames));
    QVERIFY(stats.reordered >= 3);
    // One lag fits the whole clip unless the jitter buffer shortened its latency mid-clip (a "drain") or the
    // device ran dry mid-clip (the machine too busy to feed it in time): then each window has its own lag.
    if (shifts.none())
        QVERIFY2(m.correlation >= 0.9, qPrintable(QString::number(m.correlation)));
    QVERIFY2(windowed >= 0.9, qPrintable(QString::number(windowed)));
    QVERIFY2(addedMs > 0 && addedMs < 1000, qPrintable(QString::number(addedMs)));

    // --record: the call was saved as a two-channel 8 kHz WAV, and the history says where.
    const QString recording = h.get(QStringLiteral("/api/calls/") + callId)
                                  .json.value(QLatin1String("data"))
                                  .toObject()
                                  .value(QLatin1String("recording"))
                                  .toString();
    QVERIFY2(recording.startsWith(options.recordDir), qPrintable(recording));
    QFile wav(recording);
    QVERIFY(wav.open(QIODevice::ReadOnly));
    const QByteArray header = wav.read(44);
    QCOMPARE(header.left(4), QByteArray("RIFF"));
    QCOMPARE(qFromLittleEndian<quint16>(header.constData() + 22), quint16(2));
    QCOMPARE(qFromLittleEndian<quint32>(header.constData() + 24), quint32(8000));
    QVERIFY(wav.size() > 44 + qint64(frames) * 160 * 2 * 2 / 2); // at least half the call, both channels
}

QTEST_GUILESS_MAIN(tst_EndToEndAudio)
#include "tst_endtoendaudio.moc"
