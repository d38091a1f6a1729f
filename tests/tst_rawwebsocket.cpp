// SPDX-License-Identifier: MIT
#include "WebSocketTestData.h"
#include "websocket/RawWebSocket.h"
#include "websocket/SocketPoller.h"
#include "websocket/WebSocketFrames.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using sb::MediaChannel;
using sb::RawWebSocket;
using sb::SocketPoller;
using sb::ws::Opcode;

using sb::test::binaryPayload;
using sb::test::closePayload;
using sb::test::textPayload;

namespace {

constexpr std::array<quint8, 4> kMask{0x5A, 0x13, 0xC4, 0x7E};

QByteArray clientFrame(Opcode opcode, QByteArrayView payload, bool final = true)
{
    return sb::ws::encodeClientFrame(opcode, payload, kMask, final);
}

// A text payload of `size` bytes that names its index, so a duplicated or lost frame shows.
QByteArray numberedPayload(int index, qsizetype size)
{
    return QByteArray::number(index).append(':').leftJustified(size, char('a' + index % 26));
}

// One frame as the server sent it; the parser below accepts a masked one so the tests can reject it.
struct ServerFrame {
    quint8 firstByte = 0;
    bool masked = false;
    QByteArray payload;

    Opcode opcode() const { return Opcode(firstByte & 0x0F); }
    bool final() const { return firstByte & 0x80; }
    int closeCode() const { return payload.size() >= 2 ? int(quint8(payload[0]) << 8 | quint8(payload[1])) : -1; }
    QByteArray closeReason() const { return payload.size() >= 2 ? payload.sliced(2) : QByteArray(); }
};

// Takes one whole frame (2, 4 or 10-byte header) off the front of `buffer`.
std::optional<ServerFrame> takeServerFrame(QByteArray &buffer)
{
    if (buffer.size() < 2)
        return std::nullopt;
    const auto *p = reinterpret_cast<const quint8 *>(buffer.constData());
    ServerFrame frame;
    frame.firstByte = p[0];
    frame.masked = p[1] & 0x80;
    quint64 length = p[1] & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (buffer.size() < 4)
            return std::nullopt;
        length = quint64(p[2]) << 8 | p[3];
        header = 4;
    } else if (length == 127) {
        if (buffer.size() < 10)
            return std::nullopt;
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = length << 8 | p[i];
        header = 10;
    }
    if (frame.masked)
        header += 4;
    if (buffer.size() < header || quint64(buffer.size() - header) < length)
        return std::nullopt;
    frame.payload = buffer.mid(header, qsizetype(length));
    buffer.remove(0, header + qsizetype(length));
    return frame;
}

class UniqueFd {
public:
    explicit UniqueFd(int fd = -1)
        : m_fd(fd)
    {
    }
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return m_fd; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

// The client's end of the connection, driven by the test.
class ClientEnd {
public:
    UniqueFd fd;
    QByteArray received; // what came in and was not taken as a frame yet
    bool eof = false;
    int error = 0;

    // Sends all of `bytes` (the socket is blocking).
    bool send(QByteArrayView bytes)
    {
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            const auto n = ::send(fd.get(), bytes.data() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            sent += n;
        }
        return true;
    }

    // Takes what the kernel holds for us now, without waiting.
    void pump()
    {
        char buffer[64 * 1024];
        while (!eof && !error) {
            const auto n = ::recv(fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                received.append(buffer, n);
                continue;
            }
            if (n == 0) {
                eof = true;
            } else if (errno == EINTR) {
                continue;
            } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                error = errno;
            }
            break;
        }
    }

