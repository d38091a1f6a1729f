// SPDX-License-Identifier: MIT
#pragma once

#include "dsp/Telephone.h"

// Qt
#include <QFile>
#include <QString>

// C++
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sb {

// RIFF/WAVE, 16-bit PCM only: what --mic-file reads and what call recordings are written as.

struct WavData {
    int sampleRate = 0;
    int channels = 0;
    std::vector<int16_t> samples; // interleaved
};

// Reads a 16-bit PCM WAV (format 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), any rate and channel count.
// Unknown chunks (LIST, fact, ...) are skipped. A data chunk whose size is 0 or runs past the end of the file (a
// recording still being written, or cut short) is read up to the end of the file.
std::optional<WavData> readWav(const QString &path, QString *error = nullptr);

// The same, converted to 8 kHz mono (channels averaged, resampled): the --mic-file feed.
std::optional<std::vector<int16_t>> readWavAsTelephone(const QString &path, QString *error = nullptr);

// Writes a 16-bit PCM WAV incrementally. The header is written first with the sizes of what is there so far and
// patched by updateHeader() (call it now and then: a crash then loses at most what came after) and by close().
class WavWriter {
public:
    WavWriter() = default;
    ~WavWriter();
    WavWriter(const WavWriter &) = delete;
    WavWriter &operator=(const WavWriter &) = delete;

    bool open(const QString &path, int sampleRate, int channels);
    bool isOpen() const { return m_file.isOpen(); }
    QString fileName() const { return m_file.fileName(); }
    QString errorString() const { return m_file.errorString(); }

    // Interleaved frames. Returns false on a write error (disk full...).
    bool write(std::span<const int16_t> interleaved);
    bool updateHeader();
    void close();

    quint64 framesWritten() const { return m_dataBytes / quint64(2 * m_channels); }

private:
    QFile m_file;
    int m_channels = 1;
    int m_rate = kTelephoneRate;
    quint64 m_dataBytes = 0;
};

} // namespace sb
