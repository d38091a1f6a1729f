// SPDX-License-Identifier: MIT
// Unit: UplinkPacer, the re-pacing of a remote desk's microphone (/agent-audio, CONTRACT §7), driven by scripts of
// arrivals and 20 ms ticks.
#include "streaming/UplinkPacer.h"

// Qt
#include <QStringList>
#include <QTest>

using sb::UplinkPacer;

namespace {

QByteArray frame(int n)
{
    return QByteArray(UplinkPacer::kFrameBytes, char(n));
}

} // namespace

class tst_UplinkPacer : public QObject {
    Q_OBJECT
private slots:
    void script_data();
    void script();
    void silenceIsPcmuZero();
    void steadyStreamComesBackToOneFrame();
};

// `script`: space-separated steps, "+N" a frame numbered N arrives, "." a tick. `out`: what each tick sent, in order,
// "s" for silence. WebSocket frames ride TCP: they never arrive reordered or twice, so the pacer keeps arrival order
// (the "arrival order" row) and has no reordering to do.
void tst_UplinkPacer::script_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("out");
    QTest::addColumn<int>("dropped");
    QTest::addColumn<int>("underruns");

    QTest::newRow("nothing yet: silence") << ". . ."
                                          << "s s s" << 0 << 0;
    QTest::newRow("start depth: one frame (20 ms)") << "+1 . +2 . . ."
                                                    << "1 2 s s" << 0 << 1;
    QTest::newRow("after an underrun it primes two frames deep") << "+1 . . +2 . +3 . ."
                                                                 << "1 s s 2 3" << 0 << 1;
    QTest::newRow("deeper with each underrun, up to 80 ms")
        << "+1 . . +2 +3 . . . +4 +5 +6 . . . . +7 +8 +9 +10 . . . . . +11 +12 +13 +14 . . . . ."
        << "1 s 2 3 s 4 5 6 s 7 8 9 10 s 11 12 13 14 s" << 0 << 5;
    QTest::newRow("steady: one in, one out") << "+1 +2 . +3 . +4 . +5 . . ."
                                             << "1 2 3 4 5 s" << 0 << 1;
    QTest::newRow("burst: played out over the ticks") << "+1 +2 +3 +4 +5 +6 . . . . . . ."
                                                      << "1 2 3 4 5 6 s" << 0 << 1;
    QTest::newRow("gap: silence, then primes again") << "+1 +2 . . . . +3 . +4 . ."
                                                     << "1 2 s s s 3 4" << 0 << 1;
    QTest::newRow("overflow: oldest dropped beyond 200 ms")
        << "+1 +2 +3 +4 +5 +6 +7 +8 +9 +10 +11 +12 . . . . . . . . . . ."
        << "3 4 5 6 7 8 9 10 11 12 s" << 2 << 1;
    QTest::newRow("arrival order kept (no reordering on TCP)") << "+3 +1 +2 . . . ."
                                                               << "3 1 2 s" << 0 << 1;
}

void tst_UplinkPacer::script()
{
    QFETCH(QString, script);
    QFETCH(QString, out);
    QFETCH(int, dropped);
    QFETCH(int, underruns);

    UplinkPacer pacer;
    QStringList sent;
    for (const QString &step : script.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (step.startsWith(QLatin1Char('+'))) {
            pacer.push(frame(step.mid(1).toInt()));
            QVERIFY(pacer.depth() <= UplinkPacer::kMaxFrames);
            continue;
        }
        bool silence = false;
        const QByteArray f = pacer.next(&silence);
        QCOMPARE(f.size(), UplinkPacer::kFrameBytes);
        sent.append(silence ? QStringLiteral("s") : QString::number(quint8(f.at(0))));
    }
    QCOMPARE(sent.join(QLatin1Char(' ')), out);
    QCOMPARE(int(pacer.dropped()), dropped);
    QCOMPARE(int(pacer.underruns()), underruns);
}

void tst_UplinkPacer::silenceIsPcmuZero()
{
    UplinkPacer pacer;
    bool silence = false;
    QCOMPARE(pacer.next(&silence), QByteArray(160, char(0xFF)));
    QVERIFY(silence);
}

void tst_UplinkPacer::steadyStreamComesBackToOneFrame()
{
    UplinkPacer pacer;
    pacer.push(frame(1));
    pacer.next();
    pacer.next(); // underrun: two frames from now on
    QCOMPARE(pacer.startFrames(), 2);
    pacer.push(frame(2));
    pacer.push(frame(3));
    for (int i = 0; i < UplinkPacer::kSteadyTicks - 1; ++i) {
        QVERIFY(!pacer.next().isEmpty());
        pacer.push(frame(4));
    }
    QCOMPARE(pacer.startFrames(), 2); // not yet: one tick short of 10 s
    pacer.next();
    QCOMPARE(pacer.startFrames(), 1);
    QCOMPARE(int(pacer.underruns()), 1);
}

QTEST_GUILESS_MAIN(tst_UplinkPacer)
#include "tst_uplinkpacer.moc"
