// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QString>

// C++
#include <functional>

namespace sb {

// Where a desk remembers the token it signed in with, one per server URL. The app's store is the operating system's
// keychain (app/desktop/KeychainCredentialStore: Secret Service, macOS Keychain, Windows Credential Manager); the
// tests use MemoryCredentialStore. Never a plain file: a store that cannot keep a token says so, and the sign-in goes
// on for the session only.
//
// Asynchronous, because keychains are (D-Bus, a prompt to unlock): the answer comes through the callback, which is not
// called once `context` is gone.
class CredentialStore {
public:
    // `token` is empty when none is stored for that server; `error` is empty when the store answered.
    using ReadCallback = std::function<void(const QString &token, const QString &error)>;
    // `error` is empty on success.
    using DoneCallback = std::function<void(const QString &error)>;

    virtual ~CredentialStore() = default;

    virtual void read(const QString &server, QObject *context, ReadCallback callback) = 0;
    virtual void write(const QString &server, const QString &token, QObject *context, DoneCallback callback) = 0;
    // Removing what is not stored is a success.
    virtual void remove(const QString &server, QObject *context, DoneCallback callback) = 0;
};

} // namespace sb
