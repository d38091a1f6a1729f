// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QByteArrayView>

// C++
#include <cstdint>
#include <optional>
#include <span>

namespace sb {

// Base64 for media payloads, both ways without a detour through QByteArray::toBase64/fromBase64: the decoder
// rejects what Qt would silently skip, and the encoder writes into a buffer the caller already has (the frame).

// Strict standard base64 (RFC 4648 alphabet, '=' padding optional but only at the end, no whitespace).
std::optional<QByteArray> decodeBase64Strict(QByteArrayView text);

// The length of the padded standard base64 of `bytes` bytes.
constexpr qsizetype base64EncodedSize(size_t bytes)
{
    return qsizetype((bytes + 2) / 3) * 4;
}

// Writes the padded standard base64 of `bytes` (base64EncodedSize() characters) at `out`; returns the end.
char *encodeBase64(std::span<const uint8_t> bytes, char *out);

} // namespace sb
