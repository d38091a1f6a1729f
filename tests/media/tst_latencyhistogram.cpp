// SPDX-License-Identifier: MIT
// LatencyHistogram: percentiles of per-frame playout latency from 1 ms bins.
#include "media/LatencyHistogram.h"

#include <QTest>

using sb::LatencyHistogram;

class tst_LatencyHistogram : public QObject {
    Q_OBJECT
private slots:
    void emptyIsZero();
    void percentilesOfAKnownSpread();
    void outOfRangeIsClamped();
    void resetForgets();
};

void tst_LatencyHistogram::emptyIsZero()
{
    const LatencyHistogram h;
    QCOMPARE(h.count(), 0ULL);
    QCOMPARE(h.percentile(0.5), 0);
    QCOMPARE(h.summary().max, 0);
}

void tst_LatencyHistogram::percentilesOfAKnownSpread()
{
    LatencyHistogram h;
    // 1..100 ms, once each, in a shuffled order: the p-th percentile is p.
    for (int i = 0; i < 100; ++i)
        h.record((i * 37) % 100 + 1);
    QCOMPARE(h.count(), 100ULL);
    QCOMPARE(h.percentile(0.5), 50);
    QCOMPARE(h.percentile(0.99), 99);
    QCOMPARE(h.percentile(1.0), 100);
    QCOMPARE(h.percentile(0.0), 1); // the smallest sample
    const LatencyHistogram::Summary s = h.summary();
    QCOMPARE(s.p50, 50);
    QCOMPARE(s.p99, 99);
    QCOMPARE(s.max, 100);
    // One slow frame in a thousand moves p99 only when there are more than 1 % of them.
    LatencyHistogram steady;
    for (int i = 0; i < 995; ++i)
        steady.record(60);
    for (int i = 0; i < 5; ++i)
        steady.record(400);
    QCOMPARE(steady.percentile(0.99), 60);
    QCOMPARE(steady.summary().max, 400);
    steady.record(400);
    steady.record(400);
    steady.record(400);
    steady.record(400);
    steady.record(400);
    steady.record(400);
    QCOMPARE(steady.percentile(0.99), 400);
}

void tst_LatencyHistogram::outOfRangeIsClamped()
{
    LatencyHistogram h;
    h.record(-5);
    h.record(LatencyHistogram::kMaxMs + 500);
    QCOMPARE(h.percentile(0.5), 0);
    QCOMPARE(h.percentile(1.0), LatencyHistogram::kMaxMs);
}

void tst_LatencyHistogram::resetForgets()
{
    LatencyHistogram h;
    h.record(80);
    h.reset();
    QCOMPARE(h.count(), 0ULL);
    QCOMPARE(h.summary().max, 0);
    h.record(20);
    QCOMPARE(h.percentile(0.99), 20);
}

QTEST_GUILESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
