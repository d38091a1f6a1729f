// SPDX-License-Identifier: MIT
#include "OneCallRun.h"

#include "CallAudioBridge.h"
#include "Config.h"
#include "SwitchboardServer.h"
#include "audio/AudioEngine.h"
#include "calls/CallStore.h"
#include "telnyx/WebhookReceiver.h"

#include <cstdio>

namespace sb {

namespace {
// A call that is not answered within this long, or not over this long after its hang-up, fails the run.
constexpr int kSlackMs = 30000;

void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}
} // namespace

OneCallRun::OneCallRun(SwitchboardServer *server, AudioEngine *engine, CallAudioBridge *bridge, const Config &config,
                       QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_engine(engine)
    , m_bridge(bridge)
    , m_to(config.dial)
    , m_from(config.dialFrom)
    , m_hangupAfterSeconds(config.hangupAfterSeconds)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { fail(QStringLiteral("timed out")); });
    connect(server->webhooks(), &WebhookReceiver::eventAccepted, this,
            [this](const CallEvent &event, const std::optional<CallRecord> &) { onEvent(event); });
}

QString OneCallRun::elapsed() const
{
    return QStringLiteral("+%1 s").arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 2);
}

RestClient &OneCallRun::api()
{
    // Read at every request, as the token may have been regenerated through the API since the last one.
    m_api.setEndpoint(BackendEndpoint(QUrl(m_server->listenUrl()), m_server->config().apiToken));
    return m_api;
}

void OneCallRun::start()
{
    m_clock.start();
    m_framesPlayedAtStart = m_engine ? m_engine->framesPlayed() : 0;
    if (m_hangupAfterSeconds > 0)
        m_deadline.start(kSlackMs + m_hangupAfterSeconds * 1000);
    say(QStringLiteral("dialing %1 from %2%3")
            .arg(m_to, m_from, m_server->config().demo ? QStringLiteral(" (simulated: demo mode)") : QString()));
    api().initiate(m_to, m_from, QStringLiteral("cli"), this, [this](const ApiReply &reply) {
        if (reply.status != 200) {
            fail(QStringLiteral("dial refused (%1): %2").arg(reply.status).arg(reply.message));
            return;
        }
        m_callId = reply.data().toObject().value(QLatin1String("callId")).toString();
        m_timeline << QStringLiteral("  %1  dial accepted, call %2").arg(elapsed(), m_callId);
        say(m_timeline.last());
    });
}

void OneCallRun::onEvent(const CallEvent &event)
{
    if (m_done || event.callControlId.isEmpty() || (!m_callId.isEmpty() && event.callControlId != m_callId))
        return;
    m_stages << event.type;
    QString line = QStringLiteral("  %1  %2").arg(elapsed(), event.type);
    if (event.type == QLatin1String("call.hangup"))
        line += QStringLiteral(" (%1, %2)")
                    .arg(event.payload.value(QLatin1String("hangup_cause")).toString(),
                         event.payload.value(QLatin1String("hangup_source")).toString());
    m_timeline << line;
    say(line);
    if (event.type == QLatin1String("call.answered") && m_hangupAfterSeconds > 0)
        QTimer::singleShot(m_hangupAfterSeconds * 1000, this, &OneCallRun::hangUp);
    if (event.type == QLatin1String("call.hangup"))
        QTimer::singleShot(300, this, &OneCallRun::finish); // let the stream's last frames and stop arrive
}

void OneCallRun::hangUp()
{
    if (m_done || m_hangupRequested)
        return;
    m_hangupRequested = true;
    say(QStringLiteral("  %1  hanging up").arg(elapsed()));
    api().hangup(m_callId, this, [this](const ApiReply &reply) {
        if (reply.status != 200)
            fail(QStringLiteral("hang-up refused (%1): %2").arg(reply.status).arg(reply.message));
    });
}

void OneCallRun::finish()
{
    if (m_done)
        return;
    QStringList missing;
    for (const char *stage : {"call.initiated", "call.answered", "streaming.started", "call.hangup"}) {
        if (!m_stages.contains(QLatin1String(stage)))
            missing << QLatin1String(stage);
    }
    const qsizetype answered = m_stages.indexOf(QStringLiteral("call.answered"));
    const qsizetype hangup = m_stages.indexOf(QStringLiteral("call.hangup"));
    if (answered >= 0 && hangup >= 0 && hangup < answered)
        missing << QStringLiteral("events in order (hangup came before answered)");
    const quint64 played = m_engine ? m_engine->framesPlayed() - m_framesPlayedAtStart : 0;
    const quint64 received = m_bridge ? m_bridge->framesToSpeaker() : 0;
    if (received == 0 || played == 0)
        missing << QStringLiteral("audio frames played");
    const auto record = m_server->store()->call(m_callId);
    if (!record || record->status != CallStatus::Ended || !record->durationSeconds || record->hangupCause.isEmpty())
        missing << QStringLiteral("record stored as ended with duration and cause");

    say(QStringLiteral("summary"));
    say(QStringLiteral("  call         %1 to %2").arg(m_callId, m_to));
    const AudioOutputState output = m_engine ? m_engine->outputState() : AudioOutputState::None;
    const QString heard = output == AudioOutputState::Open
                              ? QStringLiteral("played on %1").arg(m_engine->outputDeviceName())
                          : output == AudioOutputState::Disabled ? QStringLiteral("decoded (playback disabled)")
                                                                 : QStringLiteral("decoded (no audio output device)");
    say(QStringLiteral("  audio        %1 frames received, %2 x 20 ms %3, %4 microphone frames sent")
            .arg(received)
            .arg(played)
            .arg(heard)
            .arg(m_bridge ? m_bridge->framesFromMicrophone() : 0));
    if (m_engine) {
        const auto stats = m_engine->jitterStats();
        say(QStringLiteral("  jitter       target %1 ms, %2 underruns, %3 ms concealed, %4 late, %5 reordered")
                .arg(stats.targetMs)
                .arg(stats.underruns)
                .arg(stats.concealedMs)
                .arg(stats.late)
                .arg(stats.reordered));
    }
    if (record)
        say(QStringLiteral("  stored       status %1, duration %2 s, cause %3, source %4")
                .arg(callStatusName(record->status))
                .arg(record->durationSeconds.value_or(-1))
                .arg(record->hangupCause, record->hangupSource));
    if (!missing.isEmpty()) {
        fail(QStringLiteral("missing: %1").arg(missing.join(QStringLiteral(", "))));
        return;
    }
    m_done = true;
    say(QStringLiteral("result: OK"));
    emit finished(0);
}

void OneCallRun::fail(const QString &why)
{
    if (m_done)
        return;
    m_done = true;
    say(QStringLiteral("result: FAILED - %1").arg(why));
    emit finished(1);
}

} // namespace sb
