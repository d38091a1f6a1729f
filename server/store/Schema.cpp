// SPDX-License-Identifier: MIT
#include "store/Schema.h"

#include "store/Database.h"
#include "store/StoreLogging.h"

#include <QStringList>

#include <iterator>

namespace sb {

namespace {

const char *const kSqlite[] = {
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
    // 5: several instances on one database (CONTRACT §8): the public URL of the instance holding a call's media, and
    // the instances with their heartbeats (instances/InstanceRegistry)
    ("ALTER TABLE calls ADD COLUMN instance TEXT;"
     "CREATE TABLE instances ("
     " url TEXT PRIMARY KEY NOT NULL, started_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL);"),
};

// Times are milliseconds since the epoch (BIGINT), hashes BYTEA; `seq` orders rows as inserted (SQLite's rowid).
const char *const kPostgresql[] = {
    // 1: calls and events
    "CREATE TABLE calls ("
    " call_control_id TEXT PRIMARY KEY NOT NULL,"
    " call_leg_id TEXT, call_session_id TEXT, agent_id TEXT,"
    " from_number TEXT NOT NULL DEFAULT '', to_number TEXT NOT NULL DEFAULT '',"
    " direction TEXT NOT NULL, status TEXT NOT NULL, muted INTEGER NOT NULL DEFAULT 0,"
    " stream_url TEXT, stream_token_hash BYTEA, hangup_cause TEXT, hangup_source TEXT, sip_hangup_cause TEXT,"
    " duration_seconds BIGINT, created_at BIGINT NOT NULL, answered_at BIGINT, ended_at BIGINT,"
    " updated_at BIGINT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY);"
    "CREATE INDEX calls_created ON calls(created_at DESC);"
    "CREATE INDEX calls_token ON calls(stream_token_hash);"
    "CREATE TABLE events ("
    " id TEXT PRIMARY KEY NOT NULL, call_control_id TEXT, event_type TEXT NOT NULL, occurred_at TEXT,"
    " received_at BIGINT NOT NULL, payload TEXT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY);"
    "CREATE INDEX events_call ON events(call_control_id, occurred_at);",
    // 2: where a call's recording was saved
    "ALTER TABLE calls ADD COLUMN recording_path TEXT;",
    // 3: users and roles; calls listed by their agent
    ("CREATE TABLE users ("
     " name TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL, token_hash BYTEA NOT NULL UNIQUE,"
     " created_at BIGINT NOT NULL, last_seen_at BIGINT);"
     "CREATE INDEX calls_agent ON calls(agent_id, created_at DESC);"),
    // 4: inbound calls: who a call was offered to, and whether it was missed
    ("ALTER TABLE calls ADD COLUMN offered_to TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE calls ADD COLUMN missed INTEGER NOT NULL DEFAULT 0;"),
    // 5: the instance holding a call's media; the instances and their heartbeats
    ("ALTER TABLE calls ADD COLUMN instance TEXT;"
     "CREATE TABLE instances ("
     " url TEXT PRIMARY KEY NOT NULL, started_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL);"
     "CREATE INDEX calls_instance ON calls(instance) WHERE status <> 'ended';"),
};

static_assert(std::size(kSqlite) == Schema::kVersion && std::size(kPostgresql) == Schema::kVersion,
              "every schema version has a migration for both dialects");

bool step(Database &db, int version, QString *error)
{
    const char *const sql = db.isSqlite() ? kSqlite[version - 1] : kPostgresql[version - 1];
    if (!db.begin()) {
        *error = QStringLiteral("migration to schema %1 failed: %2").arg(version).arg(db.lastError());
        return false;
    }
    for (const QString &statement : QString::fromLatin1(sql).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!db.exec(statement)) {
            *error = QStringLiteral("migration to schema %1 failed: %2").arg(version).arg(db.lastError());
            db.rollback();
            return false;
        }
    }
    if (!db.setSchemaVersion(version) || !db.commit()) {
        *error = QStringLiteral("migration to schema %1 failed: %2").arg(version).arg(db.lastError());
        db.rollback();
        return false;
    }
    qCInfo(lcStore) << "migrated database to schema version" << version;
    return true;
}

} // namespace

bool Schema::migrate(Database &db, QString *error)
{
    if (!db.lockSchema()) {
        *error = QStringLiteral("cannot lock the schema of %1: %2").arg(db.url().display(), db.lastError());
        return false;
    }
    bool ok = true;
    const int current = db.schemaVersion();
    if (current < 0) {
        *error = QStringLiteral("cannot read the schema version of %1: %2").arg(db.url().display(), db.lastError());
        ok = false;
    } else if (current > kVersion) {
        *error = QStringLiteral("%1 has schema version %2, newer than this Switchboard (%3)")
                     .arg(db.url().display())
                     .arg(current)
                     .arg(kVersion);
        ok = false;
    }
    for (int version = current + 1; ok && version <= kVersion; ++version)
        ok = step(db, version, error);
    db.unlockSchema();
    return ok;
}

} // namespace sb
