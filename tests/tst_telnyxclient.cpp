// SPDX-License-Identifier: MIT
#include <QTest>
class tst_TelnyxClient : public QObject {
    Q_OBJECT
};
QTEST_MAIN(tst_TelnyxClient)
#include "tst_telnyxclient.moc"
