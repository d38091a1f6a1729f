// SPDX-License-Identifier: MIT
#pragma once

#include "audio/AudioOptions.h"
#include "media/G711.h"
#include "media/JitterBuffer.h"
#include "media/LatencyHistogram.h"

// Qt
#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>

// C++
#include <memory>
#include <span>

namespace sb {

class AudioWorker;
struct AudioShared;

// Which output the engine has: AudioEngine::outputState(). A state, not a name to parse.
enum class AudioOutputState {
    Disabled, // AudioOptions::playback is false: decoded and counted, never played
    None,     // wanted, but no device is open (none there, lost, or idle between calls)
    Open,     // playing on outputDeviceName()
};

// The desktop's audio: plays the remote party of the active call, sends the microphone back, records the call.
//
//   pushRemote -> JitterBuffer (reorder, conceal, G.711 decode) -> 20 ms PCM blocks -> volume -> FormatConverter
//     (resample to the device) -> RingBuffer -> QAudioSink                              [playback]
//   QAudioSource -> FormatConverter (to 8 kHz mono) -> mic FIFO -> 20 ms pacing clock -> PCMU -> microphoneFrame
//   (or --mic-file, looped)                                                             [microphone]
//   played blocks (left) + sent blocks (right) -> CallRecorder -> <dir>/<call>-<time>.wav [recording]
//
// Thread rule (the one place it is written): every device object (QMediaDevices, QAudioSink, QAudioSource), the
// pacing clock and the recorder live on the audio thread this engine owns, inside AudioWorker (which owns
// AudioPlayback and AudioCapture, the sink's and the source's halves), and are touched only there. The owner's thread
// reaches them only with QMetaObject::invokeMethod (queued), and they answer only with queued signals, which this class
// re-emits on the owner's thread. The one piece of data both threads touch is the jitter buffer, guarded by a mutex
// (plus a few atomics: mute, volume, frame counter). Why a mutex rather than queued pushes to the audio thread: a push
// is a G.711 table decode plus a map insert and a pull is a 20 ms copy, each a microsecond or so, so contention is
// negligible; a queued push would cost a heap-allocated event per frame and would make every frame wait behind the
// audio thread's event queue; and beginStream()'s reset takes effect at once, so no frame of a new stream can land in
// the old stream's buffer. The stream's call and coding sit behind the same mutex, so beginStream(), pushRemote() and
// endStream() may be called from any one thread besides the owner's: the network's (MediaGateway's media thread), so
// that the remote audio reaches the jitter buffer however busy the owner's thread (the GUI) is.
//
// Timing, and why:
// - Playback is clocked by the device. Every 5 ms (a PreciseTimer on the audio thread) we top the device up: a
//   20 ms block is pulled from the jitter buffer only when the device has room for it. The device's crystal thus
//   sets the pace; our timer only decides how soon we notice (<= 5 ms late, well inside the device buffer).
// - Device buffer: we ask for 40 ms (Qt's PulseAudio sink works in 20 ms periods: one playing, one queued) and never
//   keep more than 40 ms queued, whatever the device grants. The device is topped up from a high-priority audio
//   thread every 5 ms, so two periods are enough; more is latency nobody needs on a call (it was 60/80 ms, and the
//   local desk added ~130 ms in all: the issue asked for <= 60).
// - The ring buffer holds one converted 20 ms block (plus remainder) when the device takes less than a block at a
//   time: device periods are rarely multiples of 20 ms, and resampled blocks vary by a sample.
// - Jitter buffer: 40 ms target at the start, adaptive 30..200 ms (JitterBuffer.h explains).
// - Resampler (only when the device refuses 8 kHz mono Int16): ~3 ms of filter delay.
//   Added latency, socket to speaker: jitter depth (30-40 ms) + device queue (20-40 ms), ~60 ms before the sound
//   server's own; bench/desk_latency and tst_endtoendaudio measure and print it.
// - Microphone: a 20 ms pacing clock counted from the stream's start on a monotonic clock (drift corrected: a late
//   tick finds more deadlines due; after a stall over 100 ms frames are skipped rather than burst). The device
//   fills a FIFO; the first frame is taken once 40 ms are queued, an empty FIFO at a deadline sends silence and
//   primes again, and a FIFO over 200 ms (input clock faster than ours) drops its oldest audio. Latency: the 40 ms
//   device buffer + up to 40 ms FIFO.
// - No output device, or playback disabled: the pacing clock consumes the jitter buffer instead (framesPlayed,
//   recording and meters keep running). No input device: nothing is sent (no fabricated silence), deviceProblem says
//   so once. Lost devices are logged, reported, and replaced on QMediaDevices' change signals (with a 2 s retry).
class AudioEngine : public QObject {
    Q_OBJECT
public:
    explicit AudioEngine(AudioOptions options, QObject *parent = nullptr);
    ~AudioEngine() override;

