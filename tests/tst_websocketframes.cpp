// SPDX-License-Identifier: MIT
#include "WebSocketTestData.h"
#include "websocket/WebSocketFrames.h"

#include <QTest>

#include <array>
#include <initializer_list>
#include <vector>

using sb::ws::FrameReader;
using sb::ws::Opcode;

using sb::test::binaryPayload;
using sb::test::closePayload;
using sb::test::textPayload;

namespace {

constexpr std::array<quint8, 4> kMask{0x37, 0xFA, 0x21, 0x3D};
constexpr std::array<quint8, 4> kOtherMask{0xA5, 0x01, 0xFF, 0x5C};

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int value : values)
        out.append(char(value));
    return out;
}

QByteArray clientFrame(Opcode opcode, QByteArrayView payload, bool final = true)
{
    return sb::ws::encodeClientFrame(opcode, payload, kMask, final);
}

std::vector<FrameReader::Message> drain(FrameReader &reader)
{
    std::vector<FrameReader::Message> out;
    while (auto message = reader.next())
        out.push_back(std::move(*message));
    return out;
}

int op(Opcode opcode)
{
    return int(opcode);
}

} // namespace

class TestWebSocketFrames : public QObject {
    Q_OBJECT
private slots:
    void encodeFrameHeader_data();
    void encodeFrameHeader();
    void encodeFrameOpcodes();
    void framePayloadRejectsGarbage_data();
    void framePayloadRejectsGarbage();
    void encodeCloseFrame_data();
    void encodeCloseFrame();
    void encodeClientFrameMasks();
    void roundTrip_data();
    void roundTrip();
    void byteByByte();
    void everySplitPoint();
    void largeFramesInChunks();
    void fragmentedText();
    void fragmentedBinary();
    void pingBetweenFragments();
    void controlFrames_data();
    void controlFrames();
    void closeWithCodeAndReason();
    void closeWithoutCode();
    void serverCloseFrameReadsBack();
    void closeCodes_data();
    void closeCodes();
    void protocolErrors_data();
    void protocolErrors();
    void binaryMayHoldInvalidUtf8();
    void messageLimitIsInclusive();
    void controlFramesDoNotCountTowardsMessageLimit();
    void hugeLengthRefusedBeforePayload();
    void bufferedCountsIncompleteFrame();
};

void TestWebSocketFrames::encodeFrameHeader_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("0") << qsizetype(0) << bytes({0x81, 0x00});
    QTest::newRow("1") << qsizetype(1) << bytes({0x81, 0x01});
    QTest::newRow("125") << qsizetype(125) << bytes({0x81, 0x7D});
    QTest::newRow("126") << qsizetype(126) << bytes({0x81, 0x7E, 0x00, 0x7E});
    QTest::newRow("300") << qsizetype(300) << bytes({0x81, 0x7E, 0x01, 0x2C});
    QTest::newRow("65535") << qsizetype(65535) << bytes({0x81, 0x7E, 0xFF, 0xFF});
    QTest::newRow("65536") << qsizetype(65536) << bytes({0x81, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00});
    QTest::newRow("70000") << qsizetype(70000) << bytes({0x81, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70});
}

void TestWebSocketFrames::encodeFrameHeader()
{
    QFETCH(qsizetype, size);
    QFETCH(QByteArray, header);
    const QByteArray payload = textPayload(size);
    QCOMPARE(payload.size(), size);

    const QByteArray frame = sb::ws::encodeTextFrame(payload);
    QCOMPARE(frame.size(), header.size() + size);
    QCOMPARE(frame.first(header.size()), header);
    QCOMPARE(quint8(frame[0]), quint8(0x81)); // FIN + text
    QCOMPARE(quint8(frame[1]) & 0x80, 0);     // a server never masks
    QCOMPARE(frame.sliced(header.size()), payload);
    QCOMPARE(sb::ws::encodeFrame(Opcode::Text, payload), frame);

    const QByteArrayView back = sb::ws::framePayload(frame);
    QVERIFY(!back.isNull());
    QCOMPARE(back.size(), size);
    QCOMPARE(back.toByteArray(), payload);
}

