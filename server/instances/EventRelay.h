// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSet>
#include <QString>

namespace sb {

class CallEventsHub;
class CallStore;
class InstanceBus;

// What one instance tells its desks, every instance tells theirs (CONTRACT §8): the /call-events hub's broadcasts and
// offers go out on the bus, and the other instances' come in to this hub's clients. An event too large for one
// NOTIFY travels as its id, and the receiving instance reads it from the database (where it was stored before it was
// broadcast). Mute travels too: only the instance holding a call's media can silence its uplink.
class EventRelay : public QObject {
    Q_OBJECT
public:
    EventRelay(InstanceBus *bus, CallEventsHub *hub, CallStore *store, QObject *parent = nullptr);

    // A call's mute changed here: the instance holding its media applies it.
    void relayMute(const QString &callControlId, bool muted);
    // An incoming call was answered or declined here: the instance that offers it goes on from there.
    void relayAnswered(const QString &callControlId, const QString &agent);
    void relayDeclined(const QString &callControlId, const QString &agent);

signals:
    // Another instance changed a call's mute (it may be held here).
    void muteChanged(const QString &callControlId, bool muted);
    void answeredElsewhere(const QString &callControlId, const QString &agent);
    void declinedElsewhere(const QString &callControlId, const QString &agent);

private:
    void relayEvent(const QByteArray &json, const QString &callControlId, const QString &agentHint);
    void relayToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo);
    void received(const QJsonObject &message);

    InstanceBus *m_bus;
    CallEventsHub *m_hub;
    CallStore *m_store;
};

} // namespace sb
