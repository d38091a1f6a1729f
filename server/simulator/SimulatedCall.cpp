// SPDX-License-Identifier: MIT
#include "simulator/SimulatedCall.h"

#include "simulator/SimulatorLogging.h"
#include "simulator/TelnyxFormats.h"
#include "simulator/WebhookSender.h"

#include <QJsonArray>

#include <algorithm>

namespace sb {

namespace {

void addStats(MediaStreamClient::Stats &total, const MediaStreamClient::Stats &more)
{
    total.inboundSent += more.inboundSent;
    total.inboundLost += more.inboundLost;
    total.outboundReceived += more.outboundReceived;
    total.outboundEchoed += more.outboundEchoed;
    total.malformedReceived += more.malformedReceived;
    total.dtmfSent += more.dtmfSent;
}

} // namespace

SimulatedCall::SimulatedCall(DialParams dial, SimScenario scenario, const Context &context, QObject *parent,
                             Direction direction)
    : QObject(parent)
    , m_dial(std::move(dial))
    , m_scenario(scenario)
    , m_direction(direction)
    , m_context(context)
    , m_callControlId(telnyx::newCallControlId())
    , m_callLegId(telnyx::newUuid())
    , m_callSessionId(telnyx::newUuid())
    , m_startTime(telnyx::nowIsoMicros())
    , m_clientState(m_dial.clientState)
    , m_stream(m_dial.stream)
{
    m_scriptTimer.setSingleShot(true);
    m_timeLimitTimer.setSingleShot(true);
    m_dtmfTimer.setSingleShot(true);
    connect(&m_dtmfTimer, &QTimer::timeout, this, &SimulatedCall::pressNextDigit);
    connect(&m_timeLimitTimer, &QTimer::timeout, this,
            [this] { end(QStringLiteral("time_limit"), QStringLiteral("unknown"), QStringLiteral("unspecified")); });
}

SimulatedCall::~SimulatedCall()
{
    if (m_media)
        m_media->disconnect(this);
}

QJsonObject SimulatedCall::basePayload() const
{
    return QJsonObject{{QStringLiteral("call_control_id"), m_callControlId},
                       {QStringLiteral("call_leg_id"), m_callLegId},
                       {QStringLiteral("call_session_id"), m_callSessionId},
                       {QStringLiteral("connection_id"), m_dial.connectionId},
                       {QStringLiteral("client_state"), m_clientState}};
}

void SimulatedCall::emitWebhook(const QString &eventType, const QJsonObject &payload)
{
    m_context.webhooks->send(m_callControlId, eventType, payload, m_dial.webhookUrl);
}

void SimulatedCall::start()
{
    const SimulatorOptions &options = *m_context.options;
    const int ring = std::max(0, options.ringDelayMs);
    qCInfo(lcSimulator).noquote() << "call" << m_callControlId << "to" << m_dial.to << "-"
                                  << simScenarioName(m_scenario);

    QTimer::singleShot(0, this, &SimulatedCall::announce);

    switch (m_scenario) {
    case SimScenario::Busy:
        // A busy line answers 486 at once; a third of the ring delay stands for the signalling round trip.
        connect(&m_scriptTimer, &QTimer::timeout, this,
                [this] { end(QStringLiteral("user_busy"), QStringLiteral("callee"), QStringLiteral("486")); });
        m_scriptTimer.start(ring / 3);
        break;
    case SimScenario::Rejected:
        connect(&m_scriptTimer, &QTimer::timeout, this,
                [this] { end(QStringLiteral("call_rejected"), QStringLiteral("callee"), QStringLiteral("603")); });
        m_scriptTimer.start(ring);
        break;
    case SimScenario::NoAnswer: {
        // Telnyx gives up after timeout_secs and cancels the INVITE (SIP 487); retry_on_timeout=false reports
        // that as no_answer instead of timeout (docs/telnyx.md §2.3).
        const int timeoutMs = options.noAnswerTimeoutMs > 0 ? options.noAnswerTimeoutMs : m_dial.timeoutSecs * 1000;
        connect(&m_scriptTimer, &QTimer::timeout, this, [this] {
            end(m_dial.retryOnTimeout ? QStringLiteral("timeout") : QStringLiteral("no_answer"),
                QStringLiteral("caller"), QStringLiteral("487"));
        });
        m_scriptTimer.start(timeoutMs);
        break;
    }
    case SimScenario::Answered:
    case SimScenario::StreamingFailed:
    case SimScenario::LongCall:
        connect(&m_scriptTimer, &QTimer::timeout, this, &SimulatedCall::answer);
        m_scriptTimer.start(ring);
        break;
    }
    m_timeLimitTimer.start(m_dial.timeLimitSecs * 1000);
}

void SimulatedCall::announce()
{
    if (m_state == State::Ended) // hung up before it even started
        return;
    QJsonObject payload = basePayload();
    payload.insert(QStringLiteral("from"), m_dial.from);
    payload.insert(QStringLiteral("to"), m_dial.to);
    payload.insert(QStringLiteral("start_time"), m_startTime);
    payload.insert(QStringLiteral("caller_id_name"),
                   m_dial.fromDisplayName.isEmpty() ? m_dial.from : m_dial.fromDisplayName);
    payload.insert(QStringLiteral("custom_headers"), QJsonArray());
    payload.insert(QStringLiteral("sip_headers"), QJsonArray());
    payload.insert(QStringLiteral("tags"), QJsonArray());
    if (isIncoming()) {
        // As a real inbound call arrives (PROTOCOL §7.2, the captured example): parked until the application acts,
        // no client_state yet, the carrier's codecs and SIP URIs.
        payload.insert(QStringLiteral("direction"), QStringLiteral("incoming"));
        payload.insert(QStringLiteral("state"), QStringLiteral("parked"));
        payload.insert(QStringLiteral("offered_codecs"), QStringLiteral("PCMU,PCMA"));
        payload.insert(QStringLiteral("connection_codecs"), QStringLiteral("PCMU,PCMA,G722"));
        payload.insert(QStringLiteral("calling_party_type"), QStringLiteral("pstn"));
        payload.insert(QStringLiteral("from_sip_uri"), m_dial.from.mid(1) + QStringLiteral("@127.0.0.1:5060"));
        payload.insert(QStringLiteral("to_sip_uri"), m_dial.to + QStringLiteral("@127.0.0.1:5060"));
        payload.insert(QStringLiteral("shaken_stir_attestation"), QStringLiteral("A"));
        payload.insert(QStringLiteral("shaken_stir_validated"), true);
    } else {
        payload.insert(QStringLiteral("direction"), QStringLiteral("outgoing"));
        payload.insert(QStringLiteral("state"), QStringLiteral("bridging"));
    }
    emitWebhook(QStringLiteral("call.initiated"), payload);
}

void SimulatedCall::startIncoming(int giveUpAfterMs)
{
    qCInfo(lcSimulator).noquote() << "incoming call" << m_callControlId << "from" << m_dial.from << "to" << m_dial.to;
    QTimer::singleShot(0, this, &SimulatedCall::announce);
    if (giveUpAfterMs > 0) {
        // The customer hears ringback until the application answers; after this long they hang up (OBS2 in
        // PROTOCOL §7.5: originator_cancel, caller, SIP 487 Request Terminated).
        connect(&m_scriptTimer, &QTimer::timeout, this, [this] {
            if (m_state == State::Ringing && m_transferredTo.isEmpty())
                end(QStringLiteral("originator_cancel"), QStringLiteral("caller"), QStringLiteral("487"));
        });
        m_scriptTimer.start(giveUpAfterMs);
    }
    m_timeLimitTimer.start(m_dial.timeLimitSecs * 1000);
}

void SimulatedCall::answerIncoming(const std::optional<StreamRequest> &stream)
{
    if (m_state != State::Ringing || !isIncoming())
        return;
    m_stream = stream;
    answer();
}

void SimulatedCall::reject(const QString &cause)
{
    // Inferred (PROTOCOL §7.4 leaves it unconfirmed): the SIP answer a reject stands for, 486 Busy Here or
    // 603 Decline, reported as the callee's (the application's) hang-up.
    if (cause == QLatin1String("USER_BUSY"))
        end(QStringLiteral("user_busy"), QStringLiteral("callee"), QStringLiteral("486"));
    else
        end(QStringLiteral("call_rejected"), QStringLiteral("callee"), QStringLiteral("603"));
}

void SimulatedCall::transfer(const QString &to)
{
    // Modelled simply: Telnyx would dial `to` and bridge the caller to it; here the caller is handed on and our
    // leg ends as a normal hang-up, without the new leg's own webhooks.
    m_transferredTo = to;
    m_scriptTimer.stop();
    QTimer::singleShot(kTransferMs, this, [this] {
        end(QStringLiteral("normal_clearing"), QStringLiteral("callee"), QStringLiteral("200"));
    });
}

void SimulatedCall::answer()
{
    if (m_state != State::Ringing)
        return;
    m_state = State::Answered;
    m_answeredAt = std::chrono::steady_clock::now();
    QJsonObject payload = basePayload();
    payload.insert(QStringLiteral("from"), m_dial.from);
    payload.insert(QStringLiteral("to"), m_dial.to);
    payload.insert(QStringLiteral("start_time"), m_startTime);
    payload.insert(QStringLiteral("state"), QStringLiteral("answered"));
    payload.insert(QStringLiteral("custom_headers"), QJsonArray());
    payload.insert(QStringLiteral("sip_headers"), QJsonArray());
    payload.insert(QStringLiteral("tags"), QJsonArray());
    emitWebhook(QStringLiteral("call.answered"), payload);
    emit answered();

    // The customer's own hang-up, if the script has one.
    const SimulatorOptions &options = *m_context.options;
    const int talk = m_scenario == SimScenario::LongCall ? options.longCallDurationMs : options.callDurationMs;
    m_scriptTimer.stop();
    m_scriptTimer.disconnect(this);
    if (talk > 0) {
        // The customer is the callee of a dialed call and the caller of an incoming one.
        const QString customer = isIncoming() ? QStringLiteral("caller") : QStringLiteral("callee");
        connect(&m_scriptTimer, &QTimer::timeout, this,
                [this, customer] { end(QStringLiteral("normal_clearing"), customer, QStringLiteral("200")); });
        m_scriptTimer.start(talk);
    }

    if (m_stream && isIncoming()) {
        QTimer::singleShot(kStreamSetupMs, this, [this] {
            if (m_state == State::Answered && m_stream && !m_media) // not replaced by a streaming_start meanwhile
                openStream(*m_stream);
        });
    } else if (m_stream) {
        openStream(*m_stream);
    }
    if (!m_dial.dtmfOnAnswer.isEmpty())
        sendDtmf(m_dial.dtmfOnAnswer, 250);
}

void SimulatedCall::openStream(const StreamRequest &stream)
{
    const QString streamId = telnyx::newUuid();
    if (m_scenario == SimScenario::StreamingFailed) {
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("failure_reason"), QStringLiteral("connection_failed"));
        payload.insert(QStringLiteral("stream_id"), streamId);
        payload.insert(QStringLiteral("stream_type"), QStringLiteral("websocket"));
        payload.insert(QStringLiteral("stream_params"), QJsonObject{{QStringLiteral("stream_url"), stream.url},
                                                                    {QStringLiteral("track"), stream.track}});
        emitWebhook(QStringLiteral("streaming.failed"), payload);
        emit streamingFailed(QStringLiteral("connection_failed"));
        return;
    }

