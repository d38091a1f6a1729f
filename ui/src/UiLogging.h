// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace sb {

Q_DECLARE_LOGGING_CATEGORY(lcUi)      // switchboard.ui: the dashboard, its models and controllers
Q_DECLARE_LOGGING_CATEGORY(lcUiAudio) // switchboard.ui.audio: listen, test tone, key tones, mic test

} // namespace sb
