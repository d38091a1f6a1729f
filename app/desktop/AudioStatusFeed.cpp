// SPDX-License-Identifier: MIT
#include "AudioStatusFeed.h"

#include "AudioStatus.h"
#include "CallAudioBridge.h"
#include "RemoteCallAudio.h"
#include "audio/AudioEngine.h"

namespace sb {

namespace {
// Device names and jitter figures are for the eye, not for timing: twice a second keeps the Settings and call pages
// current without waking the GUI thread per frame (the levels come by signal, at the engine's own pace).
constexpr int kPollMs = 500;
} // namespace

AudioStatusFeed::AudioStatusFeed(AudioEngine *engine, CallAudioBridge *bridge, AudioStatus *status, QObject *parent)
    : AudioStatusFeed(engine, status, parent)
{
    connect(bridge, &CallAudioBridge::activeCallChanged, this,
            [this](const QString &callControlId) { setStreaming(!callControlId.isEmpty()); });
}

AudioStatusFeed::AudioStatusFeed(AudioEngine *engine, RemoteCallAudio *remote, AudioStatus *status, QObject *parent)
    : AudioStatusFeed(engine, status, parent)
{
    connect(remote, &RemoteCallAudio::callChanged, this,
            [this](const QString &callControlId) { setStreaming(!callControlId.isEmpty()); });
    connect(remote, &RemoteCallAudio::stateChanged, status, [status](RemoteCallAudio::State state) {
        switch (state) {
        case RemoteCallAudio::State::Idle:
            status->setLink(AudioStatus::LinkNone);
            return;
        case RemoteCallAudio::State::Connecting:
            status->setLink(AudioStatus::LinkConnecting);
            return;
        case RemoteCallAudio::State::Connected:
            status->setLink(AudioStatus::LinkConnected);
            return;
        case RemoteCallAudio::State::Reconnecting:
            status->setLink(AudioStatus::LinkReconnecting);
            return;
        }
    });
}

AudioStatusFeed::AudioStatusFeed(AudioEngine *engine, AudioStatus *status, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_status(status)
{
    connect(engine, &AudioEngine::levelsChanged, status, &AudioStatus::setLevels);
    connect(engine, &AudioEngine::deviceProblem, status, &AudioStatus::setDeviceProblem);
    connect(status, &AudioStatus::volumeRequested, engine, &AudioEngine::setSpeakerVolume);
    connect(status, &AudioStatus::speakerMuteRequested, engine, &AudioEngine::setSpeakerMuted);
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &AudioStatusFeed::poll);
    m_poll.start();
    poll();
}

void AudioStatusFeed::setStreaming(bool streaming)
{
    m_streaming = streaming;
    if (!m_streaming && m_status)
        m_status->streamEnded();
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
