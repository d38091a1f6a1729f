// SPDX-License-Identifier: MIT
#include "calls/CallStateMachine.h"

#include <QTest>

using sb::CallEvent;
using sb::CallRecord;
using sb::CallStateMachine;
using sb::CallStatus;

namespace {
CallEvent makeEvent(const QString &type, const QString &occurredAt, const QJsonObject &payload = {})
{
    CallEvent e;
    e.id = type + occurredAt;
    e.type = type;
    e.occurredAt = occurredAt;
    e.payload = payload;
    e.payload.insert(QStringLiteral("call_control_id"), QStringLiteral("v3:x"));
    return e;
}
const QString t0 = QStringLiteral("2026-03-10T14:02:11.482913Z");
const QString t1 = QStringLiteral("2026-03-10T14:02:15.000000Z");
const QString t2 = QStringLiteral("2026-03-10T14:03:00.500000Z");
} // namespace

Q_DECLARE_METATYPE(CallStatus)

class tst_CallStateMachine : public QObject {
    Q_OBJECT
private slots:
    void ordering_data();
    void ordering();
    void hangupFillsCauseSourceDuration();
    void hangupUsesEndTimeWhenPresent();
    void lateAnsweredAfterHangupGivesDuration();
    void neverAnsweredHasZeroDuration();
    void secondHangupDoesNotOverwrite();
    void unrelatedEventsChangeNoStatus();
    void incomingCallRings();
};

void tst_CallStateMachine::ordering_data()
{
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<CallStatus>("final");
    auto L = [](std::initializer_list<const char *> l) {
        QStringList out;
        for (auto s : l)
            out << QLatin1String(s);
        return out;
    };
    QTest::newRow("in order") << L({"call.initiated", "call.answered", "call.hangup"}) << CallStatus::Ended;
    QTest::newRow("with ringing") << L({"call.initiated", "call.ringing", "call.answered"}) << CallStatus::Answered;
    QTest::newRow("answered before initiated") << L({"call.answered", "call.initiated"}) << CallStatus::Answered;
    QTest::newRow("hangup then answered") << L({"call.hangup", "call.answered"}) << CallStatus::Ended;
    QTest::newRow("hangup then initiated") << L({"call.hangup", "call.initiated", "call.ringing"}) << CallStatus::Ended;
    QTest::newRow("answered then ringing") << L({"call.answered", "call.ringing"}) << CallStatus::Answered;
    QTest::newRow("only initiated") << L({"call.initiated"}) << CallStatus::Initiated;
}

void tst_CallStateMachine::ordering()
{
    QFETCH(QStringList, types);
    QFETCH(CallStatus, final);
    CallRecord r;
    int rank = 0;
    for (const QString &type : types) {
        CallStateMachine::apply(r, makeEvent(type, t1));
        QVERIFY2(int(r.status) >= rank, "a status never goes backwards");
        rank = int(r.status);
    }
    QCOMPARE(r.status, final);
}

void tst_CallStateMachine::hangupFillsCauseSourceDuration()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.initiated"), t0));
    QVERIFY(CallStateMachine::apply(r, makeEvent(QStringLiteral("call.answered"), t1)));
    QVERIFY(CallStateMachine::apply(r, makeEvent(QStringLiteral("call.hangup"), t2,
                                                 {{QStringLiteral("hangup_cause"), QStringLiteral("normal_clearing")},
                                                  {QStringLiteral("hangup_source"), QStringLiteral("callee")},
                                                  {QStringLiteral("sip_hangup_cause"), QStringLiteral("200")}})));
    QCOMPARE(r.status, CallStatus::Ended);
    QCOMPARE(r.hangupCause, QStringLiteral("normal_clearing"));
    QCOMPARE(r.hangupSource, QStringLiteral("callee"));
    QCOMPARE(r.sipHangupCause, QStringLiteral("200"));
    QCOMPARE(r.durationSeconds, std::optional<qint64>(46)); // 45.5 s, rounded to the nearest second
    QCOMPARE(r.answeredAt, QDateTime::fromString(t1, Qt::ISODateWithMs));
}

void tst_CallStateMachine::hangupUsesEndTimeWhenPresent()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.answered"), t1));
    CallStateMachine::apply(r,
                            makeEvent(QStringLiteral("call.hangup"), t2,
                                      {{QStringLiteral("end_time"), QStringLiteral("2026-03-10T14:02:25.000000Z")}}));
    QCOMPARE(r.durationSeconds, std::optional<qint64>(10));
}

void tst_CallStateMachine::lateAnsweredAfterHangupGivesDuration()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.hangup"), t2));
    QCOMPARE(r.durationSeconds, std::optional<qint64>(0));
    QVERIFY(CallStateMachine::apply(r, makeEvent(QStringLiteral("call.answered"), t1)));
    QCOMPARE(r.status, CallStatus::Ended);
    QCOMPARE(r.durationSeconds, std::optional<qint64>(46));
}

void tst_CallStateMachine::neverAnsweredHasZeroDuration()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.initiated"), t0));
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.hangup"), t2,
                                         {{QStringLiteral("hangup_cause"), QStringLiteral("user_busy")}}));
    QCOMPARE(r.status, CallStatus::Ended);
    QCOMPARE(r.hangupCause, QStringLiteral("user_busy"));
    QCOMPARE(r.durationSeconds, std::optional<qint64>(0));
    QVERIFY(!r.answeredAt.isValid());
}

void tst_CallStateMachine::secondHangupDoesNotOverwrite()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.hangup"), t1,
                                         {{QStringLiteral("hangup_cause"), QStringLiteral("normal_clearing")}}));
    CallStateMachine::apply(
        r, makeEvent(QStringLiteral("call.hangup"), t2, {{QStringLiteral("hangup_cause"), QStringLiteral("timeout")}}));
    QCOMPARE(r.hangupCause, QStringLiteral("normal_clearing"));
    QCOMPARE(r.endedAt, QDateTime::fromString(t1, Qt::ISODateWithMs));
}

void tst_CallStateMachine::unrelatedEventsChangeNoStatus()
{
    CallRecord r;
    CallStateMachine::apply(r, makeEvent(QStringLiteral("call.answered"), t1));
    for (const char *type : {"streaming.started", "streaming.failed", "call.dtmf.received", "call.hold"}) {
        CallStateMachine::apply(r, makeEvent(QLatin1String(type), t2));
        QCOMPARE(r.status, CallStatus::Answered);
    }
}

// CONTRACT §9: an incoming call waits for an agent, ringing, from its first event on; an outgoing one is initiated.
void tst_CallStateMachine::incomingCallRings()
{
    CallRecord in;
    QVERIFY(CallStateMachine::apply(in, makeEvent(QStringLiteral("call.initiated"), t0,
                                                  {{QStringLiteral("direction"), QStringLiteral("incoming")}})));
    QCOMPARE(in.status, CallStatus::Ringing);
    QVERIFY(CallStateMachine::apply(in, makeEvent(QStringLiteral("call.answered"), t1)));
    QCOMPARE(in.status, CallStatus::Answered);
    CallRecord out;
    CallStateMachine::apply(out, makeEvent(QStringLiteral("call.initiated"), t0,
                                           {{QStringLiteral("direction"), QStringLiteral("outgoing")}}));
    QCOMPARE(out.status, CallStatus::Initiated);
}

QTEST_APPLESS_MAIN(tst_CallStateMachine)
#include "tst_callstatemachine.moc"
