// SPDX-License-Identifier: MIT
// The HTTP front end's limits (docs/interface.md §3.3), probed from outside over real sockets against the
// real server: what a client can make it hold, for how long, and how many connections.
#include "ServerHarness.h"
#include "WebSocketTestData.h"
#include "calls/CallEventsHub.h"
#include "http/HttpLimits.h"
#include "websocket/WebSocketFrames.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

using namespace sb::test;

namespace {

const QString kToken = QStringLiteral("test-token-0123456789");

// A Switchboard with chosen HTTP limits (short timeouts, a small cap), on an ephemeral port.
class LimitedServer {
public:
    bool start(const sb::HttpLimits &limits, const std::function<void(sb::Config &)> &adjust = {})
    {
        sb::Config c;
        c.port = 0;
        c.apiToken = kToken;
        c.databaseUrl = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("switchboard.sqlite"));
        c.configFile = m_dir.filePath(QStringLiteral("switchboard.conf"));
        c.headless = true;
        if (adjust)
            adjust(c);
        m_server = std::make_unique<sb::SwitchboardServer>(c);
        m_server->setHttpLimits(limits);
        QString error;
        return m_server->start(&error);
    }
    quint16 port() const { return m_server->port(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sb::SwitchboardServer> m_server;
};

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(3000))
        return nullptr;
    return socket;
}

// Sends `request` and collects what comes back until the server closes the connection (or `waitMs` passes).
QByteArray exchange(quint16 port, const QByteArray &request, int waitMs = 3000)
{
    auto socket = connectTo(port);
    if (!socket)
        return {};
    socket->write(request);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (socket->state() == QAbstractSocket::ConnectedState && clock.elapsed() < waitMs) {
        QTest::qWait(5);
        answer += socket->readAll();
    }
    return answer + socket->readAll();
}

bool closedByServer(QTcpSocket *socket, int waitMs = 3000)
{
    QElapsedTimer clock;
    clock.start();
    while (socket->state() == QAbstractSocket::ConnectedState && clock.elapsed() < waitMs)
        QTest::qWait(5);
    return socket->state() != QAbstractSocket::ConnectedState;
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QString errorCodeOf(const QByteArray &answer)
{
    const QJsonObject json = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    if (json.value(QLatin1String("success")).toBool(true))
        return {};
    return json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

int openConnections(quint16 port)
{
    const QByteArray metrics = exchange(port, "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n");
    const QRegularExpression line(QStringLiteral("^switchboard_connections_open (\\d+)"),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(metrics));
    return match.hasMatch() ? match.captured(1).toInt() - 1 : -1; // not counting the connection that asks
}

// The per-call media secret the server sent Telnyx with its last dial.
QString streamTokenOfLastDial(ServerHarness &h)
{
    return h.telnyx()
        .requestsTo(QStringLiteral("/calls"))
        .last()
        .body.value(QLatin1String("stream_auth_token"))
        .toString();
}

// A port free right now, for an extra listener.
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Starts `server` with an extra listener (`field`) on a free port, returned in *extra. Another test running beside
// may take the probed port before the server binds it (CI saw it once): a few ports are tried.
bool startWithExtraPort(LimitedServer &server, const sb::HttpLimits &limits, std::optional<quint16> sb::Config::*field,
                        quint16 *extra)
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        *extra = freePort();
        if (server.start(limits, [field, port = *extra](sb::Config &c) { c.*field = port; }))
            return true;
    }
    return false;
}

QByteArray upgradeRequest(const QString &pathAndQuery, const QByteArray &key = "dGhlIHNhbXBsZSBub25jZQ==")
{
    QByteArray head = "GET " + pathAndQuery.toUtf8() +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Version: 13\r\n";
    if (!key.isNull())
        head += "Sec-WebSocket-Key: " + key + "\r\n";
    return head + "\r\n";
}

// The header of a masked client text frame announcing `length` payload bytes (the payload is up to the caller).
QByteArray clientFrameHeader(quint64 length, bool final = true, sb::ws::Opcode opcode = sb::ws::Opcode::Text)
{
    QByteArray header;
    header.append(char((final ? 0x80 : 0) | quint8(opcode)));
    if (length < 126) {
        header.append(char(0x80 | length));
    } else if (length <= 0xFFFF) { // RFC 6455 section 5.2: the shortest form, or it is a protocol error
        header.append(char(0x80 | 126));
        header.append(char(length >> 8));
        header.append(char(length & 0xFF));
    } else {
        header.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            header.append(char((length >> shift) & 0xFF));
    }
    return header + QByteArray(4, '\0'); // a zero mask: the payload goes as it is
}

