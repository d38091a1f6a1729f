// SPDX-License-Identifier: MIT
#pragma once
// The database a store test runs against: a SQLite file of its own, or, under tests/postgresql/with-postgresql.sh,
// the private PostgreSQL cluster that script started (SWITCHBOARD_TEST_POSTGRESQL). The same test functions run on
// both; what only one of them has (SQLite's files and their modes) skips on the other.

#include "store/DatabaseUrl.h"

#include <QString>
#include <QStringList>

namespace sb::test {

// Empty when the test may go on; otherwise why PostgreSQL is missing. Call from initTestCase: it fails the test
// when SWITCHBOARD_REQUIRE_POSTGRESQL=1 (CI) and skips it otherwise.
QString postgresqlProblem();
bool onPostgresql();

// The PostgreSQL cluster's URL, or a SQLite file at `sqlitePath`.
DatabaseUrl testDatabase(const QString &sqlitePath);

// PostgreSQL: a new, empty database in the test's cluster (one per server under test, so that several servers in one
// test never share one by accident); SQLite: a file at `sqlitePath`. As a DATABASE_URL.
QString freshDatabaseUrl(const QString &sqlitePath);

// Empties the PostgreSQL database (every table, the schema version with them) so each test function starts from
// nothing, as a new SQLite file does. No-op on SQLite.
bool resetTestDatabase(QString *error);

// Runs statements over a plain connection (no migration): to age a schema or bump its version in a test.
bool runStatements(const DatabaseUrl &url, const QStringList &statements, QString *error);
// Sets the schema version as the store keeps it (SQLite's user_version, PostgreSQL's switchboard_schema).
bool setSchemaVersion(const DatabaseUrl &url, int version, QString *error);

} // namespace sb::test

// For initTestCase: skips or fails as postgresqlProblem() says.
#define SB_REQUIRE_POSTGRESQL_IF_ASKED()                                                                               \
    do {                                                                                                               \
        if (const QString problem = sb::test::postgresqlProblem(); !problem.isEmpty()) {                               \
            if (qEnvironmentVariable("SWITCHBOARD_REQUIRE_POSTGRESQL") == QLatin1String("1"))                          \
                QFAIL(qPrintable(QStringLiteral("SWITCHBOARD_REQUIRE_POSTGRESQL=1 but ") + problem));                  \
            QSKIP(qPrintable(problem));                                                                                \
        }                                                                                                              \
    } while (false)
