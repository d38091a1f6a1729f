// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace sb {

// What the dashboard shows of the local call audio: device names, level meters, jitter-buffer health, speaker
// volume. The audio itself is played by the AudioEngine (server/audio), which the application connects here;
// this class knows nothing of it, so the window works (and says "No audio device") with nothing connected.
//
// Feeding it (in DesktopRunner, all queued or on the GUI thread):
//   AudioEngine::levelsChanged(remote, mic)   -> setLevels
//   AudioEngine::deviceProblem(message)       -> setDeviceProblem
//   a 500 ms timer reading jitterStats()      -> setJitter(depthMs, targetMs, concealedMs, underruns)
//   outputDeviceName() / inputDeviceName()    -> setDeviceNames
// and back: volumeRequested -> AudioEngine::setSpeakerVolume, speakerMuteRequested -> setSpeakerMuted.
class AudioStatus : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString outputDevice READ outputDevice NOTIFY devicesChanged)
    Q_PROPERTY(QString inputDevice READ inputDevice NOTIFY devicesChanged)
    Q_PROPERTY(bool hasOutput READ hasOutput NOTIFY devicesChanged)
    Q_PROPERTY(bool hasInput READ hasInput NOTIFY devicesChanged)
    Q_PROPERTY(double remoteLevel READ remoteLevel NOTIFY levelsChanged)
    Q_PROPERTY(double micLevel READ micLevel NOTIFY levelsChanged)
    Q_PROPERTY(int jitterDepthMs READ jitterDepthMs NOTIFY jitterChanged)
    Q_PROPERTY(int jitterTargetMs READ jitterTargetMs NOTIFY jitterChanged)
    Q_PROPERTY(qint64 concealedMs READ concealedMs NOTIFY jitterChanged)
    Q_PROPERTY(qint64 underruns READ underruns NOTIFY jitterChanged)
    Q_PROPERTY(Health health READ health NOTIFY jitterChanged)
    Q_PROPERTY(QString healthText READ healthText NOTIFY jitterChanged)
    Q_PROPERTY(double volume READ volume WRITE setVolume NOTIFY volumeChanged)
    Q_PROPERTY(bool speakerMuted READ speakerMuted WRITE setSpeakerMuted NOTIFY volumeChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)
    Q_PROPERTY(Link link READ link NOTIFY linkChanged)
    Q_PROPERTY(QString linkText READ linkText NOTIFY linkChanged)

public:
    // Stream health from the concealment of the last few seconds: Good under 2 %, Poor over 10 %.
    enum Health { Idle, Good, Fair, Poor };
    Q_ENUM(Health)
    // A remote desk's (--connect) call audio travels over the network: where its sockets stand. LinkNone on the local
    // desk, and between calls.
    enum Link { LinkNone, LinkConnecting, LinkConnected, LinkReconnecting };
    Q_ENUM(Link)

    explicit AudioStatus(QObject *parent = nullptr);

    QString outputDevice() const { return m_output; }
    QString inputDevice() const { return m_input; }
    bool hasOutput() const { return !m_output.isEmpty(); }
    bool hasInput() const { return !m_input.isEmpty(); }
    double remoteLevel() const { return m_remoteLevel; }
    double micLevel() const { return m_micLevel; }
    int jitterDepthMs() const { return m_depthMs; }
    int jitterTargetMs() const { return m_targetMs; }
    qint64 concealedMs() const { return m_concealedMs; }
    qint64 underruns() const { return m_underruns; }
    Health health() const { return m_health; }
    QString healthText() const;
    double volume() const { return m_volume; }
    void setVolume(double volume);
    bool speakerMuted() const { return m_speakerMuted; }
    void setSpeakerMuted(bool muted);
    QString problem() const { return m_problem; }
    Link link() const { return m_link; }
    QString linkText() const; // empty for LinkNone and LinkConnected: nothing worth saying

public slots:
    void setDeviceNames(const QString &output, const QString &input);
    // 0..1 peaks. Meters fall back to 0 when nothing arrives for a while (the engine stopped).
    void setLevels(float remoteLevel, float micLevel);
    void setJitter(int depthMs, int targetMs, quint64 concealedMs, quint64 underruns);
    // A device message from the engine ("no output device", "device lost", "resumed"...); empty clears it.
    void setDeviceProblem(const QString &message);
    // The call's stream ended: meters and health go idle.
    void streamEnded();
    void setLink(sb::AudioStatus::Link link);

signals:
    void devicesChanged();
    void levelsChanged();
    void jitterChanged();
    void volumeChanged();
    void problemChanged();
    void linkChanged();
    void volumeRequested(float volume01);
    void speakerMuteRequested(bool muted);

private:
    QString m_output;
    QString m_input;
    double m_remoteLevel = 0;
    double m_micLevel = 0;
    int m_depthMs = 0;
    int m_targetMs = 0;
    qint64 m_concealedMs = 0;
    qint64 m_underruns = 0;
    qint64 m_windowConcealed = 0; // concealment at the start of the health window
    qint64 m_windowStartMs = 0;   // wall time of that start
    Health m_health = Idle;
    double m_volume = 1.0;
    bool m_speakerMuted = false;
    QString m_problem;
    Link m_link = LinkNone;
    QTimer m_levelDecay;
};

} // namespace sb
