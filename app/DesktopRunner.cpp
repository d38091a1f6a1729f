// SPDX-License-Identifier: MIT
#include "Runners.h"

#include <cstdio>

// Placeholder until the QML dashboard lands: the desktop mode runs the backend headless.
int runDesktop(int argc, char **argv, const sb::Config &config)
{
    std::fprintf(stderr, "switchboard: the desktop dashboard is not part of this build yet; running headless\n");
    return runHeadless(argc, argv, config);
}
