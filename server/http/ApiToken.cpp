// SPDX-License-Identifier: MIT
#include "http/ApiToken.h"

#include <QHttpServerRequest>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>

#include <sodium.h>

namespace sb {

ApiToken::ApiToken(const QString &token)
    : m_token(token.toUtf8())
{
}

bool ApiToken::matches(QByteArrayView presented) const
{
    if (m_token.isEmpty() || presented.size() != m_token.size())
        return false;
    return sodium_memcmp(presented.data(), m_token.constData(), std::size_t(m_token.size())) == 0;
}

QByteArray ApiToken::bearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray value = authorizationHeader.trimmed();
    if (value.size() > 7 && value.left(7).toLower() == "bearer ")
        return value.mid(7).trimmed();
    return {};
}

QByteArray ApiToken::presented(const QHttpServerRequest &request)
{
    QByteArray bearer = bearerToken(request.value("authorization"));
    if (!bearer.isEmpty())
        return bearer;
    return request.query().queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

QByteArray ApiToken::presented(const QNetworkRequest &upgradeRequest, const QUrl &url)
{
    QByteArray bearer = bearerToken(upgradeRequest.rawHeader("Authorization"));
    if (!bearer.isEmpty())
        return bearer;
    return QUrlQuery(url).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

bool ApiToken::authorizes(const QHttpServerRequest &request) const
{
    return matches(presented(request));
}

bool ApiToken::authorizes(const QNetworkRequest &upgradeRequest, const QUrl &url) const
{
    return matches(presented(upgradeRequest, url));
}

} // namespace sb
