// SPDX-License-Identifier: MIT
#include "client/ReconnectingSocket.h"

#include "client/ClientLogging.h"

// Qt
#include <QWebSocket>

// C++
#include <algorithm>
#include <utility>

namespace sb {

ReconnectingSocket::ReconnectingSocket(RequestFactory request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ReconnectingSocket::open);
}

ReconnectingSocket::~ReconnectingSocket()
{
    discardSocket();
}

void ReconnectingSocket::start()
{
    if (m_running)
        return;
    m_running = true;
    m_attempts = 0;
    m_backoff.reset();
    open();
}

void ReconnectingSocket::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_retry.stop();
    if (m_socket) {
        QWebSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        socket->close(QWebSocketProtocol::CloseCodeNormal);
        socket->deleteLater();
    }
    const bool wasConnected = std::exchange(m_connected, false);
    if (wasConnected)
        emit disconnected();
}

bool ReconnectingSocket::sendBinary(const QByteArray &message)
{
    if (!m_connected || m_unsent > kMaxUnsentBytes)
        return false;
    m_unsent += message.size();
    return m_socket->sendBinaryMessage(message) == message.size();
}

void ReconnectingSocket::open()
{
    discardSocket();
    ++m_attempts;
    m_unsent = 0;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_connected = true;
        m_upSince.start();
        emit connected();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ReconnectingSocket::textMessageReceived);
    // Written counts frame headers too, so m_unsent errs low: the bound holds within a few bytes a frame.
    connect(m_socket, &QWebSocket::bytesWritten, this,
            [this](qint64 written) { m_unsent = std::max<qint64>(0, m_unsent - written); });
    connect(m_socket, &QWebSocket::disconnected, this, &ReconnectingSocket::onDisconnected);
    // A connection that never opened (refused, unreachable, handshake refused) gives no disconnected(), only this.
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (!m_connected)
            onDisconnected();
    });
    m_socket->open(m_request());
}

void ReconnectingSocket::onDisconnected()
{
    const bool wasConnected = std::exchange(m_connected, false);
    if (wasConnected) {
        m_backoff.connectionLasted(m_upSince.elapsed());
        qCInfo(lcClient).noquote() << m_socket->requestUrl().path() << "dropped:" << m_socket->closeCode()
                                   << m_socket->closeReason();
    }
    if (m_running) {
        // Deleted later: this runs inside the socket's own signal.
        discardSocket();
        const int delay = m_backoff.next();
        m_retry.start(delay);
        if (wasConnected)
            emit disconnected();
        emit retrying(delay);
        return;
    }
    if (wasConnected)
        emit disconnected();
}

void ReconnectingSocket::discardSocket()
{
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

} // namespace sb