    MediaStreamParams params;
    params.url = QUrl(stream.url);
    params.authToken = stream.authToken;
    params.streamId = streamId;
    params.userId = m_context.userId;
    params.callControlId = m_callControlId;
    params.callSessionId = m_callSessionId;
    params.from = m_dial.from;
    params.to = m_dial.to;
    params.clientState = m_clientState;
    params.customParameters = stream.customParameters;
    params.track = stream.track;
    params.bidirectionalRtp = stream.bidirectionalMode == QLatin1String("rtp");
    // Each stream draws from its own seed, derived from the run's seed and the order of calls and streams, so two
    // calls do not lose the same frames and a run with the same seed and the same dials repeats itself.
    SimulatorFaults faults = m_context.options->faults;
    faults.seed = m_context.mediaSeed + 7919u * m_streamsOpened++;
    auto *media = new MediaStreamClient(params, m_context.clip, faults, this);
    m_media = media;
    connect(media, &MediaStreamClient::opened, this, [this, stream] {
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("stream_url"), stream.url);
        emitWebhook(QStringLiteral("streaming.started"), payload);
        emit streamingStarted();
    });
    connect(media, &MediaStreamClient::failed, this, [this, media, stream, streamId](const QString &reason) {
        addStats(m_pastStreams, media->stats());
        media->disconnect(this);
        media->stop();
        if (m_media == media)
            m_media = nullptr;
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("failure_reason"), reason);
        payload.insert(QStringLiteral("stream_id"), streamId);
        payload.insert(QStringLiteral("stream_type"), QStringLiteral("websocket"));
        payload.insert(QStringLiteral("stream_params"), QJsonObject{{QStringLiteral("stream_url"), stream.url},
                                                                    {QStringLiteral("track"), stream.track}});
        emitWebhook(QStringLiteral("streaming.failed"), payload);
        emit streamingFailed(reason);
    });
    connect(media, &MediaStreamClient::lost, this, [this, media, stream](const QString &) {
        // Inferred (Telnyx does not document it): a media socket that goes away mid-call ends the stream, not the
        // call; the application learns of it from streaming.stopped.
        addStats(m_pastStreams, media->stats());
        media->disconnect(this);
        media->stop();
        if (m_media == media)
            m_media = nullptr;
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("stream_url"), stream.url);
        emitWebhook(QStringLiteral("streaming.stopped"), payload);
        emit streamingStopped();
    });
    connect(media, &MediaStreamClient::agentAudio, this, &SimulatedCall::agentAudio);
    media->open();
}

