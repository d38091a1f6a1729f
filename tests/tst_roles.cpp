// SPDX-License-Identifier: MIT
// Integration: users and roles (CONTRACT §6) on the real server over real sockets, a fake Telnyx behind it: the
// rights on every route, what agents hear on the WebSockets, revocation, /api/me, /api/users and the command line.
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "calls/CallEventsHub.h"
#include "calls/CallStore.h"
#include "store/DatabaseUrl.h"
#include "streaming/AudioFanout.h"
#include "users/UserStore.h"

// Qt
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace sb::test;
using sb::Role;
using sb::UserStore;
using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject data(const HttpResult &r)
{
    return r.json.value(QLatin1String("data")).toObject();
}

QByteArray startFrame(const QString &callId, const QString &streamId)
{
    return QStringLiteral(
               R"({"event":"start","sequence_number":"1","stream_id":"%2","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})")
        .arg(callId, streamId)
        .toUtf8();
}

QByteArray mediaFrame(const QString &streamId, int n)
{
    return QStringLiteral(
               R"({"event":"media","sequence_number":"%2","stream_id":"%1","media":{"track":"inbound","chunk":"%3","timestamp":"%4","payload":"%5"}})")
        .arg(streamId)
        .arg(n + 2)
        .arg(n + 1)
        .arg(n * 20)
        .arg(QString::fromLatin1(QByteArray(160, char(0x55)).toBase64()))
        .toUtf8();
}

QStringList *g_log = nullptr;
void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (g_log)
        g_log->append(QLatin1String(context.category ? context.category : "") + QLatin1Char(' ') + message);
}

} // namespace

class tst_Roles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { SB_REQUIRE_POSTGRESQL_IF_ASKED(); }
    void init();
    void cleanup();

    void rights_data();
    void rights();
    void me_data();
    void me();
    void dialMakesTheCallerTheAgent();
    void agentListsOwnCallsOnly();
    void usersApi();
    void callEventsOnlyOwnCalls();
    void frontendAudioOnlyOwnCalls();
    void presenceFollowsDesksAndCalls();
    void rotationClosesSocketsAndStopsTheToken();
    void removalElsewhereClosesSocketsWithinASecond();
    void userTokensNeverLogged();
    void commandLine();
    void commandLineErrors_data();
    void commandLineErrors();

private:
    Headers as(const QString &who, bool json = false) const;
    HttpResult call(const QString &who, const QByteArray &method, const QString &path, const QByteArray &body = {});
    QString dialAs(const QString &who, const QString &agentId = {});
    QString streamTokenOf(const QString &callId) const;
    QProcess *runCli(const QStringList &arguments);

    std::unique_ptr<ServerHarness> h;
    QHash<QString, QString> m_tokens; // who -> token ("admin": the API token)
    QString m_aliceCall;              // dialled by alice (agent)
    QString m_bobCall;                // dialled by bob (agent)
};

void tst_Roles::init()
{
    h = std::make_unique<ServerHarness>();
    QVERIFY(h->start());
    m_tokens.clear();
    m_tokens.insert(QStringLiteral("admin"), h->token());
    m_tokens.insert(QStringLiteral("wrong"), QStringLiteral("not-a-token-0123456789"));
    const std::pair<const char *, Role> users[] = {
        {"alice", Role::Agent}, {"bob", Role::Agent}, {"sue", Role::Supervisor}, {"ada", Role::Admin}};
    for (const auto &[name, role] : users) {
        QString token;
        QCOMPARE(h->server()->users()->add(QLatin1String(name), role, &token), UserStore::Outcome::Done);
        m_tokens.insert(QLatin1String(name), token);
    }
    m_aliceCall = dialAs(QStringLiteral("alice"));
    m_bobCall = dialAs(QStringLiteral("bob"));
    QVERIFY(!m_aliceCall.isEmpty());
    QVERIFY(!m_bobCall.isEmpty());
    QCOMPARE(h->server()->store()->call(m_bobCall)->agentId, QStringLiteral("bob"));
}

void tst_Roles::cleanup()
{
    h.reset();
}

Headers tst_Roles::as(const QString &who, bool json) const
{
    Headers headers;
    if (json)
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (who != QLatin1String("none"))
        headers.append(qMakePair(QByteArray("Authorization"), "Bearer " + m_tokens.value(who).toUtf8()));
    return headers;
}

HttpResult tst_Roles::call(const QString &who, const QByteArray &method, const QString &path, const QByteArray &body)
{
    return h->request(method, path, body, as(who, !body.isEmpty()), false);
}

QString tst_Roles::dialAs(const QString &who, const QString &agentId)
{
    QJsonObject body{{QStringLiteral("to"), QStringLiteral("+15551234567")},
                     {QStringLiteral("from"), QStringLiteral("+15557654321")}};
    if (!agentId.isEmpty())
        body.insert(QStringLiteral("agentId"), agentId);
    const auto r = call(who, "POST", QStringLiteral("/api/calls/telnyx/initiate"),
                        QJsonDocument(body).toJson(QJsonDocument::Compact));
    return data(r).value(QLatin1String("callId")).toString();
}

