// SPDX-License-Identifier: MIT
// Several instances on one database (CONTRACT §8), each a real SwitchboardServer on its own port, spoken to over real
// sockets. On PostgreSQL (tests/postgresql/with-postgresql.sh) two instances share a database: the live instances,
// events reaching every instance's /call-events, the record naming the instance holding a call's media, 409 for its
// media elsewhere, mute on any instance. On SQLite (one desk) the same server is one instance alone.
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "calls/CallStore.h"
#include "instances/InstanceBus.h"
#include "instances/InstanceRegistry.h"
#include "streaming/MediaGateway.h"
#include "users/UserStore.h"

#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

using namespace sb::test;

namespace {
QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject data(const HttpResult &r)
{
    return r.json.value(QLatin1String("data")).toObject();
}

QJsonArray dataArray(const HttpResult &r)
{
    return r.json.value(QLatin1String("data")).toArray();
}

// A WebSocket upgrade written by hand, and the status line and body of the HTTP answer when it is refused.
HttpResult rawUpgrade(quint16 port, const QString &pathAndQuery, const QString &token)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    // The servers run on this thread: its event loop must turn while the answer is awaited.
    for (int i = 0; i < 100 && socket.state() != QAbstractSocket::ConnectedState; ++i)
        QTest::qWait(50);
    socket.write("GET " + pathAndQuery.toUtf8() +
                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 "Authorization: Bearer " +
                 token.toUtf8() + "\r\n\r\n");
    QByteArray answer;
    for (int i = 0;
         i < 100 && !(answer.contains("\r\n\r\n") && answer.endsWith('}')) && !answer.startsWith("HTTP/1.1 101"); ++i) {
        QTest::qWait(50);
        answer += socket.readAll();
    }
    HttpResult result;
    result.status = answer.mid(9, 3).toInt();
    result.body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    result.json = QJsonDocument::fromJson(result.body).object();
    return result;
}
} // namespace

class tst_Instances : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { SB_REQUIRE_POSTGRESQL_IF_ASKED(); }
    void init();
    void cleanup();

    void oneInstanceAlone();
    void listsTheLiveInstances();
    void aWebhookReachesEveryInstance();
    void aLargeEventTravelsByItsId();
    void aRedeliveryToAnotherInstanceIsAppliedOnce();
    void offersReachDesksOnEveryInstance();
    void theRecordNamesTheMediaInstance();
    void mediaElsewhereIsRefusedWith409();
    void muteOnAnyInstanceReachesTheMedia();
    void liveCallsMoveWhenTheirInstanceStops();
    void theTeamsPresenceIsTheSameEverywhere();
    void anIncomingCallIsAnsweredOnAnyInstance();
    void aDeclineOnAnotherInstanceEndsTheOffer();

private:
    bool startSecond();
    // A user in the shared database, and a request with their token.
    QString addUser(const QString &name, sb::Role role);
    static HttpResult as(ServerHarness &on, const QString &token, const QByteArray &method, const QString &path,
                         const QByteArray &body = {});
    // `name`'s entry of GET /api/presence on `on`.
    static QJsonObject presenceOf(ServerHarness &on, const QString &name);
    // An incoming call arriving as a webhook on `on`.
    static void ring(ServerHarness &on, const QString &callId);
    static bool heard(const QList<QByteArray> &frames, const QString &type);
    std::unique_ptr<ServerHarness> a;
    std::unique_ptr<ServerHarness> b;
};

void tst_Instances::init()
{
    a = std::make_unique<ServerHarness>();
    QVERIFY(a->start());
}

void tst_Instances::cleanup()
{
    b.reset();
    a.reset();
}

bool tst_Instances::startSecond()
{
    if (!onPostgresql())
        return false;
    b = std::make_unique<ServerHarness>();
    return b->startBeside(*a);
}

QString tst_Instances::addUser(const QString &name, sb::Role role)
{
    QString token;
    if (a->server()->users()->add(name, role, &token) != sb::UserStore::Outcome::Done)
        return {};
    return token;
}

HttpResult tst_Instances::as(ServerHarness &on, const QString &token, const QByteArray &method, const QString &path,
                             const QByteArray &body)
{
    QList<QPair<QByteArray, QByteArray>> headers{{QByteArray("Authorization"), "Bearer " + token.toUtf8()}};
    if (!body.isEmpty())
        headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    return on.request(method, path, body, headers, false);
}

