// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

class QHttpServerRequest;
class QNetworkRequest;
class QUrl;

namespace sb {

// The bearer token for /api/*, /call-events and /frontend-audio: `Authorization: Bearer T` or `?token=T`.
// Compared in constant time; never logged.
class ApiToken {
public:
    explicit ApiToken(const QString &token);

    bool matches(QByteArrayView presented) const;
    bool authorizes(const QHttpServerRequest &request) const;
    bool authorizes(const QNetworkRequest &upgradeRequest, const QUrl &url) const; // a WebSocket upgrade

    static QByteArray bearerToken(const QByteArray &authorizationHeader);
    // The token a request or WebSocket upgrade presents: the bearer header, else ?token=. Empty when none.
    static QByteArray presented(const QHttpServerRequest &request);
    static QByteArray presented(const QNetworkRequest &upgradeRequest, const QUrl &url);

private:
    QByteArray m_token;
};

} // namespace sb
