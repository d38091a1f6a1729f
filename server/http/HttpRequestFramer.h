// SPDX-License-Identifier: MIT
#pragma once

#include "http/HttpLimits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sb {

// Follows one connection's incoming byte stream through head -> body (Content-Length or chunked) -> next
// head, as pipelined requests arrive, in bounded state (the head being read, at most maxHeadBytes, and a
// few counters): nothing of a body is kept. It is fed what arrives before Qt's parser reads it, so that a
// request over a limit, or one whose framing could be read two ways, is refused before Qt buffers it.
//
// It frames exactly as Qt 6.4's parser does where that is sound (leading blank lines skipped; a head may end
// in CRLF or bare LF lines; Content-Length; `Transfer-Encoding: chunked`), and refuses what Qt would frame
// differently from a proxy in front of us (request smuggling) or could not frame at all: two
// Content-Lengths, Content-Length with Transfer-Encoding, a transfer coding other than chunked, folded or
// malformed header lines, chunk framing without CRLF, and chunked trailers (Qt 6.4 would take a trailer
// for the start of the next request).
class HttpRequestFramer {
public:
    enum class Stage {
        Idle,    // between requests: nothing of the next one yet
        Head,    // inside a request head
        Body,    // inside a body
        Upgrade, // a WebSocket upgrade head was complete: what follows is not HTTP
        Closed,  // the request that ends the connection was complete, or a problem was found: nothing more is read
    };
    enum class Verdict { Ok, HeadTooLarge, BadRequest, BodyTooLarge };

    explicit HttpRequestFramer(const HttpLimits &limits)
        : m_limits(limits)
    {
    }

    // Follows `bytes`, the next part of the stream. Returns Ok, or the problem found (then the stage is
    // Closed, and every later call returns the same problem without looking). Bytes after an upgrade head or a closing
    // request are not looked at either; consumed() says how many of this call's bytes belonged to the HTTP stream.
    Verdict feed(QByteArrayView bytes);
    qsizetype consumed() const { return m_consumed; }

    Stage stage() const { return m_stage; }
    // Requests whose last byte has arrived, from the start of the connection.
    int completedRequests() const { return m_completed; }
    // The ordinal (1-based) of the request after whose answer the connection ends (`Connection: close`, or
    // HTTP/1.0 without keep-alive); 0 when none so far.
    int closingRequest() const { return m_closingRequest; }
    // The head just completed asked for `100 Continue` and none of its body has arrived yet.
    bool awaitsContinue() const { return m_stage == Stage::Body && m_expectContinue && m_bodyBytes == 0; }
    // What the problem was, for the log and the error message.
    QString problem() const { return m_problem; }

private:
    enum class BodyPart { Length, ChunkSize, ChunkData, ChunkDataEnd, LastChunkEnd };

    qsizetype feedHead(QByteArrayView bytes);
    qsizetype feedBody(QByteArrayView bytes);
    bool headComplete() const;
    Verdict parseHead();
    void finishRequest();
    Verdict fail(Verdict verdict, const QString &problem);

    HttpLimits m_limits;
    Stage m_stage = Stage::Idle;
    QByteArray m_head;            // the head so far, from its first byte (bounded by maxHeadBytes)
    qsizetype m_headSeen = 0;     // bytes of this head, blank lines before it included
    qsizetype m_lineStart = 0;    // where the line being read starts in m_head
    qsizetype m_fieldsStart = -1; // where the header fields start (after the request line), -1 before
    BodyPart m_part = BodyPart::Length;
    qint64 m_remaining = 0; // of the body (Content-Length) or of the chunk being read
    qint64 m_bodyBytes = 0; // payload bytes of this request so far (chunk data only, for chunked)
    QByteArray m_chunkLine; // the chunk-size line being read (bounded)
    bool m_expectContinue = false;
    bool m_closeAfter = false; // this request ends the connection
    int m_completed = 0;
    int m_closingRequest = 0;
    qsizetype m_consumed = 0;
    Verdict m_verdict = Verdict::Ok;
    QString m_problem;
};

} // namespace sb
