// SPDX-License-Identifier: MIT
#include "SwitchboardServer.h"

#include "Logging.h"
#include "Metrics.h"
#include "access/Authenticator.h"
#include "access/PresenceApi.h"
#include "access/UsersApi.h"
#include "calls/CallEventsHub.h"
#include "calls/CallOffers.h"
#include "calls/CallRecord.h"
#include "calls/CallStore.h"
#include "calls/CallsApi.h"
#include "http/ApiResponse.h"
#include "http/ApiToken.h"
#include "http/ConnectionBudget.h"
#include "http/HttpConnectionGuard.h"
#include "http/HttpLogging.h"
#include "http/HttpServer.h"
#include "http/TlsFiles.h"
#include "instances/CallTakeover.h"
#include "instances/EventRelay.h"
#include "instances/InstanceBus.h"
#include "instances/InstanceRegistry.h"
#include "instances/PresenceRelay.h"
#include "protocol/CallStatus.h"
#include "protocol/Paths.h"
#include "streaming/AgentUplinks.h"
#include "streaming/AudioFanout.h"
#include "streaming/MediaGateway.h"
#include "telnyx/TelnyxClient.h"
#include "telnyx/WebhookReceiver.h"
#include "telnyx/WebhookVerifier.h"
#include "users/PresenceBoard.h"
#include "users/UserSessions.h"
#include "users/UserStore.h"
#include "websocket/MediaChannel.h"
#include "websocket/SocketPoller.h"

#include <QHttpServerRequest>
#include <QJsonArray>
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
    delete m_takeover;
    delete m_presenceRelay;
    delete m_relay;
    delete m_bus;
    delete m_instances;
    delete m_sessions;
    delete m_webhooks;
    delete m_calls;
    delete m_uplinks; // before the gateway it sends through
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
    // The old token stops working everywhere, its open sockets too (CONTRACT §6).
    m_sessions->adminTokenChanged(UserStore::tokenHash(fresh.toUtf8()));
    *token = fresh;
    return TokenChange::Done;
}

void SwitchboardServer::setWebSocketHandler(const QString &path, const WebSocketHandler &handler)
{
    m_webSocketHandlers.insert(path, handler);
}

