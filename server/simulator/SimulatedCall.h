// SPDX-License-Identifier: MIT
#pragma once

#include "simulator/MediaStreamClient.h"
#include "simulator/SimulatorOptions.h"
#include "simulator/SimulatorRequests.h"

// Qt
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

// C++
#include <chrono>
#include <optional>

namespace sb {

class CustomerClip;
class WebhookSender;

// One call's scripted life on the far side: a small state machine driven by timers and by the REST actions, which
// speaks only through webhooks (WebhookSender) and its media stream (MediaStreamClient).
//
// A dialed (outgoing) call:
//   Ringing --ring delay--> Answered --customer hangs up / hangup action / time limit--> Ended
//      \--busy / rejected / no answer / hangup action (originator_cancel) / time limit----^
//
// An incoming call (a customer calling the application's number, PROTOCOL §7), parked until the application acts:
//   Ringing (parked) --answer action--> Answered --customer hangs up / hangup action--> Ended
//      \--reject (user_busy/486, call_rejected/603) / transfer (handed on: normal_clearing) /
//          the caller gives up (originator_cancel/caller/487) / hangup action (call_rejected/603)--------^
//
// Webhooks, in order: call.initiated; then call.answered, streaming.started (once the media socket is open) or
// streaming.failed; call.dtmf.received for each digit the customer presses; at the end the `stop` frame,
// streaming.stopped, and call.hangup with cause, source, SIP cause, start/end time and call_quality_stats.
// Once ended it stays ended: every later action is refused by the REST layer (90018).
class SimulatedCall : public QObject {
    Q_OBJECT
public:
    enum class State { Ringing, Answered, Ended };

    // What every call shares; owned by TelnyxSimulator, which outlives its calls.
    struct Context {
        WebhookSender *webhooks = nullptr;
        const CustomerClip *clip = nullptr;
        const SimulatorOptions *options = nullptr;
        QString userId;        // the simulated Telnyx account, in the media `start` frame
        quint32 mediaSeed = 1; // this call's media faults draw from seed + streams opened so far
    };

    enum class Direction { Outgoing, Incoming };

    // `dial` describes the call either way: for an incoming call `from` is the customer, `to` the application's
    // number, `fromDisplayName` the caller_id_name and `connectionId` the application id.
    SimulatedCall(DialParams dial, SimScenario scenario, const Context &context, QObject *parent = nullptr,
                  Direction direction = Direction::Outgoing);
    ~SimulatedCall() override;

    // Sends call.initiated (on the next event-loop turn, after the dial has been answered) and starts the script.
    void start();
    // An incoming call: sends call.initiated (incoming, parked) on the next event-loop turn and waits for the
    // application. giveUpAfterMs > 0: the caller hangs up then if the call is still parked.
    void startIncoming(int giveUpAfterMs);

    // REST actions. The REST layer has validated the body and checked the state.
    void hangup(); // by the API: the application's side hangs up
    // Incoming calls, parked: the REST layer has checked the state. `stream` is the answer's stream_* fields.
    void answerIncoming(const std::optional<StreamRequest> &stream);
    void reject(const QString &cause); // "USER_BUSY" or "CALL_REJECTED"
    void transfer(const QString &to);  // the call is handed on to `to`; our leg ends after kTransferMs
    void rememberRequest(const QString &action, const QJsonObject &body) { m_lastRequests.insert(action, body); }

    // A transfer's leg is handed on and hung up this long after the action: long enough that the 200 reaches the
    // application first, as at Telnyx, where the hangup follows the bridge.
    static constexpr int kTransferMs = 200;
    // An answered incoming call's media stream connects this long after the answer action was accepted. Telnyx
    // answers the SIP leg first and then connects to stream_url, so the application has the answer's 200 before the
    // stream arrives; connecting within the REST handler would beat the 200 to the application (over loopback).
    static constexpr int kStreamSetupMs = 50;
    void sendDtmf(const QString &digits, int durationMs); // the customer presses each digit back
    void startStreaming(const StreamRequest &stream);     // replaces a running stream
    void stopStreaming();
    void setClientState(const QJsonValue &clientState) { m_clientState = clientState; }
    void setNoiseSuppression(const QString &direction) { m_noiseSuppression = direction; } // empty = off

    State state() const { return m_state; }
    Direction direction() const { return m_direction; }
    bool isIncoming() const { return m_direction == Direction::Incoming; }
    QString transferredTo() const { return m_transferredTo; }
    QString endTime() const { return m_endTime; } // empty while the call is up
    QJsonValue clientState() const { return m_clientState; }
    // The last request body of each action ("answer", "reject", ...), for tests that check what was sent.
    QJsonObject lastRequest(const QString &action) const { return m_lastRequests.value(action); }
    bool isEnded() const { return m_state == State::Ended; }
    SimScenario scenario() const { return m_scenario; }
    const DialParams &dial() const { return m_dial; }
    QString callControlId() const { return m_callControlId; }
    QString callLegId() const { return m_callLegId; }
    QString callSessionId() const { return m_callSessionId; }
    QString startTime() const { return m_startTime; }
    QString hangupCause() const { return m_hangupCause; }
    QString hangupSource() const { return m_hangupSource; }
    QString noiseSuppression() const { return m_noiseSuppression; }
    bool isStreaming() const { return m_media && m_media->isStreaming(); }
    MediaStreamClient::Stats mediaStats() const; // all streams of the call so far
    qint64 durationSeconds() const;              // answered -> now or end; 0 when never answered

signals:
    void answered();
    void streamingStarted();
    void streamingStopped();
    void streamingFailed(const QString &reason);
    void ended(const QString &hangupCause, const QString &hangupSource);
    void agentAudio(const QByteArray &pcmu);

private:
    QJsonObject basePayload() const;
    void emitWebhook(const QString &eventType, const QJsonObject &payload);
    void answer();
    void announce(); // call.initiated
    void openStream(const StreamRequest &stream);
    void closeStream(bool sendStop);
    void pressNextDigit();
    void end(const QString &cause, const QString &source, const QString &sipCause);
    QJsonValue qualityStats() const;

    DialParams m_dial;
    SimScenario m_scenario;
    Direction m_direction = Direction::Outgoing;
    QString m_transferredTo;
    QString m_endTime;
    QHash<QString, QJsonObject> m_lastRequests;
    Context m_context;
    QString m_callControlId;
    QString m_callLegId;
    QString m_callSessionId;
    QString m_startTime;
    QJsonValue m_clientState;
    QString m_noiseSuppression;
    State m_state = State::Ringing;
    std::chrono::steady_clock::time_point m_answeredAt;
    std::chrono::steady_clock::time_point m_endedAt;
    QString m_hangupCause;
    QString m_hangupSource;

    QTimer m_scriptTimer;    // ringing -> next step; answered -> the customer hangs up
    QTimer m_timeLimitTimer; // time_limit_secs from the dial
    QTimer m_dtmfTimer;
    QString m_pendingDigits;
    int m_dtmfDurationMs = 250;

    std::optional<StreamRequest> m_stream; // the stream asked for (dial or streaming_start)
    QPointer<MediaStreamClient> m_media;
    MediaStreamClient::Stats m_pastStreams; // totals of streams already closed
    quint32 m_streamsOpened = 0;
};

} // namespace sb
