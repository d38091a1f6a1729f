// SPDX-License-Identifier: MIT
#include "SimulatorLogging.h"

Q_LOGGING_CATEGORY(lcSimulator, "switchboard.simulator", QtInfoMsg)