// Reads what the server sends after its 101 until it closes: the close code of its close frame, 0 when none came.
quint16 closeCodeAfter(QTcpSocket *socket, int waitMs = 5000)
{
    QByteArray bytes;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < waitMs) {
        bytes += socket->readAll();
        for (const sb::test::ServerFrame &frame : sb::test::serverFrames(bytes)) {
            if (frame.opcode == 0x8 && frame.payload.size() >= 2)
                return quint16(quint8(frame.payload[0]) << 8 | quint8(frame.payload[1]));
        }
        if (socket->state() != QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            break;
        QTest::qWait(5);
    }
    return 0;
}

sb::HttpLimits shortLimits()
{
    sb::HttpLimits limits;
    limits.headTimeoutMs = 300;
    limits.idleTimeoutMs = 400;
    return limits;
}

} // namespace

class tst_HttpFrontend : public QObject {
    Q_OBJECT
private slots:
    void unendingHeadIs431_data();
    void unendingHeadIs431();
    void announcedBodyOverLimitIs413BeforeItIsSent_data();
    void announcedBodyOverLimitIs413BeforeItIsSent();
    void chunkedFloodIs413();
    void smugglingShapesAre400_data();
    void smugglingShapesAre400();
    void headTimeout();
    void idleTimeout();
    void connectionCloseHonoured_data();
    void connectionCloseHonoured();
    void pipelinedRequestsStillWork();
    void capMakesRoomFromSlowClients();
    void capSparesARequestNotYetRead();
    void capNeverClosesWebSockets();
    void mediaWebSocketsCountUntilClosed();
    void mediaBytesSentWithTheHandshakeArrive();
    void oversizedCallEventsMessageCloses1009_data();
    void oversizedCallEventsMessageCloses1009();
    void malformedWebSocketKeyIs400_data();
    void malformedWebSocketKeyIs400();
    void extraListenersCountFromAccept();
    void callEventsClientThatDoesNotReadIsDropped();
};

void tst_HttpFrontend::unendingHeadIs431_data()
{
    QTest::addColumn<QByteArray>("eol");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("LF") << QByteArray("\n");
    QTest::newRow("mixed") << QByteArray("\n\r\n").left(1); // a LF line, then CRLF lines below
}