void SimulatedCall::closeStream(bool sendStop)
{
    if (!m_media)
        return;
    MediaStreamClient *media = m_media;
    m_media = nullptr;
    const bool wasStreaming = media->isStreaming();
    addStats(m_pastStreams, media->stats());
    media->disconnect(this);
    media->stop(); // the `stop` frame first: Telnyx sends it before streaming.stopped
    if (wasStreaming && sendStop) {
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("stream_url"), media->params().url.toString());
        emitWebhook(QStringLiteral("streaming.stopped"), payload);
        emit streamingStopped();
    }
}

void SimulatedCall::startStreaming(const StreamRequest &stream)
{
    if (m_state != State::Answered)
        return;
    closeStream(true); // one stream per call: a new one replaces the old
    m_stream = stream;
    openStream(stream);
}

void SimulatedCall::stopStreaming()
{
    closeStream(true);
    m_stream.reset();
}

void SimulatedCall::hangup()
{
    if (isIncoming()) {
        // The application is the callee: hanging up a parked call declines it (as SIP 603), an answered one ends.
        if (m_state == State::Ringing)
            end(QStringLiteral("call_rejected"), QStringLiteral("callee"), QStringLiteral("603"));
        else
            end(QStringLiteral("normal_clearing"), QStringLiteral("callee"), QStringLiteral("200"));
        return;
    }
    if (m_state == State::Ringing)
        end(QStringLiteral("originator_cancel"), QStringLiteral("caller"), QStringLiteral("487"));
    else
        end(QStringLiteral("normal_clearing"), QStringLiteral("caller"), QStringLiteral("200"));
}

