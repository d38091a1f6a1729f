// SPDX-License-Identifier: MIT
#include "audio/AudioWorker.h"

#include "audio/AudioCapture.h"
#include "audio/AudioLogging.h"
#include "audio/AudioPlayback.h"
#include "audio/DefaultOutputWatcher.h"
#include "dsp/Telephone.h"

// Qt
#include <QMediaDevices>
#include <QThread>
#include <QTimer>

// C++
#include <algorithm>

namespace sb {

namespace {

// Timing constants; AudioEngine.h explains them.
constexpr int kTickMs = 5;           // audio thread poll: device top-up and pacing deadlines
constexpr int kMaxCatchUpFrames = 5; // after a stall longer than 100 ms, skip frames instead of bursting
constexpr int kLevelEveryFrames = 5; // meters at 10 Hz
constexpr int kDrainExtraMs = 100;   // after endStream: queued depth + this, then the output is closed
constexpr int kRetryMs = 2000;       // look for a missing device again (besides QMediaDevices' change signals)

} // namespace

AudioWorker::AudioWorker(std::shared_ptr<AudioShared> shared, AudioOptions options)
    : m_shared(std::move(shared))
    , m_options(std::move(options))
{
}

AudioWorker::~AudioWorker()
{
    stopEverything();
}

void AudioWorker::initialize()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_options.playback || m_options.capture) {
        // Without devices (--no-audio) nothing here touches the sound system at all.
        m_devices = new QMediaDevices(this);
        // Explicitly queued: the backend may emit these from its own thread; we only touch devices on ours.
        connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &AudioWorker::onOutputsChanged,
                Qt::QueuedConnection);
        connect(m_devices, &QMediaDevices::audioInputsChanged, this, &AudioWorker::onInputsChanged,
                Qt::QueuedConnection);
    }
    if (m_options.playback) {
        m_defaultOutput = new DefaultOutputWatcher(this);
        connect(m_defaultOutput, &DefaultOutputWatcher::defaultOutputChanged, this, &AudioWorker::onOutputsChanged);
    }
    m_playback = new AudioPlayback(m_options, *m_shared, m_recorder, m_defaultOutput, this);
    m_capture = new AudioCapture(m_options, *m_shared, m_recorder, this);
    connect(m_playback, &AudioPlayback::problem, this, &AudioWorker::report);
    connect(m_playback, &AudioPlayback::deviceChanged, this, &AudioWorker::setNames);
    connect(m_capture, &AudioCapture::problem, this, &AudioWorker::report);
    connect(m_capture, &AudioCapture::deviceChanged, this, &AudioWorker::setNames);
    m_tick = new QTimer(this);
    m_tick->setTimerType(Qt::PreciseTimer);
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, this, &AudioWorker::tick);
    m_retry = new QTimer(this);
    m_retry->setInterval(kRetryMs);
    connect(m_retry, &QTimer::timeout, this, [this] {
        onOutputsChanged();
        onInputsChanged();
    });
    if (!m_options.micFile.isEmpty())
        m_capture->loadMicFile();
    setNames();
}

void AudioWorker::setOutputDevice(const QByteArray &deviceId)
{
    if (deviceId == m_options.outputDeviceId)
        return;
    m_options.outputDeviceId = deviceId;
    m_playback->reopen();
}

void AudioWorker::setInputDevice(const QByteArray &deviceId)
{
    if (deviceId == m_options.inputDeviceId)
        return;
    m_options.inputDeviceId = deviceId;
    m_capture->reopen();
}

void AudioWorker::beginStream(const QString &callControlId, bool talkOnly)
{
    m_callId = callControlId;
    m_draining = false;
    m_clock.start();
    m_paceFrames = 0;
    m_capture->restart();
    m_playback->takePeak(); // the meters start from this stream's audio
    m_playback->setCallActive(!talkOnly);
    m_capture->setCallActive(true);
    if (m_options.playback && !talkOnly && !m_playback->isOpen())
        m_playback->open();
    m_capture->open();
    if (!m_options.recordDir.isEmpty() && !talkOnly) {
        if (m_recorder.start(m_options.recordDir, callControlId)) {
            qCInfo(lcAudio) << "recording to" << m_recorder.filePath();
            emit recordingStarted(callControlId, m_recorder.filePath());
        } else
            report(QStringLiteral("recording failed: %1").arg(m_recorder.errorString()));
    }
    m_tick->start();
    m_retry->start();
}

