// SPDX-License-Identifier: MIT
#include "calls/CallsApi.h"

#include "Config.h"
#include "Logging.h"
#include "Metrics.h"
#include "calls/CallEventsHub.h"
#include "calls/CallRequests.h"
#include "calls/CallStore.h"
#include "http/ApiResponse.h"
#include "protocol/Paths.h"
#include "telnyx/TelnyxClient.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

namespace sb {

namespace {

using api::SharedResponder;

void sendTelnyxError(const SharedResponder &responder, const TelnyxError &error)
{
    api::sendError(responder, api::Status::BadGateway, QStringLiteral("telnyx_error"), error.message);
}

// How long a hang-up waits for Telnyx to answer suppression_stop before it hangs up anyway. Telnyx answers a
// command within a few hundred milliseconds; the agent pressed "hang up" and should not keep the customer on
// the line for a slow answer to a courtesy command, so a second at most.
constexpr int kSuppressionStopWaitMs = 1000;

// One hang-up in progress: the responder until the hangup is sent (null afterwards), and the wait's timer.
struct PendingEnd {
    api::SharedResponder responder;
    QPointer<QTimer> deadline;
};

} // namespace

CallsApi::CallsApi(const Config *config, TelnyxClient *telnyx, CallStore *store, CallEventsHub *events,
                   Metrics *metrics, std::function<QString()> streamBaseUrl, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_telnyx(telnyx)
    , m_store(store)
    , m_events(events)
    , m_metrics(metrics)
    , m_streamBaseUrl(std::move(streamBaseUrl))
{
}

QJsonObject CallsApi::withLiveFacts(const CallRecord &record) const
{
    QJsonObject json = record.toJson();
    json.insert(QStringLiteral("listeners"),
                record.status != CallStatus::Ended && m_listenerCounter ? m_listenerCounter(record.callControlId) : 0);
    return json;
}

bool CallsApi::requireTelnyx(QHttpServerResponder &responder, const QString &action, bool dialing)
{
    QString missing;
    if (!m_telnyx->isConfigured())
        missing = QStringLiteral("TELNYX_API_KEY");
    else if (dialing && m_config->applicationId.isEmpty())
        missing = QStringLiteral("TELNYX_APPLICATION_ID");
    if (missing.isEmpty())
        return true;
    api::sendError(responder, api::Status::ServiceUnavailable, QStringLiteral("not_configured"),
                   QStringLiteral("%1 is not set: Switchboard cannot %2.").arg(missing, action));
    return false;
}

void CallsApi::sendNotFound(QHttpServerResponder &responder, const QString &callControlId)
{
    api::sendError(responder, api::Status::NotFound, QStringLiteral("call_not_found"),
                   QStringLiteral("No call with call_control_id '%1'.").arg(callControlId));
}

std::optional<CallRecord> CallsApi::callToActOn(const Caller &caller, const QString &callControlId,
                                                QHttpServerResponder &responder)
{
    std::optional<CallRecord> record = m_store->call(callControlId);
    if (!record) {
        sendNotFound(responder, callControlId);
        return std::nullopt;
    }
    if (!caller.mayActOn(record->agentId)) {
        qCInfo(lcTelnyx).noquote() << "refused" << caller.name << "a command on" << callControlId
                                   << "- another agent's call";
        api::sendError(
            responder, api::Status::Forbidden, QStringLiteral("forbidden"),
            QStringLiteral("Call '%1' is another agent's; an agent may act on its own calls only.").arg(callControlId));
        return std::nullopt;
    }
    return record;
}

namespace {

// The record of a call Telnyx just placed, from the dial and Telnyx's answer.
CallRecord dialledRecord(const DialRequest &dial, const QJsonObject &answer, const QString &agentId,
                         const QString &streamToken)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    CallRecord record;
    record.callControlId = answer.value(QLatin1String("call_control_id")).toString();
    record.callLegId = answer.value(QLatin1String("call_leg_id")).toString();
    record.callSessionId = answer.value(QLatin1String("call_session_id")).toString();
    record.agentId = agentId;
    record.from = dial.from;
    record.to = dial.to;
    record.direction = QStringLiteral("outbound-dial");
    record.streamUrl = dial.streamUrl;
    record.streamTokenHash = streamTokenHash(streamToken);
    record.createdAt = now;
    record.updatedAt = now;
    return record;
}

// The answer to a dial (docs/interface.md §3.4): the call as stored now, and whether noise suppression started.
QJsonObject dialAnswer(const QString &id, const std::optional<CallRecord> &current, const TelnyxResult &suppression)
{
    return QJsonObject{
        {QStringLiteral("callId"), id},
        {QStringLiteral("status"), callStatusName(current ? current->status : CallStatus::Initiated)},
        {QStringLiteral("direction"), QStringLiteral("outbound-dial")},
        {QStringLiteral("streamUrl"), current ? current->streamUrl : QString()},
        {QStringLiteral("dbRecord"), current ? current->toJson() : QJsonObject()},
        {QStringLiteral("noiseSuppression"),
         suppression.ok
             ? QJsonObject{{QStringLiteral("enabled"), true}}
             : QJsonObject{{QStringLiteral("enabled"), false}, {QStringLiteral("error"), suppression.error.message}}},
    };
}

} // namespace

QString CallsApi::clientState(const QString &agentId)
{
    const QJsonObject state{{QStringLiteral("agentId"), agentId},
                            {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}};
    return QString::fromLatin1(QJsonDocument(state).toJson(QJsonDocument::Compact).toBase64());
}

DialRequest CallsApi::dialRequest(const QJsonObject &body, const QString &agentId, const QString &streamToken) const
{
    DialRequest dial;
    dial.connectionId = m_config->applicationId;
    dial.to = body.value(QLatin1String("to")).toString();
    dial.from = body.value(QLatin1String("from")).toString();
    dial.streamUrl = m_streamBaseUrl() + paths::kAudioStream;
    dial.streamAuthToken = streamToken;
    dial.clientState = clientState(agentId);
    return dial;
}

// Steps: check the body, dial through Telnyx, store the call Telnyx placed, start noise suppression, answer.
void CallsApi::initiate(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto body = api::readJsonObject(request, responder);
    if (!body)
        return;
    if (const auto problem = checkDialBody(*body)) {
        api::sendError(responder, api::Status::BadRequest, problem->code, problem->message);
        return;
    }
    if (!requireTelnyx(responder, QStringLiteral("place calls"), true))
        return;

    // A user's call is its own, whatever the body says; only the admin token names the agent (CONTRACT §6).
    const QString agentId = caller.choosesAgentId() ? body->value(QLatin1String("agentId")).toString() : caller.name;
    const QString streamToken = ConfigLoader::generateToken(); // 256 random bits
    const DialRequest dial = dialRequest(*body, agentId, streamToken);
    auto shared = api::defer(std::move(responder));
    m_telnyx->dial(dial, this, [this, shared, dial, agentId, streamToken](const TelnyxResult &result) {
        if (!result.ok) {
            ++m_metrics->callsFailed;
            qCWarning(lcTelnyx).noquote() << "dial to" << dial.to << "refused:" << result.error.message;
            sendTelnyxError(shared, result.error);
            return;
        }
        const std::optional<CallRecord> record =
            storeDialledCall(dialledRecord(dial, result.data, agentId, streamToken));
        if (!record) {
            api::sendError(
                shared, api::Status::InternalServerError, QStringLiteral("storage_error"),
                QStringLiteral("Telnyx placed call %1 but it could not be stored: %2")
                    .arg(result.data.value(QLatin1String("call_control_id")).toString(), m_store->lastError()));
            return;
        }
        const QString id = record->callControlId;
        ++m_metrics->callsInitiated;
        qCInfo(lcTelnyx).noquote() << "dialed" << dial.to << "from" << dial.from << "as" << id;
        emit callDialled(*record, streamToken);

        m_telnyx->suppressionStart(id, this, [this, shared, id](const TelnyxResult &suppression) {
            if (!suppression.ok)
                qCWarning(lcTelnyx).noquote()
                    << "noise suppression could not start on" << id << "-" << suppression.error.message;
            api::sendData(shared, dialAnswer(id, m_store->call(id), suppression));
        });
    });
}

std::optional<CallRecord> CallsApi::storeDialledCall(const CallRecord &record)
{
    // A webhook may have overtaken Telnyx's answer and created the record already: the dial's facts are
    // merged into it without touching its status, and the merged record is what the caller gets.
    if (!m_store->saveDialledCall(record))
        return std::nullopt;
    return m_store->call(record.callControlId).value_or(record);
}

void CallsApi::end(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto body = api::readJsonObject(request, responder);
    if (!body)
        return;
    if (const auto problem = checkEndBody(*body)) {
        api::sendError(responder, api::Status::BadRequest, problem->code, problem->message);
        return;
    }
    const QString id = body->value(QLatin1String("call_control_id")).toString();
    if (!callToActOn(caller, id, responder))
        return;
    if (!requireTelnyx(responder, QStringLiteral("hang up calls")))
        return;
    // Telnyx refuses every command on an ended call (90018), so suppression_stop goes first and the hangup
    // follows once the stop is answered (either way) or the wait runs out, whichever comes first: exactly one
    // hangup. The responder moves to the hangup when it is sent, so a late stop answer holds nothing up.
    auto pending = std::make_shared<PendingEnd>();
    pending->responder = api::defer(std::move(responder));
    pending->deadline = new QTimer(this);
    pending->deadline->setSingleShot(true);
    const auto hangUpOnce = [this, pending, id] {
        api::SharedResponder shared = std::exchange(pending->responder, nullptr);
        if (!shared)
            return;
        if (pending->deadline)
            pending->deadline->deleteLater();
        m_telnyx->hangup(id, this, [this, shared, id](const TelnyxResult &result) {
            if (!result.ok) {
                sendTelnyxError(shared, result.error);
                return;
            }
            const auto record = m_store->call(id);
            api::sendData(shared, record ? record->toJson() : QJsonObject());
        });
    };
    connect(pending->deadline, &QTimer::timeout, this, hangUpOnce);
    pending->deadline->start(kSuppressionStopWaitMs);
    m_telnyx->suppressionStop(id, this, [id, hangUpOnce](const TelnyxResult &stop) {
        // 90018: the call had ended already (the far end hung up first): nothing was left to stop.
        if (!stop.ok && stop.error.code != QLatin1String("90018"))
            qCWarning(lcTelnyx).noquote() << "suppression_stop on" << id << "failed:" << stop.error.message;
        hangUpOnce();
    });
}

CallEvent CallsApi::makeLocalEvent(const QString &type, const QString &callControlId, const QJsonObject &extra) const
{
    CallEvent event;
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.type = type;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.occurredAt = event.receivedAt.toString(Qt::ISODateWithMs);
    event.callControlId = callControlId;
    event.payload = extra;
    event.payload.insert(QStringLiteral("call_control_id"), callControlId);
    event.payloadJson = QJsonDocument(event.payload).toJson(QJsonDocument::Compact);
    return event;
}

void CallsApi::setMuted(const Caller &caller, const QString &callControlId, bool muted,
                        QHttpServerResponder &&responder)
{
    const std::optional<CallRecord> record = callToActOn(caller, callControlId, responder);
    if (!record)
        return;
    const CallEvent event = makeLocalEvent(muted ? QStringLiteral("call.muted") : QStringLiteral("call.unmuted"),
                                           callControlId, {{QStringLiteral("muted"), muted}});
    bool inserted = false;
    if (!m_store->begin() || !m_store->setMuted(callControlId, muted, event.receivedAt) ||
        !m_store->insertEvent(event, &inserted) || !m_store->commit()) {
        m_store->rollback();
        api::sendError(responder, api::Status::InternalServerError, QStringLiteral("storage_error"),
                       QStringLiteral("The mute state could not be stored: %1").arg(m_store->lastError()));
        return;
    }
    emit muteChanged(callControlId, muted);
    m_events->broadcast(event.toBroadcastJson(), callControlId);
    api::sendData(responder, m_store->call(callControlId).value_or(*record).toJson());
}

void CallsApi::noteWhisper(const QString &callControlId, const QString &supervisor, bool whispering)
{
    const CallEvent event =
        makeLocalEvent(whispering ? QStringLiteral("call.whisper_started") : QStringLiteral("call.whisper_ended"),
                       callControlId, {{QStringLiteral("supervisor"), supervisor}});
    bool inserted = false;
    if (!m_store->insertEvent(event, &inserted))
        qCWarning(lcCalls).noquote() << "the whisper event of" << callControlId
                                     << "could not be stored:" << m_store->lastError();
    m_events->broadcast(event.toBroadcastJson(), callControlId); // told all the same: nobody is spoken to in secret
}

void CallsApi::list(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query = request.query();
    auto number = [&query](const char *name, int fallback, int min, int max, bool *ok) {
        const QString text = query.queryItemValue(QLatin1String(name));
        if (text.isEmpty())
            return fallback;
        const int v = text.toInt(ok);
        *ok = *ok && v >= min && v <= max;
        return v;
    };
    bool limitOk = true, offsetOk = true;
    const int limit = number("limit", 50, 1, 500, &limitOk);
    const int offset = number("offset", 0, 0, std::numeric_limits<int>::max(), &offsetOk);
    if (!limitOk || !offsetOk) {
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("invalid_query"),
                       QStringLiteral("'limit' must be 1 to 500 and 'offset' 0 or more."));
        return;
    }
    const std::optional<QString> agent = caller.seesAllCalls() ? std::nullopt : std::optional<QString>(caller.name);
    QJsonArray calls;
    for (const CallRecord &r : m_store->calls(limit, offset, agent))
        calls.append(withLiveFacts(r));
    api::sendData(responder, calls,
                  {{QStringLiteral("total"), double(m_store->callCount(agent))},
                   {QStringLiteral("limit"), limit},
                   {QStringLiteral("offset"), offset}});
}

