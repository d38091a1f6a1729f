// SPDX-License-Identifier: MIT
#include "media/JitterBuffer.h"

// Qt
#include <QtTest>

// C++
#include <algorithm>
#include <vector>

using namespace sb;

namespace {
constexpr int kFrame = 160; // 20 ms at 8 kHz

// Every frame is a constant whose value names it, so the output says which frame was played (the fades touch only
// the first 40 samples after a gap, so the middle sample is always the frame's own value or concealment).
int16_t valueOf(quint64 key)
{
    return int16_t(101 + int(key % 256) * 127);
}

// Which frame a sample came from, or -1 for silence/concealment (scaled values are never of the form 101 + 127k
// for the gains these tests produce, which frameOf's exact test relies on).
int frameOf(int16_t v)
{
    if (v < 101 || (v - 101) % 127 != 0)
        return -1;
    return (v - 101) / 127;
}

// The scripts below count frames for a 60 ms start (three 20 ms frames of prefill): the mechanism is the same at any
// start, and the default start (kInitialTargetMs) has its own test (defaultStart).
constexpr int kScriptStartMs = 60;

struct Harness {
    JitterBuffer jb{8000, kScriptStartMs};
    std::vector<int16_t> out;

    JitterBuffer::PushResult push(quint64 key, int length = kFrame)
    {
        const std::vector<int16_t> samples(size_t(length), valueOf(key));
        return jb.push(key, samples);
    }
    // Pulls one 20 ms period and returns its middle sample.
    int16_t pull(int length = kFrame)
    {
        std::vector<int16_t> period(size_t(length), int16_t(0x5A5A));
        jb.pull(period);
        out.insert(out.end(), period.begin(), period.end());
        return period[size_t(length / 2)];
    }
    // The frames heard, in order, each once. A frame counts when 20 samples in a row carry its value: a fade
    // passes through many values, but never holds one.
    std::vector<int> framesHeard() const
    {
        std::vector<int> frames;
        size_t run = 0;
        for (size_t i = 0; i < out.size(); ++i) {
            run = (i > 0 && out[i] == out[i - 1]) ? run + 1 : 1;
            const int f = frameOf(out[i]);
            if (run == 20 && f >= 0 && (frames.empty() || frames.back() != f))
                frames.push_back(f);
        }
        return frames;
    }
};

std::vector<int> range(int from, int to)
{
    std::vector<int> r;
    for (int i = from; i < to; ++i)
        r.push_back(i % 256);
    return r;
}
} // namespace

class tst_JitterBuffer : public QObject {
    Q_OBJECT

private slots:
    void defaultStartIsTwoFrames();
    void prefillThenInOrder();
    void reorderWithinDepth();
    void singleLossIsConcealed();
    void burstLossFadesToSilenceAndResumes();
    void duplicates();
    void lateFrameIsDroppedAndGrowsTarget();
    void networkBurstsAdaptTarget();
    void producerFaster_data();
    void producerFaster();
    void producerSlower();
    void anyFrameLengthIsSampleExact_data();
    void anyFrameLengthIsSampleExact();
    void stableStreamShrinksTarget();
    void overflowIsBounded();
    void senderJumpForward();
    void senderRestartWithoutReset();
    void resetStartsClean();
    void pushEncoded();
};

void tst_JitterBuffer::prefillThenInOrder()
{
    Harness h;
    QCOMPARE(h.jb.targetSamples(), 480); // 60 ms
    // Silence until 60 ms are queued, then frame 0 onward, one per period.
    QCOMPARE(h.pull(), int16_t(0));
    for (quint64 k = 0; k < 50; ++k) {
        QCOMPARE(h.push(k), JitterBuffer::PushResult::Accepted);
        const int16_t mid = h.pull();
        if (k < 2)
            QCOMPARE(mid, int16_t(0));
        else
            QCOMPARE(mid, valueOf(k - 2));
    }
    QCOMPARE(h.framesHeard(), range(0, 48));
    const auto s = h.jb.stats();
    QCOMPARE(s.received, quint64(50));
    QCOMPARE(s.underruns, quint64(0));
    QCOMPARE(s.concealedMs, quint64(0)); // prefill silence is not concealment
    QCOMPARE(s.lost, quint64(0));
    QCOMPARE(s.targetMs, 60);
    QCOMPARE(s.depthMs, 40);
}

