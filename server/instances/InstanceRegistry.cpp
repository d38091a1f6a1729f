// SPDX-License-Identifier: MIT
#include "instances/InstanceRegistry.h"

#include "store/StoreLogging.h"

#include <QSqlQuery>

namespace sb {

namespace {
QString isoOrNull(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}
} // namespace

QJsonObject InstanceRegistry::Instance::toJson(bool self) const
{
    return QJsonObject{
        {QStringLiteral("url"), url},
        {QStringLiteral("startedAt"), isoOrNull(startedAt)},
        {QStringLiteral("lastSeenAt"), isoOrNull(lastSeenAt)},
        {QStringLiteral("self"), self},
    };
}

InstanceRegistry::InstanceRegistry(DatabaseUrl database, QObject *parent)
    : QObject(parent)
    , m_db(std::move(database), QStringLiteral("instances"))
{
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &InstanceRegistry::beat);
}

InstanceRegistry::~InstanceRegistry()
{
    if (!shared() || m_self.isEmpty())
        return;
    // A clean stop: gone at once rather than after kDeadAfterMs (others take over its calls sooner).
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("DELETE FROM instances WHERE url = ? AND started_at = ?"));
    q.addBindValue(m_self);
    q.addBindValue(m_startedAt.toMSecsSinceEpoch());
    m_db.exec(q);
}

bool InstanceRegistry::start(const QString &selfUrl, QString *error)
{
    m_self = selfUrl;
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (!shared())
        return true;
    if (!m_db.open(error))
        return false;
    if (isLive(m_self)) {
        qCWarning(lcStore).noquote() << "another live instance has the public URL" << m_self
                                     << "- give each instance its own PUBLIC_URL";
    }
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("INSERT INTO instances (url, started_at, last_seen_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(url) DO UPDATE SET started_at = excluded.started_at, "
                             "last_seen_at = excluded.last_seen_at"));
    q.addBindValue(m_self);
    q.addBindValue(m_startedAt.toMSecsSinceEpoch());
    q.addBindValue(m_startedAt.toMSecsSinceEpoch());
    if (!m_db.exec(q)) {
        *error = QStringLiteral("cannot register this instance in %1: %2").arg(m_db.url().display(), m_db.lastError());
        return false;
    }
    m_heartbeat.start();
    return true;
}

bool InstanceRegistry::beat()
{
    QSqlQuery q = m_db.query();
    // An upsert: a row removed meanwhile (an instance that thought this one dead) comes back.
    q.prepare(QStringLiteral("INSERT INTO instances (url, started_at, last_seen_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(url) DO UPDATE SET last_seen_at = excluded.last_seen_at"));
    q.addBindValue(m_self);
    q.addBindValue(m_startedAt.toMSecsSinceEpoch());
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    const bool ok = m_db.exec(q);
    if (ok != m_beating) {
        if (ok)
            qCInfo(lcStore) << "instance heartbeat written again";
        else
            qCWarning(lcStore).noquote() << "instance heartbeat not written:" << m_db.lastError();
        m_beating = ok;
    }
    return ok;
}

QList<InstanceRegistry::Instance> InstanceRegistry::live() const
{
    if (!shared())
        return {Instance{m_self, m_startedAt, QDateTime::currentDateTimeUtc()}};
    QList<Instance> out;
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT url, started_at, last_seen_at FROM instances WHERE last_seen_at >= ? "
                             "ORDER BY started_at, url"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch() - kDeadAfterMs);
    if (!m_db.exec(q))
        return out;
    while (q.next()) {
        out.append(Instance{q.value(0).toString(), QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC),
                            QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC)});
    }
    return out;
}

bool InstanceRegistry::isLive(const QString &url) const
{
    if (!shared())
        return url == m_self;
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT 1 FROM instances WHERE url = ? AND last_seen_at >= ?"));
    q.addBindValue(url);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch() - kDeadAfterMs);
    return m_db.exec(q) && q.next();
}

} // namespace sb
