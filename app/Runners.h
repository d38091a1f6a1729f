// SPDX-License-Identifier: MIT
#pragma once

#include "audio/AudioEngine.h"
#include "Config.h"

// The two ways Switchboard runs. main() parses the command line and hands over to one of them;
// each creates its own application object (QCoreApplication or QGuiApplication) and event loop.
int runHeadless(int argc, char **argv, const sb::Config &config);
int runDesktop(int argc, char **argv, const sb::Config &config);

// The audio engine's options as the command line sets them (devices, --mic-file, --record, --no-audio).
sb::AudioOptions audioOptions(const sb::Config &config);
