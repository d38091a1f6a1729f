// SPDX-License-Identifier: MIT
// DeviceLoss: what playback and capture tell the agent as devices come and go. No sound device needed.
#include "audio/DeviceLoss.h"

// Qt
#include <QTest>

using namespace sb;

class tst_DeviceLoss : public QObject {
    Q_OBJECT
private slots:
    void missingDeviceIsSaidOnceUntilOneOpens();
    void openFailureIsSaidOnceToo();
    void lossIsAlwaysSaid();
    void resumedOnlyAfterAProblem();
    void pickFallsBackWhenNothingMatches();
    void hasFailedOnlyWhenStoppedWithAnError_data();
    void hasFailedOnlyWhenStoppedWithAnError();

private:
    DeviceLoss make() { return DeviceLoss(QStringLiteral("speaker"), QStringLiteral("no speaker"), m_say); }

    QStringList m_said;
    DeviceLoss::Report m_say = [this](const QString &message) { m_said << message; };
};

void tst_DeviceLoss::missingDeviceIsSaidOnceUntilOneOpens()
{
    m_said.clear();
    DeviceLoss loss = make();
    QVERIFY(!loss.isMissing());
    loss.absent();
    loss.absent(); // the 2 s retry finds nothing again: no repetition
    QCOMPARE(m_said, QStringList{QStringLiteral("no speaker")});
    QVERIFY(loss.isMissing());
    loss.opened(QStringLiteral("Headset"));
    loss.absent();
    QCOMPARE(m_said, (QStringList{QStringLiteral("no speaker"), QStringLiteral("speaker resumed on Headset"),
                                  QStringLiteral("no speaker")}));
}

void tst_DeviceLoss::openFailureIsSaidOnceToo()
{
    m_said.clear();
    DeviceLoss loss = make();
    loss.openFailed(QStringLiteral("Headset"));
    loss.openFailed(QStringLiteral("Headset"));
    loss.absent(); // still the same problem, already said
    QCOMPARE(m_said, QStringList{QStringLiteral("speaker Headset could not be opened")});
}

void tst_DeviceLoss::lossIsAlwaysSaid()
{
    m_said.clear();
    DeviceLoss loss = make();
    loss.lost(QStringLiteral("Headset"));
    loss.lost(QStringLiteral("Dock"));
    QCOMPARE(m_said, (QStringList{QStringLiteral("speaker Headset lost; waiting for another"),
                                  QStringLiteral("speaker Dock lost; waiting for another")}));
    QVERIFY(loss.isMissing());
    loss.absent(); // after a loss, finding nothing is not news
    QCOMPARE(m_said.size(), 2);
}

void tst_DeviceLoss::resumedOnlyAfterAProblem()
{
    m_said.clear();
    DeviceLoss loss = make();
    loss.opened(QStringLiteral("Headset")); // the first open of a call is not news
    QVERIFY(m_said.isEmpty());
    loss.lost(QStringLiteral("Headset"));
    loss.opened(QStringLiteral("Speakers"));
    loss.opened(QStringLiteral("Speakers"));
    QCOMPARE(m_said, (QStringList{QStringLiteral("speaker Headset lost; waiting for another"),
                                  QStringLiteral("speaker resumed on Speakers")}));
    QVERIFY(!loss.isMissing());
}

void tst_DeviceLoss::pickFallsBackWhenNothingMatches()
{
    // Without a sound system there are no devices to find: every id (chosen or empty) falls back to the default.
    const QAudioDevice fallback;
    QVERIFY(DeviceLoss::pick({}, {QByteArray("sb_sink"), QByteArray()}, fallback).isNull());
    QVERIFY(DeviceLoss::pick({}, {}, fallback).isNull());
}

namespace {
struct FakeStream {
    QAudio::State s;
    QAudio::Error e;
    QAudio::State state() const { return s; }
    QAudio::Error error() const { return e; }
};
} // namespace

void tst_DeviceLoss::hasFailedOnlyWhenStoppedWithAnError_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("failed");
    QTest::newRow("stopped by us") << int(QAudio::StoppedState) << int(QAudio::NoError) << false;
    QTest::newRow("device gone") << int(QAudio::StoppedState) << int(QAudio::IOError) << true;
    QTest::newRow("fatal") << int(QAudio::StoppedState) << int(QAudio::FatalError) << true;
    QTest::newRow("underrun while idle") << int(QAudio::IdleState) << int(QAudio::UnderrunError) << false;
    QTest::newRow("playing") << int(QAudio::ActiveState) << int(QAudio::NoError) << false;
}

void tst_DeviceLoss::hasFailedOnlyWhenStoppedWithAnError()
{
    QFETCH(int, state);
    QFETCH(int, error);
    QFETCH(bool, failed);
    const FakeStream stream{QAudio::State(state), QAudio::Error(error)};
    QCOMPARE(DeviceLoss::hasFailed(&stream), failed);
    QVERIFY(!DeviceLoss::hasFailed<FakeStream>(nullptr));
}

QTEST_GUILESS_MAIN(tst_DeviceLoss)
#include "tst_deviceloss.moc"
