// SPDX-License-Identifier: MIT
#include "Ringer.h"

#include "PcmOutput.h"
#include "UiLogging.h"
#include "UiSettings.h"

// Qt
#include <QMediaDevices>

// C++
#include <algorithm>
#include <cmath>
#include <numbers>

namespace sb {

namespace {

constexpr qint64 kCycle = qint64(Ringer::kRate) * (Ringer::kOnMs + Ringer::kOffMs) / 1000;
constexpr qint64 kOn = qint64(Ringer::kRate) * Ringer::kOnMs / 1000;
// 10 ms ramps at each end of a burst: a tone switched on or off at full level clicks.
constexpr qint64 kRamp = Ringer::kRate / 100;
// Each tone at a quarter of full scale: their sum peaks at half, loud and far from clipping after the resampler.
constexpr double kLevel = 0.25 * 32767.0;

} // namespace

Ringer::Ringer(UiSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_tick.setInterval(kTickMs);
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &Ringer::fill);
    if (m_settings) {
        // A new device while ringing: the ring moves there at once (the cadence goes on where it was).
        connect(m_settings, &UiSettings::ringerDeviceChanged, this, [this] {
            if (isPlaying()) {
                const qint64 position = m_position;
                stop();
                start();
                m_position = position;
            }
        });
    }
}

Ringer::~Ringer() = default;

void Ringer::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    if (!m_enabled)
        stop();
    else if (m_ringing)
        start();
}

void Ringer::setRinging(bool ringing)
{
    if (m_ringing == ringing)
        return;
    m_ringing = ringing;
    emit ringingChanged();
    if (m_ringing && m_enabled) {
        m_position = 0;
        start();
    } else {
        stop();
    }
}

bool Ringer::isPlaying() const
{
    return m_output && m_output->isOpen();
}

QAudioDevice Ringer::device() const
{
    const QByteArray id = m_settings ? m_settings->ringerDevice().toUtf8() : QByteArray();
    if (!id.isEmpty()) {
        const QList<QAudioDevice> outputs = QMediaDevices::audioOutputs();
        const auto it =
            std::find_if(outputs.cbegin(), outputs.cend(), [&id](const QAudioDevice &d) { return d.id() == id; });
        if (it != outputs.cend())
            return *it;
        qCInfo(lcUiAudio).noquote() << "the ringer device" << id << "is gone; ringing on the system default";
    }
    return QMediaDevices::defaultAudioOutput();
}

void Ringer::start()
{
    if (isPlaying())
        return;
    m_output = std::make_unique<PcmOutput>();
    m_output->setMaxQueuedMs(kAheadMs * 3);
    QString error;
    if (!m_output->open(device(), &error)) {
        qCWarning(lcUiAudio).noquote() << "the ringer cannot play:" << error;
        m_output.reset();
        emit failed(error);
        return;
    }
    qCInfo(lcUiAudio).noquote() << "ringing on" << device().description();
    fill();
    m_tick.start();
    emit playingChanged();
}

void Ringer::stop()
{
    m_tick.stop();
    if (!m_output)
        return;
    m_output->close();
    m_output.reset();
    emit playingChanged();
}

void Ringer::fill()
{
    if (!isPlaying())
        return;
    const double volume = m_settings ? m_settings->ringerVolume() : 1.0;
    const qsizetype step = kRate * kTickMs / 1000;
    while (m_output->queuedMs() < kAheadMs) {
        const std::vector<int16_t> samples = cadence(m_position, step, volume);
        m_output->write(samples.data(), qsizetype(samples.size()));
        m_position += step;
    }
}

std::vector<int16_t> Ringer::cadence(qint64 from, qsizetype count, double volume)
{
    std::vector<int16_t> out(std::size_t(std::max<qsizetype>(count, 0)));
    const double gain = kLevel * std::clamp(volume, 0.0, 1.0);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const qint64 n = from + qint64(i);
        const qint64 inCycle = n % kCycle;
        if (inCycle >= kOn)
            continue; // the 4 s pause
        const double ramp = double(std::min({inCycle, kOn - 1 - inCycle, kRamp})) / double(kRamp);
        const double t = double(n) / kRate;
        const double v = std::sin(2 * std::numbers::pi * kToneA * t) + std::sin(2 * std::numbers::pi * kToneB * t);
        out[i] = int16_t(std::lround(gain * ramp * v));
    }
    return out;
}

} // namespace sb
