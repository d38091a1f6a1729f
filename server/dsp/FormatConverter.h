// SPDX-License-Identifier: MIT
#pragma once

#include "dsp/Resampler.h"
#include "dsp/Telephone.h"

// Qt
#include <QAudioFormat>
#include <QByteArray>
#include <QByteArrayView>

// C++
#include <cstdint>
#include <span>
#include <vector>

namespace sb {

// Converts between the telephone format (8 kHz, mono, signed 16-bit: what G.711 decodes to) and whatever a device
// accepts: any rate (resampled, see Resampler), any channel count (mono copied to every channel; channels averaged
// on the way in), any of Qt's sample formats (UInt8, Int16, Int32, Float). When the device takes 8 kHz mono Int16
// the samples are copied unchanged.
class FormatConverter {
public:
    static constexpr int kTelephoneRate = sb::kTelephoneRate;
    static QAudioFormat telephoneFormat();

    explicit FormatConverter(const QAudioFormat &deviceFormat = telephoneFormat());

    const QAudioFormat &deviceFormat() const { return m_format; }
    bool isPassthrough() const;

    // 8 kHz mono -> device bytes, appended to `out`.
    void toDevice(std::span<const int16_t> telephone, QByteArray &out);
    // Device bytes -> 8 kHz mono, appended to `out`. Partial frames are kept for the next call.
    void fromDevice(QByteArrayView bytes, std::vector<int16_t> &out);

    void reset();

private:
    QAudioFormat m_format;
    Resampler m_up;   // 8 kHz -> device rate
    Resampler m_down; // device rate -> 8 kHz
    std::vector<float> m_scratch;
    std::vector<float> m_mono;
    QByteArray m_partial; // bytes of an incomplete device frame
};

} // namespace sb
