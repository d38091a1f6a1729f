// SPDX-License-Identifier: MIT
#include "Dashboard.h"
#include "ServerHarness.h"
#include "Session.h"
#include "UiSettings.h"
#include "WhisperControl.h"
#include "client/BackendClient.h"
#include "client/MemoryCredentialStore.h"
#include "users/UserStore.h"

#include <QFile>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;
using sb::test::ServerHarness;

// The desk as a team member, offscreen, against a real server: the sign-in page (refused and accepted tokens, what is
// stored where), sign out, a remembered token, a --token that is never stored, and the pages each role sees.
class tst_SignIn : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void wrongTokenShowsErrorAndStoresNothing();
    void unreachableServerSaysSo();
    void signInStoresTokenAndSignOutForgetsIt();
    void rememberedTokenSignsInAlone();
    void commandLineTokenIsNotStored();
    void pagesByRole_data();
    void pagesByRole();

private:
    std::unique_ptr<Dashboard> open(Session::Start start, const QString &token = {});
    QString addUser(const QString &name, const QString &role);
    static void typeAndSubmit(QQuickWindow *window, const QString &url, const QString &token);
    static QQuickItem *item(QQuickWindow *window, const char *name);
    static QQuickItem *visualChild(QQuickItem *root, const QString &name);
    QString serverUrl() const;

    std::unique_ptr<ServerHarness> m_harness;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemoryCredentialStore> m_store;
};

void tst_SignIn::init()
{
    m_harness = std::make_unique<ServerHarness>();
    QVERIFY(m_harness->start());
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<MemoryCredentialStore>();
}

void tst_SignIn::cleanup()
{
    m_harness.reset();
    m_dir.reset();
    m_store.reset();
}

QString tst_SignIn::serverUrl() const
{
    return m_harness->url(QString()).toString(QUrl::StripTrailingSlash);
}

std::unique_ptr<Dashboard> tst_SignIn::open(Session::Start start, const QString &token)
{
    Dashboard::Options options;
    options.start = start;
    options.remote = true;
    options.backendUrl = start == Session::Start::SignIn ? QUrl() : m_harness->url(QString());
    options.token = token;
    options.credentials = m_store.get();
    options.settingsFile = m_dir->filePath(QStringLiteral("console.conf"));
    options.language = QStringLiteral("en");
    auto dashboard = std::make_unique<Dashboard>(options);
    QString error;
    if (!dashboard->load(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    dashboard->window()->show();
    if (!QTest::qWaitForWindowExposed(dashboard->window()))
        return nullptr;
    return dashboard;
}

// A user made as an administrator makes one: POST /api/users with the admin token (CONTRACT §6).
QString tst_SignIn::addUser(const QString &name, const QString &role)
{
    const auto reply = m_harness->postJson(QStringLiteral("/api/users"),
                                           {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}});
    if (reply.status != 201)
        return {};
    return reply.json.value(QLatin1String("data")).toObject().value(QLatin1String("token")).toString();
}

QQuickItem *tst_SignIn::item(QQuickWindow *window, const char *name)
{
    return window->findChild<QQuickItem *>(QLatin1String(name));
}

// A view's delegates are visual children only (no QObject parent to find them by).
QQuickItem *tst_SignIn::visualChild(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name)
        return root;
    const auto children = root->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = visualChild(child, name))
            return found;
    }
    return nullptr;
}

// The keyboard path: the address, Enter to the token, the token, Enter.
void tst_SignIn::typeAndSubmit(QQuickWindow *window, const QString &url, const QString &token)
{
    QQuickItem *urlField = item(window, "serverUrlField");
    QQuickItem *tokenField = item(window, "tokenField");
    QVERIFY(urlField && tokenField);
    urlField->setProperty("text", url);
    urlField->forceActiveFocus();
    QTRY_VERIFY(urlField->hasActiveFocus());
    QTest::keyClick(window, Qt::Key_Return);
    QTRY_VERIFY(tokenField->hasActiveFocus());
    tokenField->setProperty("text", QString());
    for (const QChar c : token)
        QTest::keyClick(window, c.toLatin1());
    QCOMPARE(tokenField->property("text").toString(), token);
    QTest::keyClick(window, Qt::Key_Return);
}

void tst_SignIn::wrongTokenShowsErrorAndStoresNothing()
{
    const auto dashboard = open(Session::Start::SignIn);
    QVERIFY(dashboard);
    QQuickWindow *window = dashboard->window();
    QVERIFY(item(window, "signInButton"));
    QVERIFY(!item(window, "navAgent")); // no console before a sign-in

    typeAndSubmit(window, serverUrl(), QStringLiteral("not-a-token-0123456789"));
    QTRY_VERIFY(!dashboard->session()->isBusy() && !dashboard->session()->error().isEmpty());
    QTRY_VERIFY(item(window, "signInError")->isVisible());
    QVERIFY2(item(window, "signInError")->property("text").toString().contains(QLatin1String("refused this token")),
             qPrintable(item(window, "signInError")->property("text").toString()));
    QVERIFY(!dashboard->session()->isSignedIn());
    QVERIFY(!item(window, "navAgent"));
    QCOMPARE(m_store->size(), 0);
    QVERIFY(!dashboard->backend()->isStarted());
}

