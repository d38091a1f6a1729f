// SPDX-License-Identifier: MIT
#include "audio/AudioLogging.h"

Q_LOGGING_CATEGORY(lcAudio, "switchboard.audio", QtInfoMsg)
