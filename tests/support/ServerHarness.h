// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"
#include "FakeTelnyx.h"
#include "SwitchboardServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QWebSocket>

#include <array>
#include <memory>

namespace sb::test {

// One HTTP answer, read completely.
struct HttpResult {
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString errorCode() const
    {
        return json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
    }
};

// An Ed25519 key pair playing Telnyx's webhook signer.
class WebhookSigner {
public:
    WebhookSigner();
    QString publicKeyBase64() const;
    QByteArray sign(const QByteArray &timestamp, const QByteArray &body) const; // base64 signature

private:
    std::array<unsigned char, 32> m_public{};
    std::array<unsigned char, 64> m_secret{};
};

// A real SwitchboardServer on an ephemeral loopback port, with a FakeTelnyx behind it, a temporary
// SQLite file, and small blocking helpers that speak to it over real sockets as a client would.
class ServerHarness {
public:
    ServerHarness();
    ~ServerHarness();

    // Starts (or restarts, keeping the same database file) the server. `adjust` may change the config.
    bool start(const std::function<void(Config &)> &adjust = {});
    // Starts another instance on `other`'s database (several instances, CONTRACT §8; PostgreSQL only).
    bool startBeside(const ServerHarness &other);
    void stop();

    SwitchboardServer *server() const { return m_server.get(); }
    FakeTelnyx &telnyx() { return *m_telnyx; }
    const WebhookSigner &signer() const { return m_signer; }
    QString token() const { return m_config.apiToken; }
    QString databasePath() const { return m_dir.filePath(QStringLiteral("switchboard.sqlite")); } // SQLite runs
    QString databaseUrl() const { return m_databaseUrl; }
    QUrl url(const QString &pathAndQuery) const; // http:// or, when the server serves TLS, https://
    QUrl webSocketUrl(const QString &pathAndQuery, quint16 port = 0 /* the main one */) const;
    // With TLS: the client side of every request and WebSocket (which CA to trust for the test's certificate).
    void setClientTls(const QSslConfiguration &config) { m_clientTls = config; }
    const QSslConfiguration &clientTls() const { return m_clientTls; }

    HttpResult request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {}, bool withToken = true);
    HttpResult get(const QString &path) { return request("GET", path); }
    HttpResult postJson(const QString &path, const QJsonObject &body, bool withToken = true);

    // A webhook envelope as Telnyx sends it, and its signed delivery.
    static QByteArray envelope(const QString &eventId, const QString &type, const QString &callControlId,
                               const QString &occurredAt, const QJsonObject &extraPayload = {});
    HttpResult sendWebhook(const QByteArray &body, qint64 timestamp = 0 /* now */);

    // Opens a WebSocket and waits for the handshake; nullptr when it failed.
    std::unique_ptr<QWebSocket> openWebSocket(const QString &pathAndQuery, QList<QByteArray> *received = nullptr,
                                              const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // Dials through the API and returns the call_control_id.
    QString dial(const QString &to = QStringLiteral("+15551234567"),
                 const QString &agentId = QStringLiteral("agent-7"));

private:
    QTemporaryDir m_dir;
    Config m_config;
    WebhookSigner m_signer;
    std::unique_ptr<FakeTelnyx> m_telnyx;
    QString m_databaseUrl; // a SQLite file in m_dir, or a database of its own in the test's PostgreSQL cluster
    std::unique_ptr<SwitchboardServer> m_server;
    QNetworkAccessManager m_network;
    QSslConfiguration m_clientTls = QSslConfiguration::defaultConfiguration();
};

} // namespace sb::test
