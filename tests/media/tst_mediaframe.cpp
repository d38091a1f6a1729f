// SPDX-License-Identifier: MIT
#include "media/MediaFrame.h"

// Qt
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

using namespace sb;

Q_DECLARE_METATYPE(sb::MediaFrameError)

namespace {
// 160 bytes of mu-law, the usual 20 ms frame.
QByteArray pcmuFrame()
{
    QByteArray bytes(160, Qt::Uninitialized);
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char(0xFF - i);
    return bytes;
}

QByteArray mediaJson(const QByteArray &track, const QByteArray &payloadBase64)
{
    return R"({"event":"media","sequence_number":"42","stream_id":"8c0f1b7e-2a55-4d0e-bf0e-6d8f4f1a9c33",)"
           R"("media":{"track":")" +
           track + R"(","chunk":"40","timestamp":"780","payload":")" + payloadBase64 + R"("}})";
}
} // namespace

class tst_MediaFrame : public QObject {
    Q_OBJECT

private slots:
    void protocolExamples();
    void tracks_data();
    void tracks();
    void connectedToken_data();
    void connectedToken();
    void malformed_data();
    void malformed();
    void counters_data();
    void counters();
    void base64_data();
    void base64();
    void escapedStrings();
    void hostileSizes();
    void randomMutationsNeverCrash();
    void outboundFrame_data();
    void outboundFrame();
};

