// SPDX-License-Identifier: MIT
#include "IncomingCallsModel.h"
#include "RingNotification.h"
#include "ServerHarness.h"
#include "client/BackendClient.h"

// Qt
#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace sb;
using sb::test::ServerHarness;

namespace {

// A tiny org.freedesktop.Notifications server: it keeps what it was asked and can press a notification's button.
class FakeNotifications : public QObject {
    Q_OBJECT
public:
    struct Shown {
        QString summary, body;
        QStringList actions;
        QVariantMap hints;
        int timeout = -1;
    };
    QList<Shown> shown;
    QList<uint> closedIds;
};

class NotificationsAdaptor : public QDBusAbstractAdaptor {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    explicit NotificationsAdaptor(FakeNotifications *server)
        : QDBusAbstractAdaptor(server)
        , m_server(server)
    {
    }

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(appName);
        Q_UNUSED(replacesId);
        Q_UNUSED(icon);
        m_server->shown.append({summary, body, actions, hints, timeout});
        return uint(m_server->shown.size()) + 6; // 7 for the first
    }
    void CloseNotification(uint id) { m_server->closedIds.append(id); }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body")}; }

signals:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);

private:
    FakeNotifications *m_server;
};

} // namespace

// The desktop notification of a ringing call: quietly nothing without a notification service, and with one (a private
// dbus-daemon and the fake server above) Notify with Answer and Decline, the Answer button answering the call on a
// real server, and CloseNotification once it stops ringing.
class tst_RingNotification : public QObject {
    Q_OBJECT
private slots:
    void cleanupTestCase();
    void noServiceDoesNothing();
    void notifyAnswerAndClose();

private:
    QProcess m_daemon;
};

void tst_RingNotification::cleanupTestCase()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        m_daemon.waitForFinished(3000);
    }
}

void tst_RingNotification::noServiceDoesNothing()
{
    IncomingCallsModel model;
    model.setUserName(QStringLiteral("admin"));
    RingNotification none(&model, QStringLiteral("unix:path=/nonexistent/switchboard-test-bus"));
    QVERIFY(!none.isAvailable());
    model.applyEvent(QStringLiteral("call.offered"), {{QStringLiteral("call_control_id"), QStringLiteral("v3:a")},
                                                      {QStringLiteral("from"), QStringLiteral("+18124040851")}});
    QCOMPARE(model.ringingForMe(), 1);
    QTest::qWait(100);
    QCOMPARE(none.notificationId(), 0u);
    model.applyEvent(QStringLiteral("call.offer_ended"), {{QStringLiteral("call_control_id"), QStringLiteral("v3:a")}});
    QCOMPARE(none.notificationId(), 0u);
}

void tst_RingNotification::notifyAnswerAndClose()
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed");
    m_daemon.start(daemon,
                   {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    QVERIFY(m_daemon.waitForStarted());
    QTRY_VERIFY(m_daemon.canReadLine());
    const QString address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    QVERIFY2(!address.isEmpty(), "dbus-daemon printed no address");

    FakeNotifications server;
    new NotificationsAdaptor(&server);
    QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("fake-notifications"));
    QVERIFY(bus.isConnected());
    QVERIFY(
        bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &server, QDBusConnection::ExportAdaptors));
    QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.Notifications")));

    ServerHarness h;
    QVERIFY(h.start());
    BackendClient backend;
    backend.setEndpoint(h.url(QString()), h.token());
    backend.start();
    QTRY_VERIFY(backend.eventsConnected());
    IncomingCallsModel model;
    model.setBackend(&backend);
    model.setUserName(QStringLiteral("admin"));
    {
        RingNotification notification(&model, address);
        QVERIFY(notification.isAvailable());

        const QString id = QStringLiteral("v3:notify-1");
        QCOMPARE(h.sendWebhook(ServerHarness::envelope(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                       QStringLiteral("call.initiated"), id,
                                                       QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                                       {{QStringLiteral("direction"), QStringLiteral("incoming")},
                                                        {QStringLiteral("from"), QStringLiteral("+18124040851")},
                                                        {QStringLiteral("to"), QStringLiteral("+13057864498")},
                                                        {QStringLiteral("caller_id_name"), QStringLiteral("Pat Doe")}}))
                     .status,
                 200);
        QTRY_COMPARE(server.shown.size(), 1);
        QTRY_COMPARE(notification.notificationId(), 7u);
        QCOMPARE(notification.callControlId(), id);
        const FakeNotifications::Shown &shown = server.shown.constFirst();
        QCOMPARE(shown.summary, QStringLiteral("Incoming call"));
        QVERIFY2(shown.body.contains(QStringLiteral("+18124040851")) && shown.body.contains(QStringLiteral("Pat Doe")),
                 qPrintable(shown.body));
        QCOMPARE(shown.actions, (QStringList{QStringLiteral("answer"), QStringLiteral("Answer"),
                                             QStringLiteral("decline"), QStringLiteral("Decline")}));
        QCOMPARE(shown.hints.value(QStringLiteral("urgency")).toInt(), 2);
        QCOMPARE(shown.timeout, 0);

        // The agent presses Answer in the notification: the call is answered on the server, the ringing stops and the
        // notification is closed.
        auto *adaptor = server.findChild<NotificationsAdaptor *>();
        QVERIFY(adaptor);
        emit adaptor->ActionInvoked(7, QStringLiteral("answer"));
        QTRY_COMPARE(h.telnyx().requestsTo(QStringLiteral("/actions/answer")).size(), 1);
        QTRY_COMPARE(model.ringingForMe(), 0);
        QTRY_COMPARE(server.closedIds, QList<uint>{7u});
        QCOMPARE(notification.notificationId(), 0u);
        // A button of some other notification is none of ours.
        emit adaptor->ActionInvoked(99, QStringLiteral("decline"));
        QTest::qWait(100);
        QVERIFY(h.telnyx().requestsTo(QStringLiteral("/actions/reject")).isEmpty());
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
}

QTEST_MAIN(tst_RingNotification)
#include "tst_ringnotification.moc"