    // The next frame from the server; runs the event loop while waiting.
    std::optional<ServerFrame> readFrame(int timeoutMs = 5000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            pump();
            if (auto frame = takeServerFrame(received))
                return frame;
            if (eof || error || deadline.hasExpired())
                return std::nullopt;
            QTest::qWait(5);
        }
    }

    // Reads until `size` bytes wait in `received`; runs the event loop while waiting.
    bool readAtLeast(qsizetype size, int timeoutMs = 5000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            pump();
            if (received.size() >= size)
                return true;
            if (eof || error || deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
    }

    // Whether the server ended the connection (end of stream or reset) in time; reads what comes before.
    bool waitClosed(int timeoutMs = 5000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            pump();
            if (eof || error == ECONNRESET)
                return true;
            if (error || deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
    }
};

// The poller tests run over epoll and over the per-socket notifiers (the fallback elsewhere).
void addBackendRows()
{
    QTest::addColumn<SocketPoller::Backend>("backend");
    QTest::newRow("best") << SocketPoller::Backend::Best;
    QTest::newRow("notifiers") << SocketPoller::Backend::Notifiers;
}

// A RawWebSocket on the accepted end of a loopback TCP connection, and the client end for the test.
class Connection {
public:
    SocketPoller poller;
    std::unique_ptr<RawWebSocket> ws;
    ClientEnd client; // closed first

    // `clientReceiveBuffer` > 0: SO_RCVBUF of the client, set before connecting (so the window stays small).
    bool open(const QByteArray &alreadyRead = {}, int clientReceiveBuffer = 0)
    {
        UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (listener.get() < 0)
            return false;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof address;
        if (::bind(listener.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
            ::listen(listener.get(), 1) != 0 ||
            ::getsockname(listener.get(), reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return false;

        client.fd.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (client.fd.get() < 0)
            return false;
        if (clientReceiveBuffer > 0 &&
            ::setsockopt(client.fd.get(), SOL_SOCKET, SO_RCVBUF, &clientReceiveBuffer, sizeof clientReceiveBuffer) != 0)
            return false;
        if (::connect(client.fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            return false;
        const int server = ::accept(listener.get(), nullptr, nullptr);
        if (server < 0)
            return false;
        const int flags = ::fcntl(server, F_GETFL);
        if (flags < 0 || ::fcntl(server, F_SETFL, flags | O_NONBLOCK) != 0) {
            ::close(server);
            return false;
        }
        ws = std::make_unique<RawWebSocket>(server, QHostAddress(QHostAddress::LocalHost), alreadyRead, &poller);
        return true;
    }
};

// Every message the socket delivered, in order: "T:<text>" or "B:<size>".
class MessageLog {
public:
    explicit MessageLog(MediaChannel *channel)
    {
        QObject::connect(channel, &MediaChannel::textReceived, channel,
                         [this](const QByteArray &utf8) { entries.append(QByteArray("T:") + utf8); });
        QObject::connect(channel, &MediaChannel::binaryReceived, channel, [this](const QByteArray &payload) {
            entries.append("B:" + QByteArray::number(payload.size()));
        });
    }

    QList<QByteArray> entries;
};

// Counts what the poller reports for one descriptor, and drains what arrives.
class CountingClient final : public SocketPoller::Client {
public:
    explicit CountingClient(int fd)
        : fd(fd)
    {
    }

    void socketReadable() override
    {
        ++readable;
        if (unwatched)
            ++callsAfterUnwatch;
        char buffer[4096];
        for (;;) {
            const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                received += n;
                continue;
            }
            if (n == 0)
                hangUp = true;
            break;
        }
        if (onReadable)
            onReadable();
    }

    void socketWritable() override
    {
        ++writable;
        if (unwatched)
            ++callsAfterUnwatch;
    }

    int fd;
    int readable = 0;
    int writable = 0;
    int callsAfterUnwatch = 0;
    qsizetype received = 0;
    bool hangUp = false;
    bool unwatched = false; // set by whoever unwatches it
    std::function<void()> onReadable;
};

bool makeSocketPair(UniqueFd &a, UniqueFd &b)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        return false;
    a.reset(fds[0]);
    b.reset(fds[1]);
    return true;
}

bool writeAll(int fd, QByteArrayView bytes)
{
    return ::send(fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
}

} // namespace

class TestRawWebSocket : public QObject {
    Q_OBJECT
private slots:
    void textAndBinaryMessages();
    void severalFramesInOneSend();
    void frameSplitAcrossSends_data();
    void frameSplitAcrossSends();
    void largeMessageOverManyReads();
    void alreadyReadBytesComeFirst();
    void pingIsAnsweredWithPong();
    void clientCloseIsAnswered_data();
    void clientCloseIsAnswered();
    void serverCloseHandshake();
    void serverCloseTimesOut();
    void protocolErrorsCloseTheConnection_data();
    void protocolErrorsCloseTheConnection();
    void clientGoesAway_data();
    void clientGoesAway();
    void sendTextIsOneUnmaskedFrame_data();
    void sendTextIsOneUnmaskedFrame();
    void writeFramesInOrder();
    void writeFramesBackPressure();
    void backlogLimitDropsSlowReader();
    void abortDropsEverything();
    void pollerReadableAndWritable_data();
    void pollerReadableAndWritable();
    void pollerUnwatchOtherInsideBatch_data();
    void pollerUnwatchOtherInsideBatch();
    void pollerUnwatchSelfInsideCallback_data();
    void pollerUnwatchSelfInsideCallback();
    void pollerWriteInterestDroppedInsideCallback_data();
    void pollerWriteInterestDroppedInsideCallback();
};

void TestRawWebSocket::textAndBinaryMessages()
{
    Connection c;
    QVERIFY(c.open());
    QCOMPARE(c.poller.watchedCount(), 1);
    QVERIFY(c.ws->isOpen());
    QCOMPARE(c.ws->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QSignalSpy texts(c.ws.get(), &MediaChannel::textReceived);
    QSignalSpy binaries(c.ws.get(), &MediaChannel::binaryReceived);
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    const QByteArray text = "hello \xC3\xA9t\xC3\xA9 \xE2\x82\xAC";
    QVERIFY(c.client.send(clientFrame(Opcode::Text, text)));
    QTRY_COMPARE(texts.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), text);
    QCOMPARE(binaries.size(), 0);

    QVERIFY(c.client.send(clientFrame(Opcode::Binary, binaryPayload(1000))));
    QTRY_COMPARE(binaries.size(), 1);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), binaryPayload(1000));
    QCOMPARE(texts.size(), 1);

    QVERIFY(c.client.send(clientFrame(Opcode::Text, {})));
    QTRY_COMPARE(texts.size(), 2);
    QCOMPARE(texts.at(1).at(0).toByteArray(), QByteArray());

    QTest::qWait(50);
    QCOMPARE(texts.size(), 2);
    QCOMPARE(binaries.size(), 1);
    QCOMPARE(disconnected.size(), 0);
    QVERIFY(c.ws->isOpen());
    c.client.pump();
    QVERIFY(c.client.received.isEmpty()); // nothing to answer
}

void TestRawWebSocket::severalFramesInOneSend()
{
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());

    QByteArray batch;
    QList<QByteArray> expected;
    batch += clientFrame(Opcode::Text, "one");
    expected << "T:one";
    batch += clientFrame(Opcode::Binary, binaryPayload(3));
    expected << "B:3";
    batch += clientFrame(Opcode::Text, textPayload(126)); // 16-bit length
    expected << "T:" + textPayload(126);
    batch += clientFrame(Opcode::Text, "frag", false) + clientFrame(Opcode::Continuation, "ment");
    expected << "T:fragment";
    batch += clientFrame(Opcode::Binary, binaryPayload(70000, 1)); // 64-bit length
    expected << "B:70000";
    batch += clientFrame(Opcode::Text, "last");
    expected << "T:last";

    QVERIFY(c.client.send(batch));
    QTRY_COMPARE(log.entries.size(), expected.size());
    QCOMPARE(log.entries, expected);
    QTest::qWait(50);
    QCOMPARE(log.entries.size(), expected.size());
    QVERIFY(c.ws->isOpen());
}

void TestRawWebSocket::frameSplitAcrossSends_data()
{
    QTest::addColumn<int>("splitAt");
    QTest::newRow("inside the header") << 1;
    QTest::newRow("inside the mask key") << 6;
    QTest::newRow("inside the payload") << 150;
    QTest::newRow("one byte missing") << 303;
}

void TestRawWebSocket::frameSplitAcrossSends()
{
    QFETCH(int, splitAt);
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());

    const QByteArray payload = textPayload(300);
    const QByteArray frame = clientFrame(Opcode::Text, payload); // 4 + 4 + 300 bytes
    QCOMPARE(frame.size(), 308);
    QVERIFY(c.client.send(frame.first(splitAt)));
    QTest::qWait(100);
    QCOMPARE(log.entries.size(), 0);
    QVERIFY(c.client.send(frame.sliced(splitAt)));
    QTRY_COMPARE(log.entries.size(), 1);
    QCOMPARE(log.entries.at(0), "T:" + payload);
    QTest::qWait(50);
    QCOMPARE(log.entries.size(), 1);
}

