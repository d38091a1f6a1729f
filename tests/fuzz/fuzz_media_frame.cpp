// SPDX-License-Identifier: MIT
// The media WebSocket's text frames (server/media/MediaFrame over JsonScanner and Base64), as Telnyx (or anyone
// who reaches /audio-stream) sends them. A frame the strict scanner accepts must be a JSON object for Qt's parser
// too, and the strict base64 decoder must read back what the encoder writes.

#include "FuzzSupport.h"
#include "media/MediaFrame.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <vector>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = sb::fuzz::bytes(data, size);

    sb::MediaFrameError error = sb::MediaFrameError::None;
    const std::optional<sb::MediaFrame> frame = sb::MediaFrame::parse(input, &error);
    if (frame.has_value() != (error == sb::MediaFrameError::None))
        std::abort();
    if (frame) {
        QJsonParseError qtError{};
        const QJsonDocument document = QJsonDocument::fromJson(input.toByteArray(), &qtError);
        if (qtError.error != QJsonParseError::NoError || !document.isObject())
            std::abort();
    }

    if (const std::optional<QByteArray> decoded = sb::decodeBase64Strict(input)) {
        std::vector<char> text(size_t(sb::base64EncodedSize(size_t(decoded->size()))));
        const auto *raw = reinterpret_cast<const uint8_t *>(decoded->constData());
        char *end = sb::encodeBase64({raw, size_t(decoded->size())}, text.data());
        if (end != text.data() + text.size())
            std::abort();
        const std::optional<QByteArray> again = sb::decodeBase64Strict(QByteArrayView(text.data(), end - text.data()));
        if (!again || *again != *decoded)
            std::abort();
    }

    // What we send back every 20 ms parses as a media frame with the same payload.
    const auto *raw = reinterpret_cast<const uint8_t *>(data);
    const QByteArray outbound = sb::makeOutboundMediaFrame({raw, qMin<size_t>(size, 480)});
    const std::optional<sb::MediaFrame> echoed = sb::MediaFrame::parse(outbound);
    if (!echoed || echoed->payload != input.first(qMin<qsizetype>(input.size(), 480)))
        std::abort();
    return 0;
}
