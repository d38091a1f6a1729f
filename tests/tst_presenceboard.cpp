// SPDX-License-Identifier: MIT
// PresenceBoard: what a user's presence is from their desks, their choice and their live calls (CONTRACT §9).
#include "users/PresenceBoard.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using sb::PresenceBoard;
using sb::Role;
using Status = PresenceBoard::Status;

class tst_PresenceBoard : public QObject {
    Q_OBJECT

private slots:
    void deskMakesAvailableAndConnected();
    void liveCallsMakeBusy();
    void chosenAwayStaysAwayAfterACall();
    void lastDeskGoingIsAwayAfterTheGraceTime();
    void deskBackWithinTheGraceTimeKeepsTheState();
    void twoDesksOneGoes();
    void rosterListsEveryoneOnce();
    void forgottenUserIsGone();
    void nothingChangedNoEvent();
    void eventJson();

private:
    static Status statusOf(const PresenceBoard &board, const QString &name)
    {
        return board.of(name).value_or(PresenceBoard::Presence{}).status;
    }
};

void tst_PresenceBoard::deskMakesAvailableAndConnected()
{
    PresenceBoard board;
    QSignalSpy changed(&board, &PresenceBoard::changed);
    QVERIFY(!board.of(QStringLiteral("alice")));
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    QCOMPARE(changed.size(), 1);
    const auto p = changed[0][0].value<PresenceBoard::Presence>();
    QCOMPARE(p.name, QStringLiteral("alice"));
    QCOMPARE(p.status, Status::Available);
    QVERIFY(p.connected);
    QVERIFY(p.since.isValid());
    QVERIFY(p.call.isEmpty());
}

void tst_PresenceBoard::liveCallsMakeBusy()
{
    PresenceBoard board;
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    board.callLive(QStringLiteral("alice"), QStringLiteral("c1"), true);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Busy);
    QCOMPARE(board.of(QStringLiteral("alice"))->call, QStringLiteral("c1"));
    // A second live call: still busy, the call shown stays the first while it lives.
    board.callLive(QStringLiteral("alice"), QStringLiteral("c2"), true);
    QCOMPARE(board.of(QStringLiteral("alice"))->call, QStringLiteral("c1"));
    board.callLive(QStringLiteral("alice"), QStringLiteral("c1"), false);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Busy);
    QCOMPARE(board.of(QStringLiteral("alice"))->call, QStringLiteral("c2"));
    board.callLive(QStringLiteral("alice"), QStringLiteral("c2"), false);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Available);
    QVERIFY(board.of(QStringLiteral("alice"))->call.isEmpty());
    // Busy cannot be chosen.
    board.choose(QStringLiteral("alice"), Role::Agent, Status::Busy);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Available);
    // An ended call nobody had: nothing made up.
    board.callLive(QStringLiteral("nobody"), QStringLiteral("c9"), false);
    QVERIFY(!board.of(QStringLiteral("nobody")));
}

void tst_PresenceBoard::chosenAwayStaysAwayAfterACall()
{
    PresenceBoard board;
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    board.choose(QStringLiteral("alice"), Role::Agent, Status::Away);
    board.callLive(QStringLiteral("alice"), QStringLiteral("c1"), true);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Busy);
    board.callLive(QStringLiteral("alice"), QStringLiteral("c1"), false);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Away);
}

void tst_PresenceBoard::lastDeskGoingIsAwayAfterTheGraceTime()
{
    PresenceBoard board(200);
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    QSignalSpy changed(&board, &PresenceBoard::changed);
    board.deskDisconnected(QStringLiteral("alice"));
    // Signed out at once, still available until the grace time has passed.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].value<PresenceBoard::Presence>().connected, false);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Available);
    QTRY_COMPARE(statusOf(board, QStringLiteral("alice")), Status::Away);
    QCOMPARE(changed.size(), 2);
    // A disconnection too many changes nothing.
    board.deskDisconnected(QStringLiteral("alice"));
    board.deskDisconnected(QStringLiteral("nobody"));
    QCOMPARE(changed.size(), 2);
}

