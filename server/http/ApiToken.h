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

private:
    QByteArray m_token;
};

} // namespace sb
