// SPDX-License-Identifier: MIT
#include "G711.h"
