// SPDX-License-Identifier: MIT
#include "LocalBackend.h"
#include "OneCallRun.h"
#include "Runners.h"
#include "SignalWatcher.h"

// Qt
#include <QCoreApplication>

// C++
#include <cstdio>
#include <memory>

using namespace sb;

int runHeadless(int argc, char **argv, const Config &config)
{
    // A server has no desktop to integrate with: Qt's own poll() dispatcher costs less per socket event
    // than GLib's main loop (measured with bench/media_fanout: ~10% less CPU per forwarded frame).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

    LocalBackend backend(config);
    QString error;
    if (!backend.start(&error)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
        return kExitFailure;
    }

    int exitCode = 0;
    std::unique_ptr<OneCallRun> run;
    if (!config.dial.isEmpty()) {
        run = std::make_unique<OneCallRun>(backend.server(), backend.engine(), backend.bridge(), backend.config());
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
            exitCode = kExitFailure; // the one-call run did not complete
        QCoreApplication::quit();
    });
    const int loop = app.exec();
    return exitCode ? exitCode : loop;
}
