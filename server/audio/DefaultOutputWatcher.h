// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

#include <memory>

namespace sb {

// Tells when the sound server's default output changes, so that playback which follows the system default
// can move with it.
//
// Qt 6.4's PulseAudio backend notices a new default sink only sometimes: while it has no stream open (between
// calls) QMediaDevices::defaultAudioOutput() keeps naming the old one after `pactl set-default-sink`, so the next
// call would play on the old device; and its streams are always opened on an explicit device, so PulseAudio
// does not move them either. With libpulse
// (Linux), the watcher therefore asks the sound server itself: a subscription to server changes, handled on
// libpulse's own thread and reported here as a queued signal. Without libpulse, or without a reachable
// PulseAudio/PipeWire server, it stays silent and Qt's own device signals are all there is.
class DefaultOutputWatcher : public QObject {
    Q_OBJECT
public:
    explicit DefaultOutputWatcher(QObject *parent = nullptr);
    ~DefaultOutputWatcher() override;

    // The default output as Qt names its devices (QAudioDevice::id(); PulseAudio: the sink name), empty while
    // unknown.
    QByteArray defaultOutputId() const { return m_current; }

signals:
    void defaultOutputChanged(const QByteArray &deviceId);

private:
    void update(const QByteArray &deviceId);

    struct Pulse;
    std::unique_ptr<Pulse> m_pulse;
    QByteArray m_current;
};

} // namespace sb
