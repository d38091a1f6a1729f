// SPDX-License-Identifier: MIT
#include "calls/CallRequests.h"

#include "protocol/E164.h"

#include <QJsonValue>

#include <algorithm>

namespace sb {

namespace {
// agentId is free text from the console, kept and shown in the history: bounded like a display name.
constexpr qsizetype kMaxAgentIdLength = 128;
constexpr qsizetype kMaxDigits = 64;
} // namespace

std::optional<BodyProblem> checkDialBody(const QJsonObject &body)
{
    const QJsonValue to = body.value(QLatin1String("to"));
    const QJsonValue from = body.value(QLatin1String("from"));
    const QJsonValue agent = body.value(QLatin1String("agentId"));
    if (!to.isString() || !isE164(to.toString()))
        return BodyProblem{QStringLiteral("invalid_to"),
                           QStringLiteral("'to' must be an E.164 number such as +15551234567.")};
    if (!from.isString() || !isE164(from.toString()))
        return BodyProblem{QStringLiteral("invalid_from"),
                           QStringLiteral("'from' must be an E.164 number such as +15557654321.")};
    if (!agent.isUndefined() && !agent.isNull() && (!agent.isString() || agent.toString().size() > kMaxAgentIdLength))
        return BodyProblem{QStringLiteral("invalid_agent_id"),
                           QStringLiteral("'agentId' must be a string of at most 128 characters.")};
    return std::nullopt;
}

std::optional<BodyProblem> checkEndBody(const QJsonObject &body)
{
    const QJsonValue id = body.value(QLatin1String("call_control_id"));
    if (!id.isString() || id.toString().isEmpty())
        return BodyProblem{QStringLiteral("invalid_call_control_id"),
                           QStringLiteral("'call_control_id' must be a non-empty string.")};
    return std::nullopt;
}

std::optional<BodyProblem> checkDtmfBody(const QJsonObject &body)
{
    const QString digits = body.value(QLatin1String("digits")).toString();
    static const QString allowed = QStringLiteral("0123456789ABCD*#wW");
    const bool valid = !digits.isEmpty() && digits.size() <= kMaxDigits &&
                       std::all_of(digits.begin(), digits.end(), [](QChar c) { return allowed.contains(c); });
    if (!valid)
        return BodyProblem{QStringLiteral("invalid_digits"),
                           QStringLiteral("'digits' must be 1 to 64 of 0-9, A-D, *, #, w, W.")};
    return std::nullopt;
}

} // namespace sb
