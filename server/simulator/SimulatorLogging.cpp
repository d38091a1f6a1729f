// SPDX-License-Identifier: MIT
#include "simulator/SimulatorLogging.h"

Q_LOGGING_CATEGORY(lcSimulator, "switchboard.simulator", QtInfoMsg)