void TestWebSocketFrames::encodeFrameOpcodes()
{
    const QByteArray payload = binaryPayload(10);
    const std::pair<Opcode, quint8> cases[] = {
        {Opcode::Text, 0x81}, {Opcode::Binary, 0x82}, {Opcode::Close, 0x88}, {Opcode::Ping, 0x89}, {Opcode::Pong, 0x8A},
    };
    for (const auto &[opcode, firstByte] : cases) {
        const QByteArray frame = sb::ws::encodeFrame(opcode, payload);
        QCOMPARE(quint8(frame[0]), firstByte);
        QCOMPARE(quint8(frame[1]), quint8(10));
        QCOMPARE(sb::ws::framePayload(frame).toByteArray(), payload);
    }
}

void TestWebSocketFrames::framePayloadRejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one byte") << bytes({0x81});
    QTest::newRow("masked client frame") << clientFrame(Opcode::Text, "hello");
    QTest::newRow("masked, empty payload") << clientFrame(Opcode::Binary, {});
    QTest::newRow("16-bit length cut short") << bytes({0x81, 0x7E, 0x01});
    QTest::newRow("64-bit length cut short") << bytes({0x82, 0x7F, 0, 0, 0, 0, 0});
}

void TestWebSocketFrames::framePayloadRejectsGarbage()
{
    QFETCH(QByteArray, frame);
    QVERIFY(sb::ws::framePayload(frame).isNull());
}

void TestWebSocketFrames::encodeCloseFrame_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("expectedPayload");
    QTest::newRow("1000 bye") << 1000 << QByteArray("bye") << bytes({0x03, 0xE8, 'b', 'y', 'e'});
    QTest::newRow("4001, no reason") << 4001 << QByteArray() << bytes({0x0F, 0xA1});
    QTest::newRow("1009, high byte") << 1009 << QByteArray("x") << bytes({0x03, 0xF1, 'x'});
    const QByteArray reason123(123, 'r');
    QTest::newRow("123-byte reason kept") << 1001 << reason123 << closePayload(1001, reason123);
    QTest::newRow("124-byte reason cut") << 1001 << QByteArray(124, 'r') << closePayload(1001, reason123);
    QTest::newRow("300-byte reason cut") << 1008 << binaryPayload(300) << closePayload(1008, binaryPayload(123));
}

void TestWebSocketFrames::encodeCloseFrame()
{
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, expectedPayload);
    const QByteArray frame = sb::ws::encodeCloseFrame(quint16(code), reason);
    QCOMPARE(quint8(frame[0]), quint8(0x88));
    QVERIFY(quint8(frame[1]) <= 125); // a control frame: 7-bit length only
    QCOMPARE(qsizetype(quint8(frame[1])), expectedPayload.size());
    QCOMPARE(frame.size(), 2 + expectedPayload.size());
    QCOMPARE(sb::ws::framePayload(frame).toByteArray(), expectedPayload);
}

void TestWebSocketFrames::encodeClientFrameMasks()
{
    const QByteArray payload = binaryPayload(200);
    const QByteArray frame = sb::ws::encodeClientFrame(Opcode::Binary, payload, kMask, false);
    QCOMPARE(frame.size(), 4 + 4 + 200);
    QCOMPARE(quint8(frame[0]), quint8(0x02)); // FIN clear
    QCOMPARE(frame.first(4), bytes({0x02, 0xFE, 0x00, 0xC8}));
    QCOMPARE(frame.sliced(4, 4), bytes({kMask[0], kMask[1], kMask[2], kMask[3]}));
    for (qsizetype i = 0; i < payload.size(); ++i)
        QCOMPARE(quint8(frame[8 + i]), quint8(quint8(payload[i]) ^ kMask[size_t(i % 4)]));

    const QByteArray finalFrame = sb::ws::encodeClientFrame(Opcode::Text, "hi", kMask);
    QCOMPARE(finalFrame, bytes({0x81, 0x82, 0x37, 0xFA, 0x21, 0x3D, 'h' ^ 0x37, 'i' ^ 0xFA}));
}

void TestWebSocketFrames::roundTrip_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<qsizetype>("size");
    for (qsizetype size : {0, 1, 125, 126, 65535, 65536, 70000}) {
        QTest::addRow("text %lld", qlonglong(size)) << op(Opcode::Text) << size;
        QTest::addRow("binary %lld", qlonglong(size)) << op(Opcode::Binary) << size;
    }
}

