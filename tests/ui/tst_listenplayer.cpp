// SPDX-License-Identifier: MIT
#include "ListenPlayer.h"

#include "ServerHarness.h"
#include "TestDatabase.h"
#include "users/UserStore.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

namespace {
QByteArray startFrame(const QString &callId)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")},
                                     {QStringLiteral("sequence_number"), QStringLiteral("1")},
                                     {QStringLiteral("stream_id"), QStringLiteral("stream-b")},
                                     {QStringLiteral("start"),
                                      QJsonObject{{QStringLiteral("call_control_id"), callId},
                                                  {QStringLiteral("media_format"),
                                                   QJsonObject{{QStringLiteral("encoding"), QStringLiteral("PCMU")},
                                                               {QStringLiteral("sample_rate"), 8000},
                                                               {QStringLiteral("channels"), 1}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray mediaFrame(int n)
{
    return QStringLiteral(
               R"({"event":"media","sequence_number":"%1","stream_id":"stream-b","media":{"track":"inbound","chunk":"%2","timestamp":"%3","payload":"%4"}})")
        .arg(n + 2)
        .arg(n + 1)
        .arg(n * 20)
        .arg(QString::fromLatin1(QByteArray(160, char(0x7F)).toBase64()))
        .toUtf8();
}
} // namespace

// ListenPlayer's reading of /frontend-audio frames (MediaFrame::parse) and its state, without a socket; then its
// socket against real servers: it comes back after a drop, follows a call taken over by another instance, and does
// not keep knocking where it may not listen.
class tst_ListenPlayer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { SB_REQUIRE_POSTGRESQL_IF_ASKED(); }
    void framesMoveTheState();
    void malformedFramesAreIgnored();
    void reconnectsWhenTheServerComesBack();
    void aCallItMayNotHearIsNotRetried();
    void followsACallTakenOverByAnotherInstance();
};

void tst_ListenPlayer::framesMoveTheState()
{
    ListenPlayer player;
    QCOMPARE(player.state(), ListenPlayer::State::NotListening);
    QCOMPARE(player.statusText(), QStringLiteral("Not listening"));
    QSignalSpy status(&player, &ListenPlayer::statusChanged);

    player.handleFrame(R"({"event":"connected","message":"Connected to audio stream"})");
    QCOMPARE(player.state(), ListenPlayer::State::NotListening);
    QCOMPARE(status.count(), 0);

    player.handleFrame(R"({"event":"start","start":{"media_format":{"encoding":"PCMA","sample_rate":8000}}})");
    QCOMPARE(player.state(), ListenPlayer::State::Listening);
    QCOMPARE(player.statusText(), QStringLiteral("Listening"));
    QCOMPARE(status.count(), 1);

    // 160 bytes of A-law silence on each track ("1VVV" is base64 of 0xD5 0x55 0x55).
    const QByteArray payload = QByteArray("1VVV").repeated(53) + "1Q==";
    player.handleFrame(R"({"event":"media","media":{"track":"inbound","payload":")" + payload + R"("}})");
    player.handleFrame(R"({"event":"media","media":{"track":"outbound_track","payload":")" + payload + R"("}})");
    QCOMPARE(player.framesReceived(), quint64(2));
    QCOMPARE(status.count(), 1); // still listening: no change

    player.handleFrame(R"({"event":"stop","stop":{}})");
    QCOMPARE(player.state(), ListenPlayer::State::StreamStopped);
    QCOMPARE(player.statusText(), QStringLiteral("The call's audio stream stopped."));

    // Audio again after a stop: listening again.
    player.handleFrame(R"({"event":"media","media":{"payload":")" + payload + R"("}})");
    QCOMPARE(player.state(), ListenPlayer::State::Listening);
    QCOMPARE(player.framesReceived(), quint64(3));
}

void tst_ListenPlayer::malformedFramesAreIgnored()
{
    ListenPlayer player;
    player.handleFrame("not json");
    player.handleFrame(R"({"event":"media","media":{"payload":"***"}})"); // not base64
    player.handleFrame(R"({"event":"media","media":{}})");                // no payload
    player.handleFrame(R"({"event":"media","media":{"payload":""}})");    // empty payload
    QCOMPARE(player.framesReceived(), quint64(0));
    QCOMPARE(player.state(), ListenPlayer::State::NotListening);
}

void tst_ListenPlayer::reconnectsWhenTheServerComesBack()
{
    ServerHarness server;
    QVERIFY(server.start());
    const quint16 port = server.server()->port();
    const QString id = server.dial();
    BackendClient backend;
    backend.setEndpoint(server.url(QString()), server.token());
    ListenPlayer player;
    player.setBackend(&backend);
    player.listen(id);
    QCOMPARE(player.state(), ListenPlayer::State::Connecting);
    QTRY_COMPARE(player.state(), ListenPlayer::State::WaitingForAudio);

    server.stop();
    QTRY_COMPARE(player.state(), ListenPlayer::State::Reconnecting);
    QCOMPARE(player.statusText(), QStringLiteral("Audio lost, reconnecting…"));
    QVERIFY(player.isListening());
    QTest::qWait(800); // refused attempts and unreachable records: still listening, still trying
    QCOMPARE(player.state(), ListenPlayer::State::Reconnecting);
    QVERIFY(server.start([port](Config &c) { c.port = port; }));
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), ListenPlayer::State::WaitingForAudio, ReconnectBackoff::kMaxMs + 2000);
    QCOMPARE(player.callControlId(), id);
}

void tst_ListenPlayer::aCallItMayNotHearIsNotRetried()
{
    ServerHarness server;
    QVERIFY(server.start());
    QString bobToken;
    QCOMPARE(server.server()->users()->add(QStringLiteral("bob"), Role::Agent, &bobToken), UserStore::Outcome::Done);
    const QString alicesCall = server.dial(QStringLiteral("+15551234567"), QStringLiteral("alice"));
    BackendClient backend;
    backend.setEndpoint(server.url(QString()), bobToken);
    ListenPlayer player;
    player.setBackend(&backend);
    QSignalSpy listening(&player, &ListenPlayer::listeningChanged);
    player.listen(alicesCall);
    // Refused after the upgrade; the record is not Bob's to read (404): listening stops, with the reason.
    QTRY_VERIFY(!player.isListening());
    QCOMPARE(player.state(), ListenPlayer::State::NotListening);
    QVERIFY2(player.problem().startsWith(QStringLiteral("Listening stopped: ")), qPrintable(player.problem()));
    QCOMPARE(listening.size(), 2); // on, then off
    QTest::qWait(1000);
    QVERIFY(!player.isListening());
    QCOMPARE(player.framesReceived(), quint64(0));
}

void tst_ListenPlayer::followsACallTakenOverByAnotherInstance()
{
    if (!sb::test::onPostgresql())
        QSKIP("several instances need PostgreSQL");
    ServerHarness a;
    QVERIFY(a.start());
    ServerHarness b;
    QVERIFY(b.startBeside(a));
    const QString id = a.dial();
    QCOMPARE(a.sendWebhook(ServerHarness::envelope(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                   QStringLiteral("call.answered"), id,
                                                   QStringLiteral("2026-12-04T10:00:01.000000Z")))
                 .status,
             200);
    // The supervisor's desk is connected to B; the call's media is on A, where listening starts.
    BackendClient backend;
    backend.setEndpoint(b.url(QString()), b.token());
    ListenPlayer player;
    player.setBackend(&backend);
    player.listen(id);
    QTRY_COMPARE(player.state(), ListenPlayer::State::WaitingForAudio);
    QCOMPARE(backend.callInstances().of(id), QUrl(a.server()->publicUrl()));

    a.stop(); // A is gone: B takes the call over within 5 s
    QTRY_COMPARE(player.state(), ListenPlayer::State::Reconnecting);
    const QString startPath = QStringLiteral("%1/actions/streaming_start").arg(id);
    QTRY_COMPARE_WITH_TIMEOUT(b.telnyx().requestsTo(startPath).size(), 1, 7000);
    // The listener finds the call at B (its record now names B) and is heard there.
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), ListenPlayer::State::WaitingForAudio, ReconnectBackoff::kMaxMs + 2000);
    QCOMPARE(backend.callInstances().of(id), QUrl(b.server()->publicUrl()));
    const QString token =
        b.telnyx().requestsTo(startPath).first().body.value(QLatin1String("stream_auth_token")).toString();
    auto stream =
        b.openWebSocket(QStringLiteral("/audio-stream"), nullptr, {{"x-telnyx-streaming-auth-token", token.toUtf8()}});
    QVERIFY(stream);
    stream->sendTextMessage(QString::fromUtf8(startFrame(id)));
    for (int n = 0; n < 10; ++n)
        stream->sendTextMessage(QString::fromUtf8(mediaFrame(n)));
    QTRY_COMPARE(player.framesReceived(), quint64(10));
    QCOMPARE(player.state(), ListenPlayer::State::Listening);
}

QTEST_MAIN(tst_ListenPlayer)
#include "tst_listenplayer.moc"
