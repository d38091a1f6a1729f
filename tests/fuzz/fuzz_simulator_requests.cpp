// SPDX-License-Identifier: MIT
// The simulator's request parser (server/simulator/SimulatorRequests): the bodies of Telnyx's REST API as the
// simulator checks them (dial, streaming_start, client_state, suppression_start, send_dtmf). The input's first
// line names the parser (its first byte modulo 5), the rest is the JSON body.

#include "FuzzSupport.h"
#include "simulator/SimulatorRequests.h"

#include <QJsonDocument>
#include <QJsonParseError>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView input = sb::fuzz::bytes(data, size);
    const QByteArrayView selector = sb::fuzz::takeLine(input);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(input.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject body = document.object();

    std::optional<sb::SimApiError> refused;
    switch (selector.isEmpty() ? 0 : uint8_t(selector[0]) % 9) {
    case 0: {
        sb::DialParams dial;
        refused = sb::parseDial(body, QStringLiteral("app-1"), &dial);
        if (!refused && (dial.to.isEmpty() || dial.connectionId != QLatin1String("app-1")))
            std::abort();
        break;
    }
    case 1: {
        sb::StreamRequest stream;
        refused = sb::parseStreamFields(body, true, &stream);
        if (!refused && !QUrl(stream.url).scheme().startsWith(QLatin1String("ws")))
            std::abort();
        break;
    }
    case 2: {
        std::optional<QJsonValue> state;
        refused = sb::parseClientState(body, &state);
        break;
    }
    case 3: {
        QString direction;
        refused = sb::parseSuppressionStart(body, &direction);
        break;
    }
    case 5: {
        std::optional<sb::StreamRequest> stream;
        refused = sb::parseAnswer(body, &stream);
        if (!refused && stream && (stream->url.isEmpty() || !stream->authToken.isEmpty()))
            std::abort(); // AnswerRequest has no stream_auth_token: never presented
        break;
    }
    case 6: {
        QString cause;
        refused = sb::parseReject(body, &cause);
        if (!refused && cause != QLatin1String("USER_BUSY") && cause != QLatin1String("CALL_REJECTED"))
            std::abort();
        break;
    }
    case 7: {
        QString to;
        refused = sb::parseTransfer(body, &to);
        if (!refused && to.isEmpty())
            std::abort();
        break;
    }
    case 8: {
        sb::IncomingParams incoming;
        refused = sb::parseIncoming(body, -1, &incoming);
        if (!refused && (incoming.from.isEmpty() || incoming.to.isEmpty() || incoming.callerIdName.isEmpty() ||
                         incoming.giveUpAfterMs < -1))
            std::abort();
        break;
    }
    default: {
        QString digits;
        int durationMs = 0;
        refused = sb::parseSendDtmf(body, &digits, &durationMs);
        if (!refused && digits.isEmpty())
            std::abort();
        break;
    }
    }
    if (refused && (refused->httpStatus < 400 || refused->httpStatus > 499 || refused->error.isEmpty()))
        std::abort();
    return 0;
}
