// SPDX-License-Identifier: MIT
#pragma once

#include "store/Database.h"

#include <QJsonObject>
#include <QObject>
#include <QSqlDriver>
#include <QTimer>

namespace sb {

// Messages between the instances sharing one PostgreSQL database (CONTRACT §8): PostgreSQL's LISTEN/NOTIFY on one
// channel, through Qt's QSqlDriver notifications, on a connection of the bus's own.
//
// publish() sends a JSON object to every other instance (it carries "from": this instance's URL, and this instance
// does not hear itself); received() hands over what the others sent. NOTIFY carries at most 8000 bytes: a larger
// message is refused (false), and the caller sends a reference to what is stored instead (an event's id).
//
// A lost connection is found within a second (a ping when idle), opened again and listened on again; what was
// published meanwhile is not delivered (it is in the database). On SQLite (one instance) the bus is idle: publish()
// does nothing and answers true.
class InstanceBus : public QObject {
    Q_OBJECT
public:
    static constexpr const char *kChannel = "switchboard";
    static constexpr qsizetype kMaxMessageBytes = 7900; // PostgreSQL's NOTIFY payload limit is 8000 bytes

    InstanceBus(DatabaseUrl database, QString selfUrl, QObject *parent = nullptr);
    ~InstanceBus() override;

    bool start(QString *error);
    bool isShared() const { return !m_db.isSqlite(); }
    bool publish(QJsonObject message);
    quint64 published() const { return m_published; }
    quint64 delivered() const { return m_delivered; }

signals:
    void received(const QJsonObject &message);

private:
    bool listen();
    void check();
    void notified(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    Database m_db;
    QString m_self;
    QTimer m_watch;
    quint64 m_listeningOn = 0; // the connection generation LISTEN was issued on
    bool m_listening = false;
    quint64 m_published = 0;
    quint64 m_delivered = 0;
};

} // namespace sb
