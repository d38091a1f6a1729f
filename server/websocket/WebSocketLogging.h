// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// The WebSocket layer's own category ("switchboard.websocket"): this library knows nothing of the server's.
Q_DECLARE_LOGGING_CATEGORY(lcWebSocket)
