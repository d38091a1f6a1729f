// SPDX-License-Identifier: MIT
// Inbound calls (CONTRACT §9, PROTOCOL §7) against a real server and a fake Telnyx: who is offered the call, the first
// answer and the answer's body, a second answer, declines, and the caller giving up.
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "calls/CallStore.h"
#include "users/UserStore.h"

// Qt
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>
#include <QWebSocket>

using namespace sb;
using namespace sb::test;

namespace {
QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}
QStringList typesOf(const QList<QByteArray> &frames)
{
    QStringList types;
    for (const QByteArray &f : frames)
        types << QJsonDocument::fromJson(f).object().value(QLatin1String("type")).toString();
    return types;
}
} // namespace

class tst_Inbound : public QObject {
    Q_OBJECT
private slots:
    void init() { start({}); }
    void cleanup();
    void offeredToAvailableAgentsFirstAnswerWins();
    void bothPressAtOnceOneWins();
    void everyoneDeclinesIsRejected();
    void nobodyAvailableIsRejectedAtOnce();
    void callerGivesUpIsMissed();
    void ringTimeoutRejectsAndTheCallIsMissed();
    void aGiveUpWaitsForTheDatabase();
    void nobodyTakesItGoesToOverflow();
    void longestIdleRingsOneAtATime();
    void offeredAgentsSeeTheCallOthersDoNot();
    void streamMayOpenBeforeTheAnswersReply();

private:
    void start(const std::function<void(Config &)> &adjust);
    void hangUp(const QString &callId, const QString &cause);
    HttpResult as(const QString &who, const QByteArray &method, const QString &path, const QByteArray &body = {});
    void ring(const QString &callId);

    std::unique_ptr<ServerHarness> h;
    QHash<QString, QString> m_tokens;
    QHash<QString, QList<QByteArray>> m_heard;
    QHash<QString, std::shared_ptr<QWebSocket>> m_desks;
};

void tst_Inbound::start(const std::function<void(Config &)> &adjust)
{
    m_desks.clear();
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start(adjust));
    m_tokens.clear();
    m_heard.clear();
    m_desks.clear();
    for (const auto &[name, role] : {std::pair{"alice", Role::Agent}, std::pair{"bob", Role::Agent},
                                     std::pair{"carol", Role::Agent}, std::pair{"sue", Role::Supervisor}}) {
        QString token;
        QCOMPARE(h->server()->users()->add(QLatin1String(name), role, &token), UserStore::Outcome::Done);
        m_tokens.insert(QLatin1String(name), token);
    }
    // Desks: alice, bob and carol signed in, carol away; sue watches.
    for (const char *name : {"alice", "bob", "carol", "sue"}) {
        const QString who = QLatin1String(name);
        m_heard.insert(who, {});
        auto ws = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(who), &m_heard[who]);
        QVERIFY(ws);
        m_desks.insert(who, std::shared_ptr<QWebSocket>(ws.release()));
    }
    QCOMPARE(as(QStringLiteral("carol"), "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})").status,
             200);
    h->telnyx().clearRequests();
}

void tst_Inbound::cleanup()
{
    m_desks.clear();
    h.reset();
}

HttpResult tst_Inbound::as(const QString &who, const QByteArray &method, const QString &path, const QByteArray &body)
{
    QList<QPair<QByteArray, QByteArray>> headers{
        {QByteArray("Authorization"), "Bearer " + m_tokens.value(who).toUtf8()}};
    if (!body.isEmpty())
        headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    return h->request(method, path, body, headers, false);
}

