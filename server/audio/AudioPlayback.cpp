// SPDX-License-Identifier: MIT
#include "audio/AudioPlayback.h"

#include "audio/AudioLogging.h"
#include "audio/AudioOptions.h"
#include "audio/AudioWorker.h"
#include "audio/CallRecorder.h"
#include "audio/DefaultOutputWatcher.h"
#include "dsp/DeviceFormat.h"
#include "dsp/Telephone.h"

// Qt
#include <QAudioSink>
#include <QMediaDevices>
#include <QMutexLocker>
#include <QScopeGuard>

// C++
#include <algorithm>
#include <cmath>
#include <utility>

namespace sb {

namespace {

// AudioEngine.h explains these figures.
constexpr int kSinkBufferMs = 40;    // asked of the output device
constexpr int kSinkMaxQueuedMs = 40; // never keep more than this queued in the device, whatever it granted
// The ring holds one converted block plus its remainder; two blocks and some slack, since resampled blocks
// vary by a sample.
constexpr int kRingBlocks = 2;
constexpr int kRingSlackBytes = 64;

} // namespace

AudioPlayback::AudioPlayback(const AudioOptions &options, AudioShared &shared, CallRecorder &recorder,
                             DefaultOutputWatcher *defaultOutput, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_shared(shared)
    , m_recorder(recorder)
    , m_defaultOutput(defaultOutput)
    , m_loss(QStringLiteral("audio output"),
             QStringLiteral("no audio output device: the call is received but not played"),
             [this](const QString &message) { emit problem(message); })
{
}

AudioPlayback::~AudioPlayback()
{
    close();
}

QString AudioPlayback::deviceName() const
{
    return m_sink ? m_sinkDevice.description() : QString();
}

QAudioDevice AudioPlayback::desiredOutput() const
{
    // The chosen device; if there is none or it is missing, the default until it returns. The sound server's word
    // on the default comes first: Qt 6.4 does not notice when it changes (DefaultOutputWatcher).
    const QByteArray soundServerDefault = m_defaultOutput ? m_defaultOutput->defaultOutputId() : QByteArray();
    return DeviceLoss::pick(QMediaDevices::audioOutputs(), {m_options.outputDeviceId, soundServerDefault},
                            QMediaDevices::defaultAudioOutput());
}

void AudioPlayback::open()
{
    if (m_sink)
        return; // opened meanwhile (a device change handled while the last sink was being deleted, see close())
    const QAudioDevice device = desiredOutput();
    if (device.isNull()) {
        m_loss.absent();
        return;
    }
    if (!m_options.outputDeviceId.isEmpty() && device.id() != m_options.outputDeviceId)
        qCWarning(lcAudio) << "output device" << m_options.outputDeviceId << "not present, using"
                           << device.description();
    const QAudioFormat format = chooseFormat(device, m_options.useDevicePreferredFormat);
    m_sink = new QAudioSink(device, format, this);
    m_sink->setBufferSize(format.bytesForDuration(qint64(kSinkBufferMs) * 1000));
    m_sinkIo = m_sink->start();
    if (!m_sinkIo) {
        qCWarning(lcAudio) << "cannot open output" << device.description() << "error" << m_sink->error();
        delete std::exchange(m_sink, nullptr); // detached first, see close()
        m_loss.openFailed(device.description());
        return;
    }
    connect(m_sink, &QAudioSink::stateChanged, this, &AudioPlayback::onSinkStateChanged);
    m_sinkDevice = device;
    m_converter = FormatConverter(format);
    m_frameBytes = format.bytesForDuration(qint64(kFrameMs) * 1000);
    m_targetBytes = std::min<qsizetype>(m_sink->bufferSize(), format.bytesForDuration(qint64(kSinkMaxQueuedMs) * 1000));
    m_targetBytes = std::max(m_targetBytes, m_frameBytes);
    m_ring = RingBuffer<char>(kRingBlocks * m_frameBytes + kRingSlackBytes);
    m_loss.opened(device.description());
    qCInfo(lcAudio).noquote() << "output:" << device.description() << "(" + QString::fromUtf8(device.id()) + ")"
                              << describeFormat(format) << "buffer" << m_sink->bufferSize() << "bytes";
    emit deviceChanged();
}

void AudioPlayback::close()
{
    if (!m_sink)
        return;
    // Detached before it is stopped and deleted: Qt 6.4's PulseAudio sink runs the event loop in its destructor
    // (QCoreApplication::processEvents), so a queued device change may come back into close() or open() while it
    // is being deleted; nothing of ours may point at it by then (else: a second delete of the same sink).
    QAudioSink *sink = std::exchange(m_sink, nullptr);
    disconnect(sink, nullptr, this, nullptr);
    m_sinkIo = nullptr;
    m_sinkDevice = QAudioDevice();
    m_ring.clear();
    sink->stop();
    delete sink; // never called from one of its own signals (see onSinkStateChanged)
    emit deviceChanged();
}

void AudioPlayback::reopen()
{
    if (!m_sink)
        return;
    close();
    if (m_active && m_options.playback)
        open();
}

void AudioPlayback::onSinkStateChanged()
{
    if (m_sink && m_sink->state() == QAudio::IdleState && m_sink->error() == QAudio::UnderrunError)
        m_shared.outputUnderruns.fetch_add(1, std::memory_order_relaxed);
    if (!DeviceLoss::hasFailed(m_sink))
        return;
    // Handle it from the event loop, not inside the sink's own signal: closing deletes the sink.
    QMetaObject::invokeMethod(this, &AudioPlayback::handleSinkError, Qt::QueuedConnection);
}

void AudioPlayback::handleSinkError()
{
    if (!DeviceLoss::hasFailed(m_sink))
        return;
    const QString name = m_sinkDevice.description();
    qCWarning(lcAudio) << "output" << name << "lost, error" << m_sink->error();
    close();
    m_loss.lost(name);
    if (m_active)
        open(); // another device (the new default) may already be there
}

void AudioPlayback::devicesChanged(bool inUse)
{
    if (!m_options.playback || !inUse)
        return;
    if (m_sink) {
        const auto outputs = QMediaDevices::audioOutputs();
        const bool present = std::any_of(outputs.begin(), outputs.end(),
                                         [this](const QAudioDevice &d) { return d.id() == m_sinkDevice.id(); });
        if (!present) { // some backends keep a stream on a vanished device "playing" into nothing
            const QString name = m_sinkDevice.description();
            close();
            m_loss.lost(name);
        }
    }
    const QAudioDevice want = desiredOutput();
    if (m_sink && !want.isNull() && want.id() == m_sinkDevice.id())
        return;
    if (m_sink && want.isNull())
        return; // nothing better to go to; if ours is gone, its error brings us back here
    if (m_sink) {
        qCInfo(lcAudio) << "output device changed to" << want.description();
        close();
    }
    open();
}

void AudioPlayback::pullFrame(int16_t *out)
{
    const std::span<int16_t> frame(out, kFrameSamples);
    {
        QMutexLocker lock(&m_shared.jitterMutex);
        m_shared.jitter.pull(frame);
        m_shared.whisper.mixInto(frame); // heard and recorded as the agent hears it
    }
    m_shared.framesPlayed.fetch_add(1, std::memory_order_relaxed);
    m_peak = std::max(m_peak, peakOf(frame));
    m_recorder.addRemote(frame); // as heard, before the speaker volume
}

float AudioPlayback::takePeak()
{
    return std::exchange(m_peak, 0.0f);
}

// Device demand is the playback clock: we add a 20 ms block only when the device has room for it, so the device's
// crystal, not a timer of ours, sets the pace at which the jitter buffer is read.
void AudioPlayback::feed()
{
    const auto drain = [this] {
        while (m_sink && m_sinkIo && !m_ring.isEmpty()) {
            const auto part = m_ring.readable();
            const qsizetype room = std::min<qsizetype>(m_sink->bytesFree(), qsizetype(part.size()));
            if (room <= 0)
                return;
            const qint64 written = m_sinkIo->write(part.data(), room);
            if (written <= 0)
                return;
            m_ring.discard(written);
        }
    };
    // However this feed ends: what the device and the ring now hold ahead of the next frame (playout latency).
    const auto noteQueued = qScopeGuard([this] {
        const qsizetype held = m_sink ? m_sink->bufferSize() - m_sink->bytesFree() + qsizetype(m_ring.size()) : 0;
        m_shared.deviceQueuedMs.store(m_sink ? int(m_sink->format().durationForBytes(qint32(held)) / 1000) : 0,
                                      std::memory_order_relaxed);
    });
    drain();
    while (m_sink && m_ring.isEmpty()) {
        const qsizetype queued = m_sink->bufferSize() - m_sink->bytesFree();
        // Fill the device up completely (a partial block waits in the ring): PulseAudio does not start a stream
        // before its buffer is full once (prebuf), and a half-full buffer only invites underruns.
        if (queued >= m_targetBytes || m_sink->bytesFree() <= 0)
            return;
        int16_t frame[kFrameSamples];
        pullFrame(frame);
        // Speaker volume: ramp across the block from the previous gain, so a change never clicks.
        const float target = m_shared.speakerGain.load(std::memory_order_relaxed);
        if (target != 1.0f || m_gain != 1.0f) {
            for (int i = 0; i < kFrameSamples; ++i) {
                const float g = m_gain + (target - m_gain) * float(i + 1) / kFrameSamples;
                frame[i] = int16_t(std::lround(frame[i] * g));
            }
            m_gain = target;
        }
        m_convertScratch.clear();
        m_converter.toDevice(std::span<const int16_t>(frame, kFrameSamples), m_convertScratch);
        m_ring.write(std::span<const char>(m_convertScratch.constData(), std::size_t(m_convertScratch.size())));
        drain();
    }
}

} // namespace sb
