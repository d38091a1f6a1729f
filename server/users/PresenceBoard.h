// SPDX-License-Identifier: MIT
#pragma once

#include "users/Role.h"

// C++
#include <optional>
#include <utility>

// Qt
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace sb {

// Where each user stands for taking calls (CONTRACT §9 "Presence"), from three sources: what the user chose
// (available or away), whether a desk of theirs is connected (/call-events), and whether they are on a live call.
//
//   status  = "busy" while the user has a live call, else what they chose;
//   a desk connecting makes its user available (they came to work); the last desk going makes them away after
//   awayAfterMs (30 s: a desk that reconnects at once, after a network drop, keeps its state);
//   `connected` says whether a desk is connected now, `since` when the status last changed.
//
// Pure state: the server feeds it (desk sockets, dials, webhooks) and publishes changed() to supervisors. Lives on
// the server's thread.
class PresenceBoard : public QObject {
    Q_OBJECT
public:
    enum class Status { Available, Away, Busy };

    struct Presence {
        QString name;
        Role role = Role::Agent;
        Status status = Status::Away;
        QDateTime since;
        bool connected = false;
        QString call; // a live call of the user's, when busy

        QJsonObject toJson() const;
    };

    static constexpr int kAwayAfterMs = 30'000; // CONTRACT §9: a desk that disconnects is away after 30 s

    explicit PresenceBoard(int awayAfterMs = kAwayAfterMs, QObject *parent = nullptr);
    ~PresenceBoard() override;

    static QString statusName(Status status);
    // {"type": "presence.changed", "id", "occurred_at", "payload": <the presence>}, for /call-events.
    static QByteArray changedEventJson(const Presence &presence);

    // POST /api/me/presence: available or away (busy is not chosen).
    void choose(const QString &name, Role role, Status chosen);
    void deskConnected(const QString &name, Role role);
    void deskDisconnected(const QString &name);
    // A call of `name` is live (dialled, ringing, answered) or not any more (ended).
    void callLive(const QString &name, const QString &callControlId, bool live);
    // The user is gone (removed): forgotten, without an event.
    void forget(const QString &name);

    // `roster`: the users the store knows, with their roles; each is listed (never seen: away, not connected), and so
    // is any other name that has a presence (the admin token's "admin").
    QList<Presence> all(const QList<std::pair<QString, Role>> &roster) const;
    std::optional<Presence> of(const QString &name) const;
    // Whom an incoming call is offered to (CONTRACT §9): the agents whose desk is connected and who are available, the
    // longest available first; when no agent has ever been seen, the API token's "admin" desk (a one-desk
    // Switchboard's one agent) if it is available.
    QStringList availableAgents() const;

signals:
    void changed(const sb::PresenceBoard::Presence &presence);
    // What the board was told (before it settles), for the other instances' boards (PresenceRelay): a desk came or
    // went, a user chose a status, a call of theirs started or ended.
    void deskChanged(const QString &name, sb::Role role, bool connected);
    void chose(const QString &name, sb::Role role, sb::PresenceBoard::Status chosen);
    void callChanged(const QString &name, const QString &callControlId, bool live);

private:
    struct Entry {
        Presence shown;
        Status chosen = Status::Away;
        int desks = 0;
        QSet<QString> liveCalls;
        std::unique_ptr<QTimer> awayTimer;
    };
    Entry &entry(const QString &name, Role role);
    // Recomputes what is shown from the sources; emits changed() when something a client sees changed.
    void settle(Entry &e);

    int m_awayAfterMs;
    QHash<QString, Entry *> m_entries;
};

} // namespace sb

Q_DECLARE_METATYPE(sb::PresenceBoard::Presence)
