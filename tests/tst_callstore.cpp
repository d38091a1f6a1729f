// SPDX-License-Identifier: MIT
#include "FileMode.h"
#include "TestDatabase.h"
#include "calls/CallStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using sb::CallEvent;
using sb::CallRecord;
using sb::CallStatus;
using sb::CallStore;

namespace {
CallRecord makeCall(const QString &id, qint64 createdMs)
{
    CallRecord r;
    r.callControlId = id;
    r.from = QStringLiteral("+15557654321");
    r.to = QStringLiteral("+15551234567");
    r.agentId = QStringLiteral("agent-7");
    r.createdAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    r.updatedAt = r.createdAt;
    return r;
}
CallEvent makeEvent(const QString &id, const QString &callId, const QString &type, const QString &occurredAt)
{
    CallEvent e;
    e.id = id;
    e.callControlId = callId;
    e.type = type;
    e.occurredAt = occurredAt;
    e.payload = {{QStringLiteral("call_control_id"), callId}, {QStringLiteral("note"), QStringLiteral("ü|\"x")}};
    e.payloadJson = QJsonDocument(e.payload).toJson(QJsonDocument::Compact);
    e.receivedAt = QDateTime::currentDateTimeUtc();
    return e;
}
} // namespace

class tst_CallStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void createsSchemaAndWal();
    void callRoundTrip();
    void anAnswerIsClaimedOnce();
    void eventsDeduplicatedById();
    void historyNewestFirstWithPaging();
    void historyOfOneAgent();
    void rollbackLeavesNothing();
    void survivesReopen();
    void refusesNewerSchema();
    void tokenHashLookup();
    void migratesAnOlderSchemaKeepingData();
    void ownerOnlyWhateverTheUmask();
    void olderLooseFilesTightened();
    void lostServerRefusesThenRecovers();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("sub/calls.sqlite")); }
    sb::DatabaseUrl db() const { return sb::test::testDatabase(path()); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CallStore::initTestCase()
{
    SB_REQUIRE_POSTGRESQL_IF_ASKED();
    qInfo("database: %s", sb::test::onPostgresql() ? "PostgreSQL" : "SQLite");
}

void tst_CallStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QString error;
    QVERIFY2(sb::test::resetTestDatabase(&error), qPrintable(error));
}

void tst_CallStore::createsSchemaAndWal()
{
    CallStore store(db());
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), CallStore::kSchemaVersion);
    QVERIFY(store.isHealthy());
    if (sb::test::onPostgresql())
        return;
    QVERIFY(QFile::exists(path()));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
}

void tst_CallStore::callRoundTrip()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    CallRecord r = makeCall(QStringLiteral("v3:abc"), 1767225600123);
    r.status = CallStatus::Ended;
    r.muted = true;
    r.hangupCause = QStringLiteral("normal_clearing");
    r.durationSeconds = 42;
    r.answeredAt = r.createdAt.addSecs(3);
    r.endedAt = r.createdAt.addSecs(45);
    r.streamTokenHash = QByteArray(32, '\x7f');
    QVERIFY(store.saveCall(r));
    const auto back = store.call(QStringLiteral("v3:abc"));
    QVERIFY(back);
    QCOMPARE(back->toJson(), r.toJson());
    QCOMPARE(back->streamTokenHash, r.streamTokenHash);
    QVERIFY(!store.call(QStringLiteral("v3:nope")));

    // An inbound call's offer (schema 4): whom it was offered to, whether it was missed.
    QVERIFY(back->offeredTo.isEmpty());
    QVERIFY(!back->missed);
    QVERIFY(store.setOffer(QStringLiteral("v3:abc"), {QStringLiteral("alice"), QStringLiteral("bob")}, true));
    const auto offered = store.call(QStringLiteral("v3:abc"));
    QCOMPARE(offered->offeredTo, QStringList({QStringLiteral("alice"), QStringLiteral("bob")}));
    QVERIFY(offered->missed);
    QCOMPARE(offered->toJson().value(QLatin1String("offeredTo")).toArray().size(), 2);
    QCOMPARE(offered->toJson().value(QLatin1String("missed")).toBool(), true);
    QVERIFY(store.saveCall(*offered)); // the whole row keeps them
    QCOMPARE(store.call(QStringLiteral("v3:abc"))->offeredTo, offered->offeredTo);
    QVERIFY(!store.setOffer(QStringLiteral("v3:nope"), {}, false));
}

