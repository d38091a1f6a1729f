// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"
#include "http/HttpLimits.h"
#include "http/HttpServer.h"
#include "users/Caller.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

class QHttpServerResponder;
class QWebSocket;

namespace sb {

class AgentUplinks;
class ApiToken;
class AudioFanout;
class Authenticator;
class CallEventsHub;
class CallStore;
class CallsApi;
class CallOffers;
class CallTakeover;
class PresenceRelay;
class EventRelay;
class InstanceBus;
class InstanceRegistry;
class MediaChannel;
class MediaGateway;
class Metrics;
class SocketPoller;
class TelnyxClient;
class UserSessions;
class UserStore;
class PresenceBoard;
class PresenceApi;
class UsersApi;
class WebhookReceiver;
class WebhookVerifier;

// The whole backend, composed: one HTTP listener for the REST API, the webhook and the WebSocket
// paths (plus the optional single-path WebSocket listeners of docs/interface.md §2.2). No GUI dependency.
class SwitchboardServer : public QObject {
    Q_OBJECT
public:
    explicit SwitchboardServer(Config config, QObject *parent = nullptr);
    ~SwitchboardServer() override;

    // The HTTP front end's limits (docs/interface.md §3.3); set before start(). Replaces them all, the connection
    // cap included, which is otherwise Config::maxConnections.
    void setHttpLimits(const HttpLimits &limits) { m_httpLimits = limits; }

    // Opens the database and starts listening. On failure *error is one line saying why.
    bool start(QString *error);

    quint16 port() const { return m_port; }
    QString listenUrl() const; // http://HOST:PORT, https:// with TLS
    // This instance's name among several on one database (CONTRACT §8): PUBLIC_URL, else http[s]://HOST:PORT.
    QString publicUrl() const { return m_config.publicBaseUrl(m_port); }
    const Config &config() const { return m_config; }
    QString streamBaseUrl() const { return m_config.streamBaseUrl(m_port); }

    CallStore *store() const { return m_store.get(); }
    Metrics *metrics() const { return m_metrics.get(); }
    CallEventsHub *callEvents() const { return m_callEvents; }
    TelnyxClient *telnyx() const { return m_telnyx; }
    WebhookReceiver *webhooks() const { return m_webhooks; }
    CallsApi *calls() const { return m_calls; }
    MediaGateway *media() const { return m_media; }
    AudioFanout *fanout() const { return m_fanout; }
    AgentUplinks *uplinks() const { return m_uplinks; }
    const ApiToken &apiToken() const { return *m_apiToken; }
    UserStore *users() const { return m_users.get(); }
    PresenceBoard *presence() const { return m_presence; }
    CallOffers *offers() const { return m_offers; }
    UserSessions *userSessions() const { return m_sessions; }
    InstanceRegistry *instances() const { return m_instances; }
    InstanceBus *bus() const { return m_bus; }
    // A new API token, in force at once and kept in the config file; the old one stops working. Refused, with
    // nothing changed, when the new token would not survive a restart: a flag or environment variable sets the
    // token (it beats the file), or the file cannot be written (read-only /etc under the system service). A token
    // that silently turned back into the old one at the next start would revive the token it was meant to retire.
    enum class TokenChange { Done, FixedBySetting, FileNotWritable };
    TokenChange regenerateApiToken(QString *token);

    // The media side takes over a WebSocket path with this. The handler owns the socket and returns the
    // MediaChannel that carries the connection from then on. `connection` is the TCP (or TLS) socket under it,
    // `earlyFrames` what the client sent with its handshake (HttpConnectionGuard held it back) and `caller` who
    // opened it (on /audio-stream, which Telnyx opens with a stream token, nobody: a default Caller).
    using WebSocketHandler = std::function<MediaChannel *(QWebSocket *socket, QTcpSocket *connection,
                                                          const QByteArray &earlyFrames, const Caller &caller)>;
    void setWebSocketHandler(const QString &path, const WebSocketHandler &handler);

private:
    void registerRoutes();
    void regenerateTokenRoute(QHttpServerResponder &&responder);
    void acceptWebSocket(QWebSocket *socket);
    // The rights of CONTRACT §6 on a WebSocket before it is kept: an agent's /frontend-audio?call= names its own
    // call; /agent-audio?call= (§7) names a live call that is the caller's own (or the caller is an admin) and has no
    // uplink yet. Answers the reason to refuse, or nothing.
    std::optional<QString> refusal(const QString &path, const QUrl &url, const Caller &caller) const;
    // Remembers the socket with the token it was opened with, to close it when that token stops working.
    void trackSession(const Caller &caller, const QByteArray &tokenHash, QObject *lifetime,
                      std::function<void()> close);
    // CONTRACT §8: /frontend-audio?call= and /agent-audio?call= of a call whose media another live instance holds are
    // refused before the upgrade, 409 naming that instance.
    std::optional<HttpServer::Refusal> elsewhere(const QHttpServerRequest &request, const QString &path) const;
    void listInstances(QHttpServerResponder &&responder) const;
    bool joinInstances(QString *error);                  // the registry, the bus and the relay, once the port is known
    QString agentOf(const QString &callControlId) const; // the call's agentId, empty when unknown
    // The raw path on `poller`'s thread where it can be taken (not over TLS); otherwise QWebSocket keeps it.
    MediaChannel *adoptMedia(QWebSocket *socket, QTcpSocket *connection, const QByteArray &earlyFrames,
                             SocketPoller *poller);
    QString clientAddress(const QWebSocket *socket) const; // for logs: X-Forwarded-For from a trusted proxy
    bool listenExtra(const QString &path, quint16 port, QString *error);

    Config m_config;
    HttpLimits m_httpLimits;
    std::optional<QSslConfiguration> m_tls; // --tls-cert/--tls-key, loaded at start()
    QElapsedTimer m_uptime;
    quint16 m_port = 0;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<CallStore> m_store;
    std::unique_ptr<WebhookVerifier> m_verifier;
    std::unique_ptr<ApiToken> m_apiToken;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<Authenticator> m_authenticator;
    UserSessions *m_sessions = nullptr;
    UsersApi *m_usersApi = nullptr;
    PresenceBoard *m_presence = nullptr;
    PresenceApi *m_presenceApi = nullptr;
    HttpServer *m_http = nullptr;
    TelnyxClient *m_telnyx = nullptr;
    CallEventsHub *m_callEvents = nullptr;
    WebhookReceiver *m_webhooks = nullptr;
    CallsApi *m_calls = nullptr;
    CallOffers *m_offers = nullptr;
    AudioFanout *m_fanout = nullptr;
    MediaGateway *m_media = nullptr;
    AgentUplinks *m_uplinks = nullptr;
    SocketPoller *m_poller = nullptr;
    InstanceRegistry *m_instances = nullptr;
    InstanceBus *m_bus = nullptr;
    EventRelay *m_relay = nullptr;
    CallTakeover *m_takeover = nullptr;
    PresenceRelay *m_presenceRelay = nullptr;
    QHash<QString, WebSocketHandler> m_webSocketHandlers;
    QHash<QString, int> m_webSocketCounts;
};

} // namespace sb
