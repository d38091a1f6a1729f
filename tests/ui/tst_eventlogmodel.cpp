// SPDX-License-Identifier: MIT
#include "EventLogModel.h"
#include "ServerHarness.h"
#include "client/BackendClient.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

class tst_EventLogModel : public QObject {
    Q_OBJECT
private slots:
    void roles();
    void liveEvents();
    void trimAndClear();
};

void tst_EventLogModel::roles()
{
    EventLogModel model;
    const auto names = model.roleNames();
    for (const char *name : {"eventId", "type", "callControlId", "occurredAt", "timeText", "summary", "payload"})
        QVERIFY2(names.values().contains(QByteArray(name)), name);
}

void tst_EventLogModel::liveEvents()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    BackendClient backend;
    backend.setEndpoint(harness.url(QString()), harness.token());
    backend.start();
    QTRY_VERIFY(backend.eventsConnected());

    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    const QString id = harness.dial();
    const QString at = QStringLiteral("2026-03-10T14:02:11.482913Z");
    QCOMPARE(harness.sendWebhook(ServerHarness::envelope("e1", "call.initiated", id, at)).status, 200);
    QCOMPARE(harness.sendWebhook(ServerHarness::envelope("e2", "call.answered", id, at)).status, 200);
    QCOMPARE(harness.sendWebhook(ServerHarness::envelope("e2", "call.answered", id, at)).status, 200); // duplicate
    QCOMPARE(harness.postJson(QStringLiteral("/api/calls/telnyx/%1/mute").arg(id), {}).status, 200);
    QTRY_COMPARE(model.rowCount(), 3);

    // Newest first; the duplicate webhook is not broadcast again.
    const auto value = [&model](int row, EventLogModel::Roles role) { return model.data(model.index(row), role); };
    QCOMPARE(value(0, EventLogModel::TypeRole).toString(), QStringLiteral("call.muted"));
    QCOMPARE(value(0, EventLogModel::SummaryRole).toString(), QStringLiteral("Microphone muted"));
    QCOMPARE(value(1, EventLogModel::TypeRole).toString(), QStringLiteral("call.answered"));
    QCOMPARE(value(1, EventLogModel::EventIdRole).toString(), QStringLiteral("e2"));
    QCOMPARE(value(1, EventLogModel::CallControlIdRole).toString(), id);
    QCOMPARE(value(1, EventLogModel::OccurredAtRole).toDateTime().toUTC().time().second(), 11);
    QCOMPARE(value(1, EventLogModel::TimeTextRole).toString().size(), 8); // HH:mm:ss
    QVERIFY(value(2, EventLogModel::PayloadRole).toString().contains(id));
    QCOMPARE(model.count(), 3);
}

void tst_EventLogModel::trimAndClear()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxEvents(3);
    for (int i = 0; i < 5; ++i)
        model.append(QStringLiteral("call.dtmf.received"), QStringLiteral("e%1").arg(i), {},
                     {{"digit", QString::number(i)}, {"call_control_id", "c"}});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(0), EventLogModel::EventIdRole).toString(), QStringLiteral("e4"));
    QCOMPARE(model.data(model.index(2), EventLogModel::EventIdRole).toString(), QStringLiteral("e2"));
    QCOMPARE(model.data(model.index(0), EventLogModel::SummaryRole).toString(), QStringLiteral("Digit 4 received"));
    model.setMaxEvents(1);
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