void TestWebSocketFrames::roundTrip()
{
    QFETCH(int, opcode);
    QFETCH(qsizetype, size);
    const QByteArray payload = opcode == op(Opcode::Text) ? textPayload(size) : binaryPayload(size);
    const QByteArray frame = sb::ws::encodeClientFrame(Opcode(opcode), payload, kOtherMask);
    QVERIFY(quint8(frame[1]) & 0x80);
    const qsizetype header = size < 126 ? 2 : size <= 0xFFFF ? 4 : 10;
    QCOMPARE(frame.size(), header + 4 + size);
    if (size >= 4)
        QVERIFY(frame.sliced(header + 4, 4) != payload.first(4)); // really masked

    FrameReader reader(1 << 20);
    reader.feed(frame);
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), opcode);
    QCOMPARE(message->payload.size(), size);
    QCOMPARE(message->payload, payload);
    QVERIFY(!reader.next());
    QVERIFY(!reader.error());
    QCOMPARE(reader.buffered(), 0);
}

void TestWebSocketFrames::byteByByte()
{
    const QByteArray first = textPayload(130); // 16-bit length
    const QByteArray second = binaryPayload(5);
    const QByteArray frameA = clientFrame(Opcode::Text, first);
    const QByteArray frameB = sb::ws::encodeClientFrame(Opcode::Binary, second, kOtherMask);
    const QByteArray stream = frameA + frameB;

    FrameReader reader(1 << 16);
    std::vector<std::pair<qsizetype, FrameReader::Message>> seen; // index of the byte that completed it
    for (qsizetype i = 0; i < stream.size(); ++i) {
        reader.feed(stream.sliced(i, 1));
        while (auto message = reader.next())
            seen.emplace_back(i, std::move(*message));
        QVERIFY2(!reader.error(), qPrintable(reader.error() ? reader.error()->reason : QString()));
    }
    QCOMPARE(seen.size(), size_t(2));
    QCOMPARE(seen[0].first, frameA.size() - 1);
    QCOMPARE(op(seen[0].second.opcode), op(Opcode::Text));
    QCOMPARE(seen[0].second.payload, first);
    QCOMPARE(seen[1].first, stream.size() - 1);
    QCOMPARE(op(seen[1].second.opcode), op(Opcode::Binary));
    QCOMPARE(seen[1].second.payload, second);
    QCOMPARE(reader.buffered(), 0);
}

void TestWebSocketFrames::everySplitPoint()
{
    const QByteArray frameA = clientFrame(Opcode::Binary, binaryPayload(300));
    const QByteArray frameB = clientFrame(Opcode::Text, "second");
    const QByteArray stream = frameA + frameB;
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        FrameReader reader(1 << 16);
        reader.feed(stream.first(split));
        auto before = drain(reader);
        const size_t expectedBefore = split >= stream.size() ? 2 : split >= frameA.size() ? 1 : 0;
        QCOMPARE(before.size(), expectedBefore);
        reader.feed(stream.sliced(split));
        auto after = drain(reader);
        QCOMPARE(before.size() + after.size(), size_t(2));
        before.insert(before.end(), after.begin(), after.end());
        QCOMPARE(op(before[0].opcode), op(Opcode::Binary));
        QCOMPARE(before[0].payload, binaryPayload(300));
        QCOMPARE(op(before[1].opcode), op(Opcode::Text));
        QCOMPARE(before[1].payload, QByteArray("second"));
        QVERIFY(!reader.error());
    }
}

void TestWebSocketFrames::largeFramesInChunks()
{
    // Enough data that the reader drops consumed bytes from its buffer along the way.
    QByteArray stream;
    std::vector<QByteArray> payloads;
    for (int i = 0; i < 6; ++i) {
        payloads.push_back(binaryPayload(70000 + i * 1000, i));
        stream += clientFrame(Opcode::Binary, payloads.back());
    }
    FrameReader reader(1 << 20);
    std::vector<FrameReader::Message> seen;
    for (qsizetype pos = 0; pos < stream.size(); pos += 4093) {
        reader.feed(stream.sliced(pos, qMin<qsizetype>(4093, stream.size() - pos)));
        auto messages = drain(reader);
        seen.insert(seen.end(), messages.begin(), messages.end());
    }
    QVERIFY(!reader.error());
    QCOMPARE(seen.size(), payloads.size());
    for (size_t i = 0; i < payloads.size(); ++i) {
        QCOMPARE(op(seen[i].opcode), op(Opcode::Binary));
        QCOMPARE(seen[i].payload, payloads[i]);
    }
    QCOMPARE(reader.buffered(), 0);
}

