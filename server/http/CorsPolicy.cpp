// SPDX-License-Identifier: MIT
#include "http/CorsPolicy.h"

#include <QUrl>

namespace sb {

CorsPolicy::CorsPolicy(const QStringList &origins)
{
    for (const QString &origin : origins)
        m_origins.insert(origin.toLatin1());
}

QString CorsPolicy::canonicalOrigin(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || !trimmed.contains(QLatin1String("://"))) {
        *why = QStringLiteral("'%1' is not an origin such as https://crm.example.com").arg(trimmed);
        return {};
    }
    if (!url.path().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        *why = QStringLiteral("'%1' is not an origin: scheme://host[:port] only, no path (not even '/')").arg(trimmed);
        return {};
    }
    // What a browser puts in Origin: lower-case scheme and host, IPv6 in brackets, the port only when not the
    // scheme's default. Requests are compared with this byte for byte.
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    QString origin = scheme + QLatin1String("://") + host;
    if (url.port() != -1 && url.port() != defaultPort)
        origin += QLatin1Char(':') + QString::number(url.port());
    return origin;
}

} // namespace sb
