// SPDX-License-Identifier: MIT
#include "dsp/DeviceFormat.h"

#include "dsp/FormatConverter.h"

namespace sb {

QAudioFormat chooseFormat(const QAudioDevice &device, bool preferDevice)
{
    const QAudioFormat telephone = FormatConverter::telephoneFormat();
    if (!preferDevice && device.isFormatSupported(telephone))
        return telephone;
    QAudioFormat format = device.preferredFormat();
    QAudioFormat asInt16 = format;
    asInt16.setSampleFormat(QAudioFormat::Int16);
    if (device.isFormatSupported(asInt16) && !preferDevice)
        return asInt16;
    return format.isValid() ? format : telephone;
}

QString describeFormat(const QAudioFormat &f)
{
    static const char *const names[] = {"unknown", "UInt8", "Int16", "Int32", "Float"};
    const int sf = int(f.sampleFormat());
    return QStringLiteral("%1 Hz, %2 ch, %3")
        .arg(f.sampleRate())
        .arg(f.channelCount())
        .arg(names[sf >= 0 && sf < 5 ? sf : 0]);
}

} // namespace sb