void TestWebSocketFrames::fragmentedText()
{
    const QByteArray text = QStringLiteral("Gr\u00FC\u00DFe aus K\u00F6ln \u20AC").toUtf8();
    // Cut inside the two-byte ü and inside the three-byte €: only the whole message must be UTF-8.
    const qsizetype cut1 = text.indexOf("\xC3\xBC") + 1;
    const qsizetype cut2 = text.indexOf("\xE2\x82\xAC") + 2;
    QVERIFY(cut1 > 0 && cut2 > cut1);

    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Text, text.first(cut1), false));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Continuation, text.sliced(cut1, cut2 - cut1), false));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Continuation, {}, false)); // an empty fragment is allowed
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Continuation, text.sliced(cut2), true));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), op(Opcode::Text));
    QCOMPARE(message->payload, text);
    QVERIFY(!reader.next());
    QVERIFY(!reader.error());

    // The reader is ready for the next message, fragmented or not.
    reader.feed(clientFrame(Opcode::Text, "ab", false) + clientFrame(Opcode::Continuation, "cd") +
                clientFrame(Opcode::Text, "whole"));
    const auto messages = drain(reader);
    QCOMPARE(messages.size(), size_t(2));
    QCOMPARE(messages[0].payload, QByteArray("abcd"));
    QCOMPARE(messages[1].payload, QByteArray("whole"));
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::fragmentedBinary()
{
    const QByteArray payload = binaryPayload(1000);
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Binary, payload.first(1), false) +
                clientFrame(Opcode::Continuation, payload.sliced(1, 600), false) +
                clientFrame(Opcode::Continuation, payload.sliced(601)));
    const auto messages = drain(reader);
    QCOMPARE(messages.size(), size_t(1));
    QCOMPARE(op(messages[0].opcode), op(Opcode::Binary));
    QCOMPARE(messages[0].payload, payload);
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::pingBetweenFragments()
{
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Text, "Hello, ", false));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Ping, "are you there?"));
    auto ping = reader.next();
    QVERIFY(ping);
    QCOMPARE(op(ping->opcode), op(Opcode::Ping));
    QCOMPARE(ping->payload, QByteArray("are you there?"));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Continuation, "world", false));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Pong, "p") + clientFrame(Opcode::Continuation, "!"));
    auto pong = reader.next();
    QVERIFY(pong);
    QCOMPARE(op(pong->opcode), op(Opcode::Pong));
    QCOMPARE(pong->payload, QByteArray("p"));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), op(Opcode::Text));
    QCOMPARE(message->payload, QByteArray("Hello, world!"));
    QVERIFY(!reader.next());
    QVERIFY(!reader.error());

    // The same, all in one read: the ping still comes first.
    FrameReader oneRead(1 << 16);
    oneRead.feed(clientFrame(Opcode::Text, "ab", false) + clientFrame(Opcode::Ping, "x") +
                 clientFrame(Opcode::Continuation, "cd"));
    const auto messages = drain(oneRead);
    QCOMPARE(messages.size(), size_t(2));
    QCOMPARE(op(messages[0].opcode), op(Opcode::Ping));
    QCOMPARE(messages[0].payload, QByteArray("x"));
    QCOMPARE(op(messages[1].opcode), op(Opcode::Text));
    QCOMPARE(messages[1].payload, QByteArray("abcd"));
    QVERIFY(!oneRead.error());
}

void TestWebSocketFrames::controlFrames_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("ping") << op(Opcode::Ping) << QByteArray("ping payload");
    QTest::newRow("ping, empty") << op(Opcode::Ping) << QByteArray();
    QTest::newRow("ping, 125 bytes") << op(Opcode::Ping) << binaryPayload(125);
    QTest::newRow("pong") << op(Opcode::Pong) << QByteArray("pong payload");
    QTest::newRow("pong, binary") << op(Opcode::Pong) << bytes({0x00, 0xFF, 0xC3, 0x28});
}

