// SPDX-License-Identifier: MIT
#include "Runners.h"
#include "SignalWatcher.h"
#include "SwitchboardServer.h"

#include <QCoreApplication>

#include <cstdio>

int runHeadless(int argc, char **argv, const sb::Config &config)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

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
