// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// The audio device edge: device choice, open/lost/resumed, format, resampling, recording files.
// Enable debug output with QT_LOGGING_RULES="switchboard.audio.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcAudio)
