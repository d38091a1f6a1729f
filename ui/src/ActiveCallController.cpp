// SPDX-License-Identifier: MIT
#include "ActiveCallController.h"

#include "CallText.h"
#include "LanguageChange.h"
#include "client/BackendClient.h"
#include "protocol/CallStatus.h"

namespace sb {

namespace {
constexpr int kMaxEarlyEvents = 50;
} // namespace

ActiveCallController::ActiveCallController(QObject *parent)
    : QObject(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ActiveCallController::elapsedChanged);
    onLanguageChange(this, [this] { emit stateChanged(); });
}

void ActiveCallController::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    if (m_backend)
        m_backend->disconnect(this);
    m_backend = backend;
    if (m_backend) {
        connect(m_backend, &BackendClient::callEvent, this,
                [this](const QString &type, const QString &, const QString &occurredAt, const QJsonObject &payload) {
                    applyEvent(type, occurredAt, payload);
                });
        connect(m_backend, &BackendClient::resynced, this, &ActiveCallController::resync);
    }
    emit backendChanged();
}

QString ActiveCallController::stateName(State state)
{
    switch (state) {
    case Idle:
        return tr("Ready");
    case Dialing:
        return tr("Dialing");
    case Calling:
        return tr("Calling");
    case Ringing:
        return tr("Ringing");
    case Connected:
        return tr("Connected");
    case Ended:
        return tr("Ended");
    case Failed:
        return tr("Failed");
    }
    return {};
}

int ActiveCallController::elapsedSeconds() const
{
    if (!m_answeredAt.isValid())
        return 0;
    return int(std::max<qint64>(0, m_answeredAt.secsTo(QDateTime::currentDateTimeUtc())));
}

QString ActiveCallController::elapsedText() const
{
    return m_answeredAt.isValid() ? CallText::duration(elapsedSeconds()) : QString();
}

void ActiveCallController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == Connected)
        m_tick.start();
    else
        m_tick.stop();
    emit stateChanged();
    emit elapsedChanged();
}

void ActiveCallController::setProblem(const QString &problem, const QString &advice)
{
    if (m_problem == problem && m_advice == advice)
        return;
    m_problem = problem;
    m_advice = advice;
    emit problemChanged();
}

void ActiveCallController::reset()
{
    if (inCall())
        return;
    m_callControlId.clear();
    m_remoteNumber.clear();
    m_callerId.clear();
    m_answeredAt = {};
    m_endReason.clear();
    m_digitsSent.clear();
    m_hangupRequested = false;
    m_streamProblem = false;
    m_early.clear();
    if (m_muted) {
        m_muted = false;
        emit mutedChanged();
    }
    setWhisperer({});
    setProblem({}, {});
    emit callChanged();
    emit digitsSentChanged();
    setState(Idle);
}

void ActiveCallController::dial(const QString &to, const QString &from, const QString &agentId)
{
    if (!m_backend || inCall())
        return;
    reset();
    m_remoteNumber = to;
    m_callerId = from;
    emit callChanged();
    setState(Dialing);
    m_backend->initiate(to, from, agentId, this, [this](const ApiReply &reply) {
        if (m_state != Dialing)
            return;
        if (!reply.ok()) {
            fail(reply, tr("The call could not be placed."));
            return;
        }
        const QJsonObject data = reply.data().toObject();
        m_callControlId = data.value(QLatin1String("callId")).toString();
        emit callChanged();
        setState(Calling);
        const QJsonObject suppression = data.value(QLatin1String("noiseSuppression")).toObject();
        if (suppression.contains(QLatin1String("enabled")) && !suppression.value(QLatin1String("enabled")).toBool())
            setProblem(tr("Noise suppression could not be turned on for this call."),
                       tr("The call goes on without it; background noise may be heard."));
        applyRecord(data.value(QLatin1String("dbRecord")).toObject());
        const QList<Early> early = std::exchange(m_early, {});
        for (const Early &e : early)
            applyEvent(e.type, e.occurredAt, e.payload);
        if (m_hangupRequested)
            hangUp();
    });
}