void tst_HttpFrontend::unendingHeadIs431()
{
    QFETCH(QByteArray, eol);
    LimitedServer server;
    QVERIFY(server.start({}));
    auto client = connectTo(server.port());
    QVERIFY(client);
    client->write("GET /healthz HTTP/1.1" + eol);
    qint64 written = 0;
    int line = 0;
    // Header lines of 1 KiB, one at a time, until the server answers: it must do so once it has 16 KiB.
    while (client->bytesAvailable() == 0 && client->state() == QAbstractSocket::ConnectedState &&
           written < 1024 * 1024) {
        const QByteArray end = (++line % 2) ? eol : QByteArray("\r\n");
        written += client->write("X-Slow-" + QByteArray::number(line) + ": " + QByteArray(1000, 'z') + end);
        client->flush();
        QTest::qWait(2);
    }
    QVERIFY(closedByServer(client.get()));
    const QByteArray answer = client->readAll();
    QCOMPARE(statusOf(answer), 431);
    QCOMPARE(errorCodeOf(answer), QStringLiteral("header_too_large"));
    QVERIFY2(written <= 16 * 1024 + 4096, QByteArray::number(written).constData());
    QCOMPARE(statusOf(exchange(server.port(), "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
}

void tst_HttpFrontend::announcedBodyOverLimitIs413BeforeItIsSent_data()
{
    QTest::addColumn<QByteArray>("eol");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("LF") << QByteArray("\n");
}

void tst_HttpFrontend::announcedBodyOverLimitIs413BeforeItIsSent()
{
    QFETCH(QByteArray, eol);
    LimitedServer server;
    QVERIFY(server.start({}));
    auto client = connectTo(server.port());
    QVERIFY(client);
    // A long head too (over what the former guard looked at), and 256 MiB announced: no body byte is sent.
    QByteArray head = "POST /api/calls/telnyx/webhook HTTP/1.1" + eol + "Content-Type: application/json" + eol;
    for (int i = 0; i < 12; ++i)
        head += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(1000, 'f') + eol;
    head += "Content-Length: 268435456" + eol + eol;
    client->write(head);
    QVERIFY(closedByServer(client.get()));
    const QByteArray answer = client->readAll();
    QCOMPARE(statusOf(answer), 413);
    QCOMPARE(errorCodeOf(answer), QStringLiteral("payload_too_large"));
}

void tst_HttpFrontend::chunkedFloodIs413()
{
    LimitedServer server;
    QVERIFY(server.start({}));
    auto client = connectTo(server.port());
    QVERIFY(client);
    client->write("POST /api/calls/telnyx/webhook HTTP/1.1\nContent-Type: application/json\n"
                  "Transfer-Encoding: chunked\n\n");
    const QByteArray chunk = "4000\r\n" + QByteArray(0x4000, 'a') + "\r\n"; // 16 KiB
    qint64 sent = 0;
    while (client->bytesAvailable() == 0 && client->state() == QAbstractSocket::ConnectedState &&
           sent < 8 * 1024 * 1024) {
        sent += client->write(chunk) - 8;
        client->flush();
        QTest::qWait(1);
    }
    QVERIFY(closedByServer(client.get()));
    const QByteArray answer = client->readAll();
    QCOMPARE(statusOf(answer), 413);
    QVERIFY2(sent <= 1024 * 1024 + 0x4000 * 8, QByteArray::number(sent).constData());
}

void tst_HttpFrontend::smugglingShapesAre400_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("two Content-Lengths") << QByteArray(
        "POST /api/calls/telnyx/webhook HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}");
    QTest::newRow("Content-Length and chunked")
        << QByteArray("POST /api/calls/telnyx/webhook HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                      "\r\n0\r\n\r\n");
    QTest::newRow("other coding") << QByteArray(
        "POST /api/calls/telnyx/webhook HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n");
    QTest::newRow("folded line") << QByteArray("GET /healthz HTTP/1.1\r\nX-A: 1\r\n Content-Length: 5\r\n\r\n");
}

void tst_HttpFrontend::smugglingShapesAre400()
{
    QFETCH(QByteArray, request);
    LimitedServer server;
    QVERIFY(server.start({}));
    const QByteArray answer = exchange(server.port(), request + "GET /healthz HTTP/1.1\r\n\r\n");
    QCOMPARE(statusOf(answer), 400);
    QCOMPARE(errorCodeOf(answer), QStringLiteral("bad_request"));
    QCOMPARE(answer.count("HTTP/1.1 "), 1); // and nothing after it was served
}

void tst_HttpFrontend::headTimeout()
{
    LimitedServer server;
    QVERIFY(server.start(shortLimits()));
    // A head that trickles: 408, closed, although bytes keep coming.
    auto slow = connectTo(server.port());
    QVERIFY(slow);
    QElapsedTimer clock;
    clock.start();
    slow->write("GET /healthz HTTP/1.1\r\n");
    while (slow->state() == QAbstractSocket::ConnectedState && clock.elapsed() < 3000) {
        slow->write("X: y\r\n");
        QTest::qWait(50);
    }
    QVERIFY(closedByServer(slow.get()));
    QVERIFY(clock.elapsed() < 2000);
    const QByteArray answer = slow->readAll();
    QCOMPARE(statusOf(answer), 408);
    QCOMPARE(errorCodeOf(answer), QStringLiteral("request_timeout"));
    // A connection that never sends a byte.
    auto silent = connectTo(server.port());
    QVERIFY(silent);
    QVERIFY(closedByServer(silent.get()));
}

void tst_HttpFrontend::idleTimeout()
{
    LimitedServer server;
    QVERIFY(server.start(shortLimits()));
    auto client = connectTo(server.port());
    QVERIFY(client);
    client->write("GET /healthz HTTP/1.1\r\n\r\n");
    QTRY_VERIFY(client->bytesAvailable() > 0);
    QCOMPARE(statusOf(client->readAll()), 200);
    // Kept alive for another request...
    QTest::qWait(200);
    client->write("GET /healthz HTTP/1.1\r\n\r\n");
    QTRY_VERIFY(client->bytesAvailable() > 0);
    QCOMPARE(statusOf(client->readAll()), 200);
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    // ...and closed once idle for longer than the limit.
    QVERIFY(closedByServer(client.get(), 3000));

    // A WebSocket is not subject to the HTTP idle timer.
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/call-events?token=%2").arg(server.port()).arg(kToken)));
    QVERIFY(connected.wait(3000));
    QTest::qWait(1200);
    QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);
}

void tst_HttpFrontend::connectionCloseHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("Connection: close") << QByteArray("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    QTest::newRow("HTTP/1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n");
    QTest::newRow("Connection: close, LF") << QByteArray("GET /healthz HTTP/1.1\nConnection: close\n\n");
}

void tst_HttpFrontend::connectionCloseHonoured()
{
    QFETCH(QByteArray, request);
    LimitedServer server;
    QVERIFY(server.start({})); // default timeouts: it is the request that ends the connection
    QElapsedTimer clock;
    clock.start();
    const QByteArray answer = exchange(server.port(), request + "GET /metrics HTTP/1.1\r\n\r\n", 5000);
    QVERIFY(clock.elapsed() < 2500);
    QCOMPARE(statusOf(answer), 200);
    QCOMPARE(answer.count("HTTP/1.1 "), 1); // what was pipelined after it is ignored
    QVERIFY(answer.contains("\"status\""));
}

void tst_HttpFrontend::pipelinedRequestsStillWork()
{
    LimitedServer server;
    QVERIFY(server.start({}));
    auto client = connectTo(server.port());
    QVERIFY(client);
    client->write("GET /healthz HTTP/1.1\r\n\r\nGET /metrics HTTP/1.1\nHost: x\n\n"
                  "POST /api/calls/telnyx/end HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET /healthz HTTP/1.1\r\n\r\n");
    QByteArray answers;
    QTRY_VERIFY((answers += client->readAll()).count("HTTP/1.1 ") == 4);
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    QVERIFY(answers.contains("HTTP/1.1 401")); // the POST without a token, in its turn
}

void tst_HttpFrontend::capMakesRoomFromSlowClients()
{
    LimitedServer server;
    sb::HttpLimits limits;
    limits.maxConnections = 20;
    QVERIFY(server.start(limits));
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < limits.maxConnections; ++i) {
        slow.push_back(connectTo(server.port()));
        QVERIFY(slow.back());
        slow.back()->write("GET /healthz HTTP/1.1\r\nX-Slow: ");
    }
    QTRY_COMPARE(openConnections(server.port()), limits.maxConnections - 1); // the metrics request made room too
    QElapsedTimer clock;
    clock.start();
    const QByteArray answer = exchange(server.port(), "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(answer), 200);
    qInfo() << "/healthz answered in" << clock.elapsed() << "ms with the cap full of slow clients";
    QVERIFY(clock.elapsed() < 1000);
    QVERIFY(closedByServer(slow.front().get())); // the oldest slow ones made room
    QVERIFY(openConnections(server.port()) <= limits.maxConnections);
}

// A client whose request arrived just before a burst of idle connections: the server accepts the whole burst
// before it reads anything, so that client is then the oldest connection without a request read. It is not the
// one closed for room (attack_probe once saw /healthz reset this way); the oldest idle one is.
void tst_HttpFrontend::capSparesARequestNotYetRead()
{
    LimitedServer server;
    sb::HttpLimits limits;
    limits.maxConnections = 4;
    QVERIFY(server.start(limits));
    // Connected and written while the server's event loop does not run: the kernel holds all of it.
    const std::unique_ptr<QTcpSocket> early = connectTo(server.port());
    QVERIFY(early);
    early->write("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY(early->waitForBytesWritten(3000));
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < limits.maxConnections + 1; ++i) {
        idle.push_back(connectTo(server.port()));
        QVERIFY(idle.back());
    }
    QByteArray answer;
    QTRY_VERIFY((answer += early->readAll()).contains("\r\n\r\n") ||
                early->state() == QAbstractSocket::UnconnectedState);
    QCOMPARE(statusOf(answer), 200);
    QVERIFY(closedByServer(idle.front().get())); // the oldest idle one made room instead
}

void tst_HttpFrontend::capNeverClosesWebSockets()
{
    LimitedServer server;
    sb::HttpLimits limits;
    limits.maxConnections = 4;
    QVERIFY(server.start(limits));
    const int before = openConnections(server.port());
    QCOMPARE(before, 0);
    // An authenticated /call-events WebSocket, the oldest connection of all.
    QWebSocket events;
    QSignalSpy connected(&events, &QWebSocket::connected);
    events.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/call-events?token=%2").arg(server.port()).arg(kToken)));
    QVERIFY(connected.wait(3000));
    QTRY_COMPARE(openConnections(server.port()), 1);
    // Slow clients fill the cap, and new requests keep coming: the slow ones go, never the WebSocket.
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 6; ++i) {
        slow.push_back(connectTo(server.port()));
        slow.back()->write("GET / HTTP/1.1\r\n");
        QTest::qWait(20);
    }
    for (int i = 0; i < 3; ++i)
        QCOMPARE(statusOf(exchange(server.port(), "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
    QCOMPARE(events.state(), QAbstractSocket::ConnectedState);
    slow.clear();

    // When every connection is a WebSocket, a new connection is closed at once.
    std::vector<std::unique_ptr<QWebSocket>> more;
    for (int i = 0; i < 3; ++i) {
        more.push_back(std::make_unique<QWebSocket>());
        QSignalSpy up(more.back().get(), &QWebSocket::connected);
        more.back()->open(
            QUrl(QStringLiteral("ws://127.0.0.1:%1/call-events?token=%2").arg(server.port()).arg(kToken)));
        QVERIFY(up.wait(3000));
    }
    QTest::qWait(100);
    auto refused = connectTo(server.port());
    QVERIFY(refused);
    refused->write("GET /healthz HTTP/1.1\r\n\r\n");
    QVERIFY(closedByServer(refused.get()));
    QCOMPARE(refused->readAll(), QByteArray());
    QCOMPARE(events.state(), QAbstractSocket::ConnectedState);
    for (auto &ws : more)
        QCOMPARE(ws->state(), QAbstractSocket::ConnectedState);

    // They count until they close, and then no longer.
    more.clear();
    events.close();
    QTRY_COMPARE(openConnections(server.port()), 0);
}

void tst_HttpFrontend::mediaWebSocketsCountUntilClosed()
{
    // A media WebSocket's descriptor is taken over from Qt's socket (MediaChannel::adopt): it keeps counting
    // against the cap until the channel closes. And the take-over is quiet: QWebSocketServer's second, queued
    // handshake check must not peek the Qt socket adopt() has closed ("QIODevice::peek (QTcpSocket): device
    // not open", see MediaChannel.cpp).
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QIODevice::peek")));
    ServerHarness h;
    QVERIFY(h.start());
    const QString id = h.dial();
    QVERIFY(!id.isEmpty());
    const int before = openConnections(h.server()->port()); // the harness's own keep-alive connection included
    const QString streamToken = streamTokenOfLastDial(h);
    {
        auto media = h.openWebSocket(QStringLiteral("/audio-stream"), nullptr,
                                     {{"x-telnyx-streaming-auth-token", streamToken.toUtf8()}});
        QVERIFY(media);
        QList<QByteArray> heard;
        auto listener = h.openWebSocket(QStringLiteral("/frontend-audio?token=") + h.token(), &heard);
        QVERIFY(listener);
        media->sendTextMessage(QStringLiteral(R"({"event":"connected","version":"1.0.0"})"));
        media->sendTextMessage(
            QStringLiteral(
                R"({"event":"start","sequence_number":"1","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}},"stream_id":"s1"})")
                .arg(id));
        QTest::qWait(300);
        QTRY_COMPARE(openConnections(h.server()->port()), before + 2);
        media->close();
        listener->close();
    }
    QTRY_COMPARE(openConnections(h.server()->port()), before);
}

void tst_HttpFrontend::mediaBytesSentWithTheHandshakeArrive()
{
    // A client may send its first frames in the same packet as its handshake; the take-over must not print the
    // peek warning then either, and the frames should reach the media gateway.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QIODevice::peek")));
    ServerHarness h;
    QVERIFY(h.start());
    const QString id = h.dial();
    QVERIFY(!id.isEmpty());
    const QByteArray streamToken = streamTokenOfLastDial(h).toUtf8();
    QList<QByteArray> heard;
    auto listener = h.openWebSocket(QStringLiteral("/frontend-audio?token=") + h.token(), &heard);
    QVERIFY(listener);

    const QByteArray start =
        QStringLiteral(
            R"({"event":"start","sequence_number":"1","start":{"call_control_id":"%1","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}},"stream_id":"s1"})")
            .arg(id)
            .toUtf8();
    auto media = connectTo(h.server()->port());
    QVERIFY(media);
    media->write(
        "GET /audio-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "x-telnyx-streaming-auth-token: " +
        streamToken + "\r\n\r\n" +
        sb::ws::encodeClientFrame(sb::ws::Opcode::Text, R"({"event":"connected","version":"1.0.0"})", {1, 2, 3, 4}) +
        sb::ws::encodeClientFrame(sb::ws::Opcode::Text, start, {5, 6, 7, 8}));
    QByteArray answer;
    QTRY_VERIFY((answer += media->readAll()).startsWith("HTTP/1.1 101"));
    // Qt 6.4's handshake would decode these frames before anyone listens (QWebSocketPrivate::makeConnections()):
    // HttpConnectionGuard holds them back until the media path takes the connection (MediaChannel::adopt).
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(heard.cbegin(), heard.cend(),
                    [](const QByteArray &message) { return message.contains(R"("event":"start")"); }),
        1000);
}