void tst_MediaFrame::protocolExamples()
{
    // The frames of docs/telnyx.md §5.2, written out in full.
    MediaFrameError error;
    auto connected = MediaFrame::parse(R"({"event":"connected","version":"1.0.0"})", &error);
    QVERIFY(connected);
    QCOMPARE(error, MediaFrameError::None);
    QCOMPARE(connected->event, MediaFrame::Event::Connected);
    QCOMPARE(connected->version, QStringLiteral("1.0.0"));
    QVERIFY(!connected->sequenceNumber);

    auto start = MediaFrame::parse(
        R"({"event":"start","sequence_number":"1","stream_id":"8c0f1b7e-2a55-4d0e-bf0e-6d8f4f1a9c33",
 "start":{"user_id":"0b6f4f9e-7d1c-4c55-9a0e-3f2d1e0c9b87","call_control_id":"v3:Xk2pQ7rL",
  "call_session_id":"5d1e7a6c-fd9a-11f0-a1d4-02420a1f0b69","from":"+15557654321","to":"+15551234567",
  "tags":[],"client_state":"eyJhZ2VudElkIjoiYWdlbnQtNyJ9","custom_parameters":{},
  "media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})");
    QVERIFY(start);
    QCOMPARE(start->event, MediaFrame::Event::Start);
    QCOMPARE(start->sequenceNumber, std::optional<quint64>(1));
    QCOMPARE(start->streamId, QStringLiteral("8c0f1b7e-2a55-4d0e-bf0e-6d8f4f1a9c33"));
    QCOMPARE(start->callControlId, QStringLiteral("v3:Xk2pQ7rL"));
    QCOMPARE(start->callSessionId, QStringLiteral("5d1e7a6c-fd9a-11f0-a1d4-02420a1f0b69"));
    QCOMPARE(start->encoding, QStringLiteral("PCMU"));
    QCOMPARE(start->sampleRate, 8000);
    QCOMPARE(start->channels, 1);

    auto media = MediaFrame::parse(mediaJson("inbound", pcmuFrame().toBase64()));
    QVERIFY(media);
    QCOMPARE(media->event, MediaFrame::Event::Media);
    QCOMPARE(media->sequenceNumber, std::optional<quint64>(42));
    QCOMPARE(media->chunk, std::optional<quint64>(40));
    QCOMPARE(media->timestamp, std::optional<quint64>(780));
    QCOMPARE(media->playbackOrder(), std::optional<quint64>(40));
    QCOMPARE(media->track, MediaFrame::Track::Inbound);
    QCOMPARE(media->payload, pcmuFrame());

    auto dtmf = MediaFrame::parse(
        R"({"event":"dtmf","sequence_number":"97","stream_id":"8c0f1b7e","occurred_at":"2026-03-10T14:02:40.112233Z","dtmf":{"digit":"5"}})");
    QVERIFY(dtmf);
    QCOMPARE(dtmf->event, MediaFrame::Event::Dtmf);
    QCOMPARE(dtmf->dtmfDigit, QStringLiteral("5"));
    QCOMPARE(dtmf->sequenceNumber, std::optional<quint64>(97));

    auto mark = MediaFrame::parse(
        R"({"event":"mark","sequence_number":"98","stream_id":"8c0f1b7e","mark":{"name":"prompt-1-done"}})");
    QVERIFY(mark);
    QCOMPARE(mark->event, MediaFrame::Event::Mark);
    QCOMPARE(mark->markName, QStringLiteral("prompt-1-done"));

    auto err = MediaFrame::parse(
        R"({"event":"error","stream_id":"8c0f1b7e","payload":{"code":100003,"title":"malformed_frame","detail":"Received frame was not formed correctly"}})");
    QVERIFY(err);
    QCOMPARE(err->event, MediaFrame::Event::Error);
    QCOMPARE(err->errorCode, std::optional<qint64>(100003));
    QCOMPARE(err->errorTitle, QStringLiteral("malformed_frame"));
    QCOMPARE(err->errorDetail, QStringLiteral("Received frame was not formed correctly"));

    auto stop = MediaFrame::parse(
        R"({"event":"stop","sequence_number":"412","stream_id":"8c0f1b7e","stop":{"user_id":"0b6f4f9e","call_control_id":"v3:Xk2pQ7rL"}})");
    QVERIFY(stop);
    QCOMPARE(stop->event, MediaFrame::Event::Stop);
    QCOMPARE(stop->callControlId, QStringLiteral("v3:Xk2pQ7rL"));
    QCOMPARE(stop->sequenceNumber, std::optional<quint64>(412));

    // Without chunk, the playback order falls back to sequence_number.
    auto noChunk = MediaFrame::parse(R"({"event":"media","sequence_number":"7","media":{"payload":""}})");
    QVERIFY(noChunk);
    QCOMPARE(noChunk->playbackOrder(), std::optional<quint64>(7));
    QCOMPARE(noChunk->track, MediaFrame::Track::Unspecified);
    QVERIFY(noChunk->payload.isEmpty());
}

void tst_MediaFrame::tracks_data()
{
    QTest::addColumn<QByteArray>("track");
    QTest::addColumn<int>("expected"); // -1: BadTrack
    QTest::newRow("inbound") << QByteArray("inbound") << int(MediaFrame::Track::Inbound);
    QTest::newRow("inbound_track") << QByteArray("inbound_track") << int(MediaFrame::Track::Inbound);
    QTest::newRow("outbound") << QByteArray("outbound") << int(MediaFrame::Track::Outbound);
    QTest::newRow("outbound_track") << QByteArray("outbound_track") << int(MediaFrame::Track::Outbound);
    QTest::newRow("escaped inbound") << QByteArray(R"(in\u0062ound)") << int(MediaFrame::Track::Inbound);
    QTest::newRow("whisper") << QByteArray("whisper") << int(MediaFrame::Track::Whisper);
    QTest::newRow("Whisper") << QByteArray("Whisper") << -1;
    QTest::newRow("placeholder") << QByteArray("inbound/outbound") << -1;
    QTest::newRow("both") << QByteArray("both") << -1;
    QTest::newRow("case") << QByteArray("Inbound") << -1;
    QTest::newRow("empty") << QByteArray("") << -1;
}

void tst_MediaFrame::tracks()
{
    QFETCH(QByteArray, track);
    QFETCH(int, expected);
    MediaFrameError error;
    const auto frame = MediaFrame::parse(mediaJson(track, "/w=="), &error);
    if (expected < 0) {
        QVERIFY(!frame);
        QCOMPARE(error, MediaFrameError::BadTrack);
    } else {
        QVERIFY(frame);
        QCOMPARE(int(frame->track), expected);
        QCOMPARE(frame->payload, QByteArray("\xff", 1));
    }
}

void tst_MediaFrame::connectedToken_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("token");
    QTest::newRow("top level") << QByteArray(R"({"event":"connected","x-telnyx-streaming-auth-token":"tok-1"})")
                               << "tok-1";
    QTest::newRow("nested")
        << QByteArray(
               R"({"event":"connected","version":"1.0.0","connected":{"x-telnyx-streaming-auth-token":"tok-2"}})")
        << "tok-2";
    QTest::newRow("both: top wins")
        << QByteArray(
               R"({"event":"connected","connected":{"x-telnyx-streaming-auth-token":"in"},"x-telnyx-streaming-auth-token":"top"})")
        << "top";
    QTest::newRow("none") << QByteArray(R"({"event":"connected"})") << QString();
    QTest::newRow("token on another event is ignored")
        << QByteArray(R"({"event":"mark","x-telnyx-streaming-auth-token":"x"})") << QString();
}

