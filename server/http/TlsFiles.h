// SPDX-License-Identifier: MIT
#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace sb {

// The server side of TLS (--tls-cert / --tls-key, docs/interface.md §2): a PEM certificate (the server's first,
// then any intermediates, as Let's Encrypt's fullchain.pem has them) and its PEM private key (RSA or EC, not
// encrypted). Nullopt, with one line in *error, when a file cannot be read, holds no certificate or key, or the key
// does not belong to the certificate.
std::optional<QSslConfiguration> loadTlsFiles(const QString &certFile, const QString &keyFile, QString *error);

} // namespace sb