bool SwitchboardServer::start(QString *error)
{
    const DatabaseUrl database = m_config.database();
    m_store = std::make_unique<CallStore>(database); // opened first: it creates or migrates the schema
    if (!m_store->open(error))
        return false;
    m_users = std::make_unique<UserStore>(database);
    if (!m_users->open(error))
        return false;
    m_authenticator = std::make_unique<Authenticator>(
        [this](QByteArrayView presented) { return m_apiToken->matches(presented); }, m_users.get());
    m_sessions = new UserSessions(m_users.get(), this);
    m_usersApi = new UsersApi(m_users.get(), this);
    connect(m_usersApi, &UsersApi::tokensChanged, m_sessions, &UserSessions::recheck);
    m_presence = new PresenceBoard(PresenceBoard::kAwayAfterMs, this);
    m_presenceApi = new PresenceApi(m_presence, m_users.get(), this);
    connect(m_usersApi, &UsersApi::userRemoved, m_presence, &PresenceBoard::forget);
    for (const CallRecord &call : m_store->liveCalls())
        m_presence->callLive(call.agentId, call.callControlId, true);

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
    m_callEvents->setAgentLookup([this](const QString &call) { return agentOf(call); });
    // Supervisors and admins who ask for it (/call-events?presence=1) follow the team's presence there.
    connect(m_presence, &PresenceBoard::changed, m_callEvents, [this](const PresenceBoard::Presence &presence) {
        m_callEvents->broadcastPresence(PresenceBoard::changedEventJson(presence));
    });
    m_webhooks = new WebhookReceiver(m_verifier.get(), database, m_callEvents, m_metrics.get(), this);
    m_calls = new CallsApi(
        &m_config, m_telnyx, m_store.get(), m_callEvents, m_metrics.get(), [this] { return streamBaseUrl(); }, this);
    CallOffers::Options ringing;
    ringing.ringTimeoutMs = m_config.ringTimeoutSeconds * 1000;
    ringing.strategy = m_config.ringStrategy;
    ringing.ringStepMs = m_config.ringStepSeconds * 1000;
    ringing.overflowTo = m_config.overflowTo;
    m_offers = new CallOffers(
        m_store.get(), m_telnyx, m_presence, m_callEvents, [this] { return streamBaseUrl(); }, ringing, this);
    m_fanout = new AudioFanout(m_metrics.get(), this);
    m_fanout->setAgentLookup([this](const QString &call) { return agentOf(call); });
    m_media = new MediaGateway(m_store.get(), m_fanout, m_metrics.get(), this);
    // A dialled call and an answered inbound one alike: the media gateway learns its secret, the fan-out its agent.
    connect(m_calls, &CallsApi::callDialled, m_media, [this](const CallRecord &call, const QString &token) {
        m_fanout->noteAgent(call.callControlId, call.agentId);
        m_media->registerStreamToken(call.callControlId, token);
    });
    connect(m_offers, &CallOffers::answering, m_media,
            [this](const QString &callControlId, const QString &agentId, const QString &token) {
                m_fanout->noteAgent(callControlId, agentId);
                m_media->registerStreamToken(callControlId, token);
            });
    connect(m_offers, &CallOffers::answerFailed, m_media,
            [this](const QString &, const QString &token) { m_media->forgetStreamToken(token); });
    connect(m_offers, &CallOffers::callAnswered, m_presence,
            [this](const CallRecord &call) { m_presence->callLive(call.agentId, call.callControlId, true); });
    connect(m_calls, &CallsApi::muteChanged, m_media, &MediaGateway::setMuted);
    m_calls->setListenerCounter([this](const QString &call) { return m_fanout->listenerCount(call); });
    m_poller = new SocketPoller(this);
    setWebSocketHandler(paths::kAudioStream, [this](QWebSocket *socket, QTcpSocket *connection,
                                                    const QByteArray &earlyFrames, const Caller &) {
        const QString token = MediaGateway::presentedToken(socket);
        // Read and parsed on the gateway's media thread (raw socket path), away from this one.
        MediaChannel *channel = adoptMedia(socket, connection, earlyFrames, m_media->poller());
        m_media->addConnection(channel, token);
        return channel;
    });
    setWebSocketHandler(paths::kFrontendAudio, [this](QWebSocket *socket, QTcpSocket *connection,
                                                      const QByteArray &earlyFrames, const Caller &caller) {
        const QUrlQuery query(socket->requestUrl());
        const QString call = query.queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        const bool both = query.queryItemValue(QStringLiteral("tracks")) == QLatin1String("both");
        MediaChannel *channel = adoptMedia(socket, connection, earlyFrames, m_poller);
        m_fanout->addListener(channel, call, both, caller.seesAllCalls() ? QString() : caller.name, caller.name);
        return channel;
    });
    m_uplinks = new AgentUplinks(m_media, m_metrics.get(), this);
    // A call's end closes its uplink: its Telnyx stream stopped (emitted on the media thread: queued here), or its
    // hang-up arrived (a call whose stream never started).
    connect(m_media, &MediaGateway::streamStopped, m_uplinks, &AgentUplinks::callEnded, Qt::QueuedConnection);
    // Inbound calls (CONTRACT §9): offered when they arrive, the offer over when they end.
    connect(m_webhooks, &WebhookReceiver::eventAccepted, m_offers,
            [this](const CallEvent &event, const std::optional<CallRecord> &call) {
                if (!call)
                    return;
                if (event.type == QLatin1String("call.initiated") &&
                    event.payload.value(QLatin1String("direction")).toString() == QLatin1String("incoming"))
                    m_offers->callArrived(*call, event.payload.value(QLatin1String("caller_id_name")).toString());
                else if (call->status == CallStatus::Ended)
                    m_offers->callEnded(*call);
            });
    // Busy while on a live call (CONTRACT §9): from the dial, then from the call's webhooks.
    connect(m_calls, &CallsApi::callDialled, m_presence,
            [this](const CallRecord &call) { m_presence->callLive(call.agentId, call.callControlId, true); });
    connect(m_webhooks, &WebhookReceiver::eventAccepted, m_presence,
            [this](const CallEvent &, const std::optional<CallRecord> &call) {
                if (call)
                    m_presence->callLive(call->agentId, call->callControlId, call->status != CallStatus::Ended);
            });
    connect(m_webhooks, &WebhookReceiver::eventAccepted, m_uplinks,
            [this](const CallEvent &, const std::optional<CallRecord> &call) {
                if (call && call->status == CallStatus::Ended)
                    m_uplinks->callEnded(call->callControlId);
            });
    setWebSocketHandler(paths::kAgentAudio, [this](QWebSocket *socket, QTcpSocket *connection,
                                                   const QByteArray &earlyFrames, const Caller &) {
        // refusal() has checked the caller, the call and that no uplink is open for it.
        const QString call = QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        MediaChannel *channel = adoptMedia(socket, connection, earlyFrames, m_poller);
        m_uplinks->add(channel, call);
        return channel;
    });
    m_metrics->addGauge(QStringLiteral("switchboard_uplinks_open"), QStringLiteral("/agent-audio uplinks open."),
                        QString(), [this] { return double(m_uplinks->count()); });
    // Whisper (docs/interface.md §7.2): a supervisor's voice, paced like an uplink, to the call's agent alone.
    setWebSocketHandler(paths::kWhisper, [this](QWebSocket *socket, QTcpSocket *connection,
                                                const QByteArray &earlyFrames, const Caller &caller) {
        // refusal() has checked the caller, the call (live, with an agent) and that nobody whispers in it yet.
        const QString call = QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        MediaChannel *channel = adoptMedia(socket, connection, earlyFrames, m_poller);
        m_uplinks->addWhisper(channel, call, caller.name, agentOf(call));
        return channel;
    });
    connect(m_uplinks, &AgentUplinks::whisperFrame, m_fanout, &AudioFanout::whisper);
    connect(m_uplinks, &AgentUplinks::whisperChanged, m_calls, &CallsApi::noteWhisper);
    m_metrics->addGauge(QStringLiteral("switchboard_whispers_open"), QStringLiteral("/whisper sockets open."),
                        QString(), [this] { return double(m_uplinks->count(AgentUplinks::Kind::Whisper)); });
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

    for (const QString path :
         {paths::kCallEvents, paths::kAudioStream, paths::kFrontendAudio, paths::kAgentAudio, paths::kWhisper}) {
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
    return joinInstances(error);
}

bool SwitchboardServer::joinInstances(QString *error)
{
    const QString self = publicUrl();
    const DatabaseUrl database = m_config.database();
    m_store->setInstanceUrl(self); // the calls dialled and answered here have their media here
    m_instances = new InstanceRegistry(database, this);
    if (!m_instances->start(self, error))
        return false;
    m_bus = new InstanceBus(database, self, this);
    if (!m_bus->start(error))
        return false;
    m_relay = new EventRelay(m_bus, m_callEvents, m_store.get(), this);
    connect(m_calls, &CallsApi::muteChanged, m_relay, &EventRelay::relayMute);
    connect(m_relay, &EventRelay::muteChanged, m_media, &MediaGateway::setMuted);
    connect(m_offers, &CallOffers::answeredHere, m_relay, &EventRelay::relayAnswered);
    connect(m_offers, &CallOffers::declinedHere, m_relay, &EventRelay::relayDeclined);
    connect(m_relay, &EventRelay::answeredElsewhere, m_offers, &CallOffers::answeredElsewhere);
    connect(m_relay, &EventRelay::declinedElsewhere, m_offers, &CallOffers::declinedElsewhere);
    // The team's presence is the same on every instance: offers go to agents wherever their desks are.
    m_presenceRelay = new PresenceRelay(m_bus, m_instances, m_presence, this);
    // Another instance's live calls, once it is gone: their streams come here.
    m_takeover = new CallTakeover(
        m_store.get(), m_instances, m_telnyx, [this] { return streamBaseUrl(); }, this);
    connect(m_takeover, &CallTakeover::takingOver, m_media,
            [this](const QString &callControlId, const QString &agentId, const QString &token) {
                m_fanout->noteAgent(callControlId, agentId);
                m_media->registerStreamToken(callControlId, token);
            });
    if (m_instances->shared()) {
        if (m_config.publicUrl.isEmpty())
            qCWarning(lcConfig).noquote() << "PUBLIC_URL is not set: this instance is" << self
                                          << "to the others; set it when several share the database";
        qCInfo(lcConfig).noquote() << "instance" << self << "joined" << database.display();
        m_takeover->start();
        m_presenceRelay->start();
    }
    m_http->setUpgradeGate(
        [this](const QHttpServerRequest &request, const QString &path) { return elsewhere(request, path); });
    return true;
}

std::optional<HttpServer::Refusal> SwitchboardServer::elsewhere(const QHttpServerRequest &request,
                                                                const QString &path) const
{
    if (!m_instances || !m_instances->shared() ||
        (path != paths::kFrontendAudio && path != paths::kAgentAudio && path != paths::kWhisper))
        return std::nullopt;
    const QString callId = QUrlQuery(request.url()).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
    if (callId.isEmpty())
        return std::nullopt;
    // Only to a caller with a working token, about a call it may use: the others learn nothing of where calls are, and
    // the usual refusal (after the upgrade) answers them.
    const std::optional<Caller> caller = m_authenticator->identify(ApiToken::presented(request));
    if (!caller || (path == paths::kWhisper && !caller->seesAllCalls()))
        return std::nullopt;
    const std::optional<CallRecord> call = m_store->call(callId);
    if (!call || (!caller->seesAllCalls() && call->agentId != caller->name) || call->status == CallStatus::Ended ||
        call->instance.isEmpty() || call->instance == publicUrl() || !m_instances->isLive(call->instance))
        return std::nullopt; // here, or unknown: the usual checks answer after the upgrade
    QUrl there(call->instance + path);
    there.setQuery(QUrlQuery({{QStringLiteral("call"), callId}}));
    if (there.scheme() == QLatin1String("https"))
        there.setScheme(QStringLiteral("wss"));
    else
        there.setScheme(QStringLiteral("ws"));
    const QString url = there.toString(QUrl::FullyEncoded);
    return HttpServer::Refusal{
        api::Status::Conflict,
        QJsonObject{
            {QStringLiteral("success"), false},
            {QStringLiteral("error"),
             QJsonObject{
                 {QStringLiteral("code"), QStringLiteral("wrong_instance")},
                 {QStringLiteral("message"),
                  QStringLiteral("The call's media is on instance %1: connect to %2.").arg(call->instance, url)},
                 {QStringLiteral("instance"), call->instance},
                 {QStringLiteral("url"), url}}}}};
}

void SwitchboardServer::listInstances(QHttpServerResponder &&responder) const
{
    QJsonArray list;
    const QString self = publicUrl();
    for (const InstanceRegistry::Instance &instance : m_instances->live())
        list.append(instance.toJson(instance.url == self));
    api::sendData(responder, list);
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
    std::optional<Caller> caller;
    QByteArray tokenHash; // of the token presented, to close the socket when that token stops working
    if (needsToken) {
        const QByteArray presented = ApiToken::presented(socket->request(), socket->requestUrl());
        caller = m_authenticator->identify(presented);
        if (!caller) {
            qCInfo(lcHttp).noquote() << "refused a WebSocket on" << path << "from" << clientAddress(socket)
                                     << "- missing or wrong token";
            reject(socket, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unauthorized"));
            return;
        }
        if (const auto why = refusal(path, socket->requestUrl(), *caller)) {
            qCInfo(lcHttp).noquote() << "refused a WebSocket on" << path << "of" << caller->name << "from"
                                     << clientAddress(socket) << "-" << *why;
            reject(socket, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("forbidden"));
            return;
        }
        tokenHash = UserStore::tokenHash(presented);
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
    // Here until its carrier is known: a media channel may take the QWebSocket to another thread.
    ConnectionBudget::transfer(lease, this);
    ++m_webSocketCounts[path];
    const auto countDown = [this, path] { --m_webSocketCounts[path]; };
    if (handler) {
        MediaChannel *channel =
            handler(socket, connection, guard ? guard->takeEarlyFrames() : QByteArray(), caller.value_or(Caller{}));
        if (caller && channel->thread() == thread()) {
            trackSession(*caller, tokenHash, channel, [channel] {
                channel->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token no longer valid"));
            });
        }
        if (channel->thread() == thread()) {
            ConnectionBudget::transfer(lease, channel);
        } else {
            // A channel on the media thread cannot be the lease's parent: the lease stays here and ends with it.
            connect(channel, &QObject::destroyed, lease, &QObject::deleteLater);
        }
        connect(channel, &MediaChannel::disconnected, lease, &QObject::deleteLater);
        connect(channel, &MediaChannel::disconnected, this, countDown);
        return;
    }
    ConnectionBudget::transfer(lease, socket);
    // Events are small frames in bursts: without TCP_NODELAY the second of two waits for the client's delayed ACK of
    // the first (up to 40 ms on Linux; bench/instance_relay saw p95 35 ms, p99 41 ms before this).
    if (connection)
        connection->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QWebSocket::disconnected, lease, &QObject::deleteLater);
    connect(socket, &QWebSocket::disconnected, this, countDown);
    const bool presence =
        caller && caller->seesAllCalls() &&
        QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("presence")) == QLatin1String("1");
    m_callEvents->addClient(socket, caller && !caller->seesAllCalls() ? caller->name : QString(), presence);
    if (caller) {
        // A desk is its user's /call-events connection: connected while one is open.
        m_presence->deskConnected(caller->name, caller->role);
        connect(socket, &QObject::destroyed, m_presence,
                [presence = m_presence, name = caller->name] { presence->deskDisconnected(name); });
    }
    if (caller) {
        trackSession(*caller, tokenHash, socket, [socket] {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token no longer valid"));
        });
    }
    // What the client sent with its handshake, now that someone listens (and the limit is set).
    MediaChannel::unread(connection, guard ? guard->takeEarlyFrames() : QByteArray());
}

void SwitchboardServer::trackSession(const Caller &caller, const QByteArray &tokenHash, QObject *lifetime,
                                     std::function<void()> close)
{
    if (caller.adminToken)
        m_sessions->addAdmin(tokenHash, lifetime, std::move(close));
    else
        m_sessions->add(caller.name, tokenHash, lifetime, std::move(close));
}

std::optional<QString> SwitchboardServer::refusal(const QString &path, const QUrl &url, const Caller &caller) const
{
    if (path == paths::kAgentAudio) {
        // CONTRACT §7: the call's own agent, or an admin; a supervisor watches others' calls but does not speak in
        // them. Unknown and ended calls are refused alike.
        const QString callId = QUrlQuery(url).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        const std::optional<CallRecord> call = callId.isEmpty() ? std::nullopt : m_store->call(callId);
        if (!call || call->status == CallStatus::Ended)
            return QStringLiteral("no such live call");
        if (!caller.managesUsers() && call->agentId != caller.name)
            return QStringLiteral("not the agent's call");
        if (m_uplinks->isOpen(callId))
            return QStringLiteral("an uplink is already open for the call");
        return std::nullopt;
    }
    if (path == paths::kWhisper) {
        // docs/interface.md §7.2: a supervisor or an admin, to a live call's agent; one whisper per call.
        if (!caller.seesAllCalls())
            return QStringLiteral("only supervisors whisper");
        const QString callId = QUrlQuery(url).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
        const std::optional<CallRecord> call = callId.isEmpty() ? std::nullopt : m_store->call(callId);
        if (!call || call->status == CallStatus::Ended)
            return QStringLiteral("no such live call");
        if (call->agentId.isEmpty())
            return QStringLiteral("the call has no agent to whisper to");
        if (m_uplinks->isOpen(callId, AgentUplinks::Kind::Whisper))
            return QStringLiteral("somebody already whispers in the call");
        return std::nullopt;
    }
    if (path != paths::kFrontendAudio || caller.seesAllCalls())
        return std::nullopt;
    // Without ?call= an agent hears its own calls only (AudioFanout filters); a named call must be its own. An unknown
    // call is refused the same way: nothing tells an agent which calls exist.
    const QString call = QUrlQuery(url).queryItemValue(QStringLiteral("call"), QUrl::FullyDecoded);
    if (call.isEmpty() || agentOf(call) == caller.name)
        return std::nullopt;
    return QStringLiteral("not the agent's call");
}

QString SwitchboardServer::agentOf(const QString &callControlId) const
{
    const auto call = m_store->call(callControlId);
    return call ? call->agentId : QString();
}

QString SwitchboardServer::clientAddress(const QWebSocket *socket) const
{
    return m_http->trustedProxies().clientAddress(socket->peerAddress(),
                                                  socket->request().rawHeader("X-Forwarded-For"));
}

MediaChannel *SwitchboardServer::adoptMedia(QWebSocket *socket, QTcpSocket *connection, const QByteArray &earlyFrames,
                                            SocketPoller *poller)
{
    // acceptWebSocket() has set the socket's message limit. Over TLS the descriptor carries encrypted records that
    // only the QSslSocket can read: the raw path (which takes the descriptor over) is not for them, and QWebSocket
    // keeps the connection (read on the poller's thread all the same).
    return MediaChannel::adopt(socket, connection, poller, earlyFrames,
                               qsizetype(socket->maxAllowedIncomingMessageSize()), nullptr,
                               m_tls ? MediaChannel::Takeover::QtSocketOnly : MediaChannel::Takeover::Descriptor);
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
    // Routes open to anyone (the webhook checks its signature itself): the request counter only.
    auto open = [this](HttpServer::Handler handler) {
        return [this, handler = std::move(handler)](const QHttpServerRequest &request, const QStringList &params,
                                                    QHttpServerResponder &&responder) {
            ++m_metrics->httpRequests;
            handler(request, params, std::move(responder));
        };
    };
    // Routes under a token (/api/*): the admin API token or a user's; the handler gets who it speaks for and
    // applies the rights of CONTRACT §6 itself.
    using CallerHandler = std::function<void(const Caller &caller, const QHttpServerRequest &request,
                                             const QStringList &params, QHttpServerResponder &&responder)>;
    auto guarded = [this](CallerHandler handler) {
        return [this, handler = std::move(handler)](const QHttpServerRequest &request, const QStringList &params,
                                                    QHttpServerResponder &&responder) {
            ++m_metrics->httpRequests;
            const std::optional<Caller> caller = m_authenticator->identify(ApiToken::presented(request));
            if (!caller) {
                api::sendError(responder, api::Status::Unauthorized, QStringLiteral("unauthorized"),
                               QStringLiteral("Missing or wrong API token: send 'Authorization: Bearer <token>'."));
                return;
            }
            handler(*caller, request, params, std::move(responder));
        };
    };
    using Request = const QHttpServerRequest &;
    using Params = const QStringList &;
    using Responder = QHttpServerResponder &&;

    m_http->route(Method::Post, paths::kInitiate, guarded([this](const Caller &c, Request r, Params, Responder w) {
                      m_calls->initiate(c, r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kEnd, guarded([this](const Caller &c, Request r, Params, Responder w) {
                      m_calls->end(c, r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kWebhook,
                  open([this](Request r, Params, Responder w) { m_webhooks->handle(r, std::move(w)); }));
    m_http->route(
        Method::Post, paths::answer(paths::kIdParam),
        guarded([this](const Caller &c, Request, Params p, Responder w) { m_offers->answer(c, p[0], std::move(w)); }));
    m_http->route(
        Method::Post, paths::decline(paths::kIdParam),
        guarded([this](const Caller &c, Request, Params p, Responder w) { m_offers->decline(c, p[0], std::move(w)); }));
    m_http->route(Method::Post, paths::mute(paths::kIdParam),
                  guarded([this](const Caller &c, Request, Params p, Responder w) {
                      m_calls->setMuted(c, p[0], true, std::move(w));
                  }));
    m_http->route(Method::Post, paths::unmute(paths::kIdParam),
                  guarded([this](const Caller &c, Request, Params p, Responder w) {
                      m_calls->setMuted(c, p[0], false, std::move(w));
                  }));
    m_http->route(Method::Post, paths::dtmf(paths::kIdParam),
                  guarded([this](const Caller &c, Request r, Params p, Responder w) {
                      m_calls->sendDtmf(c, p[0], r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kTokenRegenerate, guarded([this](const Caller &c, Request, Params, Responder w) {
                      if (!c.managesUsers()) {
                          api::sendError(w, api::Status::Forbidden, QStringLiteral("forbidden"),
                                         QStringLiteral("Only an admin regenerates the API token."));
                          return;
                      }
                      regenerateTokenRoute(std::move(w));
                  }));
    m_http->route(Method::Get, paths::kCalls, guarded([this](const Caller &c, Request r, Params, Responder w) {
                      m_calls->list(c, r, std::move(w));
                  }));
    m_http->route(
        Method::Get, paths::call(paths::kIdParam),
        guarded([this](const Caller &c, Request, Params p, Responder w) { m_calls->get(c, p[0], std::move(w)); }));
    m_http->route(Method::Get, paths::kInstances,
                  guarded([this](const Caller &, Request, Params, Responder w) { listInstances(std::move(w)); }));
    m_http->route(Method::Get, paths::kMe,
                  guarded([this](const Caller &c, Request, Params, Responder w) { m_usersApi->me(c, std::move(w)); }));
    m_http->route(Method::Post, paths::kMyPresence, guarded([this](const Caller &c, Request r, Params, Responder w) {
                      m_presenceApi->choose(c, r, std::move(w));
                  }));
    m_http->route(Method::Get, paths::kPresence, guarded([this](const Caller &c, Request, Params, Responder w) {
                      m_presenceApi->list(c, std::move(w));
                  }));
    m_http->route(Method::Get, paths::kUsers, guarded([this](const Caller &c, Request, Params, Responder w) {
                      m_usersApi->list(c, std::move(w));
                  }));
    m_http->route(Method::Post, paths::kUsers, guarded([this](const Caller &c, Request r, Params, Responder w) {
                      m_usersApi->add(c, r, std::move(w));
                  }));
    m_http->route(Method::Post, paths::userToken(paths::kNameParam),
                  guarded([this](const Caller &c, Request, Params p, Responder w) {
                      m_usersApi->rotate(c, p[0], std::move(w));
                  }));
    m_http->route(Method::Delete, paths::user(paths::kNameParam),
                  guarded([this](const Caller &c, Request, Params p, Responder w) {
                      m_usersApi->remove(c, p[0], std::move(w));
                  }));
    m_http->route(
        Method::Get, paths::kHealth,
        open([this](const QHttpServerRequest &, const QStringList &, QHttpServerResponder &&w) {
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
                  open([this](const QHttpServerRequest &, const QStringList &, QHttpServerResponder &&w) {
                      w.write(m_metrics->render(), QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"));
                  }));
}

} // namespace sb
