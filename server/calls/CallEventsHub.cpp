// SPDX-License-Identifier: MIT
#include "calls/CallEventsHub.h"

#include "Logging.h"

#include <QWebSocket>

namespace sb {

namespace {
// Frame headers around one message (RFC 6455 section 5.2: at most 10 bytes each; Qt may split a long message).
constexpr qint64 kFramingSlackBytes = 64;
} // namespace

CallEventsHub::CallEventsHub(QObject *parent)
    : QObject(parent)
{
}

CallEventsHub::~CallEventsHub()
{
    for (QWebSocket *socket : std::as_const(m_clients)) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

void CallEventsHub::addClient(QWebSocket *socket)
{
    socket->setParent(this);
    m_clients.append(socket);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_clients.removeOne(socket);
        socket->deleteLater();
        qCDebug(lcEvents) << "call-events client left," << m_clients.size() << "remain";
    });
    qCDebug(lcEvents) << "call-events client joined," << m_clients.size() << "connected";
}

void CallEventsHub::broadcast(const QByteArray &json)
{
    if (m_clients.isEmpty())
        return;
    const QString text = QString::fromUtf8(json); // converted once, sent to every client
    // A copy: dropping a client takes it out of m_clients (its disconnected() runs at once; the socket goes later).
    const QList<QWebSocket *> clients = m_clients;
    for (QWebSocket *socket : clients) {
        socket->sendTextMessage(text);
        // The frame just queued may be large on its own; what counts is what was still waiting behind it.
        const qint64 queued = socket->bytesToWrite();
        if (queued > kMaxQueuedBytes && queued > json.size() + kFramingSlackBytes) {
            qCInfo(lcEvents).noquote() << "dropped a call-events client at" << socket->peerAddress().toString()
                                       << "that reads nothing:" << queued << "bytes were waiting for it";
            socket->abort();
        }
    }
}

} // namespace sb
