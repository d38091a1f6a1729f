// SPDX-License-Identifier: MIT
#include "SimulatorTestSupport.h"

#include <QEventLoop>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTimer>

#include <sodium.h>

namespace sb::test {

WebhookSink::WebhookSink()
{
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        Delivery delivery;
        delivery.body = request.body();
        delivery.json = QJsonDocument::fromJson(delivery.body).object();
        delivery.timestamp = request.value("telnyx-timestamp");
        delivery.signature = request.value("telnyx-signature-ed25519");
        delivery.contentType = request.value("content-type");
        deliveries.append(delivery);
        const Scripted answer = m_script.isEmpty() ? Scripted{m_always, 0} : m_script.takeFirst();
        const auto status = static_cast<QHttpServerResponder::StatusCode>(answer.status);
        if (answer.delayMs <= 0) {
            responder.write(QByteArrayLiteral(R"({"received":true})"), "application/json", status);
            return;
        }
        QPointer<QTcpSocket> socket = responder.socket();
        auto keep = std::make_shared<QHttpServerResponder>(std::move(responder));
        QTimer::singleShot(answer.delayMs, this, [keep, socket, status] {
            if (socket && socket->state() == QAbstractSocket::ConnectedState)
                keep->write(QByteArrayLiteral(R"({"received":true})"), "application/json", status);
        });
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl WebhookSink::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(m_port));
}

QStringList WebhookSink::types() const
{
    QStringList types;
    for (const Delivery &d : deliveries)
        types.append(d.type());
    return types;
}

QList<Delivery> WebhookSink::ofType(const QString &type) const
{
    QList<Delivery> matching;
    for (const Delivery &d : deliveries) {
        if (d.type() == type)
            matching.append(d);
    }
    return matching;
}

bool signatureValid(const Delivery &delivery, const QString &publicKeyBase64)
{
    const QByteArray key = QByteArray::fromBase64(publicKeyBase64.toLatin1());
    const QByteArray signature = QByteArray::fromBase64(delivery.signature);
    if (key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES)
        return false;
    const QByteArray message = delivery.timestamp + '|' + delivery.body;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()),
                                       static_cast<unsigned long long>(message.size()),
                                       reinterpret_cast<const unsigned char *>(key.constData())) == 0;
}

MediaSink::MediaSink()
    : m_server(QStringLiteral("media-sink"), QWebSocketServer::NonSecureMode)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        QWebSocket *ws = m_server.nextPendingConnection();
        ws->setParent(this);
        socket = ws;
        tokenHeader = ws->request().rawHeader("x-telnyx-streaming-auth-token");
        m_clock.start();
        QObject::connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
            arrivalMs.append(m_clock.elapsed());
        });
        QObject::connect(ws, &QWebSocket::disconnected, this, [this] { disconnected = true; });
    });
}

QUrl MediaSink::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/audio-stream").arg(m_server.serverPort()));
}

QList<QJsonObject> MediaSink::ofEvent(const QString &event) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &frame : frames) {
        if (frame.value(QLatin1String("event")).toString() == event)
            matching.append(frame);
    }
    return matching;
}

void MediaSink::send(const QJsonObject &frame)
{
    if (socket)
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

Reply request(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url, const QByteArray &body,
              const QString &key)
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!key.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    QNetworkReply *reply = network.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return result;
}

void SimulatorFixture::setUp()
{
    sink = std::make_unique<WebhookSink>();
    media = std::make_unique<MediaSink>();
    network = std::make_unique<QNetworkAccessManager>();
}

void SimulatorFixture::tearDown()
{
    sim.reset();
    media.reset();
    sink.reset();
    network.reset();
}

bool SimulatorFixture::start(const std::function<void(SimulatorOptions &)> &adjust)
{
    SimulatorOptions options;
    options.webhookUrl = sink->url();
    options.ringDelayMs = 100;
    options.webhookRetryDelaysMs = {50, 50, 50};
    if (adjust)
        adjust(options);
    sim = startSimulator(options);
    return sim != nullptr;
}

std::unique_ptr<TelnyxSimulator> startSimulator(const SimulatorOptions &options)
{
    auto sim = std::make_unique<TelnyxSimulator>(options);
    QString error;
    if (!sim->start(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return sim;
}

QJsonObject SimulatorFixture::dialBody(const QString &to) const
{
    return QJsonObject{{QStringLiteral("connection_id"), sim->applicationId()},
                       {QStringLiteral("to"), to},
                       {QStringLiteral("from"), kFrom},
                       {QStringLiteral("stream_url"), media->url().toString()},
                       {QStringLiteral("stream_auth_token"), QStringLiteral("stream-secret-123")},
                       {QStringLiteral("stream_track"), QStringLiteral("both_tracks")},
                       {QStringLiteral("stream_bidirectional_mode"), QStringLiteral("rtp")},
                       {QStringLiteral("stream_codec"), QStringLiteral("PCMU")},
                       {QStringLiteral("stream_bidirectional_codec"), QStringLiteral("PCMU")},
                       {QStringLiteral("stream_bidirectional_sampling_rate"), 8000},
                       {QStringLiteral("client_state"), QStringLiteral("eyJhZ2VudElkIjoiYWdlbnQtNyJ9")}};
}

Reply SimulatorFixture::post(const QString &path, const QJsonObject &body)
{
    QUrl url = sim->apiBase();
    url.setPath(url.path() + path, QUrl::TolerantMode);
    return request(*network, "POST", url, QJsonDocument(body).toJson(QJsonDocument::Compact), sim->apiKey());
}

QString SimulatorFixture::dial(const QJsonObject &body)
{
    const Reply r = post(QStringLiteral("/calls"), body);
    return r.data().value(QLatin1String("call_control_id")).toString();
}

} // namespace sb::test
