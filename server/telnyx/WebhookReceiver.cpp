// SPDX-License-Identifier: MIT
#include "telnyx/WebhookReceiver.h"

#include "Logging.h"
#include "Metrics.h"
#include "calls/CallEventsHub.h"
#include "telnyx/WebhookVerifier.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>

namespace sb {

namespace {
bool isBroadcastType(const QString &type)
{
    return type.startsWith(QLatin1String("call.")) || type.startsWith(QLatin1String("streaming."));
}

// The agent our dial wrote into client_state (CallsApi::dialRequest), which Telnyx hands back in every event of the
// call: the event may overtake Telnyx's answer to the dial, before the call's record names its agent. Telnyx signed
// the event, and only we write client_state.
QString clientStateAgent(const QJsonObject &payload)
{
    const QString state = payload.value(QLatin1String("client_state")).toString();
    if (state.isEmpty())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(state.toLatin1()))
        .object()
        .value(QLatin1String("agentId"))
        .toString();
}
} // namespace

struct WebhookReceiver::Checked {
    // inputs, copied out of the request
    QByteArray body;
    QByteArray timestamp;
    QByteArray signature;
    QByteArray contentType;
    QString remote;
    std::unique_ptr<api::DeferredResponder> responder;
    // outputs
    WebhookVerifier::Result verification;
    std::optional<CallEvent> event;
    QString parseError;
};

