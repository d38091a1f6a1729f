// SPDX-License-Identifier: MIT
#pragma once

#include "users/Role.h"

// Qt
#include <QString>

namespace sb {

// Who a request or a WebSocket speaks for, once its token is known good: the admin API_TOKEN (name "admin", role
// admin, adminToken set) or a user of the UserStore. The rights of CONTRACT §6 are answered here, in one place.
struct Caller {
    QString name;
    Role role = Role::Agent;
    bool adminToken = false; // the API_TOKEN of §2, not a user's token

    static Caller admin() { return {QStringLiteral("admin"), Role::Admin, true}; }

    // Every call, its history, events and audio; an agent sees only the calls whose agentId is its name.
    bool seesAllCalls() const { return role != Role::Agent; }
    // End, mute, unmute, DTMF on a call whose agentId is `agentId`. (The /agent-audio uplink is narrower: the call's
    // own agent or an admin, SwitchboardServer::refusal().)
    bool mayActOn(const QString &agentId) const { return seesAllCalls() || agentId == name; }
    bool managesUsers() const { return role == Role::Admin; }
    // The agentId a dial gets: the admin token may name anyone (the body's agentId), every user dials as itself.
    bool choosesAgentId() const { return adminToken; }
};

} // namespace sb
