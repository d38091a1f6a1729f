// SPDX-License-Identifier: MIT
#include "media/JsonScanner.h"

// C++
#include <cstring>

namespace sb {

namespace {

// One run of scanJson() (the rules are in JsonScanner.h). A class in this file only, so that the compiler sees
// the whole recursion and can inline the small steps.
class Scanner {
public:
    Scanner(QByteArrayView input, const JsonSchema &schema, std::span<JsonValue> captures)
        : m_p(input.data())
        , m_end(input.data() + input.size())
        , m_schema(schema)
        , m_slots(captures)
    {
    }

    JsonScanError run()
    {
        skipWhitespace();
        if (m_p == m_end)
            return JsonScanError::NotJson;
        const bool isObject = *m_p == '{';
        if (!parseValue(1, m_schema.rootScope, nullptr))
            return m_error;
        skipWhitespace();
        if (m_p != m_end)
            return JsonScanError::NotJson;
        return isObject ? JsonScanError::None : JsonScanError::NotObject;
    }

private:
    bool fail(JsonScanError error)
    {
        if (m_error == JsonScanError::None)
            m_error = error;
        return false;
    }

    void skipWhitespace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool parseValue(int depth, uint8_t childScope, JsonValue *capture)
    {
        if (m_p == m_end)
            return fail(JsonScanError::NotJson);
        const char *start = m_p;
        JsonType type;
        switch (*m_p) {
        case '{':
            if (depth > m_schema.maxDepth)
                return fail(JsonScanError::TooDeep);
            if (!parseObject(depth, childScope))
                return false;
            type = JsonType::Object;
            break;
        case '[':
            if (depth > m_schema.maxDepth)
                return fail(JsonScanError::TooDeep);
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
            *capture = JsonValue{type, QByteArrayView(start, m_p - start), false};
        return true;
    }

    bool parseObject(int depth, uint8_t scope)
    {
        ++m_p; // '{'
        skipWhitespace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        const std::span<const JsonKey> keys = m_schema.scopes[scope];
        for (;;) {
            if (m_p == m_end || *m_p != '"')
                return fail(JsonScanError::NotJson);
            JsonValue key;
            if (!parseString(&key))
                return false;
            skipWhitespace();
            if (m_p == m_end || *m_p != ':')
                return fail(JsonScanError::NotJson);
            ++m_p;
            skipWhitespace();

            const JsonKey *match = keys.empty() ? nullptr : find(keys, key);
            if (match) {
                if (m_slots[match->slot].type != JsonType::Absent)
                    return fail(JsonScanError::DuplicateKey);
                if (!parseValue(depth + 1, match->childScope, &m_slots[match->slot]))
                    return false;
            } else if (!parseValue(depth + 1, kIgnoredScope, nullptr)) {
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
            if (!parseValue(depth + 1, kIgnoredScope, nullptr))
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
            return fail(JsonScanError::NotJson);
        *closed = *m_p == close;
        if (!*closed && *m_p != ',')
            return fail(JsonScanError::NotJson);
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
            return fail(JsonScanError::NotJson);
        }
        if (left < length || u[1] < low || u[1] > high)
            return fail(JsonScanError::NotJson);
        for (int i = 2; i < length; ++i) {
            if (!isContinuation(u[i]))
                return fail(JsonScanError::NotJson);
        }
        m_p += length;
        return true;
    }

    bool parseString(JsonValue *out)
    {
        ++m_p; // opening quote
        const char *start = m_p;
        bool escaped = false;
        while (m_p != m_end) {
            const auto c = static_cast<uint8_t>(*m_p);
            if (c == '"') {
                *out = JsonValue{JsonType::String, QByteArrayView(start, m_p - start), escaped};
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
                        return fail(JsonScanError::NotJson);
                    m_p += 5;
                    break;
                default:
                    return fail(JsonScanError::NotJson);
                }
            } else if (c < 0x20) {
                return fail(JsonScanError::NotJson); // raw control characters must be escaped
            } else if (c < 0x80) {
                ++m_p;
            } else if (!skipUtf8Sequence()) {
                return false;
            }
        }
        return fail(JsonScanError::NotJson); // unterminated
    }

    bool parseNumber()
    {
        auto digits = [this] {
            const char *from = m_p;
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p != from;
        };
        const char *const start = m_p;
        if (*m_p == '-')
            ++m_p;
        if (m_p == m_end)
            return fail(JsonScanError::NotJson);
        if (*m_p == '0')
            ++m_p; // no leading zeros
        else if (!digits())
            return fail(JsonScanError::NotJson);
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail(JsonScanError::NotJson);
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail(JsonScanError::NotJson);
        }
        // A number no double holds (1e400, 1e-400) is refused, as QJsonDocument refuses it ("illegal number"):
        // this scanner must accept exactly what Qt's parser accepts (the media frame fuzzer checks it).
        bool inRange = false;
        static_cast<void>(QByteArrayView(start, m_p - start).toDouble(&inRange));
        if (!inRange)
            return fail(JsonScanError::NotJson);
        return true;
    }

    bool literal(const char *word)
    {
        const auto length = static_cast<qsizetype>(std::strlen(word));
        if (m_end - m_p < length || std::memcmp(m_p, word, length) != 0)
            return fail(JsonScanError::NotJson);
        m_p += length;
        return true;
    }

    static const JsonKey *find(std::span<const JsonKey> keys, const JsonValue &key);

    const char *m_p;
    const char *m_end;
    JsonScanError m_error = JsonScanError::None;
    const JsonSchema &m_schema;
    std::span<JsonValue> m_slots; // the caller's, one per slot number
    JsonValue m_scratch;          // strings nobody asked for land here
};

// ---- escapes -------------------------------------------------------------------------------------------------------

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
} // namespace

QByteArray jsonUnescape(QByteArrayView raw)
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

namespace {

const JsonKey *Scanner::find(std::span<const JsonKey> keys, const JsonValue &key)
{
    QByteArray unescaped;
    QByteArrayView name = key.raw;
    if (key.escaped) { // "ev\u0065nt" is "event" to every other parser, so it must be to us too
        unescaped = jsonUnescape(key.raw);
        name = unescaped;
    }
    for (const JsonKey &candidate : keys) {
        if (candidate.key == name)
            return &candidate;
    }
    return nullptr;
}

} // namespace

JsonScanError scanJson(QByteArrayView input, const JsonSchema &schema, std::span<JsonValue> captures)
{
    return Scanner(input, schema, captures).run();
}

} // namespace sb
