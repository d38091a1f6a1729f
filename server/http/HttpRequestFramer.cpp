// SPDX-License-Identifier: MIT
#include "http/HttpRequestFramer.h"

#include <QList>

namespace sb {

namespace {

// A chunk-size line is a few hex digits; extensions are allowed but nobody sends long ones.
constexpr qsizetype kMaxChunkLineBytes = 4096;
// Hex digits of a chunk size: 15 keep the sum far from overflow; the body limit refuses much less anyway.
constexpr qsizetype kMaxChunkSizeDigits = 15;

// What Qt 6.4's parser skips before a request line (left over from the request before).
bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

// RFC 9110 §5.6.2 token characters: what a header name may hold.
bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool allDigits(QByteArrayView text, qsizetype maxDigits)
{
    if (text.isEmpty() || text.size() > maxDigits)
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool hasToken(const QByteArray &commaList, QByteArrayView token)
{
    for (const QByteArray &item : commaList.split(',')) {
        if (item.trimmed() == token)
            return true;
    }
    return false;
}

} // namespace

HttpRequestFramer::Verdict HttpRequestFramer::feed(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (at < bytes.size() && m_verdict == Verdict::Ok) {
        if (m_stage == Stage::Upgrade || m_stage == Stage::Closed)
            break;
        if (m_stage == Stage::Body) {
            at += feedBody(bytes.sliced(at));
            continue;
        }
        at += feedHead(bytes.sliced(at));
        if (m_stage == Stage::Head && headComplete())
            parseHead();
    }
    m_consumed = at;
    return m_verdict;
}

qsizetype HttpRequestFramer::feedHead(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        // Blank lines before a request count towards its head: an endless run of them is an endless head.
        if (++m_headSeen > m_limits.maxHeadBytes) {
            fail(Verdict::HeadTooLarge, QStringLiteral("a request head over %1 bytes").arg(m_limits.maxHeadBytes));
            return i + 1;
        }
        if (m_stage == Stage::Idle) {
            if (isBlank(c))
                continue;
            m_stage = Stage::Head;
        }
        m_head.append(c);
        if (c != '\n')
            continue;
        if (m_fieldsStart < 0) {
            m_fieldsStart = m_head.size(); // the request line is complete
            if (headComplete())
                return i + 1;
        } else if (headComplete()) {
            return i + 1;
        }
    }
    return bytes.size();
}

bool HttpRequestFramer::headComplete() const
{
    // Qt 6.4's rule: the header fields end with an empty line, CRLF or bare LF (also when there are none).
    if (m_fieldsStart < 0 || !m_head.endsWith('\n'))
        return false;
    const QByteArrayView fields = QByteArrayView(m_head).sliced(m_fieldsStart);
    if (fields.isEmpty())
        return false;
    return fields == "\n" || fields == "\r\n" || fields.endsWith("\n\n") || fields.endsWith("\n\r\n");
}

HttpRequestFramer::Verdict HttpRequestFramer::parseHead()
{
    QList<QByteArray> lines = m_head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> request = lines.first().split(' ');
    if (request.size() != 3 || request[0].isEmpty() || request[1].isEmpty() ||
        (request[2] != "HTTP/1.1" && request[2] != "HTTP/1.0"))
        return fail(Verdict::BadRequest, QStringLiteral("a malformed request line"));
    for (char c : lines.first()) {
        if (uchar(c) < 0x20 || c == 0x7f)
            return fail(Verdict::BadRequest, QStringLiteral("a control character in the request line"));
    }

    int lengthFields = 0;
    int codingFields = 0;
    qint64 length = 0;
    QByteArray coding, connection, upgrade, expect;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.isEmpty())
            break; // the end of the head
        if (line.startsWith(' ') || line.startsWith('\t'))
            return fail(Verdict::BadRequest, QStringLiteral("a folded header line"));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(Verdict::BadRequest, QStringLiteral("a header line that is not 'name: value'"));
        const QByteArray name = line.left(colon).toLower();
        for (char c : name) {
            if (!isTokenChar(c))
                return fail(Verdict::BadRequest, QStringLiteral("a malformed header name"));
        }
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            ++lengthFields;
            if (!allDigits(value, 18))
                return fail(Verdict::BadRequest, QStringLiteral("a Content-Length that is not a number"));
            length = value.toLongLong();
        } else if (name == "transfer-encoding") {
            ++codingFields;
            coding = value.toLower();
        } else if (name == "connection") {
            connection += ',' + value.toLower();
        } else if (name == "upgrade") {
            upgrade += upgrade.isEmpty() ? value : ", " + value;
        } else if (name == "expect") {
            expect = value.toLower();
        }
    }
    // Two readers of this stream (a proxy in front, Qt's parser here) must agree where the body ends; with
    // these shapes they may not (RFC 9112 §6.3), so they are refused outright.
    if (lengthFields > 1)
        return fail(Verdict::BadRequest, QStringLiteral("two Content-Length fields"));
    if (lengthFields > 0 && codingFields > 0)
        return fail(Verdict::BadRequest, QStringLiteral("Content-Length together with Transfer-Encoding"));
    if (codingFields > 1 || (codingFields == 1 && coding != "chunked"))
        return fail(Verdict::BadRequest, QStringLiteral("a transfer coding other than chunked"));
    const bool chunked = codingFields == 1;

    m_closeAfter = hasToken(connection, "close") || (request[2] == "HTTP/1.0" && !hasToken(connection, "keep-alive"));
    m_expectContinue = expect == "100-continue";
    m_bodyBytes = 0;
    // Qt 6.4 hands a request to its WebSocket server when Connection mentions upgrade and Upgrade is websocket.
    if (connection.contains("upgrade") && upgrade.compare("websocket", Qt::CaseInsensitive) == 0) {
        if (chunked || length > 0)
            return fail(Verdict::BadRequest, QStringLiteral("a WebSocket upgrade with a body"));
        finishRequest();
        m_stage = Stage::Upgrade;
        return Verdict::Ok;
    }
    if (chunked) {
        m_stage = Stage::Body;
        m_part = BodyPart::ChunkSize;
        m_chunkLine.clear();
    } else if (length > 0) {
        if (length > m_limits.maxBodyBytes)
            return fail(Verdict::BodyTooLarge, QStringLiteral("a request body of %1 bytes").arg(length));
        m_stage = Stage::Body;
        m_part = BodyPart::Length;
        m_remaining = length;
    } else {
        finishRequest();
    }
    return Verdict::Ok;
}

