// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "IncomingCallsModel.h"
#include "ServerHarness.h"
#include "calls/CallStore.h"
#include "client/BackendClient.h"
#include "users/UserStore.h"

// Qt
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

using namespace sb;
using sb::test::ServerHarness;

namespace {

QJsonObject offer(const QString &id, const QStringList &offeredTo, bool withOfferedTo = true)
{
    QJsonObject p{{QStringLiteral("call_control_id"), id},
                  {QStringLiteral("from"), QStringLiteral("+18124040851")},
                  {QStringLiteral("to"), QStringLiteral("+13057864498")},
                  {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")}};
    if (withOfferedTo)
        p.insert(QStringLiteral("offered_to"), QJsonArray::fromStringList(offeredTo));
    return p;
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

// The ringing offers as a desk sees them: first fed frames by hand (what each /call-events frame does to the list, the
// ring count and the missed count), then against a real server with its fake Telnyx (answer, the 409 of a late
// answer, decline, a caller who gives up).
class tst_IncomingCallsModel : public QObject {
    Q_OBJECT
private slots:
    void offeredRingsOnlyForTheNamedUser_data();
    void offeredRingsOnlyForTheNamedUser();
    void endsRemoveTheOffer_data();
    void endsRemoveTheOffer();
    void turnPassesOnUpdatesTheOffer();
    void userNameDecidesForMe();
    void boundedAndMalformedIgnored();

    void answerAdoptsTheCall();
    void lateAnswerSaysSomeoneElseAnswered();
    void declineStopsTheRinging();
    void callerGivesUpIsMissed();

private:
    bool startServer(std::unique_ptr<ServerHarness> &h, std::unique_ptr<BackendClient> &backend);
    void ring(ServerHarness &h, const QString &id);
};

void tst_IncomingCallsModel::offeredRingsOnlyForTheNamedUser_data()
{
    QTest::addColumn<QStringList>("offeredTo");
    QTest::addColumn<bool>("withOfferedTo");
    QTest::addColumn<bool>("forMe");
    QTest::newRow("me") << QStringList{QStringLiteral("alice")} << true << true;
    QTest::newRow("me and others") << QStringList{QStringLiteral("alice"), QStringLiteral("bob")} << true << true;
    QTest::newRow("others only (a supervisor's quiet view)") << QStringList{QStringLiteral("bob")} << true << false;
    QTest::newRow("nobody named") << QStringList{} << true << false;
    QTest::newRow("no offered_to (sent to offered desks only)") << QStringList{} << false << true;
}

void tst_IncomingCallsModel::offeredRingsOnlyForTheNamedUser()
{
    QFETCH(QStringList, offeredTo);
    QFETCH(bool, withOfferedTo);
    QFETCH(bool, forMe);
    IncomingCallsModel model;
    model.setUserName(QStringLiteral("alice"));
    QSignalSpy ringing(&model, &IncomingCallsModel::ringingForMeChanged);
    QSignalSpy count(&model, &IncomingCallsModel::countChanged);
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), offeredTo, withOfferedTo));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(count.size(), 1);
    QCOMPARE(model.ringingForMe(), forMe ? 1 : 0);
    QCOMPARE(ringing.size(), forMe ? 1 : 0);
    QCOMPARE(model.firstForMe(), forMe ? QStringLiteral("v3:a") : QString());
    const QModelIndex i = model.index(0);
    QCOMPARE(i.data(IncomingCallsModel::CallControlIdRole).toString(), QStringLiteral("v3:a"));
    QCOMPARE(i.data(IncomingCallsModel::FromRole).toString(), QStringLiteral("+18124040851"));
    QCOMPARE(i.data(IncomingCallsModel::ToRole).toString(), QStringLiteral("+13057864498"));
    QCOMPARE(i.data(IncomingCallsModel::CallerIdNameRole).toString(), QStringLiteral("Pat Doe"));
    QCOMPARE(i.data(IncomingCallsModel::ForMeRole).toBool(), forMe);
    QCOMPARE(i.data(IncomingCallsModel::OfferedToRole).toStringList(), offeredTo);
    QCOMPARE(i.data(IncomingCallsModel::PendingRole).toBool(), false);
    const QHash<int, QByteArray> roles = model.roleNames();
    for (const char *name : {"callControlId", "from", "to", "callerIdName", "forMe"})
        QVERIFY2(roles.values().contains(QByteArray(name)), name);
    QCOMPARE(model.offer(QStringLiteral("v3:a")).value(QStringLiteral("callerIdName")).toString(),
             QStringLiteral("Pat Doe"));
}

void tst_IncomingCallsModel::endsRemoveTheOffer_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("forMe");
    QTest::addColumn<int>("missed");
    QTest::newRow("offer_ended, ringing for me: missed") << QStringLiteral("call.offer_ended") << true << 1;
    QTest::newRow("offer_ended, someone else's: not mine to miss") << QStringLiteral("call.offer_ended") << false << 0;
    QTest::newRow("offer_ended naming others only (a supervisor hears of it)")
        << QStringLiteral("call.offer_ended:others") << true << 0;
    QTest::newRow("taken by someone else") << QStringLiteral("call.taken") << true << 0;
    QTest::newRow("answered (the frame of the call itself)") << QStringLiteral("call.answered") << true << 0;
    QTest::newRow("hangup before offer_ended arrived: missed") << QStringLiteral("call.hangup") << true << 1;
}