void tst_SignIn::unreachableServerSaysSo()
{
    const auto dashboard = open(Session::Start::SignIn);
    QVERIFY(dashboard);
    const QString url = serverUrl();
    m_harness->stop();
    typeAndSubmit(dashboard->window(), url, QStringLiteral("any-token-0123456789"));
    QTRY_VERIFY(!dashboard->session()->error().isEmpty());
    QVERIFY2(dashboard->session()->error().contains(QLatin1String("could not be reached")),
             qPrintable(dashboard->session()->error()));
    QCOMPARE(m_store->size(), 0);
}

void tst_SignIn::signInStoresTokenAndSignOutForgetsIt()
{
    const QString token = addUser(QStringLiteral("alice"), QStringLiteral("agent"));
    QVERIFY(!token.isEmpty());
    const auto dashboard = open(Session::Start::SignIn);
    QVERIFY(dashboard);
    QQuickWindow *window = dashboard->window();

    typeAndSubmit(window, serverUrl(), token);
    QTRY_VERIFY(item(window, "navAgent"));
    QTRY_COMPARE(item(window, "userLabel")->property("text").toString(), QStringLiteral("alice · agent"));
    QTRY_VERIFY(dashboard->backend()->eventsConnected());
    QTRY_COMPARE(m_store->token(serverUrl()), token);
    QCOMPARE(m_store->size(), 1);
    QVERIFY(!item(window, "signInButton"));

    // The URL is remembered in console.conf; the token is in no file.
    QCOMPARE(dashboard->settings()->serverUrl(), serverUrl());
    const auto written = [&dashboard] {
        QFile conf(dashboard->settings()->fileName());
        return conf.open(QIODevice::ReadOnly) ? conf.readAll() : QByteArray();
    };
    QTRY_VERIFY(written().contains(serverUrl().toUtf8())); // QSettings writes from the event loop
    QVERIFY(!written().contains(token.toUtf8()));

    // Settings -> Sign out.
    window->setProperty("page", 4);
    QQuickItem *signOut = item(window, "signOutButton");
    QVERIFY(signOut);
    QTRY_VERIFY(signOut->isVisible());
    QVERIFY(QMetaObject::invokeMethod(signOut, "clicked"));
    QTRY_VERIFY(item(window, "signInButton"));
    QVERIFY(!dashboard->session()->isSignedIn());
    QTRY_COMPARE(m_store->size(), 0);
    QTRY_VERIFY(!item(window, "navAgent")); // the console is deleted later
    QCOMPARE(item(window, "serverUrlField")->property("text").toString(), serverUrl());
    QTRY_VERIFY(!dashboard->backend()->eventsConnected());
}

void tst_SignIn::rememberedTokenSignsInAlone()
{
    const QString token = addUser(QStringLiteral("sue"), QStringLiteral("supervisor"));
    QVERIFY(!token.isEmpty());
    {
        const auto first = open(Session::Start::SignIn);
        QVERIFY(first);
        first->session()->signIn(serverUrl(), token);
        QTRY_VERIFY(first->session()->isSignedIn());
        QTRY_COMPARE(m_store->size(), 1);
    }
    // The next start: the URL from console.conf, the token from the store, no form to fill.
    const auto second = open(Session::Start::SignIn);
    QVERIFY(second);
    QTRY_VERIFY(second->session()->isSignedIn());
    QTRY_COMPARE(item(second->window(), "userLabel")->property("text").toString(), QStringLiteral("sue · supervisor"));
}

void tst_SignIn::commandLineTokenIsNotStored()
{
    const QString token = addUser(QStringLiteral("bob"), QStringLiteral("agent"));
    QVERIFY(!token.isEmpty());
    const auto dashboard = open(Session::Start::Token, token);
    QVERIFY(dashboard);
    QTRY_VERIFY(dashboard->session()->isSignedIn());
    QTRY_COMPARE(item(dashboard->window(), "userLabel")->property("text").toString(), QStringLiteral("bob · agent"));
    QCOMPARE(m_store->size(), 0);
    QVERIFY(dashboard->settings()->serverUrl().isEmpty());
    QVERIFY(!dashboard->session()->canSignOut());
}

void tst_SignIn::pagesByRole_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("supervisorPage");
    QTest::newRow("agent") << QStringLiteral("agent") << false;
    QTest::newRow("supervisor") << QStringLiteral("supervisor") << true;
    QTest::newRow("admin") << QStringLiteral("admin") << true;
}