    // These three: thread-safe (see above).
    // A new remote stream: reset jitter buffer, open sink (if not open), start mic pacing, open recording.
    void beginStream(const QString &callControlId, G711Law law);
    // The microphone alone, for `callControlId` (a supervisor's whisper, docs/interface.md §7.2): microphoneFrame as in
    // a call, no output opened, nothing recorded; ended with endStream() as a call is.
    void beginTalk(const QString &callControlId);
    // Inbound-track payload of the active stream; `order` is MediaFrame::playbackOrder().
    void pushRemote(quint64 order, const QByteArray &encoded);
    // The same, only if `callControlId` is the active stream's; false (and dropped) otherwise.
    bool pushRemote(const QString &callControlId, quint64 order, const QByteArray &encoded);
    // A supervisor's whisper for the active stream (docs/interface.md §7.2): PCMU, up to kMaxWhisperFrameBytes, laid
    // over the customer after the jitter buffer with the customer 6 dB down (WhisperMixer). False (and dropped) when
    // `callControlId` is not the active stream's. Thread-safe.
    static constexpr int kMaxWhisperFrameBytes = 1600; // 200 ms
    bool pushWhisper(const QString &callControlId, const QByteArray &pcmu);
    bool isWhisperAudible() const; // a whisper is being mixed in right now
    // Stop mic, close recording cleanly (valid WAV header), drain/stop playback.
    void endStream(const QString &callControlId);

    // volume01 is a slider position (logarithmic scale, like the system mixer); 1 = unchanged.
    void setSpeakerVolume(float volume01);
    void setSpeakerMuted(bool muted);
    // Devices by QAudioDevice::id(); empty = the system default. Applied at once, also during a call.
    void setOutputDevice(const QByteArray &deviceId);
    void setInputDevice(const QByteArray &deviceId);
    // While muted, microphoneFrame is NOT emitted (and the recording's agent channel is silence).
    void setMicMuted(bool muted);

    JitterBuffer::Stats jitterStats() const; // thread-safe snapshot
    // The active stream's added latency, per frame: from its arrival (pushRemote) to the speaker, i.e. the audio the
    // jitter buffer and the output device hold ahead of it. Frames that come while prefilling are not counted.
    LatencyHistogram::Summary playoutLatency() const;
    // The same frames, from their arrival to the output device's buffer: the jitter buffer's wait alone (the part of
    // playoutLatency that the network's jitter decides; the rest is the device queue, 20-40 ms).
    LatencyHistogram::Summary deviceWriteLatency() const;
    quint64 framesPlayed() const;    // 20 ms frames handed to the device (or consumed when playback=false)
    quint64 outputUnderruns() const; // times the output device ran dry (the audio thread fell behind)
    QString outputDeviceName() const;
    AudioOutputState outputState() const; // disabled, none open, or playing on outputDeviceName()
    QString inputDeviceName() const;
    QString activeCallId() const; // thread-safe

signals:
    // Every 20 ms, emitted on the owner's thread, exactly 160 bytes PCMU.
    void microphoneFrame(const QString &callControlId, const QByteArray &pcmu160);
    void levelsChanged(float remoteLevel, float micLevel);                        // 0..1 peaks, ~10 Hz, for meters
    void deviceProblem(const QString &message);                                   // no device / device lost / resumed
    void recordingStarted(const QString &callControlId, const QString &filePath); // --record: the call's WAV

private:
    void begin(const QString &callControlId, G711Law law, bool talkOnly);
    void pushLocked(quint64 order, std::span<const uint8_t> codes); // under jitterMutex
    void onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu160);
    void updateGain();

    std::shared_ptr<AudioShared> m_shared;
    QThread m_thread;
    AudioWorker *m_worker = nullptr; // lives on m_thread
    float m_volume = 1.0f;
    bool m_speakerMuted = false;
};

} // namespace sb
