// SPDX-License-Identifier: MIT
#include "media/MediaFrame.h"

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

// The object whose members are being read decides which keys map to slots.
enum class Scope : uint8_t { Ignored, Root, Media, Start, Stop, Dtmf, Mark, ErrorPayload, Connected, MediaFormat };

struct KeySlot {
    QByteArrayView key;
    Slot slot;
    Scope childScope; // for object-valued members: how to read their members
};

constexpr KeySlot kRootKeys[] = {
    {"event", SlotEvent, Scope::Ignored},
    {"sequence_number", SlotSequence, Scope::Ignored},
    {"stream_id", SlotStreamId, Scope::Ignored},
    {"media", SlotMediaObject, Scope::Media},
    {"start", SlotStartObject, Scope::Start},
    {"stop", SlotStopObject, Scope::Stop},
    {"dtmf", SlotDtmfObject, Scope::Dtmf},
    {"mark", SlotMarkObject, Scope::Mark},
    {"payload", SlotErrorObject, Scope::ErrorPayload},
    {"connected", SlotConnectedObject, Scope::Connected},
    {"version", SlotVersion, Scope::Ignored},
    {"x-telnyx-streaming-auth-token", SlotRootToken, Scope::Ignored},
};
constexpr KeySlot kMediaKeys[] = {
    {"payload", SlotPayload, Scope::Ignored},
    {"track", SlotTrack, Scope::Ignored},
    {"chunk", SlotChunk, Scope::Ignored},
    {"timestamp", SlotTimestamp, Scope::Ignored},
};
constexpr KeySlot kStartKeys[] = {
    {"call_control_id", SlotStartCallControlId, Scope::Ignored},
    {"call_session_id", SlotStartCallSessionId, Scope::Ignored},
    {"media_format", SlotFormatObject, Scope::MediaFormat},
};
constexpr KeySlot kFormatKeys[] = {
    {"encoding", SlotEncoding, Scope::Ignored},
    {"sample_rate", SlotSampleRate, Scope::Ignored},
    {"channels", SlotChannels, Scope::Ignored},
};
constexpr KeySlot kStopKeys[] = {{"call_control_id", SlotStopCallControlId, Scope::Ignored}};
constexpr KeySlot kDtmfKeys[] = {{"digit", SlotDigit, Scope::Ignored}};
constexpr KeySlot kMarkKeys[] = {{"name", SlotMarkName, Scope::Ignored}};
constexpr KeySlot kErrorKeys[] = {
    {"code", SlotErrorCode, Scope::Ignored},
    {"title", SlotErrorTitle, Scope::Ignored},
    {"detail", SlotErrorDetail, Scope::Ignored},
};
constexpr KeySlot kConnectedKeys[] = {{"x-telnyx-streaming-auth-token", SlotConnectedToken, Scope::Ignored}};

std::span<const KeySlot> keysOf(Scope scope)
{
    switch (scope) {
    case Scope::Root:
        return kRootKeys;
    case Scope::Media:
        return kMediaKeys;
    case Scope::Start:
        return kStartKeys;
    case Scope::Stop:
        return kStopKeys;
    case Scope::Dtmf:
        return kDtmfKeys;
    case Scope::Mark:
        return kMarkKeys;
    case Scope::ErrorPayload:
        return kErrorKeys;
    case Scope::Connected:
        return kConnectedKeys;
    case Scope::MediaFormat:
        return kFormatKeys;
    case Scope::Ignored:
        break;
    }
    return {};
}

enum class JsonType : uint8_t { Absent, String, Number, Bool, Null, Object, Array };

struct Value {
    JsonType type = JsonType::Absent;
    QByteArrayView raw; // strings: the bytes between the quotes, escapes not yet resolved
    bool escaped = false;
};

// ---- the scanner -------------------------------------------------------------------------------------------------

// Recursive descent over RFC 8259 with every read bounds-checked. Recursion depth is capped (kMaxDepth), so hostile
// nesting costs at most a few KiB of stack. Nothing is allocated unless a key is written with escapes.
class Scanner {
public:
    explicit Scanner(QByteArrayView input)
        : m_p(input.data())
        , m_end(input.data() + input.size())
    {
    }