QString tst_Roles::streamTokenOf(const QString &callId) const
{
    // The fake Telnyx answered the dials in order: the n-th dial request made the n-th call id.
    const auto dials = h->telnyx().requestsTo(QStringLiteral("/calls"));
    const int n = callId.section(QLatin1Char('-'), -1).toInt();
    return dials.value(n - 1).body.value(QLatin1String("stream_auth_token")).toString();
}

// Every route under a token, for every kind of caller, on bob's call (bob is the agent whose call it is, alice
// another agent). Refusals change nothing: the record, the events, the users, and nothing goes to Telnyx.
void tst_Roles::rights_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");

    struct Route {
        const char *name;
        QByteArray method;
        QString path;
        QByteArray body;
        int ok;         // the status when allowed
        int otherAgent; // an agent on another's call
        int user;       // a supervisor (and an agent, for routes not about one call)
    };
    const QString call = QStringLiteral("{call}");
    const Route routes[] = {
        {"end", "POST", QStringLiteral("/api/calls/telnyx/end"), R"({"call_control_id":"{call}"})", 200, 403, 200},
        {"mute", "POST", QStringLiteral("/api/calls/telnyx/%1/mute").arg(call), {}, 200, 403, 200},
        {"unmute", "POST", QStringLiteral("/api/calls/telnyx/%1/unmute").arg(call), {}, 200, 403, 200},
        {"dtmf", "POST", QStringLiteral("/api/calls/telnyx/%1/dtmf").arg(call), R"({"digits":"12#"})", 200, 403, 200},
        {"get", "GET", QStringLiteral("/api/calls/%1").arg(call), {}, 200, 404, 200},
        {"list", "GET", QStringLiteral("/api/calls"), {}, 200, 200, 200},
        {"dial", "POST", QStringLiteral("/api/calls/telnyx/initiate"), R"({"to":"+15551234567","from":"+15557654321"})",
         200, 200, 200},
        {"me", "GET", QStringLiteral("/api/me"), {}, 200, 200, 200},
        {"users list", "GET", QStringLiteral("/api/users"), {}, 200, 403, 403},
        {"users add", "POST", QStringLiteral("/api/users"), R"({"name":"newbie","role":"agent"})", 201, 403, 403},
        {"users token", "POST", QStringLiteral("/api/users/bob/token"), {}, 200, 403, 403},
        {"users remove", "DELETE", QStringLiteral("/api/users/bob"), {}, 200, 403, 403},
        {"regenerate API token", "POST", QStringLiteral("/api/token/regenerate"), {}, 200, 403, 403},
        {"team presence", "GET", QStringLiteral("/api/presence"), {}, 200, 403, 200},
        {"own presence", "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})", 200, 200, 200},
    };
    for (const Route &r : routes) {
        // Routes about no call: an agent is refused them whoever's call bob's is.
        const bool userRoute = QByteArray(r.name).startsWith("users") || QByteArray(r.name).startsWith("regenerate") ||
                               QByteArray(r.name).startsWith("team");
        const std::pair<const char *, int> callers[] = {
            {"admin", r.ok},         {"ada", r.ok},
            {"sue", r.user},         {"bob", userRoute ? r.otherAgent : r.ok}, // agent, own call
            {"alice", r.otherAgent},                                           // agent, another's call
            {"none", 401},           {"wrong", 401},
        };
        for (const auto &[who, status] : callers)
            QTest::addRow("%s as %s", r.name, who)
                << r.method << r.path << r.body << QString::fromLatin1(who) << status;
    }
}

void tst_Roles::rights()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, who);
    QFETCH(int, status);
    path.replace(QLatin1String("{call}"), m_bobCall);
    body.replace("{call}", m_bobCall.toUtf8());

    sb::CallStore *store = h->server()->store();
    const QJsonObject recordBefore = store->call(m_bobCall)->toJson();
    const qint64 eventsBefore = store->eventCount();
    const qint64 callsBefore = store->callCount();
    const auto usersBefore = h->server()->users()->currentTokenHashes();
    h->telnyx().clearRequests();

    const HttpResult r = call(who, method, path, body);
    QVERIFY2(r.status == status, qPrintable(QStringLiteral("%1: %2").arg(r.status).arg(QString::fromUtf8(r.body))));
    if (status < 400)
        return;
    QCOMPARE(r.json.value(QLatin1String("success")).toBool(true), false);
    const QString code = status == 401   ? QStringLiteral("unauthorized")
                         : status == 403 ? QStringLiteral("forbidden")
                                         : QStringLiteral("call_not_found");
    QCOMPARE(r.errorCode(), code);
    QTest::qWait(50); // anything sent late would show now
    QVERIFY(h->telnyx().requests().isEmpty());
    QCOMPARE(store->call(m_bobCall)->toJson(), recordBefore);
    QCOMPARE(store->eventCount(), eventsBefore);
    QCOMPARE(store->callCount(), callsBefore);
    QCOMPARE(h->server()->users()->currentTokenHashes(), usersBefore);
    QVERIFY(!r.body.contains(m_tokens.value(QStringLiteral("bob")).toUtf8()));
}

