// SPDX-License-Identifier: MIT
#include "client/ReconnectBackoff.h"

// C++
#include <algorithm>

namespace sb {

int ReconnectBackoff::next()
{
    const int delay = m_nextMs;
    m_nextMs = std::min(m_nextMs * 2, kMaxMs);
    return delay;
}

void ReconnectBackoff::connectionLasted(long long upMs)
{
    if (upMs >= kStableMs)
        reset();
}

} // namespace sb
