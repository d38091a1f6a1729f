// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QByteArrayView>

// C++
#include <cstdint>
#include <span>

namespace sb {

// A strict JSON scanner that validates a whole document but only captures the members a schema names, as views
// into the input: the media path's parser (MediaFrame) runs it for every 20 ms frame of every call, so it must
// not build a DOM. MediaFrame.h has the figures.
//
// Recursive descent over RFC 8259 (grammar, UTF-8 per RFC 3629, no trailing bytes) with every read
// bounds-checked and the nesting capped (JsonSchema::maxDepth), so hostile nesting costs at most a few KiB of
// stack. Nothing is allocated unless a key is written with escapes.

enum class JsonType : uint8_t { Absent, String, Number, Bool, Null, Object, Array };

// One captured value.
struct JsonValue {
    JsonType type = JsonType::Absent;
    QByteArrayView raw; // strings: the bytes between the quotes, escapes not yet resolved; else the literal text
    bool escaped = false;
};

// Scope 0 reads nothing: the members of an object in it are validated and skipped.
constexpr uint8_t kIgnoredScope = 0;

// A member to capture: in an object read in some scope, `key` fills slot `slot`; when its value is an object,
// that object's members are read in `childScope`.
struct JsonKey {
    QByteArrayView key;
    uint8_t slot;
    uint8_t childScope = kIgnoredScope;
};

struct JsonSchema {
    std::span<const std::span<const JsonKey>> scopes; // the keys of each scope, by scope number
    uint8_t rootScope;                                // how the top-level object is read
    int maxDepth;                                     // deepest nesting of objects and arrays accepted
};

enum class JsonScanError : uint8_t {
    None,
    NotJson,      // syntax error, trailing bytes, invalid UTF-8 inside a string
    NotObject,    // valid JSON whose top level is not an object
    TooDeep,      // nesting beyond the schema's maxDepth
    DuplicateKey, // a captured member appears twice in its object: other parsers would pick the other one
};

// Scans `input`; each member the schema names lands in captures[its slot] (captures must have room for every slot
// number used). A captured value stays valid as long as `input` does.
JsonScanError scanJson(QByteArrayView input, const JsonSchema &schema, std::span<JsonValue> captures);

// Resolves the escapes of a string the scanner validated. A lone surrogate becomes U+FFFD, as in QJsonDocument.
QByteArray jsonUnescape(QByteArrayView raw);

} // namespace sb