void tst_Roles::me_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("role");
    QTest::newRow("API token") << QStringLiteral("admin") << QStringLiteral("admin") << QStringLiteral("admin");
    QTest::newRow("admin user") << QStringLiteral("ada") << QStringLiteral("ada") << QStringLiteral("admin");
    QTest::newRow("supervisor") << QStringLiteral("sue") << QStringLiteral("sue") << QStringLiteral("supervisor");
    QTest::newRow("agent") << QStringLiteral("alice") << QStringLiteral("alice") << QStringLiteral("agent");
}

void tst_Roles::me()
{
    QFETCH(QString, who);
    QFETCH(QString, name);
    QFETCH(QString, role);
    for (const bool inQuery : {false, true}) {
        const HttpResult r =
            inQuery ? h->request("GET", QStringLiteral("/api/me?token=") + m_tokens.value(who), {}, {}, false)
                    : call(who, "GET", QStringLiteral("/api/me"));
        QCOMPARE(r.status, 200);
        QCOMPARE(data(r).value(QLatin1String("name")).toString(), name);
        QCOMPARE(data(r).value(QLatin1String("role")).toString(), role);
        QCOMPARE(r.json.value(QLatin1String("name")).toString(), name);
        QCOMPARE(r.json.value(QLatin1String("role")).toString(), role);
    }
}

