// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"
#include "AudioDevices.h"
#include "CallAudioBridge.h"
#include "Dashboard.h"
#include "DemoSession.h"
#include "LocalBackend.h"
#include "RemoteCallAudio.h"
#include "Runners.h"
#include "SignalWatcher.h"
#include "SwitchboardServer.h"
#include "UiSettings.h"
#include "WhisperControl.h"
#include "WhisperTalk.h"
#include "audio/AudioEngine.h"
#include "desktop/AudioStatusFeed.h"
#include "desktop/KeychainCredentialStore.h"
#include "desktop/TrayIcon.h"
#include "protocol/Paths.h"
#include "simulator/TelnyxSimulator.h"

// Qt
#include <QApplication>
#include <QQuickStyle>
#include <QQuickWindow>

// C++
#include <cstdio>
#include <memory>

namespace {

// --connect URL --token T: the console for another machine's Switchboard; nothing runs locally. Without --token
// (or with --sign-in), the sign-in page asks for the server and token, or a token kept in the keychain signs in.
sb::Dashboard::Options remoteConsole(const sb::Config &config)
{
    sb::Dashboard::Options options;
    options.backendUrl = config.connectUrl;
    options.token = config.connectToken;
    options.remote = true;
    options.start = config.connectToken.isEmpty() ? sb::Session::Start::SignIn : sb::Session::Start::Token;
    if (!config.connectToken.isEmpty())
        options.serverInfo = {{QStringLiteral("apiToken"), config.connectToken}};
    if (!config.connectUrl.isEmpty())
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

// --connect: the desk's call audio over the network (RemoteCallAudio, CONTRACT §7), on an engine set up as the local
// desk's (same options, same Settings devices). It follows the desk's own current call from Calling on, so that its
// sockets are open before the stream starts, until the call ends or fails.
struct RemoteDeskAudio {
    std::unique_ptr<sb::AudioEngine> engine;
    std::unique_ptr<sb::RemoteCallAudio> audio;
    std::unique_ptr<sb::AudioStatusFeed> feed;
};

std::unique_ptr<RemoteDeskAudio> remoteDeskAudio(const sb::Config &config, sb::Dashboard &dashboard)
{
    auto desk = std::make_unique<RemoteDeskAudio>();
    desk->engine = std::make_unique<sb::AudioEngine>(sb::audioOptions(config));
    sb::AudioEngine *engine = desk->engine.get();
    desk->audio = std::make_unique<sb::RemoteCallAudio>(dashboard.backend(), engine);
    desk->feed = std::make_unique<sb::AudioStatusFeed>(engine, desk->audio.get(), dashboard.audioStatus());
    QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::outputDeviceChosen, engine,
                     &sb::AudioEngine::setOutputDevice);
    QObject::connect(dashboard.audioDevices(), &sb::AudioDevices::inputDeviceChosen, engine,
                     &sb::AudioEngine::setInputDevice);
    sb::ActiveCallController *call = dashboard.activeCall();
    sb::RemoteCallAudio *audio = desk->audio.get();
    const auto followCall = [call, audio] {
        const bool live =
            call->state() >= sb::ActiveCallController::Calling && call->state() <= sb::ActiveCallController::Connected;
        if (live && !call->callControlId().isEmpty())
            audio->follow(call->callControlId());
        else
            audio->leave();
    };
    QObject::connect(call, &sb::ActiveCallController::stateChanged, audio, followCall);
    QObject::connect(call, &sb::ActiveCallController::callChanged, audio, followCall);
    return desk;
}

// The Supervisor page's push-to-talk whisper (docs/interface.md §7.2) on this desk's engine: the page's control asks,
// WhisperTalk talks, and its state goes back to the page.
std::unique_ptr<sb::WhisperTalk> whisperTalk(sb::Dashboard &dashboard, sb::AudioEngine *engine)
{
    auto talk = std::make_unique<sb::WhisperTalk>(dashboard.backend(), engine);
    sb::WhisperControl *control = dashboard.whisper();
    sb::WhisperTalk *t = talk.get();
    QObject::connect(control, &sb::WhisperControl::startRequested, t, &sb::WhisperTalk::start);
    QObject::connect(control, &sb::WhisperControl::stopRequested, t, &sb::WhisperTalk::stop);
    QObject::connect(t, &sb::WhisperTalk::changed, control,
                     [t, control] { control->setState(t->callControlId(), t->isConnected(), t->problem()); });
    control->setAvailable(true);
    return talk;
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

    // The agent's call audio (speaker, microphone, recording) is local; a remote console's goes over the network.
    std::unique_ptr<sb::LocalBackend> backend;
    sb::Dashboard::Options options;
    sb::KeychainCredentialStore keychain;
    if (!config.connectUrl.isEmpty() || config.signIn) {
        options = remoteConsole(config);
        options.credentials = &keychain;
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
    options.audio = !config.noAudio; // the ringer too opens no device with --no-audio
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

    // The demo's "A customer calls" button: a simulated customer calls in now (and gives up as the timed ones do).
    if (backend && backend->simulator()) {
        sb::TelnyxSimulator *simulator = backend->simulator();
        dashboard.setIncomingCallSimulator([simulator] {
            simulator->placeIncomingCall(QString(), QString(), QString(), sb::DemoSession::kCallerPatienceMs);
        });
    }

    const std::unique_ptr<RemoteDeskAudio> remoteAudio = backend ? nullptr : remoteDeskAudio(config, dashboard);
    const std::unique_ptr<sb::WhisperTalk> whisper =
        config.noAudio ? nullptr : whisperTalk(dashboard, backend ? backend->engine() : remoteAudio->engine.get());

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "switchboard: signal %d, shutting down\n", signalNumber);
        QCoreApplication::quit();
    });
    return app.exec();
}
