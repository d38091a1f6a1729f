// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"
#include "WhisperControl.h"

// Qt
#include <QObject>
#include <QQmlApplicationEngine>
#include <QUrl>
#include <QVariantMap>

// C++
#include <functional>
#include <memory>

class QQuickWindow;

namespace sb {

class ActiveCallController;
class AgentPresence;
class AudioDevices;
class AudioStatus;
class BackendClient;
class CredentialStore;
class IncomingCallsModel;
class LanguageManager;
class Ringer;
class RingNotification;
class UiSettings;

// Registers the Switchboard.Ui QML module (C++ types, QML files) with the QML type system. Called by
// Dashboard; QuickTest mains call it before their engine starts. Safe to call more than once.
void registerUiModule();

// The agent console window and the objects behind it, built the same way for the app and for the UI tests.
// The QML side gets them as the root window's required properties, never from globals:
//   backend (BackendClient), activeCall (ActiveCallController), audioStatus (AudioStatus),
//   audioDevices (AudioDevices), settings (UiSettings), language (LanguageManager), session (Session),
//   incomingCalls (IncomingCallsModel), presence (AgentPresence), dashboard (this: the demo's "A customer calls").
// Behind the window: the Ringer (rings while a call rings for this desk) and the desktop RingNotification.
class Dashboard : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool canSimulateIncomingCall READ canSimulateIncomingCall NOTIFY incomingCallSimulatorChanged)
    Q_PROPERTY(sb::WhisperControl *whisper READ whisper CONSTANT)
public:
    struct Options {
        QUrl backendUrl;        // http://127.0.0.1:8000 or a remote Switchboard
        QString token;          // its API token
        bool remote = false;    // a console for another machine's backend (--connect)
        QVariantMap serverInfo; // for the Settings page, see UiSettings::serverInfo
        QString settingsFile;   // empty = <app-config>/console.conf
        QString language;       // overrides the saved setting when not empty (SWITCHBOARD_LANGUAGE)
        // Embedded: backendUrl/token are the desk's own backend (the admin). Token: --connect URL --token T.
        // SignIn: backendUrl is the server to sign in to (may be empty), token unused; see Session.
        Session::Start start = Session::Start::Embedded;
        CredentialStore *credentials = nullptr; // where a sign-in remembers its token; not owned; may be null
        bool audio = true;                      // false (--no-audio): the ringer never opens a device
        bool notifications = true; // desktop notifications of ringing calls (D-Bus), when the desktop has them
    };

    explicit Dashboard(Options options, QObject *parent = nullptr);
    ~Dashboard() override;

    // Creates the window (not shown yet) and starts talking to the backend. False with *error on failure.
    bool load(QString *error);
    QQuickWindow *window() const;
    QQmlApplicationEngine *engine() { return &m_engine; }

    BackendClient *backend() const { return m_backend; }
    ActiveCallController *activeCall() const { return m_activeCall; }
    AudioStatus *audioStatus() const { return m_audioStatus; }
    WhisperControl *whisper() const { return m_whisper; } // the Supervisor page's push-to-talk, wired by the app
    AudioDevices *audioDevices() const { return m_audioDevices; }
    UiSettings *settings() const { return m_settings; }
    LanguageManager *language() const { return m_language; }
    Session *session() const { return m_session; }
    IncomingCallsModel *incomingCalls() const { return m_incomingCalls; }
    AgentPresence *presence() const { return m_presence; }
    Ringer *ringer() const { return m_ringer; }
    RingNotification *ringNotification() const { return m_ringNotification.get(); }

    // The demo's "A customer calls" button: what places a simulated incoming call (the demo wiring sets it; without
    // one the button is hidden).
    void setIncomingCallSimulator(std::function<void()> simulate);
    bool canSimulateIncomingCall() const { return bool(m_simulateIncomingCall); }
    Q_INVOKABLE void simulateIncomingCall();

    static QUrl mainQml() { return QUrl(QStringLiteral("qrc:/Switchboard/Ui/Main.qml")); }

signals:
    void incomingCallSimulatorChanged();

private:
    Options m_options;
    QQmlApplicationEngine m_engine;
    BackendClient *m_backend = nullptr;
    ActiveCallController *m_activeCall = nullptr;
    AudioStatus *m_audioStatus = nullptr;
    WhisperControl *m_whisper = nullptr;
    AudioDevices *m_audioDevices = nullptr;
    UiSettings *m_settings = nullptr;
    LanguageManager *m_language = nullptr;
    Session *m_session = nullptr;
    IncomingCallsModel *m_incomingCalls = nullptr;
    AgentPresence *m_presence = nullptr;
    Ringer *m_ringer = nullptr;
    std::unique_ptr<RingNotification> m_ringNotification;
    std::function<void()> m_simulateIncomingCall;
};

} // namespace sb