void tst_CallStore::anAnswerIsClaimedOnce()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    CallRecord r = makeCall(QStringLiteral("v3:in"), 1767225600123);
    r.agentId.clear();
    r.status = CallStatus::Ringing;
    QVERIFY(store.saveCall(r));
    // The first claim wins, whoever asks after it (another instance) does not; nor does giving up.
    QVERIFY(store.claimAnswer(QStringLiteral("v3:in"), QStringLiteral("alice")));
    QVERIFY(!store.claimAnswer(QStringLiteral("v3:in"), QStringLiteral("bob")));
    QVERIFY(!store.claimMissed(QStringLiteral("v3:in")));
    QCOMPARE(store.call(QStringLiteral("v3:in"))->agentId, QStringLiteral("alice"));
    // Telnyx refused her answer: the call rings for the others again.
    store.releaseAnswer(QStringLiteral("v3:in"), QStringLiteral("bob")); // not his to release
    QCOMPARE(store.call(QStringLiteral("v3:in"))->agentId, QStringLiteral("alice"));
    store.releaseAnswer(QStringLiteral("v3:in"), QStringLiteral("alice"));
    QVERIFY(store.call(QStringLiteral("v3:in"))->agentId.isEmpty());
    // Given up: missed, and no answer after that.
    QVERIFY(store.claimMissed(QStringLiteral("v3:in")));
    QVERIFY(store.call(QStringLiteral("v3:in"))->missed);
    QVERIFY(!store.claimAnswer(QStringLiteral("v3:in"), QStringLiteral("bob")));
    // Only a ringing call is answered.
    CallRecord answered = makeCall(QStringLiteral("v3:answered"), 1767225600124);
    answered.agentId.clear();
    answered.status = CallStatus::Answered;
    QVERIFY(store.saveCall(answered));
    QVERIFY(!store.claimAnswer(QStringLiteral("v3:answered"), QStringLiteral("alice")));
    QVERIFY(!store.claimAnswer(QStringLiteral("v3:nope"), QStringLiteral("alice")));
}

void tst_CallStore::eventsDeduplicatedById()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    bool inserted = false;
    const auto e = makeEvent(QStringLiteral("e1"), QStringLiteral("v3:a"), QStringLiteral("call.initiated"),
                             QStringLiteral("2026-01-01T00:00:01.000000Z"));
    QVERIFY(store.insertEvent(e, &inserted));
    QVERIFY(inserted);
    auto changed = e;
    changed.type = QStringLiteral("call.hangup");
    QVERIFY(store.insertEvent(changed, &inserted));
    QVERIFY(!inserted);
    const auto events = store.events(QStringLiteral("v3:a"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].type, QStringLiteral("call.initiated")); // the first one stays untouched
    QCOMPARE(events[0].payloadJson, e.payloadJson);
    QCOMPARE(events[0].payload.value(QLatin1String("note")).toString(), QStringLiteral("ü|\"x"));
}

void tst_CallStore::historyNewestFirstWithPaging()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    for (int i = 0; i < 5; ++i)
        QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:%1").arg(i), 1000 + i)));
    QCOMPARE(store.callCount(), 5);
    auto page = store.calls(2, 0);
    QCOMPARE(page.size(), 2);
    QCOMPARE(page[0].callControlId, QStringLiteral("v3:4"));
    QCOMPARE(page[1].callControlId, QStringLiteral("v3:3"));
    page = store.calls(2, 4);
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].callControlId, QStringLiteral("v3:0"));
}

// What an agent may see (CONTRACT §6): its own calls, paged and counted alone.
void tst_CallStore::historyOfOneAgent()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    for (int i = 0; i < 6; ++i) {
        CallRecord r = makeCall(QStringLiteral("v3:%1").arg(i), 1000 + i);
        r.agentId = i % 2 ? QStringLiteral("alice") : QStringLiteral("bob");
        QVERIFY(store.saveCall(r));
    }
    QCOMPARE(store.callCount(QStringLiteral("alice")), 3);
    QCOMPARE(store.callCount(QStringLiteral("carol")), 0);
    QCOMPARE(store.callCount(), 6);
    auto page = store.calls(2, 0, QStringLiteral("alice"));
    QCOMPARE(page.size(), 2);
    QCOMPARE(page[0].callControlId, QStringLiteral("v3:5"));
    QCOMPARE(page[1].callControlId, QStringLiteral("v3:3"));
    page = store.calls(2, 2, QStringLiteral("alice"));
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].callControlId, QStringLiteral("v3:1"));
    QVERIFY(store.calls(10, 0, QStringLiteral("' OR '1'='1")).isEmpty());
}

