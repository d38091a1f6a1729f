// SPDX-License-Identifier: MIT
#include "calls/CallStateMachine.h"

namespace sb {

namespace {

QDateTime parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

bool setIfDifferent(QString &field, const QString &value)
{
    if (value.isEmpty() || field == value)
        return false;
    field = value;
    return true;
}

void updateDuration(CallRecord &record)
{
    if (record.status != CallStatus::Ended)
        return;
    if (record.answeredAt.isValid() && record.endedAt.isValid())
        record.durationSeconds = qMax<qint64>(0, qRound64(double(record.answeredAt.msecsTo(record.endedAt)) / 1000.0));
    else
        record.durationSeconds = 0;
}

} // namespace

std::optional<CallStatus> CallStateMachine::targetStatus(QStringView eventType)
{
    if (eventType == QLatin1String("call.initiated"))
        return CallStatus::Initiated;
    if (eventType == QLatin1String("call.ringing") || eventType == QLatin1String("call.early_media"))
        return CallStatus::Ringing;
    if (eventType == QLatin1String("call.answered"))
        return CallStatus::Answered;
    if (eventType == QLatin1String("call.hangup"))
        return CallStatus::Ended;
    return std::nullopt;
}

bool CallStateMachine::apply(CallRecord &record, const CallEvent &event)
{
    const QJsonObject &p = event.payload;
    bool changed = false;
    changed |= setIfDifferent(record.callLegId, p.value(QLatin1String("call_leg_id")).toString());
    changed |= setIfDifferent(record.callSessionId, p.value(QLatin1String("call_session_id")).toString());
    if (record.from.isEmpty())
        changed |= setIfDifferent(record.from, p.value(QLatin1String("from")).toString());
    if (record.to.isEmpty())
        changed |= setIfDifferent(record.to, p.value(QLatin1String("to")).toString());

    auto target = targetStatus(event.type);
    if (!target)
        return changed;
    // An incoming call rings from its first event on (CONTRACT §9): it waits for an agent to answer.
    if (*target == CallStatus::Initiated && p.value(QLatin1String("direction")).toString() == QLatin1String("incoming"))
        target = CallStatus::Ringing;
    const QDateTime when = parseTime(event.occurredAt);

    if (*target == CallStatus::Answered && !record.answeredAt.isValid()) {
        record.answeredAt = when.isValid() ? when : QDateTime::currentDateTimeUtc();
        updateDuration(record); // a late `answered` after the hangup still gives the duration
        changed = true;
    }
    if (*target == CallStatus::Ended && record.status != CallStatus::Ended) {
        record.hangupCause = p.value(QLatin1String("hangup_cause")).toString();
        record.hangupSource = p.value(QLatin1String("hangup_source")).toString();
        record.sipHangupCause = p.value(QLatin1String("sip_hangup_cause")).toString();
        // end_time is not in Telnyx's schema but appears in real payloads; occurred_at otherwise.
        QDateTime end = parseTime(p.value(QLatin1String("end_time")).toString());
        if (!end.isValid())
            end = when.isValid() ? when : QDateTime::currentDateTimeUtc();
        record.endedAt = end;
    }
    if (int(*target) > int(record.status)) {
        record.status = *target;
        updateDuration(record);
        changed = true;
    }
    return changed;
}

} // namespace sb
