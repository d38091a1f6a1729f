// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

// C++
#include <memory>

namespace sb {

// The console's own settings (not the backend's): the agent's caller-ID numbers, agent id, language, the
// ringer's device and volume. Kept in
// console.conf beside the backend's config file, so that the two never overwrite each other's keys.
//
// serverInfo describes the backend for the Settings page (set by the application; secrets already masked
// except the API token, which the page can copy): apiKey, applicationId, publicKey, streamUrl, listenUrl,
// configFile, apiToken, remote.
class UiSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("UiSettings is created by the application and handed to the window.")
    Q_PROPERTY(QStringList numbers READ numbers WRITE setNumbers NOTIFY numbersChanged)
    Q_PROPERTY(QString callerId READ callerId WRITE setCallerId NOTIFY callerIdChanged)
    Q_PROPERTY(QString agentId READ agentId WRITE setAgentId NOTIFY agentIdChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString ringerDevice READ ringerDevice WRITE setRingerDevice NOTIFY ringerDeviceChanged)
    Q_PROPERTY(double ringerVolume READ ringerVolume WRITE setRingerVolume NOTIFY ringerVolumeChanged)
    Q_PROPERTY(QVariantMap serverInfo READ serverInfo NOTIFY serverInfoChanged)
    Q_PROPERTY(QString fileName READ fileName CONSTANT)

public:
    // `fileName` empty: <app-config>/console.conf.
    explicit UiSettings(const QString &fileName = {}, QObject *parent = nullptr);
    ~UiSettings() override;

    QStringList numbers() const;
    void setNumbers(const QStringList &numbers);
    QString callerId() const;
    void setCallerId(const QString &callerId);
    QString agentId() const;
    void setAgentId(const QString &agentId);
    QString language() const;
    void setLanguage(const QString &language);
    // Where the ring of an incoming call plays (a QAudioDevice id; empty = the system default), apart from the call's
    // output, so that a headset wearer can hear the ring on the speakers; and its own volume, 0..1.
    QString ringerDevice() const;
    void setRingerDevice(const QString &deviceId);
    double ringerVolume() const;
    void setRingerVolume(double volume);
    // The team server this desk last signed in to (its token is in the keychain, never here).
    QString serverUrl() const;
    void setServerUrl(const QString &url);
    QVariantMap serverInfo() const { return m_serverInfo; }
    void setServerInfo(const QVariantMap &info);
    QString fileName() const { return m_settings->fileName(); }

    // "+1 555 123, +1555" -> ["+1555123", "+1555"]: commas, semicolons or new lines separate numbers.
    Q_INVOKABLE static QStringList parseNumbers(const QString &text);
    // "KEY0123456789abcd" -> "KEY0…abcd": enough to recognise a secret, not to use it.
    Q_INVOKABLE static QString mask(const QString &secret);
    Q_INVOKABLE static void copyToClipboard(const QString &text);

signals:
    void numbersChanged();
    void callerIdChanged();
    void agentIdChanged();
    void languageChanged();
    void ringerDeviceChanged();
    void ringerVolumeChanged();
    void serverInfoChanged();

private:
    std::unique_ptr<QSettings> m_settings;
    QVariantMap m_serverInfo;
};

} // namespace sb
