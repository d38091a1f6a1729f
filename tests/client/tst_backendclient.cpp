// SPDX-License-Identifier: MIT
#include "ServerHarness.h"
#include "TestDatabase.h"
#include "client/BackendClient.h"
#include "client/BackendEndpoint.h"
#include "client/CallInstances.h"
#include "client/RestClient.h"
#include "users/UserSessions.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include <optional>

using namespace sb;
using sb::test::ServerHarness;

// The client library: the requests it builds, the answers and errors it reads, the token it carries, the
// WebSockets it opens. The UI tests cover what the dashboard makes of them.
class tst_BackendClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { SB_REQUIRE_POSTGRESQL_IF_ASKED(); }
    void endpointRequests();
    void restAnswersAndErrors();
    void unreachable();
    void callbackGuardedByContext();
    void perCallPaths();
    void eventsAndFrontendAudio();
    void regenerateToken();
    void callInstancesFromRecords();
    void mediaSocketsFollowTheCallsInstance();
};

namespace {
// Runs one request and waits for its answer.
std::optional<ApiReply> await(const std::function<void(QObject *context, RestClient::Callback)> &request)
{
    std::optional<ApiReply> answer;
    QObject context;
    request(&context, [&answer](const ApiReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
        return std::nullopt;
    return answer;
}
} // namespace

void tst_BackendClient::endpointRequests()
{
    const BackendEndpoint endpoint(QUrl(QStringLiteral("https://sb.example.com/desk/")), QStringLiteral("t0k"));
    QCOMPARE(endpoint.baseUrl(), QUrl(QStringLiteral("https://sb.example.com/desk")));

    const QNetworkRequest http = endpoint.httpRequest(QStringLiteral("/api/calls?limit=5&offset=10"));
    QCOMPARE(http.url().toString(), QStringLiteral("https://sb.example.com/desk/api/calls?limit=5&offset=10"));
    QCOMPARE(http.rawHeader("Authorization"), QByteArrayLiteral("Bearer t0k"));

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("tracks"), QStringLiteral("both"));
    const QNetworkRequest ws = endpoint.webSocketRequest(QStringLiteral("/frontend-audio"), query);
    QCOMPARE(ws.url().toString(), QStringLiteral("wss://sb.example.com/desk/frontend-audio?tracks=both"));
    QCOMPARE(ws.rawHeader("Authorization"), QByteArrayLiteral("Bearer t0k"));
    QCOMPARE(BackendEndpoint(QUrl(QStringLiteral("http://127.0.0.1:8000")), {})
                 .webSocketRequest(QStringLiteral("/call-events"))
                 .url()
                 .toString(),
             QStringLiteral("ws://127.0.0.1:8000/call-events"));

    QCOMPARE(BackendEndpoint::encodeId(QStringLiteral("v3:a/b c")), QStringLiteral("v3:a%2Fb%20c"));
}

void tst_BackendClient::restAnswersAndErrors()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    RestClient client;
    client.setEndpoint(BackendEndpoint(harness.url(QString()), harness.token()));

    auto listed = await([&](QObject *c, RestClient::Callback cb) { client.listCalls(10, 0, c, std::move(cb)); });
    QVERIFY(listed);
    QCOMPARE(listed->status, 200);
    QVERIFY(listed->ok());
    QVERIFY(listed->data().isArray());
    QVERIFY(listed->errorCode.isEmpty());

    auto dialled = await([&](QObject *c, RestClient::Callback cb) {
        client.initiate(QStringLiteral("+15551234567"), QStringLiteral("+15557654321"), QStringLiteral("agent-7"), c,
                        std::move(cb));
    });
    QVERIFY(dialled);
    QCOMPARE(dialled->status, 200);
    QVERIFY(!dialled->data().toObject().value(QLatin1String("callId")).toString().isEmpty());

    // The contract's error shape, read into errorCode and message.
    auto refused = await([&](QObject *c, RestClient::Callback cb) {
        client.initiate(QStringLiteral("5551234567"), QStringLiteral("+15557654321"), {}, c, std::move(cb));
    });
    QVERIFY(refused);
    QCOMPARE(refused->status, 400);
    QVERIFY(!refused->ok());
    QCOMPARE(refused->errorCode, QStringLiteral("invalid_to"));
    QVERIFY(refused->message.contains(QLatin1String("E.164")));

    // The token travels with every request: a wrong one is refused.
    client.setEndpoint(BackendEndpoint(harness.url(QString()), QStringLiteral("wrong")));
    auto unauthorized = await([&](QObject *c, RestClient::Callback cb) { client.listCalls(10, 0, c, std::move(cb)); });
    QVERIFY(unauthorized);
    QCOMPARE(unauthorized->status, 401);
    QCOMPARE(unauthorized->errorCode, QStringLiteral("unauthorized"));
}

