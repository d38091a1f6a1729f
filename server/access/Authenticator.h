// SPDX-License-Identifier: MIT
#pragma once

#include "users/Caller.h"

// Qt
#include <QByteArrayView>

// C++
#include <functional>
#include <optional>

namespace sb {

class UserStore;

// Who a presented token speaks for (CONTRACT §6): the admin API_TOKEN, checked first, or a user's token. Nothing
// for no token or a wrong one. Tokens are compared in constant time (ApiToken, UserStore) and never logged.
class Authenticator {
public:
    // `isAdminToken` asks the current API token (it changes at /api/token/regenerate).
    Authenticator(std::function<bool(QByteArrayView)> isAdminToken, UserStore *users);

    std::optional<Caller> identify(QByteArrayView presented) const;

private:
    std::function<bool(QByteArrayView)> m_isAdminToken;
    UserStore *m_users;
};

} // namespace sb
