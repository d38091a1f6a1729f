// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// The simulator's own category ("switchboard.simulator"); QT_LOGGING_RULES="switchboard.simulator.debug=true"
// shows every webhook attempt and media socket step. Like the rest of Switchboard it never logs a secret: not
// the API key, not a stream auth token, not a signature.
Q_DECLARE_LOGGING_CATEGORY(lcSimulator)
