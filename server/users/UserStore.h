// SPDX-License-Identifier: MIT
#pragma once

#include "store/Database.h"
#include "users/Role.h"

// Qt
#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

// C++
#include <optional>

class QSqlQuery;

namespace sb {

// One user as stored: never its token, which exists only in the answer that created it.
struct User {
    QString name;
    Role role = Role::Agent;
    QDateTime createdAt;
    QDateTime lastSeenAt; // invalid: never used
};

// The users of CONTRACT §6 in the `users` table (store/Schema's migration 3 makes it, when CallStore opens the
// database; this class only reads and writes rows, over a connection of its own to the same database, as the
// webhook writer does).
//
// Tokens are 256 random bits, base64url: only their SHA-256 is stored. A hash of a high-entropy secret needs no salt
// nor stretching (nobody can guess the input), and lets a presented token be found by an indexed lookup; the stored
// hash is then compared in constant time all the same. Tokens are never logged.
//
// Not thread-safe: one UserStore per thread (Qt SQL connections belong to the thread that made them).
class UserStore {
public:
    enum class Outcome { Done, BadName, Duplicate, NotFound, StorageError };

    explicit UserStore(const QString &sqlitePath);
    explicit UserStore(DatabaseUrl url);
    UserStore(const UserStore &) = delete;
    UserStore &operator=(const UserStore &) = delete;

    // False (with *error) when the file cannot be opened or has no users table (an older schema).
    bool open(QString *error);
    QString lastError() const { return m_db.lastError(); }

    // 1 to 64 of a-z 0-9 . _ -
    static bool isValidName(const QString &name);
    static QByteArray tokenHash(QByteArrayView token);

    // A new user and its first token (*token). Nothing is stored unless Done.
    Outcome add(const QString &name, Role role, QString *token);
    // A new token for `name`: the old one stops at once.
    Outcome rotate(const QString &name, QString *token);
    Outcome remove(const QString &name);
    QList<User> users() const; // by name
    std::optional<User> user(const QString &name) const;

    // The user whose token this is, or nothing. Marks the user seen (at most one write a minute per user).
    std::optional<User> authenticate(QByteArrayView token);
    // Whether `tokenHash` is still `name`'s token (not rotated, not removed): for sockets opened with it.
    // One query for every open socket's check: name -> current hash; nothing when the database cannot be read (which
    // must not pass for "every user removed").
    std::optional<QHash<QString, QByteArray>> currentTokenHashes() const;

    // How often last_seen is written for one user at most: a database write per request would cost more than the
    // request; "last seen" to the minute is what an admin needs to spot unused accounts.
    static constexpr qint64 kLastSeenResolutionMs = 60'000;

private:
    void touch(const QString &name);

    Database m_db;
    QHash<QString, qint64> m_lastSeenWritten; // name -> when last_seen was last written (ms since epoch)
};

} // namespace sb
