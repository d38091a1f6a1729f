// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace sb {

class Database;

// Switchboard's tables (calls, events, users) and their migrations, one list per dialect with the same meaning at
// every version: SQLite's types and rowid, PostgreSQL's BIGINT, BYTEA and a `seq` identity column for ties.
// Never edit a shipped entry; append a new one to both lists.
namespace Schema {

constexpr int kVersion = 5;

// Brings the database to kVersion, each step in its own transaction. Refuses a database newer than this build.
bool migrate(Database &db, QString *error);

} // namespace Schema

} // namespace sb
