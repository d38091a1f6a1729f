// SPDX-License-Identifier: MIT
// AudioEngine without any sound device: playback disabled (the pacing clock consumes the jitter buffer), the
// microphone fed from a WAV file, recording on. Runs on any machine, with or without a sound server.
#include "audio/AudioEngine.h"
#include "dsp/WavFile.h"
#include "media/G711.h"

// Qt
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// C++
#include <cmath>
#include <numbers>

using namespace sb;

namespace {

std::vector<int16_t> tone(double freq, int rate, int count, int amplitude)
{
    std::vector<int16_t> v(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        v[std::size_t(i)] = int16_t(std::lround(amplitude * std::sin(2 * std::numbers::pi * freq * i / rate)));
    return v;
}

double rms(const int16_t *s, std::size_t n)
{
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += double(s[i]) * s[i];
    return n ? std::sqrt(sum / double(n)) : 0;
}

} // namespace

class tst_AudioEngine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pacesMicrophoneAndRecordsBothSides();
    void mutedMicrophoneSendsNothing();
    void noMicrophoneSendsNothingAndSaysSo();
    void framesForOtherStreamsAreIgnored();

private:
    QTemporaryDir m_dir;
    QString m_micFile;
};

void tst_AudioEngine::initTestCase()
{
    // 44.1 kHz stereo on purpose: the engine must convert it to 8 kHz mono.
    m_micFile = m_dir.filePath("mic.wav");
    WavWriter w;
    QVERIFY(w.open(m_micFile, 44100, 2));
    const auto mono = tone(600, 44100, 44100, 8000);
    std::vector<int16_t> stereo;
    for (int16_t s : mono)
        stereo.push_back(s), stereo.push_back(s);
    QVERIFY(w.write(stereo));
    w.close();
}

void tst_AudioEngine::pacesMicrophoneAndRecordsBothSides()
{
    const QString recordDir = m_dir.filePath("rec");
    AudioEngine engine({{}, {}, m_micFile, recordDir, false, false});
    QSignalSpy frames(&engine, &AudioEngine::microphoneFrame);
    QSignalSpy levels(&engine, &AudioEngine::levelsChanged);
    engine.beginStream("v3:call/1", G711Law::MuLaw);

    // The remote side: 1.5 s of a 1 kHz tone in 20 ms PCMU frames, pushed in real time.
    const auto remote = tone(1000, 8000, 12000, 12000);
    QElapsedTimer clock;
    clock.start();
    for (int f = 0; f < 75; ++f) {
        QByteArray pcmu(160, Qt::Uninitialized);
        encodeMuLaw(std::span<const int16_t>(remote.data() + f * 160, 160), reinterpret_cast<uint8_t *>(pcmu.data()));
        engine.pushRemote(quint64(f + 1), pcmu);
        while (clock.elapsed() < (f + 1) * 20)
            QTest::qWait(1);
    }
    QTest::qWait(200);
    const qint64 elapsed = clock.elapsed();
    const auto sent = frames.count();
    engine.endStream("v3:call/1");

    // One frame per 20 ms, paced by the clock (allow for the thread start-up and the last tick).
    const double expected = double(elapsed) / 20.0;
    QVERIFY2(std::abs(sent - expected) <= 4, qPrintable(QString("%1 frames in %2 ms").arg(sent).arg(elapsed)));
    std::vector<int16_t> heard;
    for (const auto &args : frames) {
        QCOMPARE(args.at(0).toString(), QString("v3:call/1"));
        const QByteArray pcmu = args.at(1).toByteArray();
        QCOMPARE(pcmu.size(), 160);
        for (char c : pcmu)
            heard.push_back(muLawToLinear(uint8_t(c)));
    }
    QVERIFY2(std::abs(rms(heard.data() + 800, heard.size() - 800) - 8000 / std::sqrt(2.0)) < 300,
             qPrintable(QString::number(rms(heard.data() + 800, heard.size() - 800))));
    QVERIFY(engine.framesPlayed() >= 70u);
    const auto stats = engine.jitterStats();
    QCOMPARE(stats.received, 75u);
    QVERIFY(levels.count() >= 5);
    QCOMPARE(engine.inputDeviceName(), QString("file: mic.wav"));
    QCOMPARE(engine.outputDeviceName(), QString("(playback disabled)"));

    // The recording is closed on the audio thread: wait for it.
    QDir dir(recordDir);
    QTRY_COMPARE(dir.entryList({"*.wav"}, QDir::Files).size(), 1);
    const QString file = dir.entryList({"*.wav"}, QDir::Files).first();
    QVERIFY(file.startsWith("v3_call_1-"));
    std::optional<WavData> wav;
    QTRY_VERIFY((wav = readWav(dir.filePath(file))) && wav->samples.size() >= 2u * 8000u);
    QCOMPARE(wav->channels, 2);
    std::vector<int16_t> left, right;
    for (std::size_t i = 0; i + 1 < wav->samples.size(); i += 2)
        left.push_back(wav->samples[i]), right.push_back(wav->samples[i + 1]);
    // Left: the remote tone (after the jitter buffer's 60 ms prefill); right: the microphone file.
    QVERIFY(rms(left.data() + 1600, 6400) > 7000);
    QVERIFY(rms(right.data() + 800, 6400) > 5000);
}

