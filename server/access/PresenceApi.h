// SPDX-License-Identifier: MIT
#pragma once

#include "users/Caller.h"

// Qt
#include <QHttpServerResponder>
#include <QObject>

class QHttpServerRequest;

namespace sb {

class PresenceBoard;
class UserStore;

// POST /api/me/presence (any token: the caller's own) and GET /api/presence (supervisors and admins), CONTRACT §9.
// The board itself knows nothing of HTTP; the rights are checked here.
class PresenceApi : public QObject {
    Q_OBJECT
public:
    PresenceApi(PresenceBoard *board, UserStore *users, QObject *parent = nullptr);

    void choose(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void list(const Caller &caller, QHttpServerResponder &&responder);

private:
    PresenceBoard *m_board;
    UserStore *m_users; // may be null (no users table): only the names with a presence are listed
};

} // namespace sb