    MediaFrameError run()
    {
        skipWhitespace();
        if (m_p == m_end)
            return MediaFrameError::NotJson;
        const bool isObject = *m_p == '{';
        if (!parseValue(1, Scope::Root, nullptr))
            return m_error;
        skipWhitespace();
        if (m_p != m_end)
            return MediaFrameError::NotJson;
        return isObject ? MediaFrameError::None : MediaFrameError::NotObject;
    }

    const Value &operator[](Slot slot) const { return m_values[slot]; }

private:
    bool fail(MediaFrameError error)
    {
        if (m_error == MediaFrameError::None)
            m_error = error;
        return false;
    }

    void skipWhitespace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool parseValue(int depth, Scope childScope, Value *capture)
    {
        if (m_p == m_end)
            return fail(MediaFrameError::NotJson);
        const char *start = m_p;
        JsonType type;
        switch (*m_p) {
        case '{':
            if (depth > MediaFrame::kMaxDepth)
                return fail(MediaFrameError::TooDeep);
            if (!parseObject(depth, childScope))
                return false;
            type = JsonType::Object;
            break;
        case '[':
            if (depth > MediaFrame::kMaxDepth)
                return fail(MediaFrameError::TooDeep);
            if (!parseArray(depth))
                return false;
            type = JsonType::Array;
            break;
        case '"':
            return parseString(capture ? capture : &m_scratch);
        case 't':
            if (!literal("true"))
                return false;
            type = JsonType::Bool;
            break;
        case 'f':
            if (!literal("false"))
                return false;
            type = JsonType::Bool;
            break;
        case 'n':
            if (!literal("null"))
                return false;
            type = JsonType::Null;
            break;
        default:
            if (!parseNumber())
                return false;
            type = JsonType::Number;
            break;
        }
        if (capture)
            *capture = Value{type, QByteArrayView(start, m_p - start), false};
        return true;
    }

    bool parseObject(int depth, Scope scope)
    {
        ++m_p; // '{'
        skipWhitespace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        const std::span<const KeySlot> keys = keysOf(scope);
        for (;;) {
            if (m_p == m_end || *m_p != '"')
                return fail(MediaFrameError::NotJson);
            Value key;
            if (!parseString(&key))
                return false;
            skipWhitespace();
            if (m_p == m_end || *m_p != ':')
                return fail(MediaFrameError::NotJson);
            ++m_p;
            skipWhitespace();

            const KeySlot *match = keys.empty() ? nullptr : find(keys, key);
            if (match) {
                if (m_values[match->slot].type != JsonType::Absent)
                    return fail(MediaFrameError::DuplicateKey);
                if (!parseValue(depth + 1, match->childScope, &m_values[match->slot]))
                    return false;
            } else if (!parseValue(depth + 1, Scope::Ignored, nullptr)) {
                return false;
            }

            bool closed = false;
            if (!afterItem('}', &closed))
                return false;
            if (closed)
                return true;
        }
    }

    bool parseArray(int depth)
    {
        ++m_p; // '['
        skipWhitespace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        for (;;) {
            if (!parseValue(depth + 1, Scope::Ignored, nullptr))
                return false;
            bool closed = false;
            if (!afterItem(']', &closed))
                return false;
            if (closed)
                return true;
        }
    }

    // After a member or an element: `close` ends the container (*closed), ',' announces the next item.
    bool afterItem(char close, bool *closed)
    {
        skipWhitespace();
        if (m_p == m_end)
            return fail(MediaFrameError::NotJson);
        *closed = *m_p == close;
        if (!*closed && *m_p != ',')
            return fail(MediaFrameError::NotJson);
        ++m_p;
        if (!*closed)
            skipWhitespace();
        return true;
    }

    static bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    static bool isContinuation(uint8_t c) { return (c & 0xC0) == 0x80; }

