// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>

class QWebSocket;

namespace sb {

// The /call-events WebSocket clients and the broadcast to them. Clients arrive already authorised.
//
// An agent's client hears only its own calls (CONTRACT §6): it carries the agent's name, and an event goes to it only
// when its call's agent is that name. The call's agent is looked up once per event (setAgentLookup), and only when
// such a client is connected; clients of supervisors and admins carry no name and hear everything.
//
// Each client's send queue (the bytes Qt holds for its socket, not yet in the kernel) is bounded (CONTRACT §3
// "Limits"): a client that does not read is dropped once its queue passes kMaxQueuedBytes, so it cannot make the
// server hold every event from then on. The others are not held up by it: each socket is written on its own.
class CallEventsHub : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxQueuedBytes = 1024 * 1024;

    explicit CallEventsHub(QObject *parent = nullptr);
    ~CallEventsHub() override;

    // Takes ownership. `onlyAgent` non-empty: the client hears only the calls whose agentId is that name.
    // `presence`: the client asked for the team's presence too (?presence=1, supervisors and admins only).
    void addClient(QWebSocket *socket, const QString &onlyAgent = {}, bool presence = false);
    int clientCount() const { return int(m_clients.size()); }
    // Someone hears a broadcast: a client here, or the other instances (setRelayed). Broadcasts may be skipped when
    // not.
    bool isHeard() const { return m_relayed || !m_clients.isEmpty(); }
    void setRelayed(bool relayed) { m_relayed = relayed; }
    // One event of call `callControlId` (empty: of no call, which no agent's client hears). `agentHint`: the agent the
    // event itself names, taken when the call's record names none (yet).
    void broadcast(const QByteArray &json, const QString &callControlId, const QString &agentHint = {});
    // A presence.changed event: to the clients that asked for presence.
    void broadcastPresence(const QByteArray &json);
    // An event for some users only (an inbound call's offer): their clients, and every supervisor's and admin's when
    // `supervisorsToo`.
    void sendToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo = true);
    // call_control_id -> the call's agentId (empty when unknown).
    void setAgentLookup(std::function<QString(const QString &)> lookup) { m_agentOf = std::move(lookup); }

    // What another instance broadcast (CONTRACT §8, instances/EventRelay): to this hub's clients only, as broadcast()
    // and sendToUsers() would, without the signals below.
    void deliver(const QByteArray &json, const QString &callControlId, const QString &agentHint = {});
    void deliverToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo);

signals:
    // broadcast() and sendToUsers() were called here: the other instances' clients are to hear it too.
    void broadcasted(const QByteArray &json, const QString &callControlId, const QString &agentHint);
    void sentToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo);

private:
    struct Client {
        QWebSocket *socket = nullptr;
        QString onlyAgent;
        bool presence = false;
    };
    void send(QWebSocket *socket, const QString &text, qsizetype bytes);

    QList<Client> m_clients;
    std::function<QString(const QString &)> m_agentOf;
    bool m_relayed = false;
};

} // namespace sb
