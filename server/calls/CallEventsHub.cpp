// SPDX-License-Identifier: MIT
#include "calls/CallEventsHub.h"

#include "Logging.h"

#include <QWebSocket>

#include <optional>

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
    for (const Client &client : std::as_const(m_clients)) {
        QWebSocket *socket = client.socket;
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

void CallEventsHub::addClient(QWebSocket *socket, const QString &onlyAgent, bool presence)
{
    socket->setParent(this);
    m_clients.append({socket, onlyAgent, presence});
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_clients.removeIf([socket](const Client &c) { return c.socket == socket; });
        socket->deleteLater();
        qCDebug(lcEvents) << "call-events client left," << m_clients.size() << "remain";
    });
    qCDebug(lcEvents) << "call-events client joined," << m_clients.size() << "connected";
}

void CallEventsHub::broadcast(const QByteArray &json, const QString &callControlId, const QString &agentHint)
{
    deliver(json, callControlId, agentHint);
    emit broadcasted(json, callControlId, agentHint);
}

void CallEventsHub::sendToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo)
{
    deliverToUsers(json, users, supervisorsToo);
    emit sentToUsers(json, users, supervisorsToo);
}

void CallEventsHub::deliver(const QByteArray &json, const QString &callControlId, const QString &agentHint)
{
    if (m_clients.isEmpty())
        return;
    const QString text = QString::fromUtf8(json); // converted once, sent to every client
    std::optional<QString> agent;                 // looked up at the first agent's client, once
    // A copy: dropping a client takes it out of m_clients (its disconnected() runs at once; the socket goes later).
    const QList<Client> clients = m_clients;
    for (const Client &client : clients) {
        if (!client.onlyAgent.isEmpty()) {
            if (!agent) {
                agent = m_agentOf && !callControlId.isEmpty() ? m_agentOf(callControlId) : QString();
                if (agent->isEmpty())
                    agent = agentHint;
            }
            if (*agent != client.onlyAgent)
                continue;
        }
        send(client.socket, text, json.size());
    }
}

void CallEventsHub::broadcastPresence(const QByteArray &json)
{
    const QString text = QString::fromUtf8(json);
    const QList<Client> clients = m_clients; // a copy: see broadcast()
    for (const Client &client : clients) {
        if (client.presence)
            send(client.socket, text, json.size());
    }
}

void CallEventsHub::deliverToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo)
{
    const QString text = QString::fromUtf8(json);
    const QList<Client> clients = m_clients; // a copy: see broadcast()
    for (const Client &client : clients) {
        if (client.onlyAgent.isEmpty() ? supervisorsToo : users.contains(client.onlyAgent))
            send(client.socket, text, json.size());
    }
}

void CallEventsHub::send(QWebSocket *socket, const QString &text, qsizetype bytes)
{
    socket->sendTextMessage(text);
    // The frame just queued may be large on its own; what counts is what was still waiting behind it.
    const qint64 queued = socket->bytesToWrite();
    if (queued > kMaxQueuedBytes && queued > bytes + kFramingSlackBytes) {
        qCInfo(lcEvents).noquote() << "dropped a call-events client at" << socket->peerAddress().toString()
                                   << "that reads nothing:" << queued << "bytes were waiting for it";
        socket->abort();
    }
}

} // namespace sb
