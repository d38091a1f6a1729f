// SPDX-License-Identifier: MIT
#include "http/HttpLogging.h"

Q_LOGGING_CATEGORY(lcHttp, "switchboard.http", QtInfoMsg)
