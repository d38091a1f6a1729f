// SPDX-License-Identifier: MIT
#pragma once

#include "users/Caller.h"
#include "users/UserStore.h"

// Qt
#include <QHttpServerResponder>
#include <QObject>

class QHttpServerRequest;

namespace sb {

class UserStore;

// /api/users (admin only) and /api/me (anyone with a valid token), CONTRACT §6. The token is checked and the caller
// identified by SwitchboardServer before any of these runs; the admin check is made here, in one place.
class UsersApi : public QObject {
    Q_OBJECT
public:
    explicit UsersApi(UserStore *users, QObject *parent = nullptr);

    void me(const Caller &caller, QHttpServerResponder &&responder);
    void add(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void list(const Caller &caller, QHttpServerResponder &&responder);
    void rotate(const Caller &caller, const QString &name, QHttpServerResponder &&responder);
    void remove(const Caller &caller, const QString &name, QHttpServerResponder &&responder);

signals:
    // A user's token stopped working (rotated, user removed): its open WebSockets are to close.
    void tokensChanged();
    void userRemoved(const QString &name);

private:
    bool requireAdmin(const Caller &caller, QHttpServerResponder &responder);
    void sendNotFound(QHttpServerResponder &responder, const QString &name);
    void sendStorageError(QHttpServerResponder &responder);
    // For a change of an existing user: false when it was done, else the error (404 or storage) is sent.
    bool refusedFor(UserStore::Outcome outcome, QHttpServerResponder &responder, const QString &name);

    UserStore *m_users;
};

} // namespace sb
