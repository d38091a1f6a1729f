// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QAudioDevice>
#include <QAudioFormat>
#include <QString>

namespace sb {

// The one rule for the format a device is opened with, shared by the call audio (server/audio) and the
// dashboard's own sounds (ui/src/PcmOutput): 8 kHz mono Int16 when the device takes it (FormatConverter then
// copies samples unchanged); otherwise the device's preferred format, as Int16 where it accepts that (no float
// conversion needed), and FormatConverter resamples. `preferDevice` (a testing aid) skips the telephone format
// and the Int16 variant, to exercise the resampling path on a real device. Reads the device's description
// only; opens nothing.
QAudioFormat chooseFormat(const QAudioDevice &device, bool preferDevice = false);

// "48000 Hz, 2 ch, Float", for logs.
QString describeFormat(const QAudioFormat &format);

} // namespace sb
