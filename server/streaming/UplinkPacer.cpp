// SPDX-License-Identifier: MIT
#include "UplinkPacer.h"

// C++
#include <algorithm>
#include <utility>

namespace sb {

bool UplinkPacer::push(QByteArray frame)
{
    bool kept = true;
    if (int(m_frames.size()) >= kMaxFrames) {
        m_frames.pop_front();
        ++m_dropped;
        kept = false;
    }
    m_frames.push_back(std::move(frame));
    if (int(m_frames.size()) >= m_startFrames)
        m_playing = true;
    return kept;
}

QByteArray UplinkPacer::next(bool *silence)
{
    if (m_playing && m_frames.empty()) {
        m_playing = false;
        ++m_underruns;
        m_startFrames = std::min(m_startFrames + 1, kMaxStartFrames);
        m_steadyTicks = 0;
    }
    if (!m_playing) {
        if (silence)
            *silence = true;
        return silenceFrame();
    }
    QByteArray frame = std::move(m_frames.front());
    m_frames.pop_front();
    if (++m_steadyTicks >= kSteadyTicks) {
        m_steadyTicks = 0;
        m_startFrames = std::max(m_startFrames - 1, int(kStartFrames));
    }
    if (silence)
        *silence = false;
    return frame;
}

const QByteArray &UplinkPacer::silenceFrame()
{
    static const QByteArray silence(kFrameBytes, char(0xFF)); // PCMU zero
    return silence;
}

} // namespace sb
