// SPDX-License-Identifier: MIT
// CORS_ORIGINS (docs/interface.md §2): which browser pages may use the REST API and open WebSockets, probed with
// raw requests over real sockets, as a browser would send them (Origin, preflight OPTIONS, Upgrade).
#include "ServerHarness.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sb::test;

namespace {

const QByteArray kAllowed = "https://crm.example.com";
const QByteArray kOther = "https://evil.example.net";
const QByteArray kToken = "test-token-0123456789";

// One raw HTTP exchange: sends `request`, returns the answer's head and body once the head is in and the body
// is complete (by Content-Length), or what came before the server closed.
// The server runs in this thread: the waits below turn its event loop (a blocking waitFor... would starve it).
QByteArray exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QElapsedTimer clock;
    clock.start();
    while (socket.state() != QAbstractSocket::ConnectedState && clock.elapsed() < 3000)
        QTest::qWait(5);
    if (socket.state() != QAbstractSocket::ConnectedState)
        return {};
    socket.write(request);
    QByteArray answer;
    while (clock.elapsed() < 8000) {
        QTest::qWait(5);
        answer += socket.readAll();
        const qsizetype headEnd = answer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const QByteArray head = answer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qsizetype length = at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toInt();
            if (answer.size() >= headEnd + 4 + length)
                return answer;
        }
        if (socket.state() != QAbstractSocket::ConnectedState)
            break;
    }
    return answer + socket.readAll();
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