void tst_IncomingCallsModel::endsRemoveTheOffer()
{
    QFETCH(QString, type);
    QFETCH(bool, forMe);
    QFETCH(int, missed);
    IncomingCallsModel model;
    model.setUserName(QStringLiteral("alice"));
    const QStringList to{forMe ? QStringLiteral("alice") : QStringLiteral("bob")};
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), to));
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:b"), {QStringLiteral("carol")}));
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy ringing(&model, &IncomingCallsModel::ringingForMeChanged);
    QSignalSpy missedSpy(&model, &IncomingCallsModel::missedChanged);
    const bool others = type.endsWith(QLatin1String(":others"));
    model.applyEvent(type.section(QLatin1Char(':'), 0, 0),
                     {{QStringLiteral("call_control_id"), QStringLiteral("v3:a")},
                      {QStringLiteral("offered_to"), QJsonArray::fromStringList(others ? QStringList{} : to)}});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(IncomingCallsModel::CallControlIdRole).toString(), QStringLiteral("v3:b"));
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(ringing.size(), forMe ? 1 : 0);
    QCOMPARE(model.missed(), missed);
    QCOMPARE(missedSpy.size(), missed);
    // The same end again (another frame of the same call) changes nothing.
    model.applyEvent(type.section(QLatin1Char(':'), 0, 0),
                     {{QStringLiteral("call_control_id"), QStringLiteral("v3:a")}});
    QCOMPARE(model.missed(), missed);
    model.clearMissed();
    QCOMPARE(model.missed(), 0);
}

void tst_IncomingCallsModel::turnPassesOnUpdatesTheOffer()
{
    // A supervisor's desk under --ring-strategy longest-idle: the offer moves from bob to carol (a new call.offered for
    // the same call), then alice (this desk) is offered it.
    IncomingCallsModel model;
    model.setUserName(QStringLiteral("alice"));
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), {QStringLiteral("bob")}));
    QSignalSpy rows(&model, &QAbstractItemModel::dataChanged);
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), {QStringLiteral("carol")}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(model.index(0).data(IncomingCallsModel::OfferedToRole).toStringList(),
             QStringList{QStringLiteral("carol")});
    QCOMPARE(model.ringingForMe(), 0);
    QSignalSpy ringing(&model, &IncomingCallsModel::ringingForMeChanged);
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), {QStringLiteral("alice")}));
    QCOMPARE(model.ringingForMe(), 1);
    QCOMPARE(ringing.size(), 1);
    QCOMPARE(model.firstForMe(), QStringLiteral("v3:a"));
}

void tst_IncomingCallsModel::userNameDecidesForMe()
{
    IncomingCallsModel model; // no user yet (a desk still signing in): nothing named rings
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:a"), {QStringLiteral("admin")}));
    QCOMPARE(model.ringingForMe(), 0);
    QSignalSpy ringing(&model, &IncomingCallsModel::ringingForMeChanged);
    model.setUserName(QStringLiteral("admin"));
    QCOMPARE(model.ringingForMe(), 1);
    QCOMPARE(ringing.size(), 1);
    QVERIFY(model.index(0).data(IncomingCallsModel::ForMeRole).toBool());
    model.setUserName({}); // signed out
    QCOMPARE(model.ringingForMe(), 0);
    // Signing out also forgets the offers and the missed count (Dashboard calls clear()).
    model.setUserName(QStringLiteral("admin"));
    model.applyEvent(QStringLiteral("call.offer_ended"), {{QStringLiteral("call_control_id"), QStringLiteral("v3:a")}});
    QCOMPARE(model.missed(), 1);
    model.applyEvent(QStringLiteral("call.offered"), offer(QStringLiteral("v3:b"), {QStringLiteral("admin")}));
    QSignalSpy count(&model, &IncomingCallsModel::countChanged);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(model.missed(), 0);
    QCOMPARE(count.size(), 1);
}

