// SPDX-License-Identifier: MIT
#pragma once

#include "client/CredentialStore.h"

// Qt
#include <QHash>

namespace sb {

// A CredentialStore that keeps tokens in this process only, answering at once (through the event loop, as a keychain
// would). For tests, and for tools that must not touch the user's keychain.
class MemoryCredentialStore : public CredentialStore {
public:
    void read(const QString &server, QObject *context, ReadCallback callback) override;
    void write(const QString &server, const QString &token, QObject *context, DoneCallback callback) override;
    void remove(const QString &server, QObject *context, DoneCallback callback) override;

    // What is stored now, for tests.
    QString token(const QString &server) const { return m_tokens.value(server); }
    qsizetype size() const { return m_tokens.size(); }

private:
    QHash<QString, QString> m_tokens;
};

} // namespace sb