void ActiveCallController::adopt(const QString &callControlId, const QString &remoteNumber)
{
    if (inCall() || callControlId.isEmpty())
        return;
    reset();
    m_callControlId = callControlId;
    m_remoteNumber = remoteNumber;
    emit callChanged();
    setState(Calling);
    resync();
}

void ActiveCallController::fail(const ApiReply &reply, const QString &what)
{
    QString advice;
    if (reply.status == 0) {
        advice = tr("Switchboard's backend at %1 cannot be reached (%2). Check that it is running and that this "
                    "computer is online, then try again.")
                     .arg(m_backend ? m_backend->baseUrl().toString() : QString(), reply.message);
    } else if (reply.status == 401) {
        advice = tr("The backend refused the API token. Check the token in Settings (or --token).");
    } else if (reply.status == 503) {
        advice = tr("Telnyx is not set up on this backend: %1 Add the API key and application id to the "
                    "configuration and restart Switchboard.")
                     .arg(reply.message);
    } else if (reply.status == 502) {
        advice = tr("Telnyx refused: %1 Check the number, the caller ID and your Telnyx account (balance, "
                    "outbound voice profile), then try again.")
                     .arg(reply.message);
    } else if (reply.status == 400) {
        advice = tr("The backend did not accept the request: %1").arg(reply.message);
    } else if (reply.status == 404) {
        advice = tr("The backend does not know this call any more. It may have ended already.");
    } else {
        advice = tr("The backend answered %1: %2 Try again; if it keeps happening, check the backend's log.")
                     .arg(reply.status)
                     .arg(reply.message);
    }
    setProblem(what, advice);
    if (m_state == Dialing) {
        setState(Failed);
        emit callFailed(what + QLatin1Char(' ') + advice);
    }
}

void ActiveCallController::applyRecord(const QJsonObject &record)
{
    if (record.isEmpty())
        return;
    const std::optional<CallStatus> status = callStatusFromName(record.value(QLatin1String("status")).toString());
    if (record.value(QLatin1String("muted")).toBool() != m_muted) {
        m_muted = record.value(QLatin1String("muted")).toBool();
        emit mutedChanged();
    }
    if (status == CallStatus::Ringing && m_state < Ringing) {
        setState(Ringing);
    } else if (status == CallStatus::Answered && m_state < Connected) {
        const QDateTime answered =
            QDateTime::fromString(record.value(QLatin1String("answeredAt")).toString(), Qt::ISODateWithMs);
        m_answeredAt = answered.isValid() ? answered : QDateTime::currentDateTimeUtc();
        setState(Connected);
    } else if (status == CallStatus::Ended && m_state < Ended) {
        m_endReason = CallText::hangupCause(record.value(QLatin1String("hangupCause")).toString(),
                                            record.value(QLatin1String("hangupSource")).toString());
        setState(Ended);
        emit callEnded(m_remoteNumber, m_endReason);
    }
}

