// SPDX-License-Identifier: MIT
#pragma once

#include "simulator/MediaStreamClient.h"
#include "simulator/SimulatorOptions.h"

// Qt
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

// C++
#include <memory>
#include <optional>

class QTimer;

namespace sb {

class CustomerClip;
class SimulatedCall;
class SimulatorRestApi;
class WebhookSender;
struct DialParams;
struct IncomingParams;

// A Telnyx that runs on loopback, for `switchboard --demo` and for tests of the whole flow. Faithful to
// docs/telnyx.md: Telnyx's REST paths, Bearer check and error bodies (SimulatorRestApi), webhooks
// signed with an Ed25519 key pair made for this run and retried like Telnyx's (WebhookSender), one scripted
// far end per dialed call (SimulatedCall, scenarios in SimulatorOptions.h), and a media-streaming WebSocket
// client that plays the bundled customer clip and echoes what it is sent (MediaStreamClient).
//
// Wiring Switchboard to it (what --demo does):
//   TelnyxSimulator sim(options);  sim.start(&error);
//   config.apiBase = sim.apiBase(); config.apiKey = sim.apiKey();
//   config.applicationId = sim.applicationId(); config.publicKey = sim.publicKeyBase64();
//   server.start(...);  sim.setWebhookUrl(QUrl(server.listenUrl() + paths::kWebhook));
// The simulator must start first (Switchboard needs its URL and keys), and learns the webhook URL afterwards
// because Switchboard's port may be chosen by the OS.
//
// Threading: everything runs on the thread that owns the simulator; it may share that event loop with
// Switchboard itself (all I/O is asynchronous).
class TelnyxSimulator : public QObject {
    Q_OBJECT
public:
    // A copy of one call's state, for tests and for the --demo summary.
    struct CallSnapshot {
        QString callControlId;
        QString to;
        QString from;
        SimScenario scenario = SimScenario::Answered;
        QString direction; // "outgoing" (dialed) or "incoming"
        QString callerIdName;
        QString state; // "ringing" (parked, for an incoming call), "answered", "ended"
        QString hangupCause;
        QString hangupSource;
        QString noiseSuppression; // the direction asked for, empty when off
        bool streaming = false;
        qint64 durationSeconds = 0;
        MediaStreamClient::Stats media;
        QString transferredTo;      // the `to` of an accepted transfer
        QString endTime;            // call.hangup's end_time; empty while up
        QJsonObject lastAnswerBody; // the body of the accepted actions/answer, empty when none
        QJsonObject lastRejectBody;
    };

    explicit TelnyxSimulator(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~TelnyxSimulator() override;

    // Starts the REST API (options.port, 0 = any free port). On failure *error says why.
    bool start(QString *error);
    bool isRunning() const { return m_port != 0; }

    QUrl apiBase() const;            // "http://127.0.0.1:PORT/v2": Switchboard's TELNYX_API_BASE
    QString apiKey() const;          // TELNYX_API_KEY
    QString applicationId() const;   // TELNYX_APPLICATION_ID (the connection_id a dial must carry)
    QString publicKeyBase64() const; // TELNYX_PUBLIC_KEY: verifies this run's webhook signatures

    void setWebhookUrl(const QUrl &url);
    QUrl webhookUrl() const;

    const SimulatorOptions &options() const { return m_options; }
    // Webhook faults apply at once; media faults to streams opened from now on.
    void setFaults(const SimulatorFaults &faults) { m_options.faults = faults; }

    // A customer calls the application: call.initiated (incoming, parked, PROTOCOL §7.2) goes to the webhook URL,
    // then the call waits for answer, reject, transfer or hangup. giveUpAfterMs > 0: the caller hangs up then if
    // still parked; < 0: options().incomingGiveUpAfterMs. Returns the call_control_id; empty when no webhook URL
    // is set (nobody would hear of the call). Empty `from` picks a random customer number, empty `to` the demo's.
    QString placeIncomingCall(const QString &from = {}, const QString &to = {}, const QString &callerIdName = {},
                              int giveUpAfterMs = -1);

    QStringList callIds() const; // every call placed or received, oldest first
    std::optional<CallSnapshot> call(const QString &callControlId) const;
    int pendingWebhooks() const; // events not yet delivered or given up

signals:
    void callStarted(const QString &callControlId, const QString &to, sb::SimScenario scenario); // dialed calls
    void incomingCallPlaced(const QString &callControlId, const QString &from);
    void callAnswered(const QString &callControlId);
    void streamingStarted(const QString &callControlId);
    void streamingStopped(const QString &callControlId);
    void streamingFailed(const QString &callControlId, const QString &reason);
    void callEnded(const QString &callControlId, const QString &hangupCause, const QString &hangupSource);
    // One 20 ms PCMU payload Switchboard sent on the call's media stream (the agent's voice).
    void agentAudio(const QString &callControlId, const QByteArray &pcmu);
    void webhookDelivered(const QString &eventType, const QString &eventId, int attempt, int httpStatus);
    // httpStatus 0: no answer within the timeout, or the receiver was unreachable.
    void webhookAttemptFailed(const QString &eventType, const QString &eventId, int attempt, int httpStatus);
    void webhookGaveUp(const QString &eventType, const QString &eventId, int attempts);

private:
    static constexpr int kEndedCallsKept = 256; // for 90018 answers; older ones are forgotten (then 90015)

    SimulatedCall *placeCall(const DialParams &dial);
    SimulatedCall *placeIncoming(const IncomingParams &incoming);
    SimulatedCall *addCall(const DialParams &dial, SimScenario scenario, bool incoming);
    SimulatedCall *findCall(const QString &callControlId) const;
    void forgetOldCalls();

    SimulatorOptions m_options;
    QString m_userId;
    std::unique_ptr<CustomerClip> m_clip;
    WebhookSender *m_webhooks = nullptr;
    SimulatorRestApi *m_rest = nullptr;
    quint16 m_port = 0;
    QHash<QString, SimulatedCall *> m_calls; // children of this
    QStringList m_order;
    quint32 m_callsPlaced = 0;         // ever, for the media fault seeds
    QTimer *m_incomingTimer = nullptr; // options.incomingEveryMs
};

} // namespace sb
