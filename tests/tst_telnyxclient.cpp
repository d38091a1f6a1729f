// SPDX-License-Identifier: MIT
// TelnyxClient against FakeTelnyx over real loopback HTTP: what goes on the wire, how answers and
// failures come back, and that callbacks respect their context's lifetime.
#include "FakeTelnyx.h"
#include "telnyx/TelnyxClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace std::chrono_literals;
using sb::DialRequest;
using sb::TelnyxClient;
using sb::TelnyxError;
using sb::TelnyxResult;
using sb::test::FakeTelnyx;

namespace {

constexpr auto kApiKey = "KEY0123-test-secret-api-key";
constexpr auto kStreamToken = "stream-token-6f1d2c3b4a5e";

// Collects what a callback received; shared so a callback outliving the test body stays safe.
struct Outcome {
    int calls = 0;
    TelnyxResult result;
};

TelnyxClient::Callback recordInto(const std::shared_ptr<Outcome> &outcome)
{
    return [outcome](const TelnyxResult &result) {
        ++outcome->calls;
        outcome->result = result;
    };
}

DialRequest sampleDial()
{
    DialRequest request;
    request.connectionId = QStringLiteral("2811212257810187875");
    request.to = QStringLiteral("+15551234567");
    request.from = QStringLiteral("+15557654321");
    request.streamUrl = QStringLiteral("wss://media.example.com/audio-stream");
    request.streamAuthToken = QString::fromLatin1(kStreamToken);
    request.clientState = QStringLiteral("eyJhZ2VudElkIjoiYWdlbnQtNyJ9");
    return request;
}

bool isUuid(const QJsonValue &value)
{
    return value.isString() && !QUuid::fromString(value.toString()).isNull() &&
           QUuid::fromString(value.toString()).toString(QUuid::WithoutBraces) == value.toString().toLower();
}

QByteArray headerValue(const FakeTelnyx::Request &request, const QByteArray &name)
{
    for (const auto &header : request.headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

const QByteArray kProtocolExample =
    R"({"errors":[{"code":"10016","title":"Phone number must be in +E164 format",)"
    R"("detail":"The 'to' parameter must be in E164 format.","source":{"pointer":"/to"}}]})";

// Log lines are gathered here while a test that checks for leaked secrets runs.
QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logLines << QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

class tst_TelnyxClient : public QObject {
    Q_OBJECT

private slots:
    void dialSendsEveryField();
    void commandIdIsFreshPerRequest();
    void baseUrlWithOrWithoutTrailingSlash_data();
    void baseUrlWithOrWithoutTrailingSlash();
    void actions_data();
    void actions();
    void fromHttp_data();
    void fromHttp();
    void httpErrorReachesCallback();
    void dialWithoutCallControlIdIsBadResponse();
    void actionWithNonJsonSuccessIsOk();
    void timeout();
    void unreachable();
    void destroyedContextGetsNoCallback();
    void destroyedClientCallsNothing();
    void notConfigured();
    void secretsAreNeverLogged();
    void fakeRefusesMissingAuthorization();
    void fakeScriptedAnswersAreFifoPerSuffix();
};

void tst_TelnyxClient::dialSendsEveryField()
{
    FakeTelnyx fake;
    QSignalSpy received(&fake, &FakeTelnyx::requestReceived);
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    QVERIFY(client.isConfigured());

    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 1);
    QCOMPARE(received.count(), 1);

    QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error.message));
    QCOMPARE(outcome->result.data.value("call_control_id").toString(), QStringLiteral("v3:fake-1"));
    QCOMPARE(fake.lastCallControlId(), QStringLiteral("v3:fake-1"));
    QCOMPARE(outcome->result.data.value("record_type").toString(), QStringLiteral("call"));

