// SPDX-License-Identifier: MIT
#include "AudioStatus.h"

#include "LanguageChange.h"

// Qt
#include <QDateTime>

namespace sb {

namespace {
// Health is judged over windows of 5 s: long enough that one lost packet does not flash a warning,
// short enough that a bad network shows within a few seconds.
constexpr qint64 kHealthWindowMs = 5000;
constexpr int kLevelTimeoutMs = 500;
} // namespace

AudioStatus::AudioStatus(QObject *parent)
    : QObject(parent)
{
    m_levelDecay.setSingleShot(true);
    m_levelDecay.setInterval(kLevelTimeoutMs);
    connect(&m_levelDecay, &QTimer::timeout, this, [this] {
        m_remoteLevel = m_micLevel = 0;
        emit levelsChanged();
    });
    onLanguageChange(this, [this] {
        emit jitterChanged();
        emit linkChanged();
    });
}

QString AudioStatus::healthText() const
{
    switch (m_health) {
    case Idle:
        return tr("No audio stream");
    case Good:
        return tr("Audio good");
    case Fair:
        return tr("Some audio lost");
    case Poor:
        return tr("Audio breaking up");
    }
    return {};
}

QString AudioStatus::linkText() const
{
    switch (m_link) {
    case LinkConnecting:
        return tr("Connecting audio…");
    case LinkReconnecting:
        return tr("Reconnecting audio…");
    case LinkNone:
    case LinkConnected:
        break;
    }
    return {};
}

void AudioStatus::setLink(Link link)
{
    if (m_link == link)
        return;
    m_link = link;
    emit linkChanged();
}

void AudioStatus::setVolume(double volume)
{
    volume = std::clamp(volume, 0.0, 1.0);
    if (qFuzzyCompare(m_volume, volume))
        return;
    m_volume = volume;
    emit volumeChanged();
    emit volumeRequested(float(volume));
}

void AudioStatus::setSpeakerMuted(bool muted)
{
    if (m_speakerMuted == muted)
        return;
    m_speakerMuted = muted;
    emit volumeChanged();
    emit speakerMuteRequested(muted);
}

void AudioStatus::setDeviceNames(const QString &output, const QString &input)
{
    if (m_output == output && m_input == input)
        return;
    m_output = output;
    m_input = input;
    emit devicesChanged();
}

void AudioStatus::setLevels(float remoteLevel, float micLevel)
{
    m_remoteLevel = std::clamp(double(remoteLevel), 0.0, 1.0);
    m_micLevel = std::clamp(double(micLevel), 0.0, 1.0);
    m_levelDecay.start();
    emit levelsChanged();
}

void AudioStatus::setJitter(int depthMs, int targetMs, quint64 concealedMs, quint64 underruns)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_health == Idle || qint64(concealedMs) < m_concealedMs) { // a new stream: counters restarted
        m_windowConcealed = qint64(concealedMs);
        m_windowStartMs = now;
        m_health = Good;
    } else if (now - m_windowStartMs >= kHealthWindowMs) {
        const double lost = double(qint64(concealedMs) - m_windowConcealed) / double(now - m_windowStartMs);
        m_health = lost > 0.10 ? Poor : lost > 0.02 ? Fair : Good;
        m_windowConcealed = qint64(concealedMs);
        m_windowStartMs = now;
    }
    m_depthMs = depthMs;
    m_targetMs = targetMs;
    m_concealedMs = qint64(concealedMs);
    m_underruns = qint64(underruns);
    emit jitterChanged();
}

void AudioStatus::setDeviceProblem(const QString &message)
{
    if (m_problem == message)
        return;
    m_problem = message;
    emit problemChanged();
}

void AudioStatus::streamEnded()
{
    m_health = Idle;
    m_depthMs = m_targetMs = 0;
    m_remoteLevel = m_micLevel = 0;
    emit jitterChanged();
    emit levelsChanged();
}

} // namespace sb
