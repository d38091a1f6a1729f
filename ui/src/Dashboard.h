// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QQmlApplicationEngine>
#include <QUrl>
#include <QVariantMap>

// C++
#include <memory>

class QQuickWindow;

namespace sb {

class ActiveCallController;
class AudioDevices;
class AudioStatus;
class BackendClient;
class LanguageManager;
class UiSettings;

// Registers the Switchboard.Ui QML module (C++ types, QML files) with the QML type system. Called by
// Dashboard; QuickTest mains call it before their engine starts. Safe to call more than once.
void registerUiModule();

// The agent console window and the objects behind it, built the same way for the app and for the UI tests.
// The QML side gets them as the root window's required properties, never from globals:
//   backend (BackendClient), activeCall (ActiveCallController), audioStatus (AudioStatus),
//   audioDevices (AudioDevices), settings (UiSettings), language (LanguageManager).
class Dashboard : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl backendUrl;        // http://127.0.0.1:8000 or a remote Switchboard
        QString token;          // its API token
        bool remote = false;    // a console for another machine's backend (--connect)
        QVariantMap serverInfo; // for the Settings page, see UiSettings::serverInfo
        QString settingsFile;   // empty = <app-config>/console.conf
        QString language;       // overrides the saved setting when not empty (SWITCHBOARD_LANGUAGE)
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
    AudioDevices *audioDevices() const { return m_audioDevices; }
    UiSettings *settings() const { return m_settings; }
    LanguageManager *language() const { return m_language; }

    static QUrl mainQml() { return QUrl(QStringLiteral("qrc:/Switchboard/Ui/Main.qml")); }

private:
    Options m_options;
    QQmlApplicationEngine m_engine;
    BackendClient *m_backend = nullptr;
    ActiveCallController *m_activeCall = nullptr;
    AudioStatus *m_audioStatus = nullptr;
    AudioDevices *m_audioDevices = nullptr;
    UiSettings *m_settings = nullptr;
    LanguageManager *m_language = nullptr;
};

} // namespace sb
