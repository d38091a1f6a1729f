// SPDX-License-Identifier: MIT
#include "http/HttpServer.h"

#include "http/ApiResponse.h"
#include "http/ConnectionBudget.h"
#include "http/HttpConnectionGuard.h"
#include "http/HttpLogging.h"

#include <QTcpSocket>
#include <QUrl>

namespace sb {

namespace {

QList<QByteArray> pathSegments(const QUrl &url)
{
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    QList<QByteArray> segments = path.split('/');
    segments.removeAll(QByteArray());
    return segments;
}

const char *methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

} // namespace

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_limits(limits)
    , m_connections(new ConnectionBudget(limits.maxConnections, this))
{
}

void HttpServer::route(Method method, const QString &pattern, Handler handler)
{
    QStringList segments = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    m_routes.append({method, segments, std::move(handler)});
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port, QString *error,
                             const QString &onlyWebSocketPath)
{
    auto *tcp = new GuardedTcpServer(m_limits, m_connections, m_tls, this);
    if (!tcp->listen(address, port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(tcp->errorString());
        delete tcp;
        return 0;
    }
    bind(tcp);
    if (!onlyWebSocketPath.isEmpty())
        m_singlePathPorts.insert(tcp->serverPort(), onlyWebSocketPath);
    return tcp->serverPort();
}

bool HttpServer::isValidWebSocketKey(const QByteArray &key)
{
    const auto decoded = QByteArray::fromBase64Encoding(key.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 16;
}

QString HttpServer::upgradePath(const QHttpServerRequest &request, const QTcpSocket *socket) const
{
    if (request.method() != Method::Get)
        return {};
    const QString path = request.url().path();
    const QString only = onlyWebSocketPath(socket->localPort());
    if (only.isEmpty())
        return m_webSocketPaths.contains(path) ? path : QString();
    // A single-path listener serves its path at the root too, and nothing else.
    return path == only || path.isEmpty() || path == QLatin1String("/") ? only : QString();
}

bool HttpServer::match(const Route &route, const QList<QByteArray> &segments, QStringList *params)
{
    if (route.segments.size() != segments.size())
        return false;
    params->clear();
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments[i];
        if (expected.startsWith(QLatin1Char(':'))) {
            params->append(QUrl::fromPercentEncoding(segments[i]));
        } else if (expected != QLatin1String(segments[i])) {
            return false;
        }
    }
    return true;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnectionGuard *guard = HttpConnectionGuard::of(socket);
    const QString path = request.url().path();
    qCInfo(lcHttp).noquote() << methodName(request.method()) << path << "from"
                             << m_proxies.clientAddress(request.remoteAddress(), request.value("x-forwarded-for"));
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        // Returning true hands the socket to the WebSocket server (newWebSocketConnection). From then on
        // it carries WebSocket frames, which the guard has no business looking at. A malformed key (400), or a
        // browser page from an origin not listed in CORS_ORIGINS (403), is refused here: missingHandler() answers.
        const QString upgrade = upgradePath(request, socket);
        const bool accepted = !upgrade.isEmpty() && isValidWebSocketKey(request.value("sec-websocket-key")) &&
                              !m_cors.refusesUpgrade(request.value("origin")) &&
                              !(m_upgradeGate && m_upgradeGate(request, upgrade));
        if (guard && accepted) {
            guard->release();
        } else if (guard) {
            guard->requestStarted(); // refused: missingHandler() answers it
            guard->setCorsOrigin({});
        }
        return accepted;
    }
    if (guard) {
        guard->requestStarted();
        // What the answer to this request carries for CORS (api::send*): the origin when it is listed.
        const QByteArray origin = request.value("origin");
        guard->setCorsOrigin(path.startsWith(QLatin1String("/api/")) && m_cors.allows(origin) ? origin : QByteArray());
    }
    const bool handled = answerPreflight(request, socket) || dispatch(request, socket);
    if (handled && guard)
        guard->handlerReturned();
    return handled;
}

bool HttpServer::dispatch(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    const QList<QByteArray> segments = pathSegments(request.url());
    QStringList params;
    bool pathKnown = false;
    const bool singlePath = !onlyWebSocketPath(socket->localPort()).isEmpty(); // no HTTP routes there
    for (const Route &route : std::as_const(m_routes)) {
        if (singlePath || !match(route, segments, &params))
            continue;
        pathKnown = true;
        if (route.method == request.method()) {
            route.handler(request, params, makeResponder(request, socket));
            return true;
        }
    }
    if (pathKnown || singlePath || m_webSocketPaths.contains(path)) {
        auto responder = makeResponder(request, socket);
        const bool ws = singlePath || m_webSocketPaths.contains(path);
        api::sendError(
            responder, ws ? api::Status::UpgradeRequired : api::Status::MethodNotAllowed,
            ws ? QStringLiteral("upgrade_required") : QStringLiteral("method_not_allowed"),
            ws ? QStringLiteral("%1 is a WebSocket endpoint.").arg(path)
               : QStringLiteral("%1 does not accept %2.").arg(path, QLatin1String(methodName(request.method()))));
        return true;
    }
    return false;
}

bool HttpServer::answerPreflight(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // A browser asks before a cross-origin request with a token (Authorization) or a JSON body. Only a listed
    // origin is answered; for others OPTIONS stays what it always was (405 or 404), and the browser gives up.
    const QByteArray origin = request.value("origin");
    if (request.method() != Method::Options || !request.url().path().startsWith(QLatin1String("/api/")) ||
        !m_cors.allows(origin))
        return false;
    makeResponder(request, socket)
        .write({{"Access-Control-Allow-Origin", origin},
                {"Access-Control-Allow-Methods", CorsPolicy::kAllowMethods},
                {"Access-Control-Allow-Headers", CorsPolicy::kAllowHeaders},
                {"Access-Control-Max-Age", CorsPolicy::kMaxAgeSeconds},
                {"Vary", "Origin"}},
               api::Status::NoContent);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto responder = makeResponder(request, socket);
    const bool upgrade = request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
    const QByteArray origin = request.value("origin");
    if (upgrade && m_cors.refusesUpgrade(origin)) {
        qCInfo(lcHttp).noquote() << "refused a WebSocket from origin" << origin;
        api::sendError(responder, api::Status::Forbidden, QStringLiteral("origin_not_allowed"),
                       QStringLiteral("Origin %1 is not in CORS_ORIGINS.").arg(QLatin1String(origin)));
    } else if (const QString path = upgrade ? upgradePath(request, socket) : QString();
               !path.isEmpty() && isValidWebSocketKey(request.value("sec-websocket-key")) && m_upgradeGate) {
        // Asked again rather than remembered: handleRequest() refused for this reason, and the gate is cheap.
        if (const std::optional<Refusal> refusal = m_upgradeGate(request, path))
            api::sendJson(responder, refusal->body, refusal->status);
        else
            api::sendError(responder, api::Status::ServiceUnavailable, QStringLiteral("try_again"),
                           QStringLiteral("The upgrade was refused; try again."));
    } else if (upgrade && !upgradePath(request, socket).isEmpty()) {
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("bad_request"),
                       QStringLiteral("Sec-WebSocket-Key must be the base64 of 16 bytes."));
    } else {
        api::sendError(responder, api::Status::NotFound, QStringLiteral("not_found"),
                       QStringLiteral("No such endpoint: %1 %2")
                           .arg(QLatin1String(methodName(request.method())), request.url().path()));
    }
    if (HttpConnectionGuard *guard = HttpConnectionGuard::of(socket))
        guard->handlerReturned();
}

} // namespace sb
