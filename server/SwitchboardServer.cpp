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
#include <QWebSocketServer>

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
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
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
        MediaChannel *channel =
            MediaChannel::adopt(socket, MediaChannel::connectionUnder(socket, this), m_media->poller());
        m_media->addConnection(channel, token);
        return channel;
    });
    setWebSocketHandler(paths::kFrontendAudio, [this](QWebSocket *socket) {
        const QUrlQuery query(socket->requestUrl());
        const QString call = query.queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        const bool both = query.queryItemValue(QStringLiteral("tracks")) == QLatin1String("both");
        MediaChannel *channel = adoptMedia(socket);
        m_fanout->addListener(channel, call, both);
        return channel;
    });
    m_metrics->addGauge(QStringLiteral("switchboard_media_streams"), QStringLiteral("Telnyx media streams open."),
                        QString(), [this] { return double(m_media->streamCount()); });

    m_http = new HttpServer(m_httpLimits, this);
    registerRoutes();

    for (const QString path : {paths::kCallEvents, paths::kAudioStream, paths::kFrontendAudio}) {
        m_http->allowWebSocketPath(path);
        m_metrics->addGauge(
            QStringLiteral("switchboard_websocket_clients"), QStringLiteral("Open WebSocket connections, by path."),
            QStringLiteral("path=\"%1\"").arg(path), [this, path] { return m_webSocketCounts.value(path); });
    }
    connect(m_http, &HttpServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections())
            acceptWebSocket(m_http->nextPendingWebSocketConnection().release(), QString());
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
    auto *server = new QWebSocketServer(QStringLiteral("switchboard"), QWebSocketServer::NonSecureMode, this);
    if (!server->listen(m_config.host, port)) {
        *error = QStringLiteral("cannot listen on %1:%2 for %3: %4")
                     .arg(m_config.hostText)
                     .arg(port)
                     .arg(path, server->errorString());
        return false;
    }
    connect(server, &QWebSocketServer::newConnection, this, [this, server, path] {
        while (server->hasPendingConnections())
            acceptWebSocket(server->nextPendingConnection(), path);
    });
    qCInfo(lcHttp).noquote() << "extra WebSocket listener for" << path << "on port" << server->serverPort();
    return true;
}

void SwitchboardServer::acceptWebSocket(QWebSocket *socket, const QString &onlyPath)
{
    QString path = socket->requestUrl().path();
    if (!onlyPath.isEmpty() && (path.isEmpty() || path == QLatin1String("/")))
        path = onlyPath; // a single-path listener serves its path at the root too
    if (!onlyPath.isEmpty() && path != onlyPath) {
        reject(socket, QWebSocketProtocol::CloseCodePolicyViolated,
               QStringLiteral("this port serves %1 only").arg(onlyPath));
        return;
    }
    const bool needsToken = path != paths::kAudioStream; // Telnyx authenticates with the per-call stream token
    if (needsToken && !m_apiToken->authorizes(socket->request(), socket->requestUrl())) {
        qCInfo(lcHttp).noquote() << "refused a WebSocket on" << path << "from" << socket->peerAddress().toString()
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
    // WebSocket or channel. Connections of the extra WebSocket listeners are admitted here.
    ConnectionBudget::Lease *lease = nullptr;
    if (HttpConnectionGuard *guard = HttpConnectionGuard::of(MediaChannel::connectionUnder(socket, m_http)))
        lease = guard->lease();
    else
        lease = m_http->connections()->admit(socket, [] {});
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
}

MediaChannel *SwitchboardServer::adoptMedia(QWebSocket *socket)
{
    // Accepted by HttpServer (the main port) or a QWebSocketServer (extra ports): both are children of ours.
    return MediaChannel::adopt(socket, MediaChannel::connectionUnder(socket, this), m_poller);
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
