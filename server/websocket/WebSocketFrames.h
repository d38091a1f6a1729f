// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <optional>

namespace sb::ws {

// RFC 6455 framing for the server side of a WebSocket: what RawWebSocket speaks on the media paths,
// where Switchboard reads and writes the connection itself instead of going through QWebSocket.

enum class Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// Close codes used here (RFC 6455 section 7.4.1).
enum CloseCode : quint16 {
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseProtocolError = 1002,
    CloseNoStatus = 1005, // never sent: a close frame without a code reads as this
    CloseBadPayload = 1007,
    ClosePolicyViolated = 1008,
    CloseTooBig = 1009,
};

// One unmasked, final frame as a server sends it. The bytes are the same for every client, so one
// encoded frame can be shared by any number of connections.
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload);
inline QByteArray encodeTextFrame(QByteArrayView utf8)
{
    return encodeFrame(Opcode::Text, utf8);
}
QByteArray encodeCloseFrame(quint16 code, QByteArrayView reason);

// A frame as a client must send it (masked with `maskKey`); `final` false starts or continues a
// fragmented message. For tests and load generators.
QByteArray encodeClientFrame(Opcode opcode, QByteArrayView payload, std::array<quint8, 4> maskKey, bool final = true);

// The payload of a frame made by encodeFrame() (header skipped), or a null array when `frame` is not one.
QByteArrayView framePayload(const QByteArray &frame);

// Incremental reader of what a client sends: masked frames, reassembled into whole messages; control
// frames (ping, pong, close) come out as they arrive, also between the fragments of a message.
//
// It is strict, as RFC 6455 section 5 asks of a server: an unmasked frame, reserved bits (no extension
// is negotiated), an unknown opcode, a fragmented or oversized control frame, a continuation without a
// message, a message over the size limit or text that is not UTF-8 fails the connection; error() then
// names the close code and the reason, and the reader yields nothing more.
class FrameReader {
public:
    struct Message {
        Opcode opcode = Opcode::Text; // Text, Binary, Ping, Pong or Close
        QByteArray payload;           // unmasked; for Close, the reason only
        quint16 closeCode = 0;        // for Close: the peer's code, CloseNoStatus when it gave none
    };
    struct Error {
        quint16 closeCode = 0;
        QString reason;
    };

    explicit FrameReader(qsizetype maxMessageBytes)
        : m_maxMessage(maxMessageBytes)
    {
    }

    // Appends received bytes.
    void feed(QByteArrayView bytes);
    // The next complete message, if the bytes fed so far hold one.
    std::optional<Message> next();

    const std::optional<Error> &error() const { return m_error; }
    qsizetype buffered() const { return m_buffer.size() - m_pos; }

private:
    // One client frame's header (RFC 6455 section 5.2), checked; the payload follows it in m_buffer.
    struct FrameHeader {
        bool final = true;
        Opcode opcode = Opcode::Text;
        qsizetype size = 0;           // header bytes, the mask key included
        qsizetype payloadSize = 0;    // bytes after the header
        const quint8 *mask = nullptr; // the 4-byte mask key
    };

    // The header of the frame at m_pos, once the whole frame has arrived; nothing while bytes are missing
    // or when the header fails the connection (error() then says why).
    std::optional<FrameHeader> readHeader();
    // A ping, pong or close frame, which comes out on its own, also between the fragments of a message.
    std::optional<Message> controlMessage(const FrameHeader &header, const quint8 *payload);
    // A data frame: the whole message it ends, or nothing while fragments are still coming (or on failure).
    std::optional<Message> assemble(const FrameHeader &header, const quint8 *payload);
    std::optional<Message> fail(quint16 code, const QString &reason);

    qsizetype m_maxMessage;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    QByteArray m_fragments; // the message being reassembled
    std::optional<Opcode> m_fragmentOpcode;
    std::optional<Error> m_error;
};

} // namespace sb::ws