void tst_IncomingCallsModel::boundedAndMalformedIgnored()
{
    IncomingCallsModel model;
    model.setUserName(QStringLiteral("alice"));
    model.applyEvent(QStringLiteral("call.offered"), {{QStringLiteral("from"), QStringLiteral("+1555")}}); // no id
    model.applyEvent(QStringLiteral("call.ringing"), offer(QStringLiteral("v3:x"), {QStringLiteral("alice")}));
    model.applyEvent(QStringLiteral("presence.changed"), {{QStringLiteral("name"), QStringLiteral("alice")}});
    QCOMPARE(model.rowCount(), 0);
    for (int i = 0; i < IncomingCallsModel::kMaxOffers + 10; ++i)
        model.applyEvent(QStringLiteral("call.offered"),
                         offer(QStringLiteral("v3:%1").arg(i), {QStringLiteral("alice")}));
    QCOMPARE(model.rowCount(), IncomingCallsModel::kMaxOffers);
    QCOMPARE(model.firstForMe(), QStringLiteral("v3:0")); // the oldest first
    // Without a backend, answer and decline do nothing (no crash, nothing pending).
    model.answer(QStringLiteral("v3:0"));
    model.decline(QStringLiteral("v3:0"));
    QCOMPARE(model.rowCount(), IncomingCallsModel::kMaxOffers);
    QVERIFY(!model.index(0).data(IncomingCallsModel::PendingRole).toBool());
}

bool tst_IncomingCallsModel::startServer(std::unique_ptr<ServerHarness> &h, std::unique_ptr<BackendClient> &backend)
{
    h = std::make_unique<ServerHarness>();
    if (!h->start())
        return false;
    backend = std::make_unique<BackendClient>();
    backend->setEndpoint(h->url(QString()), h->token());
    backend->start();
    return QTest::qWaitFor([&backend] { return backend->eventsConnected(); }, 5000);
}