void TestRawWebSocket::largeMessageOverManyReads()
{
    // More than one read's worth (64 KiB per readiness): the rest comes on later wake-ups.
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());
    const qsizetype size = 300 * 1024;
    QByteArray frames = clientFrame(Opcode::Binary, binaryPayload(size));
    frames += clientFrame(Opcode::Text, textPayload(size));
    QVERIFY(c.client.send(frames));
    QTRY_COMPARE(log.entries.size(), 2);
    QCOMPARE(log.entries.at(0), "B:" + QByteArray::number(size));
    QCOMPARE(log.entries.at(1), "T:" + textPayload(size));
}

void TestRawWebSocket::alreadyReadBytesComeFirst()
{
    const QByteArray first = clientFrame(Opcode::Text, "read by Qt with the handshake");
    const QByteArray second = clientFrame(Opcode::Binary, binaryPayload(500));
    const QByteArray third = clientFrame(Opcode::Text, "after");
    const qsizetype half = second.size() / 2;

    Connection c;
    QVERIFY(c.open(first + second.first(half)));
    MessageLog log(c.ws.get()); // connected right after construction
    QSignalSpy texts(c.ws.get(), &MediaChannel::textReceived);
    QCOMPARE(log.entries.size(), 0); // handled from the event loop, not in the constructor

    QTRY_COMPARE(log.entries.size(), 1);
    QCOMPARE(log.entries.at(0), QByteArray("T:read by Qt with the handshake"));
    QCOMPARE(texts.size(), 1);
    QTest::qWait(50);
    QCOMPARE(log.entries.size(), 1); // half a frame is no message

    QVERIFY(c.client.send(second.sliced(half) + third));
    QTRY_COMPARE(log.entries.size(), 3);
    const QList<QByteArray> expected{"T:read by Qt with the handshake", "B:500", "T:after"};
    QCOMPARE(log.entries, expected);
    QVERIFY(c.ws->isOpen());
}