    // Checks one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
    bool skipUtf8Sequence()
    {
        const auto *u = reinterpret_cast<const uint8_t *>(m_p);
        const qsizetype left = m_end - m_p;
        const uint8_t c = u[0];
        int length;
        uint8_t low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0; // overlong
            else if (c == 0xED)
                high = 0x9F; // UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90; // overlong
            else if (c == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return fail(MediaFrameError::NotJson);
        }
        if (left < length || u[1] < low || u[1] > high)
            return fail(MediaFrameError::NotJson);
        for (int i = 2; i < length; ++i) {
            if (!isContinuation(u[i]))
                return fail(MediaFrameError::NotJson);
        }
        m_p += length;
        return true;
    }

    bool parseString(Value *out)
    {
        ++m_p; // opening quote
        const char *start = m_p;
        bool escaped = false;
        while (m_p != m_end) {
            const auto c = static_cast<uint8_t>(*m_p);
            if (c == '"') {
                *out = Value{JsonType::String, QByteArrayView(start, m_p - start), escaped};
                ++m_p;
                return true;
            }
            if (c == '\\') {
                escaped = true;
                if (++m_p == m_end)
                    break;
                switch (*m_p) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    ++m_p;
                    break;
                case 'u':
                    if (m_end - m_p < 5 || !isHex(m_p[1]) || !isHex(m_p[2]) || !isHex(m_p[3]) || !isHex(m_p[4]))
                        return fail(MediaFrameError::NotJson);
                    m_p += 5;
                    break;
                default:
                    return fail(MediaFrameError::NotJson);
                }
            } else if (c < 0x20) {
                return fail(MediaFrameError::NotJson); // raw control characters must be escaped
            } else if (c < 0x80) {
                ++m_p;
            } else if (!skipUtf8Sequence()) {
                return false;
            }
        }
        return fail(MediaFrameError::NotJson); // unterminated
    }

    bool parseNumber()
    {
        auto digits = [this] {
            const char *from = m_p;
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p != from;
        };
        if (*m_p == '-')
            ++m_p;
        if (m_p == m_end)
            return fail(MediaFrameError::NotJson);
        if (*m_p == '0')
            ++m_p; // no leading zeros
        else if (!digits())
            return fail(MediaFrameError::NotJson);
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail(MediaFrameError::NotJson);
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail(MediaFrameError::NotJson);
        }
        return true;
    }

    bool literal(const char *word)
    {
        const auto length = static_cast<qsizetype>(std::strlen(word));
        if (m_end - m_p < length || std::memcmp(m_p, word, length) != 0)
            return fail(MediaFrameError::NotJson);
        m_p += length;
        return true;
    }

    static const KeySlot *find(std::span<const KeySlot> keys, const Value &key);

    const char *m_p;
    const char *m_end;
    MediaFrameError m_error = MediaFrameError::None;
    Value m_scratch;
    std::array<Value, SlotCount> m_values{};
};

// ---- turning captured bytes into values -------------------------------------------------------------------------

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

