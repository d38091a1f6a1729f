// SPDX-License-Identifier: MIT
// Unit: the user store (CONTRACT §6) on a temporary SQLite file, migrated by the call store as the server does; run
// again on a private PostgreSQL cluster (tests/postgresql/with-postgresql.sh).
#include "TestDatabase.h"
#include "calls/CallStore.h"
#include "users/Caller.h"
#include "users/UserStore.h"

// Qt
#include <QFile>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// C++
#include <memory>

using sb::CallStore;
using sb::Role;
using sb::UserStore;

class tst_UserStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void names_data();
    void names();
    void roles_data();
    void roles();
    void addListRotateRemove();
    void uniqueNames();
    void badNameChangesNothing();
    void tokensAreLongAndDistinct();
    void onlyTheHashIsStored();
    void lastSeenWrittenAtMostOnceAMinute();
    void openRefusesADatabaseWithoutTheTable();
    void rights_data();
    void rights();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("switchboard.sqlite")); }
    sb::DatabaseUrl db() const { return sb::test::testDatabase(path()); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CallStore> m_schema;
    std::unique_ptr<UserStore> m_users;
};

void tst_UserStore::initTestCase()
{
    SB_REQUIRE_POSTGRESQL_IF_ASKED();
}

void tst_UserStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    QVERIFY2(sb::test::resetTestDatabase(&error), qPrintable(error));
    m_schema = std::make_unique<CallStore>(db());
    QVERIFY2(m_schema->open(&error), qPrintable(error));
    m_users = std::make_unique<UserStore>(db());
    QVERIFY2(m_users->open(&error), qPrintable(error));
}

void tst_UserStore::cleanup()
{
    m_users.reset();
    m_schema.reset();
    m_dir.reset();
}

void tst_UserStore::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("letters") << QStringLiteral("alice") << true;
    QTest::newRow("one character") << QStringLiteral("a") << true;
    QTest::newRow("digits and marks") << QStringLiteral("agent-7.desk_2") << true;
    QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << true;
    QTest::newRow("65 characters") << QString(65, QLatin1Char('a')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("upper case") << QStringLiteral("Alice") << false;
    QTest::newRow("space") << QStringLiteral("al ice") << false;
    QTest::newRow("slash") << QStringLiteral("al/ice") << false;
    QTest::newRow("at") << QStringLiteral("alice@example.com") << false;
    QTest::newRow("non-ASCII") << QStringLiteral("alicé") << false;
    QTest::newRow("trailing newline") << QStringLiteral("alice\n") << false;
    QTest::newRow("quote") << QStringLiteral("a'b") << false;
}

void tst_UserStore::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(UserStore::isValidName(name), valid);
    QString token;
    QCOMPARE(m_users->add(name, Role::Agent, &token), valid ? UserStore::Outcome::Done : UserStore::Outcome::BadName);
    QCOMPARE(token.isEmpty(), !valid);
    QCOMPARE(m_users->users().size(), valid ? 1 : 0);
}

void tst_UserStore::roles_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("role");
    QTest::newRow("agent") << QStringLiteral("agent") << true << int(Role::Agent);
    QTest::newRow("supervisor") << QStringLiteral("supervisor") << true << int(Role::Supervisor);
    QTest::newRow("admin") << QStringLiteral("admin") << true << int(Role::Admin);
    QTest::newRow("capitalised") << QStringLiteral("Admin") << false << 0;
    QTest::newRow("empty") << QString() << false << 0;
    QTest::newRow("other") << QStringLiteral("root") << false << 0;
}

void tst_UserStore::roles()
{
    QFETCH(QString, word);
    QFETCH(bool, valid);
    QFETCH(int, role);
    const auto parsed = sb::roleFromName(word);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(int(*parsed), role);
    QCOMPARE(sb::roleName(*parsed), word);
    QString token;
    QCOMPARE(m_users->add(QStringLiteral("u"), *parsed, &token), UserStore::Outcome::Done);
    QCOMPARE(int(m_users->user(QStringLiteral("u"))->role), role);
}