void tst_HttpFrontend::oversizedCallEventsMessageCloses1009_data()
{
    QTest::addColumn<bool>("extraPort");
    QTest::addColumn<bool>("withHandshake"); // in the same packet as the upgrade request
    QTest::addColumn<bool>("fragmented");    // many frames under the limit, one message over it
    QTest::newRow("main port") << false << false << false;
    QTest::newRow("main port, with the handshake") << false << true << false;
    QTest::newRow("main port, fragmented") << false << false << true;
    QTest::newRow("extra port") << true << false << false;
    QTest::newRow("extra port, with the handshake") << true << true << false;
}

void tst_HttpFrontend::oversizedCallEventsMessageCloses1009()
{
    // CONTRACT §3 "Limits": a message over 64 KiB closes the socket with 1009, as soon as its length is known: a
    // 400 MiB message is refused after its first 64 KiB have been sent, never buffered whole.
    QFETCH(bool, extraPort);
    QFETCH(bool, withHandshake);
    QFETCH(bool, fragmented);
    LimitedServer server;
    quint16 extra = 0;
    QVERIFY(startWithExtraPort(server, sb::HttpLimits{}, &sb::Config::callEventsPort, &extra));
    const quint16 port = extraPort ? extra : server.port();
    auto client = connectTo(port);
    QVERIFY(client);
    const QByteArray upgrade = upgradeRequest(QStringLiteral("/call-events?token=") + kToken);
    QByteArray message;
    if (fragmented) {
        // 5 frames of 16 KiB: the message passes 64 KiB at the fifth.
        for (int i = 0; i < 5; ++i)
            message +=
                clientFrameHeader(16 * 1024, false, i == 0 ? sb::ws::Opcode::Text : sb::ws::Opcode::Continuation) +
                QByteArray(16 * 1024, 'x');
    } else {
        message = clientFrameHeader(400ull * 1024 * 1024) + QByteArray(64 * 1024, 'x');
    }
    if (withHandshake) {
        client->write(upgrade + message);
    } else {
        client->write(upgrade);
        QTRY_VERIFY(client->peek(12).startsWith("HTTP/1.1 101"));
        client->write(message);
    }
    QCOMPARE(closeCodeAfter(client.get()), quint16(sb::ws::CloseTooBig));
}

