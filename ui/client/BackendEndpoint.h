// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QNetworkRequest>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace sb {

// Where a Switchboard backend is and the API token for it, and the requests that reach it: HTTP requests under the
// base URL, WebSocket requests on its ws:// or wss:// twin, both carrying the token as a bearer header
// (docs/interface.md §3-§4; the header, not ?token=, so that the token stays out of proxies' access logs).
class BackendEndpoint {
public:
    BackendEndpoint() = default;
    // A trailing '/' of the base URL is dropped: paths are appended to it and start with '/'.
    BackendEndpoint(const QUrl &baseUrl, const QString &token);

    QUrl baseUrl() const { return m_baseUrl; }
    QString token() const { return m_token; }

    // `pathAndQuery`: "/api/calls?limit=50&offset=0" style, the path as in protocol/Paths.h.
    QNetworkRequest httpRequest(const QString &pathAndQuery) const;
    QNetworkRequest webSocketRequest(const QString &path, const QUrlQuery &query = {}) const;

    // A call_control_id as one path segment: ids look like "v3:abc", and ':' is kept readable.
    static QString encodeId(const QString &callControlId);

private:
    QUrl m_baseUrl;
    QString m_token;
};

} // namespace sb
