// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "AudioDevices.h"
#include "CallAudioBridge.h"
#include "Dashboard.h"
#include "LocalBackend.h"
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

namespace {

// --connect URL --token T: the console for another machine's Switchboard; nothing runs locally.
sb::Dashboard::Options remoteConsole(const sb::Config &config)
{
    sb::Dashboard::Options options;
    options.backendUrl = config.connectUrl;
    options.token = config.connectToken;
    options.remote = true;
    options.serverInfo = {{QStringLiteral("apiToken"), config.connectToken}};
    std::fprintf(stderr, "switchboard: console for %s\n", qPrintable(config.connectUrl.toString()));
    return options;
}

// The console for the backend this desk runs; the Settings page shows its configuration (secrets masked).
sb::Dashboard::Options localConsole(const sb::LocalBackend &backend)
{
    const sb::Config &config = backend.config();
    const sb::SwitchboardServer &server = *backend.server();
    sb::Dashboard::Options options;
    options.backendUrl = QUrl(server.listenUrl());
    options.token = config.apiToken;
    options.serverInfo = {
        {QStringLiteral("apiKey"), sb::UiSettings::mask(config.apiKey)},
        {QStringLiteral("applicationId"), config.applicationId},
        {QStringLiteral("publicKey"), sb::UiSettings::mask(config.publicKey)},
        {QStringLiteral("streamUrl"), server.streamBaseUrl() + sb::paths::kAudioStream},
        {QStringLiteral("listenUrl"), server.listenUrl()},
        {QStringLiteral("configFile"), config.configFile},
        {QStringLiteral("apiToken"), config.apiToken},
    };
    return options;
}

} // namespace

// The desktop app: the embedded backend (unless this console connects to a remote one) and the QML console,
// which reaches the backend only through its HTTP/WebSocket interface, the same way in both cases.
//
// QApplication rather than QGuiApplication: QSystemTrayIcon needs Qt Widgets on Linux.
int runDesktop(int argc, char **argv, const sb::Config &config)
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

    // The agent's call audio (speaker, microphone, recording) is local: a remote console only listens.
    std::unique_ptr<sb::LocalBackend> backend;
    sb::Dashboard::Options options;
    if (!config.connectUrl.isEmpty()) {
        options = remoteConsole(config);
    } else {
        backend = std::make_unique<sb::LocalBackend>(config);
        QString error;
        if (!backend->start(&error)) {
            std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
            return kExitFailure;
        }
        options = localConsole(*backend);
    }
    options.language = config.language;
    std::fflush(stderr);

    sb::Dashboard dashboard(options);
    QString error;
    if (!dashboard.load(&error)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
        return kExitFailure;
    }
    QQuickWindow *window = dashboard.window();
    window->show();
    sb::TrayIcon tray(dashboard.activeCall(), window);
    std::unique_ptr<sb::AudioStatusFeed> audioFeed;
    if (backend) {
        sb::AudioEngine *engine = backend->engine();
        audioFeed = std::make_unique<sb::AudioStatusFeed>(engine, backend->bridge(), dashboard.audioStatus());
        // Devices chosen in Settings apply at once, also during a call.
        QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::outputDeviceChosen, engine,
                         &sb::AudioEngine::setOutputDevice);
        QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::inputDeviceChosen, engine,
                         &sb::AudioEngine::setInputDevice);
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "switchboard: signal %d, shutting down\n", signalNumber);
        QCoreApplication::quit();
    });
    return app.exec();
}
