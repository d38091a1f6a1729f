// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QtGlobal>

// C++
#include <array>

namespace sb {

// Milliseconds in 1 ms bins up to kMaxMs (longer ones count in the last bin): percentiles of a stream's playout
// latency without keeping the samples. Fixed size, no allocation: recorded under the jitter buffer's lock on every
// frame. Not thread-safe.
class LatencyHistogram {
public:
    static constexpr int kMaxMs = 1000;

    struct Summary {
        quint64 count = 0;
        int p50 = 0;
        int p99 = 0;
        int max = 0;
    };

    void record(int ms);
    void reset();
    quint64 count() const { return m_count; }
    // The smallest value at or below which `fraction` (0..1) of the samples lie; 0 when empty.
    int percentile(double fraction) const;
    Summary summary() const;

private:
    std::array<quint32, kMaxMs + 1> m_bins{};
    quint64 m_count = 0;
    int m_max = 0;
};

} // namespace sb
