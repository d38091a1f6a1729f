// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace sb {

// The reverse proxies (nginx in front, docs/interface.md §2) whose X-Forwarded-For is believed (TRUSTED_PROXIES).
// None by default: anyone can send that header, so from any other peer it is ignored and the peer's own address
// is the client's. Trusting loopback by default would be wrong on a machine where other local users or services
// can reach the port.
class TrustedProxies {
public:
    using Subnet = QPair<QHostAddress, int>;

    TrustedProxies() = default;
    explicit TrustedProxies(QList<Subnet> subnets)
        : m_subnets(std::move(subnets))
    {
    }

    // "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"; nullopt (and *why) for anything else.
    static std::optional<Subnet> parse(const QString &text, QString *why);

    bool isEmpty() const { return m_subnets.isEmpty(); }
    bool trusts(const QHostAddress &peer) const;

    // The client's address for logs: the peer's, or, when the peer is a trusted proxy, the right-most address of
    // X-Forwarded-For that is not itself a trusted proxy (the ones left of it were written by the client, who can
    // write anything there).
    QString clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor) const;

private:
    QList<Subnet> m_subnets;
};

} // namespace sb
