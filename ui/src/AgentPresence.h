// SPDX-License-Identifier: MIT
#pragma once

#include "ActiveCallController.h"
#include "client/BackendClient.h"

// Qt
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The agent's own presence, one click in the console's header (CONTRACT §9): Available (offered inbound calls) or
// Away, posted with POST /api/me/presence; "On a call" while the desk's call is live (the server counts the user busy
// then, whatever was chosen). A desk that connects is made available by the server, so the desk starts Available and,
// when /call-events comes back after a drop, posts Away again if that was the agent's choice.
class AgentPresence : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(sb::ActiveCallController *activeCall READ activeCall WRITE setActiveCall NOTIFY activeCallChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString stateText READ stateText NOTIFY stateChanged)
    Q_PROPERTY(bool available READ isAvailable NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    enum State { Available, Away, OnCall };
    Q_ENUM(State)

    explicit AgentPresence(QObject *parent = nullptr);

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    ActiveCallController *activeCall() const { return m_activeCall; }
    void setActiveCall(ActiveCallController *activeCall);
    State state() const;
    QString stateText() const;
    bool isAvailable() const { return !m_away; }
    bool isBusy() const { return m_busy; } // a presence request is in flight
    QString error() const { return m_error; }

    // Posts the agent's choice; the state follows once the server took it.
    Q_INVOKABLE void setAvailable(bool available);

signals:
    void backendChanged();
    void activeCallChanged();
    void stateChanged();
    void busyChanged();
    void errorChanged();

private:
    void post(bool away);
    void setError(const QString &error);

    QPointer<BackendClient> m_backend;
    QPointer<ActiveCallController> m_activeCall;
    bool m_away = false;
    bool m_busy = false;
    QString m_error;
};

} // namespace sb
