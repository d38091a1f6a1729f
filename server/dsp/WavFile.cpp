// SPDX-License-Identifier: MIT
#include "dsp/WavFile.h"

#include "dsp/FormatConverter.h"

// Qt
#include <QtEndian>

// C++
#include <algorithm>
#include <cstring>

namespace sb {

namespace {

constexpr quint16 kFormatPcm = 1;
constexpr quint16 kFormatExtensible = 0xFFFE;
constexpr qint64 kHeaderBytes = 44;
constexpr quint64 kMaxDataBytes = 0xFFFFFFFFull - 36; // what a RIFF size field can describe

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QByteArray header(int rate, int channels, quint64 dataBytes)
{
    const auto data = quint32(std::min(dataBytes, kMaxDataBytes));
    QByteArray h(kHeaderBytes, '\0');
    char *p = h.data();
    std::copy_n("RIFF", 4, p); // four bytes, no terminator
    qToLittleEndian<quint32>(36 + data, p + 4);
    std::copy_n("WAVEfmt ", 8, p + 8);
    qToLittleEndian<quint32>(16, p + 16);
    qToLittleEndian<quint16>(kFormatPcm, p + 20);
    qToLittleEndian<quint16>(quint16(channels), p + 22);
    qToLittleEndian<quint32>(quint32(rate), p + 24);
    qToLittleEndian<quint32>(quint32(rate * channels * 2), p + 28);
    qToLittleEndian<quint16>(quint16(channels * 2), p + 32);
    qToLittleEndian<quint16>(16, p + 34);
    std::copy_n("data", 4, p + 36);
    qToLittleEndian<quint32>(data, p + 40);
    return h;
}

} // namespace

std::optional<WavData> readWav(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 12 || std::memcmp(bytes.constData(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.constData() + 8, "WAVE", 4) != 0) {
        fail(error, QStringLiteral("%1 is not a RIFF/WAVE file").arg(path));
        return std::nullopt;
    }
    WavData wav;
    bool haveFormat = false;
    qsizetype pos = 12;
    while (pos + 8 <= bytes.size()) {
        const char *chunk = bytes.constData() + pos;
        const quint32 declared = qFromLittleEndian<quint32>(chunk + 4);
        const qsizetype body = pos + 8;
        const qsizetype available = bytes.size() - body;
        if (std::memcmp(chunk, "fmt ", 4) == 0) {
            if (declared < 16 || available < 16) {
                fail(error, QStringLiteral("%1: truncated fmt chunk").arg(path));
                return std::nullopt;
            }
            const char *f = bytes.constData() + body;
            quint16 tag = qFromLittleEndian<quint16>(f);
            wav.channels = qFromLittleEndian<quint16>(f + 2);
            wav.sampleRate = int(qFromLittleEndian<quint32>(f + 4));
            const quint16 bits = qFromLittleEndian<quint16>(f + 14);
            if (tag == kFormatExtensible && declared >= 26 && available >= 26)
                tag = qFromLittleEndian<quint16>(f + 24); // first two bytes of the sub-format GUID
            if (tag != kFormatPcm || bits != 16 || wav.channels < 1 || wav.sampleRate < 1) {
                fail(error, QStringLiteral("%1: only 16-bit PCM WAV is supported (format %2, %3 bits)")
                                .arg(path)
                                .arg(tag)
                                .arg(bits));
                return std::nullopt;
            }
            haveFormat = true;
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            if (!haveFormat) {
                fail(error, QStringLiteral("%1: data chunk before fmt chunk").arg(path));
                return std::nullopt;
            }
            qsizetype size = (declared == 0 || qsizetype(declared) > available) ? available : qsizetype(declared);
            size -= size % (2 * wav.channels);
            wav.samples.resize(std::size_t(size / 2));
            for (qsizetype i = 0; i < size / 2; ++i)
                wav.samples[std::size_t(i)] = qFromLittleEndian<qint16>(bytes.constData() + body + 2 * i);
            return wav;
        }
        pos = body + qsizetype(declared) + (declared & 1); // chunks are word aligned
    }
    fail(error, QStringLiteral("%1: no audio data").arg(path));
    return std::nullopt;
}

std::optional<std::vector<int16_t>> readWavAsTelephone(const QString &path, QString *error)
{
    auto wav = readWav(path, error);
    if (!wav)
        return std::nullopt;
    QAudioFormat format;
    format.setSampleRate(wav->sampleRate);
    format.setChannelCount(wav->channels);
    format.setSampleFormat(QAudioFormat::Int16);
    FormatConverter converter(format);
    std::vector<int16_t> out;
    converter.fromDevice(QByteArrayView(reinterpret_cast<const char *>(wav->samples.data()),
                                        qsizetype(wav->samples.size() * sizeof(int16_t))),
                         out);
    return out;
}

WavWriter::~WavWriter()
{
    close();
}

bool WavWriter::open(const QString &path, int sampleRate, int channels)
{
    close();
    m_rate = sampleRate;
    m_channels = std::max(channels, 1);
    m_dataBytes = 0;
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return m_file.write(header(m_rate, m_channels, 0)) == kHeaderBytes;
}

bool WavWriter::write(std::span<const int16_t> interleaved)
{
    if (!m_file.isOpen())
        return false;
    const auto bytes = qint64(interleaved.size_bytes());
    bool ok;
    if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        ok = m_file.write(reinterpret_cast<const char *>(interleaved.data()), bytes) == bytes;
    } else {
        QByteArray le(bytes, '\0');
        for (std::size_t i = 0; i < interleaved.size(); ++i)
            qToLittleEndian<qint16>(interleaved[i], le.data() + 2 * i);
        ok = m_file.write(le) == bytes;
    }
    if (ok)
        m_dataBytes += quint64(bytes);
    return ok;
}

bool WavWriter::updateHeader()
{
    if (!m_file.isOpen())
        return false;
    const qint64 end = m_file.pos();
    const bool ok = m_file.seek(0) && m_file.write(header(m_rate, m_channels, m_dataBytes)) == kHeaderBytes &&
                    m_file.seek(end) && m_file.flush();
    return ok;
}

void WavWriter::close()
{
    if (!m_file.isOpen())
        return;
    updateHeader();
    m_file.close();
}

} // namespace sb
