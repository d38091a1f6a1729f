// SPDX-License-Identifier: MIT
#include "AudioLogging.h"

Q_LOGGING_CATEGORY(lcAudio, "switchboard.audio", QtInfoMsg)
