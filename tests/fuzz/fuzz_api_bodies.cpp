// SPDX-License-Identifier: MIT
// The REST API's JSON bodies (server/calls/CallRequests): a body as api::readJsonObject reads it (Qt's JSON parser,
// an object at the top), then each endpoint's check: dial, end, send DTMF.

#include "FuzzSupport.h"
#include "calls/CallRequests.h"

#include <QJsonDocument>
#include <QJsonParseError>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(sb::fuzz::bytes(data, size).toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject body = document.object();
    for (const auto &problem : {sb::checkDialBody(body), sb::checkEndBody(body), sb::checkDtmfBody(body)}) {
        if (problem && (problem->code.isEmpty() || problem->message.isEmpty()))
            std::abort();
    }
    return 0;
}