void TestWebSocketFrames::controlFrames()
{
    QFETCH(int, opcode);
    QFETCH(QByteArray, payload);
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode(opcode), payload));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), opcode);
    QCOMPARE(message->payload, payload);
    QVERIFY(!reader.next());
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::closeWithCodeAndReason()
{
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Close, closePayload(1001, "going away \xE2\x82\xAC")));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), op(Opcode::Close));
    QCOMPARE(message->closeCode, quint16(1001));
    QCOMPARE(message->payload, QByteArray("going away \xE2\x82\xAC"));
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::closeWithoutCode()
{
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Close, {}));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(op(message->opcode), op(Opcode::Close));
    QCOMPARE(message->closeCode, quint16(sb::ws::CloseNoStatus));
    QCOMPARE(message->closeCode, quint16(1005));
    QVERIFY(message->payload.isEmpty());
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::serverCloseFrameReadsBack()
{
    // What encodeCloseFrame() puts in a frame is what the reader gives back.
    const QByteArray serverFrame = sb::ws::encodeCloseFrame(4000, "done");
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Close, sb::ws::framePayload(serverFrame)));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->closeCode, quint16(4000));
    QCOMPARE(message->payload, QByteArray("done"));
}

void TestWebSocketFrames::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("valid");
    for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
        QTest::addRow("%d", code) << code << true;
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
        QTest::addRow("%d", code) << code << false;
}

void TestWebSocketFrames::closeCodes()
{
    QFETCH(int, code);
    QFETCH(bool, valid);
    FrameReader reader(1 << 16);
    reader.feed(clientFrame(Opcode::Close, closePayload(quint16(code), "r")));
    auto message = reader.next();
    if (valid) {
        QVERIFY(message);
        QCOMPARE(op(message->opcode), op(Opcode::Close));
        QCOMPARE(message->closeCode, quint16(code));
        QCOMPARE(message->payload, QByteArray("r"));
        QVERIFY(!reader.error());
    } else {
        QVERIFY(!message);
        QVERIFY(reader.error());
        QCOMPARE(reader.error()->closeCode, quint16(sb::ws::CloseProtocolError));
    }
}

