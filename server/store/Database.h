// SPDX-License-Identifier: MIT
#pragma once

#include "store/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace sb {

// One connection to Switchboard's database, SQLite or PostgreSQL, and what differs between the two apart from the
// schema (store/Schema): opening it, transactions, the schema version, the column that orders rows as inserted.
//
// SQLite: the file is made readable by its owner only before SQLite opens it (with its -wal and -shm files), WAL
// mode with synchronous=FULL (a committed transaction survives a crash), a 5 s busy timeout.
// PostgreSQL: QPSQL (libpq), a 5 s connect timeout unless the URL sets one.
//
// Not thread-safe: one Database per thread (a Qt SQL connection belongs to the thread that opened it).
class Database {
public:
    // `purpose` names the connection in Qt's registry ("calls", "users"), with a unique suffix.
    Database(DatabaseUrl url, const QString &purpose);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    bool open(QString *error);
    const DatabaseUrl &url() const { return m_url; }
    bool isSqlite() const { return m_url.isSqlite(); }
    QSqlDatabase connection() const;
    QSqlQuery query() const;

    // PostgreSQL: a connection found lost (the server restarted, the network dropped) is opened again before the
    // next statement, at most once a second; statements meanwhile fail (the caller answers 503, never a false
    // 200). Each reopening counts: queries prepared on the old connection must be prepared again.
    quint64 generation() const { return m_generation; }
    bool isLost() const { return m_lost; }
    void reopenIfLost() const;

    // Runs a prepared query; on failure keeps and logs the error (lastError()).
    bool exec(QSqlQuery &query) const;
    // Runs one statement of text.
    bool exec(const QString &statement) const;
    QString lastError() const { return m_lastError; }
    bool isHealthy() const;

    // A write transaction. It takes the database's one writer lock at once (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    // a transaction-scoped advisory lock), so what it reads stays current until it commits: a read-modify-write
    // cannot lose another connection's (or instance's) update. commit() rolls back when it fails.
    bool begin();
    bool commit();
    void rollback();

    // The schema's version: SQLite's user_version, PostgreSQL's switchboard_schema table. -1 when unreadable.
    int schemaVersion() const;
    // Within a transaction (Schema::migrate).
    bool setSchemaVersion(int version);
    // PostgreSQL: several instances may start at once; one migrates while the others wait. No-op on SQLite
    // (BEGIN IMMEDIATE already serialises).
    bool lockSchema();
    void unlockSchema();

    // The column that orders rows as they were inserted, for ties: SQLite's rowid, the `seq` identity column
    // PostgreSQL's tables carry.
    QLatin1String insertionOrder() const;

private:
    bool openSqlite(QString *error);
    bool openPostgresql(QString *error);
    void noteFailure() const;

    DatabaseUrl m_url;
    QString m_connectionName;
    mutable QString m_lastError;
    mutable bool m_lost = false;
    mutable qint64 m_lastReconnectMs = 0;
    mutable quint64 m_generation = 0;
};

} // namespace sb
