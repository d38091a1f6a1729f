// SPDX-License-Identifier: MIT
// What a webhook request brings (server/telnyx): the telnyx-timestamp and telnyx-signature-ed25519 headers, the
// Content-Type, and the envelope parsed once the signature holds. The input is
//   <timestamp>\n<signature base64>\n<content-type>\n<body>
// (the seed corpus has the signed vector of docs/telnyx.md §1.5, so the fuzzer starts from a valid request).

#include "FuzzSupport.h"
#include "http/ApiResponse.h"
#include "telnyx/WebhookReceiver.h"
#include "telnyx/WebhookVerifier.h"

namespace {
constexpr qint64 kNow = 1767225600; // the vector's timestamp
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView input = sb::fuzz::bytes(data, size);
    const QByteArrayView timestamp = sb::fuzz::takeLine(input);
    const QByteArrayView signature = sb::fuzz::takeLine(input);
    const QByteArrayView contentType = sb::fuzz::takeLine(input);
    const QByteArray body = input.toByteArray();

    static const sb::WebhookVerifier verifier(
        *sb::WebhookVerifier::decodePublicKey("ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ="));
    const sb::WebhookVerifier::Result result = verifier.verify(timestamp, signature, body, kNow);
    if (result.ok() && !(timestamp == "1767225600"))
        std::abort(); // the only valid signature the fuzzer can find is the vector's
    (void)sb::WebhookVerifier::decodePublicKey(signature);
    (void)sb::api::isJsonContentType(contentType.toByteArray());

    QString error;
    const std::optional<sb::CallEvent> event = sb::WebhookReceiver::parseEvent(body, &error);
    if (event.has_value() == !error.isEmpty())
        std::abort();
    if (event && (event->id.isEmpty() || event->type.isEmpty() || event->id.size() > 200 || event->type.size() > 200))
        std::abort();
    return 0;
}
