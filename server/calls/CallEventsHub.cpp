// SPDX-License-Identifier: MIT
#include "calls/CallEventsHub.h"

#include "Logging.h"

#include <QWebSocket>

namespace sb {

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
    for (QWebSocket *socket : std::as_const(m_clients))
        socket->sendTextMessage(text);
}

} // namespace sb
