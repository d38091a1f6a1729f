// SPDX-License-Identifier: MIT
#include "client/BackendEndpoint.h"

namespace sb {

namespace {
constexpr int kRequestTimeoutMs = 15000; // Telnyx answers within a few seconds; the backend adds little

void authorize(QNetworkRequest &request, const QString &token)
{
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
}
} // namespace

BackendEndpoint::BackendEndpoint(const QUrl &baseUrl, const QString &token)
    : m_baseUrl(baseUrl)
    , m_token(token)
{
    if (m_baseUrl.path().endsWith(QLatin1Char('/')))
        m_baseUrl.setPath(m_baseUrl.path().chopped(1));
}

QNetworkRequest BackendEndpoint::httpRequest(const QString &pathAndQuery) const
{
    QUrl url = m_baseUrl;
    const qsizetype query = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(m_baseUrl.path() + (query < 0 ? pathAndQuery : pathAndQuery.left(query)), QUrl::TolerantMode);
    if (query >= 0)
        url.setQuery(pathAndQuery.mid(query + 1));
    QNetworkRequest request(url);
    authorize(request, m_token);
    request.setTransferTimeout(kRequestTimeoutMs);
    return request;
}

QNetworkRequest BackendEndpoint::webSocketRequest(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    url.setScheme(m_baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_baseUrl.path() + path);
    if (!query.isEmpty())
        url.setQuery(query.toString(QUrl::FullyEncoded));
    QNetworkRequest request(url);
    authorize(request, m_token);
    return request;
}

QString BackendEndpoint::encodeId(const QString &callControlId)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(callControlId, ":"));
}

} // namespace sb
