// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>

// C++
#include <deque>

namespace sb {

// The re-pacing of one desk's microphone (/agent-audio, CONTRACT §7): frames come in as the network delivers them
// (bursts after a stall, gaps while the desk's Wi-Fi sleeps) and go out to Telnyx one per 20 ms tick.
//
// Timing choices (20 ms frames, PCMU, 160 bytes each):
// - The frames ride one WebSocket over TCP: they arrive in the order the desk sent them, never reordered, never
//   duplicated; a lost packet shows as a late burst. So the buffer is a plain FIFO (no sequence numbers, no
//   reordering, no concealment: JitterBuffer's work is not needed here).
// - Start depth: adaptive, from kStartFrames (1 frame = 20 ms) up to kMaxStartFrames (4 = 80 ms). Output starts once
//   that much has arrived. A wired desk's frames come 20 ms apart give or take a millisecond, so one frame is
//   enough and the desk adds ~0-20 ms (the phase between its clock and our tick; bench/desk_latency measures it:
//   the goal is <= 30 ms p99 on loopback). A desk whose network is jittery underruns: each underrun
//   primes one frame deeper (a Wi-Fi hiccup costs one gap, not one per burst), and after kSteadyTicks (10 s)
//   without one the depth comes down a frame. A fixed 40 ms start (the first version) cost every desk 20 ms for
//   the sake of the worst.
// - Bound kMaxFrames (10 frames = 200 ms): a burst beyond it drops the oldest frames (counted). Latency can never
//   grow past 200 ms, whatever the desk does; dropping the oldest keeps what the agent says now.
// - Underrun: when the buffer runs dry the tick gets silence (PCMU 0xFF) and the buffer starts again from
//   the start depth (re-priming absorbs the next burst instead of underrunning once per frame). Silence, not nothing:
//   the contract says "silence to Telnyx" while the desk is away, and a steady 20 ms stream keeps Telnyx's playout
//   and the callee's comfort-noise from stuttering.
class UplinkPacer {
public:
    static constexpr int kFrameBytes = 160;   // 20 ms of 8 kHz PCMU
    static constexpr int kStartFrames = 1;    // 20 ms at the start of a stream
    static constexpr int kMaxStartFrames = 4; // 80 ms after repeated underruns
    static constexpr int kSteadyTicks = 500;  // 10 s without an underrun: one frame less
    static constexpr int kMaxFrames = 10;     // 200 ms

    // One frame from the desk (exactly kFrameBytes). Returns false when the buffer was full and its oldest frame was
    // dropped to make room.
    bool push(QByteArray frame);
    // The frame for this tick: the oldest buffered one, or silence (`*silence` set) while priming or starved.
    QByteArray next(bool *silence = nullptr);

    int depth() const { return int(m_frames.size()); }
    bool isPlaying() const { return m_playing; }
    quint64 dropped() const { return m_dropped; }
    quint64 underruns() const { return m_underruns; }
    int startFrames() const { return m_startFrames; } // the depth output starts (again) at

    static const QByteArray &silenceFrame();

private:
    std::deque<QByteArray> m_frames;
    bool m_playing = false; // false: priming until m_startFrames are in
    int m_startFrames = kStartFrames;
    int m_steadyTicks = 0; // ticks played since the last underrun
    quint64 m_dropped = 0;
    quint64 m_underruns = 0;
};

} // namespace sb
