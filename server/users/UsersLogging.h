// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUsers)
