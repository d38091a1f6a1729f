// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"
#include "calls/CallRecord.h"
#include "users/Caller.h"

// Qt
#include <QHash>
#include <QHttpServerResponder>
#include <QObject>
#include <QSet>
#include <QStringList>

// C++
#include <functional>

class QTimer;

namespace sb {

class CallEventsHub;
class CallStore;
class PresenceBoard;
class TelnyxClient;

// Inbound calls waiting for someone to answer (CONTRACT §9): to whom each is offered, the first answer, declines,
// the ring timeout and the caller giving up. The calls' records and Telnyx do the rest; this keeps only the offers
// in progress, on the server's thread.
//
//   call.initiated (incoming) -> offer to the available users -> call.offered to them (and supervisors);
//     with longest-idle, to one at a time (the longest idle first), the next after --ring-step or a decline
//     answer by an offered user (or a supervisor/admin): the first wins (Telnyx answer with our stream), the others
//       get call.taken; a second answer 409 already_answered, nothing sent
//     every offered user declines / nobody available / --ring-timeout: Telnyx reject USER_BUSY (or transfer to
//       --overflow-to)
//     call.hangup while ringing: call.offer_ended to the offered desks; the record is missed, with who was offered
class CallOffers : public QObject {
    Q_OBJECT
public:
    struct Options {
        int ringTimeoutMs = 30'000;
        RingStrategy strategy = RingStrategy::All;
        int ringStepMs = 15'000; // each agent's turn with longest-idle
        QString overflowTo;      // E.164; empty = reject with USER_BUSY
    };

    CallOffers(CallStore *store, TelnyxClient *telnyx, PresenceBoard *presence, CallEventsHub *events,
               std::function<QString()> streamBaseUrl, Options options, QObject *parent = nullptr);
    ~CallOffers() override;

    // From the webhooks: an incoming call arrived (its record is ringing), or a call ended.
    void callArrived(const CallRecord &call, const QString &callerIdName);
    void callEnded(const CallRecord &call);

    // POST /api/calls/telnyx/:id/answer and /decline.
    void answer(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder);
    void decline(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder);

    // Another instance answered or was told a decline of a call offered from here (CONTRACT §8): the offer goes on as
    // if it had happened here.
    void answeredElsewhere(const QString &callControlId, const QString &agent);
    void declinedElsewhere(const QString &callControlId, const QString &agent);

    bool isOffered(const QString &callControlId) const { return m_offers.contains(callControlId); }
    bool isOfferedTo(const QString &callControlId, const QString &name) const;

signals:
    // The answer is about to go to Telnyx: like a dial, the call's media secret goes to the media gateway (only), and
    // before the request, since Telnyx may open the stream before its 200 arrives.
    void answering(const QString &callControlId, const QString &agentId, const QString &streamToken);
    // Telnyx refused the answer: that secret is void.
    void answerFailed(const QString &callControlId, const QString &streamToken);
    // Answered through Telnyx; `call` names the answering agent.
    void callAnswered(const sb::CallRecord &call);
    // An answer or decline taken here, for the instance that offers the call (it may be another).
    void answeredHere(const QString &callControlId, const QString &agent);
    void declinedHere(const QString &callControlId, const QString &agent);

private:
    struct Offer {
        QString callControlId;
        QJsonObject announcement; // call.offered's payload
        QStringList offeredTo;    // in the order offered; kept on the record
        QSet<QString> ringing;    // whose desks ring now (all strategy: every offered one who has not declined)
        QString answeredBy;       // set while the answer is under way or done
        bool gaveUp = false;      // rejected or sent to --overflow-to: no answer from now on
        QTimer *ringTimer = nullptr;
        QTimer *stepTimer = nullptr; // longest-idle: the current agent's turn
    };
    static void sendNotOffered(QHttpServerResponder &responder, const QString &callControlId);
    static void sendAlreadyAnswered(QHttpServerResponder &responder, const QString &answeredBy);
    // The answer of a call offered by another instance: the database says whether it rings for `caller`, and who
    // claims it first answers it (CallStore::claimAnswer).
    void answerOffered(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder);
    void declineOffered(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder);
    // The answer to Telnyx with this instance's stream, once the call is claimed for `name`.
    void sendAnswer(const QString &name, const QString &callControlId, QHttpServerResponder &&responder);
    // Someone answered: the other desks get call.taken, nothing rings any more, no timer runs.
    void stopRinging(Offer &offer, const QString &answeredBy);
    static void stopTimers(Offer &offer);
    // `name` no longer rings: the next agent's turn, or the offer gives up when nobody is left.
    void applyDecline(Offer &offer, const QString &name);
    // `type` to `users`' desks, and to supervisors' when `supervisorsToo`.
    void sendTo(const Offer &offer, const QString &type, const QSet<QString> &users, bool supervisorsToo = true);
    // Longest-idle: the next available agent not offered yet rings instead of the current one. False: nobody is left.
    bool ringNext(Offer &offer);
    // Nobody takes the call: reject it (or transfer it), and forget the offer.
    void giveUp(const QString &callControlId, const QString &why);
    void forget(const QString &callControlId);

    CallStore *m_store;
    TelnyxClient *m_telnyx;
    PresenceBoard *m_presence;
    CallEventsHub *m_events;
    std::function<QString()> m_streamBaseUrl;
    Options m_options;
    QHash<QString, Offer *> m_offers;
};

} // namespace sb
