// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>

namespace sb {

// Telnyx webhook signatures (docs/telnyx.md §1): Ed25519 (libsodium) over the bytes
// "<telnyx-timestamp>|<raw body>", the timestamp within 300 s of now in either direction.
// Checks in the order of Telnyx's current Node SDK: headers present, timestamp digits, window,
// signature decodes to 64 bytes, then the signature itself.
class WebhookVerifier {
public:
    using PublicKey = std::array<std::uint8_t, 32>;
    static constexpr qint64 kToleranceSeconds = 300;

    enum class Outcome {
        Valid,
        MissingHeaders,
        MalformedTimestamp,
        TimestampOutOfWindow,
        MalformedSignature,
        BadSignature
    };

    struct Result {
        Outcome outcome = Outcome::BadSignature;
        bool ok() const { return outcome == Outcome::Valid; }
        QString reason() const; // for the 401 message; never contains the signature
    };

    // Strict padded standard base64 of exactly 32 bytes, else nullopt.
    static std::optional<PublicKey> decodePublicKey(QByteArrayView base64);

    explicit WebhookVerifier(const PublicKey &key);

    Result verify(QByteArrayView timestamp, QByteArrayView signatureBase64, QByteArrayView body,
                  qint64 nowSeconds) const;

private:
    PublicKey m_key;
};

} // namespace sb