void tst_JitterBuffer::reorderWithinDepth()
{
    Harness h;
    // Pairs swapped: 1,0,3,2,... Within a 60 ms buffer the swap is invisible.
    for (quint64 k = 0; k < 40; k += 2) {
        h.push(k + 1);
        h.pull();
        h.push(k);
        h.pull();
    }
    QCOMPARE(h.framesHeard(), range(0, 38));
    const auto s = h.jb.stats();
    QCOMPARE(s.reordered, quint64(20));
    QCOMPARE(s.lost, quint64(0));
    QCOMPARE(s.late, quint64(0));
    QCOMPARE(s.underruns, quint64(0));
}

void tst_JitterBuffer::singleLossIsConcealed()
{
    Harness h;
    std::vector<int16_t> mids;
    for (quint64 k = 0; k < 30; ++k) {
        if (k != 10)
            h.push(k);
        mids.push_back(h.pull());
    }
    // Output slot i (i >= 2) plays frame i - 2; frame 10's slot is frame 9 repeated at the start of its fade:
    // 80 samples into a 480-sample fade the gain is 400/480.
    QCOMPARE(mids[11], valueOf(9));
    QCOMPARE(mids[12], int16_t(valueOf(9) * 400 / 480));
    QCOMPARE(mids[13], valueOf(11));
    std::vector<int> expected = range(0, 28);
    expected.erase(expected.begin() + 10);
    QCOMPARE(h.framesHeard(), expected);
    const auto s = h.jb.stats();
    QCOMPARE(s.lost, quint64(1));
    QCOMPARE(s.concealedMs, quint64(20));
    QCOMPARE(s.underruns, quint64(0));
    // The join back to real audio is a short fade-in, not a jump: it starts at the gain the fade-out had reached.
    const size_t resume = 13 * kFrame;
    const int16_t first = h.out[resume];
    QVERIFY(first > 0 && first < valueOf(11));
    QVERIFY(h.out[resume + 39] <= valueOf(11) && h.out[resume + 40] == valueOf(11));
}

void tst_JitterBuffer::burstLossFadesToSilenceAndResumes()
{
    Harness h;
    std::vector<int16_t> mids;
    for (quint64 k = 0; k < 40; ++k) {
        if (k < 10 || k > 14) // 100 ms gone
            h.push(k);
        mids.push_back(h.pull());
    }
    // Frame 9 ends in slot 11; then the buffer is empty: underrun, fade over 60 ms, silence, rebuffer to 80 ms.
    QCOMPARE(mids[11], valueOf(9));
    QCOMPARE(mids[12], int16_t(valueOf(9) * 400 / 480));
    QCOMPARE(mids[13], int16_t(valueOf(9) * 240 / 480));
    QCOMPARE(mids[14], int16_t(valueOf(9) * 80 / 480));
    for (int i = 15; i < 18; ++i) // 15..18 arrive; at 80 ms queued playback restarts with 15
        QCOMPARE(mids[size_t(i)], int16_t(0));
    QCOMPARE(mids[18], valueOf(15));
    std::vector<int> expected = range(0, 10);
    for (int k = 15; k < 40; ++k)
        expected.push_back(k);
    std::vector<int> heard = h.framesHeard();
    QVERIFY(heard.size() > 20);
    expected.resize(heard.size());
    QCOMPARE(heard, expected); // resumes at 15, in order, nothing repeated
    const auto s = h.jb.stats();
    QCOMPARE(s.underruns, quint64(1));
    QCOMPARE(s.lost, quint64(5));
    QCOMPARE(s.targetMs, 80);
    QVERIFY(s.concealedMs >= 100);
}

void tst_JitterBuffer::duplicates()
{
    Harness h;
    for (quint64 k = 0; k < 30; ++k) {
        QCOMPARE(h.push(k), JitterBuffer::PushResult::Accepted);
        QCOMPARE(h.push(k), JitterBuffer::PushResult::Duplicate); // still queued
        h.pull();
        if (k >= 5) // long played: remembered as played, not counted as late
            QCOMPARE(h.push(k - 5), JitterBuffer::PushResult::Duplicate);
    }
    QCOMPARE(h.framesHeard(), range(0, 28));
    const auto s = h.jb.stats();
    QCOMPARE(s.duplicates, quint64(30 + 25));
    QCOMPARE(s.late, quint64(0));
    QCOMPARE(s.received, quint64(30 * 3 - 5));
}

