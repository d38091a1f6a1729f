// SPDX-License-Identifier: MIT
#pragma once

// C++
#include <cstdint>
#include <deque>
#include <span>

// Qt
#include <QtGlobal>

namespace sb {

// A supervisor's whisper (docs/interface.md §7.2) laid over the call the agent hears: the second input of the agent's
// playback, mixed after the customer's jitter buffer, 20 ms block by block.
//
// - The whisper comes paced by the server's uplink tick over one WebSocket, so it never arrives reordered: a FIFO is
//   all the buffering it needs. It starts once kStartMs are queued (one frame may come late) and again after it ran
//   dry; beyond kMaxMs (a burst after a stall) the oldest audio is dropped.
// - While the supervisor speaks, the customer is 6 dB down (kDuckGain), so the agent understands both; the gain is
//   ramped across each block, so ducking and its end never click. The sum is clipped to 16 bits.
//
// Not thread-safe: AudioEngine guards it with the jitter buffer's lock.
class WhisperMixer {
public:
    static constexpr int kRate = 8000;
    static constexpr int kStartMs = 40;
    static constexpr int kMaxMs = 200;
    static constexpr float kDuckGain = 0.5f; // -6 dB

    // Decoded whisper audio (8 kHz mono).
    void push(std::span<const int16_t> samples);
    // Lays the whisper over `block` (the customer, as the jitter buffer gave it), in place.
    void mixInto(std::span<int16_t> block);
    void reset();

    bool isSpeaking() const { return m_speaking; }
    std::size_t queuedSamples() const { return m_fifo.size(); }
    quint64 droppedSamples() const { return m_dropped; }

private:
    std::deque<int16_t> m_fifo;
    bool m_speaking = false;
    float m_customerGain = 1.0f; // applied at the end of the last block
    quint64 m_dropped = 0;
};

} // namespace sb
