// SPDX-License-Identifier: MIT
#pragma once

// Payloads for the WebSocket framing tests (tst_websocketframes, tst_rawwebsocket), and the frames a server sends
// back as a raw-socket test reads them (tst_httpfrontend, tst_mediagateway).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

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

struct ServerFrame {
    quint8 opcode = 0;
    QByteArray payload;
};

// The whole frames in what a server sent after its 101 answer (server frames are unmasked); an incomplete last
// frame is left out. Empty until the answer's head is complete.
inline QList<ServerFrame> serverFrames(const QByteArray &bytes)
{
    QList<ServerFrame> frames;
    const qsizetype head = bytes.indexOf("\r\n\r\n");
    if (head < 0)
        return frames;
    qsizetype at = head + 4;
    while (bytes.size() >= at + 2) {
        qsizetype length = quint8(bytes[at + 1]) & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (bytes.size() < at + 4)
                break;
            length = qsizetype(quint8(bytes[at + 2])) << 8 | quint8(bytes[at + 3]);
            header = 4;
        } else if (length == 127) {
            if (bytes.size() < at + 10)
                break;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = length << 8 | quint8(bytes[at + i]);
            header = 10;
        }
        if (bytes.size() < at + header + length)
            break;
        frames.append({quint8(quint8(bytes[at]) & 0x0F), bytes.mid(at + header, length)});
        at += header + length;
    }
    return frames;
}

// The WebSocket upgrade request for `pathAndQuery` with a valid key, and extra header lines ("name: value\r\n").
inline QByteArray upgradeRequest(const QByteArray &pathAndQuery, const QByteArray &extraHeaders = {})
{
    return "GET " + pathAndQuery +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
           extraHeaders + "\r\n";
}

} // namespace sb::test
