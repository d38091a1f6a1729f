// SPDX-License-Identifier: MIT
#include "AudioStatusFeed.h"

#include "audio/AudioEngine.h"
#include "AudioStatus.h"
#include "CallAudioBridge.h"

namespace sb {

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
    m_poll.setInterval(500);
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