    const auto requests = fake.requestsTo(QStringLiteral("/calls"));
    QCOMPARE(requests.size(), 1);
    const FakeTelnyx::Request &request = requests.first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QStringLiteral("/v2/calls"));
    QCOMPARE(request.rawPath, QByteArray("/v2/calls"));
    QCOMPARE(request.authorization, QByteArray("Bearer ") + kApiKey);
    QVERIFY(request.contentType.startsWith("application/json"));
    QCOMPARE(headerValue(request, "accept"), QByteArray("application/json"));

    const QJsonObject body = request.body;
    QStringList keys = body.keys();
    keys.sort();
    QStringList expectedKeys{"client_state",
                             "command_id",
                             "connection_id",
                             "from",
                             "stream_auth_token",
                             "stream_bidirectional_codec",
                             "stream_bidirectional_mode",
                             "stream_bidirectional_sampling_rate",
                             "stream_codec",
                             "stream_track",
                             "stream_url",
                             "to"};
    QCOMPARE(keys, expectedKeys);

    const DialRequest sent = sampleDial();
    QCOMPARE(body.value("connection_id").toString(), sent.connectionId);
    QCOMPARE(body.value("to").toString(), sent.to);
    QCOMPARE(body.value("from").toString(), sent.from);
    QCOMPARE(body.value("stream_url").toString(), sent.streamUrl);
    QCOMPARE(body.value("stream_auth_token").toString(), sent.streamAuthToken);
    QCOMPARE(body.value("client_state").toString(), sent.clientState);
    QCOMPARE(body.value("stream_track").toString(), QStringLiteral("both_tracks"));
    QCOMPARE(body.value("stream_bidirectional_mode").toString(), QStringLiteral("rtp"));
    QCOMPARE(body.value("stream_codec").toString(), QStringLiteral("PCMU"));
    QCOMPARE(body.value("stream_bidirectional_codec").toString(), QStringLiteral("PCMU"));
    // A number, not the string "8000": Telnyx validates the type.
    QVERIFY(body.value("stream_bidirectional_sampling_rate").isDouble());
    QCOMPARE(body.value("stream_bidirectional_sampling_rate").toInteger(), 8000);
    QVERIFY2(isUuid(body.value("command_id")), qPrintable(body.value("command_id").toString()));
}

void tst_TelnyxClient::commandIdIsFreshPerRequest()
{
    FakeTelnyx fake;
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    client.dial(sampleDial(), this, recordInto(outcome));
    client.hangup(QStringLiteral("v3:x"), this, recordInto(outcome));
    client.hangup(QStringLiteral("v3:x"), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 4);

    QSet<QString> ids;
    for (const auto &request : fake.requests()) {
        QVERIFY(isUuid(request.body.value("command_id")));
        ids.insert(request.body.value("command_id").toString());
    }
    QCOMPARE(ids.size(), 4);
}

void tst_TelnyxClient::baseUrlWithOrWithoutTrailingSlash_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("no slash") << QString();
    QTest::newRow("one slash") << QStringLiteral("/");
    QTest::newRow("two slashes") << QStringLiteral("//");
}

void tst_TelnyxClient::baseUrlWithOrWithoutTrailingSlash()
{
    QFETCH(QString, suffix);
    FakeTelnyx fake;
    TelnyxClient client(QUrl(fake.baseUrl().toString() + suffix), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    client.hangup(QStringLiteral("v3:abc"), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 2);
    QCOMPARE(fake.requestsTo(QStringLiteral("/v2/calls")).size(), 1);
    QCOMPARE(fake.requestsTo(QStringLiteral("/v2/calls/v3:abc/actions/hangup")).size(), 1);
    for (const auto &request : fake.requests())
        QVERIFY2(!request.rawPath.contains("//"), request.rawPath.constData());
}

void tst_TelnyxClient::actions_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("callControlId");
    QTest::addColumn<QByteArray>("rawPath");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("fields"); // body fields besides command_id

    const QString plain = QStringLiteral("v3:Xk2pQ7rLm9sT4vW1yZ3aB5cD7eF9gH1jK3lM5nP7qR9sT1uV3wX5yZ");
    const QString slashy = QStringLiteral("v3:abc/def+1");
    const QString nasty = QStringLiteral("v3:a b?c#d%e");

    QTest::newRow("hangup") << "hangup" << plain << ("/v2/calls/" + plain.toLatin1() + "/actions/hangup")
                            << ("/v2/calls/" + plain + "/actions/hangup") << QJsonObject{};
    QTest::newRow("hangup, slash in id") << "hangup" << slashy << QByteArray("/v2/calls/v3:abc%2Fdef+1/actions/hangup")
                                         << QStringLiteral("/v2/calls/v3:abc/def+1/actions/hangup") << QJsonObject{};
    QTest::newRow("hangup, query and fragment characters in id")
        << "hangup" << nasty << QByteArray("/v2/calls/v3:a%20b%3Fc%23d%25e/actions/hangup")
        << QStringLiteral("/v2/calls/v3:a b?c#d%e/actions/hangup") << QJsonObject{};
    QTest::newRow("suppression_start") << "suppression_start" << slashy
                                       << QByteArray("/v2/calls/v3:abc%2Fdef+1/actions/suppression_start")
                                       << QStringLiteral("/v2/calls/v3:abc/def+1/actions/suppression_start")
                                       << QJsonObject{{"direction", "both"}};
    QTest::newRow("suppression_stop") << "suppression_stop" << plain
                                      << ("/v2/calls/" + plain.toLatin1() + "/actions/suppression_stop")
                                      << ("/v2/calls/" + plain + "/actions/suppression_stop") << QJsonObject{};
    QTest::newRow("send_dtmf") << "send_dtmf" << slashy << QByteArray("/v2/calls/v3:abc%2Fdef+1/actions/send_dtmf")
                               << QStringLiteral("/v2/calls/v3:abc/def+1/actions/send_dtmf")
                               << QJsonObject{{"digits", "12*#w9"}};
}