void tst_UserStore::addListRotateRemove()
{
    QString alice, bob;
    QCOMPARE(m_users->add(QStringLiteral("bob"), Role::Supervisor, &bob), UserStore::Outcome::Done);
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Agent, &alice), UserStore::Outcome::Done);
    const auto all = m_users->users();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].name, QStringLiteral("alice")); // by name
    QCOMPARE(all[0].role, Role::Agent);
    QVERIFY(all[0].createdAt.isValid());
    QVERIFY(!all[0].lastSeenAt.isValid());
    QCOMPARE(all[1].name, QStringLiteral("bob"));
    QCOMPARE(all[1].role, Role::Supervisor);

    const auto who = m_users->authenticate(alice.toLatin1());
    QVERIFY(who);
    QCOMPARE(who->name, QStringLiteral("alice"));
    QVERIFY(m_users->user(QStringLiteral("alice"))->lastSeenAt.isValid());
    QVERIFY(!m_users->authenticate(QByteArrayLiteral("wrong")));
    QVERIFY(!m_users->authenticate(QByteArray()));
    QVERIFY(!m_users->authenticate(alice.toLatin1().chopped(1)));

    // A new token: the old one stops at once.
    QString fresh;
    QCOMPARE(m_users->rotate(QStringLiteral("alice"), &fresh), UserStore::Outcome::Done);
    QVERIFY(fresh != alice);
    QVERIFY(!m_users->authenticate(alice.toLatin1()));
    QCOMPARE(m_users->authenticate(fresh.toLatin1())->name, QStringLiteral("alice"));
    QString none;
    QCOMPARE(m_users->rotate(QStringLiteral("carol"), &none), UserStore::Outcome::NotFound);
    QVERIFY(none.isEmpty());

    const auto hashes = m_users->currentTokenHashes();
    QVERIFY(hashes);
    QCOMPARE(hashes->value(QStringLiteral("alice")), UserStore::tokenHash(fresh.toLatin1()));

    QCOMPARE(m_users->remove(QStringLiteral("alice")), UserStore::Outcome::Done);
    QVERIFY(!m_users->authenticate(fresh.toLatin1()));
    QCOMPARE(m_users->remove(QStringLiteral("alice")), UserStore::Outcome::NotFound);
    QCOMPARE(m_users->users().size(), 1);
    QCOMPARE(m_users->authenticate(bob.toLatin1())->role, Role::Supervisor);
}

void tst_UserStore::uniqueNames()
{
    QString first, second;
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Agent, &first), UserStore::Outcome::Done);
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Admin, &second), UserStore::Outcome::Duplicate);
    QVERIFY(second.isEmpty());
    QCOMPARE(m_users->users().size(), 1);
    QCOMPARE(m_users->user(QStringLiteral("alice"))->role, Role::Agent); // unchanged
    QVERIFY(m_users->authenticate(first.toLatin1()));

    // Another process (the command line beside the server) sees the same table.
    UserStore other(db());
    QString error;
    QVERIFY(other.open(&error));
    QCOMPARE(other.add(QStringLiteral("alice"), Role::Agent, &second), UserStore::Outcome::Duplicate);
}

void tst_UserStore::badNameChangesNothing()
{
    QString token;
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Agent, &token), UserStore::Outcome::Done);
    const auto before = m_users->currentTokenHashes();
    QString other;
    QCOMPARE(m_users->rotate(QStringLiteral("Alice"), &other), UserStore::Outcome::NotFound);
    QCOMPARE(m_users->remove(QStringLiteral("alice' OR '1'='1")), UserStore::Outcome::NotFound);
    QCOMPARE(m_users->currentTokenHashes(), before);
}

void tst_UserStore::tokensAreLongAndDistinct()
{
    QSet<QString> tokens;
    for (int i = 0; i < 20; ++i) {
        QString token;
        QCOMPARE(m_users->add(QStringLiteral("u%1").arg(i), Role::Agent, &token), UserStore::Outcome::Done);
        const QByteArray raw = QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding);
        QVERIFY2(raw.size() >= 16, "at least 128 random bits");
        tokens.insert(token);
    }
    QCOMPARE(tokens.size(), 20);
}

