// SPDX-License-Identifier: MIT
#pragma once

#include "media/Base64.h" // decodeBase64Strict(), which callers of MediaFrame use too

// Qt
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// C++
#include <cstdint>
#include <optional>
#include <span>

namespace sb {

// Why parsing failed. Counted per kind in /metrics; the connection stays up either way (docs/interface.md §4.3).
enum class MediaFrameError {
    None,
    NotJson,      // syntax error, trailing bytes, invalid UTF-8 inside a string
    NotObject,    // valid JSON whose top level is not an object
    TooDeep,      // nesting beyond MediaFrame::kMaxDepth: refused before it can exhaust the stack
    MissingEvent, // no "event" member
    UnknownEvent, // "event" names something Telnyx does not send
    WrongType,    // a known member has the wrong JSON type (e.g. "media": "x")
    BadNumber,    // a counter that is not a plain unsigned integer, or does not fit 64 bits
    BadTrack,     // media.track is neither inbound(_track), outbound(_track) nor whisper
    BadBase64,    // media.payload is not standard base64
    MissingField, // a member the event cannot do without (media.payload, dtmf.digit)
    DuplicateKey, // a member we read appears twice: other parsers would pick the other one, so refuse
};

const char *mediaFrameErrorName(MediaFrameError error);

// One text frame of Telnyx's media WebSocket (docs/telnyx.md §5.2), reduced to what Switchboard uses.
//
// The parser is a strict, allocation-light JSON scanner instead of QJsonDocument because it runs for every
// 20 ms frame of every call: ~1.2 us instead of ~4.1 us per 160-byte media frame, base64 included
// (bench/media_codec_bench).
// It validates the whole document (RFC 8259 grammar, UTF-8, nesting limit) but only materialises the members
// listed below; everything else is checked and skipped.
struct MediaFrame {
    enum class Event { Connected, Start, Media, Stop, Dtmf, Mark, Error };
    // Telnyx's docs show "inbound/outbound" as a placeholder; third-party code sees "inbound" and "outbound", and
    // the stream_track option is spelled "inbound_track"; all four spellings are accepted. "whisper" is Switchboard's
    // own (docs/interface.md §7.2): a supervisor's voice for the call's agent, on /frontend-audio only; Telnyx never
    // sends it, and MediaGateway refuses it from Telnyx's side.
    enum class Track { Unspecified, Inbound, Outbound, Whisper };

    static constexpr int kMaxDepth = 64;

    Event event = Event::Media;
    std::optional<quint64> sequenceNumber; // counts every message of the stream, not only media
    QString streamId;

    // media
    Track track = Track::Unspecified;
    std::optional<quint64> chunk;     // counts media messages only
    std::optional<quint64> timestamp; // milliseconds per Telnyx's example; unit undocumented
    QByteArray payload;               // decoded codec bytes (no RTP header)

    // start / stop
    QString callControlId;
    QString callSessionId;
    QString encoding; // start.media_format.encoding, e.g. "PCMU"; empty when absent
    int sampleRate = 0;
    int channels = 0;

    // connected
    QString version;
    QString authToken; // "x-telnyx-streaming-auth-token", top level or inside "connected"

    // dtmf / mark
    QString dtmfDigit;
    QString markName;

    // error
    std::optional<qint64> errorCode;
    QString errorTitle;
    QString errorDetail;

    // The order to play media in: chunk when present, because sequence_number also advances for dtmf and mark
    // messages and a gap in it is not lost audio; sequence_number otherwise.
    std::optional<quint64> playbackOrder() const { return chunk ? chunk : sequenceNumber; }

    static std::optional<MediaFrame> parse(QByteArrayView json, MediaFrameError *error = nullptr);
};

// Exactly {"event":"media","media":{"payload":"<base64>"}}: the frame we send to Telnyx every 20 ms.
QByteArray makeOutboundMediaFrame(std::span<const uint8_t> pcmu);

} // namespace sb
