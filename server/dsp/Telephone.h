// SPDX-License-Identifier: MIT
#pragma once

// C++
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace sb {

// The telephone audio every part of Switchboard speaks internally: what G.711 decodes to and encodes from.
// G.711 is defined at 8 kHz mono; Telnyx sends and expects one 160-byte media frame every 20 ms (20 ms is
// the usual RTP packetisation: short enough for conversation, long enough that headers stay a small share).
// Devices that want another format are served by FormatConverter.
inline constexpr int kTelephoneRate = 8000; // samples per second, mono
inline constexpr int kFrameMs = 20;         // one media frame, and the step of every pacing clock
inline constexpr int kFrameSamples = kTelephoneRate * kFrameMs / 1000; // 160
inline constexpr long long kFrameNs = kFrameMs * 1'000'000LL;
inline constexpr float kInt16FullScale = 32768.0f; // |INT16_MIN|: a peak of 1.0 is full scale

// The loudest sample of a block, 0..1 of full scale: what the level meters show.
inline float peakOf(std::span<const int16_t> samples)
{
    int peak = 0;
    for (const int16_t s : samples)
        peak = std::max(peak, std::abs(int(s)));
    return float(peak) / kInt16FullScale;
}

} // namespace sb