void tst_UserStore::onlyTheHashIsStored()
{
    QString token;
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Admin, &token), UserStore::Outcome::Done);
    QString rotated;
    QCOMPARE(m_users->add(QStringLiteral("bob"), Role::Agent, &rotated), UserStore::Outcome::Done);
    QCOMPARE(m_users->rotate(QStringLiteral("bob"), &rotated), UserStore::Outcome::Done);
    m_users.reset();
    m_schema.reset(); // everything checkpointed into the main file and the WAL closed
    if (sb::test::onPostgresql()) {
        // What the server stores, as PostgreSQL gives it out: every column of every user row, as text.
        QString error;
        sb::Database raw(db(), QStringLiteral("probe"));
        QVERIFY2(raw.open(&error), qPrintable(error));
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT name, role, encode(token_hash, 'hex') FROM users")));
        QByteArray rows;
        while (q.next())
            rows += q.value(0).toByteArray() + ' ' + q.value(1).toByteArray() + ' ' + q.value(2).toByteArray() + '\n';
        QVERIFY(rows.contains("alice"));
        QVERIFY(!rows.contains(token.toLatin1()));
        QVERIFY(!rows.contains(rotated.toLatin1()));
        QVERIFY(rows.contains(UserStore::tokenHash(token.toLatin1()).toHex()));
        return;
    }
    QByteArray everything;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile file(path() + suffix);
        if (file.open(QIODevice::ReadOnly))
            everything += file.readAll();
    }
    QVERIFY(everything.contains("alice"));
    QVERIFY(!everything.contains(token.toLatin1()));
    QVERIFY(!everything.contains(rotated.toLatin1()));
    QVERIFY(everything.contains(UserStore::tokenHash(token.toLatin1())));
}

void tst_UserStore::lastSeenWrittenAtMostOnceAMinute()
{
    QString token;
    QCOMPARE(m_users->add(QStringLiteral("alice"), Role::Agent, &token), UserStore::Outcome::Done);
    QVERIFY(m_users->authenticate(token.toLatin1()));
    const QDateTime first = m_users->user(QStringLiteral("alice"))->lastSeenAt;
    QVERIFY(first.isValid());
    QTest::qWait(20);
    QVERIFY(m_users->authenticate(token.toLatin1()));
    QCOMPARE(m_users->user(QStringLiteral("alice"))->lastSeenAt, first); // no second write within the minute
}

void tst_UserStore::openRefusesADatabaseWithoutTheTable()
{
    QString error;
    // A database nobody migrated: an empty SQLite file, an empty PostgreSQL database.
    m_users.reset();
    m_schema.reset();
    QVERIFY2(sb::test::resetTestDatabase(&error), qPrintable(error));
    UserStore elsewhere(sb::test::testDatabase(m_dir->filePath(QStringLiteral("empty.sqlite"))));
    QVERIFY(!elsewhere.open(&error));
    QVERIFY2(error.contains(QLatin1String("users")), qPrintable(error));
}

void tst_UserStore::rights_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<bool>("adminToken");
    QTest::addColumn<bool>("seesAll");
    QTest::addColumn<bool>("actsOnOwn");
    QTest::addColumn<bool>("actsOnOthers");
    QTest::addColumn<bool>("managesUsers");
    QTest::addColumn<bool>("choosesAgent");
    QTest::newRow("agent") << int(Role::Agent) << false << false << true << false << false << false;
    QTest::newRow("supervisor") << int(Role::Supervisor) << false << true << true << true << false << false;
    QTest::newRow("admin user") << int(Role::Admin) << false << true << true << true << true << false;
    QTest::newRow("admin token") << int(Role::Admin) << true << true << true << true << true << true;
}

void tst_UserStore::rights()
{
    QFETCH(int, role);
    QFETCH(bool, adminToken);
    QFETCH(bool, seesAll);
    QFETCH(bool, actsOnOwn);
    QFETCH(bool, actsOnOthers);
    QFETCH(bool, managesUsers);
    QFETCH(bool, choosesAgent);
    const sb::Caller caller = adminToken ? sb::Caller::admin() : sb::Caller{QStringLiteral("me"), Role(role), false};
    QCOMPARE(caller.seesAllCalls(), seesAll);
    QCOMPARE(caller.mayActOn(caller.name), actsOnOwn);
    QCOMPARE(caller.mayActOn(QStringLiteral("someone-else")), actsOnOthers);
    QCOMPARE(caller.mayActOn(QString()), actsOnOthers); // a call dialled with no agent is nobody's own
    QCOMPARE(caller.managesUsers(), managesUsers);
    QCOMPARE(caller.choosesAgentId(), choosesAgent);
}

QTEST_GUILESS_MAIN(tst_UserStore)
#include "tst_userstore.moc"
