// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QPointer>
#include <QString>

namespace sb {

class IncomingCallsModel;

// The desktop notification of a ringing call, with Answer and Decline in it, for an agent whose console is hidden
// behind other windows. On Linux it speaks the freedesktop notification protocol over D-Bus (Notify with actions
// ["answer", "Answer", "decline", "Decline"], urgency critical, no timeout) and listens for ActionInvoked and
// NotificationClosed; the notification is closed (CloseNotification) when the call stops ringing for this desk.
// It follows IncomingCallsModel::firstForMe: one notification at a time, for the oldest call ringing for us.
//
// When there is no session bus or no notification service (CI, a bare X server, Windows, macOS, a build without
// Qt D-Bus) it does nothing, quietly: the banner in the console and the ring are the notice then. D-Bus calls are
// asynchronous, so a slow or hung notification daemon never stalls the GUI thread.
class RingNotification : public QObject {
    Q_OBJECT
public:
    // `calls` is not owned. `busAddress` empty: the session bus; else a private bus (tests).
    explicit RingNotification(IncomingCallsModel *calls, const QString &busAddress = {}, QObject *parent = nullptr);
    ~RingNotification() override;

    // A bus is connected and a notification service is on it (asked once, at construction).
    bool isAvailable() const { return m_available; }
    // The notification shown now (its server's id), or 0.
    uint notificationId() const { return m_id; }
    // The call it is about, or empty.
    QString callControlId() const { return m_callId; }

signals:
    void shown(uint id);
    void closed();

private slots:
    // Signals of org.freedesktop.Notifications (connected by name, hence slots).
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void follow();
    void show(const QString &callControlId);
    void close();

    QPointer<IncomingCallsModel> m_calls;
    QString m_connectionName;
    bool m_available = false;
    uint m_id = 0;
    QString m_callId;
    quint64 m_request = 0; // a Notify answer for an older request is closed at once
};

} // namespace sb
