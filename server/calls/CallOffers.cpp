// SPDX-License-Identifier: MIT
#include "calls/CallOffers.h"

#include "Config.h"
#include "Logging.h"
#include "calls/CallEventsHub.h"
#include "calls/CallStore.h"
#include "calls/CallsApi.h"
#include "http/ApiResponse.h"
#include "protocol/CallStatus.h"
#include "protocol/ClientEvent.h"
#include "protocol/Paths.h"
#include "telnyx/TelnyxClient.h"
#include "users/PresenceBoard.h"

// Qt
#include <QDateTime>
#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>

namespace sb {

namespace {
constexpr int kGiveUpRetryMs = 1000; // an offer's give-up, tried again while the database is away
} // namespace

CallOffers::CallOffers(CallStore *store, TelnyxClient *telnyx, PresenceBoard *presence, CallEventsHub *events,
                       std::function<QString()> streamBaseUrl, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_telnyx(telnyx)
    , m_presence(presence)
    , m_events(events)
    , m_streamBaseUrl(std::move(streamBaseUrl))
    , m_options(std::move(options))
{
}

CallOffers::~CallOffers()
{
    qDeleteAll(m_offers);
}

bool CallOffers::isOfferedTo(const QString &callControlId, const QString &name) const
{
    const Offer *offer = m_offers.value(callControlId);
    return offer && offer->ringing.contains(name);
}

void CallOffers::sendTo(const Offer &offer, const QString &type, const QSet<QString> &users, bool supervisorsToo)
{
    // Supervisors see every offer, and a supervisor's or admin's desk is offered calls too (the one-desk Switchboard's
    // admin is its agent): `offered_to` says whose desks the event is about, so each desk knows whether to ring.
    QStringList names(users.cbegin(), users.cend());
    names.sort();
    QJsonObject payload = offer.announcement;
    payload.insert(QStringLiteral("offered_to"), QJsonArray::fromStringList(names));
    if (!offer.answeredBy.isEmpty())
        payload.insert(QStringLiteral("answered_by"), offer.answeredBy);
    m_events->sendToUsers(clientEventJson(type, payload), users, supervisorsToo);
}

bool CallOffers::ringNext(Offer &offer)
{
    QString next;
    for (const QString &name : m_presence->availableAgents()) { // the longest idle first
        if (!offer.offeredTo.contains(name)) {
            next = name;
            break;
        }
    }
    if (next.isEmpty())
        return false;
    if (!offer.ringing.isEmpty())
        sendTo(offer, QStringLiteral("call.offer_ended"), offer.ringing, false); // their turn is over
    offer.ringing = {next};
    offer.offeredTo.append(next);
    m_store->setOffer(offer.callControlId, offer.offeredTo, false);
    qCInfo(lcCalls).noquote() << "incoming call" << offer.callControlId << "offered to" << next;
    sendTo(offer, QStringLiteral("call.offered"), offer.ringing);
    offer.stepTimer->start(m_options.ringStepMs);
    return true;
}

void CallOffers::callArrived(const CallRecord &call, const QString &callerIdName)
{
    if (m_offers.contains(call.callControlId) || call.status != CallStatus::Ringing)
        return; // a redelivered call.initiated, or one that came after the call moved on
    auto *offer = new Offer;
    offer->callControlId = call.callControlId;
    offer->announcement = {{QStringLiteral("call_control_id"), call.callControlId},
                           {QStringLiteral("from"), call.from},
                           {QStringLiteral("to"), call.to},
                           {QStringLiteral("caller_id_name"), callerIdName}};
    m_offers.insert(call.callControlId, offer);
    if (m_options.strategy == RingStrategy::LongestIdle) {
        offer->stepTimer = new QTimer(this);
        offer->stepTimer->setSingleShot(true);
        // The turn passes on; with nobody else to ring, the current agent's desk goes on ringing until the timeout.
        connect(offer->stepTimer, &QTimer::timeout, this, [this, id = call.callControlId] {
            if (Offer *o = m_offers.value(id); o && o->answeredBy.isEmpty() && !o->gaveUp)
                ringNext(*o);
        });
        if (!ringNext(*offer)) {
            giveUp(call.callControlId, QStringLiteral("nobody is available"));
            return;
        }
    } else {
        offer->offeredTo = m_presence->availableAgents();
        offer->ringing = QSet<QString>(offer->offeredTo.cbegin(), offer->offeredTo.cend());
        m_store->setOffer(call.callControlId, offer->offeredTo, false);
        if (offer->offeredTo.isEmpty()) {
            giveUp(call.callControlId, QStringLiteral("nobody is available"));
            return;
        }
        qCInfo(lcCalls).noquote() << "incoming call" << call.callControlId << "offered to"
                                  << offer->offeredTo.join(", ");
        sendTo(*offer, QStringLiteral("call.offered"), offer->ringing);
    }
    offer->ringTimer = new QTimer(this);
    offer->ringTimer->setSingleShot(true);
    connect(offer->ringTimer, &QTimer::timeout, this,
            [this, id = call.callControlId] { giveUp(id, QStringLiteral("nobody answered in time")); });
    offer->ringTimer->start(m_options.ringTimeoutMs);
}

void CallOffers::callEnded(const CallRecord &call)
{
    Offer *offer = m_offers.value(call.callControlId);
    if (!offer)
        return;
    if (offer->answeredBy.isEmpty()) {
        // The caller gave up (or Telnyx ended it) while it rang, or nobody took it: a missed call, with who was
        // offered it.
        qCInfo(lcCalls).noquote() << "incoming call" << call.callControlId << "ended unanswered: missed";
        m_store->setOffer(call.callControlId, offer->offeredTo, true);
        sendTo(*offer, QStringLiteral("call.offer_ended"), offer->ringing);
    }
    forget(call.callControlId);
}

void CallOffers::sendNotOffered(QHttpServerResponder &responder, const QString &callControlId)
{
    api::sendError(responder, api::Status::NotFound, QStringLiteral("call_not_found"),
                   QStringLiteral("No ringing call %1 offered to you.").arg(callControlId));
}

void CallOffers::sendAlreadyAnswered(QHttpServerResponder &responder, const QString &answeredBy)
{
    api::sendError(responder, api::Status::Conflict, QStringLiteral("already_answered"),
                   answeredBy.isEmpty() ? QStringLiteral("Someone has answered this call.")
                                        : QStringLiteral("%1 has answered this call.").arg(answeredBy));
}

void CallOffers::answer(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder)
{
    Offer *offer = m_offers.value(callControlId);
    if (!offer) {
        answerOffered(caller, callControlId, std::move(responder));
        return;
    }
    if (!caller.seesAllCalls() && !offer->offeredTo.contains(caller.name)) {
        // Not offered to this agent: as any call of another's, it does not exist for them.
        sendNotOffered(responder, callControlId);
        return;
    }
    if (!offer->answeredBy.isEmpty()) {
        sendAlreadyAnswered(responder, offer->answeredBy);
        return;
    }
    if (offer->gaveUp || (!caller.seesAllCalls() && !offer->ringing.contains(caller.name))) {
        // Declined, their longest-idle turn over, or nobody took it in time.
        api::sendError(responder, api::Status::Conflict, QStringLiteral("offer_ended"),
                       QStringLiteral("Call %1 no longer rings for you.").arg(callControlId));
        return;
    }
    if (!m_store->claimAnswer(callControlId, caller.name)) {
        // Answered through another instance a moment ago (its word is on its way), or the record is out of reach.
        const QString by = m_store->call(callControlId).value_or(CallRecord{}).agentId;
        sendAlreadyAnswered(responder, by);
        return;
    }
    offer->answeredBy = caller.name; // from here on a second answer is refused, whatever Telnyx says
    sendAnswer(caller.name, callControlId, std::move(responder));
}

void CallOffers::answerOffered(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder)
{
    const std::optional<CallRecord> record = m_store->call(callControlId);
    // An offer in progress on another instance: a ringing incoming call with someone to offer it to.
    if (!record || record->status != CallStatus::Ringing || record->offeredTo.isEmpty() ||
        (!caller.seesAllCalls() && !record->offeredTo.contains(caller.name))) {
        sendNotOffered(responder, callControlId);
        return;
    }
    if (!record->agentId.isEmpty()) {
        sendAlreadyAnswered(responder, record->agentId);
        return;
    }
    if (record->missed || !m_store->claimAnswer(callControlId, caller.name)) {
        const std::optional<CallRecord> now = m_store->call(callControlId);
        if (now && !now->agentId.isEmpty()) {
            sendAlreadyAnswered(responder, now->agentId);
        } else {
            api::sendError(responder, api::Status::Conflict, QStringLiteral("offer_ended"),
                           QStringLiteral("Call %1 no longer rings for you.").arg(callControlId));
        }
        return;
    }
    sendAnswer(caller.name, callControlId, std::move(responder));
}

void CallOffers::sendAnswer(const QString &name, const QString &callControlId, QHttpServerResponder &&responder)
{
    const QString streamToken = ConfigLoader::generateToken();
    QUrl streamUrl(m_streamBaseUrl() + paths::kAudioStream);
    // AnswerRequest has no stream_auth_token (PROTOCOL §7.3): the per-call secret rides in the URL's query.
    streamUrl.setQuery(QUrlQuery({{QStringLiteral("token"), streamToken}}));
    const QJsonObject body{
        {QStringLiteral("stream_url"), streamUrl.toString(QUrl::FullyEncoded)},
        {QStringLiteral("stream_track"), QStringLiteral("both_tracks")},
        {QStringLiteral("stream_bidirectional_mode"), QStringLiteral("rtp")},
        {QStringLiteral("stream_codec"), QStringLiteral("PCMU")},
        {QStringLiteral("stream_bidirectional_codec"), QStringLiteral("PCMU")},
        {QStringLiteral("client_state"), CallsApi::clientState(name)},
    };
    auto shared = api::defer(std::move(responder));
    emit answering(callControlId, name, streamToken);
    m_telnyx->action(callControlId, QStringLiteral("answer"), body, this,
                     [this, shared, callControlId, name, streamToken, streamUrl](const TelnyxResult &result) {
                         Offer *current = m_offers.value(callControlId);
                         if (!result.ok) {
                             // The offer goes on: someone else may still answer.
                             if (current)
                                 current->answeredBy.clear();
                             m_store->releaseAnswer(callControlId, name);
                             emit answerFailed(callControlId, streamToken);
                             api::sendError(shared, api::Status::BadGateway, QStringLiteral("telnyx_error"),
                                            result.error.message);
                             return;
                         }
                         std::optional<CallRecord> record = m_store->call(callControlId);
                         if (!record) {
                             api::sendError(shared, api::Status::InternalServerError, QStringLiteral("storage_error"),
                                            m_store->lastError());
                             return;
                         }
                         record->agentId = name;
                         record->streamUrl = streamUrl.toString(QUrl::RemoveQuery);
                         record->streamTokenHash = streamTokenHash(streamToken);
                         record->instance.clear(); // its media comes here: saveDialledCall names this instance
                         record->updatedAt = QDateTime::currentDateTimeUtc();
                         m_store->saveDialledCall(*record);
                         qCInfo(lcCalls).noquote() << "incoming call" << callControlId << "answered by" << name;
                         emit callAnswered(*record);
                         emit answeredHere(callControlId, name);
                         if (current)
                             stopRinging(*current, name);
                         m_telnyx->suppressionStart(callControlId, this, [](const TelnyxResult &) {});
                         api::sendData(shared, m_store->call(callControlId).value_or(*record).toJson());
                     });
}

void CallOffers::answeredElsewhere(const QString &callControlId, const QString &agent)
{
    Offer *offer = m_offers.value(callControlId);
    if (!offer || !offer->answeredBy.isEmpty())
        return;
    qCInfo(lcCalls).noquote() << "incoming call" << callControlId << "answered by" << agent << "on another instance";
    offer->answeredBy = agent;
    stopRinging(*offer, agent);
}

void CallOffers::stopRinging(Offer &offer, const QString &answeredBy)
{
    // The other desks stop ringing (the answerer's has its answer): CONTRACT §9.
    sendTo(offer, QStringLiteral("call.taken"), offer.ringing - QSet<QString>{answeredBy});
    offer.ringing.clear();
    stopTimers(offer);
}

void CallOffers::stopTimers(Offer &offer)
{
    if (offer.ringTimer)
        offer.ringTimer->stop();
    if (offer.stepTimer)
        offer.stepTimer->stop();
}

void CallOffers::decline(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder)
{
    Offer *offer = m_offers.value(callControlId);
    if (!offer) {
        declineOffered(caller, callControlId, std::move(responder));
        return;
    }
    if (!isOfferedTo(callControlId, caller.name)) {
        sendNotOffered(responder, callControlId);
        return;
    }
    if (!offer->answeredBy.isEmpty()) {
        sendAlreadyAnswered(responder, offer->answeredBy);
        return;
    }
    api::sendData(responder,
                  QJsonObject{{QStringLiteral("callControlId"), callControlId}, {QStringLiteral("declined"), true}});
    applyDecline(*offer, caller.name);
}

void CallOffers::declineOffered(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder)
{
    const std::optional<CallRecord> record = m_store->call(callControlId);
    if (!record || record->status != CallStatus::Ringing || record->missed ||
        !record->offeredTo.contains(caller.name)) {
        sendNotOffered(responder, callControlId);
        return;
    }
    if (!record->agentId.isEmpty()) {
        sendAlreadyAnswered(responder, record->agentId);
        return;
    }
    api::sendData(responder,
                  QJsonObject{{QStringLiteral("callControlId"), callControlId}, {QStringLiteral("declined"), true}});
    emit declinedHere(callControlId, caller.name); // the offering instance decides what follows
}

void CallOffers::declinedElsewhere(const QString &callControlId, const QString &agent)
{
    Offer *offer = m_offers.value(callControlId);
    if (offer && offer->answeredBy.isEmpty() && offer->ringing.contains(agent))
        applyDecline(*offer, agent);
}

void CallOffers::applyDecline(Offer &offer, const QString &name)
{
    offer.ringing.remove(name);
    if (!offer.ringing.isEmpty())
        return;
    if (m_options.strategy == RingStrategy::LongestIdle && ringNext(offer))
        return;
    giveUp(offer.callControlId, QStringLiteral("everyone offered declined"));
}

void CallOffers::giveUp(const QString &callControlId, const QString &why)
{
    Offer *offer = m_offers.value(callControlId);
    if (!offer || !offer->answeredBy.isEmpty() || offer->gaveUp)
        return;
    if (!m_store->claimMissed(callControlId)) {
        const std::optional<CallRecord> record = m_store->call(callControlId);
        if (record && !record->agentId.isEmpty()) {
            // Answered through another instance just now: its word is on its way.
            answeredElsewhere(callControlId, record->agentId);
        } else if (!record || (record->status != CallStatus::Ended && !record->missed)) {
            // The database is away: rejecting now could reject a call another instance is answering. The desks go on
            // ringing; the give-up is tried again each second until the database answers or the caller hangs up.
            qCWarning(lcCalls).noquote()
                << "incoming call" << callControlId
                << QStringLiteral("cannot be marked missed (%1): giving up again in 1 s").arg(m_store->lastError());
            QTimer::singleShot(kGiveUpRetryMs, this, [this, callControlId, why] { giveUp(callControlId, why); });
        }
        return;
    }
    offer->gaveUp = true;
    stopTimers(*offer);
    // The desks stop ringing now; the caller's hangup (or the transfer's) follows from Telnyx.
    sendTo(*offer, QStringLiteral("call.offer_ended"), offer->ringing);
    offer->ringing.clear();
    // TelnyxClient gives each action a fresh command_id.
    if (m_options.overflowTo.isEmpty()) {
        qCInfo(lcCalls).noquote() << "incoming call" << callControlId << "rejected:" << why;
        m_telnyx->action(callControlId, QStringLiteral("reject"),
                         {{QStringLiteral("cause"), QStringLiteral("USER_BUSY")}}, this, [](const TelnyxResult &) {});
    } else {
        qCInfo(lcCalls).noquote() << "incoming call" << callControlId << "transferred to" << m_options.overflowTo << ":"
                                  << why;
        m_telnyx->action(callControlId, QStringLiteral("transfer"), {{QStringLiteral("to"), m_options.overflowTo}},
                         this, [](const TelnyxResult &) {});
    }
}

void CallOffers::forget(const QString &callControlId)
{
    Offer *offer = m_offers.take(callControlId);
    if (!offer)
        return;
    if (offer->ringTimer)
        offer->ringTimer->deleteLater();
    if (offer->stepTimer)
        offer->stepTimer->deleteLater();
    delete offer;
}

} // namespace sb
