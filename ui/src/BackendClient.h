// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

// C++
#include <functional>

class QWebSocket;

namespace sb {

// One answer of the backend's REST API, read completely.
struct ApiReply {
    int status = 0;    // HTTP status; 0 when the backend could not be reached at all
    QJsonObject json;  // the body when it was a JSON object
    QString errorCode; // error.code of the contract's error shape, or "network_error"
    QString message;   // error.message, or the network error in words

    bool ok() const { return status >= 200 && status < 300; }
    QJsonValue data() const { return json.value(QLatin1String("data")); }
};

// The dashboard's only way to a Switchboard backend, local or remote: the public interface of CONTRACT §3-4
// (REST under /api/calls, the /call-events and /frontend-audio WebSockets, /healthz), over real sockets, with
// the API token as a bearer header. The embedded backend of the desktop app is reached exactly like a remote
// one, so a supervisor's console on another machine runs the same code as the agent's.
//
// The /call-events socket reconnects on its own (1 s, doubling to 15 s). After a reconnect `resynced` is
// emitted: events sent while the socket was down are lost, so listeners re-read the state they show.
class BackendClient : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("BackendClient is created by the application and handed to the window.")
    Q_PROPERTY(QUrl baseUrl READ baseUrl NOTIFY endpointChanged)
    Q_PROPERTY(bool remote READ isRemote NOTIFY endpointChanged)
    Q_PROPERTY(bool eventsConnected READ eventsConnected NOTIFY eventsConnectedChanged)
    Q_PROPERTY(bool reachable READ isReachable NOTIFY healthChanged)
    Q_PROPERTY(bool demo READ isDemo NOTIFY healthChanged)
    Q_PROPERTY(bool telnyxConfigured READ telnyxConfigured NOTIFY healthChanged)
    Q_PROPERTY(QString version READ version NOTIFY healthChanged)

public:
    using Callback = std::function<void(const ApiReply &reply)>;

    explicit BackendClient(QObject *parent = nullptr);
    ~BackendClient() override;

    // Where the backend is and the API token for it. `remote` only changes what the UI says.
    void setEndpoint(const QUrl &baseUrl, const QString &token, bool remote = false);
    // Reads /healthz and opens /call-events. Call once the endpoint is set.
    void start();

    QUrl baseUrl() const { return m_baseUrl; }
    QString token() const { return m_token; }
    bool isRemote() const { return m_remote; }
    bool eventsConnected() const { return m_eventsConnected; }
    bool isReachable() const { return m_reachable; }
    bool isDemo() const { return m_demo; }
    bool telnyxConfigured() const { return m_telnyxConfigured; }
    QString version() const { return m_version; }

    // REST. `context` guards the callback: it is not called once `context` is gone.
    void get(const QString &path, QObject *context, Callback callback);
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback callback);

    void initiate(const QString &to, const QString &from, const QString &agentId, QObject *context, Callback cb);
    void hangup(const QString &callControlId, QObject *context, Callback cb);
    void setMuted(const QString &callControlId, bool muted, QObject *context, Callback cb);
    // POST /api/calls/telnyx/<id>/dtmf {"digits": "5"}: Telnyx send_dtmf on the call.
    void sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback cb);
    void listCalls(int limit, int offset, QObject *context, Callback cb);
    void fetchCall(const QString &callControlId, QObject *context, Callback cb);
    Q_INVOKABLE void checkHealth();
    // Asks the backend for a new API token (POST /api/token/regenerate) and uses it from then on.
    Q_INVOKABLE void regenerateToken();

    // A WebSocket to /frontend-audio for one call; the caller owns it. `bothTracks` adds the agent's side.
    QWebSocket *openFrontendAudio(const QString &callControlId, bool bothTracks, QObject *parent);

    // The URL path of one call: /api/calls/telnyx/<id> style ids keep their ':' readable.
    static QString encodeId(const QString &callControlId);

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
    QNetworkRequest makeRequest(const QString &path) const;
    void send(QNetworkReply *reply, QObject *context, Callback callback);
    void openEvents();
    void onEventsText(const QString &text);
    void onEventsClosed();
    QUrl webSocketUrl(const QString &path, const QString &query) const;

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QString m_token;
    bool m_remote = false;
    bool m_started = false;
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
