// SPDX-License-Identifier: MIT
#include "instances/EventRelay.h"

#include "calls/CallEventsHub.h"
#include "calls/CallRecord.h"
#include "calls/CallStore.h"
#include "instances/InstanceBus.h"
#include "store/StoreLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sb {

namespace {
const QString kKind = QStringLiteral("k");
const QString kCall = QStringLiteral("call");
const QString kAgent = QStringLiteral("agent");
const QString kJson = QStringLiteral("json");
const QString kId = QStringLiteral("id");
} // namespace

EventRelay::EventRelay(InstanceBus *bus, CallEventsHub *hub, CallStore *store, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_hub(hub)
    , m_store(store)
{
    if (!bus->isShared())
        return; // one instance: nobody to tell
    hub->setRelayed(true);
    connect(hub, &CallEventsHub::broadcasted, this, &EventRelay::relayEvent);
    connect(hub, &CallEventsHub::sentToUsers, this, &EventRelay::relayToUsers);
    connect(bus, &InstanceBus::received, this, &EventRelay::received);
}

void EventRelay::relayEvent(const QByteArray &json, const QString &callControlId, const QString &agentHint)
{
    QJsonObject message{{kKind, QStringLiteral("event")}, {kCall, callControlId}, {kAgent, agentHint}};
    if (json.size() < InstanceBus::kMaxMessageBytes - 512) {
        message.insert(kJson, QString::fromUtf8(json));
        if (m_bus->publish(message))
            return;
        message.remove(kJson);
    }
    // Too large for NOTIFY: its id, and the others read the stored event.
    const QString id = QJsonDocument::fromJson(json).object().value(kId).toString();
    if (id.isEmpty()) {
        qCWarning(lcStore) << "an event of" << json.size() << "bytes with no id was not sent to the other instances";
        return;
    }
    message.insert(kId, id);
    if (!m_bus->publish(message))
        qCWarning(lcStore).noquote() << "event" << id << "was not sent to the other instances";
}

void EventRelay::relayToUsers(const QByteArray &json, const QSet<QString> &users, bool supervisorsToo)
{
    const QJsonObject message{
        {kKind, QStringLiteral("users")},
        {QStringLiteral("users"), QJsonArray::fromStringList(QStringList(users.begin(), users.end()))},
        {QStringLiteral("supervisors"), supervisorsToo},
        {kJson, QString::fromUtf8(json)}};
    if (!m_bus->publish(message))
        qCWarning(lcStore) << "a message to" << users.size() << "users was not sent to the other instances";
}

void EventRelay::relayMute(const QString &callControlId, bool muted)
{
    if (m_bus->isShared())
        m_bus->publish({{kKind, QStringLiteral("mute")}, {kCall, callControlId}, {QStringLiteral("muted"), muted}});
}

void EventRelay::relayAnswered(const QString &callControlId, const QString &agent)
{
    if (m_bus->isShared())
        m_bus->publish({{kKind, QStringLiteral("answered")}, {kCall, callControlId}, {kAgent, agent}});
}

void EventRelay::relayDeclined(const QString &callControlId, const QString &agent)
{
    if (m_bus->isShared())
        m_bus->publish({{kKind, QStringLiteral("declined")}, {kCall, callControlId}, {kAgent, agent}});
}

void EventRelay::received(const QJsonObject &message)
{
    const QString kind = message.value(kKind).toString();
    const QString call = message.value(kCall).toString();
    if (kind == QLatin1String("event")) {
        QByteArray json = message.value(kJson).toString().toUtf8();
        if (json.isEmpty()) {
            const QString id = message.value(kId).toString();
            const std::optional<CallEvent> event = id.isEmpty() ? std::nullopt : m_store->event(id);
            if (!event) {
                qCWarning(lcStore).noquote() << "another instance's event" << id << "is not in the database";
                return;
            }
            json = event->toBroadcastJson();
        }
        m_hub->deliver(json, call, message.value(kAgent).toString());
    } else if (kind == QLatin1String("users")) {
        QSet<QString> users;
        for (const auto &user : message.value(QLatin1String("users")).toArray())
            users.insert(user.toString());
        m_hub->deliverToUsers(message.value(kJson).toString().toUtf8(), users,
                              message.value(QLatin1String("supervisors")).toBool());
    } else if (kind == QLatin1String("mute") && !call.isEmpty()) {
        emit muteChanged(call, message.value(QLatin1String("muted")).toBool());
    } else if (kind == QLatin1String("answered") && !call.isEmpty()) {
        emit answeredElsewhere(call, message.value(kAgent).toString());
    } else if (kind == QLatin1String("declined") && !call.isEmpty()) {
        emit declinedElsewhere(call, message.value(kAgent).toString());
    }
}

} // namespace sb