void ActiveCallController::applyEvent(const QString &type, const QString &occurredAt, const QJsonObject &payload)
{
    const QString id = payload.value(QLatin1String("call_control_id")).toString();
    if (m_state == Dialing && m_callControlId.isEmpty()) {
        if (m_early.size() < kMaxEarlyEvents)
            m_early.append({type, occurredAt, payload});
        return;
    }
    if (id.isEmpty() || id != m_callControlId || m_state >= Ended)
        return;

    if (type == QLatin1String("call.ringing") || type == QLatin1String("call.early_media")) {
        if (m_state < Ringing)
            setState(Ringing);
    } else if (type == QLatin1String("call.answered")) {
        if (m_state < Connected) {
            // The timer counts from the answer as Telnyx saw it, unless clocks disagree (then from now).
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const QDateTime at = QDateTime::fromString(occurredAt, Qt::ISODateWithMs);
            m_answeredAt = at.isValid() && at <= now && at.secsTo(now) < 60 ? at : now;
            setState(Connected);
        }
    } else if (type == QLatin1String("call.hangup")) {
        setWhisperer({});
        m_endReason = CallText::hangupCause(payload.value(QLatin1String("hangup_cause")).toString(),
                                            payload.value(QLatin1String("hangup_source")).toString());
        setState(Ended);
        emit callEnded(m_remoteNumber, m_endReason);
    } else if (type == QLatin1String("call.muted") || type == QLatin1String("call.unmuted")) {
        const bool muted = type == QLatin1String("call.muted");
        if (muted != m_muted) {
            m_muted = muted;
            emit mutedChanged();
        }
    } else if (type == QLatin1String("call.whisper_started")) {
        setWhisperer(payload.value(QLatin1String("supervisor")).toString());
    } else if (type == QLatin1String("call.whisper_ended")) {
        setWhisperer({});
    } else if (type == QLatin1String("streaming.failed")) {
        m_streamProblem = true;
        setProblem(tr("The call's audio could not be connected (%1).")
                       .arg(payload.value(QLatin1String("failure_reason")).toString()),
                   tr("You may not hear each other. Hang up and call again; if it keeps happening, check that "
                      "Telnyx can reach the stream URL shown in Settings."));
    } else if (type == QLatin1String("streaming.started") && m_streamProblem) {
        m_streamProblem = false; // a new stream came up: the earlier failure no longer applies
        setProblem({}, {});
    }
}

void ActiveCallController::resync()
{
    if (!m_backend || m_callControlId.isEmpty() || !inCall())
        return;
    m_backend->fetchCall(m_callControlId, this, [this](const ApiReply &reply) {
        if (reply.ok())
            applyRecord(reply.data().toObject());
    });
}

void ActiveCallController::hangUp()
{
    if (!m_backend || !inCall())
        return;
    if (m_callControlId.isEmpty()) { // still dialing: hang up as soon as Telnyx names the call
        m_hangupRequested = true;
        return;
    }
    m_backend->hangup(m_callControlId, this, [this](const ApiReply &reply) {
        if (!reply.ok()) {
            fail(reply, tr("The call could not be hung up."));
            return;
        }
        // The record in the answer is what the backend knows; call.hangup brings the cause.
        applyRecord(reply.data().toObject());
    });
}

void ActiveCallController::setMuted(bool muted)
{
    if (!m_backend || m_callControlId.isEmpty() || !inCall())
        return;
    m_backend->setMuted(m_callControlId, muted, this, [this, muted](const ApiReply &reply) {
        if (!reply.ok()) {
            fail(reply, muted ? tr("The microphone could not be muted.") : tr("The microphone could not be unmuted."));
            return;
        }
        if (m_muted != muted) {
            m_muted = muted;
            emit mutedChanged();
        }
    });
}

void ActiveCallController::sendDtmf(const QString &digit)
{
    static const QString allowed = QStringLiteral("0123456789*#ABCD");
    if (!m_backend || m_state != Connected || digit.size() != 1 || !allowed.contains(digit.at(0).toUpper()))
        return;
    m_digitsSent.append(digit.toUpper());
    emit digitsSentChanged();
    m_backend->sendDtmf(m_callControlId, digit.toUpper(), this, [this](const ApiReply &reply) {
        if (reply.ok())
            return;
        if (reply.status == 404 && reply.errorCode != QLatin1String("call_not_found"))
            setProblem(tr("This backend cannot send digits yet."),
                       tr("Update Switchboard on the backend to a version with the DTMF endpoint."));
        else
            fail(reply, tr("The digit could not be sent."));
    });
}

void ActiveCallController::setWhisperer(const QString &name)
{
    if (name == m_whisperer)
        return;
    m_whisperer = name;
    emit whispererChanged();
}

} // namespace sb
