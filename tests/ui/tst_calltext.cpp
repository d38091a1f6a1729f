// SPDX-License-Identifier: MIT
#include "CallText.h"
#include "LanguageManager.h"

#include <QSet>
#include <QTest>

using sb::CallText;

class tst_CallText : public QObject {
    Q_OBJECT
private slots:
    void hangupCauses();
    void durations_data();
    void durations();
    void eventSummaries();
    void translations_data();
    void translations();
};

void tst_CallText::hangupCauses()
{
    // Every cause Telnyx documents gets its own sentence in plain words, never the raw code.
    const QStringList causes{"normal_clearing",   "user_busy", "no_answer",  "timeout",    "call_rejected",
                             "originator_cancel", "not_found", "time_limit", "unspecified"};
    QSet<QString> sentences;
    for (const QString &cause : causes) {
        const QString text = CallText::hangupCause(cause);
        QVERIFY2(!text.isEmpty() && !text.contains(QLatin1Char('_')), qPrintable(cause + ": " + text));
        QVERIFY(text.endsWith(QLatin1Char('.')));
        sentences.insert(text);
    }
    QCOMPARE(sentences.size(), causes.size());
    QCOMPARE(CallText::hangupCause("normal_clearing", "caller"), QStringLiteral("You hung up."));
    QCOMPARE(CallText::hangupCause("normal_clearing", "callee"), QStringLiteral("The other side hung up."));
    QCOMPARE(CallText::hangupCause({}), QStringLiteral("The call ended."));
    QVERIFY(CallText::hangupCause("something_new").contains(QLatin1String("something_new")));
}

void tst_CallText::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << qint64(-1) << "";
    QTest::newRow("zero") << qint64(0) << "0:00";
    QTest::newRow("minute") << qint64(75) << "1:15";
    QTest::newRow("hour") << qint64(3725) << "1:02:05";
}

void tst_CallText::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(CallText::duration(seconds), text);
}

void tst_CallText::eventSummaries()
{
    QCOMPARE(CallText::eventSummary("call.answered", {}), QStringLiteral("Answered"));
    QCOMPARE(CallText::eventSummary("call.dtmf.received", {{"digit", "5"}}), QStringLiteral("Digit 5 received"));
    QCOMPARE(CallText::eventSummary("call.hangup", {{"hangup_cause", "user_busy"}}),
             QStringLiteral("Hung up: The number is busy. Try again later."));
    QCOMPARE(CallText::eventSummary("call.unknown_thing", {}), QStringLiteral("call.unknown_thing"));
}

void tst_CallText::translations_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("connected");
    QTest::addColumn<QString>("busy");
    QTest::newRow("en") << "en"
                        << "Connected"
                        << "The number is busy. Try again later.";
    QTest::newRow("de") << "de"
                        << "Verbunden"
                        << "Die Nummer ist besetzt. Versuchen Sie es später noch einmal.";
    QTest::newRow("es") << "es"
                        << "Conectada"
                        << "El número está ocupado. Inténtelo de nuevo más tarde.";
}

void tst_CallText::translations()
{
    QFETCH(QString, language);
    QFETCH(QString, connected);
    QFETCH(QString, busy);
    sb::LanguageManager manager(nullptr);
    manager.setLanguage(language);
    QCOMPARE(manager.effectiveLanguage(), language);
    QCOMPARE(CallText::status("answered"), connected);
    QCOMPARE(CallText::hangupCause("user_busy"), busy);
}

QTEST_GUILESS_MAIN(tst_CallText)
#include "tst_calltext.moc"
