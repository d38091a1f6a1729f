// SPDX-License-Identifier: MIT
#include "AudioAnalysis.h"
#include "Ringer.h"
#include "UiSettings.h"

// Qt
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// C++
#include <cmath>
#include <numbers>

using namespace sb;
using namespace sb::test;

namespace {

// The power of one frequency in `s` (Goertzel), per sample: how much of the ring is 440 and 480 Hz.
double power(const std::vector<int16_t> &s, double hz, int rate = 8000)
{
    const double w = 2 * std::numbers::pi * hz / rate;
    const double k = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (int16_t x : s) {
        const double s0 = x + k * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - k * s1 * s2) / double(std::max<std::size_t>(s.size(), 1));
}

std::vector<int16_t> slice(const std::vector<int16_t> &s, std::size_t from, std::size_t count)
{
    from = std::min(from, s.size());
    return {s.begin() + qsizetype(from), s.begin() + qsizetype(std::min(s.size(), from + count))};
}

} // namespace

// The ring of an incoming call: its cadence (2 s of 440 + 480 Hz, 4 s of silence) as samples, then for real on a
// private PulseAudio (tests/audio/with-pulseaudio.sh): it plays on the ringer device chosen in the settings and
// not on the system default (where the call's audio goes), stops at once, and opens no device with --no-audio.
class tst_Ringer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void cadence_data();
    void cadence();
    void volumeScales();
    void ringsOnTheChosenDeviceOnly();
    void noAudioOpensNothing();

private:
    static bool requireAudio();
    // The sink names our sink inputs play on now (pactl), e.g. {"sb_ring"}.
    static QStringList sinksPlaying();

    QTemporaryDir m_dir;
    QString m_problem;
    QStringList m_modules;
};

void tst_Ringer::initTestCase()
{
    m_problem = realAudioProblem();
    if (!m_problem.isEmpty())
        return;
    bool ok = false;
    const QString id = runProgram(QStringLiteral("pactl"),
                                  {QStringLiteral("load-module"), QStringLiteral("module-null-sink"),
                                   QStringLiteral("sink_name=sb_ring"),
                                   QStringLiteral("sink_properties=device.description=SwitchboardRinger")},
                                  &ok)
                           .trimmed();
    QVERIFY2(ok, qPrintable(id));
    m_modules << id;
}

void tst_Ringer::cleanupTestCase()
{
    for (const QString &id : std::as_const(m_modules))
        runProgram(QStringLiteral("pactl"), {QStringLiteral("unload-module"), id});
}

bool tst_Ringer::requireAudio()
{
    return qEnvironmentVariable("SWITCHBOARD_REQUIRE_AUDIO") == QLatin1String("1");
}

QStringList tst_Ringer::sinksPlaying()
{
    // `pactl list short sinks`: "<index>\t<name>\t..."; `pactl list short sink-inputs`: "<index>\t<sink index>\t...".
    QHash<QString, QString> names;
    for (const QString &line :
         runProgram(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")})
             .split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList f = line.split(QLatin1Char('\t'));
        if (f.size() > 1)
            names.insert(f.at(0), f.at(1));
    }
    QStringList playing;
    for (const QString &line : runProgram(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"),
                                                                    QStringLiteral("sink-inputs")})
                                   .split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList f = line.split(QLatin1Char('\t'));
        if (f.size() > 1)
            playing << names.value(f.at(1), f.at(1));
    }
    return playing;
}

void tst_Ringer::cadence_data()
{
    QTest::addColumn<double>("atSeconds");
    QTest::addColumn<bool>("sounding");
    QTest::newRow("start of the first burst") << 0.05 << true;
    QTest::newRow("middle of the burst") << 1.0 << true;
    QTest::newRow("end of the burst") << 1.95 << true;
    QTest::newRow("pause") << 2.05 << false;
    QTest::newRow("late pause") << 5.9 << false;
    QTest::newRow("second burst") << 6.5 << true;
    QTest::newRow("second pause") << 9.0 << false;
}

void tst_Ringer::cadence()
{
    QFETCH(double, atSeconds);
    QFETCH(bool, sounding);
    const qint64 at = qint64(atSeconds * Ringer::kRate);
    const std::vector<int16_t> s = Ringer::cadence(at, 400); // 50 ms
    QCOMPARE(qsizetype(s.size()), 400);
    const double level = rms(s);
    if (!sounding) {
        QCOMPARE(level, 0.0);
        return;
    }
    QVERIFY2(level > 5000, qPrintable(QString::number(level)));
    // Two tones at a quarter of full scale each: loud, never clipping.
    for (int16_t x : s)
        QVERIFY(std::abs(int(x)) <= 16400);
    const std::vector<int16_t> long_ = Ringer::cadence(qint64(0.2 * Ringer::kRate), 8000); // a clean 1 s
    QVERIFY(power(long_, Ringer::kToneA) > 50 * power(long_, 1000));
    QVERIFY(power(long_, Ringer::kToneB) > 50 * power(long_, 1000));
    QVERIFY(power(long_, Ringer::kToneA) > 50 * power(long_, 350));
}