void tst_MediaFrame::connectedToken()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, token);
    const auto frame = MediaFrame::parse(json);
    QVERIFY(frame);
    QCOMPARE(frame->authToken, token);
}

void tst_MediaFrame::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<MediaFrameError>("error");
    using E = MediaFrameError;
    const QByteArray good = mediaJson("inbound", "/w==");
    QTest::newRow("empty") << QByteArray() << E::NotJson;
    QTest::newRow("whitespace") << QByteArray(" \n\t") << E::NotJson;
    QTest::newRow("not json") << QByteArray("hello") << E::NotJson;
    QTest::newRow("truncated") << good.left(good.size() - 1) << E::NotJson;
    QTest::newRow("truncated mid string") << good.left(40) << E::NotJson;
    QTest::newRow("trailing garbage") << good + "x" << E::NotJson;
    QTest::newRow("two objects") << good + good << E::NotJson;
    QTest::newRow("trailing comma") << QByteArray(R"({"event":"mark",})") << E::NotJson;
    QTest::newRow("single quotes") << QByteArray(R"({'event':'mark'})") << E::NotJson;
    QTest::newRow("unquoted key") << QByteArray(R"({event:"mark"})") << E::NotJson;
    // QJsonDocument (6.4) accepts the next two; RFC 8259 does not, and neither do we.
    QTest::newRow("bare control char") << QByteArray("{\"event\":\"ma\x01rk\"}") << E::NotJson;
    QTest::newRow("bad escape") << QByteArray(R"({"event":"m\qark"})") << E::NotJson;
    QTest::newRow("short unicode escape") << QByteArray(R"({"event":"\u12"})") << E::NotJson;
    QTest::newRow("leading zero") << QByteArray(R"({"event":"mark","x":01})") << E::NotJson;
    QTest::newRow("bad number") << QByteArray(R"({"event":"mark","x":-})") << E::NotJson;
    // Numbers no double holds: QJsonDocument refuses them ("illegal number"), and so do we (found by the fuzzer).
    QTest::newRow("number too large") << QByteArray(R"({"event":"mark","x":-0.5e+106000})") << E::NotJson;
    QTest::newRow("number too small") << QByteArray(R"({"event":"mark","x":1e-400})") << E::NotJson;
    QTest::newRow("bad literal") << QByteArray(R"({"event":"mark","x":tru})") << E::NotJson;
    QTest::newRow("NaN") << QByteArray(R"({"event":"mark","x":NaN})") << E::NotJson;
    QTest::newRow("invalid utf-8") << QByteArray("{\"event\":\"mark\",\"x\":\"\xff\"}") << E::NotJson;
    QTest::newRow("overlong utf-8") << QByteArray("{\"event\":\"mark\",\"x\":\"\xc0\xaf\"}") << E::NotJson;
    QTest::newRow("utf-8 surrogate") << QByteArray("{\"event\":\"mark\",\"x\":\"\xed\xa0\x80\"}") << E::NotJson;
    QTest::newRow("truncated utf-8") << QByteArray("{\"event\":\"mark\",\"x\":\"\xe2\x82\"}") << E::NotJson;
    QTest::newRow("latin-1 outside string") << QByteArray("{\"event\":\"mark\"}\xe9") << E::NotJson;
    QTest::newRow("array") << QByteArray(R"([{"event":"mark"}])") << E::NotObject;
    QTest::newRow("string") << QByteArray(R"("media")") << E::NotObject;
    QTest::newRow("number") << QByteArray("42") << E::NotObject;
    QTest::newRow("null") << QByteArray("null") << E::NotObject;
    QTest::newRow("deep arrays") << "{\"event\":\"mark\",\"x\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}"
                                 << E::TooDeep;
    QTest::newRow("deep objects") << "{\"event\":\"mark\",\"x\":" + QByteArray("{\"a\":").repeated(100) + "1" +
                                         QByteArray(100, '}') + "}"
                                  << E::TooDeep;
    QTest::newRow("very deep unterminated") << QByteArray(100000, '[') << E::TooDeep;
    QTest::newRow("no event") << QByteArray(R"({"media":{"payload":""}})") << E::MissingEvent;
    QTest::newRow("unknown event") << QByteArray(R"({"event":"clear"})") << E::UnknownEvent;
    QTest::newRow("event case") << QByteArray(R"({"event":"Media"})") << E::UnknownEvent;
    QTest::newRow("event number") << QByteArray(R"({"event":1})") << E::WrongType;
    QTest::newRow("event null") << QByteArray(R"({"event":null})") << E::WrongType;
    QTest::newRow("duplicate event") << QByteArray(R"({"event":"mark","event":"media"})") << E::DuplicateKey;
    QTest::newRow("escaped duplicate") << QByteArray(R"({"event":"mark","\u0065vent":"media"})") << E::DuplicateKey;
    QTest::newRow("duplicate payload") << QByteArray(R"({"event":"media","media":{"payload":"","payload":"AA=="}})")
                                       << E::DuplicateKey;
    QTest::newRow("media not object") << QByteArray(R"({"event":"media","media":"x"})") << E::WrongType;
    QTest::newRow("media array") << QByteArray(R"({"event":"media","media":[{"payload":""}]})") << E::WrongType;
    QTest::newRow("media missing") << QByteArray(R"({"event":"media"})") << E::MissingField;
    QTest::newRow("payload missing") << QByteArray(R"({"event":"media","media":{"track":"inbound"}})")
                                     << E::MissingField;
    QTest::newRow("payload number") << QByteArray(R"({"event":"media","media":{"payload":5}})") << E::WrongType;
    QTest::newRow("payload null") << QByteArray(R"({"event":"media","media":{"payload":null}})") << E::WrongType;
    QTest::newRow("track number") << QByteArray(R"({"event":"media","media":{"payload":"","track":1}})")
                                  << E::WrongType;
    QTest::newRow("stream_id number") << QByteArray(R"({"event":"mark","stream_id":7})") << E::WrongType;
    QTest::newRow("start not object") << QByteArray(R"({"event":"start","start":true})") << E::WrongType;
    QTest::newRow("media_format string") << QByteArray(R"({"event":"start","start":{"media_format":"PCMU"}})")
                                         << E::WrongType;
    QTest::newRow("encoding number") << QByteArray(R"({"event":"start","start":{"media_format":{"encoding":0}}})")
                                     << E::WrongType;
    QTest::newRow("sample_rate huge") << QByteArray(
                                             R"({"event":"start","start":{"media_format":{"sample_rate":1e300}}})")
                                      << E::BadNumber;
    // Past what a double holds it is not JSON as QJsonDocument reads it either.
    QTest::newRow("sample_rate beyond double")
        << QByteArray(R"({"event":"start","start":{"media_format":{"sample_rate":1e999}}})") << E::NotJson;
    QTest::newRow("sample_rate float") << QByteArray(
                                              R"({"event":"start","start":{"media_format":{"sample_rate":8000.5}}})")
                                       << E::BadNumber;
    QTest::newRow("channels 1000") << QByteArray(R"({"event":"start","start":{"media_format":{"channels":1000}}})")
                                   << E::BadNumber;
    QTest::newRow("call_control_id object")
        << QByteArray(R"({"event":"stop","stop":{"call_control_id":{}}})") << E::WrongType;
    QTest::newRow("dtmf missing digit") << QByteArray(R"({"event":"dtmf","dtmf":{}})") << E::MissingField;
    QTest::newRow("dtmf missing object") << QByteArray(R"({"event":"dtmf"})") << E::MissingField;
    QTest::newRow("dtmf digit number") << QByteArray(R"({"event":"dtmf","dtmf":{"digit":5}})") << E::WrongType;
    QTest::newRow("error code string") << QByteArray(R"({"event":"error","payload":{"code":"abc"}})") << E::BadNumber;
    QTest::newRow("error code float") << QByteArray(R"({"event":"error","payload":{"code":1.5}})") << E::BadNumber;
    QTest::newRow("error code huge") << QByteArray(R"({"event":"error","payload":{"code":99999999999999999999}})")
                                     << E::BadNumber;
    QTest::newRow("error title array") << QByteArray(R"({"event":"error","payload":{"title":[]}})") << E::WrongType;
    QTest::newRow("token number") << QByteArray(R"({"event":"connected","x-telnyx-streaming-auth-token":1})")
                                  << E::WrongType;
    QTest::newRow("connected string") << QByteArray(R"({"event":"connected","connected":"x"})") << E::WrongType;
    QTest::newRow("bad base64") << mediaJson("inbound", "!!!!") << E::BadBase64;
}

