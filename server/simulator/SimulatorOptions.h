// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringView>
#include <QUrl>

// C++
#include <optional>

namespace sb {

// What the simulated far end does with a dialed call. Chosen by the last three digits of the dialed number
// (SIP status codes where one fits, so the table is easy to remember), or forced for every call by
// SimulatorOptions::scenario. Webhooks in order; "cause/source/SIP" are call.hangup's fields.
//
// | ends in | scenario        | what happens                                                                   |
// |---------|-----------------|--------------------------------------------------------------------------------|
// | 486     | Busy            | initiated; after ringDelayMs/3: hangup user_busy/callee/486                    |
// | 408     | NoAnswer        | initiated; rings until the no-answer timeout: hangup timeout/caller/487        |
// |         |                 | (no_answer instead of timeout when the dial says retry_on_timeout=false)       |
// | 603     | Rejected        | initiated; after ringDelayMs: hangup call_rejected/callee/603                  |
// | 502     | StreamingFailed | as Answered, but streaming.failed (connection_failed) and no media             |
// | 777     | LongCall        | as Answered; the customer talks for longCallDurationMs (10 min)                |
// | other   | Answered        | initiated; after ringDelayMs answered, streaming.started, media; ends with a   |
// |         |                 | hangup action (normal_clearing/caller/200) or after callDurationMs when set    |
// |         |                 | (normal_clearing/callee/200)                                                   |
//
// In every scenario a hangup action while ringing gives originator_cancel/caller/487, and the dial's
// time_limit_secs gives time_limit/unknown.
enum class SimScenario { Answered, Busy, NoAnswer, Rejected, StreamingFailed, LongCall };

QString simScenarioName(SimScenario scenario); // "answered", "busy", "no_answer", "rejected", ...
std::optional<SimScenario> simScenarioFromName(QStringView name);
SimScenario simScenarioForNumber(QStringView dialedNumber);

// Faults to inject, for tests of how Switchboard copes with what Telnyx is allowed to do (docs/telnyx.md §2, §5).
// All off by default. Random choices come from `seed`, so a failing run can be repeated.
struct SimulatorFaults {
    // Webhooks
    bool duplicateWebhooks = false;  // every event is delivered a second time (same data.id) after the first succeeded
    bool outOfOrderWebhooks = false; // a call's events are held until it ends, then delivered newest first
    int badSignatureAttempts = 0;    // the first N attempts of every event are signed with a wrong key, so a correct
                                     // receiver refuses them and the event is retried (meta.attempt counts up)

    // Media, on the inbound track (the customer's voice)
    double mediaLossRate = 0.0;    // share of frames never sent; their sequence_number and chunk are skipped
    double mediaReorderRate = 0.0; // share of frames sent just after the frame that follows them
    double mediaLateRate = 0.0;    // share of frames held back by mediaLateMs (arriving after later frames)
    int mediaLateMs = 200;
    int mediaJitterMs = 0;          // every frame leaves up to this many ms after its 20 ms slot
    int dropMediaSocketAfterMs = 0; // the media socket is aborted (no stop frame, no close handshake) this long
                                    // after it opened; 0 = never. The call goes on; streaming.stopped follows.

    quint32 seed = 1;
};

// Everything the simulator is told. The defaults are Telnyx's own timings where Telnyx documents them.
struct SimulatorOptions {
    QUrl webhookUrl; // where webhooks go (Switchboard's /api/calls/telnyx/webhook); may be set later
    // More of them: webhooks are spread over all, round robin, as a load balancer in front of several instances would
    // (an attempt that fails is retried at the next one).
    QList<QUrl> moreWebhookUrls;
    QString apiKey = QStringLiteral("KEY_SIMULATOR");              // the Bearer key the REST API accepts
    QString applicationId = QStringLiteral("2811212257810187875"); // the only connection_id accepted by a dial
    QHostAddress listenAddress{QHostAddress::LocalHost};
    quint16 port = 0; // 0: any free port (see TelnyxSimulator::apiBase())

    int ringDelayMs = 1500;          // dial -> answered (or rejected)
    int callDurationMs = 0;          // Answered: the customer hangs up after this long; 0 = stays until hung up
    int longCallDurationMs = 600000; // LongCall: 10 minutes
    int noAnswerTimeoutMs = 0;       // NoAnswer: 0 = the dial's timeout_secs (30 s when not given)
    int webhookTimeoutMs = 2000;     // Telnyx gives up on an attempt after 2 s and retries
    QList<int> webhookRetryDelaysMs{1000, 2000, 5000}; // backoff before attempt 2, 3, ...; at most 5 retries
    std::optional<SimScenario> scenario;               // forces one scenario for every call, whatever number is dialed

    // Incoming calls for the demo: a customer (a random +1555 number, "Demo Customer") calls the application's
    // number every incomingEveryMs, only while a webhook URL is set; 0 = never (tests and curl place their own).
    // Each caller hangs up after incomingGiveUpAfterMs if still parked (originator_cancel); 0 = waits for ever.
    int incomingEveryMs = 0;
    int incomingGiveUpAfterMs = 0;

    SimulatorFaults faults;
};

} // namespace sb
