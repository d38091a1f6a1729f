// SPDX-License-Identifier: MIT
#include "CallsFilterModel.h"
#include "CallsModel.h"
#include "ServerHarness.h"
#include "client/BackendClient.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

namespace {
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}
} // namespace

// CallsModel against a real server: history pages over HTTP, live updates from signed webhooks through
// /call-events; CallsFilterModel over it for the search and the live calls.
class tst_CallsModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void roles();
    void paging();
    void liveUpdates();
    void search();
    void liveOnly();
    void filterFollowsLiveUpdates();
    void filterGetAndRowOf();
    void filterCountNotifies();

private:
    QString data(const QAbstractItemModel &model, int row, CallsModel::Roles role)
    {
        return model.data(model.index(row, 0), role).toString();
    }
    std::unique_ptr<ServerHarness> m_harness;
    std::unique_ptr<BackendClient> m_backend;
    int m_eventSeq = 0;
    void webhook(const QString &type, const QString &id, const QJsonObject &extra = {})
    {
        const auto r = m_harness->sendWebhook(
            ServerHarness::envelope(QStringLiteral("evt-%1").arg(++m_eventSeq), type, id, now(), extra));
        QCOMPARE(r.status, 200);
    }
};

void tst_CallsModel::init()
{
    m_harness = std::make_unique<ServerHarness>();
    QVERIFY(m_harness->start());
    m_backend = std::make_unique<BackendClient>();
    m_backend->setEndpoint(m_harness->url(QString()), m_harness->token());
    m_backend->start();
    QTRY_VERIFY(m_backend->eventsConnected());
}

void tst_CallsModel::cleanup()
{
    m_backend.reset();
    m_harness.reset();
}

void tst_CallsModel::roles()
{
    CallsModel model;
    const auto names = model.roleNames();
    for (const char *name :
         {"callControlId", "from", "to", "agentId", "direction", "status", "statusText", "live", "muted", "hangupCause",
          "hangupCauseText", "durationSeconds", "durationText", "createdAt", "answeredAt", "endedAt"})
        QVERIFY2(names.values().contains(QByteArray(name)), name);
    QCOMPARE(names.value(CallsModel::ToRole), QByteArray("to"));
}

void tst_CallsModel::paging()
{
    for (int i = 1; i <= 7; ++i)
        QVERIFY(!m_harness->dial(QStringLiteral("+1555000000%1").arg(i)).isEmpty());

    CallsModel model; // no QAbstractItemModelTester here: it calls fetchMore() itself
    model.setPageSize(3);
    model.setBackend(m_backend.get());
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(model.total(), 7);
    QVERIFY(model.canLoadMore());
    QVERIFY(model.canFetchMore({}));
    // Newest first.
    QCOMPARE(data(model, 0, CallsModel::ToRole), QStringLiteral("+15550000007"));
    QCOMPARE(data(model, 2, CallsModel::ToRole), QStringLiteral("+15550000005"));
    QCOMPARE(data(model, 0, CallsModel::StatusRole), QStringLiteral("initiated"));
    QCOMPARE(data(model, 0, CallsModel::StatusTextRole), QStringLiteral("Calling"));
    QCOMPARE(model.data(model.index(0), CallsModel::LiveRole).toBool(), true);
    QCOMPARE(data(model, 0, CallsModel::AgentIdRole), QStringLiteral("agent-7"));

    model.loadMore();
    QTRY_COMPARE(model.rowCount(), 6);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 7);
    QVERIFY(!model.canLoadMore());
    QCOMPARE(data(model, 6, CallsModel::ToRole), QStringLiteral("+15550000001"));
    QCOMPARE(model.get(6).value(QStringLiteral("to")).toString(), QStringLiteral("+15550000001"));
}

