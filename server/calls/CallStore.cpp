// SPDX-License-Identifier: MIT
#include "calls/CallStore.h"

#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace sb {

namespace {

constexpr auto kCallColumns = "call_control_id, call_leg_id, call_session_id, agent_id, from_number, to_number, "
                              "direction, status, muted, stream_url, stream_token_hash, hangup_cause, hangup_source, "
                              "sip_hangup_cause, duration_seconds, created_at, answered_at, ended_at, updated_at, "
                              "recording_path, offered_to, missed";

// Migrations, one entry per schema version. Never edit a shipped entry; append a new one.
const char *const kMigrations[] = {
    // 1: calls and events
    "CREATE TABLE calls ("
    " call_control_id TEXT PRIMARY KEY NOT NULL,"
    " call_leg_id TEXT, call_session_id TEXT, agent_id TEXT,"
    " from_number TEXT NOT NULL DEFAULT '', to_number TEXT NOT NULL DEFAULT '',"
    " direction TEXT NOT NULL, status TEXT NOT NULL, muted INTEGER NOT NULL DEFAULT 0,"
    " stream_url TEXT, stream_token_hash BLOB, hangup_cause TEXT, hangup_source TEXT, sip_hangup_cause TEXT,"
    " duration_seconds INTEGER, created_at INTEGER NOT NULL, answered_at INTEGER, ended_at INTEGER,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX calls_created ON calls(created_at DESC);"
    "CREATE INDEX calls_token ON calls(stream_token_hash);"
    "CREATE TABLE events ("
    " id TEXT PRIMARY KEY NOT NULL, call_control_id TEXT, event_type TEXT NOT NULL, occurred_at TEXT,"
    " received_at INTEGER NOT NULL, payload TEXT NOT NULL);"
    "CREATE INDEX events_call ON events(call_control_id, occurred_at);",
    // 2: where a call's recording was saved
    "ALTER TABLE calls ADD COLUMN recording_path TEXT;",
    // 3: users and roles (CONTRACT §6; read and written by users/UserStore); calls listed by their agent
    ("CREATE TABLE users ("
     " name TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,"
     " created_at INTEGER NOT NULL, last_seen_at INTEGER);"
     "CREATE INDEX calls_agent ON calls(agent_id, created_at DESC);"),
    // 4: inbound calls (CONTRACT §9): who a call was offered to (names, comma-separated), and whether it was missed
    ("ALTER TABLE calls ADD COLUMN offered_to TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE calls ADD COLUMN missed INTEGER NOT NULL DEFAULT 0;"),
};

// An agent's calls: those they dialled or answered, and the incoming ones offered to them (answered by someone else
// or missed: CONTRACT §9). offered_to is "name,name"; names are [a-z0-9._-], and '_' is escaped for LIKE.
constexpr char kInvolvingAgent[] = "WHERE agent_id = ? OR (',' || offered_to || ',') LIKE ? ESCAPE '\\'";

void bindAgent(QSqlQuery &q, const QString &agentId)
{
    // UserStore::isValidName allows no '%' and no backslash in a name: '_' is the only LIKE wildcard to escape.
    QString escaped = agentId;
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    q.addBindValue(agentId);
    q.addBindValue(QStringLiteral("%,%1,%").arg(escaped));
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

// The history holds phone numbers and call events: the database is readable by its owner only, whatever the umask.
// SQLite creates the -wal and -shm files with the main file's mode, so the main file is made 0600 before SQLite
// opens it (created empty, which SQLite takes for a new database); files left looser by an older version are
// tightened, all three.
bool makeOwnerOnly(const QString &path, QString *error)
{
    constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (QFile file(path);
        !file.exists() && !file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) && !file.exists()) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, file.errorString());
        return false;
    }
    for (const QString &name : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
        QFile file(name);
        constexpr QFileDevice::Permissions groupOrOthers =
            QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (!file.exists() || !(file.permissions() & groupOrOthers))
            continue;
        if (!file.setPermissions(ownerOnly)) {
            *error = QStringLiteral("cannot make %1 readable by its owner only: %2").arg(name, file.errorString());
            return false;
        }
        qCWarning(lcStore).noquote() << name
                                     << "was open to its group or others; it is now readable by its owner only (0600)";
    }
    return true;
}

} // namespace

