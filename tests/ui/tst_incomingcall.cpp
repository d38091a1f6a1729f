// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "AgentPresence.h"
#include "Dashboard.h"
#include "IncomingCallsModel.h"
#include "Ringer.h"
#include "ServerHarness.h"
#include "UiSettings.h"
#include "client/BackendClient.h"

// Qt
#include <QJsonArray>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace sb;
using sb::test::ServerHarness;

// An incoming call at the whole console window, offscreen, against a real server and its fake Telnyx (the one-desk
// Switchboard: the desk is the admin, offered every call while available): a signed call.initiated webhook makes the
// banner ring with the caller's number and name; Answer, Decline, the caller giving up (the missed-call badge), and
// the presence switch (away: nothing rings). The ringer's device is tst_ringer's business: here the desk runs with
// --no-audio and only the ringer's state is checked.
class tst_IncomingCall : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void answerFromTheBanner();
    void declineFromTheBanner();
    void callerHangsUpWhileRinging();
    void awayDeskDoesNotRing();

private:
    void ring(const QString &id);
    void sendWebhook(const QString &type, const QString &id, const QJsonObject &extra = {});
    // The visible item of that objectName under the window's content (Repeater delegates included), or null.
    QQuickItem *item(const QString &objectName) const;
    void click(QQuickItem *button);
    int visibleCards() const;

    std::unique_ptr<ServerHarness> m_harness;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Dashboard> m_dashboard;
    QQuickWindow *m_window = nullptr;
};

void tst_IncomingCall::init()
{
    m_harness = std::make_unique<ServerHarness>();
    QVERIFY(m_harness->start());
    m_dir = std::make_unique<QTemporaryDir>();
    Dashboard::Options options;
    options.backendUrl = m_harness->url(QString());
    options.token = m_harness->token();
    options.settingsFile = m_dir->filePath(QStringLiteral("console.conf"));
    options.language = QStringLiteral("en");
    options.audio = false;
    options.notifications = false;
    {
        UiSettings preset(options.settingsFile);
        preset.setNumbers({QStringLiteral("+15557654321")});
    }
    m_dashboard = std::make_unique<Dashboard>(options);
    QString error;
    QVERIFY2(m_dashboard->load(&error), qPrintable(error));
    m_window = m_dashboard->window();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QTRY_VERIFY(m_dashboard->backend()->eventsConnected());
    QCOMPARE(m_dashboard->incomingCalls()->userName(), QStringLiteral("admin"));
    QCOMPARE(m_dashboard->presence()->state(), AgentPresence::Available);
    QVERIFY(!item(QStringLiteral("incomingCallBanner")));
    // The presence control is in the console; the server has made this connecting desk available.
    QTRY_COMPARE(item(QStringLiteral("presenceLabel"))->property("text").toString(), QStringLiteral("Available"));
}

void tst_IncomingCall::cleanup()
{
    m_dashboard.reset();
    m_window = nullptr;
    m_harness.reset();
    m_dir.reset();
}

void tst_IncomingCall::sendWebhook(const QString &type, const QString &id, const QJsonObject &extra)
{
    QCOMPARE(
        m_harness
            ->sendWebhook(ServerHarness::envelope(QUuid::createUuid().toString(QUuid::WithoutBraces), type, id,
                                                  QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), extra))
            .status,
        200);
}