void tst_Roles::dialMakesTheCallerTheAgent()
{
    // An agent's body agentId is ignored; a supervisor dials as itself too; only the API token names anyone.
    const std::pair<const char *, const char *> cases[] = {{"alice", "alice"}, {"sue", "sue"}, {"admin", "zed"}};
    for (const auto &[who, agent] : cases) {
        const QString id = dialAs(QLatin1String(who), QStringLiteral("zed"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(h->server()->store()->call(id)->agentId, QLatin1String(agent));
        const QJsonObject dial = h->telnyx().requestsTo(QStringLiteral("/calls")).last().body;
        const QJsonObject state =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(dial.value(QLatin1String("client_state")).toString().toLatin1()))
                .object();
        QCOMPARE(state.value(QLatin1String("agentId")).toString(), QLatin1String(agent));
    }
}

void tst_Roles::agentListsOwnCallsOnly()
{
    dialAs(QStringLiteral("alice"));
    auto r = call(QStringLiteral("alice"), "GET", QStringLiteral("/api/calls"));
    QCOMPARE(r.status, 200);
    const QJsonArray mine = r.json.value(QLatin1String("data")).toArray();
    QCOMPARE(mine.size(), 2);
    for (const QJsonValue &c : mine)
        QCOMPARE(c.toObject().value(QLatin1String("agentId")).toString(), QStringLiteral("alice"));
    QCOMPARE(r.json.value(QLatin1String("total")).toInt(), 2);
    QVERIFY(!r.body.contains(m_bobCall.toUtf8()));

    for (const char *who : {"sue", "admin", "ada"}) {
        r = call(QLatin1String(who), "GET", QStringLiteral("/api/calls"));
        QCOMPARE(r.json.value(QLatin1String("data")).toArray().size(), 3);
        QCOMPARE(r.json.value(QLatin1String("total")).toInt(), 3);
    }
    r = call(QStringLiteral("alice"), "GET", QStringLiteral("/api/calls/") + m_aliceCall);
    QCOMPARE(r.status, 200);
    r = call(QStringLiteral("alice"), "GET", QStringLiteral("/api/calls/") + m_bobCall);
    QCOMPARE(r.status, 404);
    QVERIFY(!r.body.contains("+1555")); // nothing of the call
}

void tst_Roles::usersApi()
{
    // Created: 201 with the token, which works at once and is never listed.
    auto r =
        call(QStringLiteral("admin"), "POST", QStringLiteral("/api/users"), R"({"name":"carol","role":"supervisor"})");
    QCOMPARE(r.status, 201);
    const QString token = r.json.value(QLatin1String("token")).toString();
    QVERIFY(token.size() >= 22);
    QCOMPARE(data(r).value(QLatin1String("token")).toString(), token);
    QCOMPARE(data(r).value(QLatin1String("role")).toString(), QStringLiteral("supervisor"));
    m_tokens.insert(QStringLiteral("carol"), token);
    QCOMPARE(data(call(QStringLiteral("carol"), "GET", QStringLiteral("/api/me"))).value(QLatin1String("name")),
             QStringLiteral("carol"));

    r = call(QStringLiteral("ada"), "GET", QStringLiteral("/api/users"));
    QCOMPARE(r.status, 200);
    const QJsonArray users = r.json.value(QLatin1String("data")).toArray();
    QCOMPARE(users.size(), 5);
    QStringList names;
    for (const QJsonValue &u : users) {
        names << u.toObject().value(QLatin1String("name")).toString();
        QVERIFY(u.toObject().contains(QLatin1String("createdAt")));
        QVERIFY(u.toObject().contains(QLatin1String("lastSeenAt")));
        QVERIFY(!u.toObject().contains(QLatin1String("token")));
    }
    QCOMPARE(names, (QStringList{"ada", "alice", "bob", "carol", "sue"}));
    for (const QString &t : std::as_const(m_tokens))
        QVERIFY(!r.body.contains(t.toUtf8()));

    // Refusals, each changing nothing.
    const auto before = h->server()->users()->currentTokenHashes();
    const struct {
        QByteArray method;
        QString path;
        QByteArray body;
        int status;
        const char *code;
    } refusals[] = {
        {"POST", QStringLiteral("/api/users"), R"({"name":"carol","role":"agent"})", 409, "user_exists"},
        {"POST", QStringLiteral("/api/users"), R"({"name":"Carol","role":"agent"})", 400, "invalid_name"},
        {"POST", QStringLiteral("/api/users"), R"({"name":"","role":"agent"})", 400, "invalid_name"},
        {"POST", QStringLiteral("/api/users"), R"({"role":"agent"})", 400, "invalid_name"},
        {"POST", QStringLiteral("/api/users"), R"({"name":"dave","role":"root"})", 400, "invalid_role"},
        {"POST", QStringLiteral("/api/users"), R"({"name":"dave"})", 400, "invalid_role"},
        {"POST", QStringLiteral("/api/users"), R"({"name":"dave",)", 400, "invalid_json"},
        {"POST", QStringLiteral("/api/users/dave/token"), {}, 404, "user_not_found"},
        {"DELETE", QStringLiteral("/api/users/dave"), {}, 404, "user_not_found"},
        {"DELETE", QStringLiteral("/api/users/BOB"), {}, 404, "user_not_found"},
    };
    for (const auto &refusal : refusals) {
        r = call(QStringLiteral("admin"), refusal.method, refusal.path, refusal.body);
        QVERIFY2(r.status == refusal.status, r.body.constData());
        QCOMPARE(r.errorCode(), QLatin1String(refusal.code));
    }
    QCOMPARE(h->server()->users()->currentTokenHashes(), before);

    // Removed: the token stops at once.
    r = call(QStringLiteral("admin"), "DELETE", QStringLiteral("/api/users/carol"));
    QCOMPARE(r.status, 200);
    QCOMPARE(call(QStringLiteral("carol"), "GET", QStringLiteral("/api/me")).status, 401);
}

void tst_Roles::callEventsOnlyOwnCalls()
{
    QList<QByteArray> alice, bob, sue;
    auto aliceWs =
        h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("alice")), &alice);
    auto bobWs = h->openWebSocket(QStringLiteral("/call-events"), &bob, as(QStringLiteral("bob")));
    auto sueWs = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("sue")), &sue);
    QVERIFY(aliceWs && bobWs && sueWs);
    QTest::qWait(100); // the server has taken all three

    // Webhooks for both calls, and a mute of each (events Switchboard makes itself).
    for (const QString &id : {m_aliceCall, m_bobCall}) {
        QCOMPARE(h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.answered"), id,
                                                        QStringLiteral("2026-03-10T14:02:01.000000Z")))
                     .status,
                 200);
    }
    QCOMPARE(call(QStringLiteral("alice"), "POST", QStringLiteral("/api/calls/telnyx/%1/mute").arg(m_aliceCall)).status,
             200);
    QCOMPARE(call(QStringLiteral("bob"), "POST", QStringLiteral("/api/calls/telnyx/%1/mute").arg(m_bobCall)).status,
             200);
    // An event of a call nobody knows: no agent hears it.
    h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.initiated"), QStringLiteral("v3:unknown"),
                                           QStringLiteral("2026-03-10T14:02:02.000000Z")));
    // An event that overtook Telnyx's answer to alice's dial: the call's record does not name her yet, the
    // client_state our dial wrote does.
    QJsonObject early = QJsonDocument::fromJson(ServerHarness::envelope(uuid(), QStringLiteral("call.initiated"),
                                                                        QStringLiteral("v3:early"),
                                                                        QStringLiteral("2026-03-10T14:02:03.000000Z")))
                            .object();
    QJsonObject earlyData = early.value(QLatin1String("data")).toObject();
    QJsonObject earlyPayload = earlyData.value(QLatin1String("payload")).toObject();
    earlyPayload.insert(QStringLiteral("client_state"),
                        QString::fromLatin1(QByteArray(R"({"agentId":"alice","ts":1})").toBase64()));
    earlyData.insert(QStringLiteral("payload"), earlyPayload);
    early.insert(QStringLiteral("data"), earlyData);
    QCOMPARE(h->sendWebhook(QJsonDocument(early).toJson(QJsonDocument::Compact)).status, 200);
    QTRY_COMPARE(sue.size(), 6);
    QTRY_COMPARE(alice.size(), 3);
    QTRY_COMPARE(bob.size(), 2);
    QTest::qWait(200); // nothing more comes
    QCOMPARE(alice.size(), 3);
    QCOMPARE(bob.size(), 2);
    QVERIFY(alice.last().contains("v3:early"));
    for (const QByteArray &frame : alice.first(2)) {
        QVERIFY(frame.contains(m_aliceCall.toUtf8()));
        QVERIFY(!frame.contains(m_bobCall.toUtf8()));
    }
    for (const QByteArray &frame : std::as_const(bob)) {
        QVERIFY(frame.contains(m_bobCall.toUtf8()));
        QVERIFY(!frame.contains("v3:early"));
        QVERIFY(!frame.contains(m_aliceCall.toUtf8()));
    }
    QCOMPARE(h->server()->callEvents()->clientCount(), 3);
}