void tst_TelnyxClient::actions()
{
    QFETCH(QString, action);
    QFETCH(QString, callControlId);
    QFETCH(QByteArray, rawPath);
    QFETCH(QString, path);
    QFETCH(QJsonObject, fields);

    FakeTelnyx fake;
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    if (action == QLatin1String("hangup"))
        client.hangup(callControlId, this, recordInto(outcome));
    else if (action == QLatin1String("suppression_start"))
        client.suppressionStart(callControlId, this, recordInto(outcome));
    else if (action == QLatin1String("suppression_stop"))
        client.suppressionStop(callControlId, this, recordInto(outcome));
    else if (action == QLatin1String("send_dtmf"))
        client.sendDtmf(callControlId, fields.value("digits").toString(), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 1);
    QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error.message));
    QCOMPARE(outcome->result.data.value("result").toString(), QStringLiteral("ok"));

    QCOMPARE(fake.requests().size(), 1);
    const FakeTelnyx::Request request = fake.requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.rawPath, rawPath);
    QCOMPARE(request.path, path);
    QCOMPARE(request.authorization, QByteArray("Bearer ") + kApiKey);
    QVERIFY(request.contentType.startsWith("application/json"));

    QJsonObject body = request.body;
    QVERIFY(isUuid(body.take("command_id")));
    QCOMPARE(body, fields);
}

