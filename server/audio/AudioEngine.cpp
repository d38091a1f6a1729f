// SPDX-License-Identifier: MIT
#include "audio/AudioEngine.h"

#include "audio/AudioLogging.h"
#include "audio/AudioWorker.h"

// Qt
#include <QAudio>
#include <QMutexLocker>

// C++
#include <algorithm>
#include <span>
#include <utility>

namespace sb {

AudioEngine::AudioEngine(AudioOptions options, QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<AudioShared>())
{
    m_worker = new AudioWorker(m_shared, std::move(options));
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("switchboard-audio"));
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &AudioWorker::microphoneFrame, this, &AudioEngine::onMicrophoneFrame);
    connect(m_worker, &AudioWorker::levelsChanged, this, &AudioEngine::levelsChanged);
    connect(m_worker, &AudioWorker::deviceProblem, this, &AudioEngine::deviceProblem);
    connect(m_worker, &AudioWorker::recordingStarted, this, &AudioEngine::recordingStarted);
    m_thread.start(QThread::TimeCriticalPriority);
    QMetaObject::invokeMethod(m_worker, &AudioWorker::initialize, Qt::QueuedConnection);
}

AudioEngine::~AudioEngine()
{
    // Devices are closed on their own thread, and before it stops; the worker is deleted there too (finished).
    QMetaObject::invokeMethod(m_worker, &AudioWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void AudioEngine::beginStream(const QString &callControlId, G711Law law)
{
    begin(callControlId, law, false);
}

void AudioEngine::beginTalk(const QString &callControlId)
{
    begin(callControlId, G711Law::MuLaw, true);
}

void AudioEngine::begin(const QString &callControlId, G711Law law, bool talkOnly)
{
    QString previous;
    {
        QMutexLocker lock(&m_shared->jitterMutex);
        previous = std::exchange(m_shared->streamCall, callControlId);
        m_shared->law = law;
        m_shared->jitter.reset();
        m_shared->playoutLatency.reset();
        m_shared->deviceWriteLatency.reset();
        m_shared->whisper.reset();
    }
    if (!previous.isEmpty() && previous != callControlId)
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, id = previous] { w->endStream(id); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, id = callControlId, talkOnly] { w->beginStream(id, talkOnly); }, Qt::QueuedConnection);
}

void AudioEngine::pushRemote(quint64 order, const QByteArray &encoded)
{
    if (encoded.isEmpty())
        return;
    const std::span<const uint8_t> codes(reinterpret_cast<const uint8_t *>(encoded.constData()),
                                         std::size_t(encoded.size()));
    QMutexLocker lock(&m_shared->jitterMutex);
    if (!m_shared->streamCall.isEmpty())
        pushLocked(order, codes);
}

void AudioEngine::pushLocked(quint64 order, std::span<const uint8_t> codes)
{
    // What plays before this frame: the jitter buffer's depth now, and what the device holds.
    const bool playing = m_shared->jitter.isPlaying();
    const int jitterMs = m_shared->jitter.depthSamples() * 1000 / m_shared->jitter.sampleRate();
    if (m_shared->jitter.pushEncoded(order, codes, m_shared->law) == JitterBuffer::PushResult::Accepted && playing) {
        m_shared->deviceWriteLatency.record(jitterMs);
        m_shared->playoutLatency.record(jitterMs + m_shared->deviceQueuedMs.load(std::memory_order_relaxed));
    }
}

bool AudioEngine::pushRemote(const QString &callControlId, quint64 order, const QByteArray &encoded)
{
    const std::span<const uint8_t> codes(reinterpret_cast<const uint8_t *>(encoded.constData()),
                                         std::size_t(encoded.size()));
    QMutexLocker lock(&m_shared->jitterMutex);
    if (callControlId.isEmpty() || callControlId != m_shared->streamCall)
        return false;
    if (!codes.empty())
        pushLocked(order, codes);
    return true;
}