void tst_IncomingCall::ring(const QString &id)
{
    sendWebhook(QStringLiteral("call.initiated"), id,
                {{QStringLiteral("direction"), QStringLiteral("incoming")},
                 {QStringLiteral("state"), QStringLiteral("parked")},
                 {QStringLiteral("from"), QStringLiteral("+18124040851")},
                 {QStringLiteral("to"), QStringLiteral("+13057864498")},
                 {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")}});
}

QQuickItem *tst_IncomingCall::item(const QString &objectName) const
{
    QList<QQuickItem *> todo{m_window->contentItem()};
    while (!todo.isEmpty()) {
        QQuickItem *i = todo.takeFirst();
        if (!i->isVisible())
            continue;
        if (i->objectName() == objectName)
            return i;
        todo << i->childItems();
    }
    return nullptr;
}

int tst_IncomingCall::visibleCards() const
{
    int n = 0;
    QList<QQuickItem *> todo{m_window->contentItem()};
    while (!todo.isEmpty()) {
        QQuickItem *i = todo.takeFirst();
        if (!i->isVisible())
            continue;
        if (i->objectName() == QLatin1String("incomingCallCard"))
            ++n;
        todo << i->childItems();
    }
    return n;
}

void tst_IncomingCall::click(QQuickItem *button)
{
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QVERIFY(QMetaObject::invokeMethod(button, "clicked"));
}

void tst_IncomingCall::answerFromTheBanner()
{
    const QString id = QStringLiteral("v3:ui-in-answer");
    ring(id);
    QTRY_VERIFY(item(QStringLiteral("incomingCallBanner")));
    QTRY_COMPARE(visibleCards(), 1);
    QTRY_VERIFY(item(QStringLiteral("incomingCaller")));
    const QString caller = item(QStringLiteral("incomingCaller"))->property("text").toString();
    QVERIFY2(caller.contains(QStringLiteral("+18124040851")) && caller.contains(QStringLiteral("Pat Doe")),
             qPrintable(caller));
    QVERIFY(m_dashboard->ringer()->isRinging());
    QVERIFY(!m_dashboard->ringer()->isPlaying()); // --no-audio: no device opened
    // A picture of the ringing console for the curious (the build folder), like tst_dashboard's.
    QTest::qWait(100);
    QVERIFY(m_window->grabWindow().save(QStringLiteral(SCREENSHOT_DIR "/incoming-call.png")));
    QCOMPARE(item(QStringLiteral("answerButton"))->property("text").toString(), QStringLiteral("Answer"));

    click(item(QStringLiteral("answerButton")));
    QTRY_COMPARE(m_harness->telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
    QVERIFY(m_harness->telnyx().requestsTo(QStringLiteral("/actions/answer")).constFirst().path.contains(id));
    QTRY_VERIFY(!item(QStringLiteral("incomingCallBanner")));
    QVERIFY(!m_dashboard->ringer()->isRinging());
    QTRY_COMPARE(m_dashboard->activeCall()->callControlId(), id); // the answer's reply may come after the banner goes

    // Telnyx connects it: the active-call panel shows the call, and the header says "On a call".
    sendWebhook(QStringLiteral("call.answered"), id);
    QTRY_COMPARE(item(QStringLiteral("callStatePill"))->property("text").toString(), QStringLiteral("Connected"));
    QCOMPARE(item(QStringLiteral("remoteNumber"))->property("text").toString(), QStringLiteral("+18124040851"));
    QTRY_COMPARE(item(QStringLiteral("presenceLabel"))->property("text").toString(), QStringLiteral("On a call"));
    QCOMPARE(m_dashboard->incomingCalls()->missed(), 0);
    QVERIFY(!item(QStringLiteral("navHistory"))->property("badge").toInt());
}

void tst_IncomingCall::declineFromTheBanner()
{
    const QString id = QStringLiteral("v3:ui-in-decline");
    ring(id);
    QTRY_COMPARE(visibleCards(), 1);
    QVERIFY(m_dashboard->ringer()->isRinging());
    click(item(QStringLiteral("declineButton")));
    // Nobody else is there to take it: Switchboard rejects the call.
    QTRY_COMPARE(m_harness->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    QTRY_VERIFY(!item(QStringLiteral("incomingCallBanner")));
    QVERIFY(!m_dashboard->ringer()->isRinging());
    QVERIFY(m_harness->telnyx().requestsTo(QStringLiteral("/actions/answer")).isEmpty());
    QCOMPARE(m_dashboard->activeCall()->state(), ActiveCallController::Idle);
    QCOMPARE(item(QStringLiteral("navHistory"))->property("badge").toInt(), 0);
}

void tst_IncomingCall::callerHangsUpWhileRinging()
{
    const QString id = QStringLiteral("v3:ui-in-gone");
    ring(id);
    QTRY_COMPARE(visibleCards(), 1);
    QVERIFY(m_dashboard->ringer()->isRinging());
    sendWebhook(QStringLiteral("call.hangup"), id,
                {{QStringLiteral("hangup_cause"), QStringLiteral("originator_cancel")},
                 {QStringLiteral("hangup_source"), QStringLiteral("caller")}});
    QTRY_VERIFY(!item(QStringLiteral("incomingCallBanner")));
    QVERIFY(!m_dashboard->ringer()->isRinging());
    QTRY_COMPARE(item(QStringLiteral("navHistory"))->property("badge").toInt(), 1);

    // Opening History: the missed call is there (with Call back), and the badge is cleared.
    m_window->setProperty("page", 1);
    QTRY_COMPARE(item(QStringLiteral("navHistory"))->property("badge").toInt(), 0);
    QTRY_COMPARE(item(QStringLiteral("historyList"))->property("count").toInt(), 1);
    QTRY_VERIFY(item(QStringLiteral("callBackButton")));

    // Call back dials the caller from the Phone page.
    click(item(QStringLiteral("callBackButton")));
    QTRY_COMPARE(m_window->property("page").toInt(), 0);
    QTRY_COMPARE(m_harness->telnyx().requestsTo(QStringLiteral("/calls")).size(), 1);
    QCOMPARE(m_harness->telnyx().requestsTo(QStringLiteral("/calls")).constFirst().body.value("to").toString(),
             QStringLiteral("+18124040851"));
}

void tst_IncomingCall::awayDeskDoesNotRing()
{
    click(item(QStringLiteral("presenceSwitch")));
    QTRY_COMPARE(item(QStringLiteral("presenceLabel"))->property("text").toString(), QStringLiteral("Away"));
    const auto presence = m_harness->get(QStringLiteral("/api/presence"));
    QCOMPARE(presence.status, 200);
    bool away = false;
    for (const QJsonValue &v : presence.json.value(QLatin1String("data")).toArray()) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("admin"))
            away = v.toObject().value(QLatin1String("status")).toString() == QLatin1String("away");
    }
    QVERIFY(away);

    // Nobody available: the call is turned away without ringing here.
    ring(QStringLiteral("v3:ui-in-away"));
    QTRY_COMPARE(m_harness->telnyx().requestsTo(QStringLiteral("/actions/reject")).size(), 1);
    QTest::qWait(200);
    QVERIFY(!item(QStringLiteral("incomingCallBanner")));
    QVERIFY(!m_dashboard->ringer()->isRinging());

    // Back to available with one click.
    click(item(QStringLiteral("presenceSwitch")));
    QTRY_COMPARE(item(QStringLiteral("presenceLabel"))->property("text").toString(), QStringLiteral("Available"));
}

QTEST_MAIN(tst_IncomingCall)
#include "tst_incomingcall.moc"
