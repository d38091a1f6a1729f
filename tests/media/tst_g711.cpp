// SPDX-License-Identifier: MIT
#include "media/G711.h"

// Qt
#include <QFile>
#include <QtTest>

// C++
#include <cstring>
#include <vector>

using namespace sb;

Q_DECLARE_METATYPE(sb::G711Law)

namespace {

QByteArray loadData(const char *name)
{
    QFile file(QStringLiteral(SWITCHBOARD_MEDIA_TEST_DATA) + QLatin1Char('/') + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The SoX decode tables, as int16 (the files are little endian).
std::vector<int16_t> soxDecodeTable(G711Law law)
{
    const QByteArray raw = loadData(law == G711Law::MuLaw ? "sox_pcmu_decode.s16le" : "sox_pcma_decode.s16le");
    std::vector<int16_t> table(size_t(raw.size() / 2));
    for (size_t i = 0; i < table.size(); ++i)
        table[i] = int16_t(uint8_t(raw[qsizetype(2 * i)]) | (uint8_t(raw[qsizetype(2 * i + 1)]) << 8));
    return table;
}

uint8_t encode(G711Law law, int16_t x)
{
    return law == G711Law::MuLaw ? linearToMuLaw(x) : linearToALaw(x);
}
int16_t decode(G711Law law, uint8_t c)
{
    return law == G711Law::MuLaw ? muLawToLinear(c) : aLawToLinear(c);
}

// Reference encoder written from G.711's tables, not from our code: every positive code owns the input interval
// [y - step/2, y + step/2) around its reconstruction value y (taken from SoX), where the step is fixed per segment
// (mu-law 8 << s, A-law 16 << max(s - 1, 0) in 16-bit units). Encoding is a search for the interval holding the
// magnitude. The magnitude of a negative input is |x| for mu-law (bias-132 convention) and -x - 1 for A-law (Sun and
// ITU-T G.191 convention; A-law has no zero level).
struct Interval {
    int low;
    int high;
    uint8_t code;
};

std::vector<Interval> decisionIntervals(G711Law law, const std::vector<int16_t> &table)
{
    std::vector<Interval> intervals;
    for (int segment = 0; segment < 8; ++segment) {
        for (int mantissa = 0; mantissa < 16; ++mantissa) {
            const int bits = (segment << 4) | mantissa;
            const uint8_t code = law == G711Law::MuLaw ? uint8_t(0xFF ^ bits) : uint8_t((0x80 | bits) ^ 0x55);
            const int y = table[code];
            const int step = law == G711Law::MuLaw ? 8 << segment : 16 << std::max(segment - 1, 0);
            intervals.push_back({std::max(0, y - step / 2), y + step / 2, code});
        }
    }
    intervals.back().high = 1 << 20; // the top code also takes everything above: clipping
    return intervals;
}

uint8_t referenceEncode(G711Law law, const std::vector<Interval> &intervals, int x)
{
    const bool negative = x < 0;
    const int magnitude = !negative ? x : (law == G711Law::MuLaw ? -x : -x - 1);
    for (const Interval &interval : intervals) {
        if (magnitude >= interval.low && magnitude < interval.high)
            return negative ? uint8_t(interval.code & 0x7F) : interval.code;
    }
    return 0; // unreachable: the intervals tile [0, 2^20)
}

} // namespace

class tst_G711 : public QObject {
    Q_OBJECT

private slots:
    void lawForEncoding_data();
    void lawForEncoding();
    void documentedValues();
    void decodeMatchesSox_data();
    void decodeMatchesSox();
    void referenceIntervalsTile_data();
    void referenceIntervalsTile();
    void encodeMatchesReference_data();
    void encodeMatchesReference();
    void encodeMatchesSox_data();
    void encodeMatchesSox();
    void roundTrip_data();
    void roundTrip();
    void bulkMatchesScalar_data();
    void bulkMatchesScalar();
};

void tst_G711::lawForEncoding_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("expected"); // -1: none
    QTest::newRow("PCMU") << "PCMU" << int(G711Law::MuLaw);
    QTest::newRow("pcmu") << "pcmu" << int(G711Law::MuLaw);
    QTest::newRow("PCMA") << "PCMA" << int(G711Law::ALaw);
    QTest::newRow("Pcma") << "Pcma" << int(G711Law::ALaw);
    QTest::newRow("G722") << "G722" << -1;
    QTest::newRow("OPUS") << "OPUS" << -1;
    QTest::newRow("L16") << "L16" << -1;
    QTest::newRow("empty") << "" << -1;
    QTest::newRow("padded") << " PCMU" << -1;
    QTest::newRow("prefix") << "PCMU8" << -1;
}

void tst_G711::lawForEncoding()
{
    QFETCH(QString, encoding);
    QFETCH(int, expected);
    const std::optional<G711Law> law = sb::lawForEncoding(encoding);
    QCOMPARE(law.has_value(), expected >= 0);
    if (law)
        QCOMPARE(int(*law), expected);
}

void tst_G711::documentedValues()
{
    // docs/telnyx.md §6.
    QCOMPARE(muLawToLinear(0xFF), int16_t(0));
    QCOMPARE(muLawToLinear(0x7F), int16_t(0));
    QCOMPARE(muLawToLinear(0x80), int16_t(32124));
    QCOMPARE(muLawToLinear(0x00), int16_t(-32124));
    QCOMPARE(aLawToLinear(0xD5), int16_t(8));
    QCOMPARE(aLawToLinear(0x55), int16_t(-8));
    QCOMPARE(aLawToLinear(0xAA), int16_t(32256));
    QCOMPARE(aLawToLinear(0x2A), int16_t(-32256));
    QCOMPARE(linearToMuLaw(0), kMuLawSilence);
    QCOMPARE(linearToALaw(0), kALawSilence);
    QCOMPARE(linearToMuLaw(32767), uint8_t(0x80));
    QCOMPARE(linearToMuLaw(-32768), uint8_t(0x00));
    QCOMPARE(linearToALaw(32767), uint8_t(0xAA));
    QCOMPARE(linearToALaw(-32768), uint8_t(0x2A));
    QCOMPARE(silenceByte(G711Law::MuLaw), uint8_t(0xFF));
    QCOMPARE(silenceByte(G711Law::ALaw), uint8_t(0xD5));
}

void tst_G711::decodeMatchesSox_data()
{
    QTest::addColumn<G711Law>("law");
    QTest::newRow("mu-law") << G711Law::MuLaw;
    QTest::newRow("A-law") << G711Law::ALaw;
}

void tst_G711::decodeMatchesSox()
{
    QFETCH(G711Law, law);
    const std::vector<int16_t> table = soxDecodeTable(law);
    QCOMPARE(table.size(), size_t(256));
    for (int code = 0; code < 256; ++code) {
        if (decode(law, uint8_t(code)) != table[size_t(code)])
            QFAIL(qPrintable(QStringLiteral("code 0x%1: %2, SoX %3")
                                 .arg(code, 2, 16, QLatin1Char('0'))
                                 .arg(decode(law, uint8_t(code)))
                                 .arg(table[size_t(code)])));
    }
}

void tst_G711::referenceIntervalsTile_data()
{
    decodeMatchesSox_data();
}

void tst_G711::referenceIntervalsTile()
{
    // Guards the reference itself: its intervals must cover [0, top) without gaps or overlaps.
    QFETCH(G711Law, law);
    const std::vector<Interval> intervals = decisionIntervals(law, soxDecodeTable(law));
    QCOMPARE(intervals.size(), size_t(128));
    QCOMPARE(intervals.front().low, 0);
    for (size_t i = 1; i < intervals.size(); ++i)
        QCOMPARE(intervals[i].low, intervals[i - 1].high);
    QCOMPARE(intervals.back().low, law == G711Law::MuLaw ? 31612 : 31744);
}

void tst_G711::encodeMatchesReference_data()
{
    decodeMatchesSox_data();
}

void tst_G711::encodeMatchesReference()
{
    QFETCH(G711Law, law);
    const std::vector<Interval> intervals = decisionIntervals(law, soxDecodeTable(law));
    int mismatches = 0;
    for (int x = -32768; x <= 32767; ++x) {
        const uint8_t ours = encode(law, int16_t(x));
        const uint8_t reference = referenceEncode(law, intervals, x);
        if (ours != reference && ++mismatches <= 5)
            qWarning("x=%d: ours 0x%02x, reference 0x%02x", x, ours, reference);
    }
    QCOMPARE(mismatches, 0);
}

void tst_G711::encodeMatchesSox_data()
{
    decodeMatchesSox_data();
}

void tst_G711::encodeMatchesSox()
{
    QFETCH(G711Law, law);
    const QByteArray sox = loadData(law == G711Law::MuLaw ? "sox_pcmu_encode.u8" : "sox_pcma_encode.u8");
    QCOMPARE(sox.size(), qsizetype(65536));
    // SoX rounds to G.711's resolution (14 / 13 bits) before encoding; reference encoders truncate. See data/README.
    const int shift = law == G711Law::MuLaw ? 2 : 3;
    int exact = 0, differentBeforeRounding = 0;
    for (int x = -32768; x <= 32767; ++x) {
        const auto soxCode = uint8_t(sox[x + 32768]);
        const uint8_t ours = encode(law, int16_t(x));
        if (x % (1 << shift) == 0) { // rounding is a no-op here: must agree exactly
            QCOMPARE(ours, soxCode);
            ++exact;
        }
        const int rounded = std::min((x + (1 << (shift - 1))) >> shift, 32767 >> shift) << shift;
        QCOMPARE(encode(law, int16_t(rounded)), soxCode);
        if (ours != soxCode)
            ++differentBeforeRounding;
    }
    QCOMPARE(exact, 65536 >> shift);
    QCOMPARE(differentBeforeRounding, law == G711Law::MuLaw ? 383 : 1020); // as recorded in data/README.md
}

void tst_G711::roundTrip_data()
{
    decodeMatchesSox_data();
}

void tst_G711::roundTrip()
{
    QFETCH(G711Law, law);
    // Every code survives decode -> encode (mu-law has two zeros; 0x7F, "-0", comes back as 0xFF).
    for (int code = 0; code < 256; ++code) {
        const uint8_t again = encode(law, decode(law, uint8_t(code)));
        QCOMPARE(again, (law == G711Law::MuLaw && code == 0x7F) ? uint8_t(0xFF) : uint8_t(code));
    }
    // encode -> decode is monotonic, odd-symmetric in its law's convention, and within half a step of the input.
    const std::vector<Interval> intervals = decisionIntervals(law, soxDecodeTable(law));
    int previous = std::numeric_limits<int>::min();
    for (int x = -32768; x <= 32767; ++x) {
        const uint8_t code = encode(law, int16_t(x));
        const int y = decode(law, code);
        QVERIFY2(y >= previous, qPrintable(QString::number(x)));
        previous = y;
        const int segment = ((law == G711Law::MuLaw ? ~code : code ^ 0x55) >> 4) & 7;
        const int halfStep = law == G711Law::MuLaw ? 4 << segment : 8 << std::max(segment - 1, 0);
        const int top = law == G711Law::MuLaw ? 32124 : 32256;
        if (std::abs(x) <= top)
            QVERIFY2(std::abs(y - x) <= halfStep, qPrintable(QStringLiteral("%1 -> %2").arg(x).arg(y)));
        const int mirror = law == G711Law::MuLaw ? -x : -x - 1;
        if (mirror >= -32768 && mirror <= 32767 && x != 0)
            QCOMPARE(encode(law, int16_t(mirror)), uint8_t(code ^ 0x80));
    }
}

void tst_G711::bulkMatchesScalar_data()
{
    decodeMatchesSox_data();
}

void tst_G711::bulkMatchesScalar()
{
    QFETCH(G711Law, law);
    std::vector<uint8_t> codes(256);
    for (int i = 0; i < 256; ++i)
        codes[size_t(i)] = uint8_t(i);
    std::vector<int16_t> decoded(256);
    decodeG711(law, codes, decoded.data());
    for (int i = 0; i < 256; ++i)
        QCOMPARE(decoded[size_t(i)], decode(law, uint8_t(i)));

    std::vector<int16_t> samples(65536);
    for (int i = 0; i < 65536; ++i)
        samples[size_t(i)] = int16_t(i - 32768);
    std::vector<uint8_t> encoded(65536, 0x42);
    encodeG711(law, samples, encoded.data());
    for (int i = 0; i < 65536; ++i)
        QCOMPARE(encoded[size_t(i)], encode(law, samples[size_t(i)]));

    // The law-specific entry points are what decodeG711/encodeG711 dispatch to.
    std::vector<int16_t> direct(256);
    (law == G711Law::MuLaw ? decodeMuLaw : decodeALaw)(codes, direct.data());
    QCOMPARE(direct, decoded);
    std::vector<uint8_t> directEncoded(65536);
    (law == G711Law::MuLaw ? encodeMuLaw : encodeALaw)(samples, directEncoded.data());
    QCOMPARE(directEncoded, encoded);
}

QTEST_APPLESS_MAIN(tst_G711)
#include "tst_g711.moc"
