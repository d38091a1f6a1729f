// SPDX-License-Identifier: MIT
#include "protocol/E164.h"

#include <QTest>

class tst_E164 : public QObject {
    Q_OBJECT
private slots:
    void validation_data();
    void validation();
};

void tst_E164::validation_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<bool>("valid");
    QTest::newRow("US") << QStringLiteral("+15551234567") << true;
    QTest::newRow("shortest: 2 digits") << QStringLiteral("+12") << true;
    QTest::newRow("longest: 15 digits") << QStringLiteral("+123456789012345") << true;
    QTest::newRow("16 digits") << QStringLiteral("+1234567890123456") << false;
    QTest::newRow("1 digit") << QStringLiteral("+1") << false;
    QTest::newRow("leading zero") << QStringLiteral("+0551234567") << false;
    QTest::newRow("no plus") << QStringLiteral("15551234567") << false;
    QTest::newRow("double plus") << QStringLiteral("++15551234567") << false;
    QTest::newRow("spaces") << QStringLiteral("+1 555 123 4567") << false;
    QTest::newRow("dashes") << QStringLiteral("+1-555-1234567") << false;
    QTest::newRow("letters") << QStringLiteral("+1555CALLNOW") << false;
    QTest::newRow("trailing newline") << QStringLiteral("+15551234567\n") << false;
    QTest::newRow("arabic-indic digits") << QStringLiteral("+١٥٥٥١٢٣٤٥٦٧") << false;
    QTest::newRow("sip uri") << QStringLiteral("sip:alice@example.com") << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_E164::validation()
{
    QFETCH(QString, number);
    QFETCH(bool, valid);
    QCOMPARE(sb::isE164(number), valid);
}

QTEST_APPLESS_MAIN(tst_E164)
#include "tst_e164.moc"