// The value of one header of the answer (case-insensitive name); null when absent.
QByteArray headerOf(const QByteArray &answer, const QByteArray &name)
{
    const QList<QByteArray> lines = answer.left(answer.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

bool hasCorsHeaders(const QByteArray &answer)
{
    return answer.toLower().contains("access-control-");
}

QString errorCodeOf(const QByteArray &answer)
{
    const QJsonObject json = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    return json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

QByteArray preflight(const QByteArray &path, const QByteArray &origin)
{
    return "OPTIONS " + path + " HTTP/1.1\r\nHost: api.example.com\r\nOrigin: " + origin +
           "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, "
           "content-type\r\nConnection: close\r\n\r\n";
}

QByteArray get(const QByteArray &path, const QByteArray &origin, bool withToken = true)
{
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n";
    if (!origin.isEmpty())
        request += "Origin: " + origin + "\r\n";
    if (withToken)
        request += "Authorization: Bearer " + kToken + "\r\n";
    return request + "Connection: close\r\n\r\n";
}

QByteArray upgrade(const QByteArray &path, const QByteArray &origin)
{
    QByteArray request = "GET " + path + "?token=" + kToken +
                         " HTTP/1.1\r\nHost: api.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!origin.isEmpty())
        request += "Origin: " + origin + "\r\n";
    return request + "\r\n";
}

} // namespace

class tst_Cors : public QObject {
    Q_OBJECT
private slots:
    void noCorsByDefault();
    void preflightAnsweredForListedOriginOnly();
    void apiAnswersNameListedOrigin_data();
    void apiAnswersNameListedOrigin();
    void deferredAnswerNamesItsOrigin();
    void upgradesRefusedFromUnlistedOrigins_data();
    void upgradesRefusedFromUnlistedOrigins();
    void extraPortRefusesUnlistedOrigins();
};

void tst_Cors::noCorsByDefault()
{
    ServerHarness h;
    QVERIFY(h.start());
    const quint16 port = h.server()->port();

    const QByteArray options = exchange(port, preflight("/api/calls", kAllowed));
    QCOMPARE(statusOf(options), 405);
    QVERIFY2(!hasCorsHeaders(options), options.constData());
    const QByteArray answer = exchange(port, get("/api/calls", kAllowed));
    QCOMPARE(statusOf(answer), 200);
    QVERIFY2(!hasCorsHeaders(answer), answer.constData());
    // Any origin may open the WebSockets while CORS_ORIGINS is unset.
    QCOMPARE(statusOf(exchange(port, upgrade("/call-events", kOther))), 101);
}

void tst_Cors::preflightAnsweredForListedOriginOnly()
{
    ServerHarness h;
    QVERIFY(h.start([](sb::Config &c) {
        c.corsOrigins = {QString::fromLatin1(kAllowed), QStringLiteral("http://localhost:3000")};
    }));
    const quint16 port = h.server()->port();

    const QByteArray answer = exchange(port, preflight("/api/calls/telnyx/initiate", kAllowed));
    QCOMPARE(statusOf(answer), 204);
    QCOMPARE(headerOf(answer, "Access-Control-Allow-Origin"), kAllowed);
    QCOMPARE(headerOf(answer, "Access-Control-Allow-Methods"), QByteArray("GET, POST"));
    QCOMPARE(headerOf(answer, "Access-Control-Allow-Headers"), QByteArray("Authorization, Content-Type"));
    QCOMPARE(headerOf(answer, "Access-Control-Max-Age"), QByteArray("600"));
    QCOMPARE(headerOf(answer, "Vary"), QByteArray("Origin"));
    // The preflight carries no token (browsers never send one with it) and is still answered.
    QVERIFY(!answer.contains("unauthorized"));
    // The second listed origin, on a path with a parameter.
    const QByteArray second = exchange(port, preflight("/api/calls/telnyx/v3:abc/mute", "http://localhost:3000"));
    QCOMPARE(statusOf(second), 204);
    QCOMPARE(headerOf(second, "Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));

    // Unlisted: as without CORS (405 on a known path, 404 elsewhere), and no CORS header at all.
    for (const QByteArray &origin : {kOther, QByteArray("https://crm.example.com.evil.net"),
                                     QByteArray("http://crm.example.com"), QByteArray("null")}) {
        const QByteArray refused = exchange(port, preflight("/api/calls/telnyx/initiate", origin));
        QCOMPARE(statusOf(refused), 405);
        QVERIFY2(!hasCorsHeaders(refused), refused.constData());
    }
    const QByteArray unknown = exchange(port, preflight("/api/nothing-here", kOther));
    QCOMPARE(statusOf(unknown), 404);
    QVERIFY(!hasCorsHeaders(unknown));
    // Outside /api/ there is nothing for a browser page to call.
    const QByteArray health = exchange(port, preflight("/healthz", kAllowed));
    QVERIFY(statusOf(health) != 204);
    QVERIFY(!hasCorsHeaders(health));
}

void tst_Cors::apiAnswersNameListedOrigin_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<int>("status");
    QTest::newRow("list") << QByteArray("/api/calls") << true << 200;
    // A page must be able to read why it was refused.
    QTest::newRow("no token") << QByteArray("/api/calls") << false << 401;
    QTest::newRow("unknown call") << QByteArray("/api/calls/nope") << true << 404;
    QTest::newRow("unknown path") << QByteArray("/api/nope") << true << 404;
    QTest::newRow("bad query") << QByteArray("/api/calls?limit=0") << true << 400;
}

void tst_Cors::apiAnswersNameListedOrigin()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, withToken);
    QFETCH(int, status);
    ServerHarness h;
    QVERIFY(h.start([](sb::Config &c) { c.corsOrigins = {QString::fromLatin1(kAllowed)}; }));
    const quint16 port = h.server()->port();

    const QByteArray answer = exchange(port, get(path, kAllowed, withToken));
    QCOMPARE(statusOf(answer), status);
    QCOMPARE(headerOf(answer, "Access-Control-Allow-Origin"), kAllowed);
    QCOMPARE(headerOf(answer, "Vary"), QByteArray("Origin"));

    for (const QByteArray &origin : {kOther, QByteArray()}) {
        const QByteArray other = exchange(port, get(path, origin, withToken));
        QCOMPARE(statusOf(other), status);
        QVERIFY2(!hasCorsHeaders(other), other.constData());
    }
    QVERIFY(!hasCorsHeaders(exchange(port, get("/healthz", kAllowed))));
}

void tst_Cors::deferredAnswerNamesItsOrigin()
{
    // The dial is answered after Telnyx has answered (a DeferredResponder); the answer still names the origin.
    ServerHarness h;
    QVERIFY(h.start([](sb::Config &c) { c.corsOrigins = {QString::fromLatin1(kAllowed)}; }));
    const QByteArray body = R"({"to":"+15551234567","from":"+15557654321"})";
    const QByteArray answer =
        exchange(h.server()->port(), "POST /api/calls/telnyx/initiate HTTP/1.1\r\nHost: x\r\nOrigin: " + kAllowed +
                                         "\r\nAuthorization: Bearer " + kToken +
                                         "\r\nContent-Type: application/json\r\nContent-Length: " +
                                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QCOMPARE(statusOf(answer), 200);
    QCOMPARE(headerOf(answer, "Access-Control-Allow-Origin"), kAllowed);
}

void tst_Cors::upgradesRefusedFromUnlistedOrigins_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("/call-events") << QByteArray("/call-events");
    QTest::newRow("/frontend-audio") << QByteArray("/frontend-audio");
    QTest::newRow("/audio-stream") << QByteArray("/audio-stream");
}

void tst_Cors::upgradesRefusedFromUnlistedOrigins()
{
    QFETCH(QByteArray, path);
    ServerHarness h;
    QVERIFY(h.start([](sb::Config &c) { c.corsOrigins = {QString::fromLatin1(kAllowed)}; }));
    const quint16 port = h.server()->port();

    const QByteArray refused = exchange(port, upgrade(path, kOther));
    QCOMPARE(statusOf(refused), 403);
    QCOMPARE(errorCodeOf(refused), QStringLiteral("origin_not_allowed"));
    QVERIFY(!refused.contains("Sec-WebSocket-Accept"));
    // A listed origin, and clients that send no Origin (Telnyx, the desktop), are let through to the token check.
    if (path != "/audio-stream")
        QCOMPARE(statusOf(exchange(port, upgrade(path, kAllowed))), 101);
    QCOMPARE(statusOf(exchange(port, upgrade(path, QByteArray()))), 101);
    // And Qt's own client, which sends none either.
    QVERIFY(h.openWebSocket(QStringLiteral("/call-events?token=") + QLatin1String(kToken)));
}

void tst_Cors::extraPortRefusesUnlistedOrigins()
{
    ServerHarness h;
    QTcpServer probe; // a free port for the extra listener
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 extra = probe.serverPort();
    probe.close();
    QVERIFY(h.start([extra](sb::Config &c) {
        c.corsOrigins = {QString::fromLatin1(kAllowed)};
        c.callEventsPort = extra;
    }));
    QCOMPARE(statusOf(exchange(extra, upgrade("/call-events", kOther))), 403);
    QCOMPARE(statusOf(exchange(extra, upgrade("/call-events", kAllowed))), 101);
    QCOMPARE(statusOf(exchange(extra, upgrade("/call-events", QByteArray()))), 101);
}

QTEST_GUILESS_MAIN(tst_Cors)
#include "tst_cors.moc"
