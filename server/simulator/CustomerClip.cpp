// SPDX-License-Identifier: MIT
#include "simulator/CustomerClip.h"

#include "simulator/SimulatorLogging.h"

#include <QFile>

namespace sb {

namespace {
constexpr char kMuLawSilence = char(0xFF);
}

CustomerClip CustomerClip::bundled()
{
    QFile file(QString::fromLatin1(kResourcePath));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcSimulator) << "the demo clip" << kResourcePath << "is missing; the customer stays silent";
        return CustomerClip(QByteArray(kFrameBytes, kMuLawSilence));
    }
    return CustomerClip(file.readAll());
}

CustomerClip::CustomerClip(QByteArray pcmu)
    : m_pcmu(std::move(pcmu))
{
    if (m_pcmu.isEmpty())
        m_pcmu = QByteArray(kFrameBytes, kMuLawSilence);
    if (const qsizetype rest = m_pcmu.size() % kFrameBytes)
        m_pcmu.append(QByteArray(kFrameBytes - rest, kMuLawSilence));
    m_frames.reserve(m_pcmu.size() / kFrameBytes);
    for (qsizetype offset = 0; offset < m_pcmu.size(); offset += kFrameBytes)
        m_frames.append(m_pcmu.mid(offset, kFrameBytes).toBase64());
}

QByteArray CustomerClip::frame(quint64 index) const
{
    const qsizetype at = qsizetype(index % quint64(m_frames.size())) * kFrameBytes;
    return m_pcmu.mid(at, kFrameBytes);
}

} // namespace sb
