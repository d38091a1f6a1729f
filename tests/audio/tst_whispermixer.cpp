// SPDX-License-Identifier: MIT
// WhisperMixer: a supervisor's whisper laid over the customer after the jitter buffer (docs/interface.md §7.2):
// starts at 40 ms queued, ducks the customer 6 dB with a ramp and no click, clips the sum, drops a burst's backlog
// beyond 200 ms, and after running dry waits for 40 ms again.
#include "dsp/WhisperMixer.h"

// Qt
#include <QTest>

// C++
#include <vector>

using sb::WhisperMixer;

namespace {

constexpr std::size_t kBlock = 160; // 20 ms

std::vector<int16_t> constant(int16_t value, std::size_t n = kBlock)
{
    return std::vector<int16_t>(n, value);
}

std::vector<int16_t> mixed(WhisperMixer &mixer, int16_t customer)
{
    std::vector<int16_t> block = constant(customer);
    mixer.mixInto(block);
    return block;
}

} // namespace

class tst_WhisperMixer : public QObject {
    Q_OBJECT
private slots:
    void nothingQueuedLeavesTheCustomerAlone();
    void startsOnce40msAreQueued();
    void ducksTheCustomerWithARamp();
    void clipsTheSum();
    void dropsABacklogBeyond200ms();
    void afterRunningDryWaitsFor40msAgain();
    void resetForgetsEverything();
};

void tst_WhisperMixer::nothingQueuedLeavesTheCustomerAlone()
{
    WhisperMixer mixer;
    QCOMPARE(mixed(mixer, 1234), constant(1234));
    QVERIFY(!mixer.isSpeaking());
}

void tst_WhisperMixer::startsOnce40msAreQueued()
{
    WhisperMixer mixer;
    mixer.push(constant(100));
    QCOMPARE(mixed(mixer, 0), constant(0)); // 20 ms queued: not yet
    QVERIFY(!mixer.isSpeaking());
    QCOMPARE(mixer.queuedSamples(), kBlock);
    mixer.push(constant(200));
    QCOMPARE(mixed(mixer, 0), constant(100)); // in order
    QVERIFY(mixer.isSpeaking());
    QCOMPARE(mixed(mixer, 0), constant(200));
    QCOMPARE(mixer.queuedSamples(), std::size_t(0));
}

void tst_WhisperMixer::ducksTheCustomerWithARamp()
{
    WhisperMixer mixer;
    mixer.push(constant(0, 3 * kBlock));
    const std::vector<int16_t> first = mixed(mixer, 10000);
    // Ramped from full to half across the block: no step anywhere (a click), ending at -6 dB.
    for (std::size_t i = 1; i < kBlock; ++i)
        QVERIFY2(first[i] <= first[i - 1] && first[i - 1] - first[i] <= 40, qPrintable(QString::number(i)));
    QVERIFY(first.front() > 9900);
    QCOMPARE(first.back(), int16_t(5000));
    QCOMPARE(mixed(mixer, 10000), constant(5000));
    QCOMPARE(mixed(mixer, 10000), constant(5000));
    // The whisper ends: the customer comes back the same way, then is left alone.
    const std::vector<int16_t> back = mixed(mixer, 10000);
    QVERIFY(!mixer.isSpeaking());
    for (std::size_t i = 1; i < kBlock; ++i)
        QVERIFY(back[i] >= back[i - 1] && back[i] - back[i - 1] <= 40);
    QCOMPARE(back.back(), int16_t(10000));
    QCOMPARE(mixed(mixer, 10000), constant(10000));
}

void tst_WhisperMixer::clipsTheSum()
{
    for (const int16_t loud : {int16_t(30000), int16_t(-30000)}) {
        WhisperMixer mixer;
        mixer.push(constant(loud, 2 * kBlock));
        mixed(mixer, loud);                                                // the ramp
        QCOMPARE(mixed(mixer, loud), constant(loud > 0 ? 32767 : -32768)); // 15000 + 30000, not wrapped around
    }
}

void tst_WhisperMixer::dropsABacklogBeyond200ms()
{
    WhisperMixer mixer;
    for (int16_t i = 0; i < 11; ++i) // 220 ms in a burst, each frame its own value
        mixer.push(constant(i));
    // Past 200 ms: cut back to the start depth, the newest 40 ms stay.
    QCOMPARE(mixer.queuedSamples(), 2 * kBlock);
    QCOMPARE(mixer.droppedSamples(), quint64(9 * kBlock));
    mixer.push(constant(11));
    QCOMPARE(mixed(mixer, 0), constant(9));
    QCOMPARE(mixed(mixer, 0), constant(10));
    QCOMPARE(mixed(mixer, 0), constant(11));
}

void tst_WhisperMixer::afterRunningDryWaitsFor40msAgain()
{
    WhisperMixer mixer;
    mixer.push(constant(7, 2 * kBlock));
    mixed(mixer, 0);
    mixed(mixer, 0);
    QVERIFY(mixer.isSpeaking());
    mixed(mixer, 0); // dry
    QVERIFY(!mixer.isSpeaking());
    mixer.push(constant(9));
    QCOMPARE(mixed(mixer, 0), constant(0)); // one frame is not enough to start again
    mixer.push(constant(9));
    QCOMPARE(mixed(mixer, 0), constant(9));
}

void tst_WhisperMixer::resetForgetsEverything()
{
    WhisperMixer mixer;
    mixer.push(constant(5, 3 * kBlock));
    mixed(mixer, 1000);
    mixer.reset();
    QCOMPARE(mixer.queuedSamples(), std::size_t(0));
    QVERIFY(!mixer.isSpeaking());
    QCOMPARE(mixed(mixer, 1000), constant(1000)); // full gain at once: a new stream
}

QTEST_GUILESS_MAIN(tst_WhisperMixer)
#include "tst_whispermixer.moc"
