// SPDX-License-Identifier: MIT
#include "http/TrustedProxies.h"

namespace sb {

namespace {

// An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

std::optional<TrustedProxies::Subnet> TrustedProxies::parse(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    // parseSubnet also takes shorthands ("10" for 10.0.0.0/8); a proxy list is clearer with whole addresses.
    const Subnet subnet = QHostAddress::parseSubnet(trimmed);
    if (QHostAddress(trimmed.section(QLatin1Char('/'), 0, 0)).isNull() || subnet.first.isNull() || subnet.second < 0) {
        *why = QStringLiteral("'%1' is not an IP address or subnet such as 10.0.0.0/8").arg(trimmed);
        return std::nullopt;
    }
    return subnet;
}

bool TrustedProxies::trusts(const QHostAddress &peer) const
{
    const QHostAddress address = plain(peer);
    for (const Subnet &subnet : m_subnets) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

QString TrustedProxies::clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor) const
{
    QHostAddress client = plain(peer);
    if (forwardedFor.isEmpty() || !trusts(client))
        return client.toString();
    const QList<QByteArray> hops = forwardedFor.split(',');
    for (auto hop = hops.crbegin(); hop != hops.crend(); ++hop) {
        const QHostAddress address(QString::fromLatin1(hop->trimmed()));
        if (address.isNull())
            break; // not an address: nothing left of it can be believed either
        client = plain(address);
        if (!trusts(client))
            break;
    }
    return client.toString();
}

} // namespace sb
