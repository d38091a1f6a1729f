// SPDX-License-Identifier: MIT
// The RFC 6455 frame reader (server/websocket/WebSocketFrames) on what a client sends: the whole input fed at
// once, then again in socket-sized pieces. Both readings must agree (same messages, same failure).

#include "FuzzSupport.h"
#include "websocket/WebSocketFrames.h"

#include <vector>

namespace {

struct Reading {
    std::vector<sb::ws::FrameReader::Message> messages;
    std::optional<sb::ws::FrameReader::Error> error;
};

void drain(sb::ws::FrameReader &reader, Reading &reading)
{
    while (auto message = reader.next())
        reading.messages.push_back(std::move(*message));
}

// Small, so that the size limit is reached by inputs the fuzzer makes.
constexpr qsizetype kMaxMessage = 4096;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = sb::fuzz::bytes(data, size);

    sb::ws::FrameReader whole(kMaxMessage);
    Reading once;
    whole.feed(input);
    drain(whole, once);
    once.error = whole.error();

    sb::ws::FrameReader pieces(kMaxMessage);
    Reading split;
    sb::fuzz::feedInPieces(input, uint32_t(size), [&](QByteArrayView piece) {
        pieces.feed(piece);
        drain(pieces, split);
    });
    split.error = pieces.error();

    if (once.messages.size() != split.messages.size() || once.error.has_value() != split.error.has_value())
        std::abort();
    for (size_t i = 0; i < once.messages.size(); ++i) {
        const auto &a = once.messages[i];
        const auto &b = split.messages[i];
        if (a.opcode != b.opcode || a.payload != b.payload || a.closeCode != b.closeCode)
            std::abort();
        if ((a.opcode == sb::ws::Opcode::Text || a.opcode == sb::ws::Opcode::Binary) && a.payload.size() > kMaxMessage)
            std::abort();
    }
    if (once.error && once.error->closeCode != split.error->closeCode)
        std::abort();

    // The server's own frames: whatever encodeFrame makes, framePayload reads back.
    const QByteArray frame = sb::ws::encodeFrame(sb::ws::Opcode::Binary, input);
    if (sb::ws::framePayload(frame) != input)
        std::abort();
    (void)sb::ws::framePayload(input.toByteArray());
    return 0;
}