void tst_JitterBuffer::lateFrameIsDroppedAndGrowsTarget()
{
    Harness h;
    for (quint64 k = 0; k < 30; ++k) {
        if (k != 10)
            h.push(k);
        h.pull();
        if (k == 14) // frame 10's slot went by three periods ago
            QCOMPARE(h.push(10), JitterBuffer::PushResult::Late);
    }
    std::vector<int> expected = range(0, 28);
    expected.erase(expected.begin() + 10);
    QCOMPARE(h.framesHeard(), expected);
    const auto s = h.jb.stats();
    QCOMPARE(s.late, quint64(1));
    QCOMPARE(s.lost, quint64(1));
    QCOMPARE(s.targetMs, 70);
}

void tst_JitterBuffer::networkBurstsAdaptTarget()
{
    // TCP jitter: frame k is sent at period k but delivered d_k periods later (0..6, i.e. up to 120 ms), and never
    // before the frame ahead of it, so frames come in clumps after a stall. Early on the 60 ms target underruns; it
    // grows until the stalls fit, and from then on playback is continuous and complete.
    Harness h;
    QRandomGenerator rng(42);
    std::vector<int> arrival;
    for (int k = 0; k < 3000; ++k) {
        const int at = k + (k < 10 ? 0 : int(rng.bounded(7))); // a clean start, then the network gets worse
        arrival.push_back(arrival.empty() ? at : std::max(arrival.back(), at));
    }
    size_t next = 0;
    quint64 underrunsAtHalf = 0;
    for (int period = 0; period < 3000; ++period) { // 60 s
        while (next < arrival.size() && arrival[next] <= period)
            h.push(next++);
        h.pull();
        if (period == 1500)
            underrunsAtHalf = h.jb.stats().underruns;
    }
    const auto s = h.jb.stats();
    QVERIFY(s.underruns >= 1);
    QVERIFY2(s.underruns - underrunsAtHalf <= 1,
             qPrintable(QStringLiteral("%1 then %2").arg(underrunsAtHalf).arg(s.underruns)));
    QCOMPARE(s.lost, quint64(0));
    QCOMPARE(s.late, quint64(0));
    // The target itself may have come back down: after a rebuffer the depth carries the stall it waited out, and
    // only a low point above the target is drained, so the headroom the stalls need is kept.
    QVERIFY(s.targetMs >= JitterBuffer::kMinTargetMs && s.targetMs <= JitterBuffer::kMaxTargetMs);
    const auto heard = h.framesHeard();
    QVERIFY(heard.size() > 2900);
    for (size_t i = 1; i < heard.size(); ++i)
        QCOMPARE((heard[i] - heard[i - 1] + 256) % 256, 1); // every frame, in order
}

void tst_JitterBuffer::producerFaster_data()
{
    QTest::addColumn<int>("pullLength");
    QTest::newRow("0.6% fast") << 159;
    QTest::newRow("1.9% fast") << 157; // far worse than real sound cards (~0.01%), still within the drain rate
}

void tst_JitterBuffer::producerFaster()
{
    // The sender's clock runs fast: one 160-sample frame per period while the sound card takes fewer samples.
    // Without draining the delay would grow without bound; with it, depth stays near the target.
    QFETCH(int, pullLength);
    Harness h;
    int maxDepthLate = 0;
    for (quint64 k = 0; k < 6000; ++k) { // two minutes
        h.push(k);
        h.pull(pullLength);
        if (k > 3000)
            maxDepthLate = std::max(maxDepthLate, h.jb.stats().depthMs);
    }
    const auto s = h.jb.stats();
    QCOMPARE(s.underruns, quint64(0));
    QCOMPARE(s.lost, quint64(0));
    const quint64 excessMs = 6000 * quint64(kFrame - pullLength) / 8;
    QVERIFY2(s.drainedMs + 200 >= excessMs, qPrintable(QString::number(s.drainedMs)));
    QVERIFY2(maxDepthLate <= s.targetMs + 60, qPrintable(QString::number(maxDepthLate)));
    const auto heard = h.framesHeard();
    for (size_t i = 1; i < heard.size(); ++i)
        QVERIFY((heard[i] - heard[i - 1] + 256) % 256 <= 2); // forward only; a cut may skip within one frame
}

