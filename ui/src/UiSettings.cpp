// SPDX-License-Identifier: MIT
#include "UiSettings.h"

// Qt
#include <QClipboard>
#include <QGuiApplication>
#include <QRegularExpression>
#include <QStandardPaths>

// C++
#include <algorithm>

namespace sb {

namespace {
const QString kNumbers = QStringLiteral("console/numbers");
const QString kCallerId = QStringLiteral("console/caller-id");
const QString kAgentId = QStringLiteral("console/agent-id");
const QString kLanguage = QStringLiteral("console/language");
const QString kServerUrl = QStringLiteral("console/server-url");
const QString kRingerDevice = QStringLiteral("console/ringer-device");
const QString kRingerVolume = QStringLiteral("console/ringer-volume");
constexpr double kDefaultRingerVolume = 0.8; // loud enough to hear across a room, not a startle
} // namespace

UiSettings::UiSettings(const QString &fileName, QObject *parent)
    : QObject(parent)
{
    const QString file = fileName.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                                                  QStringLiteral("/console.conf")
                                            : fileName;
    m_settings = std::make_unique<QSettings>(file, QSettings::IniFormat);
}

UiSettings::~UiSettings() = default;

QStringList UiSettings::numbers() const
{
    return m_settings->value(kNumbers).toStringList();
}

void UiSettings::setNumbers(const QStringList &numbers)
{
    if (numbers == this->numbers())
        return;
    m_settings->setValue(kNumbers, numbers);
    emit numbersChanged();
}

QString UiSettings::callerId() const
{
    return m_settings->value(kCallerId).toString();
}

void UiSettings::setCallerId(const QString &callerId)
{
    if (callerId == this->callerId())
        return;
    m_settings->setValue(kCallerId, callerId);
    emit callerIdChanged();
}

QString UiSettings::agentId() const
{
    const QString stored = m_settings->value(kAgentId).toString();
    return stored.isEmpty() ? qEnvironmentVariable("USER") : stored;
}

void UiSettings::setAgentId(const QString &agentId)
{
    if (agentId == m_settings->value(kAgentId).toString())
        return;
    m_settings->setValue(kAgentId, agentId);
    emit agentIdChanged();
}

QString UiSettings::language() const
{
    return m_settings->value(kLanguage).toString();
}

void UiSettings::setLanguage(const QString &language)
{
    if (language == this->language())
        return;
    m_settings->setValue(kLanguage, language);
    emit languageChanged();
}

QString UiSettings::ringerDevice() const
{
    return m_settings->value(kRingerDevice).toString();
}

void UiSettings::setRingerDevice(const QString &deviceId)
{
    if (deviceId == ringerDevice())
        return;
    m_settings->setValue(kRingerDevice, deviceId);
    emit ringerDeviceChanged();
}

double UiSettings::ringerVolume() const
{
    bool ok = false;
    const double v = m_settings->value(kRingerVolume, kDefaultRingerVolume).toDouble(&ok);
    return ok ? std::clamp(v, 0.0, 1.0) : kDefaultRingerVolume;
}

void UiSettings::setRingerVolume(double volume)
{
    volume = std::clamp(volume, 0.0, 1.0);
    if (qFuzzyCompare(1.0 + volume, 1.0 + ringerVolume()))
        return;
    m_settings->setValue(kRingerVolume, volume);
    emit ringerVolumeChanged();
}

QString UiSettings::serverUrl() const
{
    return m_settings->value(kServerUrl).toString();
}

void UiSettings::setServerUrl(const QString &url)
{
    m_settings->setValue(kServerUrl, url);
}

void UiSettings::setServerInfo(const QVariantMap &info)
{
    m_serverInfo = info;
    emit serverInfoChanged();
}

QStringList UiSettings::parseNumbers(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\n]+"));
    static const QRegularExpression spacing(QStringLiteral("[\\s\\-().]"));
    QStringList out;
    for (QString part : text.split(separators, Qt::SkipEmptyParts)) {
        part.remove(spacing);
        if (!part.isEmpty() && !out.contains(part))
            out << part;
    }
    return out;
}

QString UiSettings::mask(const QString &secret)
{
    if (secret.isEmpty())
        return {};
    if (secret.size() <= 10)
        return QString(secret.size(), QChar(0x2022));
    return secret.left(4) + QString(6, QChar(0x2022)) + secret.right(4);
}

void UiSettings::copyToClipboard(const QString &text)
{
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

} // namespace sb