CallStore::CallStore(QString sqlitePath)
    : m_path(std::move(sqlitePath))
    , m_connectionName(QStringLiteral("callstore-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

CallStore::~CallStore()
{
    m_insertEvent.reset();
    m_saveCall.reset();
    m_selectCall.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool CallStore::open(QString *error)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    if (!makeOwnerOnly(m_path, error))
        return false;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    QSqlQuery q(db);
    // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL at every commit, which is
    // what "stored durably before the 200" needs. Batching several events per commit keeps it fast.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (!q.exec(QLatin1String(pragma))) {
            *error = QStringLiteral("cannot set up %1: %2").arg(m_path, q.lastError().text());
            return false;
        }
    }
    if (!migrate(error))
        return false;

    m_insertEvent = std::make_unique<QSqlQuery>(db);
    m_insertEvent->prepare(QStringLiteral("INSERT OR IGNORE INTO events (id, call_control_id, event_type, occurred_at, "
                                          "received_at, payload) VALUES (?, ?, ?, ?, ?, ?)"));
    m_saveCall = std::make_unique<QSqlQuery>(db);
    // An upsert rather than INSERT OR REPLACE: the row is updated in place instead of deleted and
    // re-inserted, which would rewrite every index entry.
    QStringList updates;
    for (const QString &column : QString::fromLatin1(kCallColumns).split(QStringLiteral(", ")).mid(1))
        updates << QStringLiteral("%1 = excluded.%1").arg(column);
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), updates.size() + 1);
    m_saveCall->prepare(
        QStringLiteral("INSERT INTO calls (%1) VALUES (%2) ON CONFLICT(call_control_id) DO UPDATE SET %3")
            .arg(QLatin1String(kCallColumns), placeholders.join(QStringLiteral(", ")),
                 updates.join(QStringLiteral(", "))));
    m_selectCall = std::make_unique<QSqlQuery>(db);
    m_selectCall->setForwardOnly(true); // no result cache: one row is read
    m_selectCall->prepare(
        QStringLiteral("SELECT %1 FROM calls WHERE call_control_id = ?").arg(QLatin1String(kCallColumns)));
    qCInfo(lcStore).noquote() << "database" << m_path << "schema version" << schemaVersion();
    return true;
}

bool CallStore::migrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const int current = schemaVersion();
    const int target = int(std::size(kMigrations));
    if (current > target) {
        *error = QStringLiteral("%1 has schema version %2, newer than this Switchboard (%3)")
                     .arg(m_path)
                     .arg(current)
                     .arg(target);
        return false;
    }
    for (int version = current + 1; version <= target; ++version) {
        db.transaction();
        QSqlQuery q(db);
        const QStringList statements =
            QString::fromLatin1(kMigrations[version - 1]).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &statement : statements) {
            if (!q.exec(statement)) {
                *error = QStringLiteral("migration to schema %1 failed: %2").arg(version).arg(q.lastError().text());
                db.rollback();
                return false;
            }
        }
        q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        if (!db.commit()) {
            *error = QStringLiteral("migration to schema %1 failed: %2").arg(version).arg(db.lastError().text());
            return false;
        }
        qCInfo(lcStore) << "migrated database to schema version" << version;
    }
    return true;
}

int CallStore::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

bool CallStore::isHealthy() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

bool CallStore::exec(QSqlQuery &query) const
{
    if (query.exec())
        return true;
    m_lastError = query.lastError().text();
    qCWarning(lcStore).noquote() << "database error:" << m_lastError;
    return false;
}

bool CallStore::begin()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return true;
    m_lastError = q.lastError().text();
    return false;
}

bool CallStore::saveDialledCall(const CallRecord &r)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "INSERT INTO calls (call_control_id, call_leg_id, call_session_id, agent_id, from_number, to_number, "
        "direction, "
        "status, muted, stream_url, stream_token_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, "
        "?, "
        "?, ?) ON CONFLICT(call_control_id) DO UPDATE SET call_leg_id = COALESCE(calls.call_leg_id, "
        "excluded.call_leg_id), "
        "call_session_id = COALESCE(calls.call_session_id, excluded.call_session_id), agent_id = excluded.agent_id, "
        "from_number = excluded.from_number, to_number = excluded.to_number, direction = excluded.direction, "
        "stream_url = excluded.stream_url, stream_token_hash = excluded.stream_token_hash, "
        "updated_at = excluded.updated_at"));
    int i = 0;
    q.bindValue(i++, r.callControlId);
    q.bindValue(i++, textOrNull(r.callLegId));
    q.bindValue(i++, textOrNull(r.callSessionId));
    q.bindValue(i++, textOrNull(r.agentId));
    q.bindValue(i++, r.from);
    q.bindValue(i++, r.to);
    q.bindValue(i++, r.direction);
    q.bindValue(i++, callStatusName(r.status));
    q.bindValue(i++, textOrNull(r.streamUrl));
    q.bindValue(i++, r.streamTokenHash);
    q.bindValue(i++, r.createdAt.toMSecsSinceEpoch());
    q.bindValue(i++, r.updatedAt.toMSecsSinceEpoch());
    return exec(q);
}

