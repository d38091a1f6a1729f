// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QString>

namespace sb {

// How AudioEngine is set up (from the command line or the config file). One struct, handed as a whole from the
// caller to the engine and on to its audio thread; the device ids may change later (Settings), the rest is fixed.
struct AudioOptions {
    QByteArray outputDeviceId; // empty = system default, followed when it changes
    QByteArray inputDeviceId;  // empty = system default
    QString micFile;           // --mic-file FILE.wav: feed this WAV (looped) instead of a device
    QString recordDir;         // --record DIR: empty = no recording
    bool playback = true;      // false: decode & count but open no output device (headless servers)
    // Testing aid: use the devices' preferred formats (e.g. 48 kHz stereo float) even when they accept
    // 8 kHz mono, to exercise the resampling path on a real device.
    bool useDevicePreferredFormat = false;
    bool capture = true; // false: open no input device (only micFile, if any, is sent); last for aggregate init
};

} // namespace sb