void tst_TelnyxClient::fromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<QStringList>("avoids");

    QTest::newRow("docs/telnyx.md §3.4 example")
        << 422 << kProtocolExample << "10016"
        << QStringList{"422", "Phone number must be in +E164 format", "The 'to' parameter must be in E164 format."}
        << QStringList{"{", "errors"};
    QTest::newRow("several errors")
        << 422
        << QByteArray(R"({"errors":[{"code":"10004","title":"Missing required parameter","detail":"'to' is required"},)"
                      R"({"code":"10015","title":"Invalid connection_id"}]})")
        << "10004" << QStringList{"422", "Missing required parameter", "'to' is required", "Invalid connection_id"}
        << QStringList{"10015\""};
    QTest::newRow("missing detail") << 422
                                    << QByteArray(R"({"errors":[{"code":"90018","title":"Call has already ended"}]})")
                                    << "90018" << QStringList{"422", "Call has already ended"}
                                    << QStringList{"()", "null"};
    QTest::newRow("missing detail, pointer named")
        << 422
        << QByteArray(R"({"errors":[{"code":"10032","title":"Invalid value","source":{"pointer":"/stream_codec"}}]})")
        << "10032" << QStringList{"Invalid value", "/stream_codec"} << QStringList{};
    QTest::newRow("numeric code") << 400 << QByteArray(R"({"errors":[{"code":10004,"title":"Missing parameter"}]})")
                                  << "10004" << QStringList{"400", "Missing parameter"} << QStringList{};
    QTest::newRow("401") << 401
                         << QByteArray(R"({"errors":[{"code":"10009","title":"Authentication failed",)"
                                       R"("detail":"The required authentication headers were either invalid or not )"
                                       R"(included in the request."}]})")
                         << "10009" << QStringList{"401", "Authentication failed", "API key"} << QStringList{};
    QTest::newRow("403 empty") << 403 << QByteArray() << "http_403" << QStringList{"403", "Forbidden"} << QStringList{};
    QTest::newRow("404") << 404
                         << QByteArray(R"({"errors":[{"code":"90015","title":"Invalid Call Control ID",)"
                                       R"("detail":"The call_control_id provided was not valid."}]})")
                         << "90015" << QStringList{"404", "Invalid Call Control ID"} << QStringList{};
    QTest::newRow("429 plain text") << 429 << QByteArray("Rate limit exceeded\n") << "http_429"
                                    << QStringList{"429", "Rate limit exceeded", "try again"} << QStringList{};
    QTest::newRow("HTML 502") << 502
                              << QByteArray("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                                            "<body><h1>Bad Gateway</h1></body></html>")
                              << "http_502" << QStringList{"502", "Bad Gateway"} << QStringList{"<", "DOCTYPE"};
    QTest::newRow("empty 503") << 503 << QByteArray() << "http_503" << QStringList{"503", "Service Unavailable"}
                               << QStringList{};
    QTest::newRow("empty 500") << 500 << QByteArray("   ") << "http_500" << QStringList{"500"} << QStringList{};
    QTest::newRow("gateway JSON without errors[]")
        << 504 << QByteArray(R"({"message":"upstream request timeout"})") << "http_504"
        << QStringList{"504", "upstream request timeout"} << QStringList{"{"};
    QTest::newRow("empty errors array") << 422 << QByteArray(R"({"errors":[]})") << "http_422" << QStringList{"422"}
                                        << QStringList{"errors"};
    QTest::newRow("long plain text is cut")
        << 500 << QByteArray(2000, 'x') << "http_500" << QStringList{"500", "…"} << QStringList{QString(300, 'x')};
}

void tst_TelnyxClient::fromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QStringList, mentions);
    QFETCH(QStringList, avoids);

    const TelnyxError error = TelnyxError::fromHttp(status, body);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.code, code);
    QVERIFY(error.message.startsWith(QStringLiteral("Telnyx answered %1").arg(status)));
    for (const QString &text : mentions)
        QVERIFY2(error.message.contains(text), qPrintable(error.message + " lacks " + text));
    for (const QString &text : avoids)
        QVERIFY2(!error.message.contains(text), qPrintable(error.message + " contains " + text));
}

void tst_TelnyxClient::httpErrorReachesCallback()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/calls"), 422, kProtocolExample);
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 1);
    QVERIFY(!outcome->result.ok);
    QCOMPARE(outcome->result.error.httpStatus, 422);
    QCOMPARE(outcome->result.error.code, QStringLiteral("10016"));
    QVERIFY(outcome->result.error.message.contains(QStringLiteral("Phone number must be in +E164 format")));
}

void tst_TelnyxClient::dialWithoutCallControlIdIsBadResponse()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/calls"), 200, R"({"data":{"record_type":"call"}})");
    fake.respondNext(QStringLiteral("/calls"), 200, "OK");
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    for (int i = 0; i < 2; ++i) {
        auto outcome = std::make_shared<Outcome>();
        client.dial(sampleDial(), this, recordInto(outcome));
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result.ok);
        QCOMPARE(outcome->result.error.code, QStringLiteral("bad_response"));
        QVERIFY(!outcome->result.error.message.isEmpty());
    }
}

void tst_TelnyxClient::actionWithNonJsonSuccessIsOk()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/actions/hangup"), 200, "OK");
    fake.respondNext(QStringLiteral("/actions/hangup"), 204, QByteArray());
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    for (int i = 0; i < 2; ++i) {
        auto outcome = std::make_shared<Outcome>();
        client.hangup(QStringLiteral("v3:abc"), this, recordInto(outcome));
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY2(outcome->result.ok, qPrintable(outcome->result.error.message));
        QVERIFY(outcome->result.data.isEmpty());
    }
}