void TestRawWebSocket::pingIsAnsweredWithPong()
{
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());

    const QByteArray payload = "are you there? \x01\x02\xFF";
    QVERIFY(c.client.send(clientFrame(Opcode::Ping, payload)));
    auto pong = c.client.readFrame();
    QVERIFY(pong);
    QCOMPARE(int(pong->opcode()), int(Opcode::Pong));
    QVERIFY(pong->final());
    QVERIFY(!pong->masked);
    QCOMPARE(pong->payload, payload);

    QVERIFY(c.client.send(clientFrame(Opcode::Ping, {})));
    pong = c.client.readFrame();
    QVERIFY(pong);
    QCOMPARE(int(pong->opcode()), int(Opcode::Pong));
    QCOMPARE(pong->payload, QByteArray());

    // A pong from the client is no message and gets no answer.
    QVERIFY(c.client.send(clientFrame(Opcode::Pong, "unsolicited") + clientFrame(Opcode::Text, "still here")));
    QTRY_COMPARE(log.entries.size(), 1);
    QCOMPARE(log.entries.at(0), QByteArray("T:still here"));
    QTest::qWait(50);
    c.client.pump();
    QVERIFY(c.client.received.isEmpty());
    QVERIFY(c.ws->isOpen());
}

void TestRawWebSocket::clientCloseIsAnswered_data()
{
    QTest::addColumn<QByteArray>("closeFrame");
    QTest::newRow("1000 bye") << clientFrame(Opcode::Close, closePayload(1000, "bye"));
    QTest::newRow("no code") << clientFrame(Opcode::Close, {});
}

void TestRawWebSocket::clientCloseIsAnswered()
{
    QFETCH(QByteArray, closeFrame);
    Connection c;
    QVERIFY(c.open());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    QVERIFY(c.client.send(closeFrame));
    const auto reply = c.client.readFrame();
    QVERIFY(reply);
    QCOMPARE(int(reply->opcode()), int(Opcode::Close));
    QVERIFY(reply->final());
    QVERIFY(!reply->masked);
    QCOMPARE(reply->closeCode(), 1000);
    QVERIFY(c.client.waitClosed());
    QVERIFY(c.client.eof);
    QVERIFY(c.client.received.isEmpty()); // nothing after the close frame
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!c.ws->isOpen());
    QCOMPARE(c.poller.watchedCount(), 0);
    QTest::qWait(100);
    QCOMPARE(disconnected.size(), 1);
}

void TestRawWebSocket::serverCloseHandshake()
{
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);
    QSignalSpy binaries(c.ws.get(), &MediaChannel::binaryReceived);

    c.ws->close(1008, QStringLiteral("unauthorized"));
    QVERIFY(!c.ws->isOpen());
    const auto frame = c.client.readFrame();
    QVERIFY(frame);
    QCOMPARE(int(frame->opcode()), int(Opcode::Close));
    QVERIFY(!frame->masked);
    QCOMPARE(frame->closeCode(), 1008);
    QCOMPARE(frame->closeReason(), QByteArray("unauthorized"));

    // Messages and sends after the close frame go nowhere.
    QVERIFY(c.client.send(clientFrame(Opcode::Text, "too late") + clientFrame(Opcode::Binary, "late")));
    c.ws->sendText("not sent");
    const QByteArray frameToSend = sb::ws::encodeTextFrame("not sent either");
    const QByteArray *frames[] = {&frameToSend};
    QCOMPARE(c.ws->writeFrames(frames), 1);
    QTest::qWait(100);
    QCOMPARE(log.entries.size(), 0);
    QCOMPARE(binaries.size(), 0);
    QCOMPARE(disconnected.size(), 0); // still waiting for the answer
    c.client.pump();
    QVERIFY(c.client.received.isEmpty());
    QVERIFY(!c.client.eof);

    QVERIFY(c.client.send(clientFrame(Opcode::Close, closePayload(1008))));
    QVERIFY(c.client.waitClosed());
    QVERIFY(c.client.received.isEmpty()); // the server had said its close already
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(c.poller.watchedCount(), 0);
    // The close timeout, which is still pending, must not report the connection a second time.
    QTest::qWait(RawWebSocket::kCloseTimeoutMs + 300);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(log.entries.size(), 0);
}