void SimulatedCall::sendDtmf(const QString &digits, int durationMs)
{
    m_dtmfDurationMs = durationMs;
    m_pendingDigits += digits;
    if (!m_dtmfTimer.isActive())
        m_dtmfTimer.start(0);
}

void SimulatedCall::pressNextDigit()
{
    // Each tone lasts duration_millis; 'w' and 'W' are Telnyx's 0.5 s and 1 s pauses. When a tone has played,
    // the simulated customer presses the same key back: a `dtmf` media frame and a call.dtmf.received webhook.
    // (send_dtmf itself produces no webhook at Telnyx; the echo is the customer's own keypress.)
    if (m_state != State::Answered || m_pendingDigits.isEmpty()) {
        m_pendingDigits.clear();
        return;
    }
    const QChar digit = m_pendingDigits.front();
    m_pendingDigits.remove(0, 1);
    if (digit == QLatin1Char('w') || digit == QLatin1Char('W')) {
        m_dtmfTimer.start(digit == QLatin1Char('w') ? 500 : 1000);
        return;
    }
    QTimer::singleShot(m_dtmfDurationMs, this, [this, digit] {
        if (m_state != State::Answered)
            return;
        if (m_media)
            m_media->sendDtmf(digit);
        QJsonObject payload = basePayload();
        payload.insert(QStringLiteral("digit"), QString(digit));
        payload.insert(QStringLiteral("from"), m_dial.from);
        payload.insert(QStringLiteral("to"), m_dial.to);
        emitWebhook(QStringLiteral("call.dtmf.received"), payload);
        if (!m_pendingDigits.isEmpty())
            m_dtmfTimer.start(0);
    });
}

