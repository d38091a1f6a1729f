// SPDX-License-Identifier: MIT
#include "dsp/FormatConverter.h"

// C++
#include <algorithm>
#include <cmath>
#include <cstring>

namespace sb {

namespace {

// Samples travel between formats on the int16 scale: full scale is 32768 (float 1.0 = int16 32768), an 8-bit
// sample is an int16 one without its low byte (x 256, centred at 128), a 32-bit one has 16 more low bits (x 65536).
constexpr float kUInt8Step = 256.0f;
constexpr long kUInt8Centre = 128;
constexpr double kInt32Step = 65536.0;

int16_t clampToInt16(float v)
{
    return int16_t(std::clamp(std::lround(v), -32768L, 32767L));
}

// Writes one sample (given on the int16 scale) in the device's sample format.
void storeSample(QAudioFormat::SampleFormat format, float v, char *dst)
{
    switch (format) {
    case QAudioFormat::UInt8: {
        const auto u = uint8_t(std::clamp(std::lround(v / kUInt8Step) + kUInt8Centre, 0L, 255L));
        std::memcpy(dst, &u, 1);
        break;
    }
    case QAudioFormat::Int32: {
        const auto i = int32_t(std::clamp<double>(double(v) * kInt32Step, -2147483648.0, 2147483647.0));
        std::memcpy(dst, &i, 4);
        break;
    }
    case QAudioFormat::Float: {
        const float f = std::clamp(v / kInt16FullScale, -1.0f, 1.0f);
        std::memcpy(dst, &f, 4);
        break;
    }
    default: { // Int16
        const int16_t s = clampToInt16(v);
        std::memcpy(dst, &s, 2);
        break;
    }
    }
}

float loadSample(QAudioFormat::SampleFormat format, const char *src)
{
    switch (format) {
    case QAudioFormat::UInt8: {
        uint8_t u;
        std::memcpy(&u, src, 1);
        return (float(u) - float(kUInt8Centre)) * kUInt8Step;
    }
    case QAudioFormat::Int32: {
        int32_t i;
        std::memcpy(&i, src, 4);
        return float(double(i) / kInt32Step);
    }
    case QAudioFormat::Float: {
        float f;
        std::memcpy(&f, src, 4);
        return f * kInt16FullScale;
    }
    default: {
        int16_t s;
        std::memcpy(&s, src, 2);
        return float(s);
    }
    }
}

} // namespace

QAudioFormat FormatConverter::telephoneFormat()
{
    QAudioFormat f;
    f.setSampleRate(kTelephoneRate);
    f.setChannelCount(1);
    f.setSampleFormat(QAudioFormat::Int16);
    return f;
}

FormatConverter::FormatConverter(const QAudioFormat &deviceFormat)
    : m_format(deviceFormat.isValid() ? deviceFormat : telephoneFormat())
    , m_up(kTelephoneRate, m_format.sampleRate())
    , m_down(m_format.sampleRate(), kTelephoneRate)
{
}

bool FormatConverter::isPassthrough() const
{
    return m_format.sampleRate() == kTelephoneRate && m_format.channelCount() == 1 &&
           m_format.sampleFormat() == QAudioFormat::Int16;
}

void FormatConverter::reset()
{
    m_up.reset();
    m_down.reset();
    m_partial.clear();
}

void FormatConverter::toDevice(std::span<const int16_t> telephone, QByteArray &out)
{
    if (isPassthrough()) {
        out.append(reinterpret_cast<const char *>(telephone.data()), qsizetype(telephone.size_bytes()));
        return;
    }
    m_scratch.clear();
    m_up.process(telephone, m_scratch);
    const int channels = std::max(m_format.channelCount(), 1);
    const int bytesPerSample = m_format.bytesPerSample();
    const qsizetype start = out.size();
    out.resize(start + qsizetype(m_scratch.size()) * channels * bytesPerSample);
    char *dst = out.data() + start;
    for (const float v : m_scratch) {
        for (int c = 0; c < channels; ++c, dst += bytesPerSample)
            storeSample(m_format.sampleFormat(), v, dst);
    }
}

void FormatConverter::fromDevice(QByteArrayView bytes, std::vector<int16_t> &out)
{
    const int frameBytes = m_format.bytesPerFrame();
    if (frameBytes <= 0)
        return;
    if (isPassthrough() && m_partial.isEmpty() && bytes.size() % 2 == 0) {
        const auto *s = reinterpret_cast<const int16_t *>(bytes.data());
        out.insert(out.end(), s, s + bytes.size() / 2);
        return;
    }
    m_partial.append(bytes.data(), bytes.size());
    const qsizetype frames = m_partial.size() / frameBytes;
    const int channels = std::max(m_format.channelCount(), 1);
    const int bytesPerSample = m_format.bytesPerSample();
    m_mono.clear();
    m_mono.reserve(std::size_t(frames));
    const char *src = m_partial.constData();
    for (qsizetype f = 0; f < frames; ++f) {
        float sum = 0;
        for (int c = 0; c < channels; ++c, src += bytesPerSample)
            sum += loadSample(m_format.sampleFormat(), src);
        m_mono.push_back(sum / float(channels));
    }
    m_partial.remove(0, frames * frameBytes);
    m_scratch.clear();
    m_down.process(std::span<const float>(m_mono), m_scratch);
    out.reserve(out.size() + m_scratch.size());
    for (float v : m_scratch)
        out.push_back(clampToInt16(v));
}

} // namespace sb
