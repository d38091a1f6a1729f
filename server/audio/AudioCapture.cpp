// SPDX-License-Identifier: MIT
#include "audio/AudioCapture.h"

#include "audio/AudioLogging.h"
#include "audio/AudioOptions.h"
#include "audio/AudioWorker.h"
#include "audio/CallRecorder.h"
#include "dsp/DeviceFormat.h"
#include "dsp/Telephone.h"
#include "dsp/WavFile.h"
#include "media/G711.h"

// Qt
#include <QAudioSource>
#include <QFileInfo>
#include <QMediaDevices>

// C++
#include <algorithm>
#include <utility>

namespace sb {

namespace {

// AudioEngine.h explains these figures.
constexpr int kSourceBufferMs = 40; // asked of the input device
constexpr int kMicPrimeMs = 40;     // queued before the first microphone frame is taken
constexpr int kMicMaxMs = 200;      // beyond this the input clock runs ahead of ours: drop the oldest
constexpr qsizetype kMicPrimeSamples = kMicPrimeMs * kTelephoneRate / 1000;
constexpr qsizetype kMicMaxSamples = kMicMaxMs * kTelephoneRate / 1000;

} // namespace

AudioCapture::AudioCapture(const AudioOptions &options, AudioShared &shared, CallRecorder &recorder, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_shared(shared)
    , m_recorder(recorder)
    // Choice: send nothing rather than fabricated silence. Telnyx then plays comfort noise of its own, and a
    // missing microphone shows up as a problem instead of as a call where the agent "says nothing".
    , m_loss(QStringLiteral("microphone"), QStringLiteral("no microphone: nothing is sent to the caller"),
             [this](const QString &message) { emit problem(message); })
{
}

AudioCapture::~AudioCapture()
{
    close();
}

QString AudioCapture::deviceName() const
{
    if (!m_options.micFile.isEmpty())
        return QStringLiteral("file: %1").arg(QFileInfo(m_options.micFile).fileName());
    return m_source ? m_sourceDevice.description() : QString();
}

void AudioCapture::loadMicFile()
{
    QString error;
    auto samples = readWavAsTelephone(m_options.micFile, &error);
    if (!samples || samples->empty()) {
        emit problem(QStringLiteral("microphone file unusable, no microphone audio will be sent: %1")
                         .arg(error.isEmpty() ? m_options.micFile : error));
        return;
    }
    m_fileSamples = std::move(*samples);
    qCInfo(lcAudio) << "microphone: file" << m_options.micFile << double(m_fileSamples.size()) / kTelephoneRate
                    << "s, looped";
}

QAudioDevice AudioCapture::desiredInput() const
{
    return DeviceLoss::pick(QMediaDevices::audioInputs(), {m_options.inputDeviceId},
                            QMediaDevices::defaultAudioInput());
}

void AudioCapture::open()
{
    if (!m_options.micFile.isEmpty() || m_source)
        return;
    if (!m_options.capture)
        return; // --no-audio: no microphone at all, not even the system default
    const QAudioDevice device = desiredInput();
    if (device.isNull()) {
        m_loss.absent();
        return;
    }
    const QAudioFormat format = chooseFormat(device, m_options.useDevicePreferredFormat);
    m_source = new QAudioSource(device, format, this);
    m_source->setBufferSize(format.bytesForDuration(qint64(kSourceBufferMs) * 1000));
    m_sourceIo = m_source->start();
    if (!m_sourceIo) {
        qCWarning(lcAudio) << "cannot open input" << device.description() << "error" << m_source->error();
        delete std::exchange(m_source, nullptr); // detached first, see close()
        m_loss.openFailed(device.description());
        return;
    }
    connect(m_source, &QAudioSource::stateChanged, this, &AudioCapture::onSourceStateChanged);
    connect(m_sourceIo, &QIODevice::readyRead, this, &AudioCapture::readSource);
    m_sourceDevice = device;
    m_converter = FormatConverter(format);
    m_loss.opened(device.description());
    qCInfo(lcAudio).noquote() << "input:" << device.description() << "(" + QString::fromUtf8(device.id()) + ")"
                              << describeFormat(format);
    emit deviceChanged();
}

void AudioCapture::close()
{
    if (!m_source)
        return;
    // Detached before it is stopped and deleted, as in AudioPlayback::close(): Qt's PulseAudio backend may run the
    // event loop while a stream closes, and a queued device change may come back here meanwhile.
    QAudioSource *source = std::exchange(m_source, nullptr);
    disconnect(source, nullptr, this, nullptr);
    if (m_sourceIo)
        disconnect(m_sourceIo, nullptr, this, nullptr);
    m_sourceIo = nullptr;
    m_sourceDevice = QAudioDevice();
    m_fifo.clear();
    m_primed = false;
    source->stop();
    delete source; // never called from one of its own signals (see onSourceStateChanged)
    emit deviceChanged();
}

void AudioCapture::restart()
{
    m_filePos = 0;
    m_fifo.clear();
    m_primed = false;
    m_peak = 0;
}

void AudioCapture::reopen()
{
    if (!m_source)
        return;
    close();
    if (m_active)
        open();
}

void AudioCapture::onSourceStateChanged()
{
    if (!DeviceLoss::hasFailed(m_source))
        return;
    // Handle it from the event loop, not inside the source's own signal: closing deletes the source.
    QMetaObject::invokeMethod(this, &AudioCapture::handleSourceError, Qt::QueuedConnection);
}

void AudioCapture::handleSourceError()
{
    if (!DeviceLoss::hasFailed(m_source))
        return;
    const QString name = m_sourceDevice.description();
    qCWarning(lcAudio) << "input" << name << "lost, error" << m_source->error();
    close();
    m_loss.lost(name);
    if (m_active)
        open();
}

void AudioCapture::devicesChanged()
{
    if (!m_options.micFile.isEmpty() || !m_active)
        return;
    const QAudioDevice want = desiredInput();
    if (m_source && (want.isNull() || want.id() == m_sourceDevice.id()))
        return;
    if (m_source) {
        qCInfo(lcAudio) << "input device changed to" << want.description();
        close();
    }
    open();
}

void AudioCapture::readSource()
{
    if (!m_sourceIo)
        return;
    const QByteArray bytes = m_sourceIo->readAll();
    m_converter.fromDevice(bytes, m_fifo);
    if (qsizetype(m_fifo.size()) > kMicMaxSamples) // input clock ahead of ours, or a burst: bound the delay
        m_fifo.erase(m_fifo.begin(), m_fifo.end() - kMicPrimeSamples);
}

// The next 20 ms of the file or the device; false when there is neither.
bool AudioCapture::takeSamples(int16_t *frame)
{
    if (!m_fileSamples.empty()) {
        for (int i = 0; i < kFrameSamples; ++i) {
            frame[i] = m_fileSamples[m_filePos];
            m_filePos = (m_filePos + 1) % m_fileSamples.size();
        }
        return true;
    }
    if (!m_source)
        return false;
    if (!m_primed && qsizetype(m_fifo.size()) >= kMicPrimeSamples)
        m_primed = true;
    if (m_primed && qsizetype(m_fifo.size()) >= kFrameSamples) {
        std::copy_n(m_fifo.begin(), kFrameSamples, frame);
        m_fifo.erase(m_fifo.begin(), m_fifo.begin() + kFrameSamples);
    } else {
        // The device is late: the clock does not wait for it. Send silence and prime again.
        std::fill_n(frame, kFrameSamples, int16_t(0));
        m_primed = false;
    }
    return true;
}

QByteArray AudioCapture::nextFrame()
{
    int16_t frame[kFrameSamples];
    const bool have = takeSamples(frame);
    const bool muted = m_shared.micMuted.load(std::memory_order_relaxed);
    if (!have || muted) {
        const int16_t silence[kFrameSamples] = {};
        m_recorder.addAgent(std::span<const int16_t>(silence, kFrameSamples));
        return {};
    }
    const std::span<const int16_t> samples(frame, kFrameSamples);
    m_peak = std::max(m_peak, peakOf(samples));
    m_recorder.addAgent(samples);
    QByteArray pcmu(kFrameSamples, Qt::Uninitialized);
    encodeMuLaw(samples, reinterpret_cast<uint8_t *>(pcmu.data()));
    return pcmu;
}

float AudioCapture::takePeak()
{
    return std::exchange(m_peak, 0.0f);
}

} // namespace sb