void tst_PresenceBoard::deskBackWithinTheGraceTimeKeepsTheState()
{
    PresenceBoard board(300);
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    board.choose(QStringLiteral("alice"), Role::Agent, Status::Away); // chose away, then the network dropped
    board.deskDisconnected(QStringLiteral("alice"));
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Away); // not reset to available
    board.choose(QStringLiteral("alice"), Role::Agent, Status::Available);
    board.deskDisconnected(QStringLiteral("alice"));
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    QTest::qWait(500); // past the grace time: the timer was stopped
    QCOMPARE(statusOf(board, QStringLiteral("alice")), Status::Available);
    QVERIFY(board.of(QStringLiteral("alice"))->connected);
}

void tst_PresenceBoard::twoDesksOneGoes()
{
    PresenceBoard board(100);
    board.deskConnected(QStringLiteral("sue"), Role::Supervisor);
    board.deskConnected(QStringLiteral("sue"), Role::Supervisor);
    board.deskDisconnected(QStringLiteral("sue"));
    QTest::qWait(300);
    QVERIFY(board.of(QStringLiteral("sue"))->connected);
    QCOMPARE(statusOf(board, QStringLiteral("sue")), Status::Available);
}

void tst_PresenceBoard::rosterListsEveryoneOnce()
{
    PresenceBoard board;
    board.deskConnected(QStringLiteral("admin"), Role::Admin); // the API token: not a stored user
    board.deskConnected(QStringLiteral("bob"), Role::Agent);
    const QList<std::pair<QString, Role>> roster{{QStringLiteral("alice"), Role::Agent},
                                                 {QStringLiteral("bob"), Role::Supervisor}};
    const QList<PresenceBoard::Presence> all = board.all(roster);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all[0].name, QStringLiteral("admin"));
    QCOMPARE(all[1].name, QStringLiteral("alice"));
    QCOMPARE(all[1].status, Status::Away); // never seen
    QCOMPARE(all[1].connected, false);
    QVERIFY(!all[1].since.isValid());
    QCOMPARE(all[2].name, QStringLiteral("bob"));
    QCOMPARE(all[2].role, Role::Supervisor); // the store's role wins
    QCOMPARE(all[2].status, Status::Available);
}

void tst_PresenceBoard::forgottenUserIsGone()
{
    PresenceBoard board(50);
    board.deskConnected(QStringLiteral("bob"), Role::Agent);
    board.deskDisconnected(QStringLiteral("bob")); // its away timer runs
    QSignalSpy changed(&board, &PresenceBoard::changed);
    board.forget(QStringLiteral("bob"));
    QVERIFY(!board.of(QStringLiteral("bob")));
    QTest::qWait(150);
    QCOMPARE(changed.size(), 0);
    QVERIFY(board.all({}).isEmpty());
}

void tst_PresenceBoard::nothingChangedNoEvent()
{
    PresenceBoard board;
    board.deskConnected(QStringLiteral("alice"), Role::Agent);
    QSignalSpy changed(&board, &PresenceBoard::changed);
    board.choose(QStringLiteral("alice"), Role::Agent, Status::Available);
    board.deskConnected(QStringLiteral("alice"), Role::Agent); // a second desk: still connected
    QCOMPARE(changed.size(), 0);
}

void tst_PresenceBoard::eventJson()
{
    PresenceBoard::Presence p{QStringLiteral("alice"),
                              Role::Agent,
                              Status::Busy,
                              QDateTime(QDate(2026, 3, 10), QTime(14, 2, 1), Qt::UTC),
                              true,
                              QStringLiteral("v3:1")};
    const QJsonObject event = QJsonDocument::fromJson(PresenceBoard::changedEventJson(p)).object();
    QCOMPARE(event.value(QLatin1String("type")).toString(), QStringLiteral("presence.changed"));
    QVERIFY(!QUuid::fromString(event.value(QLatin1String("id")).toString()).isNull());
    QVERIFY(event.contains(QLatin1String("occurred_at")));
    const QJsonObject payload = event.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload, QJsonObject({{QStringLiteral("name"), QStringLiteral("alice")},
                                   {QStringLiteral("role"), QStringLiteral("agent")},
                                   {QStringLiteral("status"), QStringLiteral("busy")},
                                   {QStringLiteral("since"), QStringLiteral("2026-03-10T14:02:01.000Z")},
                                   {QStringLiteral("connected"), true},
                                   {QStringLiteral("callControlId"), QStringLiteral("v3:1")}}));
}

QTEST_GUILESS_MAIN(tst_PresenceBoard)
#include "tst_presenceboard.moc"