void tst_MediaFrame::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(MediaFrameError, error);
    MediaFrameError actual = MediaFrameError::None;
    const auto frame = MediaFrame::parse(json, &actual);
    QVERIFY(!frame);
    QCOMPARE(actual, error);
    QVERIFY(std::strlen(mediaFrameErrorName(actual)) > 0);
}

void tst_MediaFrame::counters_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("string") << QByteArray(R"("42")") << true << quint64(42);
    QTest::newRow("zero") << QByteArray(R"("0")") << true << quint64(0);
    QTest::newRow("leading zeros") << QByteArray(R"("007")") << true << quint64(7);
    QTest::newRow("number") << QByteArray("42") << true << quint64(42);
    QTest::newRow("uint64 max") << QByteArray(R"("18446744073709551615")") << true << quint64(18446744073709551615ULL);
    QTest::newRow("uint64 max + 1") << QByteArray(R"("18446744073709551616")") << false << quint64(0);
    QTest::newRow("huge") << QByteArray('"' + QByteArray(5000, '9') + '"') << false << quint64(0);
    QTest::newRow("huge number") << QByteArray(25, '9') << false << quint64(0); // a double, not a counter
    QTest::newRow("empty") << QByteArray(R"("")") << false << quint64(0);
    QTest::newRow("negative") << QByteArray(R"("-1")") << false << quint64(0);
    QTest::newRow("negative number") << QByteArray("-1") << false << quint64(0);
    QTest::newRow("plus") << QByteArray(R"("+1")") << false << quint64(0);
    QTest::newRow("space") << QByteArray(R"(" 1")") << false << quint64(0);
    QTest::newRow("hex") << QByteArray(R"("0x10")") << false << quint64(0);
    QTest::newRow("float") << QByteArray("1.0") << false << quint64(0);
    QTest::newRow("exponent") << QByteArray("1e3") << false << quint64(0);
    QTest::newRow("escaped digits") << QByteArray(R"("\u0031")") << false << quint64(0);
    QTest::newRow("bool") << QByteArray("true") << false << quint64(0);
}

