// SPDX-License-Identifier: MIT
#include "dsp/Resampler.h"

// Qt
#include <QTest>

// C++
#include <cmath>
#include <numbers>

using namespace sb;

namespace {

std::vector<float> sine(double freq, int rate, int count, double amplitude = 10000)
{
    std::vector<float> v(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        v[std::size_t(i)] = float(amplitude * std::sin(2 * std::numbers::pi * freq * i / rate));
    return v;
}

// Amplitude of `freq` in `x` (Goertzel-style single-bin DFT), skipping the filter's start-up.
double amplitudeAt(const std::vector<float> &x, double freq, int rate, std::size_t skip)
{
    double re = 0, im = 0;
    std::size_t n = 0;
    for (std::size_t i = skip; i < x.size(); ++i, ++n) {
        re += x[i] * std::cos(2 * std::numbers::pi * freq * double(i) / rate);
        im += x[i] * std::sin(2 * std::numbers::pi * freq * double(i) / rate);
    }
    return 2 * std::hypot(re, im) / double(n);
}

double db(double ratio)
{
    return 20 * std::log10(ratio);
}

} // namespace

class tst_Resampler : public QObject {
    Q_OBJECT
private slots:
    void passthrough();
    void lengthFollowsRatio_data();
    void lengthFollowsRatio();
    void keepsToneAndRejectsImages_data();
    void keepsToneAndRejectsImages();
    void antiAliasesWhenGoingDown();
    void chunkingDoesNotMatter();
};

void tst_Resampler::passthrough()
{
    Resampler r(8000, 8000);
    QVERIFY(r.isPassthrough());
    const std::vector<int16_t> in = {1, -2, 3};
    std::vector<float> out;
    r.process(std::span<const int16_t>(in), out);
    QCOMPARE(out, (std::vector<float>{1, -2, 3}));
}

void tst_Resampler::lengthFollowsRatio_data()
{
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::newRow("8k->48k") << 8000 << 48000;
    QTest::newRow("8k->44.1k") << 8000 << 44100;
    QTest::newRow("48k->8k") << 48000 << 8000;
    QTest::newRow("44.1k->8k") << 44100 << 8000;
    QTest::newRow("8k->16k") << 8000 << 16000;
    QTest::newRow("odd 8k->44101") << 8000 << 44101;
}

void tst_Resampler::lengthFollowsRatio()
{
    QFETCH(int, in);
    QFETCH(int, out);
    Resampler r(in, out);
    std::vector<float> result;
    const auto x = sine(440, in, in * 2);
    for (std::size_t i = 0; i < x.size(); i += std::size_t(in / 50)) // 20 ms chunks
        r.process(std::span<const float>(x.data() + i, std::min<std::size_t>(std::size_t(in / 50), x.size() - i)),
                  result);
    // Two seconds in: two seconds out, less the filter delay (under 5 ms).
    QVERIFY2(std::abs(double(result.size()) - 2.0 * out) < 0.005 * out, qPrintable(QString::number(result.size())));
}

void tst_Resampler::keepsToneAndRejectsImages_data()
{
    QTest::addColumn<int>("out");
    QTest::addColumn<double>("tone");
    QTest::newRow("48k 1kHz") << 48000 << 1000.0;
    QTest::newRow("48k 3kHz") << 48000 << 3000.0;
    QTest::newRow("44.1k 1kHz") << 44100 << 1000.0;
    QTest::newRow("16k 2kHz") << 16000 << 2000.0;
}

void tst_Resampler::keepsToneAndRejectsImages()
{
    QFETCH(int, out);
    QFETCH(double, tone);
    Resampler r(8000, out);
    std::vector<float> y;
    r.process(std::span<const float>(sine(tone, 8000, 8000)), y);
    const double kept = amplitudeAt(y, tone, out, std::size_t(out / 100));
    QVERIFY2(std::abs(db(kept / 10000)) < 0.5, qPrintable(QString("passband %1 dB").arg(db(kept / 10000))));
    // The first image of the tone around the 8 kHz sampling rate: linear interpolation leaves it ~-20 dB.
    const double image = amplitudeAt(y, 8000 - tone, out, std::size_t(out / 100));
    QVERIFY2(db(image / 10000) < -50, qPrintable(QString("image %1 dB").arg(db(image / 10000))));
}

void tst_Resampler::antiAliasesWhenGoingDown()
{
    Resampler r(48000, 8000);
    std::vector<float> y;
    // 6 kHz cannot be represented at 8 kHz; unfiltered it would fold to 2 kHz.
    r.process(std::span<const float>(sine(6000, 48000, 48000)), y);
    const double alias = amplitudeAt(y, 2000, 8000, 80);
    QVERIFY2(db(alias / 10000) < -50, qPrintable(QString("alias %1 dB").arg(db(alias / 10000))));
    Resampler r2(48000, 8000);
    std::vector<float> y2;
    r2.process(std::span<const float>(sine(1000, 48000, 48000)), y2);
    QVERIFY(std::abs(db(amplitudeAt(y2, 1000, 8000, 80) / 10000)) < 0.5);
}

void tst_Resampler::chunkingDoesNotMatter()
{
    const auto x = sine(700, 8000, 4000);
    Resampler whole(8000, 44100), pieces(8000, 44100);
    std::vector<float> a, b;
    whole.process(std::span<const float>(x), a);
    for (std::size_t i = 0; i < x.size();) {
        const std::size_t n = std::min<std::size_t>(1 + i % 37, x.size() - i);
        pieces.process(std::span<const float>(x.data() + i, n), b);
        i += n;
    }
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(std::abs(a[i] - b[i]) < 1e-3f);
}

QTEST_GUILESS_MAIN(tst_Resampler)
#include "tst_resampler.moc"
