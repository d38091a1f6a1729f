// SPDX-License-Identifier: MIT
#include "instances/PresenceRelay.h"

#include "instances/InstanceBus.h"
#include "instances/InstanceRegistry.h"
#include "store/StoreLogging.h"

#include <QJsonArray>

namespace sb {

namespace {
const QString kKind = QStringLiteral("k");
const QString kFrom = QStringLiteral("from");
const QString kName = QStringLiteral("name");
const QString kRole = QStringLiteral("role");
const QString kDesk = QStringLiteral("presence.desk");
const QString kChose = QStringLiteral("presence.chose");
const QString kCall = QStringLiteral("presence.call");
const QString kHello = QStringLiteral("presence.hello");
const QString kDesks = QStringLiteral("presence.desks");
constexpr int kDesksPerMessage = 60; // about 100 bytes each: well within one NOTIFY
} // namespace

PresenceRelay::PresenceRelay(InstanceBus *bus, InstanceRegistry *registry, PresenceBoard *board, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_registry(registry)
    , m_board(board)
{
    if (!bus->isShared())
        return;
    connect(board, &PresenceBoard::deskChanged, this, &PresenceRelay::deskChanged);
    connect(board, &PresenceBoard::chose, this, &PresenceRelay::chose);
    connect(board, &PresenceBoard::callChanged, this, &PresenceRelay::callChanged);
    connect(bus, &InstanceBus::received, this, &PresenceRelay::received);
    m_sweep.setInterval(InstanceRegistry::kHeartbeatMs);
    connect(&m_sweep, &QTimer::timeout, this, &PresenceRelay::sweep);
}

void PresenceRelay::start()
{
    if (!m_bus->isShared())
        return;
    m_bus->publish({{kKind, kHello}});
    m_sweep.start();
}

void PresenceRelay::deskChanged(const QString &name, Role role, bool connected)
{
    if (m_applying)
        return;
    Desk &desk = m_localDesks[name];
    desk.role = role;
    desk.count += connected ? 1 : -1;
    if (desk.count <= 0)
        m_localDesks.remove(name);
    m_bus->publish({{kKind, kDesk}, {kName, name}, {kRole, roleName(role)}, {QStringLiteral("up"), connected}});
}

void PresenceRelay::chose(const QString &name, Role role, PresenceBoard::Status chosen)
{
    if (m_applying)
        return;
    m_bus->publish({{kKind, kChose},
                    {kName, name},
                    {kRole, roleName(role)},
                    {QStringLiteral("status"), PresenceBoard::statusName(chosen)}});
}

void PresenceRelay::callChanged(const QString &name, const QString &callControlId, bool live)
{
    if (m_applying)
        return;
    m_bus->publish(
        {{kKind, kCall}, {kName, name}, {QStringLiteral("call"), callControlId}, {QStringLiteral("live"), live}});
}

void PresenceRelay::publishDesks()
{
    QJsonArray batch;
    const auto flush = [&] {
        if (!batch.isEmpty())
            m_bus->publish({{kKind, kDesks}, {QStringLiteral("desks"), batch}});
        batch = QJsonArray();
    };
    for (auto it = m_localDesks.cbegin(); it != m_localDesks.cend(); ++it) {
        const std::optional<PresenceBoard::Presence> shown = m_board->of(it.key());
        // Away while connected can only be chosen; available or busy, the desk's arrival says it.
        const bool away = shown && shown->status == PresenceBoard::Status::Away;
        batch.append(QJsonObject{{kName, it.key()},
                                 {kRole, roleName(it->role)},
                                 {QStringLiteral("n"), it->count},
                                 {QStringLiteral("away"), away}});
        if (batch.size() == kDesksPerMessage)
            flush();
    }
    flush();
}

void PresenceRelay::applyDesk(const QString &from, const QString &name, Role role, bool connected)
{
    QHash<QString, Desk> &there = m_remoteDesks[from];
    Desk &desk = there[name];
    if (!connected && desk.count == 0) {
        there.remove(name);
        return; // a desk this instance never heard arrive (it started after)
    }
    desk.role = role;
    desk.count += connected ? 1 : -1;
    if (desk.count == 0)
        there.remove(name);
    if (connected)
        m_board->deskConnected(name, role);
    else
        m_board->deskDisconnected(name);
}

void PresenceRelay::received(const QJsonObject &message)
{
    const QString kind = message.value(kKind).toString();
    if (!kind.startsWith(QLatin1String("presence.")))
        return;
    const QString from = message.value(kFrom).toString();
    const QString name = message.value(kName).toString();
    const Role role = roleFromName(message.value(kRole).toString()).value_or(Role::Agent);
    m_applying = true;
    if (kind == kDesk && !name.isEmpty()) {
        applyDesk(from, name, role, message.value(QStringLiteral("up")).toBool());
    } else if (kind == kChose && !name.isEmpty()) {
        const QString status = message.value(QStringLiteral("status")).toString();
        m_board->choose(name, role,
                        status == QLatin1String("away") ? PresenceBoard::Status::Away
                                                        : PresenceBoard::Status::Available);
    } else if (kind == kCall && !name.isEmpty()) {
        m_board->callLive(name, message.value(QStringLiteral("call")).toString(),
                          message.value(QStringLiteral("live")).toBool());
    } else if (kind == kHello) {
        m_applying = false;
        publishDesks();
    } else if (kind == kDesks) {
        for (const QJsonValue desk : message.value(QStringLiteral("desks")).toArray()) {
            const QJsonObject d = desk.toObject();
            const QString user = d.value(kName).toString();
            const Role userRole = roleFromName(d.value(kRole).toString()).value_or(Role::Agent);
            if (user.isEmpty() || m_remoteDesks.value(from).contains(user))
                continue; // already known from its arrival
            for (int i = 0; i < d.value(QStringLiteral("n")).toInt(); ++i)
                applyDesk(from, user, userRole, true);
            if (d.value(QStringLiteral("away")).toBool())
                m_board->choose(user, userRole, PresenceBoard::Status::Away);
        }
    }
    m_applying = false;
}

void PresenceRelay::sweep()
{
    for (auto it = m_remoteDesks.begin(); it != m_remoteDesks.end();) {
        if (it->isEmpty()) {
            it = m_remoteDesks.erase(it);
            continue;
        }
        if (m_registry->isLive(it.key())) {
            ++it;
            continue;
        }
        qCInfo(lcStore).noquote() << "instance" << it.key() << "is gone: its" << it->size() << "desks with it";
        const QHash<QString, Desk> gone = *it;
        it = m_remoteDesks.erase(it);
        m_applying = true;
        for (auto desk = gone.cbegin(); desk != gone.cend(); ++desk) {
            for (int i = 0; i < desk->count; ++i)
                m_board->deskDisconnected(desk.key());
        }
        m_applying = false;
    }
}

} // namespace sb