void tst_JitterBuffer::producerSlower()
{
    // The sender is 0.6% slow: the buffer drains, underruns now and then, conceals and refills, but never loses,
    // reorders or repeats audio.
    Harness h;
    for (quint64 k = 0; k < 6000; ++k) {
        h.push(k);
        h.pull(161);
    }
    const auto s = h.jb.stats();
    QVERIFY(s.underruns >= 1);
    QVERIFY2(s.underruns <= 12, qPrintable(QString::number(s.underruns)));
    QCOMPARE(s.lost, quint64(0));
    QCOMPARE(s.late, quint64(0));
    const auto heard = h.framesHeard();
    QVERIFY(heard.size() > 5900);
    for (size_t i = 1; i < heard.size(); ++i)
        QCOMPARE((heard[i] - heard[i - 1] + 256) % 256, 1);
}

void tst_JitterBuffer::anyFrameLengthIsSampleExact_data()
{
    QTest::addColumn<int>("minLength");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<int>("pullLength");
    QTest::newRow("792-byte frames (Telnyx docs example)") << 792 << 792 << 160;
    QTest::newRow("random 1..500, odd pulls") << 1 << 500 << 137;
    QTest::newRow("tiny frames") << 1 << 8 << 80;
}

void tst_JitterBuffer::anyFrameLengthIsSampleExact()
{
    // Samples numbered 0, 1, 2, ... across frames of varying length come out in exactly that order.
    QFETCH(int, minLength);
    QFETCH(int, maxLength);
    QFETCH(int, pullLength);
    JitterBuffer jb;
    QRandomGenerator rng(7);
    int nextSample = 0;
    quint64 key = 0;
    std::vector<int16_t> out;
    while (nextSample < 32000) { // 4 s: before the first chance to shrink the target (5 s) cuts audio
        while (jb.depthSamples() < jb.targetSamples()) {
            const int length = minLength + int(rng.bounded(maxLength - minLength + 1));
            std::vector<int16_t> frame(static_cast<size_t>(length));
            for (auto &v : frame)
                v = int16_t(1 + nextSample++ % 30000);
            jb.push(key++, frame);
        }
        std::vector<int16_t> period(static_cast<size_t>(pullLength));
        jb.pull(period);
        out.insert(out.end(), period.begin(), period.end());
    }
    const auto first = std::find_if(out.begin(), out.end(), [](int16_t v) { return v != 0; });
    QVERIFY(first != out.end());
    const auto start = size_t(first - out.begin());
    // Skip the 5 ms fade-in at the very start, then every sample must be the next number.
    for (size_t i = start + 40; i < out.size(); ++i)
        QCOMPARE(int(out[i]), int(1 + (i - start) % 30000));
    const auto s = jb.stats();
    QCOMPARE(s.underruns, quint64(0));
    QCOMPARE(s.drainedMs, quint64(0));
}

void tst_JitterBuffer::stableStreamShrinksTarget()
{
    Harness h;
    for (quint64 k = 0; k < 1500; ++k) { // 30 s of a perfect stream
        h.push(k);
        h.pull();
    }
    const auto s = h.jb.stats();
    QCOMPARE(s.targetMs, JitterBuffer::kMinTargetMs);
    QVERIFY(s.depthMs <= 40);
    QCOMPARE(s.underruns, quint64(0));
    QCOMPARE(s.drainedMs, quint64(30)); // 60 -> 30 ms: the three 10 ms steps were cut from the audio
}

void tst_JitterBuffer::overflowIsBounded()
{
    Harness h;
    for (quint64 k = 0; k < 100; ++k) // two seconds arrive while nothing is pulled
        h.push(k);
    auto s = h.jb.stats();
    QVERIFY2(s.depthMs <= JitterBuffer::kMaxDepthMs, qPrintable(QString::number(s.depthMs)));
    QVERIFY(s.drainedMs >= 1600);
    for (int i = 0; i < 30; ++i)
        h.pull();
    const auto heard = h.framesHeard();
    QVERIFY(!heard.empty());
    QCOMPARE(heard.back(), 99); // the newest audio survived
    for (size_t i = 1; i < heard.size(); ++i)
        QCOMPARE(heard[i] - heard[i - 1], 1);
}