bool CallStore::setRecordingPath(const QString &callControlId, const QString &path)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE calls SET recording_path = ? WHERE call_control_id = ?"));
    q.bindValue(0, path);
    q.bindValue(1, callControlId);
    return exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::setMuted(const QString &callControlId, bool muted, const QDateTime &when)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE calls SET muted = ?, updated_at = ? WHERE call_control_id = ?"));
    q.bindValue(0, muted ? 1 : 0);
    q.bindValue(1, when.toMSecsSinceEpoch());
    q.bindValue(2, callControlId);
    return exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::commit()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (q.exec(QStringLiteral("COMMIT")))
        return true;
    m_lastError = q.lastError().text();
    qCWarning(lcStore).noquote() << "commit failed:" << m_lastError;
    rollback();
    return false;
}

void CallStore::rollback()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("ROLLBACK"));
}

bool CallStore::insertEvent(const CallEvent &event, bool *inserted)
{
    QSqlQuery &q = *m_insertEvent;
    q.bindValue(0, event.id);
    q.bindValue(1, textOrNull(event.callControlId));
    q.bindValue(2, event.type);
    q.bindValue(3, event.occurredAt);
    q.bindValue(4, event.receivedAt.toMSecsSinceEpoch());
    q.bindValue(5, QString::fromUtf8(event.payloadJson));
    if (!exec(q))
        return false;
    *inserted = q.numRowsAffected() > 0;
    return true;
}

bool CallStore::saveCall(const CallRecord &r)
{
    QSqlQuery &q = *m_saveCall;
    int i = 0;
    q.bindValue(i++, r.callControlId);
    q.bindValue(i++, textOrNull(r.callLegId));
    q.bindValue(i++, textOrNull(r.callSessionId));
    q.bindValue(i++, textOrNull(r.agentId));
    q.bindValue(i++, r.from.isNull() ? QStringLiteral("") : r.from); // a null QString would bind as SQL NULL
    q.bindValue(i++, r.to.isNull() ? QStringLiteral("") : r.to);
    q.bindValue(i++, r.direction);
    q.bindValue(i++, callStatusName(r.status));
    q.bindValue(i++, r.muted ? 1 : 0);
    q.bindValue(i++, textOrNull(r.streamUrl));
    q.bindValue(i++, r.streamTokenHash.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                 : QVariant(r.streamTokenHash));
    q.bindValue(i++, textOrNull(r.hangupCause));
    q.bindValue(i++, textOrNull(r.hangupSource));
    q.bindValue(i++, textOrNull(r.sipHangupCause));
    q.bindValue(i++, r.durationSeconds ? QVariant(*r.durationSeconds) : QVariant(QMetaType::fromType<qint64>()));
    q.bindValue(i++, r.createdAt.toMSecsSinceEpoch());
    q.bindValue(i++, msOrNull(r.answeredAt));
    q.bindValue(i++, msOrNull(r.endedAt));
    q.bindValue(i++, (r.updatedAt.isValid() ? r.updatedAt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch());
    q.bindValue(i++, textOrNull(r.recordingPath));
    q.bindValue(i++, r.offeredTo.isEmpty() ? QStringLiteral("") : r.offeredTo.join(QLatin1Char(','))); // not NULL
    q.bindValue(i++, r.missed ? 1 : 0);
    return exec(q);
}

bool CallStore::setOffer(const QString &callControlId, const QStringList &offeredTo, bool missed)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE calls SET offered_to = ?, missed = ?, updated_at = ? WHERE call_control_id = ?"));
    q.bindValue(0, offeredTo.isEmpty() ? QStringLiteral("") : offeredTo.join(QLatin1Char(','))); // not NULL
    q.bindValue(1, missed ? 1 : 0);
    q.bindValue(2, QDateTime::currentMSecsSinceEpoch());
    q.bindValue(3, callControlId);
    return exec(q) && q.numRowsAffected() > 0;
}

