// SPDX-License-Identifier: MIT
#include "client/BackendClient.h"

#include "client/ClientLogging.h"
#include "protocol/Paths.h"

// Qt
#include <QJsonDocument>
#include <QUrlQuery>
#include <QWebSocket>

namespace sb {

namespace {
constexpr int kMaxRetryMs = 15000;
} // namespace

BackendClient::BackendClient(QObject *parent)
    : RestClient(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &BackendClient::openEvents);
    connect(this, &RestClient::replied, this, [this](const ApiReply &reply) {
        if (reply.ok())
            m_callInstances.note(reply.data());
    });
}

BackendClient::~BackendClient()
{
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
    }
}

void BackendClient::setEndpoint(const QUrl &baseUrl, const QString &token, bool remote)
{
    RestClient::setEndpoint(BackendEndpoint(baseUrl, token));
    m_remote = remote;
    emit endpointChanged();
    if (m_started) {
        checkHealth();
        openEvents();
    }
}

void BackendClient::start()
{
    m_started = true;
    checkHealth();
    openEvents();
}

void BackendClient::stop()
{
    m_started = false;
    m_retry.stop();
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
        m_events->deleteLater();
        m_events = nullptr;
    }
    m_everConnected = false;
    m_retryMs = 1000;
    if (m_eventsConnected) {
        m_eventsConnected = false;
        emit eventsConnectedChanged();
    }
}

void BackendClient::endCall(const QString &callControlId)
{
    hangup(callControlId, this, [](const ApiReply &) {}); // RestClient logs a failed request
}

void BackendClient::regenerateToken()
{
    post(paths::kTokenRegenerate, {}, this, [this](const ApiReply &reply) {
        const QJsonObject data = reply.json.value(QLatin1String("data")).toObject();
        const QString token = data.value(QLatin1String("token")).toString();
        if (reply.status != 200 || token.isEmpty()) {
            emit tokenRegenerationFailed(
                reply.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString());
            return;
        }
        setEndpoint(baseUrl(), token, m_remote);
        emit tokenRegenerated(token, data.value(QLatin1String("saved")).toBool());
    });
}

void BackendClient::checkHealth()
{
    get(paths::kHealth, this, [this](const ApiReply &reply) {
        // /healthz answers 503 with the same body when the database is degraded: still reachable.
        m_reachable = reply.status != 0;
        m_demo = reply.json.value(QLatin1String("demo")).toBool();
        m_telnyxConfigured = reply.json.value(QLatin1String("telnyxConfigured")).toBool();
        m_version = reply.json.value(QLatin1String("version")).toString();
        emit healthChanged();
    });
}

void BackendClient::openEvents()
{
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
        m_events->deleteLater();
    }
    m_events = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_events, &QWebSocket::connected, this, [this] {
        m_retryMs = 1000;
        m_eventsConnected = true;
        emit eventsConnectedChanged();
        if (m_everConnected) {
            checkHealth();
            emit resynced();
        }
        m_everConnected = true;
    });
    connect(m_events, &QWebSocket::textMessageReceived, this, &BackendClient::onEventsText);
    connect(m_events, &QWebSocket::disconnected, this, &BackendClient::onEventsClosed);
    // presence=1: a supervisor's or admin's desk also follows the team's presence (CONTRACT §9); the server ignores
    // it for agents.
    m_events->open(endpoint().webSocketRequest(paths::kCallEvents, QUrlQuery(QStringLiteral("presence=1"))));
}

void BackendClient::onEventsText(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type.isEmpty())
        return;
    emit callEvent(type, frame.value(QLatin1String("id")).toString(),
                   frame.value(QLatin1String("occurred_at")).toString(),
                   frame.value(QLatin1String("payload")).toObject());
}

void BackendClient::onEventsClosed()
{
    if (m_eventsConnected) {
        m_eventsConnected = false;
        emit eventsConnectedChanged();
        qCInfo(lcClient) << "call events disconnected; reconnecting";
    }
    m_retry.start(m_retryMs);
    m_retryMs = std::min(m_retryMs * 2, kMaxRetryMs);
}

QWebSocket *BackendClient::openFrontendAudio(const QString &callControlId, bool bothTracks, QObject *parent)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, parent);
    socket->open(frontendAudioRequest(callControlId, bothTracks));
    return socket;
}

QNetworkRequest BackendClient::frontendAudioRequest(const QString &callControlId, bool bothTracks) const
{
    QUrlQuery query;
    if (!callControlId.isEmpty())
        query.addQueryItem(QStringLiteral("call"), QString::fromLatin1(QUrl::toPercentEncoding(callControlId)));
    if (bothTracks)
        query.addQueryItem(QStringLiteral("tracks"), QStringLiteral("both"));
    return mediaRequest(paths::kFrontendAudio, callControlId, query);
}

QNetworkRequest BackendClient::mediaRequest(const QString &path, const QString &callControlId,
                                            const QUrlQuery &query) const
{
    const QUrl instance = m_callInstances.of(callControlId);
    if (instance.isEmpty() || instance == endpoint().baseUrl())
        return endpoint().webSocketRequest(path, query);
    return BackendEndpoint(instance, endpoint().token()).webSocketRequest(path, query);
}

void BackendClient::locateCall(const QString &callControlId, QObject *context, std::function<void()> done)
{
    fetchCall(callControlId, context, [done = std::move(done)](const ApiReply &) {
        if (done)
            done();
    });
}

} // namespace sb
