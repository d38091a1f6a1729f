// SPDX-License-Identifier: MIT
#include "dsp/WavFile.h"

// Qt
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

// C++
#include <cmath>
#include <numbers>

using namespace sb;

class tst_WavFile : public QObject {
    Q_OBJECT
private slots:
    void writeThenRead();
    void headerIsValidWhileWriting();
    void skipsUnknownChunksAndExtensible();
    void refusesOtherFormats();
    void convertsToTelephone();

private:
    QTemporaryDir m_dir;
};

void tst_WavFile::writeThenRead()
{
    const QString path = m_dir.filePath("a.wav");
    {
        WavWriter w;
        QVERIFY(w.open(path, 8000, 2));
        const int16_t frames[] = {1, -1, 2, -2, 32767, -32768};
        QVERIFY(w.write(frames));
        QCOMPARE(w.framesWritten(), 3u);
    } // destructor closes
    auto wav = readWav(path);
    QVERIFY(wav);
    QCOMPARE(wav->sampleRate, 8000);
    QCOMPARE(wav->channels, 2);
    QCOMPARE(wav->samples, (std::vector<int16_t>{1, -1, 2, -2, 32767, -32768}));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(bytes.size(), 44 + 12);
    QCOMPARE(qFromLittleEndian<quint32>(bytes.constData() + 4), 36u + 12u);
    QCOMPARE(qFromLittleEndian<quint32>(bytes.constData() + 40), 12u);
}

void tst_WavFile::headerIsValidWhileWriting()
{
    const QString path = m_dir.filePath("b.wav");
    WavWriter w;
    QVERIFY(w.open(path, 8000, 1));
    std::vector<int16_t> second(8000, 7);
    QVERIFY(w.write(second));
    QVERIFY(w.updateHeader());
    QVERIFY(w.write(second)); // not yet in the header: a crash now loses only this
    auto wav = readWav(path); // another reader, while the writer is still open
    QVERIFY(wav);
    QVERIFY(wav->samples.size() >= 8000u);
    w.close();
    QCOMPARE(readWav(path)->samples.size(), 16000u);
}

void tst_WavFile::skipsUnknownChunksAndExtensible()
{
    QByteArray b;
    auto u32 = [&b](quint32 v) {
        char c[4];
        qToLittleEndian(v, c);
        b.append(c, 4);
    };
    auto u16 = [&b](quint16 v) {
        char c[2];
        qToLittleEndian(v, c);
        b.append(c, 2);
    };
    b.append("RIFF");
    u32(0);
    b.append("WAVE");
    b.append("LIST");
    u32(3);
    b.append("abc");
    b.append('\0'); // pad byte
    b.append("fmt ");
    u32(40);
    u16(0xFFFE);
    u16(1);
    u32(16000);
    u32(32000);
    u16(2);
    u16(16);
    u16(22);
    u16(16);
    u32(4);
    u16(1); // PCM sub-format GUID begins 01 00
    b.append(QByteArray(14, '\0'));
    b.append("data");
    u32(4);
    u16(1000);
    u16(quint16(-1000));
    const QString path = m_dir.filePath("c.wav");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(b);
    f.close();
    QString error;
    auto wav = readWav(path, &error);
    QVERIFY2(wav, qPrintable(error));
    QCOMPARE(wav->sampleRate, 16000);
    QCOMPARE(wav->samples, (std::vector<int16_t>{1000, -1000}));
}

void tst_WavFile::refusesOtherFormats()
{
    const QString path = m_dir.filePath("d.wav");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a wav file at all");
    f.close();
    QString error;
    QVERIFY(!readWav(path, &error));
    QVERIFY(error.contains("RIFF"));
    QVERIFY(!readWav(m_dir.filePath("missing.wav"), &error));
}

void tst_WavFile::convertsToTelephone()
{
    const QString path = m_dir.filePath("e.wav");
    WavWriter w;
    QVERIFY(w.open(path, 48000, 2));
    std::vector<int16_t> x(48000 * 2);
    for (int i = 0; i < 48000; ++i) {
        const auto s = int16_t(std::lround(9000 * std::sin(2 * std::numbers::pi * 440 * i / 48000.0)));
        x[std::size_t(2 * i)] = x[std::size_t(2 * i + 1)] = s;
    }
    QVERIFY(w.write(x));
    w.close();
    auto tel = readWavAsTelephone(path);
    QVERIFY(tel);
    QVERIFY(std::abs(int(tel->size()) - 8000) < 40);
    int peak = 0;
    for (std::size_t i = 100; i < tel->size(); ++i)
        peak = std::max(peak, std::abs(int((*tel)[i])));
    QVERIFY2(std::abs(peak - 9000) < 300, qPrintable(QString::number(peak)));
}

QTEST_GUILESS_MAIN(tst_WavFile)
#include "tst_wavfile.moc"
