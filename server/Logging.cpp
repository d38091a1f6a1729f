// SPDX-License-Identifier: MIT
#include "Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "switchboard.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTelnyx, "switchboard.telnyx", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhook, "switchboard.webhook", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEvents, "switchboard.events", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCalls, "switchboard.calls", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMedia, "switchboard.media", QtInfoMsg)
