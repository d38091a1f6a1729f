// SPDX-License-Identifier: MIT
#include "websocket/WebSocketLogging.h"

Q_LOGGING_CATEGORY(lcWebSocket, "switchboard.websocket", QtInfoMsg)