qsizetype HttpRequestFramer::feedBody(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (at < bytes.size() && m_stage == Stage::Body) {
        switch (m_part) {
        case BodyPart::Length:
        case BodyPart::ChunkData: {
            const qint64 take = qMin<qint64>(m_remaining, bytes.size() - at);
            at += take;
            m_remaining -= take;
            m_bodyBytes += take;
            if (m_remaining > 0)
                break;
            if (m_part == BodyPart::Length) {
                finishRequest();
            } else {
                m_part = BodyPart::ChunkDataEnd;
                m_remaining = 0; // counts the CRLF bytes matched
            }
            break;
        }
        case BodyPart::ChunkSize: {
            const char c = bytes[at++];
            m_chunkLine.append(c);
            if (m_chunkLine.size() > kMaxChunkLineBytes) {
                fail(Verdict::BadRequest, QStringLiteral("a chunk-size line over %1 bytes").arg(kMaxChunkLineBytes));
                break;
            }
            if (c != '\n')
                break;
            // Qt 6.4 only frames chunks correctly with CRLF line ends (a bare LF ends up in its size field).
            if (!m_chunkLine.endsWith("\r\n")) {
                fail(Verdict::BadRequest, QStringLiteral("a chunk-size line not ended by CRLF"));
                break;
            }
            const qsizetype semicolon = m_chunkLine.indexOf(';');
            const QByteArray digits = m_chunkLine.left(semicolon < 0 ? m_chunkLine.size() - 2 : semicolon).trimmed();
            bool ok = digits.size() <= kMaxChunkSizeDigits;
            const qint64 size = ok ? digits.toLongLong(&ok, 16) : 0;
            if (!ok || digits.isEmpty() || digits.startsWith('+') || digits.startsWith('-') || digits.contains('x') ||
                digits.contains('X')) {
                fail(Verdict::BadRequest, QStringLiteral("a malformed chunk size"));
                break;
            }
            // Every announced chunk counts before its data arrives: the refusal comes before the buffering.
            if (m_bodyBytes + size > m_limits.maxBodyBytes) {
                fail(Verdict::BodyTooLarge, QStringLiteral("a chunked body over %1 bytes").arg(m_limits.maxBodyBytes));
                break;
            }
            m_chunkLine.clear();
            m_part = size == 0 ? BodyPart::LastChunkEnd : BodyPart::ChunkData;
            m_remaining = size;
            break;
        }
        case BodyPart::ChunkDataEnd:
        case BodyPart::LastChunkEnd: {
            const char c = bytes[at++];
            if (c != "\r\n"[m_remaining]) {
                fail(Verdict::BadRequest, m_part == BodyPart::LastChunkEnd
                                              ? QStringLiteral("trailer fields after the last chunk")
                                              : QStringLiteral("chunk data not followed by CRLF"));
                break;
            }
            if (++m_remaining < 2)
                break;
            if (m_part == BodyPart::LastChunkEnd) {
                finishRequest();
            } else {
                m_part = BodyPart::ChunkSize;
            }
            break;
        }
        }
    }
    return at;
}

void HttpRequestFramer::finishRequest()
{
    ++m_completed;
    m_head.clear();
    m_headSeen = 0;
    m_fieldsStart = -1;
    m_stage = Stage::Idle;
    if (m_closeAfter && m_closingRequest == 0) {
        m_closingRequest = m_completed;
        m_stage = Stage::Closed; // what a client sends after it is never read
    }
}

HttpRequestFramer::Verdict HttpRequestFramer::fail(Verdict verdict, const QString &problem)
{
    m_stage = Stage::Closed;
    m_problem = problem;
    m_verdict = verdict;
    m_head.clear();
    return verdict;
}

} // namespace sb
