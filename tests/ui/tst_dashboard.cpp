// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "Dashboard.h"
#include "LanguageManager.h"
#include "ServerHarness.h"
#include "UiSettings.h"
#include "client/BackendClient.h"

#include <QElapsedTimer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

// The whole console window, offscreen, against a real backend: type a number, press Enter, let a signed
// call.answered webhook arrive, and check what the window shows. Screenshots go to the build folder.
class tst_Dashboard : public QObject {
    Q_OBJECT
private slots:
    void dialConnectAndHangUp();

private:
    static QString save(QQuickWindow *window, const QString &name);
    static int distinctColours(const QImage &image);
};

QString tst_Dashboard::save(QQuickWindow *window, const QString &name)
{
    const QImage image = window->grabWindow();
    const QString path = QStringLiteral(SCREENSHOT_DIR "/") + name;
    if (!image.save(path))
        return {};
    // Not blank: a rendered dashboard has text, panels and status colours.
    if (distinctColours(image) < 50)
        return {};
    return path;
}

int tst_Dashboard::distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

void tst_Dashboard::dialConnectAndHangUp()
{
    ServerHarness harness;
    QVERIFY(harness.start());
    QTemporaryDir dir;
    const QString settingsFile = dir.filePath(QStringLiteral("console.conf"));
    {
        UiSettings preset(settingsFile);
        preset.setNumbers({QStringLiteral("+15557654321")});
        preset.setAgentId(QStringLiteral("agent-7"));
    }

    Dashboard::Options options;
    options.backendUrl = harness.url(QString());
    options.token = harness.token();
    options.settingsFile = settingsFile;
    options.language = QStringLiteral("en");
    options.serverInfo = {{QStringLiteral("apiKey"), UiSettings::mask(QStringLiteral("KEY_test_secret"))},
                          {QStringLiteral("applicationId"), QStringLiteral("app-123")},
                          {QStringLiteral("apiToken"), harness.token()}};
    Dashboard dashboard(options);
    QString error;
    QVERIFY2(dashboard.load(&error), qPrintable(error));
    QQuickWindow *window = dashboard.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(dashboard.backend()->eventsConnected());

    auto *numberField = window->findChild<QQuickItem *>(QStringLiteral("numberField"));
    auto *pill = window->findChild<QQuickItem *>(QStringLiteral("callStatePill"));
    QVERIFY(numberField && pill);
    QTRY_VERIFY(numberField->hasActiveFocus());
    QCOMPARE(pill->property("text").toString(), QStringLiteral("Ready"));

    // The keyboard path an agent uses: type, Enter.
    for (const char c : QByteArrayLiteral("+15551234567"))
        QTest::keyClick(window, c);
    QTest::keyClick(window, Qt::Key_Return);
    QTRY_COMPARE(dashboard.activeCall()->state(), ActiveCallController::Calling);
    const QString id = harness.telnyx().lastCallControlId();
    QCOMPARE(harness.telnyx().requestsTo(QStringLiteral("/calls")).constLast().body.value("to").toString(),
             QStringLiteral("+15551234567"));

    QElapsedTimer sinceAnswer;
    sinceAnswer.start();
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QCOMPARE(harness.sendWebhook(ServerHarness::envelope("ui-1", "call.initiated", id, at)).status, 200);
    QCOMPARE(harness.sendWebhook(ServerHarness::envelope("ui-2", "call.answered", id, at)).status, 200);
    QTRY_COMPARE(pill->property("text").toString(), QStringLiteral("Connected"));
    // The timer runs from the answer: it leaves 0:00 and never shows more than has passed since (on a loaded
    // machine the poll can miss 0:01 itself, so no exact value is asked for).
    auto *callTimer = window->findChild<QQuickItem *>(QStringLiteral("callTimer"));
    QVERIFY(callTimer);
    QTRY_VERIFY(!callTimer->property("text").toString().isEmpty() &&
                callTimer->property("text").toString() != QStringLiteral("0:00"));
    const QStringList shown = callTimer->property("text").toString().split(QLatin1Char(':'));
    QCOMPARE(shown.size(), 2);
    const qint64 shownSeconds = shown.at(0).toLongLong() * 60 + shown.at(1).toLongLong();
    QVERIFY2(shownSeconds >= 1 && shownSeconds <= sinceAnswer.elapsed() / 1000 + 1,
             qPrintable(callTimer->property("text").toString()));
    // Mute from the keyboard.
    QTest::keyClick(window, Qt::Key_M, Qt::ControlModifier);
    QTRY_VERIFY(dashboard.activeCall()->isMuted());

    const QString connected = save(window, QStringLiteral("dashboard-connected.png"));
    QVERIFY2(!connected.isEmpty(), "the connected dashboard screenshot is blank or was not saved");
    qInfo("screenshot: %s", qPrintable(connected));

    // The same window in German, switched live.
    dashboard.language()->setLanguage(QStringLiteral("de"));
    QTRY_COMPARE(pill->property("text").toString(), QStringLiteral("Verbunden"));
    QVERIFY(!save(window, QStringLiteral("dashboard-connected-de.png")).isEmpty());
    dashboard.language()->setLanguage(QStringLiteral("en"));

    // The other pages.
    window->setProperty("page", 1);
    QTRY_COMPARE(window->findChild<QQuickItem *>(QStringLiteral("historyList"))->property("count").toInt(), 1);
    QVERIFY(!save(window, QStringLiteral("dashboard-history.png")).isEmpty());
    window->setProperty("page", 2);
    QTRY_VERIFY(window->findChild<QQuickItem *>(QStringLiteral("eventList"))->property("count").toInt() >= 3);
    QVERIFY(!save(window, QStringLiteral("dashboard-events.png")).isEmpty());
    window->setProperty("page", 3);
    QTRY_COMPARE(window->findChild<QQuickItem *>(QStringLiteral("liveCallList"))->property("count").toInt(), 1);
    QVERIFY(!save(window, QStringLiteral("dashboard-supervisor.png")).isEmpty());
    window->setProperty("page", 4);
    // The desk runs its server: its admin token is shown, with Regenerate.
    auto *tokenSection = window->findChild<QQuickItem *>(QStringLiteral("apiTokenSection"));
    QVERIFY(tokenSection);
    QTRY_VERIFY(tokenSection->isVisible());
    QVERIFY(window->findChild<QQuickItem *>(QStringLiteral("regenerateTokenButton"))->isEnabled());
    QVERIFY(!save(window, QStringLiteral("dashboard-settings.png")).isEmpty());
    window->setProperty("page", 0);

    // Esc hangs up; the webhook brings the cause in words.
    QTest::keyClick(window, Qt::Key_Escape);
    QTRY_VERIFY(!harness.telnyx().requestsTo(QStringLiteral("/actions/hangup")).isEmpty());
    QCOMPARE(harness
                 .sendWebhook(ServerHarness::envelope(
                     "ui-3", "call.hangup", id, at, {{"hangup_cause", "normal_clearing"}, {"hangup_source", "caller"}}))
                 .status,
             200);
    QTRY_COMPARE(pill->property("text").toString(), QStringLiteral("Ended"));
    QCOMPARE(window->findChild<QQuickItem *>(QStringLiteral("endReason"))->property("text").toString(),
             QStringLiteral("You hung up."));
    QVERIFY(!save(window, QStringLiteral("dashboard-ended.png")).isEmpty());
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
