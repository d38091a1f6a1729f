// SPDX-License-Identifier: MIT
// ReconnectBackoff: 250 ms doubling to 5 s, back to 250 ms only after a connection that lasted.
#include "client/ReconnectBackoff.h"

// Qt
#include <QTest>

using sb::ReconnectBackoff;

class tst_ReconnectBackoff : public QObject {
    Q_OBJECT
private slots:
    void doublesToTheCap();
    void connectionLasted_data();
    void connectionLasted();
};

void tst_ReconnectBackoff::doublesToTheCap()
{
    ReconnectBackoff backoff;
    QList<int> delays;
    for (int i = 0; i < 8; ++i)
        delays.append(backoff.next());
    QCOMPARE(delays, (QList<int>{250, 500, 1000, 2000, 4000, 5000, 5000, 5000}));
    backoff.reset();
    QCOMPARE(backoff.next(), 250);
}

void tst_ReconnectBackoff::connectionLasted_data()
{
    QTest::addColumn<qint64>("upMs");
    QTest::addColumn<int>("nextMs");
    QTest::newRow("refused at once: keeps backing off") << qint64(0) << 2000;
    QTest::newRow("up briefly: keeps backing off") << qint64(ReconnectBackoff::kStableMs - 1) << 2000;
    QTest::newRow("up long enough: starts over") << qint64(ReconnectBackoff::kStableMs) << 250;
    QTest::newRow("up for minutes: starts over") << qint64(300000) << 250;
}

void tst_ReconnectBackoff::connectionLasted()
{
    QFETCH(qint64, upMs);
    QFETCH(int, nextMs);
    ReconnectBackoff backoff;
    backoff.next();
    backoff.next();
    backoff.next(); // 250, 500, 1000 spent
    backoff.connectionLasted(upMs);
    QCOMPARE(backoff.next(), nextMs);
}

QTEST_GUILESS_MAIN(tst_ReconnectBackoff)
#include "tst_reconnectbackoff.moc"