void tst_CallStore::rollbackLeavesNothing()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    QVERIFY(store.begin());
    bool inserted = false;
    QVERIFY(store.insertEvent(
        makeEvent(QStringLiteral("e1"), QStringLiteral("v3:a"), QStringLiteral("call.hangup"), QStringLiteral("t")),
        &inserted));
    QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:a"), 1)));
    store.rollback();
    QCOMPARE(store.eventCount(), 0);
    QCOMPARE(store.callCount(), 0);
}

void tst_CallStore::survivesReopen()
{
    {
        CallStore store(db());
        QString error;
        QVERIFY(store.open(&error));
        QVERIFY(store.begin());
        bool inserted = false;
        QVERIFY(store.insertEvent(makeEvent(QStringLiteral("e1"), QStringLiteral("v3:a"),
                                            QStringLiteral("call.initiated"), QStringLiteral("t1")),
                                  &inserted));
        QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:a"), 5)));
        QVERIFY(store.commit());
    }
    CallStore again(db());
    QString error;
    QVERIFY2(again.open(&error), qPrintable(error));
    QCOMPARE(again.callCount(), 1);
    QCOMPARE(again.events(QStringLiteral("v3:a")).size(), 1);
    QCOMPARE(again.liveCalls().size(), 1);
}

void tst_CallStore::refusesNewerSchema()
{
    {
        CallStore store(db());
        QString error;
        QVERIFY(store.open(&error));
    }
    QString bumpError;
    QVERIFY2(sb::test::setSchemaVersion(db(), 99, &bumpError), qPrintable(bumpError));
    CallStore store(db());
    QString error;
    QVERIFY(!store.open(&error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
}

void tst_CallStore::tokenHashLookup()
{
    CallStore store(db());
    QString error;
    QVERIFY(store.open(&error));
    CallRecord r = makeCall(QStringLiteral("v3:t"), 1);
    r.streamTokenHash = QByteArray("0123456789abcdef0123456789abcdef");
    QVERIFY(store.saveCall(r));
    QCOMPARE(store.callByStreamTokenHash(r.streamTokenHash)->callControlId, QStringLiteral("v3:t"));
    QVERIFY(!store.callByStreamTokenHash(QByteArray(32, 'z')));
}

void tst_CallStore::migratesAnOlderSchemaKeepingData()
{
    {
        CallStore store(db());
        QString error;
        QVERIFY(store.open(&error));
        QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:old"), 7)));
    }
    // Turn the database back into a schema-1 one: no users (3), no recording column (2), no offers (4), no instances
    // (5).
    QString downgradeError;
    QVERIFY2(sb::test::runStatements(db(),
                                     {QStringLiteral("DROP TABLE users"), QStringLiteral("DROP INDEX calls_agent"),
                                      QStringLiteral("ALTER TABLE calls DROP COLUMN recording_path"),
                                      QStringLiteral("ALTER TABLE calls DROP COLUMN offered_to"),
                                      QStringLiteral("ALTER TABLE calls DROP COLUMN missed"),
                                      QStringLiteral("DROP TABLE instances"),
                                      QStringLiteral("DROP INDEX IF EXISTS calls_instance"),
                                      QStringLiteral("ALTER TABLE calls DROP COLUMN instance")},
                                     &downgradeError),
             qPrintable(downgradeError));
    QVERIFY2(sb::test::setSchemaVersion(db(), 1, &downgradeError), qPrintable(downgradeError));
    CallStore store(db());
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), CallStore::kSchemaVersion);
    QCOMPARE(store.call(QStringLiteral("v3:old"))->to, QStringLiteral("+15551234567"));
    QCOMPARE(store.call(QStringLiteral("v3:old"))->instance, QString()); // dialled before instances were named
    QVERIFY(store.setRecordingPath(QStringLiteral("v3:old"), QStringLiteral("/rec/old.wav")));
    QCOMPARE(store.call(QStringLiteral("v3:old"))->recordingPath, QStringLiteral("/rec/old.wav"));
    QCOMPARE(store.call(QStringLiteral("v3:old"))->toJson().value(QLatin1String("recording")).toString(),
             QStringLiteral("/rec/old.wav"));
}

