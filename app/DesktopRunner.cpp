// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "AudioDevices.h"
#include "CallAudioBridge.h"
#include "Dashboard.h"
#include "DemoSession.h"
#include "Runners.h"
#include "SignalWatcher.h"
#include "SwitchboardServer.h"
#include "UiSettings.h"
#include "audio/AudioEngine.h"
#include "desktop/AudioStatusFeed.h"
#include "desktop/TrayIcon.h"
#include "protocol/Paths.h"

// Qt
#include <QApplication>
#include <QQuickStyle>
#include <QQuickWindow>

// C++
#include <cstdio>
#include <memory>

// The desktop app: the embedded backend (unless this console connects to a remote one) and the QML console,
// which reaches the backend only through its HTTP/WebSocket interface, the same way in both cases.
//
// QApplication rather than QGuiApplication: QSystemTrayIcon needs Qt Widgets on Linux.
int runDesktop(int argc, char **argv, const sb::Config &given)
{
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("switchboard"));
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    QApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("switchboard"));
    QApplication::setQuitOnLastWindowClosed(true);
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    // --connect URL --token T (SWITCHBOARD_CONNECT_URL / SWITCHBOARD_CONNECT_TOKEN as a stand-in): a console
    // for another machine's Switchboard; nothing is started locally.
    sb::Config config = given;
    QUrl remoteUrl = config.connectUrl;
    QString remoteToken = config.connectToken;
    if (remoteUrl.isEmpty() && !qEnvironmentVariableIsEmpty("SWITCHBOARD_CONNECT_URL")) {
        remoteUrl = QUrl(qEnvironmentVariable("SWITCHBOARD_CONNECT_URL"));
        remoteToken = qEnvironmentVariable("SWITCHBOARD_CONNECT_TOKEN");
    }

    sb::Dashboard::Options options;
    options.language = qEnvironmentVariable("SWITCHBOARD_LANGUAGE");
    std::unique_ptr<sb::SwitchboardServer> server;
    sb::DemoSession demo;
    // The agent's call audio (speaker, microphone, recording) is local: a remote console only listens.
    std::unique_ptr<sb::AudioEngine> engine;
    std::unique_ptr<sb::CallAudioBridge> bridge;
    if (remoteUrl.isValid() && !remoteUrl.isEmpty()) {
        options.backendUrl = remoteUrl;
        options.token = remoteToken;
        options.remote = true;
        options.serverInfo = {{QStringLiteral("apiToken"), remoteToken}};
        std::fprintf(stderr, "switchboard: console for %s\n", qPrintable(remoteUrl.toString()));
    } else {
        QString error;
        if (config.demo && !demo.prepare(config, &error)) {
            std::fprintf(stderr, "switchboard: the Telnyx simulator did not start: %s\n", qPrintable(error));
            return 1;
        }
        server = std::make_unique<sb::SwitchboardServer>(config);
        if (!server->start(&error)) {
            std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
            return 1;
        }
        if (config.demo)
            demo.attach(*server);
        std::fprintf(stderr, "listening on %s%s\n", qPrintable(server->listenUrl()),
                     config.demo ? " (demo: simulated Telnyx, no real calls)" : "");
        engine = std::make_unique<sb::AudioEngine>(audioOptions(config));
        bridge = std::make_unique<sb::CallAudioBridge>(server->media(), engine.get(), server->calls(), server->store());
        options.backendUrl = QUrl(server->listenUrl());
        options.token = config.apiToken;
        options.serverInfo = {
            {QStringLiteral("apiKey"), sb::UiSettings::mask(config.apiKey)},
            {QStringLiteral("applicationId"), config.applicationId},
            {QStringLiteral("publicKey"), sb::UiSettings::mask(config.publicKey)},
            {QStringLiteral("streamUrl"), server->streamBaseUrl() + sb::paths::kAudioStream},
            {QStringLiteral("listenUrl"), server->listenUrl()},
            {QStringLiteral("configFile"), config.configFile},
            {QStringLiteral("apiToken"), config.apiToken},
        };
    }
    std::fflush(stderr);

    sb::Dashboard dashboard(options);
    QString error;
    if (!dashboard.load(&error)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
        return 1;
    }
    QQuickWindow *window = dashboard.window();
    window->show();
    sb::TrayIcon tray(dashboard.activeCall(), window);
    std::unique_ptr<sb::AudioStatusFeed> audioFeed;
    if (engine) {
        audioFeed = std::make_unique<sb::AudioStatusFeed>(engine.get(), bridge.get(), dashboard.audioStatus());
        // Devices chosen in Settings apply at once, also during a call.
        QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::outputDeviceChosen, engine.get(),
                         &sb::AudioEngine::setOutputDevice);
        QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::inputDeviceChosen, engine.get(),
                         &sb::AudioEngine::setInputDevice);
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "switchboard: signal %d, shutting down\n", signalNumber);
        QCoreApplication::quit();
    });
    return app.exec();
}