void tst_TelnyxClient::timeout()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/calls"), 200, R"({"data":{"call_control_id":"v3:late"}})", 2000);
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    client.setTimeout(300ms);

    auto outcome = std::make_shared<Outcome>();
    QElapsedTimer elapsed;
    elapsed.start();
    client.dial(sampleDial(), this, recordInto(outcome));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->calls, 1, 5000);
    QVERIFY2(elapsed.elapsed() < 1500, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY(!outcome->result.ok);
    QCOMPARE(outcome->result.error.code, QStringLiteral("timeout"));
    QCOMPARE(outcome->result.error.httpStatus, 0);
    QVERIFY(outcome->result.error.message.contains(QStringLiteral("300 ms")));

    // The late answer, when it finally comes, must not produce a second callback.
    QTest::qWait(2000);
    QCOMPARE(outcome->calls, 1);
}

void tst_TelnyxClient::unreachable()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } // closed: nothing listens there now

    TelnyxClient client(QUrl(QStringLiteral("http://127.0.0.1:%1/v2").arg(port)), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    auto actionOutcome = std::make_shared<Outcome>();
    client.hangup(QStringLiteral("v3:abc"), this, recordInto(actionOutcome));
    QTRY_COMPARE(outcome->calls, 1);
    QTRY_COMPARE(actionOutcome->calls, 1);
    for (const auto &result : {outcome->result, actionOutcome->result}) {
        QVERIFY(!result.ok);
        QCOMPARE(result.error.code, QStringLiteral("network_error"));
        QCOMPARE(result.error.httpStatus, 0);
        QVERIFY2(result.error.message.startsWith(QStringLiteral("Telnyx is unreachable: ")),
                 qPrintable(result.error.message));
    }
}

void tst_TelnyxClient::destroyedContextGetsNoCallback()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/calls"), 200, R"({"data":{"call_control_id":"v3:slow"}})", 200);
    fake.respondNext(QStringLiteral("/actions/hangup"), 200, R"({"data":{"result":"ok"}})", 200);
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));

    auto dropped = std::make_shared<Outcome>();
    auto droppedAction = std::make_shared<Outcome>();
    auto context = std::make_unique<QObject>();
    client.dial(sampleDial(), context.get(), recordInto(dropped));
    client.hangup(QStringLiteral("v3:abc"), context.get(), recordInto(droppedAction));
    context.reset();                         // the owner goes away while both requests are on their way
    QTRY_COMPARE(fake.requests().size(), 2); // they still reach Telnyx: a hangup must not be lost

    // A request made afterwards with a live context is answered; the late answers arrive too.
    auto sentinel = std::make_shared<Outcome>();
    client.hangup(QStringLiteral("v3:sentinel"), this, recordInto(sentinel));
    QTRY_COMPARE(sentinel->calls, 1);
    QTest::qWait(600);
    QCOMPARE(dropped->calls, 0);
    QCOMPARE(droppedAction->calls, 0);

    // A null context means "no owner": the callback runs.
    auto ownerless = std::make_shared<Outcome>();
    client.hangup(QStringLiteral("v3:abc"), nullptr, recordInto(ownerless));
    QTRY_COMPARE(ownerless->calls, 1);
}

void tst_TelnyxClient::destroyedClientCallsNothing()
{
    FakeTelnyx fake;
    // Far later than the client lives; the fake then finds the connection closed and writes nothing.
    fake.respondNext(QStringLiteral("/calls"), 200, R"({"data":{"call_control_id":"v3:slow"}})", 2000);
    auto outcome = std::make_shared<Outcome>();
    {
        TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
        client.dial(sampleDial(), this, recordInto(outcome));
        QTRY_COMPARE(fake.requests().size(), 1);
    }
    QTest::qWait(300);
    QCOMPARE(outcome->calls, 0);
}

