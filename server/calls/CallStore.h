// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

class QSqlQuery;

namespace sb {

// Every SQL statement of Switchboard lives here, so another database (PostgreSQL) means one more
// dialect in this class and nothing else. SQLite in WAL mode with synchronous=FULL: a committed
// transaction survives a crash or power loss. The schema carries a version (PRAGMA user_version)
// and is migrated forward at open.
//
// Not thread-safe: one CallStore per thread (Qt SQL connections belong to the thread that made them).
class CallStore {
public:
    static constexpr int kSchemaVersion = 4;

    explicit CallStore(QString sqlitePath);
    ~CallStore();
    CallStore(const CallStore &) = delete;
    CallStore &operator=(const CallStore &) = delete;

    bool open(QString *error);
    QString path() const { return m_path; }
    int schemaVersion() const;
    QString lastError() const { return m_lastError; }
    bool isHealthy() const;

    // Transactions: writes between begin() and commit() are atomic and durable at commit(). The write
    // lock is taken at begin() (BEGIN IMMEDIATE), so what a transaction reads is current until it
    // commits: read-modify-write of a call cannot lose another connection's update.
    bool begin();
    bool commit();
    void rollback();

    // Stores an event unless one with the same id exists; *inserted tells which. Returns false on a database error.
    bool insertEvent(const CallEvent &event, bool *inserted);
    bool saveCall(const CallRecord &record); // the whole row, insert or update by call_control_id

    // Field-targeted writes for callers outside the webhook writer's transactions: they touch only
    // what they own, so they cannot undo a status change committed meanwhile by another connection.
    bool saveDialledCall(const CallRecord &record); // ids, agent, numbers, direction, stream; never status
    bool setMuted(const QString &callControlId, bool muted, const QDateTime &when);
    bool setRecordingPath(const QString &callControlId, const QString &path);
    // An inbound call's offer (CONTRACT §9): the users it is offered to, and whether it was missed. False when no
    // such call.
    bool setOffer(const QString &callControlId, const QStringList &offeredTo, bool missed);

    std::optional<CallRecord> call(const QString &callControlId) const;
    std::optional<CallRecord> callByStreamTokenHash(const QByteArray &hash) const;
    // Newest first; with `agentId`, only that agent's calls (what an agent may see, CONTRACT §6).
    QList<CallRecord> calls(int limit, int offset, const std::optional<QString> &agentId = std::nullopt) const;
    qint64 callCount(const std::optional<QString> &agentId = std::nullopt) const;
    QList<CallRecord> liveCalls() const; // not ended
    QList<CallEvent> events(const QString &callControlId) const;
    qint64 eventCount() const;

private:
    bool migrate(QString *error);
    bool exec(QSqlQuery &query) const;
    CallRecord readCall(const QSqlQuery &query) const;
    QList<CallRecord> readCalls(QSqlQuery &query) const;

    QString m_path;
    QString m_connectionName;
    mutable QString m_lastError;
    std::unique_ptr<QSqlQuery> m_insertEvent;
    std::unique_ptr<QSqlQuery> m_saveCall;
    std::unique_ptr<QSqlQuery> m_selectCall;
};

} // namespace sb
