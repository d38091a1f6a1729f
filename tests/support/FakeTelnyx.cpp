// SPDX-License-Identifier: MIT
#include "FakeTelnyx.h"