QJsonObject tst_Instances::presenceOf(ServerHarness &on, const QString &name)
{
    for (const auto &entry : dataArray(on.get(QStringLiteral("/api/presence")))) {
        if (entry.toObject().value(QLatin1String("name")).toString() == name)
            return entry.toObject();
    }
    return {};
}

void tst_Instances::ring(ServerHarness &on, const QString &callId)
{
    QCOMPARE(on.sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.initiated"), callId,
                                                    QStringLiteral("2026-12-04T10:00:00.000000Z"),
                                                    {{QStringLiteral("direction"), QStringLiteral("incoming")},
                                                     {QStringLiteral("from"), QStringLiteral("+15550001111")},
                                                     {QStringLiteral("to"), QStringLiteral("+15550002222")}}))
                 .status,
             200);
}

bool tst_Instances::heard(const QList<QByteArray> &frames, const QString &type)
{
    return std::any_of(frames.cbegin(), frames.cend(), [&type](const QByteArray &frame) {
        return QJsonDocument::fromJson(frame).object().value(QLatin1String("type")).toString() == type;
    });
}

void tst_Instances::oneInstanceAlone()
{
    const HttpResult r = a->get(QStringLiteral("/api/instances"));
    QCOMPARE(r.status, 200);
    const QJsonArray list = dataArray(r);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0][QLatin1String("url")].toString(), a->server()->publicUrl());
    QCOMPARE(list[0][QLatin1String("self")].toBool(), true);
    QCOMPARE(a->server()->publicUrl(), QStringLiteral("http://127.0.0.1:%1").arg(a->server()->port()));
    QCOMPARE(a->request("GET", QStringLiteral("/api/instances"), {}, {}, false).status, 401);
    // PUBLIC_URL names the instance, and the stream URL follows it.
    QVERIFY(a->start([](sb::Config &c) { c.publicUrl = QStringLiteral("https://sb1.example.com/switchboard"); }));
    QCOMPARE(a->server()->publicUrl(), QStringLiteral("https://sb1.example.com/switchboard"));
    QCOMPARE(a->server()->streamBaseUrl(), QStringLiteral("wss://sb1.example.com/switchboard"));
    QCOMPARE(dataArray(a->get(QStringLiteral("/api/instances")))[0][QLatin1String("url")].toString(),
             QStringLiteral("https://sb1.example.com/switchboard"));
}

void tst_Instances::listsTheLiveInstances()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    QJsonArray list = dataArray(a->get(QStringLiteral("/api/instances")));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0][QLatin1String("url")].toString(), a->server()->publicUrl()); // the longest running first
    QCOMPARE(list[0][QLatin1String("self")].toBool(), true);
    QCOMPARE(list[1][QLatin1String("url")].toString(), b->server()->publicUrl());
    QCOMPARE(list[1][QLatin1String("self")].toBool(), false);
    QVERIFY(!list[1][QLatin1String("lastSeenAt")].toString().isEmpty());
    QCOMPARE(dataArray(b->get(QStringLiteral("/api/instances"))).size(), 2);
    // A clean stop is seen at once.
    b->stop();
    list = dataArray(a->get(QStringLiteral("/api/instances")));
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0][QLatin1String("url")].toString(), a->server()->publicUrl());
}

void tst_Instances::aWebhookReachesEveryInstance()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    QList<QByteArray> onA;
    QList<QByteArray> onB;
    auto wsA = a->openWebSocket(QStringLiteral("/call-events?token=") + a->token(), &onA);
    auto wsB = b->openWebSocket(QStringLiteral("/call-events?token=") + b->token(), &onB);
    QVERIFY(wsA && wsB);
    const QString id = uuid();
    const QByteArray body = ServerHarness::envelope(id, QStringLiteral("call.initiated"), QStringLiteral("v3:relay"),
                                                    QStringLiteral("2026-12-04T10:00:00.000000Z"));
    QCOMPARE(a->sendWebhook(body).status, 200);
    QTRY_COMPARE(onA.size(), 1);
    QTRY_COMPARE(onB.size(), 1);
    QCOMPARE(onB[0], onA[0]); // the same frame, byte for byte
    QCOMPARE(QJsonDocument::fromJson(onB[0]).object().value(QLatin1String("id")).toString(), id);
    // And back: a webhook on B reaches A's client.
    QCOMPARE(b->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.answered"), QStringLiteral("v3:relay"),
                                                    QStringLiteral("2026-12-04T10:00:01.000000Z")))
                 .status,
             200);
    QTRY_COMPARE(onA.size(), 2);
    QTRY_COMPARE(onB.size(), 2);
    QCOMPARE(onA[1], onB[1]);
    QTest::qWait(200);
    QCOMPARE(onA.size(), 2); // nobody hears an event twice (its own NOTIFY is not delivered back)
    QCOMPARE(onB.size(), 2);
}