void CallsApi::sendDtmf(const Caller &caller, const QString &callControlId, const QHttpServerRequest &request,
                        QHttpServerResponder &&responder)
{
    const auto body = api::readJsonObject(request, responder);
    if (!body)
        return;
    if (const auto problem = checkDtmfBody(*body)) {
        api::sendError(responder, api::Status::BadRequest, problem->code, problem->message);
        return;
    }
    const QString digits = body->value(QLatin1String("digits")).toString();
    if (!callToActOn(caller, callControlId, responder))
        return;
    if (!requireTelnyx(responder, QStringLiteral("send digits")))
        return;
    auto shared = api::defer(std::move(responder));
    m_telnyx->sendDtmf(callControlId, digits, this, [shared, callControlId, digits](const TelnyxResult &result) {
        if (!result.ok) {
            sendTelnyxError(shared, result.error);
            return;
        }
        api::sendData(
            shared, QJsonObject{{QStringLiteral("callControlId"), callControlId}, {QStringLiteral("digits"), digits}});
    });
}

void CallsApi::get(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder)
{
    const auto record = m_store->call(callControlId);
    // Another agent's call is not there for an agent: 404, as for a call that does not exist (CONTRACT §6). An
    // incoming call offered to them is theirs to see (CONTRACT §9), answered or missed.
    if (!record || (!caller.mayActOn(record->agentId) && !record->offeredTo.contains(caller.name))) {
        sendNotFound(responder, callControlId);
        return;
    }
    QJsonObject data = withLiveFacts(*record);
    QJsonArray events;
    for (const CallEvent &e : m_store->events(callControlId))
        events.append(e.toJson());
    data.insert(QStringLiteral("events"), events);
    api::sendData(responder, data);
}

} // namespace sb