void TestRawWebSocket::serverCloseTimesOut()
{
    Connection c;
    QVERIFY(c.open());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    QElapsedTimer elapsed;
    elapsed.start();
    c.ws->close(1008, QStringLiteral("unauthorized"));
    const auto frame = c.client.readFrame();
    QVERIFY(frame);
    QCOMPARE(frame->closeCode(), 1008);
    QCOMPARE(frame->closeReason(), QByteArray("unauthorized"));

    // The client never answers.
    QTest::qWait(RawWebSocket::kCloseTimeoutMs / 2);
    QCOMPARE(disconnected.size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.size() == 1, RawWebSocket::kCloseTimeoutMs + 3000);
    QVERIFY2(elapsed.elapsed() >= RawWebSocket::kCloseTimeoutMs * 9 / 10,
             qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY(c.client.waitClosed());
    QVERIFY(c.client.received.isEmpty());
    QCOMPARE(c.poller.watchedCount(), 0);
    QTest::qWait(100);
    QCOMPARE(disconnected.size(), 1);
}

void TestRawWebSocket::protocolErrorsCloseTheConnection_data()
{
    QTest::addColumn<QByteArray>("badFrame");
    QTest::addColumn<int>("code");

    QTest::newRow("unmasked frame") << sb::ws::encodeTextFrame("hello") << 1002;
    QTest::newRow("text not UTF-8") << clientFrame(Opcode::Text, "bad \xC3\x28 text") << 1007;

    QByteArray tooBig;
    tooBig.append(char(0x82));
    tooBig.append(char(0x80 | 127));
    const quint64 length = quint64(MediaChannel::kMaxMessageBytes) + 1;
    for (int shift = 56; shift >= 0; shift -= 8)
        tooBig.append(char((length >> shift) & 0xFF));
    for (quint8 byte : kMask)
        tooBig.append(char(byte));
    QTest::newRow("message too big") << tooBig << 1009;

    QByteArray reservedBits = clientFrame(Opcode::Text, "rsv");
    reservedBits[0] = char(quint8(reservedBits[0]) | 0x40);
    QTest::newRow("reserved bit") << reservedBits << 1002;
}

void TestRawWebSocket::protocolErrorsCloseTheConnection()
{
    QFETCH(QByteArray, badFrame);
    QFETCH(int, code);
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    // A good message in the same send still counts; nothing after the bad frame does.
    QVERIFY(c.client.send(clientFrame(Opcode::Text, "before") + badFrame));
    const auto frame = c.client.readFrame();
    QVERIFY(frame);
    QCOMPARE(int(frame->opcode()), int(Opcode::Close));
    QVERIFY(!frame->masked);
    QCOMPARE(frame->closeCode(), code);
    QVERIFY(frame->closeReason().isValidUtf8());
    QVERIFY(c.client.waitClosed());
    QVERIFY(c.client.received.isEmpty());
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!c.ws->isOpen());
    QCOMPARE(c.poller.watchedCount(), 0);
    QCOMPARE(log.entries, QList<QByteArray>{"T:before"});
    QTest::qWait(50);
    QCOMPARE(disconnected.size(), 1);
}

void TestRawWebSocket::clientGoesAway_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("close") << QStringLiteral("close");
    QTest::newRow("reset") << QStringLiteral("reset");
    QTest::newRow("shutdown write") << QStringLiteral("shutdown");
}

