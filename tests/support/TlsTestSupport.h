// SPDX-License-Identifier: MIT
#pragma once
// What the TLS tests share: a self-signed certificate the openssl command makes, a client configuration that trusts
// exactly it, and one raw request over TLS.

#include <QByteArray>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QString>

namespace sb::test {

// A self-signed EC certificate for 127.0.0.1 (P-256, two days): the PEM certificate at `certFile`, its
// unencrypted key at `keyFile`. False when the openssl command failed.
bool makeCertificate(const QString &certFile, const QString &keyFile);

// A client configuration that trusts the certificate in `certFile`, and only it (as its CA): nothing is ignored,
// so a wrong certificate fails the handshake.
QSslConfiguration trusting(const QString &certFile);

// The status code of a raw HTTP/1.1 answer, 0 when it is none.
int statusOf(const QByteArray &answer);

// A raw request over TLS to 127.0.0.1:port (from `from` when set); what comes back until the server closes or
// `waitMs` pass, or "no handshake: ..." when TLS failed. The server may run in the test's own thread: the waits
// turn the event loop (a blocking waitFor... would starve it).
QByteArray tlsExchange(quint16 port, const QSslConfiguration &config, const QByteArray &request, int waitMs = 3000,
                       const QHostAddress &from = QHostAddress());

} // namespace sb::test
