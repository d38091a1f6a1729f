// SPDX-License-Identifier: MIT
#include "websocket/WebSocketFrames.h"

#include <cstring>

namespace sb::ws {

namespace {

void appendHeader(QByteArray &out, quint8 firstByte, quint64 length, bool masked)
{
    // RFC 6455 section 5.2: FIN/opcode, then the length in 7, 7+16 or 7+64 bits.
    const char mask = masked ? char(0x80) : char(0);
    out.append(char(firstByte));
    if (length < 126) {
        out.append(char(char(length) | mask));
    } else if (length <= 0xFFFF) {
        out.append(char(126 | mask));
        out.append(char(length >> 8));
        out.append(char(length & 0xFF));
    } else {
        out.append(char(127 | mask));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((length >> shift) & 0xFF));
    }
}

// RFC 6455 section 5.5: a control frame carries at most 125 bytes (a close frame: 2 of them the code).
constexpr quint64 kMaxControlPayload = 125;
constexpr qsizetype kMaxCloseReason = qsizetype(kMaxControlPayload) - 2;
// Client frames carry a 4-byte masking key after the length (section 5.3).
constexpr qsizetype kMaskKeyBytes = 4;
// Consumed bytes are dropped from the front of the buffer once they pass this much and make up most of it:
// seldom enough that the memmove stays cheap, soon enough that a long-lived connection does not hoard memory.
constexpr qsizetype kCompactAfterBytes = 65536;

bool isControl(Opcode opcode)
{
    return quint8(opcode) & 0x8;
}

// Codes a peer may put in a close frame (section 7.4): the defined ones that may travel, and the
// ranges for libraries (3000-3999) and applications (4000-4999).
bool isValidCloseCode(quint16 code)
{
    if (code >= 3000 && code <= 4999)
        return true;
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011);
}

// Client payloads are XORed with the 4-byte key (section 5.3); unmasks `size` bytes into out[offset...].
void unmaskInto(QByteArray &out, qsizetype offset, const quint8 *data, qsizetype size, const quint8 *mask)
{
    out.resize(offset + size);
    auto *dst = reinterpret_cast<quint8 *>(out.data()) + offset;
    for (qsizetype i = 0; i < size; ++i)
        dst[i] = data[i] ^ mask[i & 3];
}

} // namespace

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload)
{
    QByteArray frame;
    frame.reserve(payload.size() + 10);
    appendHeader(frame, 0x80 | quint8(opcode), quint64(payload.size()), false);
    frame.append(payload);
    return frame;
}

QByteArray encodeCloseFrame(quint16 code, QByteArrayView reason)
{
    QByteArray payload;
    payload.append(char(code >> 8));
    payload.append(char(code & 0xFF));
    payload.append(reason.first(qMin(reason.size(), kMaxCloseReason)));
    return encodeFrame(Opcode::Close, payload);
}

QByteArray encodeClientFrame(Opcode opcode, QByteArrayView payload, std::array<quint8, 4> maskKey, bool final)
{
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    appendHeader(frame, (final ? 0x80 : 0) | quint8(opcode), quint64(payload.size()), true);
    for (quint8 byte : maskKey)
        frame.append(char(byte));
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ char(maskKey[size_t(i % 4)])));
    return frame;
}

QByteArrayView framePayload(const QByteArray &frame)
{
    if (frame.size() < 2 || (frame[1] & 0x80))
        return {};
    const quint8 len7 = quint8(frame[1]);
    const qsizetype header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    if (frame.size() < header)
        return {};
    return QByteArrayView(frame).sliced(header);
}

std::optional<FrameReader::Message> FrameReader::fail(quint16 code, const QString &reason)
{
    m_error = Error{code, reason};
    m_buffer.clear();
    m_pos = 0;
    m_fragments.clear();
    return std::nullopt;
}

