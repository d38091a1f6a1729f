// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"
#include "store/Database.h"
#include "store/Schema.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QSqlQuery;

namespace sb {

// The calls and their events in the database (store/Database: SQLite or PostgreSQL). Opening it migrates the
// schema forward (store/Schema). The statements are written once for both databases.
//
// Not thread-safe: one CallStore per thread (Qt SQL connections belong to the thread that made them).
class CallStore {
public:
    static constexpr int kSchemaVersion = Schema::kVersion;

    explicit CallStore(const QString &sqlitePath);
    explicit CallStore(DatabaseUrl url);
    ~CallStore();
    CallStore(const CallStore &) = delete;
    CallStore &operator=(const CallStore &) = delete;

    bool open(QString *error);
    int schemaVersion() const { return m_db.schemaVersion(); }
    QString lastError() const { return m_db.lastError(); }
    bool isHealthy() const { return m_db.isHealthy(); }
    // The public URL of the instance this store belongs to (CONTRACT §8): saveDialledCall() names it as the holder of
    // the call's media unless the record names one. Empty: none recorded.
    void setInstanceUrl(const QString &url) { m_instanceUrl = url; }
    const QString &instanceUrl() const { return m_instanceUrl; }

    // Transactions: writes between begin() and commit() are atomic and durable at commit(). The write
    // lock is taken at begin() (Database::begin), so what a transaction reads is current until it
    // commits: read-modify-write of a call cannot lose another connection's update.
    bool begin() { return m_db.begin(); }
    bool commit() { return m_db.commit(); }
    void rollback() { m_db.rollback(); }

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

    // Failover (CONTRACT §8): a live call held by instance `from` becomes this instance's, with a new stream secret
    // and URL. Atomic: of several instances claiming one call, exactly one gets true.
    bool claimCall(const QString &callControlId, const QString &from, const QString &streamUrl,
                   const QByteArray &tokenHash);

    // An incoming call's answer, on whichever instance it is asked (CONTRACT §8, §9): the first to claim the ringing
    // call for `agent` gets true, and nobody after it, nor after claimMissed(); releaseAnswer() undoes a claim whose
    // answer Telnyx refused. claimMissed() is the offer giving up: true unless someone answered first.
    bool claimAnswer(const QString &callControlId, const QString &agent);
    void releaseAnswer(const QString &callControlId, const QString &agent);
    bool claimMissed(const QString &callControlId);

    std::optional<CallRecord> call(const QString &callControlId) const;
    std::optional<CallRecord> callByStreamTokenHash(const QByteArray &hash) const;
    // Newest first; with `agentId`, only that agent's calls (what an agent may see, CONTRACT §6).
    QList<CallRecord> calls(int limit, int offset, const std::optional<QString> &agentId = std::nullopt) const;
    qint64 callCount(const std::optional<QString> &agentId = std::nullopt) const;
    QList<CallRecord> liveCalls() const; // not ended
    QList<CallEvent> events(const QString &callControlId) const;
    std::optional<CallEvent> event(const QString &id) const; // one stored event by its id
    qint64 eventCount() const;

private:
    // The statements run for every webhook, prepared once per connection (again after a lost one came back).
    void prepareKept() const;
    // The statement ready on the current connection; nullptr while the connection is lost.
    QSqlQuery *kept(const std::unique_ptr<QSqlQuery> &query) const;
    CallRecord readCall(const QSqlQuery &query) const;
    QList<CallRecord> readCalls(QSqlQuery &query) const;

    Database m_db;
    QString m_instanceUrl;
    mutable quint64 m_preparedFor = 0;
    mutable std::unique_ptr<QSqlQuery> m_insertEvent;
    mutable std::unique_ptr<QSqlQuery> m_saveCall;
    mutable std::unique_ptr<QSqlQuery> m_selectCall;
};

} // namespace sb
