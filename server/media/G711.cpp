// SPDX-License-Identifier: MIT
#include "media/G711.h"

// C++
#include <algorithm>
#include <array>
#include <bit>

namespace sb {

namespace {

// Decode tables are built by the compiler from the formulas in ITU-T G.711 (see docs/telnyx.md §6), so
// there is no 512-number literal to mistype and no start-up cost.
constexpr int16_t muLawFormula(uint8_t code)
{
    const int inverted = ~code & 0xFF; // mu-law codes are transmitted bit-inverted
    const int exponent = (inverted >> 4) & 0x07;
    const int mantissa = inverted & 0x0F;
    const int magnitude = (((mantissa << 3) + 132) << exponent) - 132;
    return static_cast<int16_t>((inverted & 0x80) ? -magnitude : magnitude);
}

constexpr int16_t aLawFormula(uint8_t code)
{
    const int toggled = code ^ 0x55; // A-law toggles the even bits on the line
    const int exponent = (toggled >> 4) & 0x07;
    const int mantissa = toggled & 0x0F;
    const int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 264) << (exponent - 1);
    return static_cast<int16_t>((toggled & 0x80) ? magnitude : -magnitude); // in A-law, sign bit 1 is positive
}

template <int16_t (*Formula)(uint8_t)> constexpr std::array<int16_t, 256> makeTable()
{
    std::array<int16_t, 256> table{};
    for (int code = 0; code < 256; ++code)
        table[code] = Formula(static_cast<uint8_t>(code));
    return table;
}

constexpr std::array<int16_t, 256> kMuLawTable = makeTable<muLawFormula>();
constexpr std::array<int16_t, 256> kALawTable = makeTable<aLawFormula>();

static_assert(kMuLawTable[0xFF] == 0 && kMuLawTable[0x7F] == 0 && kMuLawTable[0x80] == 32124 &&
              kMuLawTable[0x00] == -32124);
static_assert(kALawTable[0xD5] == 8 && kALawTable[0x55] == -8 && kALawTable[0xAA] == 32256);

// Branch-light encoders: the segment (exponent) is the position of the highest set bit, which std::bit_width
// finds in one instruction, instead of the classic loop or 8-way search over segment ends.
inline uint8_t encodeMu(int16_t sample)
{
    constexpr int kBias = 132;   // 33 in G.711's 14-bit scale, shifted to 16 bits
    constexpr int kClip = 32635; // 32767 - kBias: keeps magnitude + bias inside 15 bits
    const int x = sample;
    const int sign = (x >> 8) & 0x80;                              // 0x80 for negative samples
    const int magnitude = std::min(x < 0 ? -x : x, kClip) + kBias; // 132..32767, so >> 7 is 1..255
    const int exponent = std::bit_width(static_cast<unsigned>(magnitude >> 7)) - 1;
    const int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    return static_cast<uint8_t>(~(sign | (exponent << 4) | mantissa));
}

inline uint8_t encodeA(int16_t sample)
{
    const int x = sample;
    // One's complement for negatives (x ^ -1 == -x - 1): A-law has no zero level, so -1 must map like 0 does.
    const int magnitude = x ^ (x >> 31); // 0..32767
    const int mask = x >= 0 ? 0xD5 : 0x55;
    const int exponent = std::bit_width(static_cast<unsigned>(magnitude >> 8)); // 0..7
    // Segments 0 and 1 share the same step (16 in 16-bit units), hence the max().
    const int mantissa = (magnitude >> (std::max(exponent, 1) + 3)) & 0x0F;
    return static_cast<uint8_t>(((exponent << 4) | mantissa) ^ mask);
}

} // namespace

std::optional<G711Law> lawForEncoding(QStringView encoding)
{
    if (encoding.compare(u"PCMU", Qt::CaseInsensitive) == 0)
        return G711Law::MuLaw;
    if (encoding.compare(u"PCMA", Qt::CaseInsensitive) == 0)
        return G711Law::ALaw;
    return std::nullopt;
}

int16_t muLawToLinear(uint8_t code)
{
    return kMuLawTable[code];
}
int16_t aLawToLinear(uint8_t code)
{
    return kALawTable[code];
}
uint8_t linearToMuLaw(int16_t sample)
{
    return encodeMu(sample);
}
uint8_t linearToALaw(int16_t sample)
{
    return encodeA(sample);
}

void decodeMuLaw(std::span<const uint8_t> in, int16_t *out)
{
    for (const uint8_t code : in)
        *out++ = kMuLawTable[code];
}

void decodeALaw(std::span<const uint8_t> in, int16_t *out)
{
    for (const uint8_t code : in)
        *out++ = kALawTable[code];
}

void encodeMuLaw(std::span<const int16_t> in, uint8_t *out)
{
    for (const int16_t sample : in)
        *out++ = encodeMu(sample);
}

void encodeALaw(std::span<const int16_t> in, uint8_t *out)
{
    for (const int16_t sample : in)
        *out++ = encodeA(sample);
}

void decodeG711(G711Law law, std::span<const uint8_t> in, int16_t *out)
{
    if (law == G711Law::MuLaw)
        decodeMuLaw(in, out);
    else
        decodeALaw(in, out);
}

void encodeG711(G711Law law, std::span<const int16_t> in, uint8_t *out)
{
    if (law == G711Law::MuLaw)
        encodeMuLaw(in, out);
    else
        encodeALaw(in, out);
}

} // namespace sb