void tst_BackendClient::unreachable()
{
    QTcpServer closed; // a port nobody listens on any more
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();

    RestClient client;
    client.setEndpoint(BackendEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QStringLiteral("t")));
    auto reply =
        await([&](QObject *c, RestClient::Callback cb) { client.get(QStringLiteral("/healthz"), c, std::move(cb)); });
    QVERIFY(reply);
    QCOMPARE(reply->status, 0);
    QCOMPARE(reply->errorCode, QStringLiteral("network_error"));
    QVERIFY(!reply->message.isEmpty());
}

void tst_BackendClient::callbackGuardedByContext()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    RestClient client;
    client.setEndpoint(BackendEndpoint(harness.url(QString()), harness.token()));

    bool called = false;
    bool guardCalled = false;
    auto context = std::make_unique<QObject>();
    client.listCalls(10, 0, context.get(), [&called](const ApiReply &) { called = true; });
    context.reset(); // gone before the answer arrives
    QObject alive;
    client.listCalls(10, 0, &alive, [&guardCalled](const ApiReply &) { guardCalled = true; });
    QTRY_VERIFY(guardCalled);
    QVERIFY(!called);
}

void tst_BackendClient::perCallPaths()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    RestClient client;
    client.setEndpoint(BackendEndpoint(harness.url(QString()), harness.token()));
    const QString id = harness.dial();
    QVERIFY(!id.isEmpty());

    auto fetched = await([&](QObject *c, RestClient::Callback cb) { client.fetchCall(id, c, std::move(cb)); });
    QVERIFY(fetched);
    QCOMPARE(fetched->status, 200);
    QCOMPARE(fetched->data().toObject().value(QLatin1String("callControlId")).toString(), id);

    auto muted = await([&](QObject *c, RestClient::Callback cb) { client.setMuted(id, true, c, std::move(cb)); });
    QVERIFY(muted);
    QCOMPARE(muted->status, 200);
    auto unmuted = await([&](QObject *c, RestClient::Callback cb) { client.setMuted(id, false, c, std::move(cb)); });
    QVERIFY(unmuted);
    QCOMPARE(unmuted->status, 200);

    auto unknown = await(
        [&](QObject *c, RestClient::Callback cb) { client.fetchCall(QStringLiteral("v3:nope"), c, std::move(cb)); });
    QVERIFY(unknown);
    QCOMPARE(unknown->status, 404);
    QCOMPARE(unknown->errorCode, QStringLiteral("call_not_found"));

    auto hungUp = await([&](QObject *c, RestClient::Callback cb) { client.hangup(id, c, std::move(cb)); });
    QVERIFY(hungUp);
    QCOMPARE(hungUp->status, 200);
}

void tst_BackendClient::eventsAndFrontendAudio()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    BackendClient backend;
    QSignalSpy health(&backend, &BackendClient::healthChanged);
    QSignalSpy events(&backend, &BackendClient::callEvent);
    backend.setEndpoint(harness.url(QString()), harness.token());
    backend.start();
    QTRY_VERIFY(backend.eventsConnected());
    QTRY_VERIFY(health.count() > 0);
    QVERIFY(backend.isReachable());
    QVERIFY(!backend.version().isEmpty());

    const QString id = harness.dial();
    QCOMPARE(harness.postJson(QStringLiteral("/api/calls/telnyx/%1/mute").arg(id), {}).status, 200);
    QTRY_VERIFY(!events.isEmpty());
    QCOMPARE(events.last().at(0).toString(), QStringLiteral("call.muted"));
    QCOMPARE(events.last().at(3).toJsonObject().value(QLatin1String("call_control_id")).toString(), id);

    // /frontend-audio with the token: the server greets with `connected`.
    QObject owner;
    QWebSocket *audio = backend.openFrontendAudio(id, true, &owner);
    QSignalSpy greeted(audio, &QWebSocket::textMessageReceived);
    QTRY_VERIFY(!greeted.isEmpty());
    QVERIFY(greeted.first().at(0).toString().contains(QLatin1String("\"connected\"")));

    // Without the right token the same socket is refused.
    BackendClient stranger;
    stranger.setEndpoint(harness.url(QString()), QStringLiteral("wrong"));
    QWebSocket *refused = stranger.openFrontendAudio(id, false, &owner);
    QSignalSpy closed(refused, &QWebSocket::disconnected);
    QTRY_VERIFY(!closed.isEmpty());
}

void tst_BackendClient::regenerateToken()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    BackendClient backend;
    backend.setEndpoint(harness.url(QString()), harness.token());
    backend.start();
    QTRY_VERIFY(backend.eventsConnected());
    const QString old = backend.token();
    QSignalSpy regenerated(&backend, &BackendClient::tokenRegenerated);
    backend.regenerateToken();
    QTRY_COMPARE(regenerated.count(), 1);
    QVERIFY(backend.token() != old);
    QCOMPARE(regenerated.first().at(0).toString(), backend.token());
    // The server closed the old token's /call-events; the client's is open again, with the new token.
    QTRY_VERIFY(backend.eventsConnected());
    QTest::qWait(1000);
    QVERIFY(backend.eventsConnected());
    QCOMPARE(harness.server()->userSessions()->adminCount(), 1);

    // The new token is in force at once and the client uses it.
    auto listed = await([&](QObject *c, RestClient::Callback cb) { backend.listCalls(1, 0, c, std::move(cb)); });
    QVERIFY(listed);
    QCOMPARE(listed->status, 200);
}