void tst_TelnyxClient::notConfigured()
{
    FakeTelnyx fake;
    TelnyxClient client(fake.baseUrl(), QString());
    QVERIFY(!client.isConfigured());

    auto dialOutcome = std::make_shared<Outcome>();
    auto actionOutcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(dialOutcome));
    client.suppressionStart(QStringLiteral("v3:abc"), this, recordInto(actionOutcome));
    // Never synchronously: the caller's own code runs to its end first.
    QCOMPARE(dialOutcome->calls, 0);
    QCOMPARE(actionOutcome->calls, 0);
    QTRY_COMPARE(dialOutcome->calls, 1);
    QTRY_COMPARE(actionOutcome->calls, 1);
    for (const auto &result : {dialOutcome->result, actionOutcome->result}) {
        QVERIFY(!result.ok);
        QCOMPARE(result.error.code, QStringLiteral("not_configured"));
        QVERIFY(!result.error.message.isEmpty());
    }
    QTest::qWait(100);
    QCOMPARE(fake.requests().size(), 0);

    // The same holds for a context that dies before the queued failure is delivered.
    auto dropped = std::make_shared<Outcome>();
    auto context = std::make_unique<QObject>();
    client.hangup(QStringLiteral("v3:abc"), context.get(), recordInto(dropped));
    context.reset();
    QTest::qWait(50);
    QCOMPARE(dropped->calls, 0);
}

void tst_TelnyxClient::secretsAreNeverLogged()
{
    QLoggingCategory::setFilterRules(QStringLiteral("switchboard.*=true"));
    g_logLines.clear();
    g_previousHandler = qInstallMessageHandler(captureMessages);
    auto restore = qScopeGuard([] {
        qInstallMessageHandler(g_previousHandler);
        g_previousHandler = nullptr;
        QLoggingCategory::setFilterRules(QString());
    });

    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/actions/hangup"), 422, kProtocolExample);
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));
    auto outcome = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(outcome));
    client.hangup(QStringLiteral("v3:abc"), this, recordInto(outcome));
    QTRY_COMPARE(outcome->calls, 2);

    QVERIFY2(g_logLines.size() >= 2, "the client logs each request");
    for (const QString &line : std::as_const(g_logLines)) {
        QVERIFY2(!line.contains(QLatin1String(kApiKey)), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String(kStreamToken)), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String("Bearer"), Qt::CaseInsensitive), qPrintable(line));
    }
}

void tst_TelnyxClient::fakeRefusesMissingAuthorization()
{
    FakeTelnyx fake;
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(fake.baseUrl().toString() + "/calls"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = network.post(request, QByteArray("{}"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    const TelnyxError error = TelnyxError::fromHttp(401, reply->readAll());
    QCOMPARE(error.code, QStringLiteral("10009"));
    reply->deleteLater();
    QCOMPARE(fake.requests().size(), 1);
    QVERIFY(fake.requests().first().authorization.isEmpty());
    QVERIFY(fake.lastCallControlId().isEmpty());
}

void tst_TelnyxClient::fakeScriptedAnswersAreFifoPerSuffix()
{
    FakeTelnyx fake;
    fake.respondNext(QStringLiteral("/actions/hangup"), 500, R"({"errors":[{"code":"1","title":"first"}]})");
    fake.respondNext(QStringLiteral("/actions/hangup"), 503, R"({"errors":[{"code":"2","title":"second"}]})");
    TelnyxClient client(fake.baseUrl(), QString::fromLatin1(kApiKey));

    // A dial in between is not touched by answers scripted for another suffix.
    auto dial = std::make_shared<Outcome>();
    client.dial(sampleDial(), this, recordInto(dial));
    QTRY_COMPARE(dial->calls, 1);
    QVERIFY(dial->result.ok);

    const QStringList expected{"1", "2", QString()};
    for (const QString &code : expected) {
        auto outcome = std::make_shared<Outcome>();
        client.hangup(QStringLiteral("v3:abc"), this, recordInto(outcome));
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(outcome->result.ok, code.isEmpty());
        if (!code.isEmpty())
            QCOMPARE(outcome->result.error.code, code);
    }
    QCOMPARE(fake.requestsTo(QStringLiteral("/actions/hangup")).size(), 3);
    fake.clearRequests();
    QVERIFY(fake.requests().isEmpty());
}

QTEST_MAIN(tst_TelnyxClient)
#include "tst_telnyxclient.moc"
