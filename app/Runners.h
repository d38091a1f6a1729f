// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"

// The two ways Switchboard runs. main() parses the command line and hands over to one of them;
// each creates its own application object (QCoreApplication or QGuiApplication) and event loop.
int runHeadless(int argc, char **argv, const sb::Config &config);
int runDesktop(int argc, char **argv, const sb::Config &config);

// Exit codes (OneCallRun's finished() uses the same two): 0 is success.
constexpr int kExitFailure = 1;   // something could not start, or the --dial run missed a stage
constexpr int kExitBadConfig = 2; // the command line or a setting is wrong (the usual code for usage errors)