bool AudioEngine::pushWhisper(const QString &callControlId, const QByteArray &pcmu)
{
    if (pcmu.isEmpty() || pcmu.size() > kMaxWhisperFrameBytes)
        return false;
    int16_t samples[kMaxWhisperFrameBytes];
    decodeMuLaw(std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(pcmu.constData()), std::size_t(pcmu.size())),
                samples);
    QMutexLocker lock(&m_shared->jitterMutex);
    if (callControlId.isEmpty() || callControlId != m_shared->streamCall)
        return false;
    m_shared->whisper.push(std::span<const int16_t>(samples, std::size_t(pcmu.size())));
    return true;
}

bool AudioEngine::isWhisperAudible() const
{
    QMutexLocker lock(&m_shared->jitterMutex);
    return m_shared->whisper.isSpeaking();
}

void AudioEngine::endStream(const QString &callControlId)
{
    {
        QMutexLocker lock(&m_shared->jitterMutex);
        if (callControlId.isEmpty() || callControlId != m_shared->streamCall)
            return;
        m_shared->streamCall.clear();
        m_shared->whisper.reset();
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, id = callControlId] { w->endStream(id); }, Qt::QueuedConnection);
}

QString AudioEngine::activeCallId() const
{
    QMutexLocker lock(&m_shared->jitterMutex);
    return m_shared->streamCall;
}

void AudioEngine::setSpeakerVolume(float volume01)
{
    m_volume = std::clamp(volume01, 0.0f, 1.0f);
    updateGain();
}

void AudioEngine::setSpeakerMuted(bool muted)
{
    m_speakerMuted = muted;
    updateGain();
}

void AudioEngine::updateGain()
{
    const float linear =
        m_speakerMuted
            ? 0.0f
            : float(QAudio::convertVolume(m_volume, QAudio::LogarithmicVolumeScale, QAudio::LinearVolumeScale));
    m_shared->speakerGain.store(linear, std::memory_order_relaxed);
}

void AudioEngine::setOutputDevice(const QByteArray &deviceId)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, deviceId] { worker->setOutputDevice(deviceId); }, Qt::QueuedConnection);
}

void AudioEngine::setInputDevice(const QByteArray &deviceId)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, deviceId] { worker->setInputDevice(deviceId); }, Qt::QueuedConnection);
}

void AudioEngine::setMicMuted(bool muted)
{
    m_shared->micMuted.store(muted, std::memory_order_relaxed);
}

void AudioEngine::onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu160)
{
    // Checked again here: frames already queued when the call was muted or ended must not leave.
    if (m_shared->micMuted.load(std::memory_order_relaxed) || callControlId != activeCallId())
        return;
    emit microphoneFrame(callControlId, pcmu160);
}

LatencyHistogram::Summary AudioEngine::playoutLatency() const
{
    QMutexLocker lock(&m_shared->jitterMutex);
    return m_shared->playoutLatency.summary();
}

LatencyHistogram::Summary AudioEngine::deviceWriteLatency() const
{
    QMutexLocker lock(&m_shared->jitterMutex);
    return m_shared->deviceWriteLatency.summary();
}

JitterBuffer::Stats AudioEngine::jitterStats() const
{
    QMutexLocker lock(&m_shared->jitterMutex);
    return m_shared->jitter.stats();
}

quint64 AudioEngine::framesPlayed() const
{
    return m_shared->framesPlayed.load(std::memory_order_relaxed);
}

quint64 AudioEngine::outputUnderruns() const
{
    return m_shared->outputUnderruns.load(std::memory_order_relaxed);
}

QString AudioEngine::outputDeviceName() const
{
    QMutexLocker lock(&m_shared->namesMutex);
    return m_shared->outputName;
}

AudioOutputState AudioEngine::outputState() const
{
    QMutexLocker lock(&m_shared->namesMutex);
    return m_shared->outputState;
}

QString AudioEngine::inputDeviceName() const
{
    QMutexLocker lock(&m_shared->namesMutex);
    return m_shared->inputName;
}

} // namespace sb
