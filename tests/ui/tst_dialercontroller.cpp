// SPDX-License-Identifier: MIT
#include "DialerController.h"

#include <QSignalSpy>
#include <QTest>

using sb::DialerController;

class tst_DialerController : public QObject {
    Q_OBJECT
private slots:
    void validate_data();
    void validate();
    void keypad();
    void callerId();
};

void tst_DialerController::validate_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("messageContains"); // empty: no message

    QTest::newRow("empty") << ""
                           << "" << false << "";
    QTest::newRow("us") << "+15551234567"
                        << "+15551234567" << true << "";
    QTest::newRow("separators") << "+1 (555) 123-45.67"
                                << "+15551234567" << true << "";
    QTest::newRow("shortest") << "+12"
                              << "+12" << true << "";
    QTest::newRow("longest") << "+123456789012345"
                             << "+123456789012345" << true << "";
    QTest::newRow("plus only") << "+"
                               << "+" << false << "country code";
    QTest::newRow("no plus") << "15551234567"
                             << "15551234567" << false << "Start with +";
    QTest::newRow("letters first") << "abc"
                                   << "abc" << false << "starts with +";
    QTest::newRow("zero cc") << "+0441234"
                             << "+0441234" << false << "never starts with 0";
    QTest::newRow("too short") << "+1"
                               << "+1" << false << "Too short";
    QTest::newRow("too long") << "+1234567890123456"
                              << "+1234567890123456" << false << "at most 15 digits";
    QTest::newRow("letter") << "+1555a"
                            << "+1555a" << false << "'a' is not allowed";
    QTest::newRow("two plus") << "+1+555"
                              << "+1+555" << false << "Only one +";
}

void tst_DialerController::validate()
{
    QFETCH(QString, typed);
    QFETCH(QString, normalized);
    QFETCH(bool, valid);
    QFETCH(QString, messageContains);

    DialerController dialer;
    QSignalSpy changed(&dialer, &DialerController::numberChanged);
    dialer.setNumber(typed);
    QCOMPARE(changed.count(), typed.isEmpty() ? 0 : 1);
    QCOMPARE(dialer.normalized(), normalized);
    QCOMPARE(dialer.isValid(), valid);
    if (messageContains.isEmpty())
        QVERIFY2(dialer.validationMessage().isEmpty(), qPrintable(dialer.validationMessage()));
    else
        QVERIFY2(dialer.validationMessage().contains(messageContains), qPrintable(dialer.validationMessage()));
}

void tst_DialerController::keypad()
{
    DialerController dialer;
    for (const char *key : {"+", "4", "9", "x", "12", "3"})
        dialer.appendDigit(QString::fromLatin1(key));
    QCOMPARE(dialer.number(), QStringLiteral("+493"));
    dialer.backspace();
    QCOMPARE(dialer.number(), QStringLiteral("+49"));
    dialer.clear();
    QCOMPARE(dialer.number(), QString());
    dialer.backspace(); // harmless on empty
    QCOMPARE(dialer.number(), QString());
}

void tst_DialerController::callerId()
{
    DialerController dialer;
    dialer.setNumber(QStringLiteral("+15551234567"));
    QVERIFY(!dialer.canDial());
    QVERIFY(dialer.callerIdMessage().contains(QLatin1String("Settings")));

    dialer.setCallerIds({QStringLiteral("+15557654321"), QStringLiteral("+15550000000")});
    QCOMPARE(dialer.callerId(), QStringLiteral("+15557654321")); // the first one is preselected
    QVERIFY(dialer.canDial());
    QVERIFY(dialer.callerIdMessage().isEmpty());

    dialer.setCallerId(QStringLiteral("0123"));
    QVERIFY(!dialer.canDial());
    QVERIFY(dialer.callerIdMessage().startsWith(QLatin1String("Caller ID:")));

    dialer.setCallerId(QStringLiteral("+1 555 000 0000")); // typed with spaces
    QVERIFY(dialer.canDial());
}

QTEST_GUILESS_MAIN(tst_DialerController)
#include "tst_dialercontroller.moc"