void FrameReader::feed(QByteArrayView bytes)
{
    if (m_error)
        return;
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.resize(0); // keeps the capacity
        m_pos = 0;
    } else if (m_pos > kCompactAfterBytes && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

std::optional<FrameReader::FrameHeader> FrameReader::readHeader()
{
    const auto *p = reinterpret_cast<const quint8 *>(m_buffer.constData()) + m_pos;
    const qsizetype available = m_buffer.size() - m_pos;
    if (available < 2)
        return std::nullopt;
    FrameHeader header;
    header.final = p[0] & 0x80;
    if (p[0] & 0x70) {
        fail(CloseProtocolError, QStringLiteral("reserved bits set"));
        return std::nullopt;
    }
    header.opcode = Opcode(p[0] & 0x0F);
    switch (header.opcode) {
    case Opcode::Continuation:
    case Opcode::Text:
    case Opcode::Binary:
    case Opcode::Close:
    case Opcode::Ping:
    case Opcode::Pong:
        break;
    default:
        fail(CloseProtocolError, QStringLiteral("unknown opcode %1").arg(p[0] & 0x0F));
        return std::nullopt;
    }
    if (!(p[1] & 0x80)) {
        fail(CloseProtocolError, QStringLiteral("unmasked client frame"));
        return std::nullopt;
    }
    quint64 length = p[1] & 0x7F;
    header.size = 2;
    if (length == 126) {
        if (available < 4)
            return std::nullopt;
        length = quint64(p[2]) << 8 | p[3];
        header.size = 4;
    } else if (length == 127) {
        if (available < 10)
            return std::nullopt;
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = length << 8 | p[i];
        header.size = 10;
    }
    if (isControl(header.opcode) && (!header.final || length > kMaxControlPayload)) {
        fail(CloseProtocolError, QStringLiteral("fragmented or oversized control frame"));
        return std::nullopt;
    }
    // Only a continuation adds to the message being reassembled; a control frame between its
    // fragments is not part of it.
    const qsizetype assembled = header.opcode == Opcode::Continuation ? m_fragments.size() : 0;
    if (length > quint64(m_maxMessage) || quint64(assembled) + length > quint64(m_maxMessage)) {
        fail(CloseTooBig, QStringLiteral("message too big"));
        return std::nullopt;
    }
    header.size += kMaskKeyBytes;
    if (available < header.size || quint64(available - header.size) < length)
        return std::nullopt;
    header.mask = p + header.size - kMaskKeyBytes;
    header.payloadSize = qsizetype(length);
    return header;
}

std::optional<FrameReader::Message> FrameReader::controlMessage(const FrameHeader &header, const quint8 *payload)
{
    Message message;
    message.opcode = header.opcode;
    unmaskInto(message.payload, 0, payload, header.payloadSize, header.mask);
    if (header.opcode != Opcode::Close)
        return message;
    if (header.payloadSize == 1)
        return fail(CloseProtocolError, QStringLiteral("close frame with a one-byte code"));
    message.closeCode = CloseNoStatus;
    if (header.payloadSize >= 2) {
        message.closeCode = quint16(quint8(message.payload[0]) << 8 | quint8(message.payload[1]));
        message.payload.remove(0, 2);
        if (!isValidCloseCode(message.closeCode))
            return fail(CloseProtocolError, QStringLiteral("invalid close code"));
        if (!QByteArrayView(message.payload).isValidUtf8())
            return fail(CloseBadPayload, QStringLiteral("close reason is not UTF-8"));
    }
    return message;
}

std::optional<FrameReader::Message> FrameReader::assemble(const FrameHeader &header, const quint8 *payload)
{
    if (header.opcode == Opcode::Continuation) {
        if (!m_fragmentOpcode)
            return fail(CloseProtocolError, QStringLiteral("continuation without a message"));
    } else if (m_fragmentOpcode) {
        return fail(CloseProtocolError, QStringLiteral("new message inside a fragmented one"));
    }

    Message message;
    if (header.opcode != Opcode::Continuation && header.final) {
        // The common case: a whole message in one frame, unmasked straight into its own buffer.
        message.opcode = header.opcode;
        unmaskInto(message.payload, 0, payload, header.payloadSize, header.mask);
    } else {
        if (header.opcode != Opcode::Continuation)
            m_fragmentOpcode = header.opcode;
        unmaskInto(m_fragments, m_fragments.size(), payload, header.payloadSize, header.mask);
        if (!header.final)
            return std::nullopt;
        message.opcode = *m_fragmentOpcode;
        message.payload = std::exchange(m_fragments, {});
        m_fragmentOpcode.reset();
    }
    if (message.opcode == Opcode::Text && !QByteArrayView(message.payload).isValidUtf8())
        return fail(CloseBadPayload, QStringLiteral("text message is not UTF-8"));
    return message;
}

std::optional<FrameReader::Message> FrameReader::next()
{
    while (!m_error) {
        const std::optional<FrameHeader> header = readHeader();
        if (!header)
            return std::nullopt; // incomplete, or failed
        const auto *payload = reinterpret_cast<const quint8 *>(m_buffer.constData()) + m_pos + header->size;
        m_pos += header->size + header->payloadSize;
        if (isControl(header->opcode))
            return controlMessage(*header, payload);
        if (std::optional<Message> message = assemble(*header, payload))
            return message;
        // A fragment was kept (read on), or the message failed the connection (the loop ends).
    }
    return std::nullopt;
}

} // namespace sb::ws
