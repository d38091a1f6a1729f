// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sb {

// Which browser pages may use the server from another origin (CORS_ORIGINS, docs/interface.md §2): an exact
// allow-list of origins, empty by default. A listed origin's pages may call /api/* (preflights answered, every
// answer naming the origin); an unlisted one gets no CORS header at all, so the browser keeps the answer from the
// page. Once the list is set, WebSocket upgrades that carry an unlisted Origin are refused too: a browser lets any
// page open a WebSocket anywhere, with the token it holds in the query, and Origin is the only thing that tells
// which page it is. Clients that send no Origin (Telnyx, the desktop, curl) are not browsers and are unaffected.
class CorsPolicy {
public:
    CorsPolicy() = default;
    explicit CorsPolicy(const QStringList &origins);

    // "scheme://host[:port]" as a browser sends it (lower case, default port left out), or why `text` is not one.
    static QString canonicalOrigin(const QString &text, QString *why);

    bool isEmpty() const { return m_origins.isEmpty(); }
    // A listed origin: the request's answers carry CORS headers for it.
    bool allows(const QByteArray &origin) const { return !origin.isEmpty() && m_origins.contains(origin); }
    // A WebSocket upgrade with this Origin header (empty: none) is refused.
    bool refusesUpgrade(const QByteArray &origin) const
    {
        return !m_origins.isEmpty() && !origin.isEmpty() && !m_origins.contains(origin);
    }

    // The answer to a listed origin's preflight (OPTIONS) and what every /api answer to it carries besides.
    static constexpr const char *kAllowMethods = "GET, POST";
    static constexpr const char *kAllowHeaders = "Authorization, Content-Type";
    // Ten minutes: browsers cap it anyway (Chromium at 2 h, Firefox at 24 h); short enough that a removed origin
    // stops working soon after a restart.
    static constexpr const char *kMaxAgeSeconds = "600";

private:
    QSet<QByteArray> m_origins;
};

} // namespace sb