WebhookReceiver::WebhookReceiver(const WebhookVerifier *verifier, const DatabaseUrl &database, CallEventsHub *events,
                                 Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_verifier(verifier)
    , m_events(events)
    , m_metrics(metrics)
{
    m_verifiers.setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
    m_writer = new EventWriter(database);
    m_writer->moveToThread(&m_writerThread);
    connect(&m_writerThread, &QThread::finished, m_writer, &QObject::deleteLater);
    m_writerThread.setObjectName(QStringLiteral("switchboard-event-writer"));
    m_writerThread.start();
}

WebhookReceiver::~WebhookReceiver()
{
    // Finish what is under way: verifications, then the batch being written. A batch committed now
    // is durable; its requests get no answer (the loop is ending), so Telnyx delivers them again and
    // the dedup by data.id keeps them from being applied twice.
    m_verifiers.waitForDone();
    m_writerThread.quit();
    m_writerThread.wait();
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
    if (request.body().size() > api::kMaxBodyBytes) {
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
    if (m_inFlight >= kMaxInFlight) {
        api::sendError(responder, api::Status::ServiceUnavailable, QStringLiteral("busy"),
                       QStringLiteral("Too many webhooks in flight; deliver this one again."));
        return;
    }
    ++m_inFlight;
    auto checked = std::make_shared<Checked>();
    checked->body = request.body();
    checked->timestamp = request.value("telnyx-timestamp");
    checked->signature = request.value("telnyx-signature-ed25519");
    checked->contentType = request.value("content-type");
    checked->remote = request.remoteAddress().toString();
    checked->responder = std::make_unique<api::DeferredResponder>(std::move(responder));
    const WebhookVerifier *verifier = m_verifier;
    m_verifiers.start([this, verifier, checked] {
        checked->verification =
            verifier->verify(checked->timestamp, checked->signature, checked->body, QDateTime::currentSecsSinceEpoch());
        if (checked->verification.ok() && api::isJsonContentType(checked->contentType))
            checked->event = parseEvent(checked->body, &checked->parseError);
        QMetaObject::invokeMethod(
            this, [this, checked] { onChecked(checked); }, Qt::QueuedConnection);
    });
}

void WebhookReceiver::onChecked(const std::shared_ptr<Checked> &checked)
{
    api::DeferredResponder &responder = *checked->responder;
    if (!checked->verification.ok()) {
        --m_inFlight;
        ++m_metrics->webhooksRefusedSignature;
        qCInfo(lcWebhook).noquote() << "refused a webhook from" << checked->remote << "-"
                                    << checked->verification.reason();
        if (auto *target = responder.target())
            api::sendError(*target, api::Status::Unauthorized, QStringLiteral("invalid_signature"),
                           QStringLiteral("Webhook refused: %1.").arg(checked->verification.reason()));
        return;
    }
    if (!api::isJsonContentType(checked->contentType)) {
        --m_inFlight;
        ++m_metrics->webhooksRefusedInvalid;
        if (auto *target = responder.target())
            api::sendError(*target, api::Status::UnsupportedMediaType, QStringLiteral("unsupported_media_type"),
                           QStringLiteral("Webhooks must be sent as application/json."));
        return;
    }
    if (!checked->event) {
        --m_inFlight;
        ++m_metrics->webhooksRefusedInvalid;
        if (auto *target = responder.target())
            api::sendError(*target, api::Status::BadRequest, QStringLiteral("invalid_event"),
                           QStringLiteral("Not a Telnyx event: %1.").arg(checked->parseError));
        return;
    }
    m_pending.push_back({std::move(*checked->event), std::move(checked->responder)});
    submitBatch();
}

void WebhookReceiver::submitBatch()
{
    if (m_writing || m_pending.empty())
        return;
    m_writing = true;
    auto batch = std::make_shared<std::vector<Pending>>();
    const std::size_t take = qMin<std::size_t>(m_pending.size(), kMaxBatch);
    std::move(m_pending.begin(), m_pending.begin() + take, std::back_inserter(*batch));
    m_pending.erase(m_pending.begin(), m_pending.begin() + take);
    std::vector<CallEvent> events;
    events.reserve(batch->size());
    for (const Pending &p : *batch)
        events.push_back(p.event);
    EventWriter *writer = m_writer;
    // The batch (the requests' responders) is moved, not copied, through the writer thread and back: its last
    // reference must go on this thread, whose connections' timers its responders touch when they are destroyed.
    QMetaObject::invokeMethod(
        writer,
        [this, writer, batch = std::move(batch), events = std::move(events)]() mutable {
            auto result = std::make_shared<EventWriter::Result>(writer->write(events));
            QMetaObject::invokeMethod(
                this, [this, batch = std::move(batch), result] { finishBatch(*batch, *result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void WebhookReceiver::finishBatch(std::vector<Pending> &batch, const EventWriter::Result &result)
{
    m_writing = false;
    m_inFlight -= int(batch.size());
    if (!result.ok) {
        qCWarning(lcWebhook).noquote() << "could not store" << batch.size() << "webhook events:" << result.error;
        for (Pending &p : batch) {
            if (auto *target = p.responder->target())
                // 503: the database is away (PostgreSQL restarting, a full disk); Telnyx delivers the event again.
                api::sendError(*target, api::Status::ServiceUnavailable, QStringLiteral("storage_error"),
                               QStringLiteral("The event could not be stored; deliver it again."));
        }
        submitBatch();
        return;
    }
    ++m_metrics->webhookBatches;
    static const QByteArray kReceived = QByteArrayLiteral("{\"received\":true}");
    for (Pending &p : batch) {
        if (auto *target = p.responder->target())
            target->write(kReceived, QByteArrayLiteral("application/json"));
        p.responder.reset();
    }
    submitBatch(); // what gathered during this commit goes next
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const CallEvent &event = batch[i].event;
        if (!result.isNew[i]) {
            ++m_metrics->webhooksDuplicate;
            qCDebug(lcWebhook).noquote() << "duplicate event" << event.id << event.type << "- not applied again";
            continue;
        }
        ++m_metrics->webhooksAccepted;
        qCDebug(lcWebhook).noquote() << "accepted" << event.type << event.id << "call" << event.callControlId;
        if (m_events->isHeard() && isBroadcastType(event.type))
            m_events->broadcast(event.toBroadcastJson(), event.callControlId, clientStateAgent(event.payload));
        emit eventAccepted(event, result.calls[i]);
    }
}

} // namespace sb