void tst_Instances::aLargeEventTravelsByItsId()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    QList<QByteArray> onB;
    auto wsB = b->openWebSocket(QStringLiteral("/call-events?token=") + b->token(), &onB);
    QVERIFY(wsB);
    const QString id = uuid();
    // Larger than one NOTIFY may carry (8000 bytes).
    const QJsonObject extra{{QStringLiteral("caller_id_name"), QString(12000, QLatin1Char('A'))}};
    QCOMPARE(a->sendWebhook(ServerHarness::envelope(id, QStringLiteral("call.initiated"), QStringLiteral("v3:large"),
                                                    QStringLiteral("2026-12-04T10:00:00.000000Z"), extra))
                 .status,
             200);
    QTRY_COMPARE(onB.size(), 1);
    const QJsonObject frame = QJsonDocument::fromJson(onB[0]).object();
    QCOMPARE(frame.value(QLatin1String("id")).toString(), id);
    QCOMPARE(frame.value(QLatin1String("payload")).toObject().value(QLatin1String("caller_id_name")).toString().size(),
             12000);
    QVERIFY(onB[0].size() > sb::InstanceBus::kMaxMessageBytes);
}

void tst_Instances::aRedeliveryToAnotherInstanceIsAppliedOnce()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    QList<QByteArray> onA;
    auto wsA = a->openWebSocket(QStringLiteral("/call-events?token=") + a->token(), &onA);
    QVERIFY(wsA);
    const QByteArray body =
        ServerHarness::envelope(uuid(), QStringLiteral("call.initiated"), QStringLiteral("v3:twice"),
                                QStringLiteral("2026-12-04T10:00:00.000000Z"));
    QCOMPARE(a->sendWebhook(body).status, 200);
    QCOMPARE(b->sendWebhook(body).status, 200); // Telnyx's redelivery, landing on the other instance
    QTRY_COMPARE(onA.size(), 1);
    QTest::qWait(300);
    QCOMPARE(onA.size(), 1); // applied and broadcast once
    QCOMPARE(a->server()->store()->eventCount(), 1);
    QCOMPARE(a->server()->store()->events(QStringLiteral("v3:twice")).size(), 1);
}

void tst_Instances::offersReachDesksOnEveryInstance()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    // An admin's /call-events hears every call's offers too; an incoming call arriving on A is heard on B.
    QList<QByteArray> onB;
    auto wsB = b->openWebSocket(QStringLiteral("/call-events?token=") + b->token(), &onB);
    QVERIFY(wsB);
    ring(*a, QStringLiteral("v3:inbound"));
    QTRY_VERIFY(heard(onB, QStringLiteral("call.initiated")));
}

void tst_Instances::theRecordNamesTheMediaInstance()
{
    const QString call = a->dial();
    QVERIFY(!call.isEmpty());
    QCOMPARE(a->get(QStringLiteral("/api/calls/") + call).json[QLatin1String("data")][QLatin1String("instance")],
             a->server()->publicUrl());
    if (!startSecond())
        return; // one instance: named all the same
    // The same record on every instance.
    QCOMPARE(b->get(QStringLiteral("/api/calls/") + call).json[QLatin1String("data")][QLatin1String("instance")],
             a->server()->publicUrl());
    // Each instance has its own fake Telnyx; B's is told to hand out an id of its own.
    b->telnyx().respondNext(
        QStringLiteral("/calls"), 200,
        R"({"data":{"call_control_id":"v3:b-1","call_leg_id":"leg-b-1","call_session_id":"session-b-1"}})");
    const QString second = b->dial(QStringLiteral("+15557777777"));
    QCOMPARE(second, QStringLiteral("v3:b-1"));
    QCOMPARE(a->get(QStringLiteral("/api/calls/") + second).json[QLatin1String("data")][QLatin1String("instance")],
             b->server()->publicUrl());
}

