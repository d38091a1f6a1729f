// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// One category per subsystem. Enable with QT_LOGGING_RULES="switchboard.*.debug=true".
// Rule for every category: never log a secret (API key, API token, stream auth token, signature).
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcTelnyx)
Q_DECLARE_LOGGING_CATEGORY(lcWebhook)
Q_DECLARE_LOGGING_CATEGORY(lcEvents)
Q_DECLARE_LOGGING_CATEGORY(lcCalls)
Q_DECLARE_LOGGING_CATEGORY(lcMedia)