void tst_MediaFrame::counters()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, ok);
    QFETCH(quint64, expected);
    for (const char *field : {"sequence", "chunk", "timestamp"}) {
        const QByteArray json =
            qstrcmp(field, "sequence") == 0
                ? R"({"event":"media","sequence_number":)" + value + R"(,"media":{"payload":""}})"
                : R"({"event":"media","media":{"payload":"",")" + QByteArray(field) + R"(":)" + value + "}}";
        MediaFrameError error;
        const auto frame = MediaFrame::parse(json, &error);
        QCOMPARE(frame.has_value(), ok);
        if (!ok) {
            QVERIFY(error == MediaFrameError::BadNumber || error == MediaFrameError::WrongType);
            continue;
        }
        const std::optional<quint64> got = qstrcmp(field, "sequence") == 0 ? frame->sequenceNumber
                                           : qstrcmp(field, "chunk") == 0  ? frame->chunk
                                                                           : frame->timestamp;
        QCOMPARE(got, std::optional<quint64>(expected));
    }
}

void tst_MediaFrame::base64_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray("") << true << QByteArray();
    QTest::newRow("one byte") << QByteArray("/w==") << true << QByteArray("\xff");
    QTest::newRow("two bytes") << QByteArray("//8=") << true << QByteArray("\xff\xff");
    QTest::newRow("three bytes") << QByteArray("AAEC") << true << QByteArray("\x00\x01\x02", 3);
    QTest::newRow("unpadded one") << QByteArray("/w") << true << QByteArray("\xff");
    QTest::newRow("unpadded two") << QByteArray("//8") << true << QByteArray("\xff\xff");
    QTest::newRow("all alphabet") << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                                  << true
                                  << QByteArray::fromBase64(
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    QTest::newRow("url-safe") << QByteArray("_w==") << false << QByteArray();
    QTest::newRow("dash") << QByteArray("-w==") << false << QByteArray();
    QTest::newRow("whitespace") << QByteArray("AA EC") << false << QByteArray();
    QTest::newRow("newline") << QByteArray("AAEC\\nAAEC") << false << QByteArray();
    QTest::newRow("single char") << QByteArray("A") << false << QByteArray();
    QTest::newRow("five chars") << QByteArray("AAECA") << false << QByteArray();
    QTest::newRow("padding in middle") << QByteArray("/w==AAEC") << false << QByteArray();
    QTest::newRow("three padding") << QByteArray("A===") << false << QByteArray();
    QTest::newRow("only padding") << QByteArray("====") << false << QByteArray();
    QTest::newRow("bad padding length") << QByteArray("/w=") << false << QByteArray();
    QTest::newRow("non-ascii") << QByteArray("\xc3\xa9\xc3\xa9") << false << QByteArray();
    QTest::newRow("escaped slash") << QByteArray(R"(\/w==)") << true << QByteArray("\xff");
}

