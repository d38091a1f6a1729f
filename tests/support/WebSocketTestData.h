// SPDX-License-Identifier: MIT
#pragma once

// Payloads for the WebSocket framing tests (tst_websocketframes, tst_rawwebsocket).

#include <QByteArray>
#include <QByteArrayView>

namespace sb::test {

// Every byte value, in an order that is not just 0..255.
inline QByteArray binaryPayload(qsizetype size, int seed = 0)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char((i * 7 + 3 + seed) & 0xFF);
    return out;
}

// Valid UTF-8 of exactly `size` bytes, mostly two-byte characters (U+00E9).
inline QByteArray textPayload(qsizetype size)
{
    QByteArray out;
    out.reserve(size);
    while (out.size() < size) {
        if (size - out.size() >= 2 && out.size() % 5 != 4)
            out.append("\xC3\xA9");
        else
            out.append(char('a' + out.size() % 26));
    }
    return out;
}

// The payload of a close frame: the code, big-endian, then the reason.
inline QByteArray closePayload(quint16 code, QByteArrayView reason = {})
{
    QByteArray out;
    out.append(char(code >> 8));
    out.append(char(code & 0xFF));
    out.append(reason);
    return out;
}

} // namespace sb::test
