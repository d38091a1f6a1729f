// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"
#include "client/CredentialStore.h"

// Qt
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace sb {

class UiSettings;

// Who this desk is signed in as, on which server, and the sign-in that gets there (CONTRACT §6: GET /api/me names
// the user and role of a token). The console shows the sign-in page while signedIn is false.
//
// How a desk starts (Dashboard::Options::start):
//   Embedded  the desk's own backend: the admin, signed in from the start (its API token);
//   Token     --connect URL --token T: signed in with T, which is used and never stored;
//   SignIn    --connect URL without --token, or --sign-in: a token remembered for the server (the keychain, through
//             CredentialStore) signs in on its own; else the sign-in page asks for the URL and token.
// A successful sign-in from the page stores the token in the CredentialStore under the server URL and remembers the
// URL in console.conf; "Sign out" deletes the stored token. When the store cannot keep the token (no Secret Service)
// the session goes on and `notice` says the token was not remembered. The token is never logged.
class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session is created by the application and handed to the window.")
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY signedInChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY userChanged)
    Q_PROPERTY(QString role READ role NOTIFY userChanged)
    Q_PROPERTY(bool supervisor READ isSupervisor NOTIFY userChanged)
    Q_PROPERTY(bool canSignOut READ canSignOut NOTIFY signedInChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    enum class Start { Embedded, Token, SignIn };
    Q_ENUM(Start)

    // `credentials` may be null (no store: nothing is remembered); `settings` keeps the last server URL.
    Session(BackendClient *backend, CredentialStore *credentials, UiSettings *settings, QObject *parent = nullptr);

    // Begins as `start` says, on the backend's endpoint (Embedded, Token) or `serverUrl` (SignIn; empty: the URL
    // remembered in console.conf).
    void begin(Start start, const QUrl &serverUrl = {});

    bool isSignedIn() const { return m_signedIn; }
    QString userName() const { return m_userName; }
    QString role() const { return m_role; }
    bool isSupervisor() const;
    bool canSignOut() const { return m_signedIn && m_start == Start::SignIn; }
    QString serverUrl() const { return m_serverUrl; }
    bool isBusy() const { return m_busy; }
    QString error() const { return m_error; }
    QString notice() const { return m_notice; }

    // Checks the token with GET /api/me on that server; on success the console opens and the token is stored.
    Q_INVOKABLE void signIn(const QString &serverUrl, const QString &token);
    // Forgets the stored token and returns to the sign-in page.
    Q_INVOKABLE void signOut();

signals:
    void signedInChanged();
    void userChanged();
    void serverUrlChanged();
    void busyChanged();
    void errorChanged();
    void noticeChanged();

private:
    enum class Remember { Yes, No };
    void check(const QUrl &url, const QString &token, Remember remember);
    void accept(const QUrl &url, const QString &token, const QJsonObject &me, Remember remember);
    void refuse(const ApiReply &reply);
    void readUser(const QJsonObject &me);
    void setBusy(bool busy);
    void setError(const QString &error);
    void setNotice(const QString &notice);
    void setServerUrl(const QString &url);

    BackendClient *m_backend;
    CredentialStore *m_credentials;
    UiSettings *m_settings;
    RestClient m_probe; // asks /api/me before the backend client is pointed at a server
    Start m_start = Start::Embedded;
    bool m_signedIn = false;
    bool m_busy = false;
    quint64 m_attempt = 0; // answers to an older attempt are ignored
    QString m_userName;
    QString m_role;
    QString m_serverUrl;
    QString m_error;
    QString m_notice;
};

} // namespace sb
