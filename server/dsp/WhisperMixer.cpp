// SPDX-License-Identifier: MIT
#include "dsp/WhisperMixer.h"

// C++
#include <algorithm>
#include <cmath>

namespace sb {

namespace {
constexpr std::size_t samplesFor(int ms)
{
    return std::size_t(ms) * WhisperMixer::kRate / 1000;
}
} // namespace

void WhisperMixer::push(std::span<const int16_t> samples)
{
    m_fifo.insert(m_fifo.end(), samples.begin(), samples.end());
    if (m_fifo.size() > samplesFor(kMaxMs)) {
        const std::size_t excess = m_fifo.size() - samplesFor(kStartMs);
        m_fifo.erase(m_fifo.begin(), m_fifo.begin() + std::ptrdiff_t(excess));
        m_dropped += excess;
    }
}

void WhisperMixer::mixInto(std::span<int16_t> block)
{
    const std::size_t n = block.size();
    m_speaking = m_fifo.size() >= (m_speaking ? n : std::max(n, samplesFor(kStartMs)));
    const float target = m_speaking ? kDuckGain : 1.0f;
    if (!m_speaking && m_customerGain == 1.0f)
        return; // nothing to lay over, nothing to ramp back
    for (std::size_t i = 0; i < n; ++i) {
        const float gain = m_customerGain + (target - m_customerGain) * float(i + 1) / float(n);
        float sample = float(block[i]) * gain;
        if (m_speaking)
            sample += float(m_fifo[i]);
        block[i] = int16_t(std::clamp(std::lround(sample), -32768L, 32767L));
    }
    m_customerGain = target;
    if (m_speaking)
        m_fifo.erase(m_fifo.begin(), m_fifo.begin() + std::ptrdiff_t(n));
}

void WhisperMixer::reset()
{
    m_fifo.clear();
    m_speaking = false;
    m_customerGain = 1.0f;
}

} // namespace sb
