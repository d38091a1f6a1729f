// SPDX-License-Identifier: MIT
#pragma once

#include "media/G711.h"

// Qt
#include <QtGlobal>

// C++
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace sb {

// Turns the inbound media frames of one stream, which arrive in bursts and sometimes out of order, into the steady
// sample flow the audio device pulls: media socket -> reorder by sequence -> *jitter buffer* -> ring -> QAudioSink.
//
// Timing model, and why:
// - Sample based. Frames hold linear PCM (G.711 is decoded on push: concealment and fades need linear samples,
//   and decoding is a table lookup). Frames may have any length: Telnyx's own docs show a 99 ms frame where 20 ms is
//   usual. Depth, target and every threshold are therefore in samples (shown in ms); a frame is only the unit of
//   ordering. The key is the caller's sequence: MediaFrame::playbackOrder(), i.e. media.chunk, because
//   sequence_number also advances for dtmf/mark messages and a gap in it is not lost audio.
// - Pull driven, no clock of its own. The audio device's pulls are the only clock, so the buffer is deterministic
//   and the tests drive it without real time. Every window below is counted in samples played.
// - Prefill. Playback starts (and restarts after an underrun) only once `target` worth of audio is queued, like
//   Mumble's output buffer. Target starts at 40 ms (two 20 ms packets: one playing out while the next may be up to
//   20 ms late) and is clamped to 30..200 ms: the device's own queue (AudioPlayback, <= 40 ms) already absorbs the
//   timing of its pulls, so this depth covers only the network's jitter; above 200 ms two people start talking
//   over each other. The start used to be 60 ms (40 minimum), which put the local desk's added latency, Telnyx
//   frame to speaker, at p50 ~130 ms (bench/desk_latency); a network with more jitter than 20 ms costs one
//   concealed gap, after which the target has grown by 20 ms (see "Adapting").
// - Missing frames. When playback reaches a sequence number that has not arrived but a later one has, the frame is
//   declared lost: waiting longer would only add delay, the target depth *is* the waiting time. Runs longer than
//   one second of frames are taken as a sender jump and skipped without concealment.
//   The media arrives over TCP (a WebSocket), so an empty buffer usually means "delayed", not "lost": on an
//   underrun we conceal, rebuffer to a larger target and then continue from the frame we were waiting for.
// - Concealment repeats the last 20 ms heard, fading linearly to zero over 60 ms (three frames), then silence:
//   a short gap is bridged without a click, a long one does not buzz. Real audio fades back in over 5 ms.
// - Adapting. An underrun adds 20 ms to the target, a late frame (its slot already played) 10 ms. After five
//   seconds without either, if the buffer never dropped below 20 ms, the target shrinks by 10 ms: growth is fast
//   because a gap is audible, shrinking is slow because it can cost another gap.
// - Draining. Each second we look at the lowest depth seen (after every push and pull). When even that is more
//   than 10 ms above the target (a sender running faster than our sound card, or the backlog after a burst), up to
//   20 ms are cut from the next frame with a 5 ms crossfade: at most 2% of the audio, heard as nothing. Should the
//   depth pass 400 ms (a long stall followed by a flood), the oldest frames are dropped at once down to the target.
//
// Not thread-safe: owned by the media thread; the device thread reads a ring buffer filled from pull().
class JitterBuffer {
public:
    struct Stats {
        int depthMs = 0;         // queued audio not yet played, including the rest of the current frame
        int targetMs = 0;        // current prefill and drain target
        quint64 received = 0;    // frames handed to push()
        quint64 underruns = 0;   // times the buffer ran dry while playing
        quint64 concealedMs = 0; // synthesized audio (fade-out repeat or silence) played in place of missing audio
        quint64 lost = 0;        // sequence numbers never received in time: skipped
        quint64 late = 0;        // frames that came after their slot was played or skipped: dropped
        quint64 reordered = 0;   // frames that came after a higher sequence number but still in time
        quint64 duplicates = 0;  // frames whose sequence number was queued or played already: dropped
        quint64 drainedMs = 0;   // audio cut to bring latency back to the target
        quint64 resyncs = 0;     // sender jumps (sequence gap over one second, or restart from a lower number)
    };

    enum class PushResult { Accepted, Late, Duplicate };

    static constexpr int kInitialTargetMs = 40;
    static constexpr int kMinTargetMs = 30;
    static constexpr int kMaxTargetMs = 200;
    static constexpr int kMaxDepthMs = 400;

    // `initialTargetMs`: the prefill a stream starts with (clamped to kMinTargetMs..kMaxTargetMs).
    explicit JitterBuffer(int sampleRate = 8000, int initialTargetMs = kInitialTargetMs);

    PushResult push(quint64 sequence, std::span<const int16_t> samples);
    PushResult pushEncoded(quint64 sequence, std::span<const uint8_t> codes, G711Law law);

    // Fills `out` completely: real audio, concealment, or silence while prefilling.
    void pull(std::span<int16_t> out);

    // Forget the stream (a new `start`): queue, sequence state, target and statistics.
    void reset();

    Stats stats() const;
    int depthSamples() const;
    int targetSamples() const { return m_target; }
    bool isPlaying() const { return m_mode == Mode::Playing; }
    int sampleRate() const { return m_rate; }

private:
    enum class Mode { Buffering, Playing };

    int ms(int milliseconds) const { return milliseconds * m_rate / 1000; }
    int toMs(quint64 samples) const { return int(samples * 1000 / quint64(m_rate)); }
    PushResult admit(quint64 sequence, qsizetype length);
    void store(quint64 sequence, std::vector<int16_t> &&samples);
    void startPlayout();
    void advance();
    void take(std::map<quint64, std::vector<int16_t>>::iterator it);
    void moveNext(quint64 next, bool played);
    void playReal(int16_t *out, qsizetype count);
    void conceal(int16_t *out, qsizetype count);
    void noteUnderrun();
    void sampleDepth();
    void evaluateWindow();
    void resetWindow();
    void grow(int milliseconds);

    int m_rate;
    int m_initialTargetMs;
    Mode m_mode = Mode::Buffering;
    int m_target;

    std::map<quint64, std::vector<int16_t>> m_queue; // a handful of frames: a tree beats shifting a deque
    qsizetype m_queuedSamples = 0;
    std::vector<int16_t> m_current; // frame being played
    qsizetype m_pos = 0;            // next sample of m_current
    std::vector<int16_t> m_history; // last 20 ms of real audio, the material for concealment
    qsizetype m_holeRemaining = 0;  // concealment still owed for a lost frame
    qsizetype m_nominalFrame;       // length of the last real frame: how long a lost one was

    bool m_started = false;   // has playback ever begun since reset()
    quint64 m_nextSeq = 0;    // sequence to play next
    quint64 m_playedMask = 0; // bit i: m_nextSeq - 1 - i was played (tells duplicates from late frames)
    bool m_haveHighest = false;
    quint64 m_highest = 0;
    int m_farBehind = 0;

    bool m_concealing = false;
    qsizetype m_concealPos = 0;
    qsizetype m_fadeInLength = 0;
    qsizetype m_fadeInPos = 0;
    int m_fadeInFrom = 0; // gain (of 32768) that the fade-in starts from

    qsizetype m_dropPending = 0;

    // Adaptation window, counted in samples played.
    qsizetype m_windowPlayed = 0;
    qsizetype m_windowMin = 0;
    bool m_windowTrouble = false; // underrun or late frame in this window
    bool m_windowLate = false;
    int m_stableWindows = 0;
    qsizetype m_stableMin = 0;

    Stats m_stats;
    quint64 m_concealedSamples = 0;
    quint64 m_drainedSamples = 0;
};

} // namespace sb