void tst_Instances::mediaElsewhereIsRefusedWith409()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString call = a->dial();
    QVERIFY(!call.isEmpty());
    for (const QString &path : {QStringLiteral("/frontend-audio"), QStringLiteral("/agent-audio")}) {
        const HttpResult r = rawUpgrade(b->server()->port(), path + QStringLiteral("?call=") + call, b->token());
        QCOMPARE(r.status, 409);
        const QJsonObject error = r.json.value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("wrong_instance"));
        QCOMPARE(error.value(QLatin1String("instance")).toString(), a->server()->publicUrl());
        QCOMPARE(error.value(QLatin1String("url")).toString(),
                 QStringLiteral("ws://127.0.0.1:%1%2?call=%3").arg(a->server()->port()).arg(path, call));
    }
    // Without a working token nothing is told: the upgrade goes through and is closed as unauthorised.
    QCOMPARE(
        rawUpgrade(b->server()->port(), QStringLiteral("/frontend-audio?call=") + call, QStringLiteral("wrong")).status,
        101);
    // Where the media is, the listener is taken.
    QList<QByteArray> heard;
    auto listener = a->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(call, a->token()), &heard);
    QVERIFY(listener);
    QCOMPARE(rawUpgrade(a->server()->port(), QStringLiteral("/frontend-audio?call=") + call, a->token()).status, 101);
    // Once the instance holding it is gone, nobody is sent there.
    a->stop();
    QCOMPARE(rawUpgrade(b->server()->port(), QStringLiteral("/frontend-audio?call=") + call, b->token()).status, 101);
}

void tst_Instances::muteOnAnyInstanceReachesTheMedia()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString call = a->dial();
    QVERIFY(!call.isEmpty());
    QVERIFY(!a->server()->media()->isMuted(call));
    QCOMPARE(b->postJson(QStringLiteral("/api/calls/telnyx/%1/mute").arg(call), {}).status, 200);
    QTRY_VERIFY(a->server()->media()->isMuted(call));
    QCOMPARE(a->get(QStringLiteral("/api/calls/") + call).json[QLatin1String("data")][QLatin1String("muted")], true);
    QCOMPARE(b->postJson(QStringLiteral("/api/calls/telnyx/%1/unmute").arg(call), {}).status, 200);
    QTRY_VERIFY(!a->server()->media()->isMuted(call));
}

// CONTRACT §8 failover: an instance stops; another takes over its answered calls (streaming_start to itself with a
// fresh stream_auth_token) and Telnyx's stream with that token is taken there. A call not yet answered is left.
void tst_Instances::liveCallsMoveWhenTheirInstanceStops()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString answered = a->dial();
    QCOMPARE(a->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.answered"), answered,
                                                    QStringLiteral("2026-12-04T10:00:01.000000Z")))
                 .status,
             200);
    QCOMPARE(data(b->get(QStringLiteral("/api/calls/") + answered)).value(QLatin1String("status")).toString(),
             QStringLiteral("answered"));
    const QString ringing = a->dial(QStringLiteral("+15558888888"));
    QVERIFY(ringing != answered);
    const QString oldToken = a->telnyx()
                                 .requestsTo(QStringLiteral("/calls"))
                                 .first()
                                 .body.value(QLatin1String("stream_auth_token"))
                                 .toString();

    a->stop();
    QTRY_COMPARE_WITH_TIMEOUT(b->telnyx().requestsTo(QStringLiteral("%1/actions/streaming_start").arg(answered)).size(),
                              1, 5000);
    const QJsonObject start =
        b->telnyx().requestsTo(QStringLiteral("%1/actions/streaming_start").arg(answered)).first().body;
    QCOMPARE(start.value(QLatin1String("stream_url")).toString(), b->server()->streamBaseUrl() + "/audio-stream");
    QCOMPARE(start.value(QLatin1String("stream_track")).toString(), QStringLiteral("both_tracks"));
    QCOMPARE(start.value(QLatin1String("stream_bidirectional_mode")).toString(), QStringLiteral("rtp"));
    const QString token = start.value(QLatin1String("stream_auth_token")).toString();
    QVERIFY(token.size() >= 40);
    QVERIFY(token != oldToken);
    const QJsonObject record = data(b->get(QStringLiteral("/api/calls/") + answered));
    QCOMPARE(record.value(QLatin1String("instance")).toString(), b->server()->publicUrl());
    QCOMPARE(record.value(QLatin1String("status")).toString(), QStringLiteral("answered"));
    // Telnyx connects with the fresh token: the stream is taken by B.
    auto stream =
        b->openWebSocket(QStringLiteral("/audio-stream"), nullptr, {{"x-telnyx-streaming-auth-token", token.toUtf8()}});
    QVERIFY(stream);
    stream->sendTextMessage(QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")},
                                  {QStringLiteral("sequence_number"), QStringLiteral("1")},
                                  {QStringLiteral("stream_id"), QStringLiteral("stream-b")},
                                  {QStringLiteral("start"),
                                   QJsonObject{{QStringLiteral("call_control_id"), answered},
                                               {QStringLiteral("media_format"),
                                                QJsonObject{{QStringLiteral("encoding"), QStringLiteral("PCMU")},
                                                            {QStringLiteral("sample_rate"), 8000},
                                                            {QStringLiteral("channels"), 1}}}}}})
            .toJson(QJsonDocument::Compact)));
    QTRY_COMPARE(b->server()->media()->streamCount(), 1);
    // The ringing call stays where it was dialled until it is answered.
    QTest::qWait(1200);
    QVERIFY(b->telnyx().requestsTo(QStringLiteral("%1/actions/streaming_start").arg(ringing)).isEmpty());
    QCOMPARE(b->telnyx().requestsTo(QStringLiteral("/actions/streaming_start")).size(), 1); // and nothing twice
}

