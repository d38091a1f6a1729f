// SPDX-License-Identifier: MIT
#pragma once

#include "audio/AudioEngine.h"
#include "audio/AudioOptions.h"
#include "audio/CallRecorder.h"
#include "dsp/WhisperMixer.h"
#include "media/JitterBuffer.h"
#include "media/LatencyHistogram.h"

// Qt
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QString>

// C++
#include <atomic>
#include <memory>

class QMediaDevices;
class QTimer;

namespace sb {

class AudioCapture;
class AudioPlayback;
class DefaultOutputWatcher;

// What the owner's thread and the audio thread share. Everything here is either atomic or behind a mutex; nothing
// else crosses threads except queued signals and QMetaObject::invokeMethod (see AudioEngine).
struct AudioShared {
    mutable QMutex jitterMutex;
    JitterBuffer jitter;          // guarded by jitterMutex: pushed on the network's thread, pulled on the audio thread
    QString streamCall;           // guarded by jitterMutex: the stream the jitter buffer holds, empty when none
    G711Law law = G711Law::MuLaw; // guarded by jitterMutex: its coding
    // Guarded by jitterMutex: per frame pushed while playing, the audio queued ahead of it (jitter buffer + device),
    // i.e. how long after its arrival it reaches the speaker. Reset with the stream.
    LatencyHistogram playoutLatency;
    // Guarded by jitterMutex: the same frames' wait in the jitter buffer alone, i.e. until they are written to the
    // output device (its queue not counted). Reset with the stream.
    LatencyHistogram deviceWriteLatency;
    WhisperMixer whisper; // guarded by jitterMutex: a supervisor's whisper, laid over what the jitter buffer gives
    std::atomic<int> deviceQueuedMs{0}; // what the output device holds (and our ring ahead of it), after each feed

    std::atomic<quint64> framesPlayed{0};
    std::atomic<quint64> outputUnderruns{0}; // times the device ran dry (its buffer emptied before we refilled it)
    std::atomic<bool> micMuted{false};
    std::atomic<float> speakerGain{1.0f}; // linear gain, 0 when the speaker is muted

    mutable QMutex namesMutex;
    QString outputName; // guarded by namesMutex
    QString inputName;
    AudioOutputState outputState = AudioOutputState::None;
};

// The audio thread's half of AudioEngine: the thin owner of playback (AudioPlayback), capture (AudioCapture), the
// recorder and the clocks. Created on the owner's thread, then moved to the audio thread (its children with it);
// all its slots are called through queued invocations only.
class AudioWorker : public QObject {
    Q_OBJECT
public:
    AudioWorker(std::shared_ptr<AudioShared> shared, AudioOptions options);
    ~AudioWorker() override;

public slots:
    void initialize();
    // `talkOnly`: the microphone alone (a supervisor's whisper): no output opened, nothing recorded.
    void beginStream(const QString &callControlId, bool talkOnly = false);
    void endStream(const QString &callControlId);
    void shutdown();
    // Another device chosen while running (Settings): reopened at once if a call is playing, else at the next.
    void setOutputDevice(const QByteArray &deviceId);
    void setInputDevice(const QByteArray &deviceId);

signals:
    void microphoneFrame(const QString &callControlId, const QByteArray &pcmu160);
    void levelsChanged(float remoteLevel, float micLevel);
    void deviceProblem(const QString &message);
    void recordingStarted(const QString &callControlId, const QString &filePath);

private:
    void tick();
    void onOutputsChanged();
    void onInputsChanged();
    void stopEverything();
    void report(const QString &message);
    void setNames();

    std::shared_ptr<AudioShared> m_shared;
    AudioOptions m_options;
    CallRecorder m_recorder;             // written by playback (remote, left) and capture (agent, right)
    AudioPlayback *m_playback = nullptr; // child: created in initialize(), on the audio thread
    AudioCapture *m_capture = nullptr;   // likewise
    QMediaDevices *m_devices = nullptr;
    DefaultOutputWatcher *m_defaultOutput = nullptr; // the sound server's own word on the default output
    QTimer *m_tick = nullptr;
    QTimer *m_retry = nullptr;

    QString m_callId;        // active stream, empty when idle
    bool m_draining = false; // stream ended, playing out what is queued
    QElapsedTimer m_drainClock;
    qint64 m_drainMs = 0;
    QElapsedTimer m_clock; // the pacing clock of the stream: 20 ms frames counted from its start
    qint64 m_paceFrames = 0;
};

} // namespace sb
