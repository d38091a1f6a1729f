// SPDX-License-Identifier: MIT
#include "media/JitterBuffer.h"

// C++
#include <algorithm>
#include <cstring>
#include <limits>

namespace sb {

namespace {
constexpr int kFrameMs = 20;         // nominal packet: a lost frame of unknown length is taken to be this long
constexpr int kMaxLostFrameMs = 120; // cap on the concealment owed for one missing frame
constexpr int kConcealFadeMs = 60;   // repeat-and-fade span of concealment, then silence
constexpr int kFadeInMs = 5;         // ramp when real audio resumes after concealment
constexpr int kCrossfadeMs = 5;      // splice when cutting audio to drain
constexpr int kWindowMs = 1000;      // adaptation window
constexpr int kStableWindows = 5;    // windows without trouble before the target may shrink
constexpr int kShrinkMs = 10;
constexpr int kShrinkHeadroomMs = 20; // shrink only if the lowest depth stayed at least this high
constexpr int kUnderrunGrowMs = 20;
constexpr int kLateGrowMs = 10;
constexpr int kDrainHysteresisMs = 10;
constexpr int kMaxDrainPerWindowMs = 20;
constexpr quint64 kMaxGapFrames = 50; // a larger sequence jump is a sender jump, not loss
constexpr int kFarBehindRestart = 3;  // this many frames from far in the past in a row: the sender restarted
constexpr int kGainOne = 32768;
} // namespace

JitterBuffer::JitterBuffer(int sampleRate, int initialTargetMs)
    : m_rate(sampleRate > 0 ? sampleRate : 8000)
    , m_initialTargetMs(std::clamp(initialTargetMs, int(kMinTargetMs), int(kMaxTargetMs)))
    , m_target(ms(m_initialTargetMs))
    , m_nominalFrame(ms(kFrameMs))
{
    resetWindow();
}

void JitterBuffer::reset()
{
    *this = JitterBuffer(m_rate, m_initialTargetMs);
}

int JitterBuffer::depthSamples() const
{
    return int(m_queuedSamples + qsizetype(m_current.size()) - m_pos + m_holeRemaining);
}

JitterBuffer::Stats JitterBuffer::stats() const
{
    Stats s = m_stats;
    s.depthMs = toMs(quint64(depthSamples()));
    s.targetMs = toMs(quint64(m_target));
    s.concealedMs = quint64(toMs(m_concealedSamples));
    s.drainedMs = quint64(toMs(m_drainedSamples));
    return s;
}

JitterBuffer::PushResult JitterBuffer::push(quint64 sequence, std::span<const int16_t> samples)
{
    const PushResult result = admit(sequence, qsizetype(samples.size()));
    if (result == PushResult::Accepted)
        store(sequence, std::vector<int16_t>(samples.begin(), samples.end()));
    return result;
}

JitterBuffer::PushResult JitterBuffer::pushEncoded(quint64 sequence, std::span<const uint8_t> codes, G711Law law)
{
    const PushResult result = admit(sequence, qsizetype(codes.size()));
    if (result == PushResult::Accepted) {
        std::vector<int16_t> samples(codes.size());
        decodeG711(law, codes, samples.data());
        store(sequence, std::move(samples));
    }
    return result;
}

// Decides whether a frame may enter the queue; counts what it is.
JitterBuffer::PushResult JitterBuffer::admit(quint64 sequence, qsizetype /*length*/)
{
    ++m_stats.received;
    if (m_started && sequence < m_nextSeq) {
        const quint64 behind = m_nextSeq - sequence; // >= 1
        if (behind > kMaxGapFrames && ++m_farBehind >= kFarBehindRestart) {
            // A run of frames from long ago is a sender that started counting again, not a late straggler:
            // without this, every frame of the restarted stream would be dropped as late.
            const Stats kept = m_stats;
            const quint64 concealed = m_concealedSamples, drained = m_drainedSamples;
            const int target = m_target;
            *this = JitterBuffer(m_rate, m_initialTargetMs);
            m_stats = kept;
            m_concealedSamples = concealed;
            m_drainedSamples = drained;
            m_target = target;
            ++m_stats.resyncs;
            m_haveHighest = true;
            m_highest = sequence;
            return PushResult::Accepted;
        }
        if (behind <= 64 && (m_playedMask >> (behind - 1)) & 1) {
            ++m_stats.duplicates;
            return PushResult::Duplicate;
        }
        ++m_stats.late;
        if (!m_windowLate) // one step per window: a burst of stragglers is one event
            grow(kLateGrowMs);
        m_windowTrouble = m_windowLate = true;
        return PushResult::Late;
    }
    m_farBehind = 0;
    if (m_queue.count(sequence)) {
        ++m_stats.duplicates;
        return PushResult::Duplicate;
    }
    if (m_haveHighest && sequence < m_highest)
        ++m_stats.reordered;
    if (!m_haveHighest || sequence > m_highest)
        m_highest = sequence;
    m_haveHighest = true;
    return PushResult::Accepted;
}

void JitterBuffer::store(quint64 sequence, std::vector<int16_t> &&samples)
{
    const qsizetype length = qsizetype(samples.size());
    // Bound the latency (and memory) after a long stall followed by a flood: drop the oldest audio down to target.
    if (depthSamples() + length > ms(kMaxDepthMs)) {
        m_dropPending = 0; // this is the cut; a pending one would now eat into the target
        while (!m_queue.empty() && depthSamples() + length > m_target) {
            auto oldest = m_queue.begin();
            if (m_started) {
                if (oldest->first > m_nextSeq)
                    m_stats.lost += oldest->first - m_nextSeq;
                moveNext(oldest->first + 1, false);
            }
            m_queuedSamples -= qsizetype(oldest->second.size());
            m_drainedSamples += oldest->second.size();
            m_queue.erase(oldest);
        }
        if (m_started && sequence < m_nextSeq) { // the new frame itself was older than what we just dropped
            ++m_stats.late;
            return;
        }
    }
    m_queuedSamples += length;
    m_queue.emplace(sequence, std::move(samples));
    if (m_mode == Mode::Playing)
        sampleDepth();
}

void JitterBuffer::pull(std::span<int16_t> out)
{
    int16_t *o = out.data();
    qsizetype left = qsizetype(out.size());
    while (left > 0) {
        if (m_pos < qsizetype(m_current.size())) {
            const qsizetype n = std::min(left, qsizetype(m_current.size()) - m_pos);
            playReal(o, n);
            o += n;
            left -= n;
        } else if (m_holeRemaining > 0) {
            const qsizetype n = std::min(left, m_holeRemaining);
            conceal(o, n);
            m_holeRemaining -= n;
            o += n;
            left -= n;
        } else if (m_mode == Mode::Buffering) {
            if (!m_queue.empty() && m_queuedSamples >= m_target) {
                startPlayout();
                continue;
            }
            conceal(o, left); // the queue cannot change during this call
            o += left;
            left = 0;
        } else if (m_queue.empty()) {
            noteUnderrun();
        } else {
            advance();
        }
    }
    if (m_mode == Mode::Playing) {
        m_windowPlayed += qsizetype(out.size());
        sampleDepth();
        if (m_windowPlayed >= ms(kWindowMs))
            evaluateWindow();
    }
}

void JitterBuffer::startPlayout()
{
    const quint64 first = m_queue.begin()->first;
    if (m_started && first > m_nextSeq) {
        // The silence or concealment played while rebuffering already stood in for these frames.
        if (first - m_nextSeq > kMaxGapFrames)
            ++m_stats.resyncs;
        else
            m_stats.lost += first - m_nextSeq;
    }
    if (!m_started || first > m_nextSeq)
        moveNext(first, false);
    m_started = true;
    m_mode = Mode::Playing;
    resetWindow();
}

void JitterBuffer::advance()
{
    auto it = m_queue.begin();
    if (it->first == m_nextSeq) {
        take(it);
        return;
    }
    const quint64 gap = it->first - m_nextSeq; // > 0: older keys never enter the queue
    if (gap > kMaxGapFrames) {
        ++m_stats.resyncs;
        moveNext(it->first, false);
        return;
    }
    ++m_stats.lost;
    m_holeRemaining = m_nominalFrame;
    moveNext(m_nextSeq + 1, false);
}

void JitterBuffer::take(std::map<quint64, std::vector<int16_t>>::iterator it)
{
    auto node = m_queue.extract(it);
    m_current = std::move(node.mapped());
    m_pos = 0;
    m_queuedSamples -= qsizetype(m_current.size());
    moveNext(node.key() + 1, true);
    const qsizetype length = qsizetype(m_current.size());
    if (length == 0)
        return;
    // A lost frame is assumed as long as its neighbour, within reason: Telnyx frames are 20 ms, its docs show 99 ms.
    m_nominalFrame = std::clamp(length, qsizetype(ms(kFrameMs / 2)), qsizetype(ms(kMaxLostFrameMs)));

    if (m_concealing) {
        // Resume from wherever the fade-out had got to, so the join is continuous.
        const qsizetype fade = ms(kConcealFadeMs);
        m_fadeInFrom = m_concealPos >= fade ? 0 : int(qint64(kGainOne) * (fade - m_concealPos) / fade);
        m_fadeInLength = m_fadeInFrom < kGainOne ? ms(kFadeInMs) : 0;
        m_fadeInPos = 0;
        m_concealing = false;
    }

    const qsizetype crossfade = ms(kCrossfadeMs);
    if (m_dropPending > 0 && length > 2 * crossfade) {
        // Cut `drop` samples from the start of this frame: the output runs from sample 0, blends into sample
        // drop + crossfade, and goes on from there. Splicing inside one frame keeps both sides real audio.
        const qsizetype drop = std::min(m_dropPending, length - crossfade);
        for (qsizetype i = 0; i < crossfade; ++i) {
            const int w = int((i + 1) * kGainOne / (crossfade + 1));
            m_current[size_t(drop + i)] =
                int16_t((m_current[size_t(i)] * (kGainOne - w) + m_current[size_t(drop + i)] * w) / kGainOne);
        }
        m_pos = drop;
        m_dropPending -= drop;
        m_drainedSamples += quint64(drop);
    }

    const qsizetype keep = std::min(length, qsizetype(ms(kFrameMs)));
    m_history.assign(m_current.end() - keep, m_current.end());
}

void JitterBuffer::moveNext(quint64 next, bool played)
{
    const quint64 step = next - m_nextSeq;
    m_playedMask = step >= 64 ? 0 : m_playedMask << step;
    if (played)
        m_playedMask |= 1;
    m_nextSeq = next;
}

void JitterBuffer::playReal(int16_t *out, qsizetype count)
{
    std::memcpy(out, m_current.data() + m_pos, size_t(count) * sizeof(int16_t));
    m_pos += count;
    for (qsizetype i = 0; i < count && m_fadeInPos < m_fadeInLength; ++i, ++m_fadeInPos) {
        const int gain = m_fadeInFrom + int(qint64(kGainOne - m_fadeInFrom) * m_fadeInPos / m_fadeInLength);
        out[i] = int16_t(out[i] * gain / kGainOne);
    }
}

void JitterBuffer::conceal(int16_t *out, qsizetype count)
{
    if (!m_concealing) {
        m_concealing = true;
        m_concealPos = 0;
    }
    const qsizetype fade = ms(kConcealFadeMs);
    const qsizetype period = qsizetype(m_history.size());
    if (period == 0)
        m_concealPos = fade; // nothing to repeat: we are already at silence, so a later fade-in starts from zero
    for (qsizetype i = 0; i < count; ++i) {
        const qsizetype pos = m_concealPos + i;
        if (period == 0 || pos >= fade) {
            std::fill(out + i, out + count, int16_t(0));
            break;
        }
        out[i] = int16_t(m_history[size_t(pos % period)] * (fade - pos) / fade);
    }
    m_concealPos = std::min(m_concealPos + count, fade);
    if (m_started) // silence before the first frame is not concealment
        m_concealedSamples += quint64(count);
}

void JitterBuffer::noteUnderrun()
{
    ++m_stats.underruns;
    m_windowTrouble = true;
    grow(kUnderrunGrowMs);
    m_mode = Mode::Buffering;
    m_stableWindows = 0;
    m_dropPending = 0;
    resetWindow();
}

void JitterBuffer::grow(int milliseconds)
{
    m_target = std::min(m_target + ms(milliseconds), ms(kMaxTargetMs));
}

void JitterBuffer::sampleDepth()
{
    const qsizetype depth = depthSamples();
    m_windowMin = std::min(m_windowMin, depth);
}

void JitterBuffer::evaluateWindow()
{
    if (m_windowTrouble) {
        m_stableWindows = 0;
        m_stableMin = std::numeric_limits<qsizetype>::max();
    } else {
        m_stableMin = std::min(m_stableMin, m_windowMin);
        if (++m_stableWindows >= kStableWindows) {
            if (m_stableMin >= ms(kShrinkHeadroomMs) && m_target > ms(kMinTargetMs)) {
                const int shrink = std::min(ms(kShrinkMs), m_target - ms(kMinTargetMs));
                m_target -= shrink;
                m_dropPending += shrink; // lower target means lower latency: cut the difference
            }
            m_stableWindows = 0;
            m_stableMin = std::numeric_limits<qsizetype>::max();
        }
    }
    // The lowest depth, not the mean: depth swings by a whole frame between arrivals (99 ms for Telnyx's documented
    // 792-byte frames), so only a low point above the target is surplus that can be cut without risking a gap.
    if (m_windowMin != std::numeric_limits<qsizetype>::max() && m_windowMin > m_target + ms(kDrainHysteresisMs))
        m_dropPending = std::max(m_dropPending, std::min(m_windowMin - m_target, qsizetype(ms(kMaxDrainPerWindowMs))));
    resetWindow();
}

void JitterBuffer::resetWindow()
{
    m_windowPlayed = 0;
    m_windowMin = std::numeric_limits<qsizetype>::max();
    m_windowTrouble = false;
    m_windowLate = false;
    if (m_stableWindows == 0)
        m_stableMin = std::numeric_limits<qsizetype>::max();
}

} // namespace sb
