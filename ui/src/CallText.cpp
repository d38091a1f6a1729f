// SPDX-License-Identifier: MIT
#include "CallText.h"

namespace sb {

CallText::CallText(QObject *parent)
    : QObject(parent)
{
}

QString CallText::hangupCause(const QString &cause, const QString &source)
{
    if (cause == QLatin1String("normal_clearing")) {
        if (source == QLatin1String("caller"))
            return tr("You hung up.");
        if (source == QLatin1String("callee"))
            return tr("The other side hung up.");
        return tr("The call ended normally.");
    }
    if (cause == QLatin1String("user_busy"))
        return tr("The number is busy. Try again later.");
    if (cause == QLatin1String("no_answer"))
        return tr("Nobody answered.");
    if (cause == QLatin1String("timeout"))
        return tr("The call was not answered in time.");
    if (cause == QLatin1String("call_rejected"))
        return tr("The other side rejected the call.");
    if (cause == QLatin1String("originator_cancel"))
        return tr("The call was cancelled before it was answered.");
    if (cause == QLatin1String("not_found"))
        return tr("The number could not be reached. Check that it is correct.");
    if (cause == QLatin1String("time_limit"))
        return tr("The call reached its time limit.");
    if (cause == QLatin1String("unspecified"))
        return tr("The call ended for an unknown reason.");
    if (cause.isEmpty())
        return tr("The call ended.");
    return tr("The call ended (%1).").arg(cause);
}

QString CallText::status(CallStatus status)
{
    switch (status) {
    case CallStatus::Initiated:
        return tr("Calling");
    case CallStatus::Ringing:
        return tr("Ringing");
    case CallStatus::Answered:
        return tr("Connected");
    case CallStatus::Ended:
        break;
    }
    return tr("Ended");
}

QString CallText::status(const QString &status)
{
    const std::optional<CallStatus> known = callStatusFromName(status);
    return known ? CallText::status(*known) : status;
}

QString CallText::eventSummary(const QString &type, const QJsonObject &payload)
{
    if (type == QLatin1String("call.initiated")) {
        const QString from = payload.value(QLatin1String("from")).toString();
        const QString to = payload.value(QLatin1String("to")).toString();
        return from.isEmpty() || to.isEmpty() ? tr("Call placed") : tr("Call placed from %1 to %2").arg(from, to);
    }
    if (type == QLatin1String("call.ringing") || type == QLatin1String("call.early_media"))
        return tr("Ringing");
    if (type == QLatin1String("call.answered"))
        return tr("Answered");
    if (type == QLatin1String("call.hangup"))
        return tr("Hung up: %1")
            .arg(hangupCause(payload.value(QLatin1String("hangup_cause")).toString(),
                             payload.value(QLatin1String("hangup_source")).toString()));
    if (type == QLatin1String("call.muted"))
        return tr("Microphone muted");
    if (type == QLatin1String("call.unmuted"))
        return tr("Microphone on");
    if (type == QLatin1String("call.dtmf.received"))
        return tr("Digit %1 received").arg(payload.value(QLatin1String("digit")).toString());
    if (type == QLatin1String("call.hold"))
        return tr("Put on hold by the other side");
    if (type == QLatin1String("call.unhold"))
        return tr("Taken off hold");
    if (type == QLatin1String("call.bridged"))
        return tr("Bridged");
    if (type == QLatin1String("streaming.started"))
        return tr("Audio stream started");
    if (type == QLatin1String("streaming.stopped"))
        return tr("Audio stream stopped");
    if (type == QLatin1String("streaming.failed"))
        return tr("Audio stream failed: %1").arg(payload.value(QLatin1String("failure_reason")).toString());
    return type;
}

QString CallText::duration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    const qint64 h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace sb
