// SPDX-License-Identifier: MIT
#include "media/Base64.h"

// C++
#include <array>

namespace sb {

namespace {

// int16_t, not int8_t: the -1 marking a bad character is then read without a signed-char conversion.
constexpr std::array<int16_t, 256> makeBase64Table()
{
    std::array<int16_t, 256> table{};
    for (auto &entry : table)
        entry = -1;
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        table[static_cast<uint8_t>(alphabet[i])] = static_cast<int16_t>(i);
    return table;
}
constexpr std::array<int16_t, 256> kBase64Decode = makeBase64Table();
constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

std::optional<QByteArray> decodeBase64Strict(QByteArrayView text)
{
    qsizetype length = text.size();
    const auto *in = reinterpret_cast<const uint8_t *>(text.data());
    if (length % 4 == 0 && length > 0 && in[length - 1] == '=')
        length -= in[length - 2] == '=' ? 2 : 1;
    else if (length % 4 != 0 && length > 0 && in[length - 1] == '=')
        return std::nullopt; // padding only completes a group of four
    if (length % 4 == 1)
        return std::nullopt; // one leftover character cannot hold a whole byte

    QByteArray out(length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1), Qt::Uninitialized);
    auto *o = reinterpret_cast<uint8_t *>(out.data());
    int bad = 0; // OR of all lookups: one branch at the end instead of one per character
    qsizetype i = 0;
    for (; i + 4 <= length; i += 4) {
        const int a = kBase64Decode[in[i]], b = kBase64Decode[in[i + 1]], c = kBase64Decode[in[i + 2]],
                  d = kBase64Decode[in[i + 3]];
        bad |= a | b | c | d;
        const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
        *o++ = uint8_t(v >> 16);
        *o++ = uint8_t(v >> 8);
        *o++ = uint8_t(v);
    }
    const qsizetype rest = length - i;
    if (rest >= 2) {
        const int a = kBase64Decode[in[i]], b = kBase64Decode[in[i + 1]];
        const int c = rest == 3 ? kBase64Decode[in[i + 2]] : 0;
        bad |= a | b | c;
        const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
        *o++ = uint8_t(v >> 16);
        if (rest == 3)
            *o++ = uint8_t(v >> 8);
    }
    if (bad < 0) // every invalid byte, including a '=' in the middle, maps to -1
        return std::nullopt;
    return out;
}

char *encodeBase64(std::span<const uint8_t> bytes, char *out)
{
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = (uint32_t(bytes[i]) << 16) | (uint32_t(bytes[i + 1]) << 8) | bytes[i + 2];
        *out++ = kBase64Alphabet[(v >> 18) & 63];
        *out++ = kBase64Alphabet[(v >> 12) & 63];
        *out++ = kBase64Alphabet[(v >> 6) & 63];
        *out++ = kBase64Alphabet[v & 63];
    }
    if (const size_t rest = bytes.size() - i; rest > 0) {
        const uint32_t v = (uint32_t(bytes[i]) << 16) | (rest == 2 ? uint32_t(bytes[i + 1]) << 8 : 0);
        *out++ = kBase64Alphabet[(v >> 18) & 63];
        *out++ = kBase64Alphabet[(v >> 12) & 63];
        *out++ = rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
        *out++ = '=';
    }
    return out;
}

} // namespace sb
