// SPDX-License-Identifier: MIT
#pragma once

#include "users/PresenceBoard.h"

// Qt
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

namespace sb {

class InstanceBus;
class InstanceRegistry;

// One team's presence on every instance (CONTRACT §8, §9): each instance's PresenceBoard is told what every board is
// told. A desk connecting or going, a status chosen, a call of a user's starting or ending, wherever it happens, goes
// out on the bus and is applied to the other boards; so every instance offers an incoming call to the same available
// agents, and every supervisor sees the whole team.
//
// Desks are counted per instance: the desks of an instance that stops or dies (InstanceRegistry: no heartbeat) go
// from every board within a second of its being found gone. An instance that starts asks the others for their desks
// (and the statuses their users chose); its live calls it reads from the database itself. Nothing here on SQLite.
class PresenceRelay : public QObject {
    Q_OBJECT
public:
    PresenceRelay(InstanceBus *bus, InstanceRegistry *registry, PresenceBoard *board, QObject *parent = nullptr);

    // Asks the other instances for their desks.
    void start();

private:
    struct Desk {
        Role role = Role::Agent;
        int count = 0;
    };
    void deskChanged(const QString &name, Role role, bool connected);
    void chose(const QString &name, Role role, PresenceBoard::Status chosen);
    void callChanged(const QString &name, const QString &callControlId, bool live);
    void received(const QJsonObject &message);
    // This instance's desks, in messages that each fit one NOTIFY.
    void publishDesks();
    void applyDesk(const QString &from, const QString &name, Role role, bool connected);
    // Drops the desks of instances that are not live any more.
    void sweep();

    InstanceBus *m_bus;
    InstanceRegistry *m_registry;
    PresenceBoard *m_board;
    bool m_applying = false; // what the board emits while a message is applied is not sent back out
    QHash<QString, Desk> m_localDesks;
    QHash<QString, QHash<QString, Desk>> m_remoteDesks; // instance URL -> user -> desks there
    QTimer m_sweep;
};

} // namespace sb
