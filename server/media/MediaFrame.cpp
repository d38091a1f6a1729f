// SPDX-License-Identifier: MIT
#include "media/MediaFrame.h"

#include "media/Base64.h"
#include "media/JsonScanner.h"

// C++
#include <array>
#include <cstring>
#include <limits>

namespace sb {

namespace {

// ---- what we read, and where ---------------------------------------------------------------------------------

// Each member we care about has a slot; the scanner fills a slot when it meets that key in that object.
enum Slot : uint8_t {
    SlotEvent,
    SlotSequence,
    SlotStreamId,
    SlotVersion,
    SlotRootToken,
    SlotMediaObject,
    SlotStartObject,
    SlotStopObject,
    SlotDtmfObject,
    SlotMarkObject,
    SlotErrorObject, // the root "payload" object of an error frame
    SlotConnectedObject,
    SlotTrack,
    SlotChunk,
    SlotTimestamp,
    SlotPayload,
    SlotStartCallControlId,
    SlotStartCallSessionId,
    SlotFormatObject,
    SlotEncoding,
    SlotSampleRate,
    SlotChannels,
    SlotStopCallControlId,
    SlotDigit,
    SlotMarkName,
    SlotErrorCode,
    SlotErrorTitle,
    SlotErrorDetail,
    SlotConnectedToken,
    SlotCount,
    NoSlot = 0xFF,
};

// The object whose members are being read decides which keys map to slots (kScopes below, in this order).
enum Scope : uint8_t {
    ScopeIgnored = kIgnoredScope,
    ScopeRoot,
    ScopeMedia,
    ScopeStart,
    ScopeStop,
    ScopeDtmf,
    ScopeMark,
    ScopeErrorPayload,
    ScopeConnected,
    ScopeMediaFormat,
};

constexpr JsonKey kRootKeys[] = {
    {"event", SlotEvent, ScopeIgnored},
    {"sequence_number", SlotSequence, ScopeIgnored},
    {"stream_id", SlotStreamId, ScopeIgnored},
    {"media", SlotMediaObject, ScopeMedia},
    {"start", SlotStartObject, ScopeStart},
    {"stop", SlotStopObject, ScopeStop},
    {"dtmf", SlotDtmfObject, ScopeDtmf},
    {"mark", SlotMarkObject, ScopeMark},
    {"payload", SlotErrorObject, ScopeErrorPayload},
    {"connected", SlotConnectedObject, ScopeConnected},
    {"version", SlotVersion, ScopeIgnored},
    {"x-telnyx-streaming-auth-token", SlotRootToken, ScopeIgnored},
};
constexpr JsonKey kMediaKeys[] = {
    {"payload", SlotPayload, ScopeIgnored},
    {"track", SlotTrack, ScopeIgnored},
    {"chunk", SlotChunk, ScopeIgnored},
    {"timestamp", SlotTimestamp, ScopeIgnored},
};
constexpr JsonKey kStartKeys[] = {
    {"call_control_id", SlotStartCallControlId, ScopeIgnored},
    {"call_session_id", SlotStartCallSessionId, ScopeIgnored},
    {"media_format", SlotFormatObject, ScopeMediaFormat},
};
constexpr JsonKey kFormatKeys[] = {
    {"encoding", SlotEncoding, ScopeIgnored},
    {"sample_rate", SlotSampleRate, ScopeIgnored},
    {"channels", SlotChannels, ScopeIgnored},
};
constexpr JsonKey kStopKeys[] = {{"call_control_id", SlotStopCallControlId, ScopeIgnored}};
constexpr JsonKey kDtmfKeys[] = {{"digit", SlotDigit, ScopeIgnored}};
constexpr JsonKey kMarkKeys[] = {{"name", SlotMarkName, ScopeIgnored}};
constexpr JsonKey kErrorKeys[] = {
    {"code", SlotErrorCode, ScopeIgnored},
    {"title", SlotErrorTitle, ScopeIgnored},
    {"detail", SlotErrorDetail, ScopeIgnored},
};
constexpr JsonKey kConnectedKeys[] = {{"x-telnyx-streaming-auth-token", SlotConnectedToken, ScopeIgnored}};

constexpr std::span<const JsonKey> kScopes[] = {
    {}, kRootKeys, kMediaKeys, kStartKeys, kStopKeys, kDtmfKeys, kMarkKeys, kErrorKeys, kConnectedKeys, kFormatKeys,
};
constexpr JsonSchema kSchema{kScopes, ScopeRoot, MediaFrame::kMaxDepth};

// The slots a scan filled.
class Captured {
public:
    const JsonValue &operator[](Slot slot) const { return m_values[slot]; }
    std::span<JsonValue> all() { return m_values; }

private:
    std::array<JsonValue, SlotCount> m_values{};
};

// ---- turning captured bytes into values -------------------------------------------------------------------------

// Absent stays as it is; a string is decoded; anything else is a type error.
bool readString(const JsonValue &value, QString *out)
{
    if (value.type == JsonType::Absent)
        return true;
    if (value.type != JsonType::String)
        return false;
    *out = value.escaped ? QString::fromUtf8(jsonUnescape(value.raw)) : QString::fromUtf8(value.raw);
    return true;
}

std::optional<quint64> parseDigits(QByteArrayView digits)
{
    if (digits.isEmpty())
        return std::nullopt;
    quint64 result = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        if (result > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt; // does not fit 64 bits
        result = result * 10 + digit;
    }
    return result;
}

// Telnyx sends its counters as strings of digits; a bare JSON integer is accepted too, in case that ever changes.
MediaFrameError readUnsigned(const JsonValue &value, std::optional<quint64> *out, quint64 max)
{
    if (value.type == JsonType::Absent)
        return MediaFrameError::None;
    if (value.type != JsonType::String && value.type != JsonType::Number)
        return MediaFrameError::WrongType;
    const std::optional<quint64> parsed = parseDigits(value.raw); // rejects escapes, signs, fractions, exponents
    if (!parsed || *parsed > max)
        return MediaFrameError::BadNumber;
    *out = parsed;
    return MediaFrameError::None;
}

MediaFrameError readObject(const JsonValue &value, bool required)
{
    if (value.type == JsonType::Absent)
        return required ? MediaFrameError::MissingField : MediaFrameError::None;
    return value.type == JsonType::Object ? MediaFrameError::None : MediaFrameError::WrongType;
}

struct EventName {
    QByteArrayView name;
    MediaFrame::Event event;
};
constexpr EventName kEvents[] = {
    {"media", MediaFrame::Event::Media}, {"start", MediaFrame::Event::Start},
    {"stop", MediaFrame::Event::Stop},   {"dtmf", MediaFrame::Event::Dtmf},
    {"mark", MediaFrame::Event::Mark},   {"connected", MediaFrame::Event::Connected},
    {"error", MediaFrame::Event::Error},
};

// The scanner's verdict in the words MediaFrame reports.
MediaFrameError fromScanError(JsonScanError error)
{
    switch (error) {
    case JsonScanError::None:
        return MediaFrameError::None;
    case JsonScanError::NotJson:
        return MediaFrameError::NotJson;
    case JsonScanError::NotObject:
        return MediaFrameError::NotObject;
    case JsonScanError::TooDeep:
        return MediaFrameError::TooDeep;
    case JsonScanError::DuplicateKey:
        break;
    }
    return MediaFrameError::DuplicateKey;
}

// Bounds for start.media_format: far above what Telnyx sends (8000/16000 Hz, mono), low enough that a hostile
// value cannot overflow the int it is kept in.
constexpr quint64 kMaxSampleRate = 1'000'000;
constexpr quint64 kMaxChannels = 255;
constexpr quint64 kAnyCounter = std::numeric_limits<quint64>::max();

MediaFrameError readMedia(const Captured &s, MediaFrame &f)
{
    using E = MediaFrameError;
    if (E e = readObject(s[SlotMediaObject], true); e != E::None)
        return e;
    const JsonValue &track = s[SlotTrack];
    if (track.type == JsonType::String) {
        const QByteArray unescapedTrack = track.escaped ? jsonUnescape(track.raw) : QByteArray();
        const QByteArrayView name = track.escaped ? QByteArrayView(unescapedTrack) : track.raw;
        if (name == "inbound" || name == "inbound_track")
            f.track = MediaFrame::Track::Inbound;
        else if (name == "outbound" || name == "outbound_track")
            f.track = MediaFrame::Track::Outbound;
        else if (name == "whisper")
            f.track = MediaFrame::Track::Whisper;
        else
            return E::BadTrack;
    } else if (track.type != JsonType::Absent) {
        return E::WrongType;
    }
    if (E e = readUnsigned(s[SlotChunk], &f.chunk, kAnyCounter); e != E::None)
        return e;
    if (E e = readUnsigned(s[SlotTimestamp], &f.timestamp, kAnyCounter); e != E::None)
        return e;
    const JsonValue &payload = s[SlotPayload];
    if (payload.type == JsonType::Absent)
        return E::MissingField;
    if (payload.type != JsonType::String)
        return E::WrongType;
    // Some JSON writers escape '/' as "\/"; base64 uses '/', so resolve escapes first (rare, slow path).
    std::optional<QByteArray> bytes =
        payload.escaped ? decodeBase64Strict(jsonUnescape(payload.raw)) : decodeBase64Strict(payload.raw);
    if (!bytes)
        return E::BadBase64;
    f.payload = std::move(*bytes);
    return E::None;
}

MediaFrameError readStart(const Captured &s, MediaFrame &f)
{
    using E = MediaFrameError;
    if (E e = readObject(s[SlotStartObject], false); e != E::None)
        return e;
    if (!readString(s[SlotStartCallControlId], &f.callControlId) ||
        !readString(s[SlotStartCallSessionId], &f.callSessionId))
        return E::WrongType;
    if (E e = readObject(s[SlotFormatObject], false); e != E::None)
        return e;
    if (!readString(s[SlotEncoding], &f.encoding))
        return E::WrongType;
    std::optional<quint64> rate, channels;
    if (E e = readUnsigned(s[SlotSampleRate], &rate, kMaxSampleRate); e != E::None)
        return e;
    if (E e = readUnsigned(s[SlotChannels], &channels, kMaxChannels); e != E::None)
        return e;
    f.sampleRate = int(rate.value_or(0));
    f.channels = int(channels.value_or(0));
    return E::None;
}

MediaFrameError readError(const Captured &s, MediaFrame &f)
{
    using E = MediaFrameError;
    if (E e = readObject(s[SlotErrorObject], false); e != E::None)
        return e;
    const JsonValue &code = s[SlotErrorCode];
    if (code.type == JsonType::Number || code.type == JsonType::String) {
        const bool negative = code.raw.startsWith('-') && code.type == JsonType::Number;
        const std::optional<quint64> magnitude = parseDigits(negative ? code.raw.sliced(1) : code.raw);
        if (!magnitude || *magnitude > quint64(std::numeric_limits<qint64>::max()))
            return E::BadNumber;
        f.errorCode = negative ? -qint64(*magnitude) : qint64(*magnitude);
    } else if (code.type != JsonType::Absent) {
        return E::WrongType;
    }
    if (!readString(s[SlotErrorTitle], &f.errorTitle) || !readString(s[SlotErrorDetail], &f.errorDetail))
        return E::WrongType;
    return E::None;
}

MediaFrameError interpret(const Captured &s, MediaFrame &f)
{
    using E = MediaFrameError;
    const JsonValue &event = s[SlotEvent];
    if (event.type == JsonType::Absent)
        return E::MissingEvent;
    if (event.type != JsonType::String)
        return E::WrongType;
    const QByteArray unescapedEvent = event.escaped ? jsonUnescape(event.raw) : QByteArray();
    const QByteArrayView eventName = event.escaped ? QByteArrayView(unescapedEvent) : event.raw;
    const EventName *known = nullptr;
    for (const EventName &candidate : kEvents) {
        if (candidate.name == eventName)
            known = &candidate;
    }
    if (!known)
        return E::UnknownEvent;
    f.event = known->event;

    if (E e = readUnsigned(s[SlotSequence], &f.sequenceNumber, kAnyCounter); e != E::None)
        return e;
    if (!readString(s[SlotStreamId], &f.streamId))
        return E::WrongType;

    switch (f.event) {
    case MediaFrame::Event::Media:
        return readMedia(s, f);
    case MediaFrame::Event::Start:
        return readStart(s, f);
    case MediaFrame::Event::Stop:
        if (E e = readObject(s[SlotStopObject], false); e != E::None)
            return e;
        if (!readString(s[SlotStopCallControlId], &f.callControlId))
            return E::WrongType;
        break;
    case MediaFrame::Event::Connected:
        if (E e = readObject(s[SlotConnectedObject], false); e != E::None)
            return e;
        if (!readString(s[SlotVersion], &f.version) || !readString(s[SlotConnectedToken], &f.authToken) ||
            !readString(s[SlotRootToken], &f.authToken)) // the top-level copy wins when both are present
            return E::WrongType;
        break;
    case MediaFrame::Event::Dtmf:
        if (E e = readObject(s[SlotDtmfObject], true); e != E::None)
            return e;
        if (s[SlotDigit].type == JsonType::Absent)
            return E::MissingField;
        if (!readString(s[SlotDigit], &f.dtmfDigit))
            return E::WrongType;
        break;
    case MediaFrame::Event::Mark:
        if (E e = readObject(s[SlotMarkObject], false); e != E::None)
            return e;
        if (!readString(s[SlotMarkName], &f.markName))
            return E::WrongType;
        break;
    case MediaFrame::Event::Error:
        return readError(s, f);
    }
    return E::None;
}

} // namespace

const char *mediaFrameErrorName(MediaFrameError error)
{
    switch (error) {
    case MediaFrameError::None:
        return "none";
    case MediaFrameError::NotJson:
        return "not_json";
    case MediaFrameError::NotObject:
        return "not_object";
    case MediaFrameError::TooDeep:
        return "too_deep";
    case MediaFrameError::MissingEvent:
        return "missing_event";
    case MediaFrameError::UnknownEvent:
        return "unknown_event";
    case MediaFrameError::WrongType:
        return "wrong_type";
    case MediaFrameError::BadNumber:
        return "bad_number";
    case MediaFrameError::BadTrack:
        return "bad_track";
    case MediaFrameError::BadBase64:
        return "bad_base64";
    case MediaFrameError::MissingField:
        return "missing_field";
    case MediaFrameError::DuplicateKey:
        return "duplicate_key";
    }
    return "unknown";
}

std::optional<MediaFrame> MediaFrame::parse(QByteArrayView json, MediaFrameError *error)
{
    Captured captured;
    MediaFrameError result = fromScanError(scanJson(json, kSchema, captured.all()));
    MediaFrame frame;
    if (result == MediaFrameError::None)
        result = interpret(captured, frame);
    if (error)
        *error = result;
    if (result != MediaFrameError::None)
        return std::nullopt;
    return frame;
}

QByteArray makeOutboundMediaFrame(std::span<const uint8_t> pcmu)
{
    static constexpr char kPrefix[] = R"({"event":"media","media":{"payload":")";
    static constexpr char kSuffix[] = R"("}})";
    static constexpr qsizetype kPrefixSize = sizeof kPrefix - 1, kSuffixSize = sizeof kSuffix - 1;
    // One allocation, the exact size: the base64 is written straight into the frame.
    QByteArray frame(kPrefixSize + base64EncodedSize(pcmu.size()) + kSuffixSize, Qt::Uninitialized);
    char *o = frame.data();
    std::memcpy(o, kPrefix, kPrefixSize);
    o = encodeBase64(pcmu, o + kPrefixSize);
    std::memcpy(o, kSuffix, kSuffixSize);
    return frame;
}

} // namespace sb
