// SPDX-License-Identifier: MIT
#pragma once

#include "simulator/SimulatorOptions.h"

// Qt
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QUrl>

// C++
#include <array>

class QNetworkAccessManager;
class QNetworkReply;

namespace sb {

// Delivers the simulator's webhooks the way Telnyx does (docs/telnyx.md §1-§2):
// - body `{"data":{record_type,event_type,id,occurred_at,payload},"meta":{attempt,delivered_to}}`, POSTed as JSON;
// - headers `telnyx-timestamp` (Unix seconds) and `telnyx-signature-ed25519` (standard base64 of the Ed25519
//   signature over "<timestamp>|<body bytes>"), made with a key pair generated for this run only;
// - an attempt fails on any non-2xx answer, on no answer within the timeout (2 s), or when the receiver cannot be
//   reached; it is then retried after the next backoff delay with `meta.attempt` counted up, re-signed.
//
// Ordering: each call's events travel in a lane of their own, one at a time and in the order they happened, so a
// retried event holds back the later events of the same call (never those of other calls). Telnyx itself promises
// no order; the faults (SimulatorFaults) produce the disorder and duplicates it is allowed to.
class WebhookSender : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRetries = 5; // Telnyx: at most 5 retries per event

    explicit WebhookSender(QObject *parent = nullptr);
    ~WebhookSender() override;

    QString publicKeyBase64() const; // standard base64 of the 32-byte Ed25519 public key

    void setUrl(const QUrl &url) { setUrls({url}); }
    // Several receivers (instances behind one application): each attempt goes to the next valid one, round robin.
    void setUrls(const QList<QUrl> &urls);
    QUrl url() const { return m_urls.value(0); }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    void setRetryDelaysMs(const QList<int> &delays) { m_retryDelaysMs = delays.mid(0, kMaxRetries); }
    void setFaults(const SimulatorFaults *faults) { m_faults = faults; }

    // Queues one event in `lane` (the call's call_control_id) and returns its data.id. `url` overrides the default
    // URL for this event (a dial's webhook_url). occurred_at is now.
    QString send(const QString &lane, const QString &eventType, const QJsonObject &payload, const QUrl &url = QUrl());

    // Out-of-order fault: a lane holds its events until the call ends; this releases them, newest first.
    void releaseLane(const QString &lane);

    int pendingCount() const; // events not yet delivered or given up

    // The exact body of one attempt, and the signature header value for it.
    static QByteArray envelope(const QString &eventId, const QString &eventType, const QString &occurredAt,
                               const QJsonObject &payload, int attempt, const QString &deliveredTo);
    QByteArray sign(const QByteArray &timestamp, const QByteArray &body) const;

signals:
    void delivered(const QString &eventType, const QString &eventId, int attempt, int httpStatus);
    // One attempt failed; httpStatus 0 means no answer in time or the receiver was unreachable.
    void attemptFailed(const QString &eventType, const QString &eventId, int attempt, int httpStatus);
    void gaveUp(const QString &eventType, const QString &eventId, int attempts);

private:
    struct Event {
        QString id;
        QString type;
        QString occurredAt;
        QJsonObject payload;
        QUrl url;
        int attempt = 1;
        bool isDuplicate = false;
    };
    struct Lane {
        QList<Event> queue;
        bool busy = false; // an attempt is in flight or waiting for its backoff
        bool held = false;
    };

    void deliverNext(const QString &lane);
    void attempt(const QString &lane);
    void finishAttempt(const QString &lane, QNetworkReply *reply, bool timedOut);
    void completeFront(const QString &lane);

    std::array<unsigned char, 32> m_publicKey{};
    std::array<unsigned char, 64> m_secretKey{};
    std::array<unsigned char, 64> m_wrongSecretKey{}; // signs the badSignatureAttempts fault's attempts
    QList<QUrl> m_urls;
    qsizetype m_nextUrl = 0;
    int m_timeoutMs = 2000;
    QList<int> m_retryDelaysMs{1000, 2000, 5000};
    const SimulatorFaults *m_faults = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, Lane> m_lanes;
    QSet<QNetworkReply *> m_inFlight;
};

} // namespace sb