void tst_Inbound::ring(const QString &callId)
{
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.initiated"), callId, now(),
                                                    {{QStringLiteral("direction"), QStringLiteral("incoming")},
                                                     {QStringLiteral("state"), QStringLiteral("parked")},
                                                     {QStringLiteral("from"), QStringLiteral("+18124040851")},
                                                     {QStringLiteral("to"), QStringLiteral("+13057864498")},
                                                     {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")}}))
                 .status,
             200);
}

void tst_Inbound::offeredToAvailableAgentsFirstAnswerWins()
{
    const QString id = QStringLiteral("v3:in-1");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offered")));
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("sue"))).contains(QStringLiteral("call.offered")));
    QTest::qWait(100);
    QVERIFY(!typesOf(m_heard.value(QStringLiteral("carol"))).contains(QStringLiteral("call.offered"))); // away
    const QJsonObject offered = QJsonDocument::fromJson(m_heard.value(QStringLiteral("alice")).last()).object();
    QCOMPARE(offered.value(QLatin1String("payload")).toObject(),
             QJsonObject({{QStringLiteral("call_control_id"), id},
                          {QStringLiteral("from"), QStringLiteral("+18124040851")},
                          {QStringLiteral("to"), QStringLiteral("+13057864498")},
                          {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")},
                          {QStringLiteral("offered_to"), QJsonArray{QStringLiteral("alice"), QStringLiteral("bob")}}}));
    const auto ringing = h->server()->store()->call(id);
    QCOMPARE(ringing->status, CallStatus::Ringing);
    QCOMPARE(ringing->direction, QStringLiteral("inbound"));
    QCOMPARE(QSet<QString>(ringing->offeredTo.cbegin(), ringing->offeredTo.cend()),
             QSet<QString>({QStringLiteral("alice"), QStringLiteral("bob")}));

    // carol was not offered it: for her it does not exist.
    QCOMPARE(as(QStringLiteral("carol"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id)).status, 404);
    QVERIFY(h->telnyx().requests().isEmpty());

    // bob answers: Telnyx is told to answer with our stream (PROTOCOL §7.3), field by field.
    const HttpResult answered =
        as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id));
    QCOMPARE(answered.status, 200);
    QCOMPARE(answered.json.value(QLatin1String("data")).toObject().value(QLatin1String("agentId")).toString(),
             QStringLiteral("bob"));
    const auto answers = h->telnyx().requestsTo(QStringLiteral("/actions/answer"));
    QCOMPARE(answers.size(), 1);
    const QJsonObject body = answers[0].body;
    const QUrl streamUrl(body.value(QLatin1String("stream_url")).toString());
    QCOMPARE(streamUrl.path(), QStringLiteral("/audio-stream"));
    const QString token = QUrlQuery(streamUrl).queryItemValue(QStringLiteral("token"));
    QVERIFY(token.size() >= 40);
    QCOMPARE(body.value(QLatin1String("stream_track")).toString(), QStringLiteral("both_tracks"));
    QCOMPARE(body.value(QLatin1String("stream_bidirectional_mode")).toString(), QStringLiteral("rtp"));
    QCOMPARE(body.value(QLatin1String("stream_codec")).toString(), QStringLiteral("PCMU"));
    QCOMPARE(body.value(QLatin1String("stream_bidirectional_codec")).toString(), QStringLiteral("PCMU"));
    QVERIFY(!body.contains(QLatin1String("stream_auth_token"))); // not in AnswerRequest
    QVERIFY(!QUuid::fromString(body.value(QLatin1String("command_id")).toString()).isNull());
    QCOMPARE(
        QJsonDocument::fromJson(QByteArray::fromBase64(body.value(QLatin1String("client_state")).toString().toLatin1()))
            .object()
            .value(QLatin1String("agentId"))
            .toString(),
        QStringLiteral("bob"));
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/suppression_start")).size(), 1);
    QCOMPARE(h->server()->store()->call(id)->agentId, QStringLiteral("bob"));
    // alice sees it taken; her answer now is refused and nothing more goes to Telnyx.
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.taken")));
    QVERIFY(!typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.taken")));
    const HttpResult late = as(QStringLiteral("alice"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), QStringLiteral("already_answered"));
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);

    // The media stream Telnyx opens with that URL is the call's.
    auto media = h->openWebSocket(QStringLiteral("/audio-stream?token=") + token);
    QVERIFY(media);
}

void tst_Inbound::bothPressAtOnceOneWins()
{
    const QString id = QStringLiteral("v3:in-2");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offered")));
    // Both requests on the wire before either is answered.
    QNetworkAccessManager net;
    QList<QNetworkReply *> replies;
    for (const char *who : {"alice", "bob"}) {
        QNetworkRequest r(h->url(QStringLiteral("/api/calls/telnyx/%1/answer").arg(id)));
        r.setRawHeader("Authorization", "Bearer " + m_tokens.value(QLatin1String(who)).toUtf8());
        replies << net.post(r, QByteArray());
    }
    QTRY_VERIFY(replies[0]->isFinished() && replies[1]->isFinished());
    QList<int> statuses;
    for (QNetworkReply *r : replies)
        statuses << r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    std::sort(statuses.begin(), statuses.end());
    QCOMPARE(statuses, QList<int>({200, 409}));
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
    qDeleteAll(replies);
}

void tst_Inbound::everyoneDeclinesIsRejected()
{
    const QString id = QStringLiteral("v3:in-3");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    QCOMPARE(as(QStringLiteral("alice"), "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(id)).status, 200);
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty()); // bob is still offered it
    // Having declined, alice cannot take it after all: it no longer rings for her.
    const HttpResult late = as(QStringLiteral("alice"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), QStringLiteral("offer_ended"));
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(id)).status, 200);
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject"))[0].body.value(QLatin1String("cause")).toString(),
             QStringLiteral("USER_BUSY"));
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
}