void tst_CallsModel::liveUpdates()
{
    CallsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(m_backend.get());
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 0);

    // A call placed elsewhere appears with its first event.
    const QString id = m_harness->dial(QStringLiteral("+15551112222"), QStringLiteral("agent-x"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    webhook(QStringLiteral("call.initiated"), id);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(data(model, 0, CallsModel::CallControlIdRole), id);
    QCOMPARE(inserted.count(), 1);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    webhook(QStringLiteral("call.answered"), id);
    QTRY_COMPARE(data(model, 0, CallsModel::StatusRole), QStringLiteral("answered"));
    QVERIFY(changed.count() >= 1);
    QVERIFY(model.data(model.index(0), CallsModel::AnsweredAtRole).toDateTime().isValid());

    webhook(QStringLiteral("call.hangup"), id,
            {{"hangup_cause", "user_busy"}, {"hangup_source", "callee"}, {"sip_hangup_cause", "486"}});
    QTRY_COMPARE(data(model, 0, CallsModel::StatusRole), QStringLiteral("ended"));
    QCOMPARE(data(model, 0, CallsModel::HangupCauseRole), QStringLiteral("user_busy"));
    QCOMPARE(data(model, 0, CallsModel::HangupCauseTextRole), QStringLiteral("The number is busy. Try again later."));
    QCOMPARE(model.data(model.index(0), CallsModel::LiveRole).toBool(), false);
    QVERIFY(model.data(model.index(0), CallsModel::DurationSecondsRole).toLongLong() >= 0);
    QCOMPARE(model.rowCount(), 1);
}

void tst_CallsModel::search()
{
    m_harness->dial(QStringLiteral("+15550001111"), QStringLiteral("alice"));
    m_harness->dial(QStringLiteral("+4930123456"), QStringLiteral("bob"));
    m_harness->dial(QStringLiteral("+15550002222"), QStringLiteral("alice"));
    CallsModel calls;
    CallsFilterModel model;
    model.setSourceModel(&calls);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    calls.setBackend(m_backend.get());
    QTRY_COMPARE(model.rowCount(), 3);

    model.setSearchText(QStringLiteral("ALICE"));
    QCOMPARE(model.rowCount(), 2);
    model.setSearchText(QStringLiteral("+49 30"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(data(model, 0, CallsModel::AgentIdRole), QStringLiteral("bob"));
    model.setSearchText(QStringLiteral("2222"));
    QCOMPARE(model.rowCount(), 1);
    model.setSearchText(QStringLiteral("+15557654321")); // the caller id matches every call
    QCOMPARE(model.rowCount(), 3);
    model.setSearchText(QStringLiteral("nobody"));
    QCOMPARE(model.rowCount(), 0);
    model.setSearchText({});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(calls.total(), 3);
}

void tst_CallsModel::liveOnly()
{
    const QString a = m_harness->dial(QStringLiteral("+15550000001"));
    const QString b = m_harness->dial(QStringLiteral("+15550000002"));
    CallsModel calls;
    CallsFilterModel model;
    model.setSourceModel(&calls);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLiveOnly(true);
    calls.setBackend(m_backend.get());
    QTRY_COMPARE(model.rowCount(), 2);
    webhook(QStringLiteral("call.hangup"), a, {{"hangup_cause", "normal_clearing"}});
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(data(model, 0, CallsModel::CallControlIdRole), b);
    QCOMPARE(calls.loadedCount(), 2);
}

void tst_CallsModel::filterFollowsLiveUpdates()
{
    m_harness->dial(QStringLiteral("+15550001111"), QStringLiteral("alice"));
    CallsModel calls;
    CallsFilterModel model;
    model.setSourceModel(&calls);
    QAbstractItemModelTester sourceTester(&calls, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSearchText(QStringLiteral("bob"));
    model.setLiveOnly(true);
    calls.setBackend(m_backend.get());
    QTRY_COMPARE(calls.rowCount(), 1);
    QCOMPARE(model.rowCount(), 0);

    // A call placed elsewhere that matches the search appears in the filtered view too, and leaves it when it ends.
    const QString id = m_harness->dial(QStringLiteral("+4930123456"), QStringLiteral("bob"));
    webhook(QStringLiteral("call.initiated"), id);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(calls.rowCount(), 2);
    QCOMPARE(data(model, 0, CallsModel::CallControlIdRole), id);
    webhook(QStringLiteral("call.hangup"), id, {{"hangup_cause", "normal_clearing"}});
    QTRY_COMPARE(model.rowCount(), 0);
    QCOMPARE(data(calls, 0, CallsModel::StatusRole), QStringLiteral("ended"));
    model.setLiveOnly(false);
    QCOMPARE(model.rowCount(), 1);
}

void tst_CallsModel::filterGetAndRowOf()
{
    const QString alice = m_harness->dial(QStringLiteral("+15550001111"), QStringLiteral("alice"));
    const QString bob = m_harness->dial(QStringLiteral("+4930123456"), QStringLiteral("bob"));
    CallsModel calls;
    CallsFilterModel model;
    model.setSourceModel(&calls);
    calls.setBackend(m_backend.get());
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(alice), 1); // newest first, as in the source
    model.setSearchText(QStringLiteral("alice"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(alice), 0);
    QCOMPARE(model.rowOf(bob), -1); // filtered out
    QCOMPARE(model.rowOf(QStringLiteral("no-such-call")), -1);
    QCOMPARE(model.get(0).value(QStringLiteral("agentId")).toString(), QStringLiteral("alice"));
    QCOMPARE(model.get(0).value(QStringLiteral("to")).toString(), QStringLiteral("+15550001111"));
    QVERIFY(model.get(1).isEmpty());
    QVERIFY(model.get(-1).isEmpty());
}

void tst_CallsModel::filterCountNotifies()
{
    m_harness->dial(QStringLiteral("+15550001111"), QStringLiteral("alice"));
    m_harness->dial(QStringLiteral("+15550002222"), QStringLiteral("bob"));
    CallsModel calls;
    CallsFilterModel model;
    QSignalSpy countChanged(&model, &CallsFilterModel::countChanged);
    model.setSourceModel(&calls);
    calls.setBackend(m_backend.get());
    QTRY_COMPARE(model.count(), 2);
    QVERIFY(countChanged.count() >= 1);
    countChanged.clear();
    model.setSearchText(QStringLiteral("2222"));
    QCOMPARE(model.count(), 1);
    QVERIFY(countChanged.count() >= 1);
    QCOMPARE(model.property("count").toInt(), 1);
}

QTEST_MAIN(tst_CallsModel)
#include "tst_callsmodel.moc"
