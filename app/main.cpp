// SPDX-License-Identifier: MIT
#include "Config.h"
#include "Runners.h"
#include "SimulateCommand.h"
#include "UserCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    // The configuration decides which application object to create, so it is read before one exists;
    // QStandardPaths needs the application name for the default config and database locations.
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (isUserCommand(arguments))
        return runUserCommand(argc, argv, arguments);
    if (isSimulateCommand(arguments))
        return runSimulateCommand(argc, argv, arguments);
    const sb::ConfigResult loaded = sb::ConfigLoader::load(arguments, QProcessEnvironment::systemEnvironment());
    if (!loaded.error.isEmpty()) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(loaded.error));
        return kExitBadConfig;
    }
    if (loaded.action != sb::ConfigAction::Run) {
        QTextStream(stdout) << loaded.output;
        return 0;
    }
    return loaded.config.headless ? runHeadless(argc, argv, loaded.config) : runDesktop(argc, argv, loaded.config);
}