void TestWebSocketFrames::protocolErrors_data()
{
    // The reader under test allows messages of up to 1000 bytes.
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("messagesBefore");
    QTest::addColumn<int>("closeCode");

    const int protocol = sb::ws::CloseProtocolError;
    const int tooBig = sb::ws::CloseTooBig;
    const int badPayload = sb::ws::CloseBadPayload;

    QTest::newRow("unmasked frame") << sb::ws::encodeTextFrame("hello") << 0 << protocol;
    QTest::newRow("unmasked after a good frame")
        << clientFrame(Opcode::Text, "ok") + sb::ws::encodeFrame(Opcode::Binary, "x") << 1 << protocol;
    for (int rsv : {0x40, 0x20, 0x10}) {
        QByteArray frame = clientFrame(Opcode::Text, "hello");
        frame[0] = char(quint8(frame[0]) | rsv);
        QTest::addRow("RSV bit 0x%x", rsv) << frame << 0 << protocol;
    }
    for (int code : {0x3, 0x7, 0xB, 0xF})
        QTest::addRow("opcode 0x%x", code) << clientFrame(Opcode(code), "x") << 0 << protocol;
    QTest::newRow("ping, 126 bytes") << clientFrame(Opcode::Ping, binaryPayload(126)) << 0 << protocol;
    QTest::newRow("close, 126 bytes") << clientFrame(Opcode::Close, closePayload(1000, QByteArray(124, 'r'))) << 0
                                      << protocol;
    QTest::newRow("ping, FIN clear") << clientFrame(Opcode::Ping, "x", false) << 0 << protocol;
    QTest::newRow("pong, FIN clear") << clientFrame(Opcode::Pong, {}, false) << 0 << protocol;
    QTest::newRow("close, FIN clear") << clientFrame(Opcode::Close, closePayload(1000), false) << 0 << protocol;
    QTest::newRow("close, one byte") << clientFrame(Opcode::Close, bytes({0x03})) << 0 << protocol;
    QTest::newRow("close, reason not UTF-8")
        << clientFrame(Opcode::Close, closePayload(1000, bytes({0xC3, 0x28}))) << 0 << badPayload;
    QTest::newRow("continuation without a message") << clientFrame(Opcode::Continuation, "x") << 0 << protocol;
    QTest::newRow("continuation, FIN clear, without a message")
        << clientFrame(Opcode::Continuation, "x", false) << 0 << protocol;
    QTest::newRow("continuation after a finished message")
        << clientFrame(Opcode::Text, "a", false) + clientFrame(Opcode::Continuation, "b") +
               clientFrame(Opcode::Continuation, "c")
        << 1 << protocol;
    QTest::newRow("text inside a fragmented message")
        << clientFrame(Opcode::Text, "a", false) + clientFrame(Opcode::Text, "b") << 0 << protocol;
    QTest::newRow("binary inside a fragmented message")
        << clientFrame(Opcode::Text, "a", false) + clientFrame(Opcode::Binary, "b", false) << 0 << protocol;
    QTest::newRow("one frame over the limit") << clientFrame(Opcode::Binary, binaryPayload(1001)) << 0 << tooBig;
    QTest::newRow("64-bit length over the limit") << clientFrame(Opcode::Binary, binaryPayload(70000)) << 0 << tooBig;
    QTest::newRow("fragments over the limit") << clientFrame(Opcode::Binary, binaryPayload(600), false) +
                                                     clientFrame(Opcode::Continuation, binaryPayload(401))
                                              << 0 << tooBig;
    QTest::newRow("many small fragments over the limit") << [] {
        QByteArray stream = clientFrame(Opcode::Text, QByteArray(100, 'a'), false);
        for (int i = 0; i < 10; ++i)
            stream += clientFrame(Opcode::Continuation, QByteArray(100, 'b'), false);
        return stream;
    }() << 0 << tooBig;
    QTest::newRow("text not UTF-8") << clientFrame(Opcode::Text, bytes({0xC3, 0x28})) << 0 << badPayload;
    QTest::newRow("text with a cut sequence at the end")
        << clientFrame(Opcode::Text, bytes({'a', 'b', 0xE2, 0x82})) << 0 << badPayload;
    QTest::newRow("text with 0xFF") << clientFrame(Opcode::Text, bytes({'a', 0xFF, 'b'})) << 0 << badPayload;
    QTest::newRow("fragmented text not UTF-8")
        << clientFrame(Opcode::Text, bytes({'a', 'b', 0xC3}), false) + clientFrame(Opcode::Continuation, bytes({0x28}))
        << 0 << badPayload;
    QTest::newRow("fragmented text, cut sequence at the end")
        << clientFrame(Opcode::Text, "ab", false) + clientFrame(Opcode::Continuation, bytes({0xC3})) << 0 << badPayload;
}

void TestWebSocketFrames::protocolErrors()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, messagesBefore);
    QFETCH(int, closeCode);
    const QByteArray valid = clientFrame(Opcode::Text, "valid");
    {
        FrameReader fresh(1000); // on its own, the frame that follows is fine
        fresh.feed(valid);
        QVERIFY(fresh.next());
        QVERIFY(!fresh.error());
    }

    FrameReader reader(1000);
    reader.feed(stream + valid);
    const auto messages = drain(reader);
    QCOMPARE(int(messages.size()), messagesBefore);
    QVERIFY(reader.error());
    QCOMPARE(int(reader.error()->closeCode), closeCode);
    QVERIFY(!reader.error()->reason.isEmpty());

    // Failed for good: nothing more comes out, whatever follows, and nothing more is kept.
    QCOMPARE(reader.buffered(), 0);
    reader.feed(valid);
    QCOMPARE(reader.buffered(), 0);
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Ping, "p"));
    QVERIFY(!reader.next());
    QCOMPARE(int(reader.error()->closeCode), closeCode);
}

void TestWebSocketFrames::binaryMayHoldInvalidUtf8()
{
    const QByteArray invalid = bytes({0xC3, 0x28, 0xFF});
    FrameReader reader(1000);
    reader.feed(clientFrame(Opcode::Binary, invalid) + clientFrame(Opcode::Binary, invalid.first(1), false) +
                clientFrame(Opcode::Continuation, invalid.sliced(1)));
    const auto messages = drain(reader);
    QVERIFY(!reader.error());
    QCOMPARE(messages.size(), size_t(2));
    for (const auto &message : messages) {
        QCOMPARE(op(message.opcode), op(Opcode::Binary));
        QCOMPARE(message.payload, invalid);
    }
}

