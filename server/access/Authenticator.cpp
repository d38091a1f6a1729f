// SPDX-License-Identifier: MIT
#include "access/Authenticator.h"

#include "users/UserStore.h"

namespace sb {

Authenticator::Authenticator(std::function<bool(QByteArrayView)> isAdminToken, UserStore *users)
    : m_isAdminToken(std::move(isAdminToken))
    , m_users(users)
{
}

std::optional<Caller> Authenticator::identify(QByteArrayView presented) const
{
    if (presented.isEmpty())
        return std::nullopt;
    if (m_isAdminToken(presented))
        return Caller::admin();
    if (const auto user = m_users->authenticate(presented))
        return Caller{user->name, user->role, false};
    return std::nullopt;
}

} // namespace sb
