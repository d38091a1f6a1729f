// SPDX-License-Identifier: MIT
#include "users/UserStore.h"

#include "users/UsersLogging.h"

// Qt
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

// Third party
#include <sodium.h>

namespace sb {

namespace {

// 256 random bits from the kernel's generator, base64url without padding (43 characters).
QString newToken()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    const QByteArray raw(reinterpret_cast<const char *>(bytes), sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

User readUser(const QSqlQuery &q)
{
    User u;
    u.name = q.value(0).toString();
    u.role = roleFromName(q.value(1).toString()).value_or(Role::Agent);
    u.createdAt = fromMs(q.value(2));
    u.lastSeenAt = fromMs(q.value(3));
    return u;
}

} // namespace

UserStore::UserStore(const QString &sqlitePath)
    : UserStore(DatabaseUrl::sqlite(sqlitePath))
{
}

UserStore::UserStore(DatabaseUrl url)
    : m_db(std::move(url), QStringLiteral("users"))
{
}

bool UserStore::open(QString *error)
{
    if (sodium_init() < 0) {
        *error = QStringLiteral("libsodium could not be initialised");
        return false;
    }
    if (!m_db.open(error))
        return false;
    QSqlQuery q = m_db.query();
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !q.next()) {
        *error = QStringLiteral("%1 has no users table: %2").arg(m_db.url().display(), q.lastError().text());
        return false;
    }
    return true;
}

bool UserStore::isValidName(const QString &name)
{
    // Anchored as a whole: `$` alone would also match before a trailing newline.
    static const QRegularExpression kName(QRegularExpression::anchoredPattern(QStringLiteral("[a-z0-9._-]{1,64}")));
    return kName.match(name).hasMatch();
}

QByteArray UserStore::tokenHash(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

UserStore::Outcome UserStore::add(const QString &name, Role role, QString *token)
{
    if (!isValidName(name))
        return Outcome::BadName;
    if (user(name))
        return Outcome::Duplicate;
    const QString fresh = newToken();
    QSqlQuery q = m_db.query();
    // DO NOTHING: a user added meanwhile by another process (the CLI beside the server, another instance) is a
    // duplicate, not an error.
    q.prepare(QStringLiteral(
        "INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    q.addBindValue(name);
    q.addBindValue(roleName(role));
    q.addBindValue(tokenHash(fresh.toLatin1()));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!m_db.exec(q))
        return Outcome::StorageError;
    if (q.numRowsAffected() != 1)
        return Outcome::Duplicate;
    qCInfo(lcUsers).noquote() << "added user" << name << "as" << roleName(role);
    *token = fresh;
    return Outcome::Done;
}

UserStore::Outcome UserStore::rotate(const QString &name, QString *token)
{
    if (!isValidName(name))
        return Outcome::NotFound;
    const QString fresh = newToken();
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE users SET token_hash = ? WHERE name = ?"));
    q.addBindValue(tokenHash(fresh.toLatin1()));
    q.addBindValue(name);
    if (!m_db.exec(q))
        return Outcome::StorageError;
    if (q.numRowsAffected() != 1)
        return Outcome::NotFound;
    qCInfo(lcUsers).noquote() << "new token for user" << name << "- the old one no longer works";
    *token = fresh;
    return Outcome::Done;
}

UserStore::Outcome UserStore::remove(const QString &name)
{
    if (!isValidName(name))
        return Outcome::NotFound;
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("DELETE FROM users WHERE name = ?"));
    q.addBindValue(name);
    if (!m_db.exec(q))
        return Outcome::StorageError;
    if (q.numRowsAffected() != 1)
        return Outcome::NotFound;
    m_lastSeenWritten.remove(name);
    qCInfo(lcUsers).noquote() << "removed user" << name;
    return Outcome::Done;
}

QList<User> UserStore::users() const
{
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, role, created_at, last_seen_at FROM users ORDER BY name"));
    QList<User> out;
    if (!m_db.exec(q))
        return out;
    while (q.next())
        out.append(readUser(q));
    return out;
}

std::optional<User> UserStore::user(const QString &name) const
{
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, role, created_at, last_seen_at FROM users WHERE name = ?"));
    q.addBindValue(name);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return readUser(q);
}

std::optional<User> UserStore::authenticate(QByteArrayView token)
{
    if (token.isEmpty())
        return std::nullopt;
    const QByteArray hash = tokenHash(token);
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT name, role, created_at, last_seen_at, token_hash FROM users WHERE token_hash = ?"));
    q.addBindValue(hash);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    // Found by an index on the hash; the comparison that decides is constant-time all the same.
    const QByteArray stored = q.value(4).toByteArray();
    if (stored.size() != hash.size() || sodium_memcmp(stored.constData(), hash.constData(), std::size_t(hash.size())))
        return std::nullopt;
    User u = readUser(q);
    q.finish();
    touch(u.name);
    return u;
}

void UserStore::touch(const QString &name)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto last = m_lastSeenWritten.constFind(name);
    if (last != m_lastSeenWritten.cend() && now - *last < kLastSeenResolutionMs)
        return;
    m_lastSeenWritten.insert(name, now);
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE users SET last_seen_at = ? WHERE name = ?"));
    q.addBindValue(now);
    q.addBindValue(name);
    m_db.exec(q);
}

std::optional<QHash<QString, QByteArray>> UserStore::currentTokenHashes() const
{
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, token_hash FROM users"));
    if (!m_db.exec(q))
        return std::nullopt;
    QHash<QString, QByteArray> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toByteArray());
    return out;
}

} // namespace sb
