// SPDX-License-Identifier: MIT
#include "client/ClientLogging.h"

namespace sb {

Q_LOGGING_CATEGORY(lcClient, "switchboard.client", QtInfoMsg)

} // namespace sb
