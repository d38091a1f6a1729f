// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QAudioDevice>
#include <QMediaDevices>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

// C++
#include <memory>

class QAudioSource;
class QIODevice;

namespace sb {

class PcmOutput;

// The Settings page's audio section: the output and input devices as the system lists them (following
// hot-plug and changes of the system default), a test tone on the chosen output, a microphone test with a
// level meter on the chosen input, and the keypad's key tones.
//
// Index -1 means "the system default", followed when it changes. The chosen devices are announced with
// outputDeviceChosen / inputDeviceChosen (QAudioDevice ids) for whoever plays the calls (the AudioEngine).
class AudioDevices : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList outputs READ outputs NOTIFY devicesChanged)
    Q_PROPERTY(QStringList inputs READ inputs NOTIFY devicesChanged)
    Q_PROPERTY(QString defaultOutput READ defaultOutput NOTIFY devicesChanged)
    Q_PROPERTY(QString defaultInput READ defaultInput NOTIFY devicesChanged)
    Q_PROPERTY(int outputIndex READ outputIndex WRITE setOutputIndex NOTIFY outputIndexChanged)
    Q_PROPERTY(int inputIndex READ inputIndex WRITE setInputIndex NOTIFY inputIndexChanged)
    Q_PROPERTY(bool micTesting READ micTesting NOTIFY micTestingChanged)
    Q_PROPERTY(double micLevel READ micLevel NOTIFY micLevelChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool keyTones READ keyTones WRITE setKeyTones NOTIFY keyTonesChanged)

public:
    explicit AudioDevices(QObject *parent = nullptr);
    ~AudioDevices() override;

    QStringList outputs() const;
    QStringList inputs() const;
    QString defaultOutput() const { return QMediaDevices::defaultAudioOutput().description(); }
    QString defaultInput() const { return QMediaDevices::defaultAudioInput().description(); }
    int outputIndex() const { return m_outputIndex; }
    void setOutputIndex(int index);
    int inputIndex() const { return m_inputIndex; }
    void setInputIndex(int index);
    bool micTesting() const { return m_source != nullptr; }
    double micLevel() const { return m_micLevel; }
    QString message() const { return m_message; }
    bool keyTones() const { return m_keyTones; }
    void setKeyTones(bool on);

    QAudioDevice outputDevice() const; // the chosen one, or the default
    QAudioDevice inputDevice() const;

    // An output's id by index (-1 or out of range: empty, the system default) and back (-1 when absent): how a device
    // choice kept elsewhere as an id (the ringer's, UiSettings) is shown and chosen in the same list.
    Q_INVOKABLE QString outputId(int index) const;
    Q_INVOKABLE int outputIndexOf(const QString &id) const;

    // One second of 440 Hz on the chosen output.
    Q_INVOKABLE void playTestTone();
    // The DTMF pair of a keypad key for 120 ms (when keyTones is on).
    Q_INVOKABLE void playKeyTone(const QString &key);
    // Up to ten seconds of input level from the chosen input.
    Q_INVOKABLE void startMicTest();
    Q_INVOKABLE void stopMicTest();

signals:
    void devicesChanged();
    void outputIndexChanged();
    void inputIndexChanged();
    void micTestingChanged();
    void micLevelChanged();
    void messageChanged();
    void keyTonesChanged();
    void outputDeviceChosen(const QByteArray &deviceId); // empty = system default
    void inputDeviceChosen(const QByteArray &deviceId);

private:
    void refresh();
    void setMessage(const QString &message);
    void playTone(double f1, double f2, int ms, double amplitude);
    void readMic();

    QMediaDevices m_media;
    QList<QAudioDevice> m_outputs;
    QList<QAudioDevice> m_inputs;
    QByteArray m_outputId; // the chosen devices by id, so that a hot-plug keeps the choice
    QByteArray m_inputId;
    int m_outputIndex = -1;
    int m_inputIndex = -1;
    std::unique_ptr<PcmOutput> m_tone;
    QTimer m_toneStop;
    std::unique_ptr<QAudioSource> m_source;
    QPointer<QIODevice> m_sourceIo;
    QTimer m_micStop;
    double m_micLevel = 0;
    QString m_message;
    bool m_keyTones = true;
};

} // namespace sb
