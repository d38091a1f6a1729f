// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QStringView>

// C++
#include <cstdint>
#include <optional>
#include <span>

namespace sb {

// G.711 (ITU-T G.711) companding between 8-bit codes and 16-bit linear PCM, one byte per 8 kHz sample.
// Telnyx names the two laws by their RTP payload names: PCMU is mu-law, PCMA is A-law.
//
// Decoding is exact (a 256-entry table per law). Encoding a 16-bit sample needs a rule for the bits below
// G.711's 14-bit (mu-law) / 13-bit (A-law) resolution; we use the two rules nearly every codec uses:
// - mu-law: the classic bias-132 encoder (Reese/Campbell): magnitude |x|, clip at 32635, add 132, complement.
// - A-law: the Sun / ITU-T G.191 encoder: negative samples use the one's complement (~x) as their magnitude,
//   so A-law, which has no zero level, quantizes symmetrically around -0.5.
// Other encoders (sox, G.191's mu-law) differ only for inputs that lie within one 16-bit step of a decision level;
// tests/media/data/README.md records exactly where and why.
enum class G711Law { MuLaw, ALaw };

// "PCMU" -> MuLaw, "PCMA" -> ALaw (case-insensitive, as SDP names are), anything else -> nullopt.
std::optional<G711Law> lawForEncoding(QStringView encoding);

// The silence byte of each law: what to send when there is nothing to say.
constexpr uint8_t kMuLawSilence = 0xFF;
constexpr uint8_t kALawSilence = 0xD5;
constexpr uint8_t silenceByte(G711Law law)
{
    return law == G711Law::MuLaw ? kMuLawSilence : kALawSilence;
}

int16_t muLawToLinear(uint8_t code);
int16_t aLawToLinear(uint8_t code);
uint8_t linearToMuLaw(int16_t sample);
uint8_t linearToALaw(int16_t sample);

// Bulk forms for whole frames: `out` must have room for in.size() values. They loop over the scalar code with
// no allocation, so the compiler can keep the tables in cache and unroll.
void decodeMuLaw(std::span<const uint8_t> in, int16_t *out);
void decodeALaw(std::span<const uint8_t> in, int16_t *out);
void encodeMuLaw(std::span<const int16_t> in, uint8_t *out);
void encodeALaw(std::span<const int16_t> in, uint8_t *out);
void decodeG711(G711Law law, std::span<const uint8_t> in, int16_t *out);
void encodeG711(G711Law law, std::span<const int16_t> in, uint8_t *out);

} // namespace sb
