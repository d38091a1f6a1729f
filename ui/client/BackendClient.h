// SPDX-License-Identifier: MIT
#pragma once

#include "client/CallInstances.h"
#include "client/RestClient.h"

// Qt
#include <QObject>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace sb {

// The dashboard's only way to a Switchboard backend, local or remote: the REST API (RestClient), the /call-events
// socket kept open, /healthz, token regeneration and /frontend-audio sockets, over real sockets with the API token
// as a bearer header. The embedded backend of the desktop app is reached exactly like a remote one, so a
// supervisor's console on another machine runs the same code as the agent's. No QML here (the library is
// GUI-free): ui/ registers the type for its QML module.
//
// The /call-events socket reconnects on its own (1 s, doubling to 15 s). After a reconnect `resynced` is
// emitted: events sent while the socket was down are lost, so listeners re-read the state they show.
class BackendClient : public RestClient {
    Q_OBJECT
    Q_PROPERTY(QUrl baseUrl READ baseUrl NOTIFY endpointChanged)
    Q_PROPERTY(bool remote READ isRemote NOTIFY endpointChanged)
    Q_PROPERTY(bool eventsConnected READ eventsConnected NOTIFY eventsConnectedChanged)
    Q_PROPERTY(bool reachable READ isReachable NOTIFY healthChanged)
    Q_PROPERTY(bool demo READ isDemo NOTIFY healthChanged)
    Q_PROPERTY(bool telnyxConfigured READ telnyxConfigured NOTIFY healthChanged)
    Q_PROPERTY(QString version READ version NOTIFY healthChanged)

public:
    explicit BackendClient(QObject *parent = nullptr);
    ~BackendClient() override;

    // Where the backend is and the API token for it. `remote` only changes what the UI says.
    void setEndpoint(const QUrl &baseUrl, const QString &token, bool remote = false);
    // Reads /healthz and opens /call-events. Call once the endpoint is set.
    void start();
    // Closes /call-events and stops reconnecting (a desk signing out); start() opens it again.
    void stop();
    bool isStarted() const { return m_started; }

    QUrl baseUrl() const { return endpoint().baseUrl(); }
    QString token() const { return endpoint().token(); }
    bool isRemote() const { return m_remote; }
    bool eventsConnected() const { return m_eventsConnected; }
    bool isReachable() const { return m_reachable; }
    bool isDemo() const { return m_demo; }
    bool telnyxConfigured() const { return m_telnyxConfigured; }
    QString version() const { return m_version; }

    Q_INVOKABLE void checkHealth();
    // Ends any call this token may end (POST /api/calls/telnyx/end): the Supervisor page's "End". A refusal is logged;
    // the call's own events show the outcome.
    Q_INVOKABLE void endCall(const QString &callControlId);
    // Asks the backend for a new API token (POST /api/token/regenerate) and uses it from then on.
    Q_INVOKABLE void regenerateToken();

    // A WebSocket to /frontend-audio for one call; the caller owns it. `bothTracks` adds the agent's side.
    QWebSocket *openFrontendAudio(const QString &callControlId, bool bothTracks, QObject *parent);
    // Its request, at the call's instance (for a socket the caller keeps open itself, e.g. a ReconnectingSocket).
    QNetworkRequest frontendAudioRequest(const QString &callControlId, bool bothTracks) const;

    // A call's media socket (/frontend-audio, /agent-audio) at the instance holding its media when several share one
    // database (CONTRACT §8: the call's record names it), otherwise at the backend itself.
    QNetworkRequest mediaRequest(const QString &path, const QString &callControlId, const QUrlQuery &query) const;
    // Reads the call's record again (GET /api/calls/<id>), for where its media is now (another instance took it
    // over, or the call was not seen yet); then `done`, guarded by `context`.
    void locateCall(const QString &callControlId, QObject *context, std::function<void()> done);
    const CallInstances &callInstances() const { return m_callInstances; }

signals:
    void endpointChanged();
    void eventsConnectedChanged();
    void healthChanged();
    // One /call-events frame: {"type","id","occurred_at","payload"}.
    void callEvent(const QString &type, const QString &eventId, const QString &occurredAt, const QJsonObject &payload);
    // /call-events came back after being down: what is shown may have missed events.
    void resynced();
    // The API token was regenerated; `saved` says whether the backend kept it in its config file.
    void tokenRegenerated(const QString &token, bool saved);
    void tokenRegenerationFailed(const QString &message);

private:
    void openEvents();
    void onEventsText(const QString &text);
    void onEventsClosed();

    bool m_remote = false;
    bool m_started = false;
    CallInstances m_callInstances;
    QWebSocket *m_events = nullptr;
    bool m_eventsConnected = false;
    bool m_everConnected = false;
    int m_retryMs = 1000;
    QTimer m_retry;
    bool m_reachable = false;
    bool m_demo = false;
    bool m_telnyxConfigured = false;
    QString m_version;
};

} // namespace sb
