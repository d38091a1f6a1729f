// SPDX-License-Identifier: MIT
#include "SignalWatcher.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>

// A stop request from outside (Ctrl+C, a service manager's SIGTERM) arrives as terminationRequested on the
// event loop, with the signal's number, once per signal; without a watcher the default action is back.
class tst_SignalWatcher : public QObject {
    Q_OBJECT
private slots:
    void signalReachesTheEventLoop_data();
    void signalReachesTheEventLoop();
    void eachSignalOnce();
};

void tst_SignalWatcher::signalReachesTheEventLoop_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

void tst_SignalWatcher::signalReachesTheEventLoop()
{
    QFETCH(int, signalNumber);
    SignalWatcher watcher;
    QSignalSpy requested(&watcher, &SignalWatcher::terminationRequested);
    QVERIFY(std::raise(signalNumber) == 0); // the process survives: the watcher's handler took it
    QVERIFY(requested.wait(2000));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().toInt(), signalNumber);
}

void tst_SignalWatcher::eachSignalOnce()
{
    SignalWatcher watcher;
    QSignalSpy requested(&watcher, &SignalWatcher::terminationRequested);
    QVERIFY(std::raise(SIGTERM) == 0);
    QVERIFY(requested.wait(2000));
    QTest::qWait(300); // nothing more arrives for the same signal
    QCOMPARE(requested.size(), 1);
}

QTEST_GUILESS_MAIN(tst_SignalWatcher)
#include "tst_signalwatcher.moc"
