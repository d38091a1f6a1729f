// SPDX-License-Identifier: MIT
#include "ListenPlayer.h"

#include <QSignalSpy>
#include <QTest>

using namespace sb;

// ListenPlayer's reading of /frontend-audio frames (MediaFrame::parse) and its state, without a socket.
class tst_ListenPlayer : public QObject {
    Q_OBJECT
private slots:
    void framesMoveTheState();
    void malformedFramesAreIgnored();
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

QTEST_MAIN(tst_ListenPlayer)
#include "tst_listenplayer.moc"
