// SPDX-License-Identifier: MIT
#include "TestDatabase.h"

#include "store/Database.h"

#include <QSqlDatabase>
#include <QUrl>
#include <QUuid>

namespace sb::test {

namespace {
bool wantsPostgresql()
{
    return qEnvironmentVariableIsSet("SWITCHBOARD_TEST_POSTGRESQL") ||
           qEnvironmentVariableIsSet("SWITCHBOARD_POSTGRESQL_ERROR");
}
} // namespace

QString postgresqlProblem()
{
    if (!wantsPostgresql())
        return {}; // a SQLite run
    if (qEnvironmentVariableIsSet("SWITCHBOARD_POSTGRESQL_ERROR"))
        return qEnvironmentVariable("SWITCHBOARD_POSTGRESQL_ERROR");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("Qt's QPSQL driver is not installed (apt-get install libqt6sql6-psql)");
    return {};
}

bool onPostgresql()
{
    return qEnvironmentVariableIsSet("SWITCHBOARD_TEST_POSTGRESQL");
}

DatabaseUrl testDatabase(const QString &sqlitePath)
{
    if (!onPostgresql())
        return DatabaseUrl::sqlite(sqlitePath);
    QString error;
    return DatabaseUrl::parse(qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRESQL"), &error).value_or(DatabaseUrl());
}

bool runStatements(const DatabaseUrl &url, const QStringList &statements, QString *error)
{
    Database db(url, QStringLiteral("test"));
    if (!db.open(error))
        return false;
    for (const QString &statement : statements) {
        if (!db.exec(statement)) {
            *error = statement + QStringLiteral(": ") + db.lastError();
            return false;
        }
    }
    return true;
}

bool setSchemaVersion(const DatabaseUrl &url, int version, QString *error)
{
    Database db(url, QStringLiteral("test"));
    if (!db.open(error))
        return false;
    if (db.schemaVersion() < 0 || !db.begin() || !db.setSchemaVersion(version) || !db.commit()) {
        *error = db.lastError();
        return false;
    }
    return true;
}

QString freshDatabaseUrl(const QString &sqlitePath)
{
    if (!onPostgresql())
        return QStringLiteral("sqlite://") + sqlitePath;
    const QString name = QStringLiteral("sb_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    QString error;
    if (!runStatements(testDatabase(QString()), {QStringLiteral("CREATE DATABASE ") + name}, &error))
        qWarning("cannot create a test database: %s", qPrintable(error));
    QUrl url(qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRESQL"));
    url.setPath(QLatin1Char('/') + name);
    return url.toString();
}

bool resetTestDatabase(QString *error)
{
    if (!onPostgresql())
        return true;
    return runStatements(testDatabase(QString()),
                         {QStringLiteral("DROP SCHEMA public CASCADE"), QStringLiteral("CREATE SCHEMA public")}, error);
}

} // namespace sb::test
