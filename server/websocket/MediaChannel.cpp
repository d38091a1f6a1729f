// SPDX-License-Identifier: MIT
#include "websocket/MediaChannel.h"

#include "websocket/WebSocketLogging.h"
#include "websocket/QtWebSocketChannel.h"

#include <QTcpSocket>
#include <QWebSocket>

#ifdef SWITCHBOARD_HAVE_RAW_SOCKETS
#include "websocket/RawWebSocket.h"

#include <fcntl.h>
#include <unistd.h>
#endif

namespace sb {

MediaChannel *MediaChannel::adopt(QWebSocket *socket, QTcpSocket *connection, SocketPoller *poller, QObject *parent)
{
    if (connection)
        connection->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef SWITCHBOARD_HAVE_RAW_SOCKETS
    static const bool qtOnly = qgetenv("SWITCHBOARD_MEDIA_IO") == "qt";
    if (!qtOnly && connection && poller && connection->state() == QAbstractSocket::ConnectedState &&
        socket->state() == QAbstractSocket::ConnectedState) {
        // The handshake answer may still sit in Qt's write buffer: it has to reach the kernel first.
        connection->flush();
        const int fd =
            connection->bytesToWrite() == 0 ? ::fcntl(int(connection->socketDescriptor()), F_DUPFD_CLOEXEC, 0) : -1;
        if (fd >= 0) {
            // Bytes the client sent right after its handshake may already be in Qt's read buffer;
            // QWebSocket has not looked at them yet (no event loop pass since the upgrade).
            const QByteArray alreadyRead = connection->readAll();
            const QHostAddress peer = socket->peerAddress();
            // Qt lets go of its descriptor (close() only: no FIN while ours keeps the connection open);
            // nobody hears of the QWebSocket going away.
            socket->disconnect();
            socket->abort();
            socket->deleteLater();
            return new RawWebSocket(fd, peer, alreadyRead, poller, parent);
        }
    }
#else
    Q_UNUSED(poller)
#endif
    return new QtWebSocketChannel(socket, connection, parent);
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
