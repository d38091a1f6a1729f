// SPDX-License-Identifier: MIT
#include "AudioDevices.h"

#include "PcmOutput.h"
#include "UiLogging.h"
#include "dsp/Telephone.h"

// Qt
#include <QAudioSource>

// C++
#include <cmath>
#include <numbers>
#include <vector>

namespace sb {

namespace {

constexpr int kMicTestMs = 10000;

// The tones Settings and the keypad play. The queue holds a whole test tone with room to spare, so its bound
// never cuts one short; 10 ms ramps at both ends keep them from clicking; the device is closed a little after
// the tone's end, once it has surely played, so that it is free for the call audio.
constexpr int kToneQueueMs = 1500;
constexpr int kToneFadeMs = 10;
constexpr int kToneCloseAfterMs = 400;
constexpr double kTestToneHz = 440; // concert A: easy to recognise
constexpr int kTestToneMs = 1000;
constexpr double kTestToneLevel = 0.4;
constexpr int kKeyToneMs = 120; // about as long as a key press; telephone keypads sound similar
constexpr double kKeyToneLevel = 0.3;
// Meters fall by this factor per reading (like a VU meter), so that speech reads as a bar, not a flicker.
constexpr double kMeterFall = 0.8;
constexpr double kInt32FullScale = 2147483648.0; // |INT32_MIN|

// DTMF pairs (ITU-T Q.23): row frequency, column frequency.
bool dtmfPair(QChar key, double *low, double *high)
{
    static const char *rows[] = {"123A", "456B", "789C", "*0#D"};
    static const double lows[] = {697, 770, 852, 941};
    static const double highs[] = {1209, 1336, 1477, 1633};
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            if (QLatin1Char(rows[r][c]) == key.toUpper()) {
                *low = lows[r];
                *high = highs[c];
                return true;
            }
        }
    }
    return false;
}

QList<QAudioDevice> withoutNull(const QList<QAudioDevice> &devices)
{
    QList<QAudioDevice> out;
    for (const QAudioDevice &d : devices) {
        if (!d.isNull())
            out.append(d);
    }
    return out;
}

} // namespace

AudioDevices::AudioDevices(QObject *parent)
    : QObject(parent)
    , m_tone(std::make_unique<PcmOutput>())
{
    m_tone->setMaxQueuedMs(kToneQueueMs);
    connect(&m_media, &QMediaDevices::audioOutputsChanged, this, &AudioDevices::refresh);
    connect(&m_media, &QMediaDevices::audioInputsChanged, this, &AudioDevices::refresh);
    m_toneStop.setSingleShot(true);
    connect(&m_toneStop, &QTimer::timeout, this, [this] { m_tone->close(); });
    m_micStop.setSingleShot(true);
    m_micStop.setInterval(kMicTestMs);
    connect(&m_micStop, &QTimer::timeout, this, &AudioDevices::stopMicTest);
    refresh();
}

AudioDevices::~AudioDevices()
{
    stopMicTest();
}

QStringList AudioDevices::outputs() const
{
    QStringList names;
    for (const QAudioDevice &d : m_outputs)
        names << d.description();
    return names;
}

QStringList AudioDevices::inputs() const
{
    QStringList names;
    for (const QAudioDevice &d : m_inputs)
        names << d.description();
    return names;
}

void AudioDevices::refresh()
{
    m_outputs = withoutNull(QMediaDevices::audioOutputs());
    m_inputs = withoutNull(QMediaDevices::audioInputs());
    auto indexOf = [](const QList<QAudioDevice> &list, const QByteArray &id) {
        for (int i = 0; i < list.size(); ++i) {
            if (list.at(i).id() == id)
                return i;
        }
        return -1;
    };
    const int out = m_outputId.isEmpty() ? -1 : indexOf(m_outputs, m_outputId);
    const int in = m_inputId.isEmpty() ? -1 : indexOf(m_inputs, m_inputId);
    if (!m_outputId.isEmpty() && out < 0)
        setMessage(tr("The chosen output device is gone; the system default is used until it is back."));
    emit devicesChanged();
    if (out != m_outputIndex) {
        m_outputIndex = out;
        emit outputIndexChanged();
    }
    if (in != m_inputIndex) {
        m_inputIndex = in;
        emit inputIndexChanged();
    }
}

void AudioDevices::setOutputIndex(int index)
{
    if (index < -1 || index >= m_outputs.size() || index == m_outputIndex)
        return;
    m_outputIndex = index;
    m_outputId = index < 0 ? QByteArray() : m_outputs.at(index).id();
    emit outputIndexChanged();
    emit outputDeviceChosen(m_outputId);
}

void AudioDevices::setInputIndex(int index)
{
    if (index < -1 || index >= m_inputs.size() || index == m_inputIndex)
        return;
    const bool testing = micTesting();
    stopMicTest();
    m_inputIndex = index;
    m_inputId = index < 0 ? QByteArray() : m_inputs.at(index).id();
    emit inputIndexChanged();
    emit inputDeviceChosen(m_inputId);
    if (testing)
        startMicTest();
}

