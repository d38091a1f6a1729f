// SPDX-License-Identifier: MIT
#include "audio/AudioWorker.h"

#include "audio/AudioLogging.h"
#include "audio/DefaultOutputWatcher.h"
#include "media/G711.h"
#include "audio/WavFile.h"

// Qt
#include <QAudioSink>
#include <QAudioSource>
#include <QFileInfo>
#include <QMediaDevices>
#include <QThread>

// C++
#include <algorithm>
#include <cmath>

namespace sb {

namespace {

// Timing constants; AudioEngine.h explains them.
constexpr int kTickMs = 5;            // audio thread poll: device top-up and pacing deadlines
constexpr int kSinkBufferMs = 60;     // asked of the output device
constexpr int kSinkMaxQueuedMs = 80;  // never keep more than this queued in the device, whatever it granted
constexpr int kSourceBufferMs = 40;   // asked of the input device
constexpr int kMicPrimeSamples = 320; // 40 ms queued before the first microphone frame is taken
constexpr int kMicMaxSamples = 1600;  // 200 ms: beyond this the input clock runs ahead of ours; drop the oldest
constexpr int kMaxCatchUpFrames = 5;  // after a stall longer than 100 ms, skip frames instead of bursting
constexpr int kLevelEveryFrames = 5;  // meters at 10 Hz
constexpr int kDrainExtraMs = 100;    // after endStream: queued depth + this, then the output is closed
constexpr int kRetryMs = 2000;        // look for a missing device again (besides QMediaDevices' change signals)

qsizetype bytesFor(const QAudioFormat &format, int ms)
{
    return qsizetype(format.bytesForDuration(qint64(ms) * 1000));
}

float peakOf(const int16_t *s, int n)
{
    int peak = 0;
    for (int i = 0; i < n; ++i)
        peak = std::max(peak, std::abs(int(s[i])));
    return float(peak) / 32768.0f;
}

QAudioFormat chooseFormat(const QAudioDevice &device, bool preferDevice)
{
    const QAudioFormat telephone = FormatConverter::telephoneFormat();
    if (!preferDevice && device.isFormatSupported(telephone))
        return telephone;
    // The device's own format: we resample. Keep Int16 where the device takes it (no float conversion needed).
    QAudioFormat format = device.preferredFormat();
    QAudioFormat asInt16 = format;
    asInt16.setSampleFormat(QAudioFormat::Int16);
    if (device.isFormatSupported(asInt16) && !preferDevice)
        return asInt16;
    return format.isValid() ? format : telephone;
}

QString describe(const QAudioFormat &f)
{
    static const char *const names[] = {"unknown", "UInt8", "Int16", "Int32", "Float"};
    const int sf = int(f.sampleFormat());
    return QStringLiteral("%1 Hz, %2 ch, %3")
        .arg(f.sampleRate())
        .arg(f.channelCount())
        .arg(names[sf >= 0 && sf < 5 ? sf : 0]);
}

} // namespace

AudioWorker::AudioWorker(std::shared_ptr<AudioShared> shared, Config config)
    : m_shared(std::move(shared))
    , m_config(std::move(config))
{
}

AudioWorker::~AudioWorker()
{
    stopEverything();
}

void AudioWorker::initialize()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_config.playback || m_config.capture) {
        // Without devices (--no-audio) nothing here touches the sound system at all.
        m_devices = new QMediaDevices(this);
        // Explicitly queued: the backend may emit these from its own thread; we only touch devices on ours.
        connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &AudioWorker::onOutputsChanged,
                Qt::QueuedConnection);
        connect(m_devices, &QMediaDevices::audioInputsChanged, this, &AudioWorker::onInputsChanged,
                Qt::QueuedConnection);
    }
    if (m_config.playback) {
        m_defaultOutput = new DefaultOutputWatcher(this);
        connect(m_defaultOutput, &DefaultOutputWatcher::defaultOutputChanged, this, &AudioWorker::onOutputsChanged);
    }
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
    if (!m_config.micFile.isEmpty())
        loadMicFile();
    setNames();
}

void AudioWorker::loadMicFile()
{
    QString error;
    auto samples = readWavAsTelephone(m_config.micFile, &error);
    if (!samples || samples->empty()) {
        report(QStringLiteral("microphone file unusable, no microphone audio will be sent: %1")
                   .arg(error.isEmpty() ? m_config.micFile : error));
        return;
    }
    m_micFileSamples = std::move(*samples);
    qCInfo(lcAudio) << "microphone: file" << m_config.micFile << m_micFileSamples.size() / 8000.0 << "s, looped";
}