void tst_JitterBuffer::senderJumpForward()
{
    Harness h;
    for (quint64 k = 0; k < 20; ++k) {
        h.push(k);
        h.pull();
    }
    for (quint64 k = 100000; k < 100020; ++k) { // not 99,980 frames of concealment
        h.push(k);
        h.pull();
    }
    const auto s = h.jb.stats();
    QCOMPARE(s.resyncs, quint64(1));
    QVERIFY(s.concealedMs <= 100);
    const auto heard = h.framesHeard();
    QCOMPARE(heard.back(), int(100017 % 256));
}

void tst_JitterBuffer::senderRestartWithoutReset()
{
    Harness h;
    for (quint64 k = 1000; k < 1020; ++k) {
        h.push(k);
        h.pull();
    }
    // The sender starts counting from 1 again. Two stragglers are dropped as late, then we follow.
    QCOMPARE(h.push(1), JitterBuffer::PushResult::Late);
    QCOMPARE(h.push(2), JitterBuffer::PushResult::Late);
    QCOMPARE(h.push(3), JitterBuffer::PushResult::Accepted);
    for (quint64 k = 4; k < 20; ++k) {
        QCOMPARE(h.push(k), JitterBuffer::PushResult::Accepted);
        h.pull();
    }
    const auto s = h.jb.stats();
    QCOMPARE(s.resyncs, quint64(1));
    QCOMPARE(s.late, quint64(2));
    // The stragglers also raised the target by 10 ms, so the new stream prefills 70 ms: 16 is the last heard.
    std::vector<int> expected = range(1000, 1018); // the old stream, then the new one
    for (int k = 3; k < 17; ++k)
        expected.push_back(k);
    QCOMPARE(h.framesHeard(), expected);
}

void tst_JitterBuffer::defaultStartIsTwoFrames()
{
    // 40 ms: the frame that plays and one more (JitterBuffer.h says why).
    QCOMPARE(JitterBuffer::kInitialTargetMs, 40);
    JitterBuffer jb;
    QCOMPARE(jb.stats().targetMs, 40);
    std::vector<int16_t> period(kFrame);
    const auto push = [&jb](quint64 key) {
        const std::vector<int16_t> samples(kFrame, valueOf(key));
        jb.push(key, samples);
    };
    push(0);
    jb.pull(period);
    QCOMPARE(period[kFrame / 2], int16_t(0)); // one frame: still prefilling
    push(1);
    jb.pull(period);
    QVERIFY(jb.isPlaying());
    QCOMPARE(frameOf(period[kFrame / 2]), 0);
}

void tst_JitterBuffer::resetStartsClean()
{
    Harness h;
    for (quint64 k = 500; k < 560; ++k) {
        if (k % 7)
            h.push(k);
        h.pull();
    }
    QVERIFY(h.jb.stats().received > 0);
    h.jb.reset();
    const auto s = h.jb.stats();
    QCOMPARE(s.received, quint64(0));
    QCOMPARE(s.lost, quint64(0));
    QCOMPARE(s.targetMs, kScriptStartMs); // the start it was made with
    QCOMPARE(s.depthMs, 0);
    QVERIFY(!h.jb.isPlaying());
    h.out.clear();
    QCOMPARE(h.pull(), int16_t(0));    // nothing left of the old stream, not even concealment of it
    for (quint64 k = 1; k < 20; ++k) { // a new stream with lower numbers plays normally
        QCOMPARE(h.push(k), JitterBuffer::PushResult::Accepted);
        h.pull();
    }
    QCOMPARE(h.framesHeard(), range(1, 18));
}

void tst_JitterBuffer::pushEncoded()
{
    JitterBuffer jb;
    std::vector<uint8_t> silence(kFrame, kMuLawSilence), loud(kFrame, 0x80), alaw(kFrame, 0xAA);
    jb.pushEncoded(0, loud, G711Law::MuLaw);
    jb.pushEncoded(1, silence, G711Law::MuLaw);
    jb.pushEncoded(2, alaw, G711Law::ALaw);
    std::vector<int16_t> out(3 * kFrame);
    jb.pull(out);
    QCOMPARE(out[kFrame / 2], int16_t(32124));
    QCOMPARE(out[kFrame + kFrame / 2], int16_t(0));
    QCOMPARE(out[2 * kFrame + kFrame / 2], int16_t(32256));
}

QTEST_APPLESS_MAIN(tst_JitterBuffer)
#include "tst_jitterbuffer.moc"
