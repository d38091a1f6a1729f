// SPDX-License-Identifier: MIT
#include "FileMode.h"
#include "audio/CallRecorder.h"
#include "dsp/WavFile.h"

// Qt
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace sb;

class tst_CallRecorder : public QObject {
    Q_OBJECT
private slots:
    void sanitize_data();
    void sanitize();
    void fileName();
    void interleavesRemoteLeftAgentRight();
    void oneSideStalledIsWrittenAgainstSilence();
    void sameSecondGetsSuffix();
    void validWhileRunning();
    void ownerOnlyWhateverTheUmask();
};

void tst_CallRecorder::sanitize_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("expected");
    QTest::newRow("telnyx") << "v3:AbC-12_x.y"
                            << "v3_AbC-12_x.y";
    QTest::newRow("path") << "../../etc/passwd"
                          << "_._.._etc_passwd";
    QTest::newRow("empty") << ""
                           << "call";
    QTest::newRow("unicode") << "appel-é"
                             << "appel-_";
}

void tst_CallRecorder::sanitize()
{
    QFETCH(QString, id);
    QFETCH(QString, expected);
    QCOMPARE(CallRecorder::sanitize(id), expected);
    QCOMPARE(CallRecorder::sanitize(QString(300, u'a')).size(), 100);
}

void tst_CallRecorder::fileName()
{
    const QDateTime t(QDate(2026, 11, 27), QTime(9, 5, 7));
    QCOMPARE(CallRecorder::fileNameFor("v3:x/y", t), QString("v3_x_y-20261127-090507.wav"));
}

void tst_CallRecorder::interleavesRemoteLeftAgentRight()
{
    QTemporaryDir dir;
    CallRecorder rec;
    QVERIFY(rec.start(dir.filePath("sub/dir"), "call-1"));
    QVERIFY(rec.filePath().startsWith(dir.filePath("sub/dir/call-1-")));
    const std::vector<int16_t> remote(160, 1000), agent(160, -2000);
    for (int i = 0; i < 10; ++i) {
        rec.addRemote(remote);
        if (i % 2)
            rec.addAgent(agent), rec.addAgent(agent); // the other clock, in bursts
    }
    rec.stop();
    QVERIFY(!rec.isRecording());
    auto wav = readWav(rec.filePath());
    QVERIFY(wav);
    QCOMPARE(wav->channels, 2);
    QCOMPARE(wav->sampleRate, 8000);
    QCOMPARE(wav->samples.size(), 2u * 1600u);
    for (std::size_t i = 0; i < wav->samples.size(); i += 2) {
        QCOMPARE(wav->samples[i], int16_t(1000));
        QCOMPARE(wav->samples[i + 1], int16_t(-2000));
    }
}

void tst_CallRecorder::oneSideStalledIsWrittenAgainstSilence()
{
    QTemporaryDir dir;
    CallRecorder rec;
    QVERIFY(rec.start(dir.path(), "c"));
    const std::vector<int16_t> remote(160, 500);
    for (int i = 0; i < 100; ++i) // two seconds of remote, no microphone at all
        rec.addRemote(remote);
    // At most kMaxSkewMs is held back waiting for the agent side.
    QVERIFY(rec.framesWritten() >= 16000u - 8u * CallRecorder::kMaxSkewMs);
    rec.stop();
    auto wav = readWav(rec.filePath());
    QCOMPARE(wav->samples.size(), 32000u);
    QCOMPARE(wav->samples[0], int16_t(500));
    QCOMPARE(wav->samples[1], int16_t(0));
}

void tst_CallRecorder::sameSecondGetsSuffix()
{
    QTemporaryDir dir;
    const QDateTime t = QDateTime::currentDateTime();
    CallRecorder a, b;
    QVERIFY(a.start(dir.path(), "same", t));
    QVERIFY(b.start(dir.path(), "same", t));
    QVERIFY(a.filePath() != b.filePath());
    QVERIFY(b.filePath().endsWith("-2.wav"));
}

void tst_CallRecorder::validWhileRunning()
{
    QTemporaryDir dir;
    CallRecorder rec;
    QVERIFY(rec.start(dir.path(), "live"));
    const std::vector<int16_t> block(160, 3);
    for (int i = 0; i < 60; ++i) { // 1.2 s: the header has been patched once
        rec.addRemote(block);
        rec.addAgent(block);
    }
    auto wav = readWav(rec.filePath()); // as if the process had been killed now
    QVERIFY(wav);
    QVERIFY(wav->samples.size() >= 2u * 8000u);
}

// A recording is the call's audio: 0600 from its creation, under the common umask 022, through the end of the call.
void tst_CallRecorder::ownerOnlyWhateverTheUmask()
{
    QTemporaryDir dir;
    const QDateTime t = QDateTime::currentDateTime();
    CallRecorder a, b;
    const mode_t umaskBefore = ::umask(022);
    const bool started = a.start(dir.path(), "private", t) && b.start(dir.path(), "private", t);
    ::umask(umaskBefore);
    QVERIFY(started);
    QCOMPARE(sb::test::fileMode(a.filePath()), 0600);
    QCOMPARE(sb::test::fileMode(b.filePath()), 0600); // the -2 one too
    const std::vector<int16_t> block(160, 3);
    a.addRemote(block);
    a.addAgent(block);
    a.stop();
    QCOMPARE(sb::test::fileMode(a.filePath()), 0600);
    QVERIFY(readWav(a.filePath()));
}

QTEST_GUILESS_MAIN(tst_CallRecorder)
#include "tst_callrecorder.moc"
