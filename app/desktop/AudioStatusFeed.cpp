// SPDX-License-Identifier: MIT
#include "AudioStatusFeed.h"

#include "AudioStatus.h"
#include "CallAudioBridge.h"
#include "audio/AudioEngine.h"

namespace sb {

namespace {
// Device names and jitter figures are for the eye, not for timing: twice a second keeps the Settings and call pages
// current without waking the GUI thread per frame (the levels come by signal, at the engine's own pace).
constexpr int kPollMs = 500;
} // namespace

AudioStatusFeed::AudioStatusFeed(AudioEngine *engine, CallAudioBridge *bridge, AudioStatus *status, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_status(status)
{
    connect(engine, &AudioEngine::levelsChanged, status, &AudioStatus::setLevels);
    connect(engine, &AudioEngine::deviceProblem, status, &AudioStatus::setDeviceProblem);
    connect(status, &AudioStatus::volumeRequested, engine, &AudioEngine::setSpeakerVolume);
    connect(status, &AudioStatus::speakerMuteRequested, engine, &AudioEngine::setSpeakerMuted);
    connect(bridge, &CallAudioBridge::activeCallChanged, this, [this](const QString &callControlId) {
        m_streaming = !callControlId.isEmpty();
        if (!m_streaming && m_status)
            m_status->streamEnded();
    });
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &AudioStatusFeed::poll);
    m_poll.start();
    poll();
}

void AudioStatusFeed::poll()
{
    if (!m_engine || !m_status)
        return;
    m_status->setDeviceNames(m_engine->outputDeviceName(), m_engine->inputDeviceName());
    if (!m_streaming)
        return;
    const JitterBuffer::Stats stats = m_engine->jitterStats();
    m_status->setJitter(stats.depthMs, stats.targetMs, stats.concealedMs, stats.underruns);
}

} // namespace sb