// Resolves JSON escapes in an already validated string. A lone surrogate becomes U+FFFD, as in QJsonDocument.
QByteArray unescape(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    const char *p = raw.data();
    const char *end = p + raw.size();
    auto hex4 = [](const char *h) {
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = h[i];
            v = v * 16 + char32_t(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        return v;
    };
    while (p != end) {
        if (*p != '\\') {
            out.append(*p++);
            continue;
        }
        ++p;
        const char c = *p++;
        switch (c) {
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            char32_t cp = hex4(p);
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                const char32_t low = hex4(p + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            appendUtf8(out, cp);
            break;
        }
        default: // '"', '\\', '/'
            out.append(c);
            break;
        }
    }
    return out;
}

const KeySlot *Scanner::find(std::span<const KeySlot> keys, const Value &key)
{
    QByteArray unescaped;
    QByteArrayView name = key.raw;
    if (key.escaped) { // "ev\u0065nt" is "event" to every other parser, so it must be to us too
        unescaped = unescape(key.raw);
        name = unescaped;
    }
    for (const KeySlot &candidate : keys) {
        if (candidate.key == name)
            return &candidate;
    }
    return nullptr;
}

// Absent stays as it is; a string is decoded; anything else is a type error.
bool readString(const Value &value, QString *out)
{
    if (value.type == JsonType::Absent)
        return true;
    if (value.type != JsonType::String)
        return false;
    *out = value.escaped ? QString::fromUtf8(unescape(value.raw)) : QString::fromUtf8(value.raw);
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
MediaFrameError readUnsigned(const Value &value, std::optional<quint64> *out, quint64 max)
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

MediaFrameError readObject(const Value &value, bool required)
{
    if (value.type == JsonType::Absent)
        return required ? MediaFrameError::MissingField : MediaFrameError::None;
    return value.type == JsonType::Object ? MediaFrameError::None : MediaFrameError::WrongType;
}

constexpr std::array<int8_t, 256> makeBase64Table()
{
    std::array<int8_t, 256> table{};
    for (auto &entry : table)
        entry = -1;
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        table[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
    return table;
}
constexpr std::array<int8_t, 256> kBase64Decode = makeBase64Table();
constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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

MediaFrameError interpret(const Scanner &s, MediaFrame &f)
{
    using E = MediaFrameError;
    const Value &event = s[SlotEvent];
    if (event.type == JsonType::Absent)
        return E::MissingEvent;
    if (event.type != JsonType::String)
        return E::WrongType;
    const QByteArray unescapedEvent = event.escaped ? unescape(event.raw) : QByteArray();
    const QByteArrayView eventName = event.escaped ? QByteArrayView(unescapedEvent) : event.raw;
    const EventName *known = nullptr;
    for (const EventName &candidate : kEvents) {
        if (candidate.name == eventName)
            known = &candidate;
    }
    if (!known)
        return E::UnknownEvent;
    f.event = known->event;

    if (E e = readUnsigned(s[SlotSequence], &f.sequenceNumber, std::numeric_limits<quint64>::max()); e != E::None)
        return e;
    if (!readString(s[SlotStreamId], &f.streamId))
        return E::WrongType;

    switch (f.event) {
    case MediaFrame::Event::Media: {
        if (E e = readObject(s[SlotMediaObject], true); e != E::None)
            return e;
        const Value &track = s[SlotTrack];
        if (track.type == JsonType::String) {
            const QByteArray unescapedTrack = track.escaped ? unescape(track.raw) : QByteArray();
            const QByteArrayView name = track.escaped ? QByteArrayView(unescapedTrack) : track.raw;
            if (name == "inbound" || name == "inbound_track")
                f.track = MediaFrame::Track::Inbound;
            else if (name == "outbound" || name == "outbound_track")
                f.track = MediaFrame::Track::Outbound;
            else
                return E::BadTrack;
        } else if (track.type != JsonType::Absent) {
            return E::WrongType;
        }
        const quint64 any = std::numeric_limits<quint64>::max();
        if (E e = readUnsigned(s[SlotChunk], &f.chunk, any); e != E::None)
            return e;
        if (E e = readUnsigned(s[SlotTimestamp], &f.timestamp, any); e != E::None)
            return e;
        const Value &payload = s[SlotPayload];
        if (payload.type == JsonType::Absent)
            return E::MissingField;
        if (payload.type != JsonType::String)
            return E::WrongType;
        // Some JSON writers escape '/' as "\/"; base64 uses '/', so resolve escapes first (rare, slow path).
        std::optional<QByteArray> bytes =
            payload.escaped ? decodeBase64Strict(unescape(payload.raw)) : decodeBase64Strict(payload.raw);
        if (!bytes)
            return E::BadBase64;
        f.payload = std::move(*bytes);
        break;
    }
    case MediaFrame::Event::Start: {
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
        if (E e = readUnsigned(s[SlotSampleRate], &rate, 1'000'000); e != E::None)
            return e;
        if (E e = readUnsigned(s[SlotChannels], &channels, 255); e != E::None)
            return e;
        f.sampleRate = int(rate.value_or(0));
        f.channels = int(channels.value_or(0));
        break;
    }
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
    case MediaFrame::Event::Error: {
        if (E e = readObject(s[SlotErrorObject], false); e != E::None)
            return e;
        const Value &code = s[SlotErrorCode];
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
        break;
    }
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
    Scanner scanner(json);
    MediaFrameError result = scanner.run();
    MediaFrame frame;
    if (result == MediaFrameError::None)
        result = interpret(scanner, frame);
    if (error)
        *error = result;
    if (result != MediaFrameError::None)
        return std::nullopt;
    return frame;
}

std::optional<QByteArray> decodeBase64Strict(QByteArrayView text)
{
    qsizetype length = text.size();
    const auto *in = reinterpret_cast<const uint8_t *>(text.data());
    if (length % 4 == 0 && length > 0 && in[length - 1] == '=')
        length -= in[length - 2] == '=' ? 2 : 1;
    else if (length % 4 != 0 && length > 0 && in[length - 1] == '=')
        return std::nullopt; // padding only completes a group of four
    if (length % 4 == 1)
        return std::nullopt; // one leftover character cannot hold a whole byte

    QByteArray out(length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1), Qt::Uninitialized);
    auto *o = reinterpret_cast<uint8_t *>(out.data());
    int bad = 0; // OR of all lookups: one branch at the end instead of one per character
    qsizetype i = 0;
    for (; i + 4 <= length; i += 4) {
        const int a = kBase64Decode[in[i]], b = kBase64Decode[in[i + 1]], c = kBase64Decode[in[i + 2]],
                  d = kBase64Decode[in[i + 3]];
        bad |= a | b | c | d;
        const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
        *o++ = uint8_t(v >> 16);
        *o++ = uint8_t(v >> 8);
        *o++ = uint8_t(v);
    }
    const qsizetype rest = length - i;
    if (rest >= 2) {
        const int a = kBase64Decode[in[i]], b = kBase64Decode[in[i + 1]];
        const int c = rest == 3 ? kBase64Decode[in[i + 2]] : 0;
        bad |= a | b | c;
        const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
        *o++ = uint8_t(v >> 16);
        if (rest == 3)
            *o++ = uint8_t(v >> 8);
    }
    if (bad < 0) // every invalid byte, including a '=' in the middle, maps to -1
        return std::nullopt;
    return out;
}

QByteArray makeOutboundMediaFrame(std::span<const uint8_t> pcmu)
{
    static constexpr char kPrefix[] = R"({"event":"media","media":{"payload":")";
    static constexpr char kSuffix[] = R"("}})";
    const qsizetype encoded = qsizetype((pcmu.size() + 2) / 3 * 4);
    QByteArray frame(qsizetype(sizeof kPrefix - 1) + encoded + qsizetype(sizeof kSuffix - 1), Qt::Uninitialized);
    char *o = frame.data();
    std::memcpy(o, kPrefix, sizeof kPrefix - 1);
    o += sizeof kPrefix - 1;
    size_t i = 0;
    for (; i + 3 <= pcmu.size(); i += 3) {
        const uint32_t v = (uint32_t(pcmu[i]) << 16) | (uint32_t(pcmu[i + 1]) << 8) | pcmu[i + 2];
        *o++ = kBase64Alphabet[(v >> 18) & 63];
        *o++ = kBase64Alphabet[(v >> 12) & 63];
        *o++ = kBase64Alphabet[(v >> 6) & 63];
        *o++ = kBase64Alphabet[v & 63];
    }
    if (const size_t rest = pcmu.size() - i; rest > 0) {
        const uint32_t v = (uint32_t(pcmu[i]) << 16) | (rest == 2 ? uint32_t(pcmu[i + 1]) << 8 : 0);
        *o++ = kBase64Alphabet[(v >> 18) & 63];
        *o++ = kBase64Alphabet[(v >> 12) & 63];
        *o++ = rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    std::memcpy(o, kSuffix, sizeof kSuffix - 1);
    return frame;
}

} // namespace sb
