// SPDX-License-Identifier: MIT
#include "audio/AudioEngine.h"
#include "CallAudioBridge.h"
#include "DemoSession.h"
#include "OneCallRun.h"
#include "Runners.h"
#include "SignalWatcher.h"
#include "SwitchboardServer.h"

#include <QCoreApplication>

#include <cstdio>

using namespace sb;

AudioOptions audioOptions(const Config &config)
{
    AudioOptions options;
    options.outputDeviceId = config.outputDevice;
    options.inputDeviceId = config.inputDevice;
    options.micFile = config.micFile;
    options.recordDir = config.recordDir;
    options.playback = !config.noAudio;
    options.capture = !config.noAudio;
    return options;
}

int runHeadless(int argc, char **argv, const Config &given)
{
    // A server has no desktop to integrate with: Qt's own poll() dispatcher costs less per socket event
    // than GLib's main loop (measured with bench/media_fanout: ~10% less CPU per forwarded frame).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

    Config config = given;
    QString error;
    DemoSession demo;
    if (config.demo && !demo.prepare(config, &error)) {
        std::fprintf(stderr, "switchboard: the Telnyx simulator did not start: %s\n", qPrintable(error));
        return 1;
    }
    SwitchboardServer server(config);
    if (!server.start(&error)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
        return 1;
    }
    if (config.demo)
        demo.attach(server);
    std::fprintf(stderr, "listening on %s%s\n", qPrintable(server.listenUrl()),
                 config.demo ? " (demo: simulated Telnyx, no real calls)" : "");
    std::fflush(stderr);

    AudioEngine engine(audioOptions(config));
    CallAudioBridge bridge(server.media(), &engine, server.calls(), server.store());

    int exitCode = 0;
    std::unique_ptr<OneCallRun> run;
    if (!config.dial.isEmpty()) {
        run = std::make_unique<OneCallRun>(&server, &engine, &bridge, config);
        QObject::connect(run.get(), &OneCallRun::finished, &app, [&exitCode](int code) {
            exitCode = code;
            QCoreApplication::quit();
        });
        QMetaObject::invokeMethod(run.get(), &OneCallRun::start, Qt::QueuedConnection);
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [&exitCode, &run](int signalNumber) {
        std::fprintf(stderr, "switchboard: signal %d, shutting down\n", signalNumber);
        if (run)
            exitCode = 1; // the one-call run did not complete
        QCoreApplication::quit();
    });
    const int loop = app.exec();
    return exitCode ? exitCode : loop;
}