void tst_MediaFrame::base64()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    MediaFrameError error;
    const auto frame = MediaFrame::parse(R"({"event":"media","media":{"payload":")" + text + R"("}})", &error);
    QCOMPARE(frame.has_value(), ok);
    if (ok)
        QCOMPARE(frame->payload, bytes);
    else
        QCOMPARE(error, MediaFrameError::BadBase64);
}

void tst_MediaFrame::escapedStrings()
{
    const auto frame =
        MediaFrame::parse(R"({"\u0065vent":"st\u0061rt","stream_id":"a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800",)"
                          R"("start":{"call_control_id":"v3:\u00fc","media_format":{"encoding":"PC\u004dA"}}})");
    QVERIFY(frame);
    QCOMPARE(frame->event, MediaFrame::Event::Start);
    QCOMPARE(frame->streamId, QString::fromUtf8("a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbd"));
    QCOMPARE(frame->callControlId, QString::fromUtf8("v3:\xc3\xbc"));
    QCOMPARE(frame->encoding, QStringLiteral("PCMA"));
    // Raw UTF-8 passes through.
    const auto utf8 =
        MediaFrame::parse("{\"event\":\"mark\",\"mark\":{\"name\":\"gr\xc3\xbc\xc3\x9f\xf0\x9f\x98\x80\"}}");
    QVERIFY(utf8);
    QCOMPARE(utf8->markName, QString::fromUtf8("gr\xc3\xbc\xc3\x9f\xf0\x9f\x98\x80"));
}