void AudioWorker::setOutputDevice(const QByteArray &deviceId)
{
    if (deviceId == m_config.outputDeviceId)
        return;
    m_config.outputDeviceId = deviceId;
    if (m_sink) {
        closeSink();
        if (!m_callId.isEmpty() && m_config.playback)
            openSink();
    }
}

void AudioWorker::setInputDevice(const QByteArray &deviceId)
{
    if (deviceId == m_config.inputDeviceId)
        return;
    m_config.inputDeviceId = deviceId;
    if (m_source) {
        closeSource();
        if (!m_callId.isEmpty() && m_config.micFile.isEmpty())
            openSource();
    }
}

void AudioWorker::beginStream(const QString &callControlId)
{
    m_callId = callControlId;
    m_draining = false;
    m_clock.start();
    m_paceFrames = 0;
    m_micFilePos = 0;
    m_micFifo.clear();
    m_micPrimed = false;
    m_remotePeak = m_micPeak = 0;
    if (m_config.playback && !m_sink)
        openSink();
    if (m_config.micFile.isEmpty() && !m_source)
        openSource();
    if (!m_config.recordDir.isEmpty()) {
        if (m_recorder.start(m_config.recordDir, callControlId)) {
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
    closeSource();
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
    closeSource();
    closeSink();
    m_callId.clear();
    m_draining = false;
}

// ---- the clock -------------------------------------------------------------------------------------------------

void AudioWorker::tick()
{
    if (m_draining && m_drainClock.elapsed() >= m_drainMs) {
        m_draining = false;
        m_tick->stop();
        closeSink();
        return;
    }
    // 1. Output: the device's demand pulls from the jitter buffer (see feedSink).
    if (m_sink)
        feedSink();

    if (m_callId.isEmpty())
        return;
    // 2. The 20 ms pacing clock: deadlines are counted from the stream's start on a monotonic clock, so timer
    //    lateness never accumulates (drift correction): a late tick just finds more deadlines due.
    const qint64 due = m_clock.nsecsElapsed() / kFrameNs;
    if (due - m_paceFrames > kMaxCatchUpFrames) {
        qCDebug(lcAudio) << "audio thread stalled," << (due - m_paceFrames) * 20 << "ms skipped";
        m_paceFrames = due - 1;
    }
    while (m_paceFrames < due) {
        ++m_paceFrames;
        if (!m_sink) {
            // No output device (disabled, missing or lost): our clock consumes the remote audio instead, so the
            // jitter buffer, the recording and the meters keep running and nothing piles up.
            int16_t frame[kFrameSamples];
            pullRemoteFrame(frame);
        }
        produceMicFrame();
        if (m_paceFrames % kLevelEveryFrames == 0)
            emitLevels();
    }
}

void AudioWorker::pullRemoteFrame(int16_t *out)
{
    {
        QMutexLocker lock(&m_shared->jitterMutex);
        m_shared->jitter.pull(std::span<int16_t>(out, kFrameSamples));
    }
    m_shared->framesPlayed.fetch_add(1, std::memory_order_relaxed);
    m_remotePeak = std::max(m_remotePeak, peakOf(out, kFrameSamples));
    m_recorder.addRemote(std::span<const int16_t>(out, kFrameSamples)); // as heard, before the speaker volume
}

// ---- playback --------------------------------------------------------------------------------------------------

QAudioDevice AudioWorker::desiredOutput() const
{
    if (!m_config.outputDeviceId.isEmpty()) {
        for (const QAudioDevice &d : QMediaDevices::audioOutputs())
            if (d.id() == m_config.outputDeviceId)
                return d;
    }
    // No choice, or the chosen one is missing (then the default until it returns). The sound server's word on
    // the default comes first: Qt 6.4 does not notice when it changes (DefaultOutputWatcher).
    if (m_defaultOutput && !m_defaultOutput->defaultOutputId().isEmpty()) {
        for (const QAudioDevice &d : QMediaDevices::audioOutputs())
            if (d.id() == m_defaultOutput->defaultOutputId())
                return d;
    }
    return QMediaDevices::defaultAudioOutput();
}

void AudioWorker::openSink()
{
    const QAudioDevice device = desiredOutput();
    if (device.isNull()) {
        if (!m_outputMissingReported)
            report(QStringLiteral("no audio output device: the call is received but not played"));
        m_outputMissingReported = true;
        return;
    }
    if (!m_config.outputDeviceId.isEmpty() && device.id() != m_config.outputDeviceId)
        qCWarning(lcAudio) << "output device" << m_config.outputDeviceId << "not present, using"
                           << device.description();
    const QAudioFormat format = chooseFormat(device, m_config.useDevicePreferredFormat);
    m_sink = new QAudioSink(device, format, this);
    m_sink->setBufferSize(bytesFor(format, kSinkBufferMs));
    m_sinkIo = m_sink->start();
    if (!m_sinkIo) {
        qCWarning(lcAudio) << "cannot open output" << device.description() << "error" << m_sink->error();
        delete m_sink;
        m_sink = nullptr;
        if (!m_outputMissingReported)
            report(QStringLiteral("audio output %1 could not be opened").arg(device.description()));
        m_outputMissingReported = true;
        return;
    }
    connect(m_sink, &QAudioSink::stateChanged, this, &AudioWorker::onSinkStateChanged);
    m_sinkDevice = device;
    m_sinkConverter = FormatConverter(format);
    m_sinkFrameBytes = bytesFor(format, 20);
    m_sinkTargetBytes = std::min<qsizetype>(m_sink->bufferSize(), bytesFor(format, kSinkMaxQueuedMs));
    m_sinkTargetBytes = std::max(m_sinkTargetBytes, m_sinkFrameBytes);
    m_sinkRing = RingBuffer<char>(2 * m_sinkFrameBytes + 64);
    if (m_outputMissingReported)
        report(QStringLiteral("audio output resumed on %1").arg(device.description()));
    m_outputMissingReported = false;
    qCInfo(lcAudio).noquote() << "output:" << device.description() << "(" + QString::fromUtf8(device.id()) + ")"
                              << describe(format) << "buffer" << m_sink->bufferSize() << "bytes";
    setNames();
}

void AudioWorker::closeSink()
{
    if (!m_sink)
        return;
    disconnect(m_sink, nullptr, this, nullptr);
    m_sink->stop();
    delete m_sink; // never called from one of its own signals (see onSinkStateChanged)
    m_sink = nullptr;
    m_sinkIo = nullptr;
    m_sinkDevice = QAudioDevice();
    m_sinkRing.clear();
    setNames();
}

void AudioWorker::onSinkStateChanged()
{
    if (m_sink && m_sink->state() == QAudio::IdleState && m_sink->error() == QAudio::UnderrunError)
        m_shared->outputUnderruns.fetch_add(1, std::memory_order_relaxed);
    if (!m_sink || m_sink->state() != QAudio::StoppedState || m_sink->error() == QAudio::NoError)
        return;
    // Handle it from the event loop, not inside the sink's own signal: closing deletes the sink.
    QMetaObject::invokeMethod(this, &AudioWorker::handleSinkError, Qt::QueuedConnection);
}

void AudioWorker::handleSinkError()
{
    if (!m_sink || m_sink->state() != QAudio::StoppedState || m_sink->error() == QAudio::NoError)
        return;
    const QString name = m_sinkDevice.description();
    qCWarning(lcAudio) << "output" << name << "lost, error" << m_sink->error();
    closeSink();
    m_outputMissingReported = true;
    report(QStringLiteral("audio output %1 lost; waiting for another").arg(name));
    if (!m_callId.isEmpty())
        openSink(); // another device (the new default) may already be there
}

// Device demand is the playback clock: we add a 20 ms block only when the device has room for it, so the device's
// crystal, not a timer of ours, sets the pace at which the jitter buffer is read.
void AudioWorker::feedSink()
{
    const auto drain = [this] {
        while (m_sink && m_sinkIo && !m_sinkRing.isEmpty()) {
            const auto part = m_sinkRing.readable();
            const qsizetype room = std::min<qsizetype>(m_sink->bytesFree(), qsizetype(part.size()));
            if (room <= 0)
                return;
            const qint64 written = m_sinkIo->write(part.data(), room);
            if (written <= 0)
                return;
            m_sinkRing.discard(written);
        }
    };
    drain();
    while (m_sink && m_sinkRing.isEmpty()) {
        const qsizetype queued = m_sink->bufferSize() - m_sink->bytesFree();
        // Fill the device up completely (a partial block waits in the ring): PulseAudio does not start a stream
        // before its buffer is full once (prebuf), and a half-full buffer only invites underruns.
        if (queued >= m_sinkTargetBytes || m_sink->bytesFree() <= 0)
            return;
        int16_t frame[kFrameSamples];
        pullRemoteFrame(frame);
        // Speaker volume: ramp across the block from the previous gain, so a change never clicks.
        const float target = m_shared->speakerGain.load(std::memory_order_relaxed);
        if (target != 1.0f || m_gain != 1.0f) {
            for (int i = 0; i < kFrameSamples; ++i) {
                const float g = m_gain + (target - m_gain) * float(i + 1) / kFrameSamples;
                frame[i] = int16_t(std::lround(frame[i] * g));
            }
            m_gain = target;
        }
        m_convertScratch.clear();
        m_sinkConverter.toDevice(std::span<const int16_t>(frame, kFrameSamples), m_convertScratch);
        m_sinkRing.write(std::span<const char>(m_convertScratch.constData(), std::size_t(m_convertScratch.size())));
        drain();
    }
}

void AudioWorker::onOutputsChanged()
{
    if (!m_config.playback || (m_callId.isEmpty() && !m_draining))
        return;
    if (m_sink) {
        const auto outputs = QMediaDevices::audioOutputs();
        const bool present = std::any_of(outputs.begin(), outputs.end(),
                                         [this](const QAudioDevice &d) { return d.id() == m_sinkDevice.id(); });
        if (!present) { // some backends keep a stream on a vanished device "playing" into nothing
            const QString name = m_sinkDevice.description();
            closeSink();
            m_outputMissingReported = true;
            report(QStringLiteral("audio output %1 lost; waiting for another").arg(name));
        }
    }
    const QAudioDevice want = desiredOutput();
    if (m_sink && !want.isNull() && want.id() == m_sinkDevice.id())
        return;
    if (m_sink && want.isNull())
        return; // nothing better to go to; if ours is gone, its error brings us back here
    if (m_sink) {
        qCInfo(lcAudio) << "output device changed to" << want.description();
        closeSink();
    }
    openSink();
}

// ---- microphone ------------------------------------------------------------------------------------------------

QAudioDevice AudioWorker::desiredInput() const
{
    if (!m_config.inputDeviceId.isEmpty()) {
        for (const QAudioDevice &d : QMediaDevices::audioInputs())
            if (d.id() == m_config.inputDeviceId)
                return d;
    }
    return QMediaDevices::defaultAudioInput();
}

void AudioWorker::openSource()
{
    if (!m_config.capture)
        return; // --no-audio: no microphone at all, not even the system default
    const QAudioDevice device = desiredInput();
    if (device.isNull()) {
        // Choice: send nothing rather than fabricated silence. Telnyx then plays comfort noise of its own, and a
        // missing microphone shows up as a problem instead of as a call where the agent "says nothing".
        if (!m_inputMissingReported)
            report(QStringLiteral("no microphone: nothing is sent to the caller"));
        m_inputMissingReported = true;
        return;
    }
    const QAudioFormat format = chooseFormat(device, m_config.useDevicePreferredFormat);
    m_source = new QAudioSource(device, format, this);
    m_source->setBufferSize(bytesFor(format, kSourceBufferMs));
    m_sourceIo = m_source->start();
    if (!m_sourceIo) {
        qCWarning(lcAudio) << "cannot open input" << device.description() << "error" << m_source->error();
        delete m_source;
        m_source = nullptr;
        if (!m_inputMissingReported)
            report(QStringLiteral("microphone %1 could not be opened").arg(device.description()));
        m_inputMissingReported = true;
        return;
    }
    connect(m_source, &QAudioSource::stateChanged, this, &AudioWorker::onSourceStateChanged);
    connect(m_sourceIo, &QIODevice::readyRead, this, &AudioWorker::readSource);
    m_sourceDevice = device;
    m_sourceConverter = FormatConverter(format);
    if (m_inputMissingReported)
        report(QStringLiteral("microphone resumed on %1").arg(device.description()));
    m_inputMissingReported = false;
    qCInfo(lcAudio).noquote() << "input:" << device.description() << "(" + QString::fromUtf8(device.id()) + ")"
                              << describe(format);
    setNames();
}

void AudioWorker::closeSource()
{
    if (!m_source)
        return;
    disconnect(m_source, nullptr, this, nullptr);
    if (m_sourceIo)
        disconnect(m_sourceIo, nullptr, this, nullptr);
    m_source->stop();
    delete m_source; // never called from one of its own signals (see onSourceStateChanged)
    m_source = nullptr;
    m_sourceIo = nullptr;
    m_sourceDevice = QAudioDevice();
    m_micFifo.clear();
    m_micPrimed = false;
    setNames();
}

void AudioWorker::onSourceStateChanged()
{
    if (!m_source || m_source->state() != QAudio::StoppedState || m_source->error() == QAudio::NoError)
        return;
    QMetaObject::invokeMethod(this, &AudioWorker::handleSourceError, Qt::QueuedConnection);
}

void AudioWorker::handleSourceError()
{
    if (!m_source || m_source->state() != QAudio::StoppedState || m_source->error() == QAudio::NoError)
        return;
    const QString name = m_sourceDevice.description();
    qCWarning(lcAudio) << "input" << name << "lost, error" << m_source->error();
    closeSource();
    m_inputMissingReported = true;
    report(QStringLiteral("microphone %1 lost; waiting for another").arg(name));
    if (!m_callId.isEmpty())
        openSource();
}

void AudioWorker::readSource()
{
    if (!m_sourceIo)
        return;
    const QByteArray bytes = m_sourceIo->readAll();
    m_sourceConverter.fromDevice(bytes, m_micFifo);
    if (qsizetype(m_micFifo.size()) > kMicMaxSamples) { // input clock ahead of ours, or a burst: bound the delay
        m_micFifo.erase(m_micFifo.begin(), m_micFifo.end() - kMicPrimeSamples);
    }
}

void AudioWorker::onInputsChanged()
{
    if (!m_config.micFile.isEmpty() || m_callId.isEmpty())
        return;
    const QAudioDevice want = desiredInput();
    if (m_source && (want.isNull() || want.id() == m_sourceDevice.id()))
        return;
    if (m_source) {
        qCInfo(lcAudio) << "input device changed to" << want.description();
        closeSource();
    }
    openSource();
}

void AudioWorker::produceMicFrame()
{
    int16_t frame[kFrameSamples];
    bool have = false;
    if (!m_micFileSamples.empty()) {
        for (int i = 0; i < kFrameSamples; ++i) {
            frame[i] = m_micFileSamples[m_micFilePos];
            m_micFilePos = (m_micFilePos + 1) % m_micFileSamples.size();
        }
        have = true;
    } else if (m_source) {
        if (!m_micPrimed && qsizetype(m_micFifo.size()) >= kMicPrimeSamples)
            m_micPrimed = true;
        if (m_micPrimed && qsizetype(m_micFifo.size()) >= kFrameSamples) {
            std::copy_n(m_micFifo.begin(), kFrameSamples, frame);
            m_micFifo.erase(m_micFifo.begin(), m_micFifo.begin() + kFrameSamples);
        } else {
            // The device is late: the clock does not wait for it. Send silence and prime again.
            std::fill_n(frame, kFrameSamples, int16_t(0));
            if (m_micPrimed)
                ++m_micUnderruns;
            m_micPrimed = false;
        }
        have = true;
    }
    const bool muted = m_shared->micMuted.load(std::memory_order_relaxed);
    if (!have || muted) {
        const int16_t silence[kFrameSamples] = {};
        m_recorder.addAgent(std::span<const int16_t>(silence, kFrameSamples));
        return;
    }
    m_micPeak = std::max(m_micPeak, peakOf(frame, kFrameSamples));
    m_recorder.addAgent(std::span<const int16_t>(frame, kFrameSamples));
    QByteArray pcmu(kFrameSamples, Qt::Uninitialized);
    encodeMuLaw(std::span<const int16_t>(frame, kFrameSamples), reinterpret_cast<uint8_t *>(pcmu.data()));
    emit microphoneFrame(m_callId, pcmu);
}

// ---- reporting -------------------------------------------------------------------------------------------------

void AudioWorker::emitLevels()
{
    emit levelsChanged(std::min(m_remotePeak, 1.0f), std::min(m_micPeak, 1.0f));
    m_remotePeak = m_micPeak = 0;
}

void AudioWorker::report(const QString &message)
{
    qCWarning(lcAudio).noquote() << message;
    emit deviceProblem(message);
}

void AudioWorker::setNames()
{
    QString out = !m_config.playback ? QStringLiteral("(playback disabled)")
                  : m_sink           ? m_sinkDevice.description()
                                     : QString();
    QString in = !m_config.micFile.isEmpty() ? QStringLiteral("file: %1").arg(QFileInfo(m_config.micFile).fileName())
                 : m_source                  ? m_sourceDevice.description()
                                             : QString();
    QMutexLocker lock(&m_shared->namesMutex);
    m_shared->outputName = out;
    m_shared->inputName = in;
}

} // namespace sb
