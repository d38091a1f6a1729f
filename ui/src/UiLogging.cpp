// SPDX-License-Identifier: MIT
#include "UiLogging.h"

namespace sb {

Q_LOGGING_CATEGORY(lcUi, "switchboard.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUiAudio, "switchboard.ui.audio", QtInfoMsg)

} // namespace sb