void tst_SignIn::pagesByRole()
{
    QFETCH(QString, role);
    QFETCH(bool, supervisorPage);
    const QString token = addUser(QStringLiteral("user-") + role, role);
    QVERIFY(!token.isEmpty());
    const auto dashboard = open(Session::Start::SignIn);
    QVERIFY(dashboard);
    QQuickWindow *window = dashboard->window();
    dashboard->session()->signIn(serverUrl(), token);
    QTRY_VERIFY(item(window, "navAgent"));
    QTRY_COMPARE(dashboard->session()->role(), role);

    // Everyone: Phone, History, Live events, Settings.
    for (const char *name : {"navAgent", "navHistory", "navEvents", "navSettings"})
        QVERIFY2(item(window, name) && item(window, name)->isVisible(), name);
    QVERIFY(item(window, "agentPage") && item(window, "historyPage") && item(window, "eventsPage"));
    QCOMPARE(item(window, "navSupervisor")->isVisible(), supervisorPage);
    QCOMPARE(item(window, "supervisorPage") != nullptr, supervisorPage);
    // Settings: the server's own API token (and its Regenerate) is not a signed-in desk's to see, whatever the role.
    QVERIFY(QMetaObject::invokeMethod(item(window, "navSettings"), "clicked"));
    QTRY_VERIFY(item(window, "languageBox") && item(window, "languageBox")->isVisible());
    QVERIFY(item(window, "apiTokenSection"));
    QVERIFY(!item(window, "apiTokenSection")->isVisible());
    QVERIFY(QMetaObject::invokeMethod(item(window, "navAgent"), "clicked"));
    QTRY_COMPARE(window->property("page").toInt(), 0);
    // Ctrl+4 opens it only for those who may see it.
    QTest::keyClick(window, Qt::Key_4, Qt::ControlModifier);
    QTRY_COMPARE(window->property("page").toInt(), supervisorPage ? 3 : 0);
    if (!supervisorPage)
        return;
    // Another agent's live call, shown with its agent; "End" hangs it up through Telnyx.
    const QString id = m_harness->dial(QStringLiteral("+15551234567"), QStringLiteral("agent-7"));
    QVERIFY(!id.isEmpty());
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QCOMPARE(
        m_harness
            ->sendWebhook(ServerHarness::envelope(QStringLiteral("sv-1"), QStringLiteral("call.initiated"), id, at))
            .status,
        200);
    QTRY_VERIFY(item(window, "liveCallList"));
    QTRY_COMPARE(item(window, "liveCallList")->property("count").toInt(), 1);
    // "Hold to whisper": only where the application wired a microphone to the page's control (the app does; here
    // the test stands in for it), for a call with an agent. Press asks to start, release to stop.
    QQuickItem *whisperButton = nullptr;
    QTRY_VERIFY((whisperButton = visualChild(item(window, "liveCallList"), QStringLiteral("whisperButton"))) !=
                nullptr);
    QVERIFY(!whisperButton->isVisible());
    WhisperControl *whisper = dashboard->whisper();
    QSignalSpy startAsked(whisper, &WhisperControl::startRequested);
    QSignalSpy stopAsked(whisper, &WhisperControl::stopRequested);
    whisper->setAvailable(true);
    QTRY_VERIFY(whisperButton->isVisible());
    QCOMPARE(whisperButton->property("text").toString(), QStringLiteral("Hold to whisper"));
    QVERIFY(QMetaObject::invokeMethod(whisperButton, "pressed"));
    QCOMPARE(startAsked.count(), 1);
    QCOMPARE(startAsked.at(0).at(0).toString(), id);
    whisper->setState(id, true, QString());
    QTRY_COMPARE(whisperButton->property("text").toString(), QStringLiteral("Whispering…"));
    QVERIFY(QMetaObject::invokeMethod(whisperButton, "released"));
    QCOMPARE(stopAsked.count(), 1);
    whisper->setState(QString(), false, QStringLiteral("The whisper ended: call ended"));
    QTRY_COMPARE(whisperButton->property("text").toString(), QStringLiteral("Hold to whisper"));
    QTRY_VERIFY(item(window, "whisperProblem") && item(window, "whisperProblem")->isVisible());

    QQuickItem *end = nullptr;
    QTRY_VERIFY((end = visualChild(item(window, "liveCallList"), QStringLiteral("endCallButton"))) != nullptr);
    QVERIFY(QMetaObject::invokeMethod(end, "clicked"));
    QTRY_VERIFY(!m_harness->telnyx().requestsTo(QStringLiteral("/actions/hangup")).isEmpty());
}

QTEST_MAIN(tst_SignIn)
#include "tst_signin.moc"
