// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QString>
#include <QStringView>

// C++
#include <optional>

namespace sb {

// A call's status. Statuses only move forward: initiated -> ringing? -> answered -> ended (docs/interface.md §5.2), so
// the values are ordered and compared as numbers. The server keeps it in CallRecord; the console reads it from the JSON
// of /api/calls. Both sides spell it with callStatusName(): the wire and the database hold these words.
enum class CallStatus { Initiated = 0, Ringing = 1, Answered = 2, Ended = 3 };

// "initiated", "ringing", "answered", "ended": the spelling of the JSON "status" member and the calls.status column.
inline QString callStatusName(CallStatus status)
{
    switch (status) {
    case CallStatus::Initiated:
        return QStringLiteral("initiated");
    case CallStatus::Ringing:
        return QStringLiteral("ringing");
    case CallStatus::Answered:
        return QStringLiteral("answered");
    case CallStatus::Ended:
        break;
    }
    return QStringLiteral("ended");
}

// The status a word names, or nothing for any other text (an unknown future status, a missing member).
inline std::optional<CallStatus> callStatusFromName(QStringView name)
{
    for (auto s : {CallStatus::Initiated, CallStatus::Ringing, CallStatus::Answered, CallStatus::Ended}) {
        if (callStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace sb
