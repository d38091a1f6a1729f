// SPDX-License-Identifier: MIT
#include "audio/DeviceLoss.h"

// C++
#include <utility>

namespace sb {

DeviceLoss::DeviceLoss(QString noun, QString absentMessage, Report report)
    : m_noun(std::move(noun))
    , m_absentMessage(std::move(absentMessage))
    , m_report(std::move(report))
{
}

void DeviceLoss::once(const QString &message)
{
    if (!m_missing)
        m_report(message);
    m_missing = true;
}

void DeviceLoss::absent()
{
    once(m_absentMessage);
}

void DeviceLoss::openFailed(const QString &deviceName)
{
    once(QStringLiteral("%1 %2 could not be opened").arg(m_noun, deviceName));
}

void DeviceLoss::lost(const QString &deviceName)
{
    m_missing = true;
    m_report(QStringLiteral("%1 %2 lost; waiting for another").arg(m_noun, deviceName));
}

void DeviceLoss::opened(const QString &deviceName)
{
    if (m_missing)
        m_report(QStringLiteral("%1 resumed on %2").arg(m_noun, deviceName));
    m_missing = false;
}

QAudioDevice DeviceLoss::pick(const QList<QAudioDevice> &devices, std::initializer_list<QByteArray> ids,
                              const QAudioDevice &fallback)
{
    for (const QByteArray &id : ids) {
        if (id.isEmpty())
            continue;
        for (const QAudioDevice &d : devices)
            if (d.id() == id)
                return d;
    }
    return fallback;
}

} // namespace sb
