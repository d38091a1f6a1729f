// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"

namespace sb {

// Applies one call event to a record. Statuses never go backwards, so events that arrive out of
// order (Telnyx does not guarantee order) cannot revive an ended call; late events still fill in
// facts that were missing (an `answered` arriving after the hangup gives the answer time and the
// duration). Returns whether the record changed.
class CallStateMachine {
public:
    static bool apply(CallRecord &record, const CallEvent &event);

    // The status an event type moves a call to, if any.
    static std::optional<CallStatus> targetStatus(QStringView eventType);
};

} // namespace sb