void tst_Instances::theTeamsPresenceIsTheSameEverywhere()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString alice = addUser(QStringLiteral("alice"), sb::Role::Agent);
    QVERIFY(!alice.isEmpty());
    const auto connectedOn = [&](ServerHarness &on) {
        return presenceOf(on, QStringLiteral("alice")).value(QLatin1String("connected")).toBool();
    };
    const auto statusOn = [&](ServerHarness &on) {
        return presenceOf(on, QStringLiteral("alice")).value(QLatin1String("status")).toString();
    };
    QVERIFY(!connectedOn(*a));
    // Alice's desk is on B: A sees her signed in and available.
    QList<QByteArray> desk;
    auto ws = b->openWebSocket(QStringLiteral("/call-events?token=") + alice, &desk);
    QVERIFY(ws);
    QTRY_VERIFY(connectedOn(*a));
    QCOMPARE(statusOn(*a), QStringLiteral("available"));
    // She steps away through A (a load balancer's choice): B knows it too.
    QCOMPARE(as(*a, alice, "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})").status, 200);
    QTRY_COMPARE(statusOn(*b), QStringLiteral("away"));
    QCOMPARE(as(*b, alice, "POST", QStringLiteral("/api/me/presence"), R"({"status":"available"})").status, 200);
    QTRY_COMPARE(statusOn(*a), QStringLiteral("available"));

    // An incoming call arriving on A rings her desk on B.
    ring(*a, QStringLiteral("v3:in-team"));
    QTRY_VERIFY(std::any_of(desk.cbegin(), desk.cend(), [](const QByteArray &frame) {
        const QJsonObject event = QJsonDocument::fromJson(frame).object();
        return event.value(QLatin1String("type")).toString() == QLatin1String("call.offered") &&
               event[QLatin1String("payload")][QLatin1String("offered_to")].toArray() ==
                   QJsonArray{QStringLiteral("alice")};
    }));

    // A third instance started now learns who is signed in where.
    ServerHarness c;
    const QString shared = a->databaseUrl();
    QVERIFY(c.start([shared](sb::Config &config) { config.databaseUrl = shared; }));
    QTRY_VERIFY(connectedOn(c));

    // B stops (its desk's socket still open on the client's side): its desks go with it, everywhere.
    b->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!connectedOn(*a), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!connectedOn(c), 5000);
}

