// SPDX-License-Identifier: MIT
#include "Config.h"
#include "SignalWatcher.h"
#include "SwitchboardServer.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

    const sb::ConfigResult loaded = sb::ConfigLoader::load(app.arguments(), QProcessEnvironment::systemEnvironment());
    if (!loaded.error.isEmpty()) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(loaded.error));
        return 2;
    }
    if (loaded.action != sb::ConfigAction::Run) {
        QTextStream(stdout) << loaded.output;
        return 0;
    }
    sb::Config config = loaded.config;
    if (!config.headless)
        std::fprintf(stderr, "switchboard: the desktop dashboard is not part of this build yet; running headless\n");

    sb::SwitchboardServer server(config);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "listening on %s\n", qPrintable(server.listenUrl()));
    std::fflush(stderr);

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "switchboard: signal %d, shutting down\n", signalNumber);
        QCoreApplication::quit();
    });
    return app.exec();
}
