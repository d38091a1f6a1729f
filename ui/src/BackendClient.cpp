// SPDX-License-Identifier: MIT
#include "BackendClient.h"

#include "UiLogging.h"

// Qt
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>
#include <QWebSocket>

namespace sb {

namespace {

constexpr int kRequestTimeoutMs = 15000; // Telnyx answers within a few seconds; the backend adds little
constexpr int kMaxRetryMs = 15000;

ApiReply readReply(QNetworkReply *reply)
{
    ApiReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    result.json = QJsonDocument::fromJson(body).object();
    if (result.status == 0) {
        result.errorCode = QStringLiteral("network_error");
        result.message = reply->errorString();
    } else if (!result.ok()) {
        const QJsonObject error = result.json.value(QLatin1String("error")).toObject();
        result.errorCode = error.value(QLatin1String("code")).toString();
        result.message = error.value(QLatin1String("message")).toString();
        if (result.message.isEmpty())
            result.message = QString::fromUtf8(body.left(200));
    }
    return result;
}

} // namespace

BackendClient::BackendClient(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &BackendClient::openEvents);
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
    QUrl base = baseUrl;
    if (base.path().endsWith(QLatin1Char('/')))
        base.setPath(base.path().chopped(1));
    m_baseUrl = base;
    m_token = token;
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

QNetworkRequest BackendClient::makeRequest(const QString &path) const
{
    QUrl url = m_baseUrl;
    const int query = path.indexOf(QLatin1Char('?'));
    url.setPath(m_baseUrl.path() + (query < 0 ? path : path.left(query)), QUrl::TolerantMode);
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(kRequestTimeoutMs);
    return request;
}

void BackendClient::send(QNetworkReply *reply, QObject *context, Callback callback)
{
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, callback = std::move(callback)] {
        reply->deleteLater();
        const ApiReply result = readReply(reply);
        if (!result.ok())
            qCInfo(lcUi).noquote() << reply->operation() << reply->url().path() << "->" << result.status
                                   << result.errorCode << result.message;
        if (guard && callback)
            callback(result);
    });
}

void BackendClient::get(const QString &path, QObject *context, Callback callback)
{
    send(m_network.get(makeRequest(path)), context, std::move(callback));
}

void BackendClient::post(const QString &path, const QJsonObject &body, QObject *context, Callback callback)
{
    QNetworkRequest request = makeRequest(path);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    send(m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)), context, std::move(callback));
}

QString BackendClient::encodeId(const QString &callControlId)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(callControlId, ":"));
}

void BackendClient::initiate(const QString &to, const QString &from, const QString &agentId, QObject *context,
                             Callback cb)
{
    QJsonObject body{{QStringLiteral("to"), to}, {QStringLiteral("from"), from}};
    if (!agentId.isEmpty())
        body.insert(QStringLiteral("agentId"), agentId);
    post(QStringLiteral("/api/calls/telnyx/initiate"), body, context, std::move(cb));
}

void BackendClient::hangup(const QString &callControlId, QObject *context, Callback cb)
{
    post(QStringLiteral("/api/calls/telnyx/end"), {{QStringLiteral("call_control_id"), callControlId}}, context,
         std::move(cb));
}

void BackendClient::setMuted(const QString &callControlId, bool muted, QObject *context, Callback cb)
{
    post(QStringLiteral("/api/calls/telnyx/%1/%2")
             .arg(encodeId(callControlId), muted ? QStringLiteral("mute") : QStringLiteral("unmute")),
         {}, context, std::move(cb));
}

void BackendClient::sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback cb)
{
    post(QStringLiteral("/api/calls/telnyx/%1/dtmf").arg(encodeId(callControlId)), {{QStringLiteral("digits"), digits}},
         context, std::move(cb));
}

void BackendClient::listCalls(int limit, int offset, QObject *context, Callback cb)
{
    get(QStringLiteral("/api/calls?limit=%1&offset=%2").arg(limit).arg(offset), context, std::move(cb));
}

void BackendClient::fetchCall(const QString &callControlId, QObject *context, Callback cb)
{
    get(QStringLiteral("/api/calls/%1").arg(encodeId(callControlId)), context, std::move(cb));
}

void BackendClient::regenerateToken()
{
    post(QStringLiteral("/api/token/regenerate"), {}, this, [this](const ApiReply &reply) {
        const QJsonObject data = reply.json.value(QLatin1String("data")).toObject();
        const QString token = data.value(QLatin1String("token")).toString();
        if (reply.status != 200 || token.isEmpty()) {
            emit tokenRegenerationFailed(
                reply.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString());
            return;
        }
        setEndpoint(m_baseUrl, token, m_remote);
        emit tokenRegenerated(token, data.value(QLatin1String("saved")).toBool());
    });
}

void BackendClient::checkHealth()
{
    get(QStringLiteral("/healthz"), this, [this](const ApiReply &reply) {
        // /healthz answers 503 with the same body when the database is degraded: still reachable.
        m_reachable = reply.status != 0;
        m_demo = reply.json.value(QLatin1String("demo")).toBool();
        m_telnyxConfigured = reply.json.value(QLatin1String("telnyxConfigured")).toBool();
        m_version = reply.json.value(QLatin1String("version")).toString();
        emit healthChanged();
    });
}

QUrl BackendClient::webSocketUrl(const QString &path, const QString &query) const
{
    QUrl url = m_baseUrl;
    url.setScheme(m_baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_baseUrl.path() + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
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
    QNetworkRequest request(webSocketUrl(QStringLiteral("/call-events"), {}));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_events->open(request);
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
        qCInfo(lcUi) << "call events disconnected; reconnecting";
    }
    m_retry.start(m_retryMs);
    m_retryMs = std::min(m_retryMs * 2, kMaxRetryMs);
}

QWebSocket *BackendClient::openFrontendAudio(const QString &callControlId, bool bothTracks, QObject *parent)
{
    QUrlQuery query;
    if (!callControlId.isEmpty())
        query.addQueryItem(QStringLiteral("call"), QString::fromLatin1(QUrl::toPercentEncoding(callControlId)));
    if (bothTracks)
        query.addQueryItem(QStringLiteral("tracks"), QStringLiteral("both"));
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, parent);
    QNetworkRequest request(webSocketUrl(QStringLiteral("/frontend-audio"), query.toString(QUrl::FullyEncoded)));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    socket->open(request);
    return socket;
}

} // namespace sb