void TestWebSocketFrames::messageLimitIsInclusive()
{
    FrameReader reader(1000);
    reader.feed(clientFrame(Opcode::Binary, binaryPayload(1000)));
    reader.feed(clientFrame(Opcode::Text, textPayload(400), false) +
                clientFrame(Opcode::Continuation, textPayload(600)));
    const auto messages = drain(reader);
    QVERIFY(!reader.error());
    QCOMPARE(messages.size(), size_t(2));
    QCOMPARE(messages[0].payload, binaryPayload(1000));
    QCOMPARE(messages[1].payload, textPayload(400) + textPayload(600));
}

void TestWebSocketFrames::controlFramesDoNotCountTowardsMessageLimit()
{
    // A ping between fragments is not part of the message: 990 + 10 bytes fit the 1000-byte limit,
    // whatever the size of the ping in between.
    FrameReader reader(1000);
    reader.feed(clientFrame(Opcode::Binary, binaryPayload(990), false));
    QVERIFY(!reader.next());
    reader.feed(clientFrame(Opcode::Ping, binaryPayload(100)));
    auto ping = reader.next();
    QVERIFY2(!reader.error(), qPrintable(reader.error() ? reader.error()->reason : QString()));
    QVERIFY(ping);
    QCOMPARE(op(ping->opcode), op(Opcode::Ping));
    QCOMPARE(ping->payload, binaryPayload(100));
    reader.feed(clientFrame(Opcode::Continuation, binaryPayload(10)));
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->payload, binaryPayload(990) + binaryPayload(10));
    QVERIFY(!reader.error());
}

void TestWebSocketFrames::hugeLengthRefusedBeforePayload()
{
    // FIN + binary, masked, 64-bit length 2^40: refused as soon as the length is known.
    const QByteArray header = bytes({0x82, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00});
    FrameReader reader(1 << 20);
    reader.feed(header.first(9));
    QVERIFY(!reader.next());
    QVERIFY(!reader.error()); // the length is not complete yet
    QCOMPARE(reader.buffered(), 9);
    reader.feed(header.sliced(9));
    QVERIFY(!reader.next());
    QVERIFY(reader.error());
    QCOMPARE(reader.error()->closeCode, quint16(sb::ws::CloseTooBig));

    // With the mask key and a few bytes of payload also there.
    FrameReader other(1 << 20);
    other.feed(header + bytes({1, 2, 3, 4}) + binaryPayload(20));
    QVERIFY(other.buffered() < 64);
    QVERIFY(!other.next());
    QVERIFY(other.error());
    QCOMPARE(other.error()->closeCode, quint16(sb::ws::CloseTooBig));

    // The top bit set (a length no frame may have) is refused as well.
    FrameReader top(1 << 20);
    top.feed(bytes({0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0x05}));
    QVERIFY(!top.next());
    QVERIFY(top.error());
}

void TestWebSocketFrames::bufferedCountsIncompleteFrame()
{
    FrameReader reader(1 << 16);
    QCOMPARE(reader.buffered(), 0);
    const QByteArray frame = clientFrame(Opcode::Text, textPayload(126)); // 4 + 4 + 126 bytes
    QCOMPARE(frame.size(), 134);
    reader.feed(frame.first(1));
    QVERIFY(!reader.next());
    QCOMPARE(reader.buffered(), 1);
    reader.feed(frame.sliced(1, 49));
    QVERIFY(!reader.next());
    QCOMPARE(reader.buffered(), 50);
    QVERIFY(!reader.next()); // asking again consumes nothing
    QCOMPARE(reader.buffered(), 50);

    const QByteArray nextFrame = clientFrame(Opcode::Binary, "xyz");
    reader.feed(frame.sliced(50) + nextFrame.first(3));
    QCOMPARE(reader.buffered(), 134 + 3);
    auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->payload, textPayload(126));
    QVERIFY(!reader.next());
    QCOMPARE(reader.buffered(), 3);
    reader.feed(nextFrame.sliced(3));
    QCOMPARE(reader.buffered(), nextFrame.size());
    message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->payload, QByteArray("xyz"));
    QCOMPARE(reader.buffered(), 0);
}

QTEST_GUILESS_MAIN(TestWebSocketFrames)
#include "tst_websocketframes.moc"