// CONTRACT §9 "Presence", from the desks' /call-events connections, the users' choice and their live calls; seen by
// supervisors (GET /api/presence, presence.changed), never by agents.
void tst_Roles::presenceFollowsDesksAndCalls()
{
    QList<QByteArray> sue, alice;
    auto sueWs = h->openWebSocket(
        QStringLiteral("/call-events?presence=1&token=") + m_tokens.value(QStringLiteral("sue")), &sue);
    QVERIFY(sueWs);
    const auto lastPresence = [&sue](const QString &name) {
        for (qsizetype i = sue.size() - 1; i >= 0; --i) {
            const QJsonObject event = QJsonDocument::fromJson(sue.at(i)).object();
            const QJsonObject payload = event.value(QLatin1String("payload")).toObject();
            if (event.value(QLatin1String("type")).toString() == QLatin1String("presence.changed") &&
                payload.value(QLatin1String("name")).toString() == name)
                return payload;
        }
        return QJsonObject();
    };
    const auto team = [this] {
        QHash<QString, QJsonObject> byName;
        const HttpResult r = call(QStringLiteral("sue"), "GET", QStringLiteral("/api/presence"));
        for (const QJsonValue &v : r.json.value(QLatin1String("data")).toArray())
            byName.insert(v.toObject().value(QLatin1String("name")).toString(), v.toObject());
        return byName;
    };
    QTRY_COMPARE(lastPresence(QStringLiteral("sue")).value(QLatin1String("status")).toString(),
                 QStringLiteral("available"));

    // alice's desk connects: she is on the call she dialled (init), so busy with it.
    auto aliceWs =
        h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("alice")), &alice);
    QVERIFY(aliceWs);
    QTRY_VERIFY(lastPresence(QStringLiteral("alice")).value(QLatin1String("connected")).toBool());
    QJsonObject a = lastPresence(QStringLiteral("alice"));
    QCOMPARE(a.value(QLatin1String("status")).toString(), QStringLiteral("busy"));
    QCOMPARE(a.value(QLatin1String("callControlId")).toString(), m_aliceCall);
    QCOMPARE(a.value(QLatin1String("role")).toString(), QStringLiteral("agent"));
    QVERIFY(QDateTime::fromString(a.value(QLatin1String("since")).toString(), Qt::ISODateWithMs).isValid());

    // The whole team: the users never seen are away and signed out; bob is busy (his dial) but not signed in.
    QHash<QString, QJsonObject> all = team();
    QCOMPARE(all.size(), 4);
    QCOMPARE(all.value(QStringLiteral("ada")).value(QLatin1String("status")).toString(), QStringLiteral("away"));
    QCOMPARE(all.value(QStringLiteral("ada")).value(QLatin1String("connected")).toBool(true), false);
    QCOMPARE(all.value(QStringLiteral("bob")).value(QLatin1String("status")).toString(), QStringLiteral("busy"));
    QCOMPARE(all.value(QStringLiteral("bob")).value(QLatin1String("connected")).toBool(true), false);
    QCOMPARE(all.value(QStringLiteral("sue")).value(QLatin1String("status")).toString(), QStringLiteral("available"));
    QCOMPARE(all.value(QStringLiteral("alice")).value(QLatin1String("status")).toString(), QStringLiteral("busy"));

    // Her call ends: available again (her desk came to work).
    QCOMPARE(h->sendWebhook(ServerHarness::envelope(uuid(), QStringLiteral("call.hangup"), m_aliceCall,
                                                    QStringLiteral("2026-03-10T14:05:00.000000Z")))
                 .status,
             200);
    QTRY_COMPARE(lastPresence(QStringLiteral("alice")).value(QLatin1String("status")).toString(),
                 QStringLiteral("available"));
    QVERIFY(lastPresence(QStringLiteral("alice")).value(QLatin1String("callControlId")).isNull());

    // Her choice: away; a status that cannot be chosen is refused and changes nothing.
    HttpResult r = call(QStringLiteral("alice"), "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(data(r).value(QLatin1String("status")).toString(), QStringLiteral("away"));
    QTRY_COMPARE(lastPresence(QStringLiteral("alice")).value(QLatin1String("status")).toString(),
                 QStringLiteral("away"));
    for (const QByteArray &body : {QByteArray(R"({"status":"busy"})"), QByteArray(R"({"status":7})"),
                                   QByteArray(R"({})"), QByteArray("not json")}) {
        r = call(QStringLiteral("alice"), "POST", QStringLiteral("/api/me/presence"), body);
        QCOMPARE(r.status, 400);
    }
    QCOMPARE(team().value(QStringLiteral("alice")).value(QLatin1String("status")).toString(), QStringLiteral("away"));

    // Her desk goes: signed out at once (away after 30 s, tst_presenceboard).
    aliceWs.reset();
    QTRY_COMPARE(lastPresence(QStringLiteral("alice")).value(QLatin1String("connected")).toBool(true), false);

    // An agent hears nobody's presence, not even her own, even when she asks; nor does a supervisor who did not ask.
    QList<QByteArray> bob, sueCallsOnly;
    auto bobWs = h->openWebSocket(
        QStringLiteral("/call-events?presence=1&token=") + m_tokens.value(QStringLiteral("bob")), &bob);
    auto sueCallsWs =
        h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("sue")), &sueCallsOnly);
    QVERIFY(bobWs && sueCallsWs);
    r = call(QStringLiteral("bob"), "POST", QStringLiteral("/api/me/presence"), R"({"status":"away"})");
    QCOMPARE(r.status, 200);
    QTRY_COMPARE(lastPresence(QStringLiteral("bob")).value(QLatin1String("status")).toString(),
                 QStringLiteral("busy")); // his dial of init() is live
    QTest::qWait(100);
    for (const QList<QByteArray> *frames : {&alice, &bob, &sueCallsOnly}) {
        for (const QByteArray &frame : *frames)
            QVERIFY2(!frame.contains("presence"), frame.constData());
    }
}

