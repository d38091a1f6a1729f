// SPDX-License-Identifier: MIT
#pragma once

#include "audio/CallRecorder.h"
#include "audio/FormatConverter.h"
#include "media/JitterBuffer.h"
#include "audio/RingBuffer.h"

// Qt
#include <QAudioDevice>
#include <QAudioFormat>
#include <QByteArray>
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

// C++
#include <atomic>
#include <memory>
#include <vector>

class QAudioSink;
class QAudioSource;
class QIODevice;
class QMediaDevices;

namespace sb {

class DefaultOutputWatcher;

// What the owner's thread and the audio thread share. Everything here is either atomic or behind a mutex; nothing
// else crosses threads except queued signals and QMetaObject::invokeMethod (see AudioEngine).
struct AudioShared {
    mutable QMutex jitterMutex;
    JitterBuffer jitter; // guarded by jitterMutex: pushed on the owner's thread, pulled on the audio thread

    std::atomic<quint64> framesPlayed{0};
    std::atomic<quint64> outputUnderruns{0}; // times the device ran dry (its buffer emptied before we refilled it)
    std::atomic<bool> micMuted{false};
    std::atomic<float> speakerGain{1.0f}; // linear gain, 0 when the speaker is muted

    mutable QMutex namesMutex;
    QString outputName; // guarded by namesMutex
    QString inputName;
};

// The audio thread's half of AudioEngine: owns every device object (QMediaDevices, QAudioSink, QAudioSource), the
// pacing clock and the recorder. Created on the owner's thread, then moved to the audio thread; all its slots are
// called through queued invocations only.
class AudioWorker : public QObject {
    Q_OBJECT
public:
    struct Config {
        QByteArray outputDeviceId;
        QByteArray inputDeviceId;
        QString micFile;
        QString recordDir;
        bool playback = true;
        bool useDevicePreferredFormat = false;
        bool capture = true;
    };

    AudioWorker(std::shared_ptr<AudioShared> shared, Config config);
    ~AudioWorker() override;

public slots:
    void initialize();
    void beginStream(const QString &callControlId);
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
    static constexpr int kFrameSamples = 160; // 20 ms at 8 kHz
    static constexpr qint64 kFrameNs = 20'000'000;

    void tick();
    void onOutputsChanged();
    void onInputsChanged();

    QAudioDevice desiredOutput() const;
    QAudioDevice desiredInput() const;
    void openSink();
    void closeSink();
    void onSinkStateChanged();
    void handleSinkError();
    void feedSink();
    void openSource();
    void closeSource();
    void onSourceStateChanged();
    void handleSourceError();
    void readSource();
    void loadMicFile();

    void pullRemoteFrame(int16_t *out);
    void produceMicFrame();
    void emitLevels();
    void stopEverything();
    void report(const QString &message);
    void setNames();

    std::shared_ptr<AudioShared> m_shared;
    Config m_config;
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

    // Playback
    QAudioSink *m_sink = nullptr;
    QPointer<QIODevice> m_sinkIo; // owned by the sink, which may delete it when the device goes away
    QAudioDevice m_sinkDevice;
    FormatConverter m_sinkConverter;
    RingBuffer<char> m_sinkRing;
    QByteArray m_convertScratch;
    qsizetype m_sinkFrameBytes = 0;
    qsizetype m_sinkTargetBytes = 0;
    bool m_outputMissingReported = false;
    float m_gain = 1.0f; // gain applied to the last block (ramped towards speakerGain)

    // Microphone
    QAudioSource *m_source = nullptr;
    QPointer<QIODevice> m_sourceIo; // owned by the source, likewise
    QAudioDevice m_sourceDevice;
    FormatConverter m_sourceConverter;
    std::vector<int16_t> m_micFifo;
    bool m_micPrimed = false;
    bool m_inputMissingReported = false;
    std::vector<int16_t> m_micFileSamples;
    std::size_t m_micFilePos = 0;
    quint64 m_micUnderruns = 0;

    CallRecorder m_recorder;

    float m_remotePeak = 0;
    float m_micPeak = 0;
};

} // namespace sb
