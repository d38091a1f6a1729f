// SPDX-License-Identifier: MIT
#include "websocket/MediaChannel.h"

#include "websocket/QtWebSocketChannel.h"
#include "websocket/SocketPoller.h"
#include "websocket/WebSocketLogging.h"

#include <QTcpSocket>
#include <QThread>
#include <QWebSocket>

#ifdef SWITCHBOARD_HAVE_RAW_SOCKETS
#include "websocket/RawWebSocket.h"

#include <fcntl.h>
#include <unistd.h>
#endif

namespace sb {

#ifdef SWITCHBOARD_HAVE_RAW_SOCKETS
namespace {

// Cuts what still ties Qt's TCP socket to the QWebSocketServer that did the handshake, once adopt() has closed it.
//
// A connection upgraded on the HTTP port gets two handshake checks queued: QAbstractHttpServer hands the socket to
// its QWebSocketServer with handleConnection(), which connects readyRead to the check with a queued connection and
// emits readyRead itself (the request is back in the buffer), and then QAbstractHttpServer emits readyRead once more.
// The first check does the handshake, and we adopt the connection from inside it; the second is already queued,
// and disconnecting does not withdraw it. It runs next, bytesAvailable() is 0 on the closed socket and
// peek(0) warns "QIODevice::peek (QTcpSocket): device not open". The check returns at once when it finds no sender,
// and QObject::sender() answers null once the socket has no connection left to the server: the last one is the
// server's disconnected() -> deleteLater, which abort() has just run. So the stray check becomes a no-op; it never
// read anything (it peeks), and Qt's socket is closed, so nothing reads from the descriptor we took over.
void forgetHandshake(QTcpSocket *connection)
{
    QObject::disconnect(connection, &QAbstractSocket::disconnected, nullptr, nullptr);
    QObject::disconnect(connection, &QIODevice::readyRead, nullptr, nullptr);
    // What the server's disconnected() slot did, in case no such slot was connected: the socket goes later.
    connection->deleteLater();
}

} // namespace
#endif

void MediaChannel::limitIncoming(QWebSocket *socket, qsizetype maxMessageBytes)
{
    // Qt checks a frame's announced length when its header arrives (and closes with 1009, CloseCodeTooMuchData), so
    // an oversized message is refused before its payload is read; a message in many small frames at the frame that
    // takes it over the limit.
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
}

void MediaChannel::unread(QTcpSocket *connection, const QByteArray &bytes)
{
    if (!connection || bytes.isEmpty())
        return;
    for (qsizetype i = bytes.size() - 1; i >= 0; --i)
        connection->ungetChar(bytes.at(i));
    QMetaObject::invokeMethod(
        connection, [connection] { emit connection->readyRead(); }, Qt::QueuedConnection);
}

MediaChannel *MediaChannel::adopt(QWebSocket *socket, QTcpSocket *connection, SocketPoller *poller,
                                  const QByteArray &earlyBytes, qsizetype maxMessageBytes, QObject *parent,
                                  Takeover takeover)
{
    limitIncoming(socket, maxMessageBytes);
    if (connection)
        connection->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef SWITCHBOARD_HAVE_RAW_SOCKETS
    static const bool qtOnly = qgetenv("SWITCHBOARD_MEDIA_IO") == "qt";
    if (!qtOnly && takeover == Takeover::Descriptor && connection && poller &&
        connection->state() == QAbstractSocket::ConnectedState && socket->state() == QAbstractSocket::ConnectedState) {
        // The handshake answer may still sit in Qt's write buffer: it has to reach the kernel first.
        connection->flush();
        const int fd =
            connection->bytesToWrite() == 0 ? ::fcntl(int(connection->socketDescriptor()), F_DUPFD_CLOEXEC, 0) : -1;
        if (fd >= 0) {
            // Bytes that reached Qt's read buffer after QWebSocket was made are still there: it reads them
            // only on a readyRead. Frames that came with the handshake were held back from it (`earlyBytes`, see
            // mediaBytesSentWithTheHandshakeArrive in tst_httpfrontend); they come first.
            const QByteArray alreadyRead = earlyBytes + connection->readAll();
            const QHostAddress peer = socket->peerAddress();
            // Qt lets go of its descriptor (close() only: no FIN while ours keeps the connection open);
            // nobody hears of the QWebSocket going away.
            socket->disconnect();
            socket->abort();
            socket->deleteLater();
            forgetHandshake(connection);
            if (poller->thread() == QThread::currentThread())
                return new RawWebSocket(fd, peer, alreadyRead, poller, maxMessageBytes, parent);
            // Read and written on the poller's thread from now on: no parent across threads.
            auto *channel = new RawWebSocket(fd, peer, alreadyRead, poller, maxMessageBytes);
            channel->moveToThread(poller->thread());
            return channel;
        }
    }
#else
    Q_UNUSED(takeover)
#endif
    // Read on the poller's thread too where it is another (the media thread): the socket goes there.
    const bool elsewhere = poller && poller->thread() != QThread::currentThread() && connection;
    auto *channel = new QtWebSocketChannel(socket, connection, elsewhere ? nullptr : parent);
    unread(connection, earlyBytes);
    if (elsewhere && !channel->moveAlong(poller->thread()))
        channel->setParent(parent);
    return channel;
}

QTcpSocket *MediaChannel::connectionUnder(const QWebSocket *socket, const QObject *acceptedBy)
{
    // HttpServer's sockets are children of its GuardedTcpServers; a QWebSocketServer's, of its inner QTcpServer.
    for (QTcpSocket *tcp : acceptedBy->findChildren<QTcpSocket *>()) {
        if (tcp->peerPort() == socket->peerPort() && tcp->localPort() == socket->localPort() &&
            tcp->peerAddress() == socket->peerAddress())
            return tcp;
    }
    return nullptr;
}

} // namespace sb
