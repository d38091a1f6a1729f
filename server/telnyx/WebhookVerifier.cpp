// SPDX-License-Identifier: MIT
#include "telnyx/WebhookVerifier.h"

#include <QByteArray>

#include <sodium.h>

namespace sb {

namespace {

// libsodium's decoder with the original (padded, '+/') alphabet and no ignored characters.
template <std::size_t N> bool decodeExact(QByteArrayView base64, std::array<std::uint8_t, N> &out)
{
    if (base64.isEmpty() || base64.size() > 4 * qsizetype((N + 2) / 3))
        return false;
    std::size_t written = 0;
    const char *end = nullptr;
    const int rc = sodium_base642bin(out.data(), out.size(), base64.data(), std::size_t(base64.size()), nullptr,
                                     &written, &end, sodium_base64_VARIANT_ORIGINAL);
    return rc == 0 && written == N && end == base64.data() + base64.size();
}

} // namespace

QString WebhookVerifier::Result::reason() const
{
    switch (outcome) {
    case Outcome::Valid:
        return QStringLiteral("valid");
    case Outcome::MissingHeaders:
        return QStringLiteral("missing telnyx-signature-ed25519 or telnyx-timestamp header");
    case Outcome::MalformedTimestamp:
        return QStringLiteral("telnyx-timestamp is not a Unix time in seconds");
    case Outcome::TimestampOutOfWindow:
        return QStringLiteral("telnyx-timestamp is more than 300 s away from now");
    case Outcome::MalformedSignature:
        return QStringLiteral("telnyx-signature-ed25519 is not base64 of 64 bytes");
    case Outcome::BadSignature:
        break;
    }
    return QStringLiteral("signature does not match the payload");
}

std::optional<WebhookVerifier::PublicKey> WebhookVerifier::decodePublicKey(QByteArrayView base64)
{
    if (sodium_init() < 0)
        return std::nullopt;
    PublicKey key{};
    if (!decodeExact(base64, key))
        return std::nullopt;
    return key;
}

WebhookVerifier::WebhookVerifier(const PublicKey &key)
    : m_key(key)
{
}

WebhookVerifier::Result WebhookVerifier::verify(QByteArrayView timestamp, QByteArrayView signatureBase64,
                                                QByteArrayView body, qint64 nowSeconds) const
{
    if (timestamp.isEmpty() || signatureBase64.isEmpty())
        return {Outcome::MissingHeaders};
    if (timestamp.size() > 15)
        return {Outcome::MalformedTimestamp};
    qint64 ts = 0;
    for (const char ch : timestamp) {
        if (ch < '0' || ch > '9')
            return {Outcome::MalformedTimestamp};
        ts = ts * 10 + (ch - '0');
    }
    const qint64 skew = nowSeconds > ts ? nowSeconds - ts : ts - nowSeconds;
    if (skew > kToleranceSeconds)
        return {Outcome::TimestampOutOfWindow};

    std::array<std::uint8_t, crypto_sign_BYTES> signature{};
    if (!decodeExact(signatureBase64, signature))
        return {Outcome::MalformedSignature};

    // The signed message is the timestamp exactly as received, '|', then the raw body bytes.
    QByteArray message;
    message.reserve(timestamp.size() + 1 + body.size());
    message.append(timestamp.data(), timestamp.size());
    message.append('|');
    message.append(body.data(), body.size());
    const int rc =
        crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char *>(message.constData()),
                                    std::size_t(message.size()), m_key.data());
    return {rc == 0 ? Outcome::Valid : Outcome::BadSignature};
}

} // namespace sb