// The database and the -wal and -shm files SQLite makes beside it: 0600 under the common umask 022.
void tst_CallStore::ownerOnlyWhateverTheUmask()
{
    if (sb::test::onPostgresql())
        QSKIP("SQLite's files only");
    const mode_t umaskBefore = ::umask(022);
    CallStore store(db());
    QString error;
    const bool opened = store.open(&error);
    ::umask(umaskBefore);
    QVERIFY2(opened, qPrintable(error));
    QVERIFY(store.saveCall(makeCall(QStringLiteral("c-1"), 1767225600123)));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QCOMPARE(sb::test::fileMode(path() + suffix), 0600);
}

// A database an older Switchboard left 0644 (with its -wal) is tightened when opened, keeping its data.
void tst_CallStore::olderLooseFilesTightened()
{
    if (sb::test::onPostgresql())
        QSKIP("SQLite's files only");
    {
        CallStore store(db());
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QVERIFY(store.saveCall(makeCall(QStringLiteral("c-old"), 1767225600123)));
    }
    const auto loose =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QVERIFY(QFile::setPermissions(path(), loose));
    QFile wal(path() + QStringLiteral("-wal"));
    QVERIFY(wal.open(QIODevice::WriteOnly | QIODevice::Append)); // SQLite removed it at close; an old crash left one
    wal.close();
    QVERIFY(wal.setPermissions(loose));
    CallStore store(db());
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QCOMPARE(sb::test::fileMode(path()), 0600);
    QCOMPARE(sb::test::fileMode(path() + QStringLiteral("-wal")), 0600);
    QVERIFY(store.call(QStringLiteral("c-old")));
}

// PostgreSQL stops under an open store (a restart, a failover): writes fail (the server answers 503, never a false
// 200) and the store is healthy again once the server is back, with its kept statements prepared anew.
void tst_CallStore::lostServerRefusesThenRecovers()
{
    if (!sb::test::onPostgresql())
        QSKIP("a PostgreSQL server to stop");
    const QString ctl = qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRESQL_CTL");
    QVERIFY(!ctl.isEmpty());
    CallStore store(db());
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:before"), 1)));

    QCOMPARE(QProcess::execute(ctl, {QStringLiteral("stop")}), 0);
    QVERIFY(!store.isHealthy());
    bool inserted = false;
    QVERIFY(!store.begin() || !store.insertEvent(makeEvent(QStringLiteral("e-down"), QStringLiteral("v3:before"),
                                                           QStringLiteral("call.answered"), QStringLiteral("t")),
                                                 &inserted));
    QVERIFY(!store.saveCall(makeCall(QStringLiteral("v3:during"), 2)));
    QVERIFY(!store.call(QStringLiteral("v3:before")));

    QCOMPARE(QProcess::execute(ctl, {QStringLiteral("start")}), 0);
    // Reopened at most once a second: within a few, everything works again on the same store.
    QTRY_VERIFY_WITH_TIMEOUT(store.isHealthy(), 5000);
    QVERIFY(store.call(QStringLiteral("v3:before")));
    QVERIFY(!store.call(QStringLiteral("v3:during"))); // refused, not half-stored
    QVERIFY(store.saveCall(makeCall(QStringLiteral("v3:after"), 3)));
    QVERIFY(store.begin());
    QVERIFY(store.insertEvent(makeEvent(QStringLiteral("e-up"), QStringLiteral("v3:after"),
                                        QStringLiteral("call.answered"), QStringLiteral("t")),
                              &inserted));
    QVERIFY(inserted);
    QVERIFY(store.commit());
    QCOMPARE(store.events(QStringLiteral("v3:after")).size(), 1);
    QCOMPARE(store.callCount(), 2);
}

QTEST_GUILESS_MAIN(tst_CallStore)
#include "tst_callstore.moc"
