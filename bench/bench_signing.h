// SPDX-License-Identifier: MIT
#pragma once
// What the benchmarks that play Telnyx's webhooks share: libsodium's base64, and an Ed25519 key pair made for the run
// that signs "<timestamp>|<body>" as Telnyx does (docs/telnyx.md §2).

#include <QString>

#include <sodium.h>

#include <string>

namespace sb::bench {

std::string base64(const unsigned char *bytes, size_t size, int variant = sodium_base64_VARIANT_ORIGINAL);

class WebhookKeys {
public:
    WebhookKeys(); // sodium_init() must have succeeded
    ~WebhookKeys();
    WebhookKeys(const WebhookKeys &) = delete;
    WebhookKeys &operator=(const WebhookKeys &) = delete;

    // What the server is given as --public-key.
    QString publicKeyBase64() const;
    // The telnyx-signature-ed25519 header's value for `body` sent at `timestamp`.
    std::string sign(const std::string &timestamp, const std::string &body) const;

private:
    unsigned char m_public[crypto_sign_PUBLICKEYBYTES];
    unsigned char m_secret[crypto_sign_SECRETKEYBYTES];
};

} // namespace sb::bench