void tst_Instances::anIncomingCallIsAnsweredOnAnyInstance()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString alice = addUser(QStringLiteral("alice"), sb::Role::Agent);
    const QString bob = addUser(QStringLiteral("bob"), sb::Role::Agent);
    QList<QByteArray> aliceHeard;
    QList<QByteArray> bobHeard;
    auto aliceDesk = b->openWebSocket(QStringLiteral("/call-events?token=") + alice, &aliceHeard); // on B
    auto bobDesk = a->openWebSocket(QStringLiteral("/call-events?token=") + bob, &bobHeard);       // on A
    QVERIFY(aliceDesk && bobDesk);
    QTRY_VERIFY(presenceOf(*a, QStringLiteral("alice")).value(QLatin1String("connected")).toBool());
    QTRY_VERIFY(presenceOf(*b, QStringLiteral("bob")).value(QLatin1String("connected")).toBool());

    const QString call = QStringLiteral("v3:in-anywhere");
    ring(*a, call); // offered from A
    QTRY_VERIFY(heard(aliceHeard, QStringLiteral("call.offered")));
    QTRY_VERIFY(heard(bobHeard, QStringLiteral("call.offered")));
    // Alice answers on B, where her desk is: B answers Telnyx with its own stream, and holds the call's media.
    const HttpResult answered =
        as(*b, alice, "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(call), QByteArrayLiteral("{}"));
    QCOMPARE(answered.status, 200);
    const QList<sb::test::FakeTelnyx::Request> answers = b->telnyx().requestsTo(QStringLiteral("/actions/answer"));
    QCOMPARE(answers.size(), 1);
    QVERIFY(answers[0]
                .body.value(QLatin1String("stream_url"))
                .toString()
                .startsWith(QStringLiteral("ws://127.0.0.1:%1/audio-stream?token=").arg(b->server()->port())));
    QVERIFY(a->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
    const QJsonObject record = data(a->get(QStringLiteral("/api/calls/") + call));
    QCOMPARE(record.value(QLatin1String("agentId")).toString(), QStringLiteral("alice"));
    QCOMPARE(record.value(QLatin1String("instance")).toString(), b->server()->publicUrl());
    // A stops ringing Bob's desk, and his answer is too late, on either instance; nobody rejects the call.
    QTRY_VERIFY(heard(bobHeard, QStringLiteral("call.taken")));
    for (ServerHarness *on : {a.get(), b.get()}) {
        const HttpResult late =
            as(*on, bob, "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(call), QByteArrayLiteral("{}"));
        QCOMPARE(late.status, 409);
        QCOMPARE(late.errorCode(), QStringLiteral("already_answered"));
    }
    QTest::qWait(200);
    QVERIFY(a->telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty());
    QCOMPARE(b->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
}

void tst_Instances::aDeclineOnAnotherInstanceEndsTheOffer()
{
    if (!startSecond())
        QSKIP("two instances need PostgreSQL");
    const QString alice = addUser(QStringLiteral("alice"), sb::Role::Agent);
    const QString bob = addUser(QStringLiteral("bob"), sb::Role::Agent);
    QList<QByteArray> aliceHeard;
    auto aliceDesk = b->openWebSocket(QStringLiteral("/call-events?token=") + alice, &aliceHeard); // on B
    QVERIFY(aliceDesk);
    QTRY_VERIFY(presenceOf(*a, QStringLiteral("alice")).value(QLatin1String("connected")).toBool());
    const QString call = QStringLiteral("v3:in-declined");
    ring(*a, call);
    QTRY_VERIFY(heard(aliceHeard, QStringLiteral("call.offered")));
    // Bob was not offered it: nothing to decline or answer, on any instance.
    QCOMPARE(
        as(*b, bob, "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(call), QByteArrayLiteral("{}")).status,
        404);
    QCOMPARE(
        as(*b, bob, "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(call), QByteArrayLiteral("{}")).status,
        404);
    // Alice declines on B; A, which offers it, has nobody left and rejects the call.
    QCOMPARE(
        as(*b, alice, "POST", QStringLiteral("/api/calls/telnyx/%1/decline").arg(call), QByteArrayLiteral("{}")).status,
        200);
    QTRY_COMPARE(a->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    // Given up: an answer now is refused, and nothing is sent to Telnyx.
    const HttpResult late =
        as(*b, alice, "POST", QStringLiteral("/api/calls/telnyx/%1/answer").arg(call), QByteArrayLiteral("{}"));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), QStringLiteral("offer_ended"));
    QVERIFY(b->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Instances)
#include "tst_instances.moc"
