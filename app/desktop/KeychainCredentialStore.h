// SPDX-License-Identifier: MIT
#pragma once

#include "client/CredentialStore.h"

namespace sb {

// The desk's tokens in the operating system's keychain through QtKeychain: the Secret Service on Linux (GNOME
// Keyring, KWallet), the Keychain on macOS, the Credential Manager on Windows. Service "switchboard", key = the server
// URL. Where no keychain service runs (a headless Linux, CI), every call answers with QtKeychain's error and nothing
// is written anywhere else: QtKeychain's own plain-text fallback is switched off.
class KeychainCredentialStore : public CredentialStore {
public:
    void read(const QString &server, QObject *context, ReadCallback callback) override;
    void write(const QString &server, const QString &token, QObject *context, DoneCallback callback) override;
    void remove(const QString &server, QObject *context, DoneCallback callback) override;
};

} // namespace sb
