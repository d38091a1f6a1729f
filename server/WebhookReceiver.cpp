// SPDX-License-Identifier: MIT
#include "WebhookReceiver.h"

#include "ApiResponse.h"
#include "CallEventsHub.h"
#include "CallStateMachine.h"
#include "CallStore.h"
#include "Logging.h"
#include "Metrics.h"
#include "WebhookVerifier.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimer>

namespace sb {

namespace {

QString directionFromPayload(const QJsonObject &payload)
{
    const QString d = payload.value(QLatin1String("direction")).toString();
    if (d == QLatin1String("incoming"))
        return QStringLiteral("inbound");
    if (d == QLatin1String("outgoing"))
        return QStringLiteral("outbound");
    return QStringLiteral("unknown");
}

bool isBroadcastType(const QString &type)
{
    return type.startsWith(QLatin1String("call.")) || type.startsWith(QLatin1String("streaming."));
}

} // namespace

WebhookReceiver::WebhookReceiver(const WebhookVerifier *verifier, CallStore *store, CallEventsHub *events,
                                 Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_verifier(verifier)
    , m_store(store)
    , m_events(events)
    , m_metrics(metrics)
{
}

WebhookReceiver::~WebhookReceiver()
{
    if (!m_pending.empty())
        flush();
}

std::optional<CallEvent> WebhookReceiver::parseEvent(const QByteArray &body, QString *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the body is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject data = doc.object().value(QLatin1String("data")).toObject();
    CallEvent event;
    event.id = data.value(QLatin1String("id")).toString();
    event.type = data.value(QLatin1String("event_type")).toString();
    if (event.id.isEmpty() || event.type.isEmpty() || event.id.size() > 200 || event.type.size() > 200) {
        *error = QStringLiteral("data.id and data.event_type must be non-empty strings");
        return std::nullopt;
    }
    const QJsonValue payload = data.value(QLatin1String("payload"));
    if (!payload.isUndefined() && !payload.isNull() && !payload.isObject()) {
        *error = QStringLiteral("data.payload must be an object");
        return std::nullopt;
    }
    event.occurredAt = data.value(QLatin1String("occurred_at")).toString();
    event.payload = payload.toObject();
    event.payloadJson = QJsonDocument(event.payload).toJson(QJsonDocument::Compact);
    event.callControlId = event.payload.value(QLatin1String("call_control_id")).toString();
    event.receivedAt = QDateTime::currentDateTimeUtc();
    return event;
}

void WebhookReceiver::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QByteArray body = request.body();
    if (body.size() > api::kMaxBodyBytes) {
        api::sendError(responder, api::Status::PayloadTooLarge, QStringLiteral("payload_too_large"),
                       QStringLiteral("The request body is larger than 1 MiB."));
        return;
    }
    if (!m_verifier) {
        ++m_metrics->webhooksRefusedUnconfigured;
        api::sendError(
            responder, api::Status::ServiceUnavailable, QStringLiteral("not_configured"),
            QStringLiteral("TELNYX_PUBLIC_KEY is not set: webhooks cannot be verified, so none is accepted."));
        return;
    }
    const auto result = m_verifier->verify(request.value("telnyx-timestamp"), request.value("telnyx-signature-ed25519"),
                                           body, QDateTime::currentSecsSinceEpoch());
    if (!result.ok()) {
        ++m_metrics->webhooksRefusedSignature;
        qCInfo(lcWebhook).noquote() << "refused a webhook from" << request.remoteAddress().toString() << "-"
                                    << result.reason();
        api::sendError(responder, api::Status::Unauthorized, QStringLiteral("invalid_signature"),
                       QStringLiteral("Webhook refused: %1.").arg(result.reason()));
        return;
    }
    if (!api::isJsonContentType(request.value("content-type"))) {
        ++m_metrics->webhooksRefusedInvalid;
        api::sendError(responder, api::Status::UnsupportedMediaType, QStringLiteral("unsupported_media_type"),
                       QStringLiteral("Webhooks must be sent as application/json."));
        return;
    }
    QString error;
    auto event = parseEvent(body, &error);
    if (!event) {
        ++m_metrics->webhooksRefusedInvalid;
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("invalid_event"),
                       QStringLiteral("Not a Telnyx event: %1.").arg(error));
        return;
    }
    m_pending.push_back({std::move(*event), std::make_unique<api::DeferredResponder>(std::move(responder))});
    if (int(m_pending.size()) >= kMaxBatch) {
        flush();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, &WebhookReceiver::flush);
    }
}

bool WebhookReceiver::storeBatch(std::vector<Pending> &batch, std::vector<bool> &isNew,
                                 std::vector<std::optional<CallRecord>> &calls)
{
    if (!m_store->begin())
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const CallEvent &event = batch[i].event;
        bool inserted = false;
        if (!m_store->insertEvent(event, &inserted)) {
            m_store->rollback();
            return false;
        }
        isNew[i] = inserted;
        if (!inserted || event.callControlId.isEmpty())
            continue;
        std::optional<CallRecord> record = m_store->call(event.callControlId);
        if (!record) {
            // An event for a call we did not dial (an incoming call, or a webhook that overtook the
            // dial's own answer): start a record from what the event says.
            record = CallRecord{};
            record->callControlId = event.callControlId;
            record->direction = directionFromPayload(event.payload);
            record->createdAt = now;
        }
        if (CallStateMachine::apply(*record, event) || !record->updatedAt.isValid()) {
            record->updatedAt = now;
            if (!m_store->saveCall(*record)) {
                m_store->rollback();
                return false;
            }
        }
        calls[i] = std::move(record);
    }
    return m_store->commit();
}

void WebhookReceiver::flush()
{
    m_flushScheduled = false;
    if (m_pending.empty())
        return;
    std::vector<Pending> batch;
    batch.swap(m_pending);
    std::vector<bool> isNew(batch.size(), false);
    std::vector<std::optional<CallRecord>> calls(batch.size());

    if (!storeBatch(batch, isNew, calls)) {
        qCWarning(lcWebhook).noquote() << "could not store" << batch.size()
                                       << "webhook events:" << m_store->lastError();
        for (Pending &p : batch) {
            if (auto *target = p.responder->target())
                api::sendError(*target, api::Status::InternalServerError, QStringLiteral("storage_error"),
                               QStringLiteral("The event could not be stored; deliver it again."));
        }
        return;
    }
    ++m_metrics->webhookBatches;
    static const QByteArray kReceived = QByteArrayLiteral("{\"received\":true}");
    for (Pending &p : batch) {
        if (auto *target = p.responder->target())
            target->write(kReceived, QByteArrayLiteral("application/json"));
        p.responder.reset();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const CallEvent &event = batch[i].event;
        if (!isNew[i]) {
            ++m_metrics->webhooksDuplicate;
            qCDebug(lcWebhook).noquote() << "duplicate event" << event.id << event.type << "- not applied again";
            continue;
        }
        ++m_metrics->webhooksAccepted;
        qCDebug(lcWebhook).noquote() << "accepted" << event.type << event.id << "call" << event.callControlId;
        if (isBroadcastType(event.type))
            m_events->broadcast(event.toBroadcastJson());
        emit eventAccepted(event, calls[i]);
    }
}

} // namespace sb