void tst_HttpFrontend::malformedWebSocketKeyIs400_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("extraPort");
    QTest::addColumn<QByteArray>("key");
    const QString events = QStringLiteral("/call-events?token=") + kToken;
    QTest::newRow("not base64") << events << false << QByteArray("not base64 at all!!!!!==");
    QTest::newRow("15 bytes") << events << false << QByteArray(15, 'k').toBase64();
    QTest::newRow("17 bytes") << events << false << QByteArray(17, 'k').toBase64();
    QTest::newRow("empty") << events << false << QByteArray("");
    QTest::newRow("missing") << events << false << QByteArray();
    QTest::newRow("audio-stream") << QStringLiteral("/audio-stream") << false << QByteArray("c2hvcnQ=");
    QTest::newRow("frontend-audio") << QStringLiteral("/frontend-audio?token=") + kToken << false
                                    << QByteArray("c2hvcnQ=");
    QTest::newRow("extra port") << events << true << QByteArray("c2hvcnQ=");
}

void tst_HttpFrontend::malformedWebSocketKeyIs400()
{
    QFETCH(QString, path);
    QFETCH(bool, extraPort);
    QFETCH(QByteArray, key);
    LimitedServer server;
    quint16 extra = 0;
    QVERIFY(startWithExtraPort(server, sb::HttpLimits{}, &sb::Config::callEventsPort, &extra));
    const QByteArray answer = exchange(extraPort ? extra : server.port(), upgradeRequest(path, key), 1000);
    QCOMPARE(statusOf(answer), 400);
    QCOMPARE(errorCodeOf(answer), QStringLiteral("bad_request"));
}