void TestRawWebSocket::clientGoesAway()
{
    QFETCH(QString, how);
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    QVERIFY(c.client.send(clientFrame(Opcode::Text, "last words")));
    QTRY_COMPARE(log.entries.size(), 1);

    if (how == QLatin1String("reset")) {
        const linger hard{1, 0};
        QCOMPARE(::setsockopt(c.client.fd.get(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
        c.client.fd.reset();
    } else if (how == QLatin1String("shutdown")) {
        QCOMPARE(::shutdown(c.client.fd.get(), SHUT_WR), 0);
    } else {
        c.client.fd.reset();
    }
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!c.ws->isOpen());
    QCOMPARE(c.poller.watchedCount(), 0);
    QCOMPARE(c.ws->backlog(), 0);
    QTest::qWait(100);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(log.entries.size(), 1);
    if (how == QLatin1String("shutdown")) {
        QVERIFY(c.client.waitClosed()); // the server closed its end too
        QVERIFY(c.client.received.isEmpty());
    }
}

void TestRawWebSocket::sendTextIsOneUnmaskedFrame_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("short") << QByteArray("{\"event\":\"media\"}");
    QTest::newRow("125") << textPayload(125);
    QTest::newRow("126") << textPayload(126);
    QTest::newRow("65535") << textPayload(65535);
    QTest::newRow("65536") << textPayload(65536);
    QTest::newRow("300 KiB") << textPayload(300 * 1024);
}

void TestRawWebSocket::sendTextIsOneUnmaskedFrame()
{
    QFETCH(QByteArray, payload);
    Connection c;
    QVERIFY(c.open());
    c.ws->sendText(payload);
    const auto frame = c.client.readFrame();
    QVERIFY(frame);
    QCOMPARE(quint8(frame->firstByte), quint8(0x81)); // FIN + text, no reserved bits
    QVERIFY(!frame->masked);
    QCOMPARE(frame->payload.size(), payload.size());
    QVERIFY(frame->payload == payload);
    QTest::qWait(50);
    c.client.pump();
    QVERIFY(c.client.received.isEmpty()); // exactly one frame
    QCOMPARE(c.ws->backlog(), 0);
    QVERIFY(c.ws->isOpen());
}

void TestRawWebSocket::writeFramesInOrder()
{
    Connection c;
    QVERIFY(c.open());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    // More frames than one sendmsg() gathers, of all three header sizes.
    QList<QByteArray> frames;
    QByteArray expected;
    for (int i = 0; i < 150; ++i) {
        const qsizetype size = i % 50 == 7 ? 300 : (i * 37) % 120 + 8;
        frames.append(sb::ws::encodeTextFrame(numberedPayload(i, size)));
        expected += frames.last();
    }
    std::vector<const QByteArray *> pointers;
    for (const QByteArray &frame : std::as_const(frames))
        pointers.push_back(&frame);

    QCOMPARE(c.ws->writeFrames(pointers), int(frames.size()));
    QCOMPARE(c.ws->backlog(), 0);
    QVERIFY(c.client.readAtLeast(expected.size()));
    QCOMPARE(c.client.received.size(), expected.size());
    QVERIFY(c.client.received == expected);
    for (int i = 0; i < frames.size(); ++i) {
        const auto frame = takeServerFrame(c.client.received);
        QVERIFY(frame);
        QCOMPARE(quint8(frame->firstByte), quint8(0x81));
        QCOMPARE(frame->payload, sb::ws::framePayload(frames.at(i)).toByteArray());
    }
    QVERIFY(c.client.received.isEmpty());

    // An empty span takes nothing and sends nothing.
    QCOMPARE(c.ws->writeFrames({}), 0);
    QTest::qWait(50);
    c.client.pump();
    QVERIFY(c.client.received.isEmpty());
    QCOMPARE(disconnected.size(), 0);
}

void TestRawWebSocket::writeFramesBackPressure()
{
    Connection c;
    QVERIFY(c.open({}, 4096));
    c.ws->setSendBufferSize(4096);
    QSignalSpy writable(c.ws.get(), &MediaChannel::writable);
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    constexpr int kBatch = 4;
    constexpr qsizetype kPayload = 1024;
    int nextIndex = 0;
    QByteArray expected; // the frames reported taken, in order
    int lastTaken = -1;
    for (int round = 0; round < 10000; ++round) {
        std::array<QByteArray, kBatch> batch;
        std::array<const QByteArray *, kBatch> pointers{};
        for (int i = 0; i < kBatch; ++i) {
            batch[size_t(i)] = sb::ws::encodeTextFrame(numberedPayload(nextIndex++, kPayload));
            pointers[size_t(i)] = &batch[size_t(i)];
        }
        const int taken = c.ws->writeFrames(pointers);
        QVERIFY(taken >= 0 && taken <= kBatch);
        for (int i = 0; i < taken; ++i)
            expected += batch[size_t(i)];
        if (taken < kBatch) {
            lastTaken = taken;
            break;
        }
    }
    QVERIFY2(lastTaken >= 0, "the kernel never pushed back");
    QVERIFY(c.ws->isOpen());
    QVERIFY(c.ws->backlog() > 0 || lastTaken == 0);
    QVERIFY(c.ws->backlog() <= kPayload + 4); // at most the rest of one frame
    QVERIFY(expected.size() < 1024 * 1024);   // the small buffers held
    if (c.ws->backlog() > 0) {
        const qint64 backlog = c.ws->backlog();
        const QByteArray more = sb::ws::encodeTextFrame(numberedPayload(nextIndex++, kPayload));
        const QByteArray *pointers[] = {&more, &more};
        for (int i = 0; i < 3; ++i)
            QCOMPARE(c.ws->writeFrames(pointers), 0);
        QCOMPARE(c.ws->backlog(), backlog);
    }
    QCOMPARE(writable.size(), 0);

    // Now the client reads everything: the backlog goes out, then writable().
    QVERIFY(c.client.readAtLeast(expected.size(), 20000));
    QTRY_COMPARE(writable.size(), 1);
    QCOMPARE(c.ws->backlog(), 0);
    QTest::qWait(50);
    c.client.pump();
    QCOMPARE(c.client.received.size(), expected.size());
    QVERIFY(c.client.received == expected); // in order, no gap, no duplicate
    QCOMPARE(writable.size(), 1);

    // And frames are taken again.
    const QByteArray after = sb::ws::encodeTextFrame("after the pause");
    const QByteArray *pointers[] = {&after};
    QCOMPARE(c.ws->writeFrames(pointers), 1);
    c.client.received.clear();
    const auto frame = c.client.readFrame();
    QVERIFY(frame);
    QCOMPARE(frame->payload, QByteArray("after the pause"));
    QCOMPARE(disconnected.size(), 0);
    QVERIFY(c.ws->isOpen());
}

void TestRawWebSocket::backlogLimitDropsSlowReader()
{
    Connection c;
    QVERIFY(c.open({}, 4096));
    c.ws->setSendBufferSize(4096);
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);

    const QByteArray chunk = textPayload(64 * 1024);
    const qint64 frameSize = sb::ws::encodeTextFrame(chunk).size();
    qint64 offered = 0;
    qint64 largestBacklog = 0;
    while (c.ws->isOpen() && offered < 64 * RawWebSocket::kMaxBacklogBytes) {
        c.ws->sendText(chunk);
        offered += frameSize;
        if (c.ws->isOpen())
            largestBacklog = qMax(largestBacklog, c.ws->backlog());
    }
    QVERIFY(!c.ws->isOpen());
    QVERIFY(offered > RawWebSocket::kMaxBacklogBytes);
    QVERIFY(largestBacklog <= RawWebSocket::kMaxBacklogBytes);
    QVERIFY(largestBacklog + frameSize > RawWebSocket::kMaxBacklogBytes); // not dropped early
    QCOMPARE(c.ws->backlog(), 0);
    QCOMPARE(c.poller.watchedCount(), 0);
    QCOMPARE(disconnected.size(), 0); // queued
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(c.client.waitClosed(10000));
    QTest::qWait(50);
    QCOMPARE(disconnected.size(), 1);
}