void tst_IncomingCallsModel::ring(ServerHarness &h, const QString &id)
{
    QCOMPARE(h.sendWebhook(ServerHarness::envelope(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                   QStringLiteral("call.initiated"), id, now(),
                                                   {{QStringLiteral("direction"), QStringLiteral("incoming")},
                                                    {QStringLiteral("state"), QStringLiteral("parked")},
                                                    {QStringLiteral("from"), QStringLiteral("+18124040851")},
                                                    {QStringLiteral("to"), QStringLiteral("+13057864498")},
                                                    {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")}}))
                 .status,
             200);
}

void tst_IncomingCallsModel::answerAdoptsTheCall()
{
    // The one-desk Switchboard: the embedded desk is the admin, offered every call while available.
    std::unique_ptr<ServerHarness> h;
    std::unique_ptr<BackendClient> backend;
    QVERIFY(startServer(h, backend));
    ActiveCallController call;
    call.setBackend(backend.get());
    IncomingCallsModel model;
    model.setBackend(backend.get());
    model.setActiveCall(&call);
    model.setUserName(QStringLiteral("admin"));
    QSignalSpy answered(&model, &IncomingCallsModel::answered);

    const QString id = QStringLiteral("v3:in-answer");
    ring(*h, id);
    QTRY_COMPARE(model.ringingForMe(), 1);
    QCOMPARE(model.firstForMe(), id);
    QCOMPARE(model.index(0).data(IncomingCallsModel::CallerIdNameRole).toString(), QStringLiteral("Pat Doe"));

    model.answer(id);
    QVERIFY(model.index(0).data(IncomingCallsModel::PendingRole).toBool()); // a second click does nothing meanwhile
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(model.missed(), 0);
    QVERIFY(model.error().isEmpty());
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).constFirst().path.contains(id));
    // The active call follows it now, like a dialled one: Telnyx's call.answered connects it.
    QCOMPARE(call.callControlId(), id);
    QCOMPARE(call.remoteNumber(), QStringLiteral("+18124040851"));
    QVERIFY(call.inCall());
    QCOMPARE(
        h->sendWebhook(ServerHarness::envelope(QStringLiteral("in-ans-1"), QStringLiteral("call.answered"), id, now()))
            .status,
        200);
    QTRY_COMPARE(call.state(), ActiveCallController::Connected);
}

void tst_IncomingCallsModel::lateAnswerSaysSomeoneElseAnswered()
{
    std::unique_ptr<ServerHarness> h;
    std::unique_ptr<BackendClient> backend;
    QVERIFY(startServer(h, backend));
    // bob, an agent with a desk, is offered the call; this desk (the admin, a supervisor) sees it quietly.
    QString bobToken;
    QCOMPARE(h->server()->users()->add(QStringLiteral("bob"), Role::Agent, &bobToken), UserStore::Outcome::Done);
    auto bobDesk = h->openWebSocket(QStringLiteral("/call-events?token=") + bobToken);
    QVERIFY(bobDesk);
    ActiveCallController call;
    call.setBackend(backend.get());
    IncomingCallsModel model;
    model.setBackend(backend.get());
    model.setActiveCall(&call);
    model.setUserName(QStringLiteral("admin"));

    const QString id = QStringLiteral("v3:in-late");
    ring(*h, id);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(model.index(0).data(IncomingCallsModel::OfferedToRole).toStringList(), QStringList{QStringLiteral("bob")});
    const QJsonObject offered = offer(id, {QStringLiteral("bob")});

    // bob answers: this desk hears call.taken and drops the offer.
    QCOMPARE(h->request("POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id), {},
                        {{QByteArray("Authorization"), "Bearer " + bobToken.toUtf8()}}, false)
                 .status,
             200);
    QTRY_COMPARE(model.rowCount(), 0);
    QCOMPARE(model.missed(), 0);

    // A click that was already on its way (the offer still shown): 409 already_answered, said in words.
    model.applyEvent(QStringLiteral("call.offered"), offered);
    QCOMPARE(model.rowCount(), 1);
    model.answer(id);
    QTRY_COMPARE(model.error(), QStringLiteral("Someone else answered the call from +18124040851."));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(call.state(), ActiveCallController::Idle);                            // nothing adopted
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1); // bob's only
    model.clearError();
    QVERIFY(model.error().isEmpty());
}

void tst_IncomingCallsModel::declineStopsTheRinging()
{
    std::unique_ptr<ServerHarness> h;
    std::unique_ptr<BackendClient> backend;
    QVERIFY(startServer(h, backend));
    IncomingCallsModel model;
    model.setBackend(backend.get());
    model.setUserName(QStringLiteral("admin"));
    const QString id = QStringLiteral("v3:in-decline");
    ring(*h, id);
    QTRY_COMPARE(model.ringingForMe(), 1);
    model.decline(id);
    QTRY_COMPARE(model.rowCount(), 0);
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(model.missed(), 0); // declined is not missed
    QVERIFY(model.error().isEmpty());
    // Nobody else is left: Switchboard rejects the call (USER_BUSY).
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
}

void tst_IncomingCallsModel::callerGivesUpIsMissed()
{
    std::unique_ptr<ServerHarness> h;
    std::unique_ptr<BackendClient> backend;
    QVERIFY(startServer(h, backend));
    IncomingCallsModel model;
    model.setBackend(backend.get());
    model.setUserName(QStringLiteral("admin"));
    QSignalSpy missed(&model, &IncomingCallsModel::missedChanged);
    const QString id = QStringLiteral("v3:in-gone");
    ring(*h, id);
    QTRY_COMPARE(model.ringingForMe(), 1);
    QCOMPARE(
        h->sendWebhook(ServerHarness::envelope(QStringLiteral("in-gone-1"), QStringLiteral("call.hangup"), id, now(),
                                               {{QStringLiteral("hangup_cause"), QStringLiteral("originator_cancel")},
                                                {QStringLiteral("hangup_source"), QStringLiteral("caller")}}))
            .status,
        200);
    QTRY_COMPARE(model.rowCount(), 0);
    QCOMPARE(model.ringingForMe(), 0);
    QCOMPARE(model.missed(), 1);
    QCOMPARE(missed.size(), 1);
    // The stored record says so too.
    QVERIFY(h->server()->store()->call(id)->missed);
}

QTEST_MAIN(tst_IncomingCallsModel)
#include "tst_incomingcallsmodel.moc"
