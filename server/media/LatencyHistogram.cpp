// SPDX-License-Identifier: MIT
#include "media/LatencyHistogram.h"

// C++
#include <algorithm>
#include <cmath>

namespace sb {

void LatencyHistogram::record(int ms)
{
    const int bin = std::clamp(ms, 0, kMaxMs);
    ++m_bins[std::size_t(bin)];
    ++m_count;
    m_max = std::max(m_max, bin);
}

void LatencyHistogram::reset()
{
    m_bins.fill(0);
    m_count = 0;
    m_max = 0;
}

int LatencyHistogram::percentile(double fraction) const
{
    if (m_count == 0)
        return 0;
    // The rank of the sample asked for, 1-based: at least the first, at most the last.
    const auto rank =
        std::clamp<quint64>(quint64(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(m_count))), 1, m_count);
    quint64 seen = 0;
    for (int bin = 0; bin <= kMaxMs; ++bin) {
        seen += m_bins[std::size_t(bin)];
        if (seen >= rank)
            return bin;
    }
    return kMaxMs;
}

LatencyHistogram::Summary LatencyHistogram::summary() const
{
    return {m_count, percentile(0.5), percentile(0.99), m_max};
}

} // namespace sb
