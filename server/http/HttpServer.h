// SPDX-License-Identifier: MIT
#pragma once

#include "http/CorsPolicy.h"
#include "http/HttpLimits.h"
#include "http/TrustedProxies.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSslConfiguration>
#include <QStringList>

#include <functional>
#include <optional>

namespace sb {

class ConnectionBudget;

// The HTTP front: QAbstractHttpServer with a small router of our own. Owning handleRequest() (which
// QHttpServer 6.4 keeps private) lets us answer 405 for a known path with the wrong method, JSON
// 404s, and choose which paths may upgrade to WebSocket. Every connection is admitted into one
// ConnectionBudget and watched by an HttpConnectionGuard (the limits Qt 6.4 lacks), which hears from here
// when each request is handed to its handler and when it has been answered.
class HttpServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    using Method = QHttpServerRequest::Method;
    // `params` holds the percent-decoded values of the pattern's ":name" segments, in order.
    using Handler = std::function<void(const QHttpServerRequest &request, const QStringList &params,
                                       QHttpServerResponder &&responder)>;

    explicit HttpServer(const HttpLimits &limits = {}, QObject *parent = nullptr);

    const HttpLimits &limits() const { return m_limits; }
    // Every open connection of this server, over all its listeners (and the WebSockets taken from them).
    ConnectionBudget *connections() const { return m_connections; }

    // Pattern: "/api/calls/telnyx/:id/mute"; a ":name" segment matches one non-empty path segment.
    void route(Method method, const QString &pattern, Handler handler);
    // Paths that may upgrade to WebSocket; the connection then arrives through newWebSocketConnection().
    void allowWebSocketPath(const QString &path) { m_webSocketPaths.insert(path); }
    // A last say on an upgrade to an allowed path, before it is accepted: an answer to send instead (a JSON body and
    // its status), or nothing to let it through. CONTRACT §8: a call's media served by another instance is 409.
    struct Refusal {
        QHttpServerResponder::StatusCode status;
        QJsonObject body;
    };
    using UpgradeGate = std::function<std::optional<Refusal>(const QHttpServerRequest &request, const QString &path)>;
    void setUpgradeGate(UpgradeGate gate) { m_upgradeGate = std::move(gate); }

    // Browser origins allowed to call /api/* and to open WebSockets (CORS_ORIGINS). Default: none.
    void setCorsPolicy(const CorsPolicy &policy) { m_cors = policy; }
    const CorsPolicy &corsPolicy() const { return m_cors; }
    // Proxies whose X-Forwarded-For names the client in logs (TRUSTED_PROXIES). Default: none.
    void setTrustedProxies(const TrustedProxies &proxies) { m_proxies = proxies; }
    const TrustedProxies &trustedProxies() const { return m_proxies; }
    // Listeners opened from now on serve TLS with this configuration (--tls-cert/--tls-key).
    void setTls(const std::optional<QSslConfiguration> &tls) { m_tls = tls; }

    // Listens on one more address/port; returns the bound port, 0 on failure (*error says why). With
    // `onlyWebSocketPath`, the port serves that WebSocket path alone (at the root too) and nothing else: the extra
    // listeners of docs/interface.md §2.2, under the same limits and connection budget as the main one.
    quint16 listenOn(const QHostAddress &address, quint16 port, QString *error,
                     const QString &onlyWebSocketPath = QString());
    // The path a single-path listener on `localPort` serves, empty for the main listener(s).
    QString onlyWebSocketPath(quint16 localPort) const { return m_singlePathPorts.value(localPort); }

    // RFC 6455 section 4.2.1: the key is the base64 of exactly 16 bytes.
    static bool isValidWebSocketKey(const QByteArray &key);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route {
        Method method;
        QStringList segments;
        Handler handler;
    };
    bool dispatch(const QHttpServerRequest &request, QTcpSocket *socket);
    bool answerPreflight(const QHttpServerRequest &request, QTcpSocket *socket);
    // The WebSocket path an upgrade request asks for on this socket's listener, or empty when it may not upgrade.
    QString upgradePath(const QHttpServerRequest &request, const QTcpSocket *socket) const;
    static bool match(const Route &route, const QList<QByteArray> &segments, QStringList *params);

    HttpLimits m_limits;
    ConnectionBudget *m_connections;
    QList<Route> m_routes;
    QSet<QString> m_webSocketPaths;
    CorsPolicy m_cors;
    TrustedProxies m_proxies;
    std::optional<QSslConfiguration> m_tls;
    QHash<quint16, QString> m_singlePathPorts; // local port -> the one WebSocket path it serves
    UpgradeGate m_upgradeGate;
};

} // namespace sb
