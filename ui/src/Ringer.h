// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QAudioDevice>
#include <QObject>
#include <QPointer>
#include <QTimer>

// C++
#include <cstdint>
#include <memory>
#include <vector>

namespace sb {

class PcmOutput;
class UiSettings;

// The ring of an incoming call: a North American ring (440 Hz + 480 Hz, 2 s on, 4 s off), generated at 8 kHz, so no
// sound file is needed and every desk rings alike. It plays through its own QAudioSink (PcmOutput) on the ringer
// device of UiSettings (empty: the system default), never on the call's output, so that an agent wearing a headset
// can have the ring on the speakers; with its own volume (UiSettings::ringerVolume, applied to the samples, so that
// it never touches the device's or the call's volume).
//
// setRinging(true) opens the device and starts the cadence from its beginning (the first burst at once);
// setRinging(false) closes the device at once, mid-burst if need be: a ring that goes on after the call was taken
// is worse than a clipped one. The device is open only while ringing. With setEnabled(false) (--no-audio) no device
// is ever opened.
//
// Timing: every 20 ms the generator tops the output's queue up to 100 ms ahead. 100 ms rides over a busy GUI thread
// (a page switch) without a gap, and is also the most a volume change or a stop lags behind.
class Ringer : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool ringing READ isRinging WRITE setRinging NOTIFY ringingChanged)
    Q_PROPERTY(bool playing READ isPlaying NOTIFY playingChanged)

public:
    static constexpr int kRate = 8000;
    static constexpr int kOnMs = 2000;
    static constexpr int kOffMs = 4000;
    static constexpr double kToneA = 440.0;
    static constexpr double kToneB = 480.0;
    static constexpr int kAheadMs = 100;
    static constexpr int kTickMs = 20;

    // `settings` (not owned) gives the device and volume and is followed while ringing.
    explicit Ringer(UiSettings *settings, QObject *parent = nullptr);
    ~Ringer() override;

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    bool isRinging() const { return m_ringing; }
    void setRinging(bool ringing);
    bool isPlaying() const;
    // The device the ring goes to now: the chosen one when it is present, else the system default.
    QAudioDevice device() const;

    // Samples [from, from + count) of the cadence at full scale (volume 1): what the ringer plays, for tests.
    static std::vector<int16_t> cadence(qint64 from, qsizetype count, double volume = 1.0);

signals:
    void ringingChanged();
    void playingChanged();
    void failed(const QString &message);

private:
    void start();
    void stop();
    void fill();

    QPointer<UiSettings> m_settings;
    std::unique_ptr<PcmOutput> m_output;
    QTimer m_tick;
    qint64 m_position = 0; // samples of the cadence written since the ring began
    bool m_enabled = true;
    bool m_ringing = false;
};

} // namespace sb
