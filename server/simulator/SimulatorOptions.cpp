// SPDX-License-Identifier: MIT
#include "simulator/SimulatorOptions.h"

#include <array>

namespace sb {

namespace {

struct ScenarioEntry {
    SimScenario scenario;
    const char *name;
    const char *suffix; // last digits of the dialed number; nullptr = the default
};

constexpr std::array<ScenarioEntry, 6> kScenarios{{
    {SimScenario::Answered, "answered", nullptr},
    {SimScenario::Busy, "busy", "486"},
    {SimScenario::NoAnswer, "no_answer", "408"},
    {SimScenario::Rejected, "rejected", "603"},
    {SimScenario::StreamingFailed, "streaming_failed", "502"},
    {SimScenario::LongCall, "long_call", "777"},
}};

} // namespace

QString simScenarioName(SimScenario scenario)
{
    for (const ScenarioEntry &entry : kScenarios) {
        if (entry.scenario == scenario)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("answered");
}

std::optional<SimScenario> simScenarioFromName(QStringView name)
{
    for (const ScenarioEntry &entry : kScenarios) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.scenario;
    }
    return std::nullopt;
}

SimScenario simScenarioForNumber(QStringView dialedNumber)
{
    // "+15551230486,123" carries DTMF after the comma (docs/telnyx.md §3.1); only the number counts.
    const qsizetype comma = dialedNumber.indexOf(QLatin1Char(','));
    const QStringView number = comma < 0 ? dialedNumber : dialedNumber.left(comma);
    for (const ScenarioEntry &entry : kScenarios) {
        if (entry.suffix && number.endsWith(QLatin1String(entry.suffix)))
            return entry.scenario;
    }
    return SimScenario::Answered;
}

} // namespace sb
