// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QAudio>
#include <QAudioDevice>
#include <QByteArray>
#include <QList>
#include <QString>

// C++
#include <functional>
#include <initializer_list>

namespace sb {

// What playback and capture share about devices that come and go: which device to open, when a stream has died
// with its device, and what to tell the agent. Devices vanish all the time on a desktop (a headset unplugged, a
// Bluetooth link dropped, the sound server restarted); each side then falls back to the default, or waits for one
// (QMediaDevices' change signals, plus a 2 s retry in AudioWorker, since not every backend signals).
//
// The sentences: a missing device, or one that cannot be opened, is said once, not at every retry; losing an open
// device is always said; and once a device opens again after either, "resumed on ..." says that it is over.
// Lives on the audio thread with its owner (AudioPlayback or AudioCapture); no locking.
class DeviceLoss {
public:
    using Report = std::function<void(const QString &message)>;

    // `noun` names the side in sentences ("audio output", "microphone"); `absentMessage` is said when there is no
    // device at all (each side has its own consequence to explain).
    DeviceLoss(QString noun, QString absentMessage, Report report);

    void absent();                              // no device to open
    void openFailed(const QString &deviceName); // a device is there but refused to open
    void lost(const QString &deviceName);       // the open device vanished or its stream failed
    void opened(const QString &deviceName);     // a device is open (again)
    bool isMissing() const { return m_missing; }

    // The first of `ids` (empty ones skipped) present in `devices`, else `fallback` (the system default): a chosen
    // device that is missing is replaced by the default until it returns.
    static QAudioDevice pick(const QList<QAudioDevice> &devices, std::initializer_list<QByteArray> ids,
                             const QAudioDevice &fallback);

    // Whether a QAudioSink / QAudioSource has stopped because of an error (its device is gone), as opposed to
    // being stopped by us.
    template <typename Stream> static bool hasFailed(const Stream *stream)
    {
        return stream && stream->state() == QAudio::StoppedState && stream->error() != QAudio::NoError;
    }

private:
    void once(const QString &message);

    QString m_noun;
    QString m_absentMessage;
    Report m_report;
    bool m_missing = false; // said that there is no usable device; the next open says it resumed
};

} // namespace sb
