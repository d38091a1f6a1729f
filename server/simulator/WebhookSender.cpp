// SPDX-License-Identifier: MIT
#include "simulator/WebhookSender.h"

#include "simulator/SimulatorLogging.h"
#include "simulator/TelnyxFormats.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <sodium.h>

#include <algorithm>

namespace sb {

WebhookSender::WebhookSender(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    crypto_sign_keypair(m_publicKey.data(), m_secretKey.data());
    std::array<unsigned char, 32> otherPublic{};
    crypto_sign_keypair(otherPublic.data(), m_wrongSecretKey.data());
}

WebhookSender::~WebhookSender()
{
    // Replies die with the network manager, after this object's own members; make sure none of them calls back.
    for (QNetworkReply *reply : std::as_const(m_inFlight)) {
        reply->disconnect(this);
        reply->abort();
    }
    sodium_memzero(m_secretKey.data(), m_secretKey.size());
    sodium_memzero(m_wrongSecretKey.data(), m_wrongSecretKey.size());
}

QString WebhookSender::publicKeyBase64() const
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(m_publicKey.data()), int(m_publicKey.size())).toBase64());
}

QString WebhookSender::send(const QString &lane, const QString &eventType, const QJsonObject &payload, const QUrl &url)
{
    Event event;
    event.id = telnyx::newUuid();
    event.type = eventType;
    event.occurredAt = telnyx::nowIsoMicros();
    event.payload = payload;
    event.url = url;
    Lane &target = m_lanes[lane];
    if (target.queue.isEmpty() && !target.busy && m_faults && m_faults->outOfOrderWebhooks)
        target.held = true;
    target.queue.append(std::move(event));
    QString id = target.queue.constLast().id;
    deliverNext(lane);
    return id;
}

void WebhookSender::releaseLane(const QString &lane)
{
    auto it = m_lanes.find(lane);
    if (it == m_lanes.end() || !it->held)
        return;
    it->held = false;
    std::reverse(it->queue.begin(), it->queue.end());
    deliverNext(lane);
}

int WebhookSender::pendingCount() const
{
    int count = 0;
    for (const Lane &lane : m_lanes)
        count += int(lane.queue.size());
    return count;
}

QByteArray WebhookSender::envelope(const QString &eventId, const QString &eventType, const QString &occurredAt,
                                   const QJsonObject &payload, int attempt, const QString &deliveredTo)
{
    const QJsonObject data{{QStringLiteral("record_type"), QStringLiteral("event")},
                           {QStringLiteral("event_type"), eventType},
                           {QStringLiteral("id"), eventId},
                           {QStringLiteral("occurred_at"), occurredAt},
                           {QStringLiteral("payload"), payload}};
    const QJsonObject meta{{QStringLiteral("attempt"), attempt}, {QStringLiteral("delivered_to"), deliveredTo}};
    return telnyx::compactJson({{QStringLiteral("data"), data}, {QStringLiteral("meta"), meta}});
}

QByteArray WebhookSender::sign(const QByteArray &timestamp, const QByteArray &body) const
{
    const QByteArray message = timestamp + '|' + body;
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<unsigned long long>(message.size()), m_secretKey.data());
    return QByteArray(reinterpret_cast<const char *>(signature), int(sizeof signature)).toBase64();
}

void WebhookSender::setUrls(const QList<QUrl> &urls)
{
    m_urls.clear();
    for (const QUrl &url : urls) {
        if (url.isValid())
            m_urls.append(url);
    }
    m_nextUrl = 0;
}

void WebhookSender::deliverNext(const QString &lane)
{
    auto it = m_lanes.find(lane);
    if (it == m_lanes.end() || it->busy || it->held)
        return;
    if (it->queue.isEmpty()) {
        m_lanes.erase(it);
        return;
    }
    it->busy = true;
    attempt(lane);
}