CallRecord CallStore::readCall(const QSqlQuery &q) const
{
    CallRecord r;
    int i = 0;
    r.callControlId = q.value(i++).toString();
    r.callLegId = q.value(i++).toString();
    r.callSessionId = q.value(i++).toString();
    r.agentId = q.value(i++).toString();
    r.from = q.value(i++).toString();
    r.to = q.value(i++).toString();
    r.direction = q.value(i++).toString();
    r.status = callStatusFromName(q.value(i++).toString()).value_or(CallStatus::Initiated);
    r.muted = q.value(i++).toInt() != 0;
    r.streamUrl = q.value(i++).toString();
    r.streamTokenHash = q.value(i++).toByteArray();
    r.hangupCause = q.value(i++).toString();
    r.hangupSource = q.value(i++).toString();
    r.sipHangupCause = q.value(i++).toString();
    const QVariant duration = q.value(i++);
    if (!duration.isNull())
        r.durationSeconds = duration.toLongLong();
    r.createdAt = fromMs(q.value(i++));
    r.answeredAt = fromMs(q.value(i++));
    r.endedAt = fromMs(q.value(i++));
    r.updatedAt = fromMs(q.value(i++));
    r.recordingPath = q.value(i++).toString();
    r.offeredTo = q.value(i++).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    r.missed = q.value(i++).toInt() != 0;
    return r;
}

QList<CallRecord> CallStore::readCalls(QSqlQuery &q) const
{
    QList<CallRecord> out;
    q.setForwardOnly(true);
    if (!exec(q))
        return out;
    while (q.next())
        out.append(readCall(q));
    return out;
}

std::optional<CallRecord> CallStore::call(const QString &callControlId) const
{
    QSqlQuery &q = *m_selectCall;
    q.bindValue(0, callControlId);
    if (!exec(q) || !q.next())
        return std::nullopt;
    CallRecord r = readCall(q);
    q.finish();
    return r;
}

std::optional<CallRecord> CallStore::callByStreamTokenHash(const QByteArray &hash) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE stream_token_hash = ?").arg(QLatin1String(kCallColumns)));
    q.bindValue(0, hash);
    const auto calls = readCalls(q);
    return calls.isEmpty() ? std::nullopt : std::optional<CallRecord>(calls.first());
}

QList<CallRecord> CallStore::calls(int limit, int offset, const std::optional<QString> &agentId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT %1 FROM calls %2 ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?")
                  .arg(QLatin1String(kCallColumns), agentId ? QLatin1String(kInvolvingAgent) : QLatin1String()));
    if (agentId)
        bindAgent(q, *agentId);
    q.addBindValue(limit);
    q.addBindValue(offset);
    return readCalls(q);
}

QList<CallRecord> CallStore::liveCalls() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE status <> ? ORDER BY created_at DESC")
                  .arg(QLatin1String(kCallColumns)));
    q.addBindValue(callStatusName(CallStatus::Ended)); // the column holds the wire words
    return readCalls(q);
}

qint64 CallStore::callCount(const std::optional<QString> &agentId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM calls %1")
                  .arg(agentId ? QLatin1String(kInvolvingAgent) : QLatin1String()));
    if (agentId)
        bindAgent(q, *agentId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 CallStore::eventCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<CallEvent> CallStore::events(const QString &callControlId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT id, event_type, occurred_at, received_at, payload FROM events "
                             "WHERE call_control_id = ? ORDER BY occurred_at, rowid"));
    q.bindValue(0, callControlId);
    QList<CallEvent> out;
    if (!exec(q))
        return out;
    while (q.next()) {
        CallEvent e;
        e.id = q.value(0).toString();
        e.type = q.value(1).toString();
        e.occurredAt = q.value(2).toString();
        e.receivedAt = fromMs(q.value(3));
        e.payloadJson = q.value(4).toString().toUtf8();
        e.payload = QJsonDocument::fromJson(e.payloadJson).object();
        e.callControlId = callControlId;
        out.append(e);
    }
    return out;
}

} // namespace sb
