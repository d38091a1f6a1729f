// SPDX-License-Identifier: MIT
#pragma once

#include "store/Database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace sb {

// The Switchboard instances sharing one database (CONTRACT §8), each named by its public URL, and this one's
// heartbeat among them.
//
// On PostgreSQL each instance keeps a row of the `instances` table fresh once a second (its own connection, on the
// thread that made the registry); one whose row is older than kDeadAfterMs is no longer live. An instance that stops
// cleanly deletes its row. On SQLite (one desk, one instance) nothing is written: the list is this instance alone.
//
// Times are the instances' own clocks: instances on several machines need them synchronised (NTP), as any cluster
// does.
class InstanceRegistry : public QObject {
    Q_OBJECT
public:
    static constexpr int kHeartbeatMs = 1000;
    static constexpr int kDeadAfterMs = 5000;

    struct Instance {
        QString url;
        QDateTime startedAt;
        QDateTime lastSeenAt;
        QJsonObject toJson(bool self) const;
    };

    InstanceRegistry(DatabaseUrl database, QObject *parent = nullptr);
    ~InstanceRegistry() override;

    // Opens the connection and writes the first heartbeat under `selfUrl`.
    bool start(const QString &selfUrl, QString *error);
    const QString &selfUrl() const { return m_self; }
    bool shared() const { return !m_db.isSqlite(); }

    // The live instances, this one included, the longest running first.
    QList<Instance> live() const;
    bool isLive(const QString &url) const;

private:
    bool beat();

    Database m_db;
    QString m_self;
    QDateTime m_startedAt;
    QTimer m_heartbeat;
    bool m_beating = true; // the last heartbeat was written (a failure is logged once, not every second)
};

} // namespace sb
