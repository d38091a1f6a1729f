// SPDX-License-Identifier: MIT
#include "RingNotification.h"

#include "IncomingCallsModel.h"
#include "UiLogging.h"

// Qt
#include <QCoreApplication>
#include <QVariantMap>

#ifdef SWITCHBOARD_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

namespace sb {

namespace {

#ifdef SWITCHBOARD_HAVE_DBUS
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
constexpr uchar kUrgencyCritical = 2; // the spec's urgency levels: 0 low, 1 normal, 2 critical (stays until closed)

QDBusConnection bus(const QString &name)
{
    return name.isEmpty() ? QDBusConnection::sessionBus() : QDBusConnection(name);
}
#endif

} // namespace

RingNotification::RingNotification(IncomingCallsModel *calls, const QString &busAddress, QObject *parent)
    : QObject(parent)
    , m_calls(calls)
{
#ifdef SWITCHBOARD_HAVE_DBUS
    if (!busAddress.isEmpty()) {
        m_connectionName = QStringLiteral("switchboard-ring-%1").arg(quintptr(this), 0, 16);
        QDBusConnection::connectToBus(busAddress, m_connectionName);
    }
    QDBusConnection connection = bus(m_connectionName);
    m_available = connection.isConnected() && connection.interface() &&
                  connection.interface()->isServiceRegistered(kService).value();
    if (!m_available) {
        qCInfo(lcUi) << "no desktop notification service: incoming calls are shown in the console only";
        return;
    }
    connection.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                       SLOT(onActionInvoked(uint, QString)));
    connection.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                       SLOT(onNotificationClosed(uint, uint)));
    if (m_calls)
        connect(m_calls, &IncomingCallsModel::ringingForMeChanged, this, &RingNotification::follow);
#else
    Q_UNUSED(busAddress);
#endif
}

RingNotification::~RingNotification()
{
    close();
#ifdef SWITCHBOARD_HAVE_DBUS
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
#endif
}

void RingNotification::follow()
{
    const QString first = m_calls ? m_calls->firstForMe() : QString();
    if (first == m_callId)
        return;
    close();
    if (!first.isEmpty())
        show(first);
}

void RingNotification::show(const QString &callControlId)
{
#ifdef SWITCHBOARD_HAVE_DBUS
    const QVariantMap offer = m_calls->offer(callControlId);
    const QString from = offer.value(QStringLiteral("from")).toString();
    const QString name = offer.value(QStringLiteral("callerIdName")).toString();
    m_callId = callControlId;
    QDBusMessage notify = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    notify << QCoreApplication::applicationName() << uint(0) << QStringLiteral("call-start") << tr("Incoming call")
           << (name.isEmpty() ? from : tr("%1 (%2)").arg(name, from))
           << QStringList{QStringLiteral("answer"), tr("Answer"), QStringLiteral("decline"), tr("Decline")}
           << QVariantMap{{QStringLiteral("urgency"), QVariant::fromValue(kUrgencyCritical)},
                          {QStringLiteral("category"), QStringLiteral("call.incoming")},
                          {QStringLiteral("resident"), true}}
           << int(0); // never expires: it goes when the call stops ringing
    const quint64 request = ++m_request;
    auto *watcher = new QDBusPendingCallWatcher(bus(m_connectionName).asyncCall(notify), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, request](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            qCInfo(lcUi).noquote() << "the ring notification was not shown:" << reply.error().message();
            return;
        }
        if (request != m_request) { // the call stopped ringing (or another began) before the daemon answered
            QDBusMessage stale =
                QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("CloseNotification"));
            stale << reply.value();
            bus(m_connectionName).asyncCall(stale);
            return;
        }
        m_id = reply.value();
        emit shown(m_id);
    });
#else
    Q_UNUSED(callControlId);
#endif
}

void RingNotification::close()
{
    ++m_request;
    m_callId.clear();
    if (m_id == 0)
        return;
#ifdef SWITCHBOARD_HAVE_DBUS
    QDBusMessage message =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("CloseNotification"));
    message << m_id;
    bus(m_connectionName).asyncCall(message);
#endif
    m_id = 0;
    emit closed();
}

void RingNotification::onActionInvoked(uint id, const QString &actionKey)
{
    if (id == 0 || id != m_id || !m_calls)
        return;
    const QString call = m_callId;
    if (actionKey == QLatin1String("answer"))
        m_calls->answer(call);
    else if (actionKey == QLatin1String("decline"))
        m_calls->decline(call);
}

void RingNotification::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    if (id == 0 || id != m_id)
        return;
    // Dismissed by the agent (or the daemon): the call still rings in the console; nothing is shown again for it.
    m_id = 0;
    emit closed();
}

} // namespace sb