void tst_Ringer::volumeScales()
{
    const std::vector<int16_t> full = Ringer::cadence(800, 800, 1.0);
    const std::vector<int16_t> quiet = Ringer::cadence(800, 800, 0.25);
    QVERIFY(std::abs(rms(quiet) / rms(full) - 0.25) < 0.01);
    QCOMPARE(rms(Ringer::cadence(800, 800, 0.0)), 0.0);
}

void tst_Ringer::ringsOnTheChosenDeviceOnly()
{
    if (!m_problem.isEmpty()) {
        if (requireAudio())
            QFAIL(
                qPrintable(QStringLiteral("SWITCHBOARD_REQUIRE_AUDIO=1 but real audio is unavailable: ") + m_problem));
        QSKIP(qPrintable(m_problem));
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        [] {
            for (const QAudioDevice &d : QMediaDevices::audioOutputs()) {
                if (d.id() == "sb_ring")
                    return true;
            }
            return false;
        }(),
        5000);
    UiSettings settings(m_dir.filePath(QStringLiteral("console.conf")));
    settings.setRingerDevice(QStringLiteral("sb_ring"));
    settings.setRingerVolume(1.0);
    Ringer ringer(&settings);
    QCOMPARE(ringer.device().id(), QByteArray("sb_ring"));
    QVERIFY(QMediaDevices::defaultAudioOutput().id() != "sb_ring"); // sb_sink: where a call would play

    // parec hands out nothing for its first ~2 s (measured with the wrapper's daemon): it runs well before the ring and
    // well after it, and the analysis looks for the ring wherever it landed in the capture.
    QElapsedTimer clock;
    clock.start();
    Capture ring(QStringLiteral("sb_ring.monitor"), m_dir.filePath(QStringLiteral("ring.raw")));
    Capture call(QStringLiteral("sb_sink.monitor"), m_dir.filePath(QStringLiteral("call.raw")));
    QTest::qWait(2500);
    QSignalSpy playing(&ringer, &Ringer::playingChanged);
    ringer.setRinging(true);
    QVERIFY(ringer.isRinging());
    QVERIFY(ringer.isPlaying());
    QCOMPARE(playing.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(sinksPlaying(), QStringList{QStringLiteral("sb_ring")}, 3000);
    QTest::qWait(1200); // inside the first 2 s burst

    // Stop: the device goes at once.
    ringer.setRinging(false);
    QVERIFY(!ringer.isPlaying());
    QCOMPARE(playing.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(sinksPlaying().isEmpty(), 2000);
    QTest::qWait(2500);

    qint64 startMs = 0;
    const std::vector<int16_t> onRing = ring.stop(clock, &startMs);
    const std::vector<int16_t> onCall = call.stop(clock, &startMs);
    QVERIFY2(onRing.size() > 8000, qPrintable(QString::number(onRing.size())));
    // The loudest 0.5 s of the ringer's sink is the ring: loud, and made of 440 and 480 Hz.
    std::size_t best = 0;
    double bestLevel = 0;
    for (std::size_t at = 0; at + 4000 <= onRing.size(); at += 400) {
        const double level = rms(slice(onRing, at, 4000));
        if (level > bestLevel) {
            bestLevel = level;
            best = at;
        }
    }
    const std::vector<int16_t> heard = slice(onRing, best, 4000);
    QVERIFY2(bestLevel > 2000, qPrintable(QString::number(bestLevel)));
    QVERIFY(power(heard, Ringer::kToneA) > 20 * power(heard, 1000));
    QVERIFY(power(heard, Ringer::kToneB) > 20 * power(heard, 1000));
    QVERIFY2(onCall.size() > 8000, qPrintable(QString::number(onCall.size())));
    QVERIFY2(rms(onCall) < 30, qPrintable(QString::number(rms(onCall)))); // nothing on the call's output
}

void tst_Ringer::noAudioOpensNothing()
{
    if (!m_problem.isEmpty()) {
        if (requireAudio())
            QFAIL(
                qPrintable(QStringLiteral("SWITCHBOARD_REQUIRE_AUDIO=1 but real audio is unavailable: ") + m_problem));
        QSKIP(qPrintable(m_problem));
    }
    UiSettings settings(m_dir.filePath(QStringLiteral("console-2.conf")));
    Ringer ringer(&settings);
    ringer.setEnabled(false); // --no-audio
    ringer.setRinging(true);
    QVERIFY(ringer.isRinging());
    QVERIFY(!ringer.isPlaying());
    QTest::qWait(300);
    QVERIFY(sinksPlaying().isEmpty());
    ringer.setRinging(false);
}

QTEST_MAIN(tst_Ringer)
#include "tst_ringer.moc"