void TestRawWebSocket::abortDropsEverything()
{
    Connection c;
    QVERIFY(c.open());
    MessageLog log(c.ws.get());
    QSignalSpy disconnected(c.ws.get(), &MediaChannel::disconnected);
    QSignalSpy writable(c.ws.get(), &MediaChannel::writable);

    c.ws->abort();
    QVERIFY(!c.ws->isOpen());
    QCOMPARE(disconnected.size(), 0); // from the event loop, never from inside the call
    QCOMPARE(c.poller.watchedCount(), 0);

    const QByteArray one = sb::ws::encodeTextFrame("one");
    const QByteArray two = sb::ws::encodeTextFrame("two");
    const QByteArray *frames[] = {&one, &two, &one};
    QCOMPARE(c.ws->writeFrames(frames), 3);
    c.ws->sendText("nothing");
    c.ws->close(1000, QStringLiteral("too late"));
    c.ws->abort();
    QCOMPARE(c.ws->backlog(), 0);

    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(c.client.waitClosed());
    QVERIFY(c.client.eof || c.client.error == ECONNRESET);
    QVERIFY(c.client.received.isEmpty()); // the frames were discarded
    QTest::qWait(100);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(writable.size(), 0);
    QCOMPARE(log.entries.size(), 0);
}

void TestRawWebSocket::pollerReadableAndWritable_data()
{
    addBackendRows();
}

void TestRawWebSocket::pollerReadableAndWritable()
{
    QFETCH(SocketPoller::Backend, backend);
    SocketPoller poller(nullptr, backend);
    UniqueFd mine;
    UniqueFd theirs;
    QVERIFY(makeSocketPair(mine, theirs));
    CountingClient client(mine.get());
    CountingClient other(mine.get());

    QCOMPARE(poller.watchedCount(), 0);
    QVERIFY(poller.watch(mine.get(), &client));
    QCOMPARE(poller.watchedCount(), 1);
    QVERIFY(!poller.watch(mine.get(), &client));
    QVERIFY(!poller.watch(mine.get(), &other));
    QVERIFY(!poller.watch(-1, &other));
    QCOMPARE(poller.watchedCount(), 1);

    QTest::qWait(50);
    QCOMPARE(client.readable, 0); // nothing arrived
    QCOMPARE(client.writable, 0); // nobody asked

    QVERIFY(writeAll(theirs.get(), "hello"));
    QTRY_COMPARE(client.received, qsizetype(5));
    QVERIFY(client.readable >= 1);
    const int readsAfterData = client.readable;
    QTest::qWait(50);
    QCOMPARE(client.readable, readsAfterData); // drained: level-triggered, quiet again

    poller.setWriteInterest(mine.get(), true);
    QTRY_VERIFY(client.writable >= 3); // keeps coming while asked for
    QCOMPARE(client.readable, readsAfterData);
    poller.setWriteInterest(mine.get(), false);
    const int writesBeforeStop = client.writable;
    QTest::qWait(100);
    QCOMPARE(client.writable, writesBeforeStop);

    QVERIFY(writeAll(theirs.get(), "x"));
    QTRY_COMPARE(client.received, qsizetype(6));

    // Unwatched: data arrives, nobody is told.
    poller.unwatch(mine.get());
    QCOMPARE(poller.watchedCount(), 0);
    poller.unwatch(mine.get()); // twice is harmless
    poller.setWriteInterest(mine.get(), true);
    const int readsBeforeUnwatch = client.readable;
    const int writesBeforeUnwatch = client.writable;
    QVERIFY(writeAll(theirs.get(), "abc"));
    QTest::qWait(100);
    QCOMPARE(client.readable, readsBeforeUnwatch);
    QCOMPARE(client.writable, writesBeforeUnwatch);
    char buffer[16];
    QCOMPARE(::recv(mine.get(), buffer, sizeof buffer, MSG_DONTWAIT), ssize_t(3)); // it was there

    // Watched again, by another client.
    QVERIFY(poller.watch(mine.get(), &other));
    QCOMPARE(poller.watchedCount(), 1);
    QVERIFY(writeAll(theirs.get(), "z"));
    QTRY_COMPARE(other.received, qsizetype(1));
    QCOMPARE(client.readable, readsBeforeUnwatch);

    // Hang-up reads as readable; the client unwatches on end of stream.
    other.onReadable = [&] {
        if (other.hangUp && !other.unwatched) {
            poller.unwatch(other.fd);
            other.unwatched = true;
        }
    };
    theirs.reset();
    QTRY_VERIFY(other.hangUp);
    QCOMPARE(poller.watchedCount(), 0);
    QTest::qWait(50);
    QCOMPARE(other.callsAfterUnwatch, 0);
}