void tst_MediaFrame::hostileSizes()
{
    // A 30 s payload (240,000 bytes) and an enormous ignored member both parse; depth 64 is allowed, 65 is not.
    QByteArray big(240000, Qt::Uninitialized);
    for (int i = 0; i < big.size(); ++i)
        big[i] = char(i * 7);
    auto frame = MediaFrame::parse(mediaJson("outbound", big.toBase64()));
    QVERIFY(frame);
    QCOMPARE(frame->payload, big);

    const QByteArray junk = R"({"event":"mark","junk":")" + QByteArray(4 << 20, 'x') + R"(","mark":{"name":"n"}})";
    frame = MediaFrame::parse(junk);
    QVERIFY(frame);
    QCOMPARE(frame->markName, QStringLiteral("n"));

    auto nested = [](int depth) { // the root object counts as one level
        return R"({"event":"mark","x":)" + QByteArray(depth - 1, '[') + QByteArray(depth - 1, ']') + "}";
    };
    QVERIFY(MediaFrame::parse(nested(MediaFrame::kMaxDepth)));
    MediaFrameError error;
    QVERIFY(!MediaFrame::parse(nested(MediaFrame::kMaxDepth + 1), &error));
    QCOMPARE(error, MediaFrameError::TooDeep);

    // Many members, all of them ignored.
    QByteArray wide = R"({"event":"mark")";
    for (int i = 0; i < 20000; ++i)
        wide += ",\"k" + QByteArray::number(i) + "\":[1,{\"a\":null}]";
    wide += "}";
    QVERIFY(MediaFrame::parse(wide));
}

void tst_MediaFrame::randomMutationsNeverCrash()
{
    // Differential check against QJsonDocument: a frame we accept must be valid JSON to Qt as well, with the same
    // event. Mutations: byte flips, truncations, insertions of structural characters.
    const QByteArray seeds[] = {
        mediaJson("inbound", pcmuFrame().toBase64()),
        R"({"event":"start","start":{"call_control_id":"v3:x","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})",
        R"({"event":"error","payload":{"code":100003,"title":"t"}})",
        R"({"event":"connected","connected":{"x-telnyx-streaming-auth-token":"t\u00e9"}})",
    };
    QRandomGenerator rng(20261127);
    const char structural[] = "{}[]\",:\\0-eE.tfn \x80\xff";
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray json = seeds[rng.bounded(int(std::size(seeds)))];
        const int edits = 1 + rng.bounded(3);
        for (int e = 0; e < edits && !json.isEmpty(); ++e) {
            const int at = rng.bounded(int(json.size()));
            switch (rng.bounded(4)) {
            case 0:
                json[at] = char(json[at] ^ (1 << rng.bounded(8)));
                break;
            case 1:
                json.truncate(at);
                break;
            case 2:
                json.insert(at, structural[rng.bounded(int(sizeof structural - 1))]);
                break;
            default:
                json.remove(at, 1);
                break;
            }
        }
        MediaFrameError error;
        const auto frame = MediaFrame::parse(json, &error);
        QCOMPARE(frame.has_value(), error == MediaFrameError::None);
        if (frame) {
            ++accepted;
            const QJsonDocument doc = QJsonDocument::fromJson(json);
            QVERIFY2(doc.isObject(), json.constData());
            const QString event = doc.object().value(QLatin1String("event")).toString();
            static const char *names[] = {"connected", "start", "media", "stop", "dtmf", "mark", "error"};
            QCOMPARE(event, QLatin1String(names[int(frame->event)]));
        }
    }
    QVERIFY(accepted > 100); // the mutations are not all fatal, so the accept path is exercised too
}

void tst_MediaFrame::outboundFrame_data()
{
    QTest::addColumn<QByteArray>("pcmu");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("1 byte") << QByteArray("\xff");
    QTest::newRow("2 bytes") << QByteArray("\xff\x7f");
    QTest::newRow("20 ms") << pcmuFrame();
    QTest::newRow("silence") << QByteArray(160, char(0xFF));
}

void tst_MediaFrame::outboundFrame()
{
    QFETCH(QByteArray, pcmu);
    const QByteArray frame = makeOutboundMediaFrame(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(pcmu.constData()), size_t(pcmu.size())));
    QCOMPARE(frame, R"({"event":"media","media":{"payload":")" + pcmu.toBase64() + R"("}})");
    // ...and it reads back through our own parser.
    const auto parsed = MediaFrame::parse(frame);
    QVERIFY(parsed);
    QCOMPARE(parsed->payload, pcmu);
}

QTEST_APPLESS_MAIN(tst_MediaFrame)
#include "tst_mediaframe.moc"