void tst_Inbound::nobodyAvailableIsRejectedAtOnce()
{
    for (const char *who : {"alice", "bob"})
        QCOMPARE(as(QLatin1String(who), "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})").status,
                 200);
    ring(QStringLiteral("v3:in-4"));
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    QVERIFY(h->server()->store()->call(QStringLiteral("v3:in-4"))->offeredTo.isEmpty());
}

void tst_Inbound::callerGivesUpIsMissed()
{
    const QString id = QStringLiteral("v3:in-5");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    QCOMPARE(
        h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.hangup"), id, now(),
                                               {{QStringLiteral("hangup_cause"), QStringLiteral("originator_cancel")},
                                                {QStringLiteral("hangup_source"), QStringLiteral("caller")},
                                                {QStringLiteral("sip_hangup_cause"), QStringLiteral("487")}}))
            .status,
        200);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offer_ended")));
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offer_ended")));
    const auto missed = h->server()->store()->call(id);
    QCOMPARE(missed->status, CallStatus::Ended);
    QVERIFY(missed->missed);
    QCOMPARE(missed->offeredTo.size(), 2);
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id)).status, 404);
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
}

void tst_Inbound::hangUp(const QString &callId, const QString &cause)
{
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.hangup"), callId, now(),
                                                    {{QStringLiteral("hangup_cause"), cause},
                                                     {QStringLiteral("hangup_source"), QStringLiteral("callee")}}))
                 .status,
             200);
}

void tst_Inbound::ringTimeoutRejectsAndTheCallIsMissed()
{
    start([](Config &c) { c.ringTimeoutSeconds = 1; });
    const QString id = QStringLiteral("v3:in-6");
    QElapsedTimer ringing;
    ringing.start();
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty());
    // Nobody answers: after --ring-timeout, Telnyx is told busy and every desk stops ringing.
    QTRY_COMPARE_WITH_TIMEOUT(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1, 5000);
    QVERIFY2(ringing.elapsed() >= 900, qPrintable(QString::number(ringing.elapsed())));
    QCOMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject"))[0].body.value(QLatin1String("cause")).toString(),
             QStringLiteral("USER_BUSY"));
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offer_ended")));
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offer_ended")));
    const HttpResult late = as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), QStringLiteral("offer_ended"));
    // Telnyx's hangup follows the reject: a missed call, in both offered agents' history.
    hangUp(id, QStringLiteral("user_busy"));
    QTRY_VERIFY(h->server()->store()->call(id)->missed);
    QCOMPARE(h->server()->store()->call(id)->status, CallStatus::Ended);
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
}

// The ring timeout comes while the database refuses to mark the call missed: rejecting then could reject a call another
// instance is answering, so the desks go on ringing and the give-up is tried again each second until it is recorded.
void tst_Inbound::aGiveUpWaitsForTheDatabase()
{
    start([](Config &c) { c.ringTimeoutSeconds = 1; });
    const QString id = QStringLiteral("v3:in-db");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    const DatabaseUrl db = test::testDatabase(h->databasePath());
    QString error;
    QVERIFY2(test::runStatements(db,
                                 {QStringLiteral("CREATE TRIGGER hold_missed BEFORE UPDATE OF missed ON calls WHEN "
                                                 "NEW.missed = 1 BEGIN SELECT RAISE(ABORT, 'database away'); END")},
                                 &error),
             qPrintable(error));
    QTest::qWait(2500); // the timeout (1 s) and a retry have come and gone
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty());
    QVERIFY(!typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offer_ended")));
    QVERIFY(!h->server()->store()->call(id)->missed);
    QVERIFY2(test::runStatements(db, {QStringLiteral("DROP TRIGGER hold_missed")}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1, 3000);
    QVERIFY(h->server()->store()->call(id)->missed);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offer_ended")));
}

void tst_Inbound::nobodyTakesItGoesToOverflow()
{
    start([](Config &c) { c.overflowTo = QStringLiteral("+15557654321"); });
    const QString id = QStringLiteral("v3:in-7");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offered")));
    for (const char *who : {"alice", "bob"})
        QCOMPARE(as(QLatin1String(who), "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(id)).status, 200);
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/transfer")).size(), 1);
    const QJsonObject transfer = h->telnyx().requestsTo(QStringLiteral("/actions/transfer"))[0].body;
    QCOMPARE(transfer.value(QLatin1String("to")).toString(), QStringLiteral("+15557654321"));
    QVERIFY(!QUuid::fromString(transfer.value(QLatin1String("command_id")).toString()).isNull());
    QVERIFY(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty());
}

void tst_Inbound::longestIdleRingsOneAtATime()
{
    start([](Config &c) {
        c.ringStrategy = RingStrategy::LongestIdle;
        c.ringStepSeconds = 1;
    });
    // bob comes back from a break: alice has been idle longer, so her desk rings first.
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})").status, 200);
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/me/presence"), R"({"status":"available"})").status,
             200);
    const QString id = QStringLiteral("v3:in-8");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    QVERIFY(!typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offered")));
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(id)).status, 404);
    // Her turn passes (--ring-step): her desk stops, bob's rings; the supervisor saw both offers.
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_heard.value(QStringLiteral("bob"))).contains(QStringLiteral("call.offered")),
                             5000);
    QVERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offer_ended")));
    QCOMPARE(typesOf(m_heard.value(QStringLiteral("sue"))).count(QStringLiteral("call.offered")), 2);
    QCOMPARE(h->server()->store()->call(id)->offeredTo, QStringList({QStringLiteral("alice"), QStringLiteral("bob")}));
    // bob declines and nobody else is available (carol is away): rejected at once.
    QCOMPARE(as(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(id)).status, 200);
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
}