void AudioWorker::endStream(const QString &callControlId)
{
    if (callControlId != m_callId)
        return;
    m_capture->setCallActive(false);
    m_playback->setCallActive(false);
    m_capture->close();
    if (m_recorder.isRecording()) {
        m_recorder.stop();
        qCInfo(lcAudio) << "recording closed:" << m_recorder.filePath();
    }
    m_callId.clear();
    m_retry->stop();
    // Play out what is still queued (jitter buffer + device), then close the output.
    int depthMs;
    {
        QMutexLocker lock(&m_shared->jitterMutex);
        depthMs = m_shared->jitter.stats().depthMs;
    }
    m_draining = true;
    m_drainMs = depthMs + kDrainExtraMs;
    m_drainClock.start();
}

void AudioWorker::shutdown()
{
    stopEverything();
}

void AudioWorker::stopEverything()
{
    if (m_tick)
        m_tick->stop();
    if (m_retry)
        m_retry->stop();
    m_recorder.stop();
    if (m_capture) {
        m_capture->setCallActive(false);
        m_capture->close();
    }
    if (m_playback) {
        m_playback->setCallActive(false);
        m_playback->close();
    }
    m_callId.clear();
    m_draining = false;
}

// ---- the clock -------------------------------------------------------------------------------------------------

void AudioWorker::tick()
{
    if (m_draining && m_drainClock.elapsed() >= m_drainMs) {
        m_draining = false;
        m_tick->stop();
        m_playback->close();
        return;
    }
    // 1. Output: the device's demand pulls from the jitter buffer (see AudioPlayback::feed).
    if (m_playback->isOpen())
        m_playback->feed();

    if (m_callId.isEmpty())
        return;
    // 2. The 20 ms pacing clock: deadlines are counted from the stream's start on a monotonic clock, so timer
    //    lateness never accumulates (drift correction): a late tick just finds more deadlines due.
    const qint64 due = m_clock.nsecsElapsed() / kFrameNs;
    if (due - m_paceFrames > kMaxCatchUpFrames) {
        qCDebug(lcAudio) << "audio thread stalled," << (due - m_paceFrames) * kFrameMs << "ms skipped";
        m_paceFrames = due - 1;
    }
    while (m_paceFrames < due) {
        ++m_paceFrames;
        if (!m_playback->isOpen()) {
            // No output device (disabled, missing or lost): our clock consumes the remote audio instead, so the
            // jitter buffer, the recording and the meters keep running and nothing piles up.
            int16_t frame[kFrameSamples];
            m_playback->pullFrame(frame);
        }
        const QByteArray pcmu = m_capture->nextFrame();
        if (!pcmu.isEmpty())
            emit microphoneFrame(m_callId, pcmu);
        if (m_paceFrames % kLevelEveryFrames == 0)
            emit levelsChanged(std::min(m_playback->takePeak(), 1.0f), std::min(m_capture->takePeak(), 1.0f));
    }
}

void AudioWorker::onOutputsChanged()
{
    m_playback->devicesChanged(!m_callId.isEmpty() || m_draining);
}

void AudioWorker::onInputsChanged()
{
    m_capture->devicesChanged();
}

// ---- reporting -------------------------------------------------------------------------------------------------

void AudioWorker::report(const QString &message)
{
    qCWarning(lcAudio).noquote() << message;
    emit deviceProblem(message);
}

void AudioWorker::setNames()
{
    const AudioOutputState state = !m_options.playback    ? AudioOutputState::Disabled
                                   : m_playback->isOpen() ? AudioOutputState::Open
                                                          : AudioOutputState::None;
    // The name keeps saying why there is none when playback is off: it is shown as it is (logs, Settings).
    const QString out =
        state == AudioOutputState::Disabled ? QStringLiteral("(playback disabled)") : m_playback->deviceName();
    const QString in = m_capture->deviceName();
    QMutexLocker lock(&m_shared->namesMutex);
    m_shared->outputName = out;
    m_shared->inputName = in;
    m_shared->outputState = state;
}

} // namespace sb