MediaStreamClient::Stats SimulatedCall::mediaStats() const
{
    MediaStreamClient::Stats total = m_pastStreams;
    if (m_media)
        addStats(total, m_media->stats());
    return total;
}

qint64 SimulatedCall::durationSeconds() const
{
    if (m_answeredAt == std::chrono::steady_clock::time_point())
        return 0;
    const auto until = m_state == State::Ended ? m_endedAt : std::chrono::steady_clock::now();
    return std::chrono::duration_cast<std::chrono::seconds>(until - m_answeredAt).count();
}

QJsonValue SimulatedCall::qualityStats() const
{
    if (m_answeredAt == std::chrono::steady_clock::time_point())
        return QJsonValue::Null; // no media ever flowed
    const MediaStreamClient::Stats stats = mediaStats();
    const quint64 made = stats.inboundSent + stats.inboundLost;
    const double lossShare = made ? double(stats.inboundLost) / double(made) : 0.0;
    // A rough E-model flavour: 4.5 for a clean line, minus about a point per 10 % loss.
    const double mos = std::clamp(4.5 - 10.0 * lossShare, 1.0, 4.5);
    const QJsonObject inbound{{QStringLiteral("mos"), QString::number(mos, 'f', 2)},
                              {QStringLiteral("jitter_max_variance"),
                               QString::number(double(m_context.options->faults.mediaJitterMs), 'f', 2)},
                              {QStringLiteral("jitter_packet_count"), QString::number(stats.inboundSent)},
                              {QStringLiteral("packet_count"), QString::number(stats.inboundSent)},
                              {QStringLiteral("skip_packet_count"), QString::number(stats.inboundLost)}};
    const QJsonObject outbound{{QStringLiteral("packet_count"), QString::number(stats.outboundReceived)},
                               {QStringLiteral("skip_packet_count"), QStringLiteral("0")}};
    return QJsonObject{{QStringLiteral("inbound"), inbound}, {QStringLiteral("outbound"), outbound}};
}

void SimulatedCall::end(const QString &cause, const QString &source, const QString &sipCause)
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    m_endedAt = std::chrono::steady_clock::now();
    m_hangupCause = cause;
    m_hangupSource = source;
    m_scriptTimer.stop();
    m_timeLimitTimer.stop();
    m_dtmfTimer.stop();
    m_pendingDigits.clear();
    closeStream(true);

    QJsonObject payload = basePayload();
    payload.insert(QStringLiteral("from"), m_dial.from);
    payload.insert(QStringLiteral("to"), m_dial.to);
    payload.insert(QStringLiteral("start_time"), m_startTime);
    m_endTime = telnyx::nowIsoMicros();
    payload.insert(QStringLiteral("end_time"), m_endTime);
    payload.insert(QStringLiteral("state"), QStringLiteral("hangup"));
    payload.insert(QStringLiteral("hangup_cause"), cause);
    payload.insert(QStringLiteral("hangup_source"), source);
    payload.insert(QStringLiteral("sip_hangup_cause"), sipCause);
    payload.insert(QStringLiteral("call_quality_stats"), qualityStats());
    payload.insert(QStringLiteral("custom_headers"), QJsonArray());
    payload.insert(QStringLiteral("sip_headers"), QJsonArray());
    payload.insert(QStringLiteral("tags"), QJsonArray());
    emitWebhook(QStringLiteral("call.hangup"), payload);
    m_context.webhooks->releaseLane(m_callControlId);
    qCInfo(lcSimulator).noquote() << "call" << m_callControlId << "ended:" << cause << "by" << source;
    emit ended(cause, source);
}

} // namespace sb
