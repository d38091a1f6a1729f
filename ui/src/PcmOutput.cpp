// SPDX-License-Identifier: MIT
#include "PcmOutput.h"

#include "UiLogging.h"
#include "dsp/DeviceFormat.h"

// Qt
#include <QAudioSink>
#include <QMediaDevices>

namespace sb {

namespace {

// The pump runs on the GUI thread every 10 ms: often enough that the 100 ms device buffer never runs dry even
// when a tick comes late, rarely enough to cost nothing measurable.
constexpr int kPumpMs = 10;
constexpr int kSinkBufferMs = 100;

} // namespace

PcmOutput::PcmOutput(QObject *parent)
    : QObject(parent)
{
    m_pump.setInterval(kPumpMs);
    m_pump.setTimerType(Qt::PreciseTimer);
    connect(&m_pump, &QTimer::timeout, this, &PcmOutput::pump);
}

PcmOutput::~PcmOutput()
{
    close();
}

bool PcmOutput::open(const QAudioDevice &device, QString *error)
{
    close();
    m_device = device.isNull() ? QMediaDevices::defaultAudioOutput() : device;
    if (m_device.isNull()) {
        if (error)
            *error = tr("No audio output device is available.");
        return false;
    }
    m_format = chooseFormat(m_device);
    if (!m_format.isValid()) {
        if (error)
            *error = tr("The audio device %1 offers no usable format.").arg(m_device.description());
        return false;
    }
    m_converter = FormatConverter(m_format);
    m_sink = std::make_unique<QAudioSink>(m_device, m_format);
    m_sink->setBufferSize(m_format.bytesForDuration(qint64(kSinkBufferMs) * 1000));
    connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State) {
        if (m_sink && m_sink->error() != QAudio::NoError && m_sink->error() != QAudio::UnderrunError) {
            qCWarning(lcUiAudio) << "audio output error" << m_sink->error();
            emit failed(tr("The audio device %1 stopped working.").arg(m_device.description()));
        }
    });
    m_io = m_sink->start();
    if (!m_io) {
        if (error)
            *error = tr("The audio device %1 could not be opened.").arg(m_device.description());
        m_sink.reset();
        return false;
    }
    qCInfo(lcUiAudio).noquote() << "playing on" << m_device.description() << m_format.sampleRate() << "Hz"
                                << m_format.channelCount() << "ch";
    m_pump.start();
    return true;
}

void PcmOutput::close()
{
    m_pump.stop();
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
        m_sink.reset();
    }
    m_io = nullptr;
    m_pending.clear();
}

void PcmOutput::setVolume(double volume01)
{
    if (m_sink)
        m_sink->setVolume(std::clamp(volume01, 0.0, 1.0));
}

void PcmOutput::write(const int16_t *samples, qsizetype count)
{
    if (!m_sink || count <= 0)
        return;
    m_converter.toDevice(std::span<const int16_t>(samples, std::size_t(count)), m_pending);
    const qsizetype limit = m_format.bytesForDuration(qint64(m_maxQueuedMs) * 1000);
    const qsizetype frame = m_format.bytesPerFrame(); // never 0 while a sink is open, but say so
    if (frame > 0 && m_pending.size() > limit) {
        const qsizetype drop = ((m_pending.size() - limit) / frame) * frame;
        m_pending.remove(0, drop);
    }
    pump();
}

void PcmOutput::pump()
{
    if (!m_sink || !m_io || m_pending.isEmpty())
        return;
    const qsizetype frame = m_format.bytesPerFrame();
    const qsizetype room = (qsizetype(m_sink->bytesFree()) / frame) * frame;
    const qsizetype n = std::min(room, m_pending.size());
    if (n <= 0)
        return;
    const qint64 written = m_io->write(m_pending.constData(), n);
    if (written > 0)
        m_pending.remove(0, written);
}

qint64 PcmOutput::queuedMs() const
{
    if (!m_sink)
        return 0;
    return m_format.durationForBytes(qint32(m_pending.size())) / 1000;
}

} // namespace sb
