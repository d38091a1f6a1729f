// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

// C++
#include <functional>

namespace sb {

class UserStore;

// The open WebSockets of users and of the admin token, each with the token it was opened with, so that a token that
// stops working (rotated, user removed, the admin token regenerated) also ends its sockets (CONTRACT §6: code 1008
// within a second).
//
// Changes made through the HTTP API call recheck() at once. The command line (`switchboard user token|remove`) runs
// in another process and writes the database only, so while any user socket is open the table is also read every
// kRecheckMs: one small query (name -> token hash) for every socket, and none at all while no user socket is open.
class UserSessions : public QObject {
    Q_OBJECT
public:
    static constexpr int kRecheckMs = 500; // half the contract's one second, for the close handshake's start

    explicit UserSessions(UserStore *store, QObject *parent = nullptr);

    // A socket opened by `user` with the token whose hash is `tokenHash`. `lifetime` is the object whose destruction
    // ends the session; `close` ends the socket with 1008.
    void add(const QString &user, const QByteArray &tokenHash, QObject *lifetime, std::function<void()> close);
    int count() const { return int(m_sessions.size()); }
    // The same for a socket opened with the admin token (API_TOKEN, §2), whose hash is `tokenHash`. The admin token
    // changes only in this process (POST /api/token/regenerate): no reading of the database for these.
    void addAdmin(const QByteArray &tokenHash, QObject *lifetime, std::function<void()> close);
    int adminCount() const { return int(m_adminSessions.size()); }
    // The admin token is now the one hashing to `tokenHash`: the sockets opened with any other are closed (1008).
    void adminTokenChanged(const QByteArray &tokenHash);

public slots:
    // Closes the sessions whose token is no longer their user's.
    void recheck();

private:
    struct Session {
        QString user;
        QByteArray tokenHash;
        QPointer<QObject> lifetime;
        std::function<void()> close;
    };
    // Drops the session of `lifetime` from `sessions` when it is destroyed.
    void forgetOnDestruction(QList<Session> &sessions, QObject *lifetime);

    UserStore *m_store;
    QList<Session> m_sessions;
    QList<Session> m_adminSessions; // user is empty
    QTimer m_timer;
};

} // namespace sb