void tst_Roles::frontendAudioOnlyOwnCalls()
{
    const QString alice = m_tokens.value(QStringLiteral("alice"));
    // Another agent's call, or one that does not exist: refused with 1008, nothing sent.
    for (const QString &target : {m_bobCall, QStringLiteral("v3:unknown")}) {
        QList<QByteArray> heard;
        auto ws = h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(target, alice), &heard);
        if (ws) {
            QSignalSpy closed(ws.get(), &QWebSocket::disconnected);
            QVERIFY(closed.wait(3000) || ws->state() == QAbstractSocket::UnconnectedState);
            QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        }
        QVERIFY(heard.isEmpty());
    }
    QCOMPARE(h->server()->fanout()->listenerCount(), 0);

    // Her own call by name, every call she may hear, and a supervisor's view of all.
    QList<QByteArray> own, mine, all;
    auto ownWs = h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(m_aliceCall, alice), &own);
    auto mineWs = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + alice, &mine);
    auto allWs =
        h->openWebSocket(QStringLiteral("/frontend-audio?token=") + m_tokens.value(QStringLiteral("sue")), &all);
    QVERIFY(ownWs && mineWs && allWs);
    QTRY_COMPARE(h->server()->fanout()->listenerCount(), 3);

    // Both calls' media streams, as Telnyx opens them.
    auto streamA = h->openWebSocket(QStringLiteral("/audio-stream?token=") +
                                    QString::fromLatin1(QUrl::toPercentEncoding(streamTokenOf(m_aliceCall))));
    auto streamB = h->openWebSocket(QStringLiteral("/audio-stream?token=") +
                                    QString::fromLatin1(QUrl::toPercentEncoding(streamTokenOf(m_bobCall))));
    QVERIFY(streamA && streamB);
    streamA->sendTextMessage(QString::fromUtf8(startFrame(m_aliceCall, QStringLiteral("stream-A"))));
    streamB->sendTextMessage(QString::fromUtf8(startFrame(m_bobCall, QStringLiteral("stream-B"))));
    for (int i = 0; i < 3; ++i) {
        streamA->sendTextMessage(QString::fromUtf8(mediaFrame(QStringLiteral("stream-A"), i)));
        streamB->sendTextMessage(QString::fromUtf8(mediaFrame(QStringLiteral("stream-B"), i)));
    }
    QTRY_COMPARE(all.size(), 1 + 2 * 4); // connected, then both calls' start and media
    QTRY_COMPARE(own.size(), 1 + 4);
    QTRY_COMPARE(mine.size(), 1 + 4);
    QTest::qWait(100);
    for (const auto *heard : {&own, &mine}) {
        QCOMPARE(heard->size(), 5);
        for (const QByteArray &frame : *heard)
            QVERIFY2(!frame.contains("stream-B") && !frame.contains(m_bobCall.toUtf8()), frame.constData());
    }
    QCOMPARE(h->server()->fanout()->listenerCount(m_bobCall), 1); // sue's
    QCOMPARE(h->server()->fanout()->listenerCount(m_aliceCall), 3);
}

