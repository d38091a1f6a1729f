// SPDX-License-Identifier: MIT
#include "SwitchboardServer.h"

#include "Logging.h"
#include "Metrics.h"
#include "calls/CallEventsHub.h"
#include "calls/CallStore.h"
#include "calls/CallsApi.h"
#include "http/ApiResponse.h"
#include "http/ApiToken.h"
#include "http/ConnectionBudget.h"
#include "http/HttpConnectionGuard.h"
#include "http/HttpLogging.h"
#include "http/HttpServer.h"
#include "http/TlsFiles.h"
#include "protocol/Paths.h"
#include "streaming/AudioFanout.h"
#include "streaming/MediaGateway.h"
#include "telnyx/TelnyxClient.h"
#include "telnyx/WebhookReceiver.h"
#include "telnyx/WebhookVerifier.h"
#include "websocket/MediaChannel.h"
#include "websocket/SocketPoller.h"

#include <QHttpServerRequest>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

namespace sb {

namespace {
using Method = QHttpServerRequest::Method;

// Closes with a code and lets the close handshake finish before the socket is freed.
void reject(QWebSocket *socket, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    socket->close(code, reason);
}
} // namespace

SwitchboardServer::SwitchboardServer(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_metrics(std::make_unique<Metrics>())
    , m_apiToken(std::make_unique<ApiToken>(m_config.apiToken))
{
    m_httpLimits.maxConnections = m_config.maxConnections;
    m_uptime.start();
}

SwitchboardServer::~SwitchboardServer()
{
    // Children (HTTP server, sockets, receivers) go before the store they use.
    delete m_webhooks;
    delete m_calls;
    delete m_media;
    delete m_fanout;
    delete m_http;
    delete m_callEvents;
}

QString SwitchboardServer::listenUrl() const
{
    QString host = m_config.hostText;
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    return QStringLiteral("%1://%2:%3")
        .arg(m_config.tls() ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(m_port);
}

SwitchboardServer::TokenChange SwitchboardServer::regenerateApiToken(QString *token)
{
    if (m_config.apiTokenFixed())
        return TokenChange::FixedBySetting;
    const QString fresh = ConfigLoader::generateToken();
    // Saved first: only a token that will still be in force after a restart replaces the current one.
    if (!ConfigLoader::saveToken(m_config.configFile, fresh)) {
        qCWarning(lcConfig).noquote() << "API token not regenerated:" << m_config.configFile << "cannot be written";
        return TokenChange::FileNotWritable;
    }
    m_config.apiToken = fresh;
    m_apiToken = std::make_unique<ApiToken>(fresh);
    qCInfo(lcConfig).noquote() << "API token regenerated and saved to" << m_config.configFile;
    *token = fresh;
    return TokenChange::Done;
}

void SwitchboardServer::setWebSocketHandler(const QString &path, const WebSocketHandler &handler)
{
    m_webSocketHandlers.insert(path, handler);
}

bool SwitchboardServer::start(QString *error)
{
    const QString sqlite = m_config.sqlitePath();
    if (sqlite.isEmpty()) {
        *error = QStringLiteral("unsupported database URL: %1").arg(m_config.databaseUrl);
        return false;
    }
    m_store = std::make_unique<CallStore>(sqlite);
    if (!m_store->open(error))
        return false;

    if (!m_config.publicKey.isEmpty()) {
        if (const auto key = WebhookVerifier::decodePublicKey(m_config.publicKey.toLatin1()))
            m_verifier = std::make_unique<WebhookVerifier>(*key);
    }
    if (!m_verifier)
        qCWarning(lcWebhook) << "TELNYX_PUBLIC_KEY is not set: every webhook will be refused (503)";
    if (m_config.apiKey.isEmpty())
        qCWarning(lcTelnyx) << "TELNYX_API_KEY is not set: placing calls answers 503";

    m_telnyx = new TelnyxClient(m_config.apiBase, m_config.apiKey, this);
    m_callEvents = new CallEventsHub(this);
    m_webhooks = new WebhookReceiver(m_verifier.get(), sqlite, m_callEvents, m_metrics.get(), this);
    m_calls = new CallsApi(
        &m_config, m_telnyx, m_store.get(), m_callEvents, m_metrics.get(), [this] { return streamBaseUrl(); }, this);
    m_fanout = new AudioFanout(m_metrics.get(), this);
    m_media = new MediaGateway(m_store.get(), m_fanout, m_metrics.get(), this);
    connect(m_calls, &CallsApi::callDialled, m_media, [this](const CallRecord &call, const QString &token) {
        m_media->registerStreamToken(call.callControlId, token);
    });
    connect(m_calls, &CallsApi::muteChanged, m_media, &MediaGateway::setMuted);
    m_calls->setListenerCounter([this](const QString &call) { return m_fanout->listenerCount(call); });
    m_poller = new SocketPoller(this);
    setWebSocketHandler(paths::kAudioStream, [this](QWebSocket *socket) {
        const QString token = MediaGateway::presentedToken(socket);
        // Read and parsed on the gateway's media thread (raw socket path), away from this one.
        MediaChannel *channel = adoptMedia(socket, m_media->poller());
        m_media->addConnection(channel, token);
        return channel;
    });
    setWebSocketHandler(paths::kFrontendAudio, [this](QWebSocket *socket) {
        const QUrlQuery query(socket->requestUrl());
        const QString call = query.queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        const bool both = query.queryItemValue(QStringLiteral("tracks")) == QLatin1String("both");
        MediaChannel *channel = adoptMedia(socket, m_poller);
        m_fanout->addListener(channel, call, both);
        return channel;
    });
    m_metrics->addGauge(QStringLiteral("switchboard_media_streams"), QStringLiteral("Telnyx media streams open."),
                        QString(), [this] { return double(m_media->streamCount()); });

    m_http = new HttpServer(m_httpLimits, this);
    m_http->setCorsPolicy(CorsPolicy(m_config.corsOrigins));
    m_http->setTrustedProxies(TrustedProxies(m_config.trustedProxies));
    if (m_config.tls()) {
        QString why;
        m_tls = loadTlsFiles(m_config.tlsCertFile, m_config.tlsKeyFile, &why);
        if (!m_tls) {
            *error = QStringLiteral("invalid --tls-cert/--tls-key: %1").arg(why);
            return false;
        }
        m_http->setTls(m_tls);
    }
    registerRoutes();

    for (const QString path : {paths::kCallEvents, paths::kAudioStream, paths::kFrontendAudio}) {
        m_http->allowWebSocketPath(path);
        m_metrics->addGauge(
            QStringLiteral("switchboard_websocket_clients"), QStringLiteral("Open WebSocket connections, by path."),
            QStringLiteral("path=\"%1\"").arg(path), [this, path] { return m_webSocketCounts.value(path); });
    }
    connect(m_http, &HttpServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections())
            acceptWebSocket(m_http->nextPendingWebSocketConnection().release());
    });
    m_metrics->addGauge(QStringLiteral("switchboard_connections_open"),
                        QStringLiteral("Open connections over every listener, WebSockets included."), QString(),
                        [this] { return double(m_http->connections()->openCount()); });
    m_metrics->addGauge(QStringLiteral("switchboard_calls_live"), QStringLiteral("Calls not ended."), QString(),
                        [this] { return double(m_store->liveCalls().size()); });
    m_metrics->addGauge(QStringLiteral("switchboard_calls_stored"), QStringLiteral("Calls in the database."), QString(),
                        [this] { return double(m_store->callCount()); });

    m_port = m_http->listenOn(m_config.host, m_config.port, error);
    if (m_port == 0)
        return false;
    const std::pair<QString, std::optional<quint16>> extras[] = {{paths::kCallEvents, m_config.callEventsPort},
                                                                 {paths::kAudioStream, m_config.audioStreamPort},
                                                                 {paths::kFrontendAudio, m_config.frontendAudioPort}};
    for (const auto &[path, port] : extras) {
        if (port && !listenExtra(path, *port, error))
            return false;
    }
    return true;
}

bool SwitchboardServer::listenExtra(const QString &path, quint16 port, QString *error)
{
    // Through the HTTP server like the main port: the same connection budget from accept, head and idle timeouts,
    // key check and handshake handling; the port serves `path` alone.
    QString why;
    const quint16 bound = m_http->listenOn(m_config.host, port, &why, path);
    if (bound == 0) {
        *error = QStringLiteral("%1 for %2").arg(why, path);
        return false;
    }
    qCInfo(lcHttp).noquote() << "extra WebSocket listener for" << path << "on port" << bound << (m_tls ? "(TLS)" : "");
    return true;
}

void SwitchboardServer::acceptWebSocket(QWebSocket *socket)
{
    // A single-path listener serves its path at the root too (HttpServer let nothing else upgrade there).
    const QString onlyPath = m_http->onlyWebSocketPath(socket->localPort());
    const QString path = onlyPath.isEmpty() ? socket->requestUrl().path() : onlyPath;
    // Bounded before anything it sent is read (CONTRACT §3 "Limits"): Telnyx's media frames may be long.
    const qsizetype maxMessage =
        path == paths::kAudioStream ? MediaChannel::kMaxMessageBytes : MediaChannel::kMaxClientMessageBytes;
    MediaChannel::limitIncoming(socket, maxMessage);
    QTcpSocket *connection = MediaChannel::connectionUnder(socket, m_http);
    HttpConnectionGuard *guard = HttpConnectionGuard::of(connection);
    const bool needsToken = path != paths::kAudioStream; // Telnyx authenticates with the per-call stream token
    if (needsToken && !m_apiToken->authorizes(socket->request(), socket->requestUrl())) {
        qCInfo(lcHttp).noquote() << "refused a WebSocket on" << path << "from" << clientAddress(socket)
                                 << "- missing or wrong token";
        reject(socket, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unauthorized"));
        return;
    }
    const auto handler = m_webSocketHandlers.value(path);
    if (path != paths::kCallEvents && !handler) {
        reject(socket, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
               QStringLiteral("%1 is not available").arg(path));
        return;
    }
    // The connection keeps counting against --max-connections until it closes, whoever carries it: its
    // lease moves from the TCP socket (which a MediaChannel may close while keeping the descriptor) to the
    // WebSocket or channel. Every listener admitted it at accept (GuardedTcpServer).
    ConnectionBudget::Lease *lease = guard ? guard->lease() : nullptr;
    if (!lease) {
        reject(socket, QWebSocketProtocol::CloseCode(1013) /* try again later */,
               QStringLiteral("too many connections"));
        return;
    }
    lease->setStage(ConnectionBudget::Lease::Stage::Kept);
    ConnectionBudget::transfer(lease, socket);
    ++m_webSocketCounts[path];
    const auto countDown = [this, path] { --m_webSocketCounts[path]; };
    if (handler) {
        MediaChannel *channel = handler(socket);
        if (channel->thread() == thread()) {
            ConnectionBudget::transfer(lease, channel);
        } else {
            // A channel on the media thread cannot be the lease's parent: the lease stays here and ends with it.
            ConnectionBudget::transfer(lease, this);
            connect(channel, &QObject::destroyed, lease, &QObject::deleteLater);
        }
        connect(channel, &MediaChannel::disconnected, lease, &QObject::deleteLater);
        connect(channel, &MediaChannel::disconnected, this, countDown);
        return;
    }
    connect(socket, &QWebSocket::disconnected, lease, &QObject::deleteLater);
    connect(socket, &QWebSocket::disconnected, this, countDown);
    m_callEvents->addClient(socket);
    // What the client sent with its handshake, now that someone listens (and the limit is set).
    MediaChannel::unread(connection, guard ? guard->takeEarlyFrames() : QByteArray());
}

QString SwitchboardServer::clientAddress(const QWebSocket *socket) const
{
    return m_http->trustedProxies().clientAddress(socket->peerAddress(),
                                                  socket->request().rawHeader("X-Forwarded-For"));
}

MediaChannel *SwitchboardServer::adoptMedia(QWebSocket *socket, SocketPoller *poller)
{
    // Every listener is the HTTP server's; acceptWebSocket() has set the socket's message limit. Over TLS the
    // descriptor carries encrypted records that only the QSslSocket can read: the raw path (which takes the
    // descriptor over) is not for them, so no poller is offered and QWebSocket keeps the connection.
    QTcpSocket *connection = MediaChannel::connectionUnder(socket, m_http);
    HttpConnectionGuard *guard = HttpConnectionGuard::of(connection);
    return MediaChannel::adopt(socket, connection, m_tls ? nullptr : poller,
                               guard ? guard->takeEarlyFrames() : QByteArray(),
                               qsizetype(socket->maxAllowedIncomingMessageSize()));
}

void SwitchboardServer::regenerateTokenRoute(QHttpServerResponder &&responder)
{
    QString token;
    switch (regenerateApiToken(&token)) {
    case TokenChange::Done:
        // `saved` stays in the answer for clients written when a token could be in force unsaved.
        api::sendData(responder, QJsonObject{{QStringLiteral("token"), token},
                                             {QStringLiteral("saved"), true},
                                             {QStringLiteral("configFile"), m_config.configFile}});
        return;
    case TokenChange::FixedBySetting:
        api::sendError(responder, api::Status::Conflict, QStringLiteral("token_fixed"),
                       QStringLiteral("The API token is set by API_TOKEN or --api-token; change it there and restart "
                                      "Switchboard."));
        return;
    case TokenChange::FileNotWritable:
        api::sendError(responder, api::Status::Conflict, QStringLiteral("config_not_writable"),
                       QStringLiteral("The config file %1 cannot be written, so a new token would not survive a "
                                      "restart; change its api-token line there and restart Switchboard.")
                           .arg(m_config.configFile));
        return;
    }
}

void SwitchboardServer::registerRoutes()
{
    // Wraps a handler with the request counter and, for /api/*, the API token check.
    auto guarded = [this](bool needsToken, HttpServer::Handler handler) {
        return [this, needsToken, handler = std::move(handler)](
                   const QHttpServerRequest &request, const QStringList &params, QHttpServerResponder &&responder) {
            ++m_metrics->httpRequests;
            if (needsToken && !m_apiToken->authorizes(request)) {
                api::sendError(responder, api::Status::Unauthorized, QStringLiteral("unauthorized"),
                               QStringLiteral("Missing or wrong API token: send 'Authorization: Bearer <token>'."));
                return;
            }
            handler(request, params, std::move(responder));
        };
    };

    m_http->route(Method::Post, paths::kInitiate,
                  guarded(true, [this](const QHttpServerRequest &r, const QStringList &, QHttpServerResponder &&w) {
                      m_calls->initiate(r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kEnd,
                  guarded(true, [this](const QHttpServerRequest &r, const QStringList &, QHttpServerResponder &&w) {
                      m_calls->end(r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kWebhook,
                  guarded(false, [this](const QHttpServerRequest &r, const QStringList &, QHttpServerResponder &&w) {
                      m_webhooks->handle(r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::mute(paths::kIdParam),
                  guarded(true, [this](const QHttpServerRequest &, const QStringList &p, QHttpServerResponder &&w) {
                      m_calls->setMuted(p[0], true, std::move(w));
                  }));
    m_http->route(Method::Post, paths::unmute(paths::kIdParam),
                  guarded(true, [this](const QHttpServerRequest &, const QStringList &p, QHttpServerResponder &&w) {
                      m_calls->setMuted(p[0], false, std::move(w));
                  }));
    m_http->route(Method::Post, paths::dtmf(paths::kIdParam),
                  guarded(true, [this](const QHttpServerRequest &r, const QStringList &p, QHttpServerResponder &&w) {
                      m_calls->sendDtmf(p[0], r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kTokenRegenerate,
                  guarded(true, [this](const QHttpServerRequest &, const QStringList &, QHttpServerResponder &&w) {
                      regenerateTokenRoute(std::move(w));
                  }));
    m_http->route(Method::Get, paths::kCalls,
                  guarded(true, [this](const QHttpServerRequest &r, const QStringList &, QHttpServerResponder &&w) {
                      m_calls->list(r, std::move(w));
                  }));
    m_http->route(Method::Get, paths::call(paths::kIdParam),
                  guarded(true, [this](const QHttpServerRequest &, const QStringList &p, QHttpServerResponder &&w) {
                      m_calls->get(p[0], std::move(w));
                  }));
    m_http->route(
        Method::Get, paths::kHealth,
        guarded(false, [this](const QHttpServerRequest &, const QStringList &, QHttpServerResponder &&w) {
            const bool dbOk = m_store->isHealthy();
            api::sendJson(
                w,
                QJsonObject{
                    {QStringLiteral("status"), dbOk ? QStringLiteral("ok") : QStringLiteral("degraded")},
                    {QStringLiteral("version"), QStringLiteral(SWITCHBOARD_VERSION)},
                    {QStringLiteral("uptimeSeconds"), qint64(m_uptime.elapsed() / 1000)},
                    {QStringLiteral("database"), dbOk ? QStringLiteral("ok") : QStringLiteral("error")},
                    {QStringLiteral("telnyxConfigured"), m_telnyx->isConfigured() && !m_config.applicationId.isEmpty()},
                    {QStringLiteral("webhooksConfigured"), m_verifier != nullptr},
                    {QStringLiteral("demo"), m_config.demo},
                },
                dbOk ? api::Status::Ok : api::Status::ServiceUnavailable);
        }));
    m_http->route(Method::Get, paths::kMetrics,
                  guarded(false, [this](const QHttpServerRequest &, const QStringList &, QHttpServerResponder &&w) {
                      w.write(m_metrics->render(), QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"));
                  }));
}

} // namespace sb
