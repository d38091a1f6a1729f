// SPDX-License-Identifier: MIT
#include "users/UserSessions.h"

#include "users/UserStore.h"
#include "users/UsersLogging.h"

namespace sb {

UserSessions::UserSessions(UserStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(kRecheckMs);
    connect(&m_timer, &QTimer::timeout, this, &UserSessions::recheck);
}

void UserSessions::add(const QString &user, const QByteArray &tokenHash, QObject *lifetime, std::function<void()> close)
{
    m_sessions.append({user, tokenHash, lifetime, std::move(close)});
    forgetOnDestruction(m_sessions, lifetime);
    if (!m_timer.isActive())
        m_timer.start();
}

void UserSessions::addAdmin(const QByteArray &tokenHash, QObject *lifetime, std::function<void()> close)
{
    m_adminSessions.append({QString(), tokenHash, lifetime, std::move(close)});
    forgetOnDestruction(m_adminSessions, lifetime);
}

void UserSessions::forgetOnDestruction(QList<Session> &sessions, QObject *lifetime)
{
    connect(lifetime, &QObject::destroyed, this, [this, &sessions, lifetime] {
        sessions.removeIf([lifetime](const Session &s) { return s.lifetime.isNull() || s.lifetime == lifetime; });
        if (m_sessions.isEmpty())
            m_timer.stop();
    });
}

void UserSessions::adminTokenChanged(const QByteArray &tokenHash)
{
    QList<Session> ending;
    m_adminSessions.removeIf([&](const Session &s) {
        if (s.lifetime.isNull())
            return true;
        if (s.tokenHash == tokenHash)
            return false;
        ending.append(s);
        return true;
    });
    if (!ending.isEmpty())
        qCInfo(lcUsers).noquote() << "closing" << ending.size() << "WebSocket(s) of the old admin token";
    for (const Session &s : std::as_const(ending)) {
        if (s.lifetime)
            s.close();
    }
}

void UserSessions::recheck()
{
    if (m_sessions.isEmpty())
        return;
    const auto current = m_store->currentTokenHashes();
    if (!current)
        return; // the database could not be read: that is not "every user removed"
    QList<Session> ending;
    m_sessions.removeIf([&](const Session &s) {
        if (s.lifetime.isNull())
            return true;
        const auto hash = current->constFind(s.user);
        if (hash != current->cend() && *hash == s.tokenHash)
            return false;
        ending.append(s);
        return true;
    });
    for (const Session &s : std::as_const(ending)) {
        qCInfo(lcUsers).noquote() << "closing a WebSocket of" << s.user << "- its token no longer works";
        if (s.lifetime)
            s.close();
    }
    if (m_sessions.isEmpty())
        m_timer.stop();
}

} // namespace sb
