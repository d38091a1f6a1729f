// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// The HTTP front end's category ("switchboard.http"), kept in this library so that it needs nothing else.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
