// SPDX-License-Identifier: MIT
#include "dsp/FormatConverter.h"

// Qt
#include <QTest>

// C++
#include <cmath>
#include <cstring>
#include <numbers>

using namespace sb;

namespace {

QAudioFormat format(int rate, int channels, QAudioFormat::SampleFormat sf)
{
    QAudioFormat f;
    f.setSampleRate(rate);
    f.setChannelCount(channels);
    f.setSampleFormat(sf);
    return f;
}

std::vector<int16_t> tone(int count)
{
    std::vector<int16_t> v(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        v[std::size_t(i)] = int16_t(std::lround(8000 * std::sin(2 * std::numbers::pi * 500 * i / 8000.0)));
    return v;
}

} // namespace

class tst_FormatConverter : public QObject {
    Q_OBJECT
private slots:
    void telephoneIsCopied();
    void roundTrip_data();
    void roundTrip();
    void stereoFloatLayout();
    void partialFramesAreKept();
};

void tst_FormatConverter::telephoneIsCopied()
{
    FormatConverter c;
    QVERIFY(c.isPassthrough());
    const std::vector<int16_t> in = {0, 1, -1, 32767, -32768};
    QByteArray bytes;
    c.toDevice(in, bytes);
    QCOMPARE(bytes.size(), 10);
    std::vector<int16_t> back;
    c.fromDevice(bytes, back);
    QCOMPARE(back, in);
}

void tst_FormatConverter::roundTrip_data()
{
    QTest::addColumn<int>("rate");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("sampleFormat");
    QTest::newRow("48k stereo float") << 48000 << 2 << int(QAudioFormat::Float);
    QTest::newRow("44.1k stereo int16") << 44100 << 2 << int(QAudioFormat::Int16);
    QTest::newRow("16k mono int32") << 16000 << 1 << int(QAudioFormat::Int32);
    QTest::newRow("8k mono uint8") << 8000 << 1 << int(QAudioFormat::UInt8);
}

// Out to the device format and back must give the same telephone audio (delayed by the two filters, and with the
// precision of the format: 8-bit loses ~48 dB).
void tst_FormatConverter::roundTrip()
{
    QFETCH(int, rate);
    QFETCH(int, channels);
    QFETCH(int, sampleFormat);
    FormatConverter out(format(rate, channels, QAudioFormat::SampleFormat(sampleFormat)));
    FormatConverter in(format(rate, channels, QAudioFormat::SampleFormat(sampleFormat)));
    const auto x = tone(8000);
    std::vector<int16_t> back;
    for (int i = 0; i < 8000; i += 160) {
        QByteArray bytes;
        out.toDevice(std::span<const int16_t>(x.data() + i, 160), bytes);
        in.fromDevice(bytes, back);
    }
    QVERIFY(back.size() > 7900);
    // Find the delay, then compare.
    int bestLag = 0;
    double best = -1;
    for (int lag = 0; lag < 80; ++lag) {
        double dot = 0;
        for (int i = 1000; i < 7000; ++i)
            dot += double(x[std::size_t(i)]) * back[std::size_t(i) + std::size_t(lag)];
        if (dot > best) {
            best = dot;
            bestLag = lag;
        }
    }
    double err = 0, sig = 0;
    for (int i = 1000; i < 7000; ++i) {
        const double d = double(back[std::size_t(i) + std::size_t(bestLag)]) - x[std::size_t(i)];
        err += d * d;
        sig += double(x[std::size_t(i)]) * x[std::size_t(i)];
    }
    const double snr = 10 * std::log10(sig / std::max(err, 1.0));
    QVERIFY2(snr > (sampleFormat == int(QAudioFormat::UInt8) ? 25 : 40), qPrintable(QString("SNR %1 dB").arg(snr)));
}

void tst_FormatConverter::stereoFloatLayout()
{
    FormatConverter c(format(8000, 2, QAudioFormat::Float));
    QByteArray bytes;
    const int16_t in[] = {8192, -16384};
    c.toDevice(in, bytes);
    QCOMPARE(bytes.size(), 2 * 2 * 4);
    float f[4];
    std::memcpy(f, bytes.constData(), sizeof f);
    QCOMPARE(f[0], 0.25f);
    QCOMPARE(f[1], 0.25f);
    QCOMPARE(f[2], -0.5f);
    QCOMPARE(f[3], -0.5f);
}

void tst_FormatConverter::partialFramesAreKept()
{
    FormatConverter c(format(8000, 2, QAudioFormat::Int16));
    const int16_t frames[] = {100, 300, -100, -300};
    const QByteArray all(reinterpret_cast<const char *>(frames), sizeof frames);
    std::vector<int16_t> out;
    c.fromDevice(QByteArrayView(all).first(3), out);
    QCOMPARE(out.size(), 0u);
    c.fromDevice(QByteArrayView(all).sliced(3), out);
    QCOMPARE(out, (std::vector<int16_t>{200, -200}));
}

QTEST_GUILESS_MAIN(tst_FormatConverter)
#include "tst_formatconverter.moc"
