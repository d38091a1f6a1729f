// SPDX-License-Identifier: MIT
#include "users/PresenceBoard.h"

#include "protocol/ClientEvent.h"

// Qt
#include <QJsonDocument>
#include <QUuid>

// C++
#include <algorithm>

namespace sb {

QJsonObject PresenceBoard::Presence::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("role"), roleName(role)},
            {QStringLiteral("status"), statusName(status)},
            {QStringLiteral("since"), since.isValid() ? QJsonValue(since.toString(Qt::ISODateWithMs)) : QJsonValue()},
            {QStringLiteral("connected"), connected},
            {QStringLiteral("callControlId"), call.isEmpty() ? QJsonValue() : QJsonValue(call)}};
}

QByteArray PresenceBoard::changedEventJson(const Presence &presence)
{
    return clientEventJson(QStringLiteral("presence.changed"), presence.toJson());
}

PresenceBoard::PresenceBoard(int awayAfterMs, QObject *parent)
    : QObject(parent)
    , m_awayAfterMs(awayAfterMs)
{
}

PresenceBoard::~PresenceBoard()
{
    qDeleteAll(m_entries);
}

QString PresenceBoard::statusName(Status status)
{
    switch (status) {
    case Status::Available:
        return QStringLiteral("available");
    case Status::Away:
        return QStringLiteral("away");
    case Status::Busy:
        return QStringLiteral("busy");
    }
    return {};
}

PresenceBoard::Entry &PresenceBoard::entry(const QString &name, Role role)
{
    Entry *&e = m_entries[name];
    if (!e) {
        e = new Entry;
        e->shown.name = name;
        e->shown.role = role;
    }
    e->shown.role = role;
    return *e;
}

void PresenceBoard::choose(const QString &name, Role role, Status chosen)
{
    if (chosen == Status::Busy)
        return;
    emit chose(name, role, chosen);
    Entry &e = entry(name, role);
    e.chosen = chosen;
    settle(e);
}

void PresenceBoard::deskConnected(const QString &name, Role role)
{
    emit deskChanged(name, role, true);
    Entry &e = entry(name, role);
    if (e.awayTimer && e.awayTimer->isActive()) {
        e.awayTimer->stop(); // back within the grace time: as it was
    } else if (e.desks == 0) {
        e.chosen = Status::Available;
    }
    ++e.desks;
    settle(e);
}

void PresenceBoard::deskDisconnected(const QString &name)
{
    Entry *e = m_entries.value(name);
    if (!e || e->desks == 0)
        return;
    emit deskChanged(name, e->shown.role, false);
    if (--e->desks > 0)
        return;
    if (!e->awayTimer) {
        e->awayTimer = std::make_unique<QTimer>();
        e->awayTimer->setSingleShot(true);
        connect(e->awayTimer.get(), &QTimer::timeout, this, [this, name] {
            if (Entry *gone = m_entries.value(name); gone && gone->desks == 0) {
                gone->chosen = Status::Away;
                settle(*gone);
            }
        });
    }
    e->awayTimer->start(m_awayAfterMs);
    settle(*e); // connected: false at once
}

void PresenceBoard::callLive(const QString &name, const QString &callControlId, bool live)
{
    if (name.isEmpty() || callControlId.isEmpty())
        return;
    Entry *e = m_entries.value(name);
    if (!e) {
        if (!live)
            return;
        e = &entry(name, Role::Agent); // a user not seen yet (dialled through the admin token's agentId)
    }
    if (e->liveCalls.contains(callControlId) == live && e->shown.since.isValid())
        return; // every webhook of a live call says so again
    emit callChanged(name, callControlId, live);
    if (live)
        e->liveCalls.insert(callControlId);
    else
        e->liveCalls.remove(callControlId);
    settle(*e);
}

void PresenceBoard::forget(const QString &name)
{
    delete m_entries.take(name);
}

void PresenceBoard::settle(Entry &e)
{
    Presence next = e.shown;
    next.connected = e.desks > 0;
    next.status = e.liveCalls.isEmpty() ? e.chosen : Status::Busy;
    // The call shown stays the same while it lives (a second call does not replace it).
    if (e.liveCalls.isEmpty())
        next.call.clear();
    else if (!e.liveCalls.contains(next.call))
        next.call = *e.liveCalls.cbegin();
    if (next.status != e.shown.status || !next.since.isValid())
        next.since = QDateTime::currentDateTimeUtc();
    const bool visible = next.status != e.shown.status || next.connected != e.shown.connected ||
                         next.call != e.shown.call || !e.shown.since.isValid();
    e.shown = next;
    if (visible)
        emit changed(e.shown);
}

QList<PresenceBoard::Presence> PresenceBoard::all(const QList<std::pair<QString, Role>> &roster) const
{
    QList<Presence> list;
    QSet<QString> listed;
    for (const auto &[name, role] : roster) {
        listed.insert(name);
        if (const Entry *e = m_entries.value(name)) {
            Presence p = e->shown;
            p.role = role;
            list.append(p);
        } else {
            list.append(Presence{name, role, Status::Away, {}, false, {}});
        }
    }
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (!listed.contains(it.key()))
            list.append(it.value()->shown);
    }
    std::sort(list.begin(), list.end(), [](const Presence &a, const Presence &b) { return a.name < b.name; });
    return list;
}

std::optional<PresenceBoard::Presence> PresenceBoard::of(const QString &name) const
{
    if (const Entry *e = m_entries.value(name))
        return e->shown;
    return std::nullopt;
}

QStringList PresenceBoard::availableAgents() const
{
    QList<const Presence *> ready;
    bool anyAgent = false;
    const Presence *admin = nullptr;
    for (const Entry *e : m_entries) {
        const Presence &p = e->shown;
        const bool available = p.connected && p.status == Status::Available;
        if (p.role == Role::Agent) {
            anyAgent = true;
            if (available)
                ready.append(&p);
        } else if (p.name == QLatin1String("admin") && available) {
            admin = &p;
        }
    }
    std::sort(ready.begin(), ready.end(), [](const Presence *a, const Presence *b) { return a->since < b->since; });
    QStringList names;
    for (const Presence *p : ready)
        names.append(p->name);
    if (!anyAgent && admin)
        names.append(admin->name);
    return names;
}

} // namespace sb
