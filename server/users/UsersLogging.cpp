// SPDX-License-Identifier: MIT
#include "users/UsersLogging.h"

Q_LOGGING_CATEGORY(lcUsers, "switchboard.users", QtInfoMsg)