void tst_AudioEngine::mutedMicrophoneSendsNothing()
{
    AudioEngine engine({{}, {}, m_micFile, {}, false, false});
    QSignalSpy frames(&engine, &AudioEngine::microphoneFrame);
    engine.beginStream("c", G711Law::MuLaw);
    QTRY_VERIFY(frames.count() >= 5);
    engine.setMicMuted(true);
    frames.clear();
    QTest::qWait(300);
    QCOMPARE(frames.count(), 0);
    engine.setMicMuted(false);
    QTRY_VERIFY(frames.count() >= 5);
    engine.endStream("c");
}

void tst_AudioEngine::noMicrophoneSendsNothingAndSaysSo()
{
    // A microphone file that does not exist stands for "no input": nothing sent, a problem reported.
    AudioEngine engine({{}, {}, m_dir.filePath("nope.wav"), {}, false, false});
    QSignalSpy frames(&engine, &AudioEngine::microphoneFrame);
    QSignalSpy problems(&engine, &AudioEngine::deviceProblem);
    engine.beginStream("c", G711Law::ALaw);
    QTRY_VERIFY(problems.count() >= 1);
    QTest::qWait(200);
    QCOMPARE(frames.count(), 0);
    QVERIFY(engine.framesPlayed() > 3u); // the remote side is still consumed
    engine.endStream("c");
}

void tst_AudioEngine::framesForOtherStreamsAreIgnored()
{
    AudioEngine engine({{}, {}, m_micFile, {}, false, false});
    QSignalSpy frames(&engine, &AudioEngine::microphoneFrame);
    engine.pushRemote(1, QByteArray(160, '\x7f')); // before any stream: dropped
    QCOMPARE(engine.jitterStats().received, 0u);
    engine.beginStream("a", G711Law::MuLaw);
    engine.pushRemote(1, QByteArray(160, '\x7f'));
    QCOMPARE(engine.jitterStats().received, 1u);
    engine.beginStream("b", G711Law::MuLaw); // a new stream resets the jitter buffer at once
    QCOMPARE(engine.jitterStats().received, 0u);
    QTRY_VERIFY(frames.count() >= 3);
    for (const auto &args : frames)
        QCOMPARE(args.at(0).toString(), QString("b"));
    engine.endStream("a"); // not the active stream: ignored
    QCOMPARE(engine.activeCallId(), QString("b"));
    engine.endStream("b");
    QCOMPARE(engine.activeCallId(), QString());
}

QTEST_GUILESS_MAIN(tst_AudioEngine)
#include "tst_audioengine.moc"
