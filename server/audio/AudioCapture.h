// SPDX-License-Identifier: MIT
#pragma once

#include "audio/DeviceLoss.h"
#include "dsp/FormatConverter.h"

// Qt
#include <QAudioDevice>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

// C++
#include <cstdint>
#include <vector>

class QAudioSource;
class QIODevice;

namespace sb {

class CallRecorder;
struct AudioOptions;
struct AudioShared;

// The capture half of the audio thread: the agent's voice, from the microphone (or --mic-file) to PCMU frames.
//
//   QAudioSource -> FormatConverter (to 8 kHz mono) -> FIFO -+-> nextFrame() at each 20 ms deadline of
//   --mic-file (looped) -------------------------------------+   AudioWorker's pacing clock -> recorder, PCMU
//
// Owns the QAudioSource and follows the chosen input or the system default. Created and used on the audio thread
// only, by AudioWorker (AudioEngine.h has the thread rule and the timing figures).
class AudioCapture : public QObject {
    Q_OBJECT
public:
    // `options`, `shared` and `recorder` belong to the AudioWorker that owns this and outlive it.
    AudioCapture(const AudioOptions &options, AudioShared &shared, CallRecorder &recorder, QObject *parent);
    ~AudioCapture() override;

    // "file: NAME.wav" with --mic-file, the device while one is open, else empty.
    QString deviceName() const;

    void loadMicFile(); // --mic-file: read it once, at start
    void open();        // no-op with --mic-file or without capture
    void close();
    // Whether a call is running: a lost or changed device is then replaced at once, else at the next call.
    void setCallActive(bool active) { m_active = active; }
    void restart(); // a new stream: the file from its start, an empty FIFO
    // The chosen input changed (options already updated): reopen on it, if open.
    void reopen();
    // The device list changed, or the retry timer fired.
    void devicesChanged();

    // The agent's next 20 ms as PCMU, recorded on the way; empty (and silence recorded) when muted or when there
    // is no microphone: nothing is sent then.
    QByteArray nextFrame();
    // The loudest sample sent since the last call (0..1), for the meters.
    float takePeak();

signals:
    void problem(const QString &message);
    void deviceChanged(); // opened or closed: the names the engine reports have changed

private:
    QAudioDevice desiredInput() const;
    void onSourceStateChanged();
    void handleSourceError();
    void readSource();
    bool takeSamples(int16_t *frame);

    const AudioOptions &m_options;
    AudioShared &m_shared;
    CallRecorder &m_recorder;
    DeviceLoss m_loss;

    QAudioSource *m_source = nullptr;
    QPointer<QIODevice> m_sourceIo; // owned by the source, which may delete it when the device goes away
    QAudioDevice m_sourceDevice;
    FormatConverter m_converter;
    std::vector<int16_t> m_fifo;
    bool m_primed = false;
    std::vector<int16_t> m_fileSamples;
    std::size_t m_filePos = 0;
    float m_peak = 0;
    bool m_active = false;
};

} // namespace sb