void tst_Inbound::offeredAgentsSeeTheCallOthersDoNot()
{
    const QString id = QStringLiteral("v3:in-9");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    const HttpResult seen = as(QStringLiteral("alice"), "GET", QStringLiteral("/api/calls/%1").arg(id));
    QVERIFY2(seen.status == 200, seen.body.constData());
    QCOMPARE(as(QStringLiteral("carol"), "GET", QStringLiteral("/api/calls/%1").arg(id)).status, 404);
    hangUp(id, QStringLiteral("originator_cancel"));
    QTRY_VERIFY(h->server()->store()->call(id)->missed);
    // The missed call is in the history of both agents it rang for, and not in carol's.
    const auto listed = [this](const QString &who) {
        QStringList ids;
        for (const QJsonValue &c :
             as(who, "GET", QStringLiteral("/api/calls")).json.value(QLatin1String("data")).toArray())
            ids << c.toObject().value(QLatin1String("callControlId")).toString();
        return ids;
    };
    QCOMPARE(listed(QStringLiteral("alice")), QStringList{id});
    QCOMPARE(listed(QStringLiteral("bob")), QStringList{id});
    QCOMPARE(listed(QStringLiteral("carol")), QStringList{});
    QCOMPARE(listed(QStringLiteral("sue")), QStringList{id});
}

void tst_Inbound::streamMayOpenBeforeTheAnswersReply()
{
    // Telnyx may open the media stream before its 200 to the answer reaches us: the stream's secret is known from
    // the moment the answer is sent.
    const QString id = QStringLiteral("v3:in-10");
    ring(id);
    QTRY_VERIFY(typesOf(m_heard.value(QStringLiteral("alice"))).contains(QStringLiteral("call.offered")));
    h->telnyx().respondNext(QStringLiteral("/actions/answer"), 200, R"({"data":{"result":"ok"}})", 1500);
    QNetworkAccessManager net;
    QNetworkRequest r(h->url(QStringLiteral("/api/calls/telnyx/%1/answer").arg(id)));
    r.setRawHeader("Authorization", "Bearer " + m_tokens.value(QStringLiteral("alice")).toUtf8());
    std::unique_ptr<QNetworkReply> reply(net.post(r, QByteArray()));
    QTRY_COMPARE(h->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
    QVERIFY(!reply->isFinished());
    const QString token = QUrlQuery(QUrl(h->telnyx()
                                             .requestsTo(QStringLiteral("/actions/answer"))[0]
                                             .body.value(QLatin1String("stream_url"))
                                             .toString()))
                              .queryItemValue(QStringLiteral("token"));
    QWebSocket media;
    QSignalSpy closed(&media, &QWebSocket::disconnected);
    QUrl url = h->url(QStringLiteral("/audio-stream"));
    url.setScheme(QStringLiteral("ws"));
    url.setQuery(QUrlQuery({{QStringLiteral("token"), token}}));
    media.open(url);
    QTRY_COMPARE(media.state(), QAbstractSocket::ConnectedState);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QTest::qWait(200);
    QCOMPARE(closed.size(), 0); // kept: it is the call's stream
    QCOMPARE(media.state(), QAbstractSocket::ConnectedState);
}

QTEST_MAIN(tst_Inbound)
#include "tst_inbound.moc"