void tst_BackendClient::callInstancesFromRecords()
{
    CallInstances instances;
    const auto record = [](const QString &call, const QJsonValue &instance) {
        return QJsonObject{{QStringLiteral("callControlId"), call}, {QStringLiteral("instance"), instance}};
    };
    instances.note(record(QStringLiteral("v3:a"), QStringLiteral("https://sb.example.com/i2")));
    QCOMPARE(instances.of(QStringLiteral("v3:a")), QUrl(QStringLiteral("https://sb.example.com/i2")));
    // A list of records (GET /api/calls), and the latest word wins.
    instances.note(QJsonArray{record(QStringLiteral("v3:a"), QStringLiteral("http://10.0.0.3:8000")),
                              record(QStringLiteral("v3:b"), QStringLiteral("https://sb.example.com/i1"))});
    QCOMPARE(instances.of(QStringLiteral("v3:a")), QUrl(QStringLiteral("http://10.0.0.3:8000")));
    QCOMPARE(instances.of(QStringLiteral("v3:b")), QUrl(QStringLiteral("https://sb.example.com/i1")));
    // Nothing but http(s) URLs: the desk's token goes there.
    instances.note(record(QStringLiteral("v3:a"), QStringLiteral("file:///etc/passwd")));
    QVERIFY(instances.of(QStringLiteral("v3:a")).isEmpty());
    instances.note(record(QStringLiteral("v3:b"), QStringLiteral("")));
    QVERIFY(instances.of(QStringLiteral("v3:b")).isEmpty());
    // Records without an instance, and other answers, change nothing.
    instances.note(record(QStringLiteral("v3:c"), QStringLiteral("https://x.example.com")));
    instances.note(QJsonObject{{QStringLiteral("callControlId"), QStringLiteral("v3:c")}});
    instances.note(QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}});
    QCOMPARE(instances.of(QStringLiteral("v3:c")), QUrl(QStringLiteral("https://x.example.com")));
    QCOMPARE(instances.size(), 1);
    // A dial's answer: the stored record inside.
    instances.note(
        QJsonObject{{QStringLiteral("callId"), QStringLiteral("v3:d")},
                    {QStringLiteral("dbRecord"), record(QStringLiteral("v3:d"), QStringLiteral("http://h:1"))}});
    QCOMPARE(instances.of(QStringLiteral("v3:d")), QUrl(QStringLiteral("http://h:1")));
}

void tst_BackendClient::mediaSocketsFollowTheCallsInstance()
{
    if (!sb::test::onPostgresql())
        QSKIP("several instances need PostgreSQL");
    ServerHarness a;
    QVERIFY(a.start());
    ServerHarness b;
    QVERIFY(b.startBeside(a));
    // The desk is connected to B; the call's media is on A.
    BackendClient backend;
    backend.setEndpoint(b.url(QString()), b.token());
    const QString id = a.dial();
    QVERIFY(!id.isEmpty());
    QObject owner;
    // Not known yet: at B, which refuses it (409 before the upgrade).
    QWebSocket *elsewhere = backend.openFrontendAudio(id, true, &owner);
    QSignalSpy refused(elsewhere, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    QTRY_VERIFY(!refused.isEmpty());
    // Its record names A: the socket opens there.
    bool located = false;
    backend.locateCall(id, &owner, [&located] { located = true; });
    QTRY_VERIFY(located);
    QCOMPARE(backend.callInstances().of(id), QUrl(a.server()->publicUrl()));
    QCOMPARE(backend.mediaRequest(QStringLiteral("/agent-audio"), id, QUrlQuery(QStringLiteral("call=x"))).url(),
             QUrl(QStringLiteral("ws://127.0.0.1:%1/agent-audio?call=x").arg(a.server()->port())));
    QWebSocket *there = backend.openFrontendAudio(id, true, &owner);
    QSignalSpy greeted(there, &QWebSocket::textMessageReceived);
    QTRY_VERIFY(!greeted.isEmpty());
    QVERIFY(greeted.first().at(0).toString().contains(QLatin1String("\"connected\"")));
    // A list of calls says it as well.
    BackendClient other;
    other.setEndpoint(b.url(QString()), b.token());
    bool listed = false;
    other.listCalls(10, 0, &owner, [&listed](const ApiReply &) { listed = true; });
    QTRY_VERIFY(listed);
    QCOMPARE(other.callInstances().of(id), QUrl(a.server()->publicUrl()));
}

QTEST_GUILESS_MAIN(tst_BackendClient)
#include "tst_backendclient.moc"