void WebhookSender::attempt(const QString &lane)
{
    const Event &event = m_lanes[lane].queue.constFirst();
    QUrl url = event.url;
    if (!url.isValid() && !m_urls.isEmpty())
        url = m_urls.at(m_nextUrl++ % m_urls.size());
    if (!url.isValid()) {
        qCWarning(lcSimulator).noquote() << "no webhook URL set; cannot deliver" << event.type;
        QTimer::singleShot(0, this, [this, lane] { finishAttempt(lane, nullptr, false); });
        return;
    }
    const QByteArray body = envelope(event.id, event.type, event.occurredAt, event.payload, event.attempt,
                                     url.toString(QUrl::FullyEncoded));
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const bool forgeSignature = m_faults && event.attempt <= m_faults->badSignatureAttempts;
    QByteArray signature;
    if (forgeSignature) {
        const QByteArray message = timestamp + '|' + body;
        unsigned char forged[crypto_sign_BYTES];
        crypto_sign_detached(forged, nullptr, reinterpret_cast<const unsigned char *>(message.constData()),
                             static_cast<unsigned long long>(message.size()), m_wrongSecretKey.data());
        signature = QByteArray(reinterpret_cast<const char *>(forged), int(sizeof forged)).toBase64();
    } else {
        signature = sign(timestamp, body);
    }

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("telnyx-timestamp", timestamp);
    request.setRawHeader("telnyx-signature-ed25519", signature);
    qCDebug(lcSimulator).noquote() << "webhook" << event.type << event.id << "attempt" << event.attempt
                                   << (forgeSignature ? "(forged signature)" : "");
    QNetworkReply *reply = m_network->post(request, body);
    m_inFlight.insert(reply);

    // Telnyx's deadline covers the whole answer, not only idle time, so a plain timer rather than transferTimeout.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, lane, reply] {
        reply->disconnect(this);
        finishAttempt(lane, reply, true);
    });
    deadline->start(m_timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, lane, reply] { finishAttempt(lane, reply, false); });
}

void WebhookSender::finishAttempt(const QString &lane, QNetworkReply *reply, bool timedOut)
{
    int status = 0;
    if (reply) {
        m_inFlight.remove(reply);
        if (auto *deadline = reply->findChild<QTimer *>())
            deadline->stop();
        if (!timedOut)
            status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->disconnect(this);
        if (timedOut)
            reply->abort();
        reply->deleteLater();
    }
    auto it = m_lanes.find(lane);
    if (it == m_lanes.end() || it->queue.isEmpty())
        return;
    Event &event = it->queue.first();
    if (status >= 200 && status < 300) {
        qCDebug(lcSimulator).noquote() << "webhook" << event.type << "delivered, attempt" << event.attempt;
        emit delivered(event.type, event.id, event.attempt, status);
        if (m_faults && m_faults->duplicateWebhooks && !event.isDuplicate) {
            event.isDuplicate = true; // the same event once more, as Telnyx may deliver it
            attempt(lane);
            return;
        }
        completeFront(lane);
        return;
    }

    const int failedAttempt = event.attempt;
    qCInfo(lcSimulator).noquote() << "webhook" << event.type << "attempt" << failedAttempt << "failed:"
                                  << (status ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("no answer"));
    emit attemptFailed(event.type, event.id, failedAttempt, status);
    if (failedAttempt > m_retryDelaysMs.size()) {
        qCWarning(lcSimulator).noquote() << "webhook" << event.type << event.id << "given up after" << failedAttempt
                                         << "attempts";
        emit gaveUp(event.type, event.id, failedAttempt);
        completeFront(lane);
        return;
    }
    const int delay = m_retryDelaysMs.at(failedAttempt - 1);
    event.attempt = failedAttempt + 1;
    QTimer::singleShot(delay, this, [this, lane] {
        if (m_lanes.contains(lane) && !m_lanes[lane].queue.isEmpty())
            attempt(lane);
    });
}

void WebhookSender::completeFront(const QString &lane)
{
    auto it = m_lanes.find(lane);
    if (it == m_lanes.end())
        return;
    if (!it->queue.isEmpty())
        it->queue.removeFirst();
    it->busy = false;
    deliverNext(lane);
}

} // namespace sb