void AudioDevices::setKeyTones(bool on)
{
    if (m_keyTones == on)
        return;
    m_keyTones = on;
    emit keyTonesChanged();
}

QString AudioDevices::outputId(int index) const
{
    return index >= 0 && index < m_outputs.size() ? QString::fromUtf8(m_outputs.at(index).id()) : QString();
}

int AudioDevices::outputIndexOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (int i = 0; i < m_outputs.size(); ++i) {
        if (m_outputs.at(i).id() == id.toUtf8())
            return i;
    }
    return -1;
}

QAudioDevice AudioDevices::outputDevice() const
{
    return m_outputIndex >= 0 ? m_outputs.at(m_outputIndex) : QMediaDevices::defaultAudioOutput();
}

QAudioDevice AudioDevices::inputDevice() const
{
    return m_inputIndex >= 0 ? m_inputs.at(m_inputIndex) : QMediaDevices::defaultAudioInput();
}

void AudioDevices::setMessage(const QString &message)
{
    if (m_message == message)
        return;
    m_message = message;
    emit messageChanged();
}

void AudioDevices::playTone(double f1, double f2, int ms, double amplitude)
{
    QString error;
    if (!m_tone->isOpen() && !m_tone->open(outputDevice(), &error)) {
        setMessage(error);
        return;
    }
    const int n = PcmOutput::kInputRate * ms / 1000;
    const int fade = PcmOutput::kInputRate * kToneFadeMs / 1000;
    std::vector<int16_t> samples(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / PcmOutput::kInputRate;
        double v = std::sin(2 * std::numbers::pi * f1 * t);
        if (f2 > 0)
            v = (v + std::sin(2 * std::numbers::pi * f2 * t)) / 2;
        const double ramp = std::min({1.0, double(i) / fade, double(n - 1 - i) / fade});
        samples[std::size_t(i)] = int16_t(std::lround(v * ramp * amplitude * INT16_MAX));
    }
    m_tone->write(samples.data(), qsizetype(samples.size()));
    m_toneStop.start(ms + kToneCloseAfterMs);
}

void AudioDevices::playTestTone()
{
    setMessage(
        tr("Playing a test tone on %1.").arg(outputDevice().isNull() ? tr("no device") : outputDevice().description()));
    playTone(kTestToneHz, 0, kTestToneMs, kTestToneLevel);
}

void AudioDevices::playKeyTone(const QString &key)
{
    double low = 0, high = 0;
    if (!m_keyTones || key.size() != 1 || !dtmfPair(key.at(0), &low, &high))
        return;
    if (QMediaDevices::defaultAudioOutput().isNull() && m_outputIndex < 0)
        return; // no device: key tones are a nicety, not worth a message
    playTone(low, high, kKeyToneMs, kKeyToneLevel);
}

void AudioDevices::startMicTest()
{
    stopMicTest();
    const QAudioDevice device = inputDevice();
    if (device.isNull()) {
        setMessage(tr("No microphone is available. Plug one in or check the system's sound settings."));
        return;
    }
    QAudioFormat format;
    format.setSampleRate(kTelephoneRate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format))
        format = device.preferredFormat();
    m_source = std::make_unique<QAudioSource>(device, format);
    m_sourceIo = m_source->start();
    if (!m_sourceIo) {
        m_source.reset();
        setMessage(tr("The microphone %1 could not be opened.").arg(device.description()));
        return;
    }
    connect(m_sourceIo, &QIODevice::readyRead, this, &AudioDevices::readMic);
    m_micStop.start();
    setMessage(tr("Speak now: the meter shows what %1 hears.").arg(device.description()));
    emit micTestingChanged();
}

void AudioDevices::readMic()
{
    if (!m_sourceIo || !m_source)
        return;
    const QByteArray data = m_sourceIo->readAll();
    const QAudioFormat f = m_source->format();
    double peak = 0;
    if (f.sampleFormat() == QAudioFormat::Int16) {
        const auto *s = reinterpret_cast<const int16_t *>(data.constData());
        for (qsizetype i = 0; i < data.size() / 2; ++i)
            peak = std::max(peak, std::abs(double(s[i])) / double(kInt16FullScale));
    } else if (f.sampleFormat() == QAudioFormat::Float) {
        const auto *s = reinterpret_cast<const float *>(data.constData());
        for (qsizetype i = 0; i < data.size() / 4; ++i)
            peak = std::max(peak, double(std::abs(s[i])));
    } else if (f.sampleFormat() == QAudioFormat::Int32) {
        const auto *s = reinterpret_cast<const int32_t *>(data.constData());
        for (qsizetype i = 0; i < data.size() / 4; ++i)
            peak = std::max(peak, std::abs(double(s[i])) / kInt32FullScale);
    }
    m_micLevel = std::max(std::min(peak, 1.0), m_micLevel * kMeterFall);
    emit micLevelChanged();
}

void AudioDevices::stopMicTest()
{
    m_micStop.stop();
    if (!m_source)
        return;
    m_source->stop();
    m_source.reset();
    m_micLevel = 0;
    emit micLevelChanged();
    emit micTestingChanged();
    setMessage({});
}

} // namespace sb
