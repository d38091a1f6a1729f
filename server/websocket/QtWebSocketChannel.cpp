// SPDX-License-Identifier: MIT
#include "websocket/QtWebSocketChannel.h"

#include "websocket/WebSocketFrames.h"
#include "websocket/WebSocketLogging.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace sb {

QtWebSocketChannel::QtWebSocketChannel(QWebSocket *socket, QTcpSocket *connection, QObject *parent)
    : MediaChannel(parent)
    , m_socket(socket)
    , m_connection(connection)
{
    socket->setParent(this);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { emit textReceived(message.toUtf8()); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { emit binaryReceived(message.size()); });
    connect(socket, &QWebSocket::disconnected, this, &MediaChannel::disconnected);
    const auto drained = [this] {
        if (backlog() == 0)
            emit writable();
    };
    if (connection)
        connect(connection, &QTcpSocket::bytesWritten, this, drained);
    else
        connect(socket, &QWebSocket::bytesWritten, this, drained);
}

QtWebSocketChannel::~QtWebSocketChannel()
{
    m_socket->disconnect(this);
}

QHostAddress QtWebSocketChannel::peerAddress() const
{
    return m_socket->peerAddress();
}

bool QtWebSocketChannel::isOpen() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void QtWebSocketChannel::sendText(const QByteArray &utf8)
{
    if (backlog() > kMaxBacklogBytes) {
        qCInfo(lcWebSocket).noquote() << "media peer" << peerAddress().toString()
                                      << "reads nothing; dropping the connection";
        abort();
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

qint64 QtWebSocketChannel::backlog() const
{
    return m_connection ? m_connection->bytesToWrite() : m_socket->bytesToWrite();
}

int QtWebSocketChannel::writeFrames(std::span<const QByteArray *const> frames)
{
    // Back-pressure where the TCP socket is known: nothing more while Qt still holds unsent bytes, so
    // that the caller's queue (which drops stale frames) is where a slow listener's frames wait.
    if (backlog() > 0)
        return 0;
    for (const QByteArray *frame : frames)
        m_socket->sendTextMessage(QString::fromUtf8(ws::framePayload(*frame)));
    return int(frames.size());
}

void QtWebSocketChannel::setSendBufferSize(int bytes)
{
    if (m_connection)
        m_connection->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, bytes);
}

void QtWebSocketChannel::close(quint16 code, const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    QTimer::singleShot(kCloseTimeoutMs, m_socket, &QWebSocket::abort);
}

void QtWebSocketChannel::abort()
{
    m_socket->abort();
}

} // namespace sb
