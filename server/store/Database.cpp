// SPDX-License-Identifier: MIT
#include "store/Database.h"

#include "store/StoreLogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>

namespace sb {

namespace {

// Arbitrary keys for PostgreSQL's advisory locks ("SB" + what they guard), shared by every instance.
constexpr qint64 kWriterLock = 0x53420001;
constexpr qint64 kSchemaLock = 0x53420002;

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

Database::Database(DatabaseUrl url, const QString &purpose)
    : m_url(std::move(url))
    , m_connectionName(purpose + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery Database::query() const
{
    reopenIfLost();
    return QSqlQuery(connection());
}

void Database::noteFailure() const
{
    if (isSqlite() || m_lost)
        return;
    // Was it the statement or the link? A trivial statement on the same connection tells.
    QSqlQuery ping(connection());
    if (ping.exec(QStringLiteral("SELECT 1")))
        return;
    m_lost = true;
    qCWarning(lcStore).noquote() << "lost the connection to" << m_url.display() << "- opening it again";
}

void Database::reopenIfLost() const
{
    if (!m_lost)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastReconnectMs < 1000)
        return;
    m_lastReconnectMs = now;
    QSqlDatabase db = connection();
    db.close();
    if (!db.open()) {
        m_lastError = db.lastError().text();
        return;
    }
    QSqlQuery(db).exec(QStringLiteral("SET client_min_messages = warning"));
    m_lost = false;
    ++m_generation;
    qCInfo(lcStore).noquote() << "connected to" << m_url.display() << "again";
}

bool Database::open(QString *error)
{
    return isSqlite() ? openSqlite(error) : openPostgresql(error);
}

bool Database::openSqlite(QString *error)
{
    const QFileInfo info(m_url.path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    if (!makeOwnerOnly(m_url.path, error))
        return false;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_url.path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_url.path, db.lastError().text());
        return false;
    }
    QSqlQuery q(db);
    // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL at every commit, which is
    // what "stored durably before the 200" needs. Batching several events per commit keeps it fast.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (!q.exec(QLatin1String(pragma))) {
            *error = QStringLiteral("cannot set up %1: %2").arg(m_url.path, q.lastError().text());
            return false;
        }
    }
    return true;
}

bool Database::openPostgresql(QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        *error = QStringLiteral("PostgreSQL needs Qt's QPSQL driver (Debian: libqt6sql6-psql)");
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    db.setHostName(m_url.host);
    db.setPort(m_url.port);
    db.setDatabaseName(m_url.name);
    db.setUserName(m_url.user);
    db.setPassword(m_url.password);
    QString options = m_url.options;
    if (!options.contains(QLatin1String("connect_timeout=")))
        options += (options.isEmpty() ? QString() : QStringLiteral(";")) + QStringLiteral("connect_timeout=5");
    db.setConnectOptions(options);
    if (!db.open()) {
        // libpq's message names the host and user, never the password.
        *error = QStringLiteral("cannot open %1: %2").arg(m_url.display(), db.lastError().text());
        return false;
    }
    // Readable logs and predictable text comparisons whatever the server's defaults.
    if (QSqlQuery q(db); !q.exec(QStringLiteral("SET client_min_messages = warning"))) {
        *error = QStringLiteral("cannot set up %1: %2").arg(m_url.display(), q.lastError().text());
        return false;
    }
    return true;
}

bool Database::exec(QSqlQuery &query) const
{
    if (m_lost) {
        m_lastError = QStringLiteral("the connection to the database is lost");
        return false;
    }
    if (query.exec())
        return true;
    m_lastError = query.lastError().text();
    qCWarning(lcStore).noquote() << "database error:" << m_lastError;
    noteFailure();
    return false;
}

bool Database::exec(const QString &statement) const
{
    QSqlQuery q = query();
    if (m_lost) {
        m_lastError = QStringLiteral("the connection to the database is lost");
        return false;
    }
    if (q.exec(statement))
        return true;
    m_lastError = q.lastError().text();
    noteFailure();
    return false;
}

bool Database::isHealthy() const
{
    QSqlQuery q = query();
    if (m_lost)
        return false;
    if (q.exec(QStringLiteral("SELECT 1")) && q.next())
        return true;
    noteFailure();
    return false;
}

bool Database::begin()
{
    if (isSqlite())
        return exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!exec(QStringLiteral("BEGIN")))
        return false;
    if (exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriterLock)))
        return true;
    rollback();
    return false;
}

bool Database::commit()
{
    if (exec(QStringLiteral("COMMIT")))
        return true;
    qCWarning(lcStore).noquote() << "commit failed:" << m_lastError;
    rollback();
    return false;
}

void Database::rollback()
{
    QSqlQuery q(connection());
    q.exec(QStringLiteral("ROLLBACK"));
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (isSqlite())
        return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS switchboard_schema (version INTEGER NOT NULL)")))
        return -1;
    if (!q.exec(QStringLiteral("SELECT version FROM switchboard_schema")))
        return -1;
    return q.next() ? q.value(0).toInt() : 0;
}

bool Database::setSchemaVersion(int version)
{
    if (isSqlite())
        return exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
    return exec(QStringLiteral("DELETE FROM switchboard_schema")) &&
           exec(QStringLiteral("INSERT INTO switchboard_schema (version) VALUES (%1)").arg(version));
}

bool Database::lockSchema()
{
    return isSqlite() || exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kSchemaLock));
}

void Database::unlockSchema()
{
    if (!isSqlite())
        exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kSchemaLock));
}

QLatin1String Database::insertionOrder() const
{
    return isSqlite() ? QLatin1String("rowid") : QLatin1String("seq");
}

} // namespace sb
