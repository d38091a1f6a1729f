// SPDX-License-Identifier: MIT
// ReconnectingSocket against a real QWebSocketServer: it reconnects after the server drops it or is away, within
// the backoff, and not at all once stopped; nothing is sent while it is down.
#include "client/ReconnectingSocket.h"

// Qt
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

// C++
#include <memory>

using sb::ReconnectingSocket;

namespace {
// A WebSocket server on a fixed loopback port that can go away and come back on the same port.
class Server {
public:
    ~Server() { close(); }
    bool listen(quint16 port = 0)
    {
        m_server = std::make_unique<QWebSocketServer>(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
        QObject::connect(m_server.get(), &QWebSocketServer::newConnection, m_server.get(), [this] {
            while (QWebSocket *socket = m_server->nextPendingConnection()) {
                ++accepted;
                clients.append(socket);
                QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                                 [this](const QByteArray &message) { received.append(message); });
            }
        });
        return m_server->listen(QHostAddress::LocalHost, port);
    }
    quint16 port() const { return m_server->serverPort(); }
    void dropClients()
    {
        for (QWebSocket *socket : std::as_const(clients)) {
            if (socket)
                socket->abort(); // dropped, not closed: no close frame
            delete socket;       // nextPendingConnection's sockets are the caller's
        }
        clients.clear();
    }
    void close()
    {
        dropClients();
        m_server.reset();
    }

    int accepted = 0;
    QList<QPointer<QWebSocket>> clients;
    QList<QByteArray> received;

private:
    std::unique_ptr<QWebSocketServer> m_server;
};
} // namespace

class tst_ReconnectingSocket : public QObject {
    Q_OBJECT
private slots:
    void reconnectsAfterADrop();
    void reconnectsWhenTheServerComesBack();
    void stopEndsReconnecting();
    void everyFailedAttemptAnnouncesTheNext();
};

void tst_ReconnectingSocket::reconnectsAfterADrop()
{
    Server server;
    QVERIFY(server.listen());
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/x").arg(server.port()));
    ReconnectingSocket socket([url] { return QNetworkRequest(url); });
    QSignalSpy up(&socket, &ReconnectingSocket::connected);
    QSignalSpy down(&socket, &ReconnectingSocket::disconnected);
    socket.start();
    QTRY_COMPARE(up.size(), 1);
    QVERIFY(socket.sendBinary("one"));
    QTRY_COMPARE(server.received.size(), 1);

    server.dropClients();
    QTRY_COMPARE(down.size(), 1);
    QVERIFY(!socket.isConnected());
    QVERIFY(!socket.sendBinary("lost")); // dropped, not queued
    QTRY_COMPARE_WITH_TIMEOUT(up.size(), 2, 3000);
    QCOMPARE(server.accepted, 2);
    QVERIFY(socket.sendBinary("two"));
    QTRY_COMPARE(server.received.size(), 2);
    QCOMPARE(server.received.last(), QByteArray("two"));
}

void tst_ReconnectingSocket::reconnectsWhenTheServerComesBack()
{
    Server server;
    QVERIFY(server.listen());
    const quint16 port = server.port();
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/x").arg(port));
    ReconnectingSocket socket([url] { return QNetworkRequest(url); });
    QSignalSpy up(&socket, &ReconnectingSocket::connected);
    QSignalSpy retrying(&socket, &ReconnectingSocket::retrying);
    socket.start();
    QTRY_COMPARE(up.size(), 1);

    server.close(); // refused attempts back off: 250, 500, 1000 ms...
    QTest::qWait(1000);
    QVERIFY(!socket.isConnected());
    const int attemptsWhileAway = socket.attempts();
    QVERIFY2(attemptsWhileAway >= 2 && attemptsWhileAway <= 5, qPrintable(QString::number(attemptsWhileAway)));
    // The drop, then each refused attempt: every one announces the next with its delay.
    QCOMPARE(retrying.size(), attemptsWhileAway);
    QCOMPARE(retrying.at(0).at(0).toInt(), 250);
    QCOMPARE(retrying.at(1).at(0).toInt(), 500);
    QVERIFY(server.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(up.size(), 2, sb::ReconnectBackoff::kMaxMs + 2000);
    QVERIFY(socket.isConnected());
}

void tst_ReconnectingSocket::stopEndsReconnecting()
{
    Server server;
    QVERIFY(server.listen());
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/x").arg(server.port()));
    ReconnectingSocket socket([url] { return QNetworkRequest(url); });
    QSignalSpy up(&socket, &ReconnectingSocket::connected);
    socket.start();
    QTRY_COMPARE(up.size(), 1);
    socket.stop();
    QVERIFY(!socket.isConnected());
    QVERIFY(!socket.sendBinary("x"));
    QTest::qWait(1500); // several backoff delays: no attempt
    QCOMPARE(server.accepted, 1);
    QCOMPARE(up.size(), 1);
}

// What RemoteCallAudio and ListenPlayer do when a call's media moves to another instance: on `retrying`, they learn
// where it is now, and the next attempt's request goes there.
void tst_ReconnectingSocket::everyFailedAttemptAnnouncesTheNext()
{
    Server first;
    QVERIFY(first.listen());
    Server second;
    QVERIFY(second.listen());
    QUrl url(QStringLiteral("ws://127.0.0.1:%1/x").arg(first.port()));
    ReconnectingSocket socket([&url] { return QNetworkRequest(url); });
    QSignalSpy up(&socket, &ReconnectingSocket::connected);
    int told = 0;
    connect(&socket, &ReconnectingSocket::retrying, this, [&] {
        // Told only after the first refused attempt at the closed server, not at once on the drop.
        if (++told == 2)
            url = QUrl(QStringLiteral("ws://127.0.0.1:%1/x").arg(second.port()));
    });
    socket.start();
    QTRY_COMPARE(up.size(), 1);
    QCOMPARE(first.accepted, 1);
    first.dropClients();
    first.close();
    QTRY_COMPARE_WITH_TIMEOUT(up.size(), 2, 3000);
    QCOMPARE(told, 2);
    QCOMPARE(second.accepted, 1);
    QCOMPARE(first.accepted, 1);
}

QTEST_GUILESS_MAIN(tst_ReconnectingSocket)
#include "tst_reconnectingsocket.moc"
