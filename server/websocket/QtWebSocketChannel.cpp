// SPDX-License-Identifier: MIT
#include "websocket/QtWebSocketChannel.h"

#include "websocket/WebSocketFrames.h"
#include "websocket/WebSocketLogging.h"

#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <utility>

namespace sb {

QtWebSocketChannel::QtWebSocketChannel(QWebSocket *socket, QTcpSocket *connection, QObject *parent)
    : MediaChannel(parent)
    , m_socket(socket)
    , m_connection(connection)
{
    socket->setParent(this);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { received(true, message.toUtf8()); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &payload) { received(false, payload); });
    connect(socket, &QWebSocket::disconnected, this, [this] {
        if (m_holding)
            m_disconnectHeld = true;
        else
            emit disconnected();
    });
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

bool QtWebSocketChannel::moveAlong(QThread *thread)
{
    Q_ASSERT(!parent() && this->thread() == QThread::currentThread());
    if (!m_connection)
        return false;
    // What still ties the connection to this thread: Qt's servers' `disconnected` connections (QAbstractHttpServer
    // deletes the socket; QWebSocketServer's makes its stray handshake check, queued behind the handshake, find a
    // sender and peek the socket from this thread: see forgetHandshake() in MediaChannel.cpp) and its parent.
    // QWebSocket itself follows the connection through other signals (stateChanged, readyRead), which stay.
    QObject::disconnect(m_connection, &QAbstractSocket::disconnected, nullptr, nullptr);
    if (m_connection->parent() != m_socket)
        m_connection->setParent(m_socket); // goes with it, and with it
    m_holding = true;
    moveToThread(thread);
    return true;
}

void QtWebSocketChannel::start()
{
    if (!m_holding)
        return;
    m_holding = false;
    const QPointer<QtWebSocketChannel> self(this);
    m_heldBytes = 0;
    for (const Held &held : std::exchange(m_held, {})) {
        if (held.text)
            emit textReceived(held.bytes);
        else
            emit binaryReceived(held.bytes);
        if (!self)
            return;
    }
    if (std::exchange(m_disconnectHeld, false))
        emit disconnected();
}

void QtWebSocketChannel::received(bool text, const QByteArray &bytes)
{
    if (m_holding) {
        m_heldBytes += bytes.size();
        if (m_heldBytes > kMaxBacklogBytes) {
            abort(); // far more than can come in the moment before start()
            return;
        }
        m_held.append({text, bytes});
        return;
    }
    if (text)
        emit textReceived(bytes);
    else
        emit binaryReceived(bytes);
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
