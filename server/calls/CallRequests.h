// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace sb {

// The checks of the call API's JSON bodies (docs/interface.md §3.4), apart from the handlers so that they can be
// tested and fuzzed without a server. Each returns what is wrong with a body, or nothing when it is acceptable.
struct BodyProblem {
    QString code;    // the error code of the 400 (CONTRACT §3)
    QString message; // one sentence for the client
};

// POST /api/calls/initiate: {"to": E.164, "from": E.164, "agentId"?: string of at most 128 characters}.
std::optional<BodyProblem> checkDialBody(const QJsonObject &body);
// POST /api/calls/end: {"call_control_id": non-empty string}.
std::optional<BodyProblem> checkEndBody(const QJsonObject &body);
// POST /api/calls/telnyx/:id/dtmf: {"digits": 1 to 64 of 0-9, A-D, *, #, w, W}.
std::optional<BodyProblem> checkDtmfBody(const QJsonObject &body);

} // namespace sb
