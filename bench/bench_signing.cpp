// SPDX-License-Identifier: MIT
#include "bench_signing.h"

#include <cstring>

namespace sb::bench {

std::string base64(const unsigned char *bytes, size_t size, int variant)
{
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

WebhookKeys::WebhookKeys()
{
    crypto_sign_keypair(m_public, m_secret);
}

WebhookKeys::~WebhookKeys()
{
    sodium_memzero(m_secret, sizeof m_secret);
}

QString WebhookKeys::publicKeyBase64() const
{
    return QString::fromStdString(base64(m_public, sizeof m_public));
}

std::string WebhookKeys::sign(const std::string &timestamp, const std::string &body) const
{
    const std::string message = timestamp + '|' + body;
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char *>(message.data()), message.size(),
                         m_secret);
    return base64(signature, sizeof signature);
}

} // namespace sb::bench
