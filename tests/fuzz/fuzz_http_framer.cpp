// SPDX-License-Identifier: MIT
// The HTTP head/body framer (server/http/HttpRequestFramer) that reads every connection's bytes before Qt's parser
// does. The input is the stream of one connection; it is framed whole, then again in socket-sized pieces, and
// both must come to the same verdict at the same point (a framer that depends on how TCP split the stream could
// be steered past its limits). The limits are small so that inputs the fuzzer makes reach them.

#include "FuzzSupport.h"
#include "http/HttpRequestFramer.h"

namespace {

sb::HttpLimits smallLimits()
{
    sb::HttpLimits limits;
    limits.maxHeadBytes = 512;
    limits.maxBodyBytes = 1024;
    return limits;
}

struct Outcome {
    sb::HttpRequestFramer::Verdict verdict = sb::HttpRequestFramer::Verdict::Ok;
    sb::HttpRequestFramer::Stage stage = sb::HttpRequestFramer::Stage::Idle;
    int completed = 0;
    int closing = 0;
    qsizetype consumed = 0;
    bool operator==(const Outcome &) const = default;
};

Outcome outcomeOf(const sb::HttpRequestFramer &framer, sb::HttpRequestFramer::Verdict verdict, qsizetype consumed)
{
    return {verdict, framer.stage(), framer.completedRequests(), framer.closingRequest(), consumed};
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = sb::fuzz::bytes(data, size);
    using Verdict = sb::HttpRequestFramer::Verdict;
    using Stage = sb::HttpRequestFramer::Stage;

    sb::HttpRequestFramer whole(smallLimits());
    const Verdict verdict = whole.feed(input);
    if (whole.consumed() < 0 || whole.consumed() > input.size())
        std::abort();
    if ((verdict != Verdict::Ok) != (whole.stage() == Stage::Closed && !whole.problem().isEmpty()))
        std::abort();
    const Outcome once = outcomeOf(whole, verdict, whole.consumed());

    sb::HttpRequestFramer pieces(smallLimits());
    Verdict last = Verdict::Ok;
    qsizetype consumed = 0;
    sb::fuzz::feedInPieces(input, uint32_t(size) ^ 0x5bd1e995U, [&](QByteArrayView piece) {
        last = pieces.feed(piece);
        if (pieces.consumed() < 0 || pieces.consumed() > piece.size())
            std::abort();
        consumed += pieces.consumed();
    });
    const Outcome split = outcomeOf(pieces, input.isEmpty() ? Verdict::Ok : last, consumed);
    if (!(once == split))
        std::abort();
    return 0;
}