void tst_Roles::rotationClosesSocketsAndStopsTheToken()
{
    const QString old = m_tokens.value(QStringLiteral("alice"));
    auto events = h->openWebSocket(QStringLiteral("/call-events?token=") + old);
    auto audio = h->openWebSocket(QStringLiteral("/frontend-audio?token=") + old);
    auto others = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("bob")));
    QVERIFY(events && audio && others);
    QTRY_COMPARE(h->server()->fanout()->listenerCount(), 1);
    QSignalSpy eventsClosed(events.get(), &QWebSocket::disconnected);
    QSignalSpy audioClosed(audio.get(), &QWebSocket::disconnected);
    QSignalSpy othersClosed(others.get(), &QWebSocket::disconnected);

    QElapsedTimer clock;
    clock.start();
    const auto r = call(QStringLiteral("admin"), "POST", QStringLiteral("/api/users/alice/token"));
    QCOMPARE(r.status, 200);
    const QString fresh = r.json.value(QLatin1String("token")).toString();
    QVERIFY(!fresh.isEmpty() && fresh != old);
    QTRY_VERIFY_WITH_TIMEOUT(!eventsClosed.isEmpty() && !audioClosed.isEmpty(), 1000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(events->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(audio->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTest::qWait(100);
    QVERIFY(othersClosed.isEmpty()); // bob's socket stays

    QCOMPARE(h->request("GET", QStringLiteral("/api/me?token=") + old, {}, {}, false).status, 401);
    QCOMPARE(h->request("GET", QStringLiteral("/api/me?token=") + fresh, {}, {}, false).status, 200);
    QList<QByteArray> heard;
    auto refused = h->openWebSocket(QStringLiteral("/call-events?token=") + old, &heard);
    if (refused) {
        QSignalSpy closed(refused.get(), &QWebSocket::disconnected);
        QVERIFY(closed.wait(3000) || refused->state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(refused->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
    QVERIFY(heard.isEmpty());
}

void tst_Roles::removalElsewhereClosesSocketsWithinASecond()
{
    // The command line changes the database from another process: the server notices within a second.
    auto events = h->openWebSocket(QStringLiteral("/call-events?token=") + m_tokens.value(QStringLiteral("bob")));
    QVERIFY(events);
    QTest::qWait(50);
    QSignalSpy closed(events.get(), &QWebSocket::disconnected);
    QString error;
    const std::optional<sb::DatabaseUrl> database = sb::DatabaseUrl::parse(h->databaseUrl(), &error);
    QVERIFY2(database, qPrintable(error));
    UserStore elsewhere(*database);
    QVERIFY2(elsewhere.open(&error), qPrintable(error));
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(elsewhere.remove(QStringLiteral("bob")), UserStore::Outcome::Done);
    QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty(), 1000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(events->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(call(QStringLiteral("bob"), "GET", QStringLiteral("/api/me")).status, 401);
}

void tst_Roles::userTokensNeverLogged()
{
    QStringList log;
    g_log = &log;
    QLoggingCategory::setFilterRules(QStringLiteral("switchboard.*=true\nqt.*=false"));
    const auto previous = qInstallMessageHandler(captureMessage);

    auto r = call(QStringLiteral("admin"), "POST", QStringLiteral("/api/users"), R"({"name":"carol","role":"agent"})");
    const QString created = r.json.value(QLatin1String("token")).toString();
    m_tokens.insert(QStringLiteral("carol"), created);
    call(QStringLiteral("carol"), "GET", QStringLiteral("/api/me"));
    h->request("GET", QStringLiteral("/api/calls?token=") + created, {}, {}, false);
    auto events = h->openWebSocket(QStringLiteral("/call-events?token=") + created);
    auto refused = h->openWebSocket(QStringLiteral("/frontend-audio?call=%1&token=%2").arg(m_bobCall, created));
    r = call(QStringLiteral("admin"), "POST", QStringLiteral("/api/users/carol/token"));
    const QString rotated = r.json.value(QLatin1String("token")).toString();
    QTest::qWait(200);
    h->request("GET", QStringLiteral("/api/me?token=") + created, {}, {}, false); // the old one, refused
    dialAs(QStringLiteral("alice"));

    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    g_log = nullptr;
    QVERIFY2(log.size() > 5, "the run logged something");
    const QString all = log.join(QLatin1Char('\n'));
    QVERIFY(all.contains(QLatin1String("carol"))); // names are logged, tokens never
    QVERIFY(!created.isEmpty() && !rotated.isEmpty());
    for (const QString &secret : {created, rotated, m_tokens.value(QStringLiteral("alice"))})
        QVERIFY2(!all.contains(secret), qPrintable(QStringLiteral("a token was logged: ") + secret.left(6)));
}

QProcess *tst_Roles::runCli(const QStringList &arguments)
{
    auto *process = new QProcess(this);
    process->setProgram(QStringLiteral(SWITCHBOARD_BINARY));
    // The server's database; a config file of the test's own (never the user's).
    const QString config = QFileInfo(h->databasePath()).dir().filePath(QStringLiteral("cli.conf"));
    if (!QFileInfo::exists(config)) {
        QFile file(config);
        file.open(QIODevice::WriteOnly);
    }
    process->setArguments(
        QStringList{QStringLiteral("user")} + arguments +
        QStringList{QStringLiteral("--config"), config, QStringLiteral("--database"), h->databaseUrl()});
    process->start();
    process->waitForFinished(30000);
    return process;
}

void tst_Roles::commandLine()
{
    QProcess *add = runCli(
        {QStringLiteral("add"), QStringLiteral("carol"), QStringLiteral("--role"), QStringLiteral("supervisor")});
    QCOMPARE(add->exitStatus(), QProcess::NormalExit);
    QVERIFY2(add->exitCode() == 0, add->readAllStandardError().constData());
    const QList<QByteArray> lines = add->readAllStandardOutput().trimmed().split('\n');
    const QString token = QString::fromLatin1(lines.last());
    QVERIFY(token.size() >= 22);
    QVERIFY(!token.contains(QLatin1Char(' ')));
    // The running server takes it at once (same database).
    auto r = h->request("GET", QStringLiteral("/api/me?token=") + token, {}, {}, false);
    QCOMPARE(r.status, 200);
    QCOMPARE(data(r).value(QLatin1String("role")).toString(), QStringLiteral("supervisor"));

    QProcess *list = runCli({QStringLiteral("list")});
    QCOMPARE(list->exitCode(), 0);
    const QByteArray listed = list->readAllStandardOutput() + list->readAllStandardError();
    QVERIFY(listed.contains("carol"));
    QVERIFY(listed.contains("supervisor"));
    QVERIFY(listed.contains("alice"));
    QVERIFY(!listed.contains(token.toLatin1()));
    for (const QString &t : std::as_const(m_tokens))
        QVERIFY(!listed.contains(t.toUtf8()));

    QProcess *rotate = runCli({QStringLiteral("token"), QStringLiteral("carol")});
    QCOMPARE(rotate->exitCode(), 0);
    const QString fresh = QString::fromLatin1(rotate->readAllStandardOutput().trimmed().split('\n').last());
    QVERIFY(fresh.size() >= 22 && fresh != token);
    QCOMPARE(h->request("GET", QStringLiteral("/api/me?token=") + token, {}, {}, false).status, 401);
    QCOMPARE(h->request("GET", QStringLiteral("/api/me?token=") + fresh, {}, {}, false).status, 200);

    QProcess *remove = runCli({QStringLiteral("remove"), QStringLiteral("carol")});
    QCOMPARE(remove->exitCode(), 0);
    QVERIFY(!remove->readAllStandardOutput().contains(fresh.toLatin1()));
    QCOMPARE(h->request("GET", QStringLiteral("/api/me?token=") + fresh, {}, {}, false).status, 401);
}

void tst_Roles::commandLineErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown user, token") << QStringList{"token", "nobody"} << QStringLiteral("nobody");
    QTest::newRow("unknown user, remove") << QStringList{"remove", "nobody"} << QStringLiteral("nobody");
    QTest::newRow("bad name") << QStringList{"add", "Bad Name", "--role", "agent"} << QStringLiteral("Bad Name");
    QTest::newRow("duplicate") << QStringList{"add", "alice", "--role", "agent"} << QStringLiteral("exists");
    QTest::newRow("bad role") << QStringList{"add", "dave", "--role", "root"} << QStringLiteral("root");
    QTest::newRow("no role") << QStringList{"add", "dave"} << QStringLiteral("--role");
    QTest::newRow("no name") << QStringList{"token"} << QStringLiteral("NAME");
    QTest::newRow("unknown command") << QStringList{"rename", "alice"} << QStringLiteral("rename");
}

void tst_Roles::commandLineErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto before = h->server()->users()->currentTokenHashes();
    QProcess *run = runCli(arguments);
    QCOMPARE(run->exitStatus(), QProcess::NormalExit);
    QVERIFY(run->exitCode() != 0);
    const QString stderrText = QString::fromUtf8(run->readAllStandardError());
    QVERIFY2(stderrText.contains(message), qPrintable(stderrText));
    QVERIFY(run->readAllStandardOutput().trimmed().isEmpty());
    QCOMPARE(h->server()->users()->currentTokenHashes(), before);
}

QTEST_GUILESS_MAIN(tst_Roles)
#include "tst_roles.moc"
