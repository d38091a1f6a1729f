// SPDX-License-Identifier: MIT
#include "instances/InstanceBus.h"

#include "store/StoreLogging.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace sb {

InstanceBus::InstanceBus(DatabaseUrl database, QString selfUrl, QObject *parent)
    : QObject(parent)
    , m_db(std::move(database), QStringLiteral("bus"))
    , m_self(std::move(selfUrl))
{
    m_watch.setInterval(1000);
    connect(&m_watch, &QTimer::timeout, this, &InstanceBus::check);
}

InstanceBus::~InstanceBus()
{
    if (m_listening)
        m_db.connection().driver()->unsubscribeFromNotification(QLatin1String(kChannel));
}

bool InstanceBus::start(QString *error)
{
    if (!isShared())
        return true;
    if (!m_db.open(error))
        return false;
    if (!listen()) {
        *error = QStringLiteral("cannot LISTEN on %1: %2").arg(m_db.url().display(), m_db.lastError());
        return false;
    }
    m_watch.start();
    return true;
}

bool InstanceBus::listen()
{
    QSqlDriver *driver = m_db.connection().driver();
    connect(driver, &QSqlDriver::notification, this, &InstanceBus::notified, Qt::UniqueConnection);
    m_listening = driver->subscribeToNotification(QLatin1String(kChannel));
    m_listeningOn = m_db.generation();
    if (!m_listening)
        qCWarning(lcStore).noquote() << "cannot listen for other instances:" << driver->lastError().text();
    return m_listening;
}

void InstanceBus::check()
{
    // Finds a dead link (noteFailure marks it lost), opens it again at most once a second, and listens again.
    if (!m_db.isLost())
        m_db.isHealthy();
    m_db.reopenIfLost();
    if (!m_db.isLost() && (m_listeningOn != m_db.generation() || !m_listening)) {
        if (listen())
            qCInfo(lcStore) << "listening for other instances again";
    }
}

bool InstanceBus::publish(QJsonObject message)
{
    if (!isShared())
        return true;
    message.insert(QStringLiteral("from"), m_self);
    const QByteArray text = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (text.size() > kMaxMessageBytes)
        return false;
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(QLatin1String(kChannel));
    q.addBindValue(QString::fromUtf8(text));
    if (!m_db.exec(q))
        return false;
    ++m_published;
    return true;
}

void InstanceBus::notified(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload)
{
    if (name != QLatin1String(kChannel) || source == QSqlDriver::SelfSource)
        return;
    const QJsonObject message = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
    if (message.isEmpty() || message.value(QLatin1String("from")).toString() == m_self)
        return;
    ++m_delivered;
    emit received(message);
}

} // namespace sb
