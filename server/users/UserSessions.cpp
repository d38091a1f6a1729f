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
    connect(lifetime, &QObject::destroyed, this, [this, lifetime] {
        m_sessions.removeIf([lifetime](const Session &s) { return s.lifetime.isNull() || s.lifetime == lifetime; });
        if (m_sessions.isEmpty())
            m_timer.stop();
    });
    if (!m_timer.isActive())
        m_timer.start();
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
