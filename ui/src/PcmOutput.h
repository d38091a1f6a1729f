// SPDX-License-Identifier: MIT
#pragma once

#include "dsp/FormatConverter.h"
#include "dsp/Telephone.h"

// Qt
#include <QAudioDevice>
#include <QAudioFormat>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

// C++
#include <cstdint>
#include <memory>

class QAudioSink;
class QIODevice;

namespace sb {

// A small playback path for the dashboard's own sounds (a supervisor listening in, the test tone, key tones):
// 8 kHz mono 16-bit samples in, the device's format out.
//
//   write(samples) -> FormatConverter (resampling to the device rate, channel copy, sample format; the call
//   audio's own, from switchboard_dsp) -> pending bytes -> every 10 ms, as much as the sink has room for
//   -> QAudioSink (push mode)
//
// It lives on the GUI thread, unlike the agent's call audio (AudioEngine, its own thread): these sounds are
// not the agent's conversation, a hiccup of the GUI thread costs a click at worst, and at 8 kHz the work per
// 10 ms tick is a few hundred samples. `maxQueuedMs` bounds the latency: beyond it the oldest audio is dropped,
// so a listener never drifts behind the live call.
class PcmOutput : public QObject {
    Q_OBJECT
public:
    static constexpr int kInputRate = kTelephoneRate;
    // Default latency bound: a listener stays within 300 ms of the live call, and a GUI thread busy for a moment
    // (a page switch, a big history reload) still finds enough queued to play on.
    static constexpr int kDefaultMaxQueuedMs = 300;

    explicit PcmOutput(QObject *parent = nullptr);
    ~PcmOutput() override;

    // Opens `device` (null: the system default). False, with a sentence in *error, when there is none.
    bool open(const QAudioDevice &device, QString *error);
    void close();
    bool isOpen() const { return m_sink != nullptr; }
    QAudioFormat format() const { return m_format; }

    void setMaxQueuedMs(int ms) { m_maxQueuedMs = ms; }
    void setVolume(double volume01);
    // Queues mono 8 kHz samples.
    void write(const int16_t *samples, qsizetype count);
    qint64 queuedMs() const;

signals:
    void failed(const QString &message);

private:
    void pump();

    QAudioDevice m_device;
    QAudioFormat m_format;
    std::unique_ptr<QAudioSink> m_sink;
    QPointer<QIODevice> m_io;
    QByteArray m_pending;
    QTimer m_pump;
    FormatConverter m_converter; // keeps the resampler's history across writes, so 20 ms frames join cleanly
    int m_maxQueuedMs = kDefaultMaxQueuedMs;
};

} // namespace sb
