// SPDX-License-Identifier: MIT
#include "ServerHarness.h"

#include "TestDatabase.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTimer>

#include <sodium.h>

namespace sb::test {

WebhookSigner::WebhookSigner()
{
    if (sodium_init() < 0)
        qFatal("libsodium");
    crypto_sign_keypair(m_public.data(), m_secret.data());
}

QString WebhookSigner::publicKeyBase64() const
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(m_public.data()), 32).toBase64());
}

QByteArray WebhookSigner::sign(const QByteArray &timestamp, const QByteArray &body) const
{
    const QByteArray message = timestamp + '|' + body;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char *>(message.constData()),
                         std::size_t(message.size()), m_secret.data());
    return QByteArray(reinterpret_cast<const char *>(sig), sizeof sig).toBase64();
}

ServerHarness::ServerHarness()
    : m_telnyx(std::make_unique<FakeTelnyx>())
    , m_databaseUrl(freshDatabaseUrl(databasePath()))
{
}

ServerHarness::~ServerHarness()
{
    stop();
}

bool ServerHarness::start(const std::function<void(Config &)> &adjust)
{
    stop();
    Config c;
    c.apiKey = QStringLiteral("KEY_test_secret");
    c.applicationId = QStringLiteral("app-123");
    c.publicKey = m_signer.publicKeyBase64();
    c.apiBase = m_telnyx->baseUrl();
    c.port = 0;
    c.apiToken = QStringLiteral("test-token-0123456789");
    c.databaseUrl = m_databaseUrl;
    c.configFile = m_dir.filePath(QStringLiteral("switchboard.conf"));
    c.headless = true;
    if (adjust)
        adjust(c);
    m_config = c;
    m_server = std::make_unique<SwitchboardServer>(c);
    QString error;
    if (!m_server->start(&error)) {
        qWarning("server did not start: %s", qPrintable(error));
        m_server.reset();
        return false;
    }
    return true;
}

bool ServerHarness::startBeside(const ServerHarness &other)
{
    const QString shared = other.databaseUrl();
    return start([shared](Config &c) { c.databaseUrl = shared; });
}

void ServerHarness::stop()
{
    m_server.reset();
}

QUrl ServerHarness::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                    .arg(m_config.tls() ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(m_server->port())
                    .arg(pathAndQuery));
}

QUrl ServerHarness::webSocketUrl(const QString &pathAndQuery, quint16 port) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                    .arg(m_config.tls() ? QStringLiteral("wss") : QStringLiteral("ws"))
                    .arg(port ? port : m_server->port())
                    .arg(pathAndQuery));
}

HttpResult ServerHarness::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                  const QList<QPair<QByteArray, QByteArray>> &headers, bool withToken)
{
    QNetworkRequest request(url(pathAndQuery));
    request.setSslConfiguration(m_clientTls);
    if (withToken)
        request.setRawHeader("Authorization", "Bearer " + m_config.apiToken.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    reply->deleteLater();
    return result;
}

HttpResult ServerHarness::postJson(const QString &path, const QJsonObject &body, bool withToken)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                   {{"Content-Type", "application/json"}}, withToken);
}

QByteArray ServerHarness::envelope(const QString &eventId, const QString &type, const QString &callControlId,
                                   const QString &occurredAt, const QJsonObject &extraPayload)
{
    QJsonObject payload = extraPayload;
    payload.insert(QStringLiteral("call_control_id"), callControlId);
    payload.insert(QStringLiteral("call_leg_id"), QStringLiteral("leg-") + callControlId);
    payload.insert(QStringLiteral("call_session_id"), QStringLiteral("session-") + callControlId);
    payload.insert(QStringLiteral("client_state"), QJsonValue::Null);
    const QJsonObject data{{QStringLiteral("record_type"), QStringLiteral("event")},
                           {QStringLiteral("event_type"), type},
                           {QStringLiteral("id"), eventId},
                           {QStringLiteral("occurred_at"), occurredAt},
                           {QStringLiteral("payload"), payload}};
    const QJsonObject meta{
        {QStringLiteral("attempt"), 1},
        {QStringLiteral("delivered_to"), QStringLiteral("http://127.0.0.1/api/calls/telnyx/webhook")}};
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), data}, {QStringLiteral("meta"), meta}})
        .toJson(QJsonDocument::Compact);
}

HttpResult ServerHarness::sendWebhook(const QByteArray &body, qint64 timestamp)
{
    const QByteArray ts = QByteArray::number(timestamp ? timestamp : QDateTime::currentSecsSinceEpoch());
    return request("POST", QStringLiteral("/api/calls/telnyx/webhook"), body,
                   {{"Content-Type", "application/json"},
                    {"telnyx-timestamp", ts},
                    {"telnyx-signature-ed25519", m_signer.sign(ts, body)}},
                   false);
}

std::unique_ptr<QWebSocket> ServerHarness::openWebSocket(const QString &pathAndQuery, QList<QByteArray> *received,
                                                         const QList<QPair<QByteArray, QByteArray>> &headers)
{
    auto socket = std::make_unique<QWebSocket>();
    if (received) {
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived,
                         [received](const QString &text) { received->append(text.toUtf8()); });
    }
    QNetworkRequest request(webSocketUrl(pathAndQuery));
    socket->setSslConfiguration(m_clientTls);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
    socket->open(request);
    for (int i = 0; i < 100 && connected.isEmpty() && disconnected.isEmpty(); ++i)
        connected.wait(50);
    if (connected.isEmpty())
        return nullptr;
    return socket;
}

QString ServerHarness::dial(const QString &to, const QString &agentId)
{
    const auto r = postJson(QStringLiteral("/api/calls/telnyx/initiate"),
                            {{QStringLiteral("to"), to},
                             {QStringLiteral("from"), QStringLiteral("+15557654321")},
                             {QStringLiteral("agentId"), agentId}});
    return r.json.value(QLatin1String("data")).toObject().value(QLatin1String("callId")).toString();
}

} // namespace sb::test