void TestRawWebSocket::pollerUnwatchOtherInsideBatch_data()
{
    addBackendRows();
}

void TestRawWebSocket::pollerUnwatchOtherInsideBatch()
{
    // Both descriptors are ready in the same epoll batch; whichever is called first unwatches the other,
    // which must then not be called at all (not even for the write readiness it asked for).
    QFETCH(SocketPoller::Backend, backend);
    SocketPoller poller(nullptr, backend);
    UniqueFd firstMine, firstTheirs, secondMine, secondTheirs;
    QVERIFY(makeSocketPair(firstMine, firstTheirs));
    QVERIFY(makeSocketPair(secondMine, secondTheirs));
    CountingClient first(firstMine.get());
    CountingClient second(secondMine.get());
    auto unwatchOther = [&poller](CountingClient &other) {
        if (!other.unwatched) {
            poller.unwatch(other.fd);
            other.unwatched = true;
        }
    };
    first.onReadable = [&] { unwatchOther(second); };
    second.onReadable = [&] { unwatchOther(first); };
    QVERIFY(poller.watch(first.fd, &first));
    QVERIFY(poller.watch(second.fd, &second));
    poller.setWriteInterest(first.fd, true);
    poller.setWriteInterest(second.fd, true);
    QCOMPARE(poller.watchedCount(), 2);

    // No event loop in between: both are ready when the poller next looks.
    QVERIFY(writeAll(firstTheirs.get(), "1"));
    QVERIFY(writeAll(secondTheirs.get(), "2"));
    QTest::qWait(100);

    QCOMPARE(first.readable + second.readable, 1);
    QVERIFY(first.unwatched != second.unwatched);
    QCOMPARE(first.callsAfterUnwatch, 0);
    QCOMPARE(second.callsAfterUnwatch, 0);
    CountingClient &gone = first.unwatched ? first : second;
    CountingClient &kept = first.unwatched ? second : first;
    QCOMPARE(gone.readable, 0);
    QCOMPARE(gone.writable, 0);
    QCOMPARE(kept.readable, 1);
    QVERIFY(kept.writable >= 1);
    QCOMPARE(poller.watchedCount(), 1);
    poller.unwatch(kept.fd);
    QCOMPARE(poller.watchedCount(), 0);
}

void TestRawWebSocket::pollerUnwatchSelfInsideCallback_data()
{
    addBackendRows();
}

void TestRawWebSocket::pollerUnwatchSelfInsideCallback()
{
    // Readable and writable in the same event: a client that unwatches itself when reading is not then
    // told it can write.
    QFETCH(SocketPoller::Backend, backend);
    SocketPoller poller(nullptr, backend);
    UniqueFd mine;
    UniqueFd theirs;
    QVERIFY(makeSocketPair(mine, theirs));
    CountingClient client(mine.get());
    client.onReadable = [&] {
        poller.unwatch(client.fd);
        client.unwatched = true;
    };
    QVERIFY(poller.watch(client.fd, &client));
    poller.setWriteInterest(client.fd, true);
    QVERIFY(writeAll(theirs.get(), "data"));
    QTest::qWait(100);
    QCOMPARE(client.readable, 1);
    QCOMPARE(client.writable, 0);
    QCOMPARE(client.callsAfterUnwatch, 0);
    QCOMPARE(poller.watchedCount(), 0);
}

void TestRawWebSocket::pollerWriteInterestDroppedInsideCallback_data()
{
    addBackendRows();
}

void TestRawWebSocket::pollerWriteInterestDroppedInsideCallback()
{
    // Readable and writable in the same event: a client that no longer wants to write when it reads is
    // not told it can.
    QFETCH(SocketPoller::Backend, backend);
    SocketPoller poller(nullptr, backend);
    UniqueFd mine;
    UniqueFd theirs;
    QVERIFY(makeSocketPair(mine, theirs));
    CountingClient client(mine.get());
    client.onReadable = [&] { poller.setWriteInterest(client.fd, false); };
    QVERIFY(poller.watch(client.fd, &client));
    poller.setWriteInterest(client.fd, true);
    QVERIFY(writeAll(theirs.get(), "data"));
    QTest::qWait(100);
    QCOMPARE(client.readable, 1);
    QCOMPARE(client.writable, 0);
    QCOMPARE(client.received, qsizetype(4));

    // Still watched for reading.
    QVERIFY(writeAll(theirs.get(), "more"));
    QTRY_COMPARE(client.received, qsizetype(8));
    QCOMPARE(client.writable, 0);
    QCOMPARE(poller.watchedCount(), 1);
}

QTEST_GUILESS_MAIN(TestRawWebSocket)
#include "tst_rawwebsocket.moc"
