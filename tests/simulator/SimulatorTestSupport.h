// SPDX-License-Identifier: MIT
#pragma once

// Small stand-ins for the other side of the simulator, used by its tests: a webhook receiver that records every
// delivery and answers as scripted, a media-stream server that records every frame, and a blocking HTTP client.

#include <QElapsedTimer>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include "simulator/TelnyxSimulator.h"

#include <functional>
#include <memory>

namespace sb::test {

// One webhook POST as it arrived.
struct Delivery {
    QByteArray body;
    QJsonObject json;
    QByteArray timestamp;
    QByteArray signature;
    QByteArray contentType;
    QString type() const { return data().value(QLatin1String("event_type")).toString(); }
    QString id() const { return data().value(QLatin1String("id")).toString(); }
    int attempt() const { return json.value(QLatin1String("meta")).toObject().value(QLatin1String("attempt")).toInt(); }
    QJsonObject data() const { return json.value(QLatin1String("data")).toObject(); }
    QJsonObject payload() const { return data().value(QLatin1String("payload")).toObject(); }
};

// Records webhooks; answers 200 unless answers were scripted (status and delay, first in first out).
class WebhookSink : public QObject {
public:
    WebhookSink();
    QUrl url() const;
    void scriptAnswer(int status, int delayMs = 0) { m_script.append({status, delayMs}); }
    void setAlwaysAnswer(int status) { m_always = status; }
    QList<Delivery> deliveries;
    QStringList types() const;
    QList<Delivery> ofType(const QString &type) const;

private:
    struct Scripted {
        int status;
        int delayMs;
    };
    QHttpServer m_server;
    quint16 m_port = 0;
    QList<Scripted> m_script;
    int m_always = 200;
};

// True when `delivery` carries a valid Ed25519 signature by `publicKeyBase64` over "<timestamp>|<body>".
bool signatureValid(const Delivery &delivery, const QString &publicKeyBase64);

// A QWebSocketServer playing Switchboard's /audio-stream: keeps the last connection and every frame it sent.
class MediaSink : public QObject {
public:
    MediaSink();
    QUrl url() const; // ws://127.0.0.1:PORT/audio-stream
    QPointer<QWebSocket> socket;
    QByteArray tokenHeader; // x-telnyx-streaming-auth-token of the handshake
    QList<QJsonObject> frames;
    QList<qint64> arrivalMs; // per frame, on a clock started at the handshake
    bool disconnected = false;
    QList<QJsonObject> ofEvent(const QString &event) const;
    void send(const QJsonObject &frame);

private:
    QWebSocketServer m_server;
    QElapsedTimer m_clock;
};

struct Reply {
    int status = 0;
    QJsonObject json;
    QJsonObject firstError() const { return json.value(QLatin1String("errors")).toArray().at(0).toObject(); }
    QJsonObject data() const { return json.value(QLatin1String("data")).toObject(); }
};

// Blocking request to the simulator's REST API; `key` empty sends no Authorization header.
Reply request(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url, const QByteArray &body,
              const QString &key);

inline const QString kTo = QStringLiteral("+15551234567");
inline const QString kFrom = QStringLiteral("+15557654321");

// A started simulator with `options`, or null (the reason logged).
std::unique_ptr<TelnyxSimulator> startSimulator(const SimulatorOptions &options);

// What each simulator test starts from: a WebhookSink for the webhooks, a MediaSink for the media stream, and a
// simulator with short timings (ring 100 ms, retries after 50 ms) once start() is called. Mixed into the test
// class; its init()/cleanup() slots call setUp()/tearDown().
class SimulatorFixture {
protected:
    void setUp();
    void tearDown();
    [[nodiscard]] bool start(const std::function<void(SimulatorOptions &)> &adjust = {});
    // A dial as Switchboard makes it, streaming to `media`.
    QJsonObject dialBody(const QString &to = kTo) const;
    QString dial(const QJsonObject &body); // the call_control_id, empty when refused
    Reply post(const QString &path, const QJsonObject &body);

    std::unique_ptr<WebhookSink> sink;
    std::unique_ptr<MediaSink> media;
    std::unique_ptr<TelnyxSimulator> sim;
    std::unique_ptr<QNetworkAccessManager> network;
};

} // namespace sb::test
