// SPDX-License-Identifier: MIT
#pragma once

#include "audio/DeviceLoss.h"
#include "dsp/FormatConverter.h"
#include "dsp/RingBuffer.h"

// Qt
#include <QAudioDevice>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

// C++
#include <cstdint>

class QAudioSink;
class QIODevice;

namespace sb {

class CallRecorder;
class DefaultOutputWatcher;
struct AudioOptions;
struct AudioShared;

// The playback half of the audio thread: the remote party, from the jitter buffer to the speaker.
//
//   jitter buffer -> 20 ms block -> recorder (as heard) -> volume ramp -> FormatConverter -> RingBuffer
//   -> QAudioSink (push mode, topped up by AudioWorker's 5 ms tick; the device's demand sets the pace)
//
// Owns the QAudioSink and follows the chosen output or the system default (DefaultOutputWatcher's word first,
// since Qt 6.4 misses a new default). Created and used on the audio thread only, by AudioWorker (AudioEngine.h
// has the thread rule and the timing figures).
class AudioPlayback : public QObject {
    Q_OBJECT
public:
    // `options`, `shared` and `recorder` belong to the AudioWorker that owns this and outlive it.
    AudioPlayback(const AudioOptions &options, AudioShared &shared, CallRecorder &recorder,
                  DefaultOutputWatcher *defaultOutput, QObject *parent);
    ~AudioPlayback() override;

    bool isOpen() const { return m_sink != nullptr; }
    QString deviceName() const; // empty when closed

    void open();
    void close();
    // Whether a call is playing: a lost or changed device is then replaced at once, else at the next call.
    void setCallActive(bool active) { m_active = active; }
    // The chosen output changed (options already updated): reopen on it, if open.
    void reopen();
    // The device list or the default changed, or the retry timer fired; `inUse`: a call is playing or draining.
    void devicesChanged(bool inUse);

    // Top the device up from the jitter buffer (only as far as it has room).
    void feed();
    // One 20 ms block from the jitter buffer, counted, metered and recorded: what the device plays, or what our
    // clock consumes when there is no device.
    void pullFrame(int16_t *out);
    // The loudest remote sample since the last call (0..1), for the meters.
    float takePeak();

signals:
    void problem(const QString &message);
    void deviceChanged(); // opened or closed: the names the engine reports have changed

private:
    QAudioDevice desiredOutput() const;
    void onSinkStateChanged();
    void handleSinkError();

    const AudioOptions &m_options;
    AudioShared &m_shared;
    CallRecorder &m_recorder;
    DefaultOutputWatcher *m_defaultOutput; // may be null (no sound server to ask)
    DeviceLoss m_loss;

    QAudioSink *m_sink = nullptr;
    QPointer<QIODevice> m_sinkIo; // owned by the sink, which may delete it when the device goes away
    QAudioDevice m_sinkDevice;
    FormatConverter m_converter;
    RingBuffer<char> m_ring;
    QByteArray m_convertScratch;
    qsizetype m_frameBytes = 0;
    qsizetype m_targetBytes = 0;
    float m_gain = 1.0f; // gain applied to the last block (ramped towards speakerGain)
    float m_peak = 0;
    bool m_active = false; // a call is playing: a lost device is replaced at once
};

} // namespace sb
