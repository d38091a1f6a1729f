// SPDX-License-Identifier: MIT
#include "AgentPresence.h"

#include "ActiveCallController.h"
#include "LanguageChange.h"
#include "UiLogging.h"

namespace sb {

AgentPresence::AgentPresence(QObject *parent)
    : QObject(parent)
{
    onLanguageChange(this, [this] { emit stateChanged(); }); // stateText is translated
}

void AgentPresence::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    if (m_backend)
        m_backend->disconnect(this);
    m_backend = backend;
    if (m_backend) {
        connect(m_backend, &BackendClient::resynced, this, [this] {
            if (m_away)
                post(true);
        });
    }
    emit backendChanged();
}

void AgentPresence::setActiveCall(ActiveCallController *activeCall)
{
    if (m_activeCall == activeCall)
        return;
    if (m_activeCall)
        m_activeCall->disconnect(this);
    m_activeCall = activeCall;
    if (m_activeCall)
        connect(m_activeCall, &ActiveCallController::stateChanged, this, &AgentPresence::stateChanged);
    emit activeCallChanged();
    emit stateChanged();
}

AgentPresence::State AgentPresence::state() const
{
    if (m_activeCall && m_activeCall->inCall())
        return OnCall;
    return m_away ? Away : Available;
}

QString AgentPresence::stateText() const
{
    switch (state()) {
    case Available:
        return tr("Available");
    case Away:
        return tr("Away");
    case OnCall:
        return tr("On a call");
    }
    return {};
}

void AgentPresence::setAvailable(bool available)
{
    post(!available);
}

void AgentPresence::post(bool away)
{
    if (!m_backend)
        return;
    if (!m_busy) {
        m_busy = true;
        emit busyChanged();
    }
    m_backend->setPresence(away ? QStringLiteral("away") : QStringLiteral("available"), this,
                           [this, away](const ApiReply &reply) {
                               m_busy = false;
                               emit busyChanged();
                               if (!reply.ok()) {
                                   qCWarning(lcUi).noquote() << "presence refused:" << reply.status << reply.errorCode;
                                   setError(tr("Your presence could not be changed: %1").arg(reply.message));
                                   return;
                               }
                               setError({});
                               if (m_away != away) {
                                   m_away = away;
                                   emit stateChanged();
                               }
                           });
}

void AgentPresence::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace sb
