// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace sb {

Q_DECLARE_LOGGING_CATEGORY(lcClient) // switchboard.client: requests the backend refused, the events socket

} // namespace sb