void tst_HttpFrontend::extraListenersCountFromAccept()
{
    // An extra WebSocket listener is bounded like the main one: its connections count against --max-connections
    // from accept, and a head that does not arrive in time closes the connection.
    LimitedServer server;
    sb::HttpLimits limits;
    limits.headTimeoutMs = 1500;
    quint16 extra = 0;
    QVERIFY(startWithExtraPort(server, limits, &sb::Config::frontendAudioPort, &extra));
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(connectTo(extra));
        QVERIFY(idle.back());
    }
    idle.back()->write("GET / HTTP/1.1\r\n"); // a head that never ends
    QTRY_COMPARE(openConnections(server.port()), 3);
    for (auto &socket : idle)
        QVERIFY(closedByServer(socket.get()));
    QTRY_COMPARE(openConnections(server.port()), 0);
    // It serves its path (at the root too) and nothing else.
    QCOMPARE(statusOf(exchange(extra, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")), 426);
    QCOMPARE(statusOf(exchange(extra, upgradeRequest(QStringLiteral("/call-events?token=") + kToken), 1000)), 404);
}

void tst_HttpFrontend::callEventsClientThatDoesNotReadIsDropped()
{
    // CONTRACT §3 "Limits": a /call-events client that does not read is closed once its queue passes 1 MiB; the
    // others keep receiving everything.
    ServerHarness h;
    QVERIFY(h.start());
    QList<QByteArray> heard;
    auto reader = h.openWebSocket(QStringLiteral("/call-events?token=") + h.token(), &heard);
    QVERIFY(reader);
    QTcpSocket stuck;
    stuck.setReadBufferSize(1024); // Qt stops reading from the kernel once this much is buffered
    stuck.connectToHost(QHostAddress::LocalHost, h.server()->port());
    QVERIFY(stuck.waitForConnected(3000));
    stuck.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    stuck.write(upgradeRequest(QStringLiteral("/call-events?token=") + h.token()));
    QTRY_COMPARE(h.server()->callEvents()->clientCount(), 2);

    // 40 events of 200 KiB: 8 MB, far more than the kernel buffers of both ends hold.
    const QJsonObject big{{QStringLiteral("padding"), QString(200 * 1024, QLatin1Char('p'))}};
    constexpr int kEvents = 40;
    for (int i = 0; i < kEvents; ++i) {
        const QByteArray body = ServerHarness::envelope(
            QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("call.initiated"),
            QStringLiteral("v3:big"), QStringLiteral("2026-01-01T00:00:%1Z").arg(i, 2, 10, QLatin1Char('0')), big);
        QCOMPARE(h.sendWebhook(body).status, 200);
        QTRY_COMPARE(heard.size(), i + 1); // the reader keeps up with every one
    }
    QTRY_COMPARE(h.server()->callEvents()->clientCount(), 1);
    QCOMPARE(reader->state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_HttpFrontend)
#include "tst_httpfrontend.moc"
